import { AccessLog, EventStore, MasterKey, PersonalDataVault, StoreDriver } from "@vertaistuki/store"
import { Effect, Exit, Layer, ManagedRuntime } from "effect"
import pg from "pg"
import { afterAll, describe, expect, it } from "vitest"
import { contract, secrets, worker } from "../../store/test/contract.js"
import { PgEventStore } from "../src/index.js"
import { dropSchemas, freshSchema, skip, url } from "./pg.js"

afterAll(dropSchemas)

contract("postgres", () => PgEventStore.driverLayer({ url, schema: freshSchema(), maxConnections: 8 }), { skip, numRuns: 10 })

describe.skipIf(skip)("PgEventStore", () => {
  const keyring = MasterKey.unsafeKeyring(MasterKey.generate())

  it("migrate applies the schema once; a second run applies nothing", async () => {
    const schema = freshSchema()
    expect((await Effect.runPromise(PgEventStore.migrate({ url, schema }))).map((m) => m.name)).toEqual(["event_store", "erasure_count", "access_log_chain", "event_people"])
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
      const rows = (k: number) => Array.from({ length: 1500 }, (_, i) => ({ personId: `person-${i}`, wrappedKey: `m:${k}-${i}`, createdAt: 1, erasedAt: null }))
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
})
