import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { AccessLog, EventStore, MasterKey, PersonalDataVault } from "@vertaistuki/store"
import { Effect, Exit, Layer, ManagedRuntime } from "effect"
import { afterAll, describe, expect, it } from "vitest"
import { contract, secrets, worker } from "../../store/test/contract.js"
import { SqliteEventStore } from "../src/index.js"

const dir = mkdtempSync(join(tmpdir(), "vt-sqlite-"))
afterAll(() => rmSync(dir, { recursive: true, force: true }))
let n = 0
const file = () => join(dir, `store-${n++}.sqlite`)

contract("sqlite", () => SqliteEventStore.driverLayer({ filename: file() }))

describe("SqliteEventStore", () => {
  const keyring = MasterKey.unsafeKeyring(MasterKey.generate())

  it("migrate applies the schema once; a second run applies nothing", async () => {
    const f = file()
    const first = await Effect.runPromise(SqliteEventStore.migrate({ filename: f }))
    expect(first.map((m) => m.name)).toEqual(["event_store", "erasure_count", "access_log_chain", "event_people"])
    expect(await Effect.runPromise(SqliteEventStore.migrate({ filename: f }))).toEqual([])
  })

  it("an unopenable file is a StoreError with reason Unavailable, not a driver exception", async () => {
    const exit = await Effect.runPromiseExit(
      Effect.scoped(Layer.build(SqliteEventStore.layer({ filename: join(dir, "missing", "dir", "x.sqlite"), keyring })))
    )
    expect(Exit.isFailure(exit)).toBe(true)
    if (Exit.isFailure(exit)) expect(JSON.stringify(exit.cause)).toContain('"reason":"Unavailable"')
  })

  it("the access log and the events refuse UPDATE and DELETE at the database level", async () => {
    const f = file()
    const layer = SqliteEventStore.layer({ filename: f, keyring })
    await Effect.runPromise(
      Effect.provide(
        Effect.gen(function* () {
          const es = yield* EventStore.EventStore
          yield* es.append("g-1", 0, [{ type: "A", data: {}, personId: "p-1", personal: { name: "x" } }])
          yield* (yield* PersonalDataVault.PersonalDataVault).reveal(yield* es.readStream("g-1").pipe(AccessLog.actingAs(worker)), worker)
        }),
        layer
      )
    )
    const Database = (await import("better-sqlite3")).default
    const db = new Database(f)
    expect(() => db.prepare("DELETE FROM access_log").run()).toThrow(/append-only/)
    expect(() => db.prepare("UPDATE access_log SET actor = 'someone-else'").run()).toThrow(/append-only/)
    expect(() => db.prepare("DELETE FROM events").run()).toThrow(/never deleted/)
    expect(() => db.prepare("UPDATE events SET data = '{}'").run()).toThrow(/immutable/)
    db.close()
  })

  it("an entry changed or removed directly in the file breaks the access log's chain, and verify names it", async () => {
    const f = file()
    const layer = SqliteEventStore.layer({ filename: f, keyring })
    const verify = () => Effect.runPromise(Effect.provide(Effect.flatMap(AccessLog.AccessLog, (l) => l.verify), layer))
    await Effect.runPromise(
      Effect.provide(
        Effect.gen(function* () {
          const es = yield* EventStore.EventStore
          yield* es.append("g-1", 0, [{ type: "A", data: {}, personId: "p-1", personal: { name: "x" } }])
          for (let i = 0; i < 6; i++) yield* (yield* PersonalDataVault.PersonalDataVault).reveal(yield* es.readStream("g-1"), worker)
        }).pipe(AccessLog.actingAs(worker)),
        layer
      )
    )
    expect(await verify()).toMatchObject({ checked: 12, broken: null })
    const Database = (await import("better-sqlite3")).default
    const db = new Database(f)
    // Someone with the file drops the trigger and rewrites who read the data.
    db.exec("DROP TRIGGER access_log_update")
    db.prepare("UPDATE access_log SET actor = 'nobody' WHERE id = 5").run()
    db.close()
    expect(await verify()).toMatchObject({ checked: 4, broken: { id: 5 } })
    const db2 = new Database(f)
    db2.prepare("UPDATE access_log SET actor = ? WHERE id = 5").run(worker.actor)
    db2.exec("DROP TRIGGER access_log_delete")
    db2.prepare("DELETE FROM access_log WHERE id = 8").run()
    db2.close()
    expect(await verify()).toMatchObject({ checked: 7, broken: { id: 9 } })
  })

  it("two connections to one file logging reads at once keep one linear chain", async () => {
    const f = file()
    await Effect.runPromise(SqliteEventStore.migrate({ filename: f }))
    const instances = [0, 1].map(() => ManagedRuntime.make(SqliteEventStore.layer({ filename: f, keyring })))
    try {
      await instances[0]!.runPromise(Effect.flatMap(EventStore.EventStore, (es) => es.append("g-1", 0, [{ type: "A", data: {}, personId: "p-1" }])))
      await Promise.all(
        instances.map((rt, k) =>
          rt.runPromise(
            Effect.all(
              Array.from({ length: 15 }, () => Effect.flatMap(EventStore.EventStore, (es) => es.readStream("g-1"))),
              { concurrency: "unbounded" }
            ).pipe(AccessLog.actingAs({ ...worker, actor: `instance-${k}` }))
          )
        )
      )
      expect(await instances[1]!.runPromise(Effect.flatMap(AccessLog.AccessLog, (l) => l.verify))).toMatchObject({ checked: 30, broken: null })
    } finally {
      for (const rt of instances) await rt.dispose()
    }
  })

  it("a store of the schema before the chain gets its entries chained in order and its events indexed by the people they name", async () => {
    const f = file()
    const Database = (await import("better-sqlite3")).default
    const Migrator = await import("@effect/sql/Migrator")
    const Migrations = await import("../src/internal/migrations.js")
    const early = Migrator.make({})({ loader: Effect.map(Migrations.loader, (all) => all.slice(0, 2)), table: "vertaistuki_migrations" })
    await Effect.runPromise(Effect.scoped(Effect.flatMap(Layer.build(SqliteEventStore.clientLayer({ filename: f }, { migrate: false })), (ctx) => Effect.provide(early, ctx))))
    const db = new Database(f)
    db.prepare("INSERT INTO access_log (at, actor, person_id, action, purpose, legal_basis) VALUES (1, 'w-1', 'p-1', 'read', 'care', 'law'), (2, 'w-2', 'p-1', 'export', 'care', 'law')").run()
    db.prepare("UPDATE store_head SET position = 1").run()
    db.prepare(`INSERT INTO events (position, stream_id, version, type, data, person_id, sealed, record_type, recorded_at)
      VALUES (1, 'session-s-1', 1, 'SessionHeld', '{"attendance":[{"participantId":"parent-1"}]}', NULL, NULL, 'SessionHeld', 1)`).run()
    db.close()
    const layer = SqliteEventStore.layer({ filename: f, keyring })
    const [verified, log, exported] = await Effect.runPromise(
      Effect.provide(
        Effect.gen(function* () {
          const es = yield* EventStore.EventStore
          yield* es.append("participant-parent-1", 0, [{ type: "ParticipantReferred", data: { participantId: "parent-1" }, personId: "p-1" }])
          const l = yield* AccessLog.AccessLog
          const verified = yield* l.verify
          return [verified, yield* l.forPerson("p-1", worker), yield* (yield* PersonalDataVault.PersonalDataVault).exportPerson("p-1", worker)] as const
        }),
        layer
      )
    )
    expect(verified).toMatchObject({ checked: 2, broken: null })
    expect(log.slice(0, 2).map((e) => [e.id, e.actor, e.action])).toEqual([[1, "w-1", "read"], [2, "w-2", "export"]])
    expect(exported.events.map((e) => e.type)).toEqual(["SessionHeld", "ParticipantReferred"])
  })

  it("no personal string is found in plaintext in the database file or its WAL, before and after erasure", async () => {
    const f = file()
    const layer = SqliteEventStore.layer({ filename: f, keyring })
    const scan = () => {
      const hits: Array<string> = []
      for (const name of readdirSync(dir).filter((x) => x.startsWith(f.split("/").pop()!))) {
        const bytes = readFileSync(join(dir, name))
        for (const s of Object.values(secrets)) {
          if (bytes.includes(Buffer.from(s, "utf8")) || bytes.includes(Buffer.from(s, "utf16le"))) hits.push(`${name}: ${s}`)
        }
      }
      return hits
    }
    const exported = await Effect.runPromise(
      Effect.provide(
        Effect.gen(function* () {
          const es = yield* EventStore.EventStore
          for (let i = 0; i < 50; i++) {
            yield* es.append(`group-${i % 5}`, "any", [
              { type: "ParticipantRegistered", data: { participantId: `p-${i}` }, personId: `p-${i}`, personal: { ...secrets } },
              { type: "FeedbackGiven", data: { participantId: `p-${i}` }, personId: `p-${i}`, personal: { text: secrets.note } }
            ])
          }
          return yield* (yield* PersonalDataVault.PersonalDataVault).exportPerson("p-3", worker)
        }),
        layer
      )
    )
    expect(JSON.stringify(exported)).toContain(secrets.name)
    expect(scan()).toEqual([])
    await Effect.runPromise(Effect.provide(Effect.flatMap(PersonalDataVault.PersonalDataVault, (v) => v.erase("p-3", worker)), layer))
    expect(scan()).toEqual([])
  })
})
