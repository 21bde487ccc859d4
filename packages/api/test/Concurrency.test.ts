import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { EventStore, InMemoryEventStore, MasterKey, type StoreDriver } from "@vertaistuki/store"
import { PgEventStore } from "@vertaistuki/store-postgres"
import { SqliteEventStore } from "@vertaistuki/store-sqlite"
import { Context, Effect, Layer, ManagedRuntime } from "effect"
import fc from "fast-check"
import { afterAll, describe, expect, it } from "vitest"
import { dropSchemas, freshSchema, skip as skipPg, url } from "../../store-postgres/test/pg.js"
import { Coordinator } from "../src/index.js"
import * as StoryClock from "../src/internal/clock.js"
import { at, runner } from "./flow.js"
import { prepare } from "./setup.js"

const keyring = MasterKey.unsafeKeyring(MasterKey.generate())
const dir = mkdtempSync(join(tmpdir(), "vt-api-concurrency-"))
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true })
  await dropSchemas()
})

type Store = Layer.Layer<StoreDriver.Services, unknown>
const coordinatorOver = (store: Store) => ManagedRuntime.make(Coordinator.layer.pipe(Layer.provide(store)))

/**
 * Two app instances (each its own Coordinator and its own store connection, or one shared in-memory store)
 * enrol every referred parent at once, half through each: the group ends with exactly its capacity enrolled,
 * everyone else waitlisted, and nothing lost.
 */
const race = async (instances: readonly [ManagedRuntime.ManagedRuntime<Coordinator.Coordinator, unknown>, ManagedRuntime.ManagedRuntime<Coordinator.Coordinator, unknown>], groupId: string, people: number) => {
  const [a, b] = instances
  const { run } = runner(a, at("2026-02-01T09:00"))
  const { actor, ids } = await prepare(run, groupId, people)
  const clock = StoryClock.make(at("2026-03-02T12:00"))
  const results = await Promise.all(
    ids.map((participantId, i) => (i % 2 === 0 ? a : b).runPromise(Effect.withClock(Effect.flatMap(Coordinator.Coordinator, (c) => c.enrol(actor, { participantId })), clock.clock)))
  )
  const detail = await a.runPromise(Effect.flatMap(Coordinator.Coordinator, (c) => c.group(actor, { groupId })))
  const roster = await b.runPromise(Effect.flatMap(Coordinator.Coordinator, (c) => c.roster(actor, { groupId })))
  const waitlist = await b.runPromise(Effect.flatMap(Coordinator.Coordinator, (c) => c.waitlist(actor, { groupId })))
  return { results, detail, roster, waitlist, ids }
}

const check = ({ results, detail, roster, waitlist, ids }: Awaited<ReturnType<typeof race>>, capacity: number) => {
  const enrolled = results.filter((r) => r.outcome === "enrolled").map((r) => r.participantId)
  expect(enrolled).toHaveLength(Math.min(capacity, ids.length))
  expect(detail.enrolled).toBe(Math.min(capacity, ids.length))
  for (const r of results) expect(r.enrolled).toBeLessThanOrEqual(capacity)
  // No lost update: every parent is enrolled or waitlisted, as the answer said, in the group's own records too.
  const status = new Map(roster.members.map((m) => [m.participantId, m.status]))
  for (const r of results) expect(status.get(r.participantId)).toBe(r.outcome)
  expect(waitlist.entries.map((w) => w.participantId).sort()).toEqual(results.filter((r) => r.outcome === "waitlisted").map((r) => r.participantId).sort())
}

describe("concurrent enrolments never exceed the capacity and lose no update", () => {
  it("two Coordinators over one in-memory store, any number of parents (property)", async () => {
    const store = ManagedRuntime.make(InMemoryEventStore.layer({ keyring }))
    const base = await store.runtime().then((r) => r.context)
    const es = Context.get(base, EventStore.EventStore)
    // Reads that take a moment, so that the two instances' steps interleave between reading and appending.
    const context = Context.add(base, EventStore.EventStore, { ...es, readStream: (id, o) => Effect.zipLeft(es.readStream(id, o), Effect.sleep("1 millis")) })
    const over = () => ManagedRuntime.make(Coordinator.layer.pipe(Layer.provide(Layer.succeedContext(context))))
    let k = 0
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 6, max: 14 }), async (people) => {
        const instances = [over(), over()] as const
        check(await race(instances, `mem-${k++}`, people), 8)
        await Promise.all(instances.map((i) => i.dispose()))
      }),
      { numRuns: 5 }
    )
    await store.dispose()
  })

  it("two instances with their own connections to one SQLite file", async () => {
    const filename = join(dir, "race.db")
    const instances = [coordinatorOver(SqliteEventStore.layer({ filename, keyring })), coordinatorOver(SqliteEventStore.layer({ filename, keyring }))] as const
    check(await race(instances, "sqlite-race", 14), 8)
    await Promise.all(instances.map((i) => i.dispose()))
  })

  it.skipIf(skipPg)("two instances with their own pools on one PostgreSQL database", async () => {
    const schema = freshSchema()
    const instances = [coordinatorOver(PgEventStore.layer({ url, schema, keyring, maxConnections: 4 })), coordinatorOver(PgEventStore.layer({ url, schema, keyring, maxConnections: 4 }))] as const
    check(await race(instances, "pg-race", 14), 8)
    await Promise.all(instances.map((i) => i.dispose()))
  })
})

