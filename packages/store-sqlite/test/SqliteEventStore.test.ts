import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import * as Migrator from "@effect/sql/Migrator"
import { AccessLog, EventStore, LifecycleCodec, MasterKey, PersonalDataVault, Retention } from "@vertaistuki/store"
import Database from "better-sqlite3"
import { Effect, Either, Exit, Layer, ManagedRuntime } from "effect"
import { afterAll, describe, expect, it } from "vitest"
import { aadsOf, decrypt, sealedIn, unwrapAll } from "../../store/test/attacker.js"
import { contract, secrets, worker } from "../../store/test/contract.js"
import { envelopeAad, open, periodOf, wrapAad } from "../../store/src/internal/crypto.js"
import { atTime } from "../../store/test/helpers.js"
import { SqliteEventStore } from "../src/index.js"
import * as Migrations from "../src/internal/migrations.js"
import * as Crypto from "../../store/src/internal/crypto.js"

const dir = mkdtempSync(join(tmpdir(), "vt-sqlite-"))
afterAll(() => rmSync(dir, { recursive: true, force: true }))
let n = 0
const file = () => join(dir, `store-${n++}.sqlite`)

contract("sqlite", () => SqliteEventStore.driverLayer({ filename: file() }), {
  processes: () => {
    const filename = file()
    return { writer: ["packages/store-sqlite/test/fixtures/concurrent-writer.ts", filename], layer: (keyring) => SqliteEventStore.layer({ filename, keyring }) }
  }
})

describe("SqliteEventStore", () => {
  const keyring = MasterKey.unsafeKeyring(MasterKey.generate())

  it("migrate applies the schema once; a second run applies nothing", async () => {
    const f = file()
    const first = await Effect.runPromise(SqliteEventStore.migrate({ filename: f }))
    expect(first.map((m) => m.name)).toEqual(["event_store", "erasure_count", "key_classes", "master_key_checks", "access_log_chain", "event_people", "deliveries", "projection_leases"])
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

  it("a retention purge is unrecoverable, also with a reader open during it: with the master key, copies of the file and WAL (and an older copy of them) decrypt none of the purged data", async () => {
    const master = MasterKey.generate()
    const f = file()
    const layer = SqliteEventStore.layer({ filename: f, keyring: MasterKey.unsafeKeyring(master) })
    const january = Date.UTC(2026, 0, 12)
    const feedback = (i: number) => `${secrets.note}, perhe ${i}`
    const groupText = (i: number) => `Ryhmä peruttiin perhe Laineen vuoksi ${i}`
    const written: Array<{ owner: string; recordType: string; at: number; streamId: string; type: string }> = []
    await Effect.runPromise(
      Effect.provide(
        atTime(
          january,
          Effect.gen(function* () {
            const es = yield* EventStore.EventStore
            for (let i = 0; i < 10; i++) {
              yield* es.append(`participant-${i}`, 0, [
                { type: "ParticipantRegistered", data: {}, personId: `p-${i}`, personal: { name: `${secrets.name} ${i}` } },
                { type: "FeedbackGiven", data: {}, personId: `p-${i}`, personal: { text: feedback(i) }, recordType: "feedback" }
              ])
              written.push({ owner: `p-${i}`, recordType: "ParticipantRegistered", at: january, streamId: `participant-${i}`, type: "ParticipantRegistered" })
              written.push({ owner: `p-${i}`, recordType: "feedback", at: january, streamId: `participant-${i}`, type: "FeedbackGiven" })
              const cancelled = Either.getOrThrow(LifecycleCodec.encode({ _tag: "GroupCancelled", groupId: `g-${i}`, at: "2026-01-12T10:00:00.000Z", reason: groupText(i) }))
              yield* es.append(`group-g-${i}`, 0, [cancelled])
              written.push({ owner: `group:g-${i}`, recordType: LifecycleCodec.GROUP_TEXT, at: january, streamId: `group-g-${i}`, type: "GroupCancelled" })
            }
          })
        ),
        layer
      )
    )
    const copy = (suffix: string) => {
      const to = `${f}.${suffix}`
      copyFileSync(f, to)
      if (existsSync(`${f}-wal`)) copyFileSync(`${f}-wal`, `${to}-wal`)
      return to
    }
    const stolen = (copyOf: string) => {
      const bytes = Buffer.concat([readFileSync(copyOf), existsSync(`${copyOf}-wal`) ? readFileSync(`${copyOf}-wal`) : Buffer.alloc(0)])
      const db = new Database(copyOf, { readonly: true })
      const keys = db.prepare(`SELECT person_id AS personId, retention_class AS retentionClass, period, wrapped_key AS wrappedKey FROM data_keys`).all() as never
      db.close()
      return { bytes, keys: unwrapAll(keys, master) }
    }
    const plaintextIn = (bytes: Buffer) =>
      [...Array.from({ length: 10 }, (_, i) => [feedback(i), groupText(i), `${secrets.name} ${i}`]).flat()].filter((t) => bytes.includes(Buffer.from(t, "utf8")))
    const before = copy("before")
    // Control: from the copy taken before the purge, the master key decrypts everything.
    const old = stolen(before)
    expect(plaintextIn(old.bytes)).toEqual([])
    expect(decrypt(sealedIn(old.bytes), old.keys, aadsOf(written)).length).toBe(30)

    // Another connection holds a read transaction through the purge, so the WAL cannot be emptied at once.
    const reader = new Database(f)
    reader.exec("BEGIN")
    reader.prepare("SELECT count(*) FROM data_keys").get()
    const rt = ManagedRuntime.make(layer)
    try {
      const reports = await rt.runPromise(
        Effect.flatMap(Retention.Retention, (r) =>
          r.purge([{ recordType: "feedback", keepFor: "30 days" }, { recordType: LifecycleCodec.GROUP_TEXT, keepFor: "30 days" }], worker)
        )
      )
      expect(reports.map((r) => r.status)).toEqual(["pending", "pending"])
      reader.exec("COMMIT")
      const head = () => {
        const db = new Database(f, { readonly: true })
        try {
          return db.prepare("SELECT erasures, settled_erasures AS settled FROM store_head").get() as { erasures: number; settled: number }
        } finally {
          db.close()
        }
      }
      await waitFor(() => head().settled === head().erasures)
    } finally {
      reader.close()
      await rt.dispose()
    }
    const after = stolen(copy("after"))
    expect(plaintextIn(after.bytes)).toEqual([])
    // Every sealed value of either copy, under every key the master key still unwraps: only the names (not purged) open.
    const opened = decrypt([...new Set([...sealedIn(after.bytes), ...sealedIn(old.bytes)])], after.keys, aadsOf(written))
    expect(opened.filter((t) => t.includes(secrets.note) || t.includes("Ryhmä peruttiin"))).toEqual([])
    expect(opened.filter((t) => t.includes(secrets.name)).length).toBe(10)
  })

  it("a store written before envelopes (one key per person, one value per event) migrates, and its personal fields still reveal and erase", async () => {
    const master = MasterKey.generate()
    const ring = MasterKey.unsafeKeyring(master)
    const f = file()
    // The schema as such a store has it: the migrations up to 0002.
    await Effect.runPromise(
      Effect.scoped(
        Effect.flatMap(Layer.build(SqliteEventStore.clientLayer({ filename: f }, { migrate: false })), (ctx) =>
          Effect.provide(Migrator.make({})({ loader: Effect.map(Migrations.loader, (ms) => ms.filter(([id]) => id <= 2)), table: "vertaistuki_migrations" }), ctx)
        )
      )
    )
    const dataKey = Buffer.alloc(32, 9)
    const db = new Database(f)
    db.prepare("INSERT INTO data_keys (person_id, wrapped_key, created_at, erased_at) VALUES (?, ?, 1, NULL)").run(
      "p-old",
      `${ring.current.id}:${Crypto.seal(Buffer.from(master, "base64"), dataKey, "dk:p-old")}`
    )
    db.prepare(
      "INSERT INTO events (position, stream_id, version, type, data, person_id, sealed, record_type, recorded_at) VALUES (1, 'participant-old', 1, 'Registered', '{}', 'p-old', ?, 'Registered', ?)"
    ).run(Crypto.seal(dataKey, JSON.stringify({ name: secrets.name, phone: secrets.phone }), "pd:p-old"), Date.UTC(2024, 5, 1))
    db.prepare("UPDATE store_head SET position = 1").run()
    db.close()
    const layer = SqliteEventStore.layer({ filename: f, keyring: ring })
    const [revealed, erased] = await Effect.runPromise(
      Effect.provide(
        Effect.gen(function* () {
          const events = yield* (yield* EventStore.EventStore).readStream("participant-old")
          const vault = yield* PersonalDataVault.PersonalDataVault
          const first = yield* vault.reveal(events, worker)
          yield* vault.erase("p-old", worker)
          return [first, yield* vault.reveal(events, worker)] as const
        }).pipe(AccessLog.actingAs(worker)),
        layer
      )
    )
    expect(revealed).toEqual([{ _tag: "Fields", fields: { name: secrets.name, phone: secrets.phone } }])
    expect(erased).toEqual([{ _tag: "Erased" }])
  })
})

describe("SqliteEventStore erasure while another connection reads", () => {
  const masterKey = MasterKey.generate()
  const keyring = MasterKey.unsafeKeyring(masterKey)
  const people = Array.from({ length: 10 }, (_, i) => `p-${i}`)
  const master = Buffer.from(masterKey, "base64")

  /** Copies the database and its WAL (if any) into a folder of their own, as a thief of the disk would. */
  const copyFiles = (f: string) => {
    const to = mkdtempSync(join(dir, "copy-"))
    for (const suffix of ["", "-wal"]) if (existsSync(f + suffix)) copyFileSync(f + suffix, join(to, `copy.sqlite${suffix}`))
    return to
  }

  /** Every wrapped data key anywhere in the copied bytes that unwraps with the master key for an erased person, and each field it decrypts. */
  const recoverable = (copy: string) => {
    const found = new Set<string>()
    const periods = [periodOf(Date.now()), periodOf(Date.now() - 40 * 86_400_000)]
    for (const name of readdirSync(copy)) {
      const text = readFileSync(join(copy, name)).toString("latin1")
      for (const m of text.matchAll(/[0-9a-f]{16}:(v1\.[A-Za-z0-9+/=]{40,})/g)) {
        for (const p of people) {
          for (const slot of ["", "ParticipantRegistered"].flatMap((retentionClass) => periods.map((period) => ({ owner: p, retentionClass, period })))) {
            const key = open(master, m[1]!, wrapAad(slot))
            if (key === undefined) continue
            found.add(`key of ${p}`)
            const aad = envelopeAad(slot, `group-${p}`, "ParticipantRegistered")
            for (const s of text.matchAll(/v2\.[A-Za-z0-9+/=]{30,}/g)) if (open(key, s[0], aad, "v2.") !== undefined) found.add(`field of ${p}`)
          }
        }
      }
    }
    return [...found]
  }

  const fill = (f: string) =>
    Effect.runPromise(
      Effect.provide(
        Effect.flatMap(EventStore.EventStore, (es) =>
          Effect.forEach(people, (p) =>
            es.append(`group-${p}`, "no-stream", [{ type: "ParticipantRegistered", data: {}, personId: p, personal: { ...secrets } }])
          )
        ),
        SqliteEventStore.layer({ filename: f, keyring })
      )
    )

  const settled = (f: string) => {
    const db = new Database(f, { readonly: true })
    try {
      return db.prepare("SELECT erasures, settled_erasures AS settled FROM store_head").get() as { erasures: number; settled: number }
    } finally {
      db.close()
    }
  }

  it("reports pending while a reader holds the old keys, completes when it goes, and then no copy of the files yields anything of the erased", async () => {
    const f = file()
    await fill(f)
    expect(recoverable(copyFiles(f)).length).toBeGreaterThanOrEqual(20)
    const reader = new Database(f)
    reader.exec("BEGIN")
    reader.prepare("SELECT count(*) FROM data_keys").get()
    const rt = ManagedRuntime.make(SqliteEventStore.layer({ filename: f, keyring }))
    try {
      const receipts = await rt.runPromise(Effect.flatMap(PersonalDataVault.PersonalDataVault, (v) => Effect.forEach(people, (p) => v.erase(p, worker))))
      expect(receipts.map((r) => r.status)).toEqual(people.map(() => "pending"))
      // The attack the status warns of: while the reader stays, the WAL still holds the keys.
      expect(recoverable(copyFiles(f))).not.toEqual([])
      reader.exec("COMMIT")
      await waitFor(() => settled(f).settled === people.length)
      const copy = copyFiles(f)
      expect(recoverable(copy)).toEqual([])
      const stolen = new Database(join(copy, "copy.sqlite"), { readonly: true })
      expect(stolen.prepare("SELECT count(*) AS n FROM data_keys WHERE wrapped_key IS NOT NULL").get()).toEqual({ n: 0 })
      expect(stolen.pragma("integrity_check")).toEqual([{ integrity_check: "ok" }])
      stolen.close()
      const again = await rt.runPromise(Effect.flatMap(PersonalDataVault.PersonalDataVault, (v) => v.erase("p-0", worker)))
      expect(again).toMatchObject({ alreadyErased: true, status: "complete" })
    } finally {
      reader.close()
      await rt.dispose()
    }
  })

  it("reports complete at once without a reader, and a copy taken right then yields nothing", async () => {
    const f = file()
    await fill(f)
    const rt = ManagedRuntime.make(SqliteEventStore.layer({ filename: f, keyring }))
    try {
      for (const p of people) {
        const r = await rt.runPromise(Effect.flatMap(PersonalDataVault.PersonalDataVault, (v) => v.erase(p, worker)))
        expect(r.status).toBe("complete")
        const erasedSoFar = people.slice(0, people.indexOf(p) + 1)
        expect(recoverable(copyFiles(f)).filter((x) => erasedSoFar.includes(x.split(" ").pop()!))).toEqual([])
      }
    } finally {
      await rt.dispose()
    }
  })

  it("an erasure still pending when the store closed is settled when it is next opened", async () => {
    const f = file()
    await fill(f)
    const reader = new Database(f)
    reader.exec("BEGIN")
    reader.prepare("SELECT count(*) FROM data_keys").get()
    const r = await Effect.runPromise(
      Effect.provide(Effect.flatMap(PersonalDataVault.PersonalDataVault, (v) => v.erase("p-3", worker)), SqliteEventStore.layer({ filename: f, keyring }))
    )
    expect(r.status).toBe("pending")
    const other = new Database(f)
    reader.exec("COMMIT")
    reader.close()
    expect(settled(f)).toEqual({ erasures: 1, settled: 0 })
    const rt = ManagedRuntime.make(SqliteEventStore.layer({ filename: f, keyring }))
    try {
      await rt.runPromise(Effect.flatMap(EventStore.EventStore, (es) => es.head))
      await waitFor(() => settled(f).settled === 1)
      const found = recoverable(copyFiles(f))
      expect(found).toContain("key of p-4")
      expect(found.filter((x) => x.endsWith(" p-3"))).toEqual([])
    } finally {
      other.close()
      await rt.dispose()
    }
  })

  it("files the store creates (database, WAL, shared memory) are readable by their owner only", async () => {
    const f = file()
    await fill(f)
    const held = new Database(f)
    held.prepare("SELECT count(*) FROM events").get()
    for (const suffix of ["", "-wal", "-shm"]) {
      if (existsSync(f + suffix)) expect((statSync(f + suffix).mode & 0o777).toString(8), suffix).toBe("600")
    }
    expect(existsSync(`${f}-wal`)).toBe(true)
    held.close()
  })
})

const waitFor = async (done: () => boolean, millis = 10_000) => {
  const until = Date.now() + millis
  while (!done()) {
    if (Date.now() > until) throw new Error("timed out")
    await new Promise((r) => setTimeout(r, 50))
  }
}
