import { AccessLog, EventStore, MasterKey } from "@vertaistuki/store"
import { Chunk, Effect, Fiber, Layer, ManagedRuntime, Stream } from "effect"
import pg from "pg"
import { afterAll, describe, expect, it } from "vitest"
import { PgEventStore } from "../src/index.js"
import { headChannel } from "../src/internal/migrations.js"
import { dropSchemas, freshSchema, skip, url } from "./pg.js"

afterAll(dropSchemas)
const keyring = MasterKey.unsafeKeyring(MasterKey.generate())

/** Two app instances (each its own pool and listening connection) on one schema. */
const instances = (schema: string) =>
  [0, 1].map(() =>
    ManagedRuntime.make(Layer.merge(PgEventStore.layer({ url, schema, keyring, maxConnections: 2 }), Layer.succeed(AccessLog.Actor, AccessLog.system("test"))))
  )

/** Milliseconds from an append in instance B until instance A's follow delivers it. */
const visibleAfter = async (a: ManagedRuntime.ManagedRuntime<EventStore.EventStore | AccessLog.Actor, unknown>, b: typeof a, stream: string, pollMillis: number) => {
  const head = await a.runPromise(Effect.flatMap(EventStore.EventStore, (es) => es.head))
  const fiber = a.runFork(Effect.flatMap(EventStore.EventStore, (es) => Stream.runCollect(Stream.take(es.follow(head, { pollIntervalMillis: pollMillis }), 1))))
  // Let the follower find nothing and start waiting.
  await new Promise((r) => setTimeout(r, 300))
  const t0 = Date.now()
  await b.runPromise(Effect.flatMap(EventStore.EventStore, (es) => es.append(stream, "any", [{ type: "Tick", data: {} }])))
  const got = await a.runPromise(Fiber.join(fiber))
  expect(Chunk.size(got)).toBe(1)
  return Date.now() - t0
}

describe.skipIf(skip)("wake-ups from the database (PostgreSQL LISTEN/NOTIFY)", () => {
  it("a follower in another instance sees an append at once, not at its next poll", async () => {
    const schema = freshSchema()
    const [a, b] = instances(schema)
    try {
      // A poll interval of 20 s: only the database's notice can deliver within the test's bound.
      const latencies: Array<number> = []
      for (let i = 0; i < 5; i++) latencies.push(await visibleAfter(a!, b!, "group-1", 20_000))
      for (const l of latencies) expect(l).toBeLessThan(5000)
    } finally {
      await a!.dispose()
      await b!.dispose()
    }
  }, 60_000)

  it("when the listening connection is dropped, followers fall back to polling and miss nothing", async () => {
    const schema = freshSchema()
    const [a, b] = instances(schema)
    const admin = new pg.Client({ connectionString: url })
    await admin.connect()
    try {
      await visibleAfter(a!, b!, "group-1", 20_000)
      // Ends every session listening on this schema's channel, as a network failure or a restart would.
      const ended = await admin.query(
        "SELECT pg_terminate_backend(l.pid) FROM pg_stat_activity l WHERE l.pid <> pg_backend_pid() AND l.query = $1",
        [`LISTEN "${headChannel(schema)}"`]
      )
      expect(ended.rowCount).toBeGreaterThan(0)
      const polled = await visibleAfter(a!, b!, "group-1", 400)
      expect(polled).toBeLessThan(5000)
    } finally {
      await admin.end()
      await a!.dispose()
      await b!.dispose()
    }
  }, 60_000)
})
