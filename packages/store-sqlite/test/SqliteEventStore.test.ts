import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { AccessLog, EventStore, MasterKey, PersonalDataVault } from "@vertaistuki/store"
import { Effect, Exit, Layer } from "effect"
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
