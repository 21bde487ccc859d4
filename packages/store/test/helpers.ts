import { Clock, Duration, Effect, Either, Layer } from "effect"
import type { Lifecycle } from "@vertaistuki/core"
import { AccessLog, EventStore, InMemoryEventStore, LifecycleCodec, MasterKey, type StoreDriver } from "../src/index.js"

/** A fresh in-memory store, read by the test as the system actor. */
export const memory = () =>
  Layer.merge(InMemoryEventStore.layer({ keyring: MasterKey.unsafeKeyring(MasterKey.generate()) }), Layer.succeed(AccessLog.Actor, AccessLog.system("test")))

/** Appends lifecycle events to a stream (expected version "any"). */
export const store = (streamId: string, events: ReadonlyArray<Lifecycle.LifecycleEvent>) =>
  Effect.flatMap(EventStore.EventStore, (es) => es.append(streamId, "any", events.map((e) => Either.getOrThrow(LifecycleCodec.encode(e)))))

/** An ISO instant on a day of January 2026 at noon UTC. */
export const jan = (day: number) => `2026-01-${String(day).padStart(2, "0")}T12:00:00.000Z`

export type Services = StoreDriver.Services

/** A clock standing still at `ms` (epoch milliseconds), for events recorded in the past. */
const clockAt = (ms: number): Clock.Clock => ({
  [Clock.ClockTypeId]: Clock.ClockTypeId,
  unsafeCurrentTimeMillis: () => ms,
  currentTimeMillis: Effect.sync(() => ms),
  unsafeCurrentTimeNanos: () => BigInt(ms) * 1_000_000n,
  currentTimeNanos: Effect.sync(() => BigInt(ms) * 1_000_000n),
  sleep: (d) => Effect.promise(() => new Promise<void>((resolve) => setTimeout(resolve, Duration.toMillis(d))))
})

/** Runs `effect` as if it were `ms` (epoch milliseconds). */
export const atTime = <A, E, R>(ms: number, effect: Effect.Effect<A, E, R>): Effect.Effect<A, E, R> => Effect.withClock(effect, clockAt(ms))
