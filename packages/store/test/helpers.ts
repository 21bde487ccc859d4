import { Effect, Either } from "effect"
import type { Lifecycle } from "@vertaistuki/core"
import { EventStore, InMemoryEventStore, LifecycleCodec, MasterKey, type StoreDriver } from "../src/index.js"

/** A fresh in-memory store. */
export const memory = () => InMemoryEventStore.layer({ keyring: MasterKey.unsafeKeyring(MasterKey.generate()) })

/** Appends lifecycle events to a stream (expected version "any"). */
export const store = (streamId: string, events: ReadonlyArray<Lifecycle.LifecycleEvent>) =>
  Effect.flatMap(EventStore.EventStore, (es) => es.append(streamId, "any", events.map((e) => Either.getOrThrow(LifecycleCodec.encode(e)))))

/** An ISO instant on a day of January 2026 at noon UTC. */
export const jan = (day: number) => `2026-01-${String(day).padStart(2, "0")}T12:00:00.000Z`

export type Services = StoreDriver.Services
