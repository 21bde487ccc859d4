import { execFileSync } from "node:child_process"
import { AccessLog, EventStore, LifecycleCodec, MasterKey, PersonalDataVault, Retention, StoreDriver } from "@vertaistuki/store"
import { Effect, Either, Exit, Layer, ManagedRuntime } from "effect"
import pg from "pg"
import { afterAll, describe, expect, it } from "vitest"
import { aadsOf, decrypt, sealedIn, unwrapAll } from "../../store/test/attacker.js"
import { contract, secrets, worker } from "../../store/test/contract.js"
import * as SqlClient from "@effect/sql/SqlClient"
import { atTime } from "../../store/test/helpers.js"
import { PgEventStore } from "../src/index.js"
import { toStoreError } from "../src/internal/errors.js"
import { dropSchemas, freshSchema, skip, url } from "./pg.js"

afterAll(dropSchemas)

contract("postgres", () => PgEventStore.driverLayer({ url, schema: freshSchema(), maxConnections: 8 }), {
  skip,
  numRuns: 10,
  processes: () => {
    const schema = freshSchema()
    return { writer: ["packages/store-postgres/test/fixtures/concurrent-writer.ts", url, schema], layer: (keyring) => PgEventStore.layer({ url, schema, keyring }) }
  }
})

describe.skipIf(skip)("PgEventStore", () => {
  const keyring = MasterKey.unsafeKeyring(MasterKey.generate())

  it("migrate applies the schema once; a second run applies nothing", async () => {
    const schema = freshSchema()
    expect((await Effect.runPromise(PgEventStore.migrate({ url, schema }))).map((m) => m.name)).toEqual(["event_store", "erasure_count", "key_classes", "master_key_checks", "access_log_chain", "event_people", "deliveries", "projection_leases", "head_notify"])
    expect(await Effect.runPromise(PgEventStore.migrate({ url, schema }))).toEqual([])
  })

  it("an unreachable server is a retryable StoreError with reason Unavailable", async () => {
    const exit = await Effect.runPromiseExit(
      Effect.scoped(Layer.build(PgEventStore.layer({ url: "postgres://postgres@127.0.0.1:1/none", schema: "x", keyring })))
    )
    expect(Exit.isFailure(exit)).toBe(true)
    if (Exit.isFailure(exit)) expect(JSON.stringify(exit.cause)).toMatch(/"reason":"Unavailable","retryable":true/)
  })

  it("a bad schema name is an InvalidInput naming the field", async () => {
    const exit = await Effect.runPromiseExit(Effect.scoped(Layer.build(PgEventStore.layer({ url, schema: "Robert'); DROP", keyring }))))
    if (Exit.isFailure(exit)) expect(JSON.stringify(exit.cause)).toContain('"field":"schema"')
    expect(Exit.isFailure(exit)).toBe(true)
  })

  it("two app instances (separate pools) appending concurrently lose nothing and leave no gap in the global order", async () => {
    const schema = freshSchema()
    const instances = [1, 2].map(() => PgEventStore.layer({ url, schema, keyring, maxConnections: 4 }))
    const writer = (w: number) =>
      Effect.flatMap(EventStore.EventStore, (es) =>
        Effect.forEach(
          Array.from({ length: 15 }, (_, i) => i),
          (i) => es.append(`stream-${w}`, i, [{ type: "E", data: { w, i } }]),
          { discard: true }
        )
      )
    await Promise.all(
      instances.map((layer, k) =>
        Effect.runPromise(Effect.provide(Effect.all([0, 1, 2, 3].map((w) => writer(k * 4 + w)), { concurrency: "unbounded" }), layer))
      )
    )
    const all = await Effect.runPromise(Effect.provide(Effect.flatMap(EventStore.EventStore, (es) => es.readAll(0, 1000)).pipe(AccessLog.actingAs(AccessLog.system("test"))), instances[0]!))
    expect(all.map((e) => e.position)).toEqual(Array.from({ length: 120 }, (_, i) => i + 1))
  })

  it("two app instances storing keys for the same new people at once agree on one key per person", async () => {
    const schema = freshSchema()
    const runtimes = [1, 2].map(() => ManagedRuntime.make(PgEventStore.driverLayer({ url, schema, maxConnections: 4 })))
    try {
      const drivers = await Promise.all(runtimes.map((rt) => rt.runPromise(StoreDriver.StoreDriver)))
      const rows = (k: number) => Array.from({ length: 1500 }, (_, i) => ({ personId: `person-${i}`, retentionClass: "", period: 0, wrappedKey: `m:${k}-${i}`, createdAt: 1, erasedAt: null }))
      // Both insert the same people at once, more than one statement each: whoever comes second for a person reads the other's key back.
      const [a, b] = await Promise.all(drivers.map((d, k) => Effect.runPromise(d.ensureKeys(rows(k)))))
      const stored = new Map((await Effect.runPromise(drivers[0]!.getKeys(rows(0).map((r) => r.personId)))).map((r) => [r.personId, r.wrappedKey]))
      expect(stored.size).toBe(1500)
      for (const got of [a!, b!]) {
        expect(got).toHaveLength(1500)
        for (const r of got) expect(r.wrappedKey).toBe(stored.get(r.personId))
      }
    } finally {
      for (const rt of runtimes) await rt.dispose()
    }
  })

  it("the access log and the events refuse UPDATE, DELETE and TRUNCATE at the database level", async () => {
    const schema = freshSchema()
    await Effect.runPromise(
      Effect.provide(
        Effect.flatMap(EventStore.EventStore, (es) => es.append("g-1", 0, [{ type: "A", data: {}, personId: "p-1", personal: { name: "x" } }])),
        PgEventStore.layer({ url, schema, keyring })
      )
    )
    const client = new pg.Client({ connectionString: url })
    await client.connect()
    try {
      for (const q of [
        `DELETE FROM "${schema}".events`,
        `UPDATE "${schema}".events SET data = '{}'`,
        `TRUNCATE "${schema}".events`,
        `UPDATE "${schema}".access_log SET actor = 'x'`,
        `DELETE FROM "${schema}".access_log`
      ]) {
        await expect(client.query(q), q).rejects.toThrow(/append-only/)
      }
    } finally {
      await client.end()
    }
  })

  it("two app instances logging reads at once keep one linear chain; a row changed in the database breaks it at that entry", async () => {
    const schema = freshSchema()
    await Effect.runPromise(PgEventStore.migrate({ url, schema }))
    const instances = [0, 1].map(() => ManagedRuntime.make(PgEventStore.layer({ url, schema, keyring, maxConnections: 4 })))
    try {
      await instances[0]!.runPromise(Effect.flatMap(EventStore.EventStore, (es) => es.append("g-1", 0, [{ type: "A", data: {}, personId: "p-1" }])))
      await Promise.all(
        instances.map((rt, k) =>
          rt.runPromise(
            Effect.all(
              Array.from({ length: 10 }, () => Effect.flatMap(EventStore.EventStore, (es) => es.readStream("g-1"))),
              { concurrency: "unbounded" }
            ).pipe(AccessLog.actingAs({ ...worker, actor: `instance-${k}` }))
          )
        )
      )
      const verify = () => instances[1]!.runPromise(Effect.flatMap(AccessLog.AccessLog, (l) => l.verify))
      expect(await verify()).toMatchObject({ checked: 20, broken: null })
      const client = new pg.Client({ connectionString: url })
      await client.connect()
      try {
        await client.query(`ALTER TABLE "${schema}".access_log DISABLE TRIGGER access_log_refuse_update`)
        await client.query(`UPDATE "${schema}".access_log SET purpose = 'nothing to see' WHERE id = 13`)
      } finally {
        await client.end()
      }
      expect(await verify()).toMatchObject({ checked: 12, broken: { id: 13 } })
    } finally {
      for (const rt of instances) await rt.dispose()
    }
  })

  it("a schema from before the chain gets its entries chained in order and its events indexed by the people they name", async () => {
    const schema = freshSchema()
    const Migrator = await import("@effect/sql/Migrator")
    const SqlClient = await import("@effect/sql/SqlClient")
    const Migrations = await import("../src/internal/migrations.js")
    const early = Effect.flatMap(SqlClient.SqlClient, (sql) =>
      Effect.zipRight(
        sql.unsafe(`CREATE SCHEMA "${schema}"`),
        Migrator.make({})({ loader: Effect.map(Migrations.loader(schema), (all) => all.slice(0, 2)), table: `${schema}.vertaistuki_migrations` })
      )
    )
    await Effect.runPromise(Effect.scoped(Effect.flatMap(Layer.build(PgEventStore.clientLayer({ url, schema }, { migrate: false })), (ctx) => Effect.provide(early, ctx))))
    const client = new pg.Client({ connectionString: url })
    await client.connect()
    try {
      await client.query(`INSERT INTO "${schema}".access_log (at, actor, person_id, action, purpose, legal_basis) VALUES
        (1, 'w-1', 'p-1', 'read', 'care', 'law'), (2, 'w-2', 'p-1', 'export', 'care', 'law'), (3, 'w-3', 'p-2', 'read', 'care', 'law')`)
      await client.query(`UPDATE "${schema}".store_head SET position = 1`)
      await client.query(`INSERT INTO "${schema}".events (position, stream_id, version, type, data, person_id, sealed, record_type, recorded_at)
        VALUES (1, 'session-s-1', 1, 'SessionHeld', '{"attendance":[{"participantId":"parent-1"}]}', NULL, NULL, 'SessionHeld', 1)`)
    } finally {
      await client.end()
    }
    const rt = ManagedRuntime.make(PgEventStore.layer({ url, schema, keyring }))
    try {
      const [verified, log, exported] = await rt.runPromise(
        Effect.gen(function* () {
          const es = yield* EventStore.EventStore
          yield* es.append("participant-parent-1", 0, [{ type: "ParticipantReferred", data: { participantId: "parent-1" }, personId: "p-1" }])
          const l = yield* AccessLog.AccessLog
          const verified = yield* l.verify
          return [verified, yield* l.forPerson("p-1", worker), yield* (yield* PersonalDataVault.PersonalDataVault).exportPerson("p-1", worker)] as const
        })
      )
      expect(verified).toMatchObject({ checked: 3, broken: null })
      expect(log.map((e) => [e.id, e.actor, e.action])).toEqual([[1, "w-1", "read"], [2, "w-2", "export"]])
      expect(exported.accessLog.map((e) => [e.id, e.action])).toEqual([[1, "read"], [2, "export"], [4, "access-log-read"], [5, "export"]])
      expect(exported.events.map((e) => e.type)).toEqual(["SessionHeld", "ParticipantReferred"])
      expect(await rt.runPromise(Effect.flatMap(AccessLog.AccessLog, (l) => l.verify))).toMatchObject({ checked: 5, broken: null })
    } finally {
      await rt.dispose()
    }
  })

  it("no personal string is found in plaintext in any table, before and after erasure", async () => {
    const schema = freshSchema()
    const layer = PgEventStore.layer({ url, schema, keyring })
    await Effect.runPromise(
      Effect.provide(
        Effect.gen(function* () {
          const es = yield* EventStore.EventStore
          for (let i = 0; i < 20; i++) {
            yield* es.append(`group-${i % 4}`, "any", [
              { type: "ParticipantRegistered", data: { participantId: `p-${i}` }, personId: `p-${i}`, personal: { ...secrets } }
            ])
          }
          const v = yield* PersonalDataVault.PersonalDataVault
          yield* v.exportPerson("p-1", worker)
          yield* v.erase("p-2", worker)
        }),
        layer
      )
    )
    const client = new pg.Client({ connectionString: url })
    await client.connect()
    try {
      const tables = await client.query<{ table_name: string }>(`SELECT table_name FROM information_schema.tables WHERE table_schema = $1`, [schema])
      expect(tables.rows.length).toBeGreaterThanOrEqual(6)
      for (const { table_name } of tables.rows) {
        const { rows } = await client.query<{ t: string }>(`SELECT t::text AS t FROM "${schema}"."${table_name}" t`)
        const text = rows.map((r) => r.t).join("\n")
        for (const s of Object.values(secrets)) expect(text.includes(s), `${table_name} holds ${s}`).toBe(false)
      }
    } finally {
      await client.end()
    }
  })

  it("a retention purge is unrecoverable: with the master key, a pg_dump of the schema after the purge (and one from before) decrypts none of the purged data", async () => {
    const master = MasterKey.generate()
    const schema = freshSchema()
    const layer = PgEventStore.layer({ url, schema, keyring: MasterKey.unsafeKeyring(master) })
    const runtime = ManagedRuntime.make(layer)
    const january = Date.UTC(2026, 0, 12)
    const feedback = (i: number) => `${secrets.note}, perhe ${i}`
    const groupText = (i: number) => `Ryhmä peruttiin perhe Laineen vuoksi ${i}`
    const written: Array<{ owner: string; recordType: string; at: number; streamId: string; type: string }> = []
    const dump = () => execFileSync("pg_dump", ["--data-only", `--schema=${schema}`, url], { encoding: "utf8" })
    const client = new pg.Client({ connectionString: url })
    await client.connect()
    try {
      await runtime.runPromise(
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
        )
      )
      const keysNow = async () =>
        unwrapAll(
          (await client.query(`SELECT person_id AS "personId", retention_class AS "retentionClass", period, wrapped_key AS "wrappedKey" FROM "${schema}".data_keys`)).rows,
          master
        )
      const before = dump()
      // Control: with the keys as they were before the purge, the master key decrypts everything in the dump.
      expect(decrypt(sealedIn(before), await keysNow(), aadsOf(written)).length).toBe(30)
      await runtime.runPromise(
        Effect.flatMap(Retention.Retention, (r) =>
          r.purge([{ recordType: "feedback", keepFor: "30 days" }, { recordType: LifecycleCodec.GROUP_TEXT, keepFor: "30 days" }], worker)
        )
      )
      const after = dump()
      const texts = Array.from({ length: 10 }, (_, i) => [feedback(i), groupText(i), `${secrets.name} ${i}`]).flat()
      expect(texts.filter((t) => before.includes(t) || after.includes(t))).toEqual([])
      const opened = decrypt([...new Set([...sealedIn(after), ...sealedIn(before)])], await keysNow(), aadsOf(written))
      expect(opened.filter((t) => t.includes(secrets.note) || t.includes("Ryhmä peruttiin"))).toEqual([])
      expect(opened.filter((t) => t.includes(secrets.name)).length).toBe(10)
    } finally {
      await client.end()
      await runtime.dispose()
    }
  })
})

describe.skipIf(skip)("PgEventStore erasure, locks and timeouts", () => {
  const keyring = MasterKey.unsafeKeyring(MasterKey.generate())

  /** The bytes of the table's current file on the server, after a checkpoint has written its pages. */
  const tableFile = async (client: pg.Client, schema: string, table: string) => {
    await client.query("CHECKPOINT")
    const r = await client.query(`SELECT pg_read_binary_file(pg_relation_filepath($1)) AS bytes`, [`"${schema}"."${table}"`])
    return r.rows[0].bytes as Buffer
  }

  it("an erasure is pending while a snapshot from before it is open, and afterwards the key table's file holds no copy of the key", async () => {
    const schema = freshSchema()
    const rt = ManagedRuntime.make(PgEventStore.layer({ url, schema, keyring, maxConnections: 4 }))
    const reader = new pg.Client({ connectionString: url })
    const admin = new pg.Client({ connectionString: url })
    await reader.connect()
    await admin.connect()
    try {
      await rt.runPromise(
        Effect.flatMap(EventStore.EventStore, (es) => es.append("g-1", 0, [{ type: "R", data: {}, personId: "p-1", personal: { name: secrets.name } }]))
      )
      const wrapped = (await admin.query(`SELECT wrapped_key FROM "${schema}".data_keys WHERE person_id = 'p-1'`)).rows[0].wrapped_key as string
      expect((await tableFile(admin, schema, "data_keys")).includes(Buffer.from(wrapped))).toBe(true)
      await reader.query("BEGIN ISOLATION LEVEL REPEATABLE READ")
      await reader.query(`SELECT count(*) FROM "${schema}".data_keys`)
      const r = await rt.runPromise(Effect.flatMap(PersonalDataVault.PersonalDataVault, (v) => v.erase("p-1", worker)))
      expect(r.status).toBe("pending")
      expect((await tableFile(admin, schema, "data_keys")).includes(Buffer.from(wrapped))).toBe(true)
      await reader.query("COMMIT")
      const until = Date.now() + 20_000
      for (;;) {
        const head = (await admin.query(`SELECT erasures::int AS e, settled_erasures::int AS s FROM "${schema}".store_head`)).rows[0]
        if (head.s === head.e) break
        if (Date.now() > until) throw new Error("the erasure did not settle")
        await new Promise((res) => setTimeout(res, 100))
      }
      expect((await tableFile(admin, schema, "data_keys")).includes(Buffer.from(wrapped))).toBe(false)
      const again = await rt.runPromise(Effect.flatMap(PersonalDataVault.PersonalDataVault, (v) => v.erase("p-1", worker)))
      expect(again).toMatchObject({ alreadyErased: true, status: "complete" })
    } finally {
      await reader.end()
      await admin.end()
      await rt.dispose()
    }
  }, 60_000)

  it("a stalled session holding the head lock gives another writer a retryable Unavailable within the lock timeout", async () => {
    const schema = freshSchema()
    const layer = PgEventStore.layer({ url, schema, keyring, maxConnections: 2, lockTimeoutMillis: 300 })
    await Effect.runPromise(Effect.provide(Effect.flatMap(EventStore.EventStore, (es) => es.append("g-1", 0, [{ type: "A", data: {} }])), layer))
    const stalled = new pg.Client({ connectionString: url })
    await stalled.connect()
    try {
      await stalled.query("BEGIN")
      await stalled.query(`SELECT * FROM "${schema}".store_head WHERE id = 1 FOR UPDATE`)
      const started = Date.now()
      const failed = await Effect.runPromise(
        Effect.provide(Effect.flip(Effect.flatMap(EventStore.EventStore, (es) => es.append("g-2", 0, [{ type: "B", data: {} }]))), layer)
      )
      expect(Date.now() - started).toBeLessThan(5000)
      expect(failed).toMatchObject({ _tag: "StoreError", reason: "Unavailable", retryable: true })
      await stalled.query("ROLLBACK")
      const ok = await Effect.runPromise(Effect.provide(Effect.flatMap(EventStore.EventStore, (es) => es.append("g-2", 0, [{ type: "B", data: {} }])), layer))
      expect(ok.nextVersion).toBe(1)
    } finally {
      await stalled.end()
    }
  }, 30_000)

  it("a statement running past the statement timeout fails as retryable Unavailable; bad timeouts are InvalidInput", async () => {
    const schema = freshSchema()
    const run = <A, E>(eff: Effect.Effect<A, E, SqlClient.SqlClient>, config: Partial<PgEventStore.Config> = {}) =>
      Effect.runPromise(Effect.provide(eff, PgEventStore.clientLayer({ url, schema, statementTimeoutMillis: 200, ...config })))
    const slow = await run(Effect.flip(Effect.mapError(Effect.flatMap(SqlClient.SqlClient, (sql) => sql`SELECT pg_sleep(2)`), (e) => toStoreError(e))))
    expect(slow).toMatchObject({ reason: "Unavailable", retryable: true })
    const exit = await Effect.runPromiseExit(Effect.scoped(Layer.build(PgEventStore.clientLayer({ url, schema, lockTimeoutMillis: -1 }))))
    expect(JSON.stringify(exit)).toContain('"field":"lockTimeoutMillis"')
  })
})
