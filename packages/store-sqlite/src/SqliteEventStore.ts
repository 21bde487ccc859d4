/**
 * The embedded SQLite adapter: one database file in WAL mode, through `@effect/sql-sqlite-node`
 * (better-sqlite3). Appends take the write lock first, so several processes may share the file; each
 * append is one transaction.
 *
 * Durability: `synchronous = FULL` by default (every commit is fsynced; nothing acknowledged is lost
 * even on power loss). `NORMAL` is faster and loses nothing on a process crash, but may lose the last
 * commits on power loss.
 *
 * @since 0.1.0
 */
import { chmodSync, closeSync, constants, copyFileSync, existsSync, openSync, rmSync } from "node:fs"
import * as Reactivity from "@effect/experimental/Reactivity"
import * as SqlClient from "@effect/sql/SqlClient"
import * as SqliteClient from "@effect/sql-sqlite-node/SqliteClient"
import { type AccessLog, ErasureLedger, type MasterKey, StoreDriver, StoreError } from "@vertaistuki/store"
import { Config as C, type ConfigError, Context, Effect, Layer, Option } from "effect"
import { toStoreError } from "./internal/errors.js"
import * as Migrations from "./internal/migrations.js"

/**
 * @category models
 */
export interface Config {
  /** The database file; created readable by its owner only (0600) when missing. */
  readonly filename: string
  readonly keyring: MasterKey.Keyring
  /** `FULL` (default) or `NORMAL`; see the module documentation. */
  readonly synchronous?: "FULL" | "NORMAL" | undefined
  /** How long to wait for another process's write lock; default 5000 ms. */
  readonly busyTimeoutMillis?: number | undefined
}

const EVENT_COLUMNS = `position, stream_id AS "streamId", version, type, data, person_id AS "personId", sealed,
  record_type AS "recordType", recorded_at AS "recordedAt"`
const KEY_COLUMNS = `person_id AS "personId", retention_class AS "retentionClass", period, wrapped_key AS "wrappedKey", created_at AS "createdAt", erased_at AS "erasedAt"`
const CHUNK = 1000

/**
 * Creates a missing database file readable by its owner only (0600); SQLite gives its WAL and shared-memory
 * files the same mode. An existing file (or a symlink) is left as it is; a missing folder is reported by the open.
 */
const createPrivate = (filename: string) => {
  if (filename === "" || filename === ":memory:" || filename.startsWith("file:")) return
  try {
    closeSync(openSync(filename, constants.O_CREAT | constants.O_EXCL | constants.O_WRONLY, 0o600))
  } catch {
    // EEXIST: the store is there already; anything else the open reports.
  }
}

const insertEvents = StoreDriver.insertEventsCached("events", () => "?")
const insertSubjects = StoreDriver.insertSubjectsCached("event_people", () => "?")
const asStoreError = StoreDriver.storeErrorWith(toStoreError)

/**
 * One `wal_checkpoint(TRUNCATE)` on a connection of its own that waits at most 50 ms for a busy lock:
 * true when the WAL was copied into the database file and emptied (no reader still needed it).
 */
const checkpointTruncate = (filename: string) =>
  Effect.scoped(
    Effect.gen(function* () {
      const own = yield* SqliteClient.make({ filename }).pipe(Effect.provide(Reactivity.layer))
      yield* own.unsafe("PRAGMA busy_timeout = 50")
      const [r] = yield* own.unsafe<{ busy: number; log: number; checkpointed: number }>("PRAGMA wal_checkpoint(TRUNCATE)")
      return r !== undefined && r.busy === 0 && r.log === 0
    })
  ).pipe(
    Effect.catchAllDefect(() => Effect.succeed(false)),
    Effect.catchAll(() => Effect.succeed(false))
  )

const makeDriver = (filename: string) => Effect.gen(function* () {
  const sql = yield* SqlClient.SqlClient
  const w = <A, E, R>(eff: Effect.Effect<A, E, R>) => Effect.mapError(eff, asStoreError)

  // One statement whatever the number of ids: they travel as one JSON array parameter.
  const getKeys = (ids: ReadonlyArray<string>) =>
    ids.length === 0
      ? Effect.succeed([])
      : w(
          sql<StoreDriver.KeyRow>`SELECT ${sql.literal(KEY_COLUMNS)} FROM data_keys WHERE person_id IN (SELECT value FROM json_each(${JSON.stringify(ids)}))`
        )

  const streamVersion = (streamId: string) =>
    Effect.map(sql<{ v: number }>`SELECT COALESCE(MAX(version), 0) AS v FROM events WHERE stream_id = ${streamId}`, (r) => r[0]?.v ?? 0)

  const driver: StoreDriver.StoreDriver = {
    append: StoreDriver.appendWith({
      transaction: sql.withTransaction,
      bumpHead: (n) =>
        Effect.map(
          sql<{ position: number; erasures: number }>`UPDATE store_head SET position = position + ${n} WHERE id = 1 RETURNING position, erasures`,
          (rows) => rows[0]!
        ),
      streamVersion,
      insertEvents: (n, params) => sql.unsafe(insertEvents(n), params),
      insertOutbox: (rows) =>
        sql`INSERT INTO outbox ${sql.insert(rows.map(StoreDriver.outboxColumns))}`,
      insertSubjects: (n, params) => sql.unsafe(insertSubjects(n), params),
      toStoreError,
      chunk: CHUNK
    }),
    readStream: (streamId, fromVersion, limit) =>
      w(sql<StoreDriver.EventRow>`SELECT ${sql.literal(EVENT_COLUMNS)} FROM events
        WHERE stream_id = ${streamId} AND version >= ${fromVersion} ORDER BY version LIMIT ${limit}`),
    readAll: (after, limit) =>
      w(sql<StoreDriver.EventRow>`SELECT ${sql.literal(EVENT_COLUMNS)} FROM events WHERE position > ${after} ORDER BY position LIMIT ${limit}`),
    readByPerson: (personId) =>
      w(sql<StoreDriver.EventRow>`SELECT ${sql.literal(EVENT_COLUMNS)} FROM events WHERE person_id = ${personId} ORDER BY position`),
    readBySubjects: (subjects) =>
      w(sql<StoreDriver.EventRow>`SELECT ${sql.literal(EVENT_COLUMNS)} FROM events WHERE person_id IN (SELECT value FROM json_each(${JSON.stringify(subjects)}))
        OR position IN (SELECT position FROM event_people WHERE subject_id IN (SELECT value FROM json_each(${JSON.stringify(subjects)}))) ORDER BY position`),
    streamVersion: (streamId) => w(streamVersion(streamId)),
    head: w(Effect.map(sql<{ position: number }>`SELECT position FROM store_head WHERE id = 1`, (r) => r[0]?.position ?? 0)),
    keyEpoch: w(Effect.map(sql<{ erasures: number }>`SELECT erasures FROM store_head WHERE id = 1`, (r) => r[0]?.erasures ?? 0)),
    ensureKeys: StoreDriver.ensureKeysWith(
      (rows) =>
        w(
          sql.withTransaction(
            Effect.map(
              Effect.forEach(
                StoreDriver.chunks(rows, 500),
                (part) =>
                  // Never a key for an erased owner, even one whose erasure committed after its keys were read.
                  sql<StoreDriver.KeyRow>`INSERT INTO data_keys (person_id, retention_class, period, wrapped_key, created_at, erased_at)
                    SELECT r.person_id, r.retention_class, r.period, r.wrapped_key, r.created_at, r.erased_at
                    FROM (SELECT json_extract(value, '$.personId') AS person_id, json_extract(value, '$.retentionClass') AS retention_class,
                      json_extract(value, '$.period') AS period, json_extract(value, '$.wrappedKey') AS wrapped_key,
                      json_extract(value, '$.createdAt') AS created_at, json_extract(value, '$.erasedAt') AS erased_at FROM json_each(${JSON.stringify(part)})) AS r
                    WHERE NOT EXISTS (SELECT 1 FROM data_keys e WHERE e.person_id = r.person_id AND e.retention_class = '' AND e.period = 0 AND e.wrapped_key IS NULL)
                    ON CONFLICT (person_id, retention_class, period) DO NOTHING
                    RETURNING ${sql.literal(KEY_COLUMNS)}`
              ),
              (parts) => parts.flat()
            )
          )
        ),
      getKeys
    ),
    getKeys,
    allKeys: w(sql<StoreDriver.KeyRow>`SELECT ${sql.literal(KEY_COLUMNS)} FROM data_keys`),
    // 500 keys per statement, as one JSON array parameter.
    rewrapKeys: (rows) =>
      w(
        sql.withTransaction(
          Effect.forEach(
            StoreDriver.chunks(rows, 500),
            (part) =>
              sql`UPDATE data_keys SET wrapped_key = r.wrapped_key
                FROM (SELECT json_extract(value, '$.personId') AS person_id, json_extract(value, '$.retentionClass') AS retention_class,
                  json_extract(value, '$.period') AS period, json_extract(value, '$.wrappedKey') AS wrapped_key FROM json_each(${JSON.stringify(part)})) AS r
                WHERE data_keys.person_id = r.person_id AND data_keys.retention_class = r.retention_class AND data_keys.period = r.period
                  AND data_keys.wrapped_key IS NOT NULL`,
            { discard: true }
          )
        )
      ),
    destroyKey: (personId, at) =>
      w(
        // secure_delete zeroes the old key bytes in the page; `settleErasures` empties the WAL of them.
        sql.withTransaction(
          Effect.zipRight(
            sql`UPDATE store_head SET erasures = erasures + 1 WHERE id = 1`,
            Effect.zipRight(
              sql`UPDATE data_keys SET wrapped_key = NULL, erased_at = COALESCE(erased_at, ${at}) WHERE person_id = ${personId} AND wrapped_key IS NOT NULL`,
              sql`INSERT INTO data_keys (person_id, retention_class, period, wrapped_key, created_at, erased_at) VALUES (${personId}, '', 0, NULL, ${at}, ${at})
                ON CONFLICT (person_id, retention_class, period) DO UPDATE SET wrapped_key = NULL, erased_at = COALESCE(data_keys.erased_at, excluded.erased_at)`
            )
          )
        )
      ),
    // The erasures counted before the checkpoint are settled once it has emptied the WAL: no earlier page
    // version (with a destroyed key) is left in the WAL, and the database file holds the zeroed pages.
    settleErasures: w(
      Effect.gen(function* () {
        const [head] = yield* sql<{ erasures: number; settled: number }>`SELECT erasures, settled_erasures AS settled FROM store_head WHERE id = 1`
        if (head === undefined || head.settled >= head.erasures) return "complete" as const
        if (!(yield* checkpointTruncate(filename))) return "pending" as const
        yield* sql`UPDATE store_head SET settled_erasures = ${head.erasures} WHERE id = 1 AND settled_erasures < ${head.erasures}`
        return "complete" as const
      })
    ),
    masterKeyChecks: w(sql<StoreDriver.MasterKeyCheck>`SELECT id, check_value AS "check" FROM master_key_checks`),
    addMasterKeyChecks: (rows) =>
      w(
        sql`INSERT INTO master_key_checks ${sql.insert(rows.map((r) => ({ id: r.id, check_value: r.check, created_at: Date.now() })))}
          ON CONFLICT (id) DO NOTHING`
      ),
    purgePersonal: (recordType, before, period, at) =>
      w(
        Effect.tap(
          sql.withTransaction(
            Effect.gen(function* () {
              yield* sql`UPDATE store_head SET erasures = erasures + 1 WHERE id = 1`
              const keys = yield* sql<{ personId: string }>`UPDATE data_keys SET wrapped_key = NULL, erased_at = ${at}
                WHERE retention_class = ${recordType} AND period > 0 AND period < ${period} AND wrapped_key IS NOT NULL RETURNING person_id AS "personId"`
              const events = yield* sql<{ personId: string | null }>`UPDATE events SET sealed = ${StoreDriver.PURGED}
                WHERE record_type = ${recordType} AND recorded_at < ${before} AND sealed IS NOT NULL AND sealed <> ${StoreDriver.PURGED}
                RETURNING person_id AS "personId"`
              return [...new Set([...keys, ...events].flatMap((r) => (r.personId === null ? [] : [r.personId])))]
            })
          ),
          // As after an erasure: secure_delete zeroes the old key bytes in the file; the checkpoint moves them out of the WAL.
          () => Effect.ignore(sql`PRAGMA wal_checkpoint(TRUNCATE)`)
        )
      ),
    // The no-op write takes the database's write lock first, so no other process chains after the same entry.
    insertAccess: (rows) =>
      w(
        sql.withTransaction(
          Effect.gen(function* () {
            yield* sql`UPDATE store_head SET position = position WHERE id = 1`
            const [last] = yield* sql<{ id: number; hash: string }>`SELECT id, hash FROM access_log ORDER BY id DESC LIMIT 1`
            for (const part of StoreDriver.chunks(StoreDriver.chainAccess(last, rows), 500)) {
              yield* sql`INSERT INTO access_log ${sql.insert(part.map(StoreDriver.accessColumns))}`
            }
          })
        )
      ),
    accessFor: (personId, subjects) =>
      w(sql<StoreDriver.AccessRow>`SELECT ${sql.literal(StoreDriver.ACCESS_COLUMNS)} FROM access_log a WHERE a.person_id = ${personId}
        OR (a.person_id IS NULL AND a.from_position IS NOT NULL AND (EXISTS (
          SELECT 1 FROM events e WHERE e.person_id IN (SELECT value FROM json_each(${JSON.stringify(subjects)}))
            AND e.position BETWEEN a.from_position AND a.to_position AND (a.stream_id IS NULL OR e.stream_id = a.stream_id)) OR EXISTS (
          SELECT 1 FROM event_people p JOIN events e ON e.position = p.position
          WHERE p.subject_id IN (SELECT value FROM json_each(${JSON.stringify(subjects)}))
            AND p.position BETWEEN a.from_position AND a.to_position AND (a.stream_id IS NULL OR e.stream_id = a.stream_id))))
        ORDER BY a.id`),
    accessPage: (afterId, limit) =>
      w(sql<StoreDriver.AccessRow>`SELECT ${sql.literal(StoreDriver.ACCESS_COLUMNS)} FROM access_log WHERE id > ${afterId} ORDER BY id LIMIT ${limit}`),
    outboxPending: (limit) =>
      w(sql<StoreDriver.OutboxRow>`SELECT id, position, topic, payload, person_id AS "personId", created_at AS "createdAt"
        FROM outbox WHERE dispatched_at IS NULL ORDER BY id LIMIT ${limit}`),
    outboxMarkDone: (ids, at) =>
      w(
        Effect.forEach(StoreDriver.chunks(ids, 500), (part) => sql`UPDATE outbox SET dispatched_at = ${at} WHERE id IN ${sql.in(part)} AND dispatched_at IS NULL`, {
          discard: true
        })
      ),
    // One statement: it takes the write lock, so no other process claims the same entries.
    outboxClaim: (owner, now, until, limit, topics) =>
      w(sql<StoreDriver.OutboxRow>`UPDATE outbox SET claimed_by = ${owner}, claimed_until = ${until}
        WHERE id IN (SELECT id FROM outbox WHERE dispatched_at IS NULL AND (claimed_until IS NULL OR claimed_until < ${now})
          AND (${topics === null ? 1 : 0} = 1 OR topic IN (SELECT value FROM json_each(${JSON.stringify(topics ?? [])})))
          ORDER BY id LIMIT ${limit})
        RETURNING id, position, topic, payload, person_id AS "personId", created_at AS "createdAt"`).pipe(
        Effect.map((rows) => [...rows].sort((a, b) => a.id - b.id))
      ),
    deliveriesPlan: (outboxId, rows, now) =>
      w(
        sql.withTransaction(
          Effect.gen(function* () {
            const marked = yield* sql<{ id: number }>`UPDATE outbox SET dispatched_at = COALESCE(dispatched_at, ${now}), claimed_by = NULL, claimed_until = NULL
              WHERE id = ${outboxId} RETURNING id`
            if (marked.length === 0) return undefined
            let inserted = 0
            for (const part of StoreDriver.chunks(rows, 400)) {
              const r = yield* sql<{ id: string }>`INSERT INTO deliveries ${sql.insert(part.map(StoreDriver.deliveryColumns))}
                ON CONFLICT (delivery_id) DO NOTHING RETURNING delivery_id AS id`
              inserted += r.length
            }
            return inserted
          })
        )
      ),
    deliveriesClaim: (owner, now, until, limit) =>
      w(sql<StoreDriver.DeliveryRow>`UPDATE deliveries SET status = 'sending', lease_owner = ${owner}, lease_until = ${until}, attempts = attempts + 1, updated_at = ${now}
        WHERE delivery_id IN (SELECT delivery_id FROM (
          SELECT delivery_id, next_attempt_at AS due FROM deliveries WHERE status = 'pending' AND next_attempt_at <= ${now}
          UNION ALL SELECT delivery_id, lease_until AS due FROM deliveries WHERE status = 'sending' AND lease_until < ${now}
        ) ORDER BY due, delivery_id LIMIT ${limit})
        RETURNING ${sql.literal(StoreDriver.deliverySelect())}`),
    deliveriesSettle: (deliveryId, owner, t, now) =>
      w(
        Effect.map(
          sql<{ id: string }>`UPDATE deliveries SET status = ${t.status}, provider_message_id = COALESCE(${t.providerMessageId}, provider_message_id),
            consent_record = COALESCE(${t.consentRecord}, consent_record), last_error = ${t.lastError}, next_attempt_at = ${t.nextAttemptAt},
            attempts = MAX(0, attempts + ${t.attemptDelta}), lease_owner = NULL, lease_until = NULL, updated_at = ${now}
            WHERE delivery_id = ${deliveryId} AND status = 'sending' AND lease_owner = ${owner} RETURNING delivery_id AS id`,
          (r) => r.length === 1
        )
      ),
    deliveriesRequeue: (now) =>
      w(
        Effect.map(
          sql<{ id: string }>`UPDATE deliveries SET status = 'pending', attempts = 0, next_attempt_at = ${now}, updated_at = ${now}
            WHERE status = 'parked' RETURNING delivery_id AS id`,
          (r) => r.length
        )
      ),
    deliveriesCounts: w(sql<{ status: string; count: number; oldest: number | null }>`SELECT status, COUNT(*) AS count, MIN(next_attempt_at) AS oldest
      FROM deliveries GROUP BY status`),
    deliveriesList: (status, outboxId, limit) =>
      w(sql<StoreDriver.DeliveryRow>`SELECT ${sql.literal(StoreDriver.deliverySelect())} FROM deliveries
        WHERE (${status} IS NULL OR status = ${status}) AND (${outboxId} IS NULL OR outbox_id = ${outboxId})
        ORDER BY created_at, delivery_id LIMIT ${limit}`),
    loadCheckpoint: (name) =>
      w(
        Effect.map(
          sql<{ position: number; version: number; state: string }>`SELECT position, version, state FROM projection_checkpoints WHERE name = ${name}`,
          (r) => Option.fromNullable(r[0])
        )
      ),
    saveCheckpoint: (name, cp) =>
      w(sql`INSERT INTO projection_checkpoints (name, position, version, state, updated_at)
        VALUES (${name}, ${cp.position}, ${cp.version}, ${cp.state}, ${Date.now()})
        ON CONFLICT (name) DO UPDATE SET position = excluded.position, version = excluded.version, state = excluded.state, updated_at = excluded.updated_at`),
    acquireLease: (name, owner, ttl) =>
      w(
        Effect.map(
          sql<StoreDriver.LeaseRow>`INSERT INTO projection_leases (name, owner, epoch, expires_at) VALUES (${name}, ${owner}, 1, ${Date.now() + ttl})
            ON CONFLICT (name) DO UPDATE SET epoch = CASE WHEN owner = excluded.owner THEN epoch ELSE epoch + 1 END,
              owner = excluded.owner, expires_at = excluded.expires_at
            WHERE projection_leases.owner = excluded.owner OR projection_leases.expires_at < ${Date.now()}
            RETURNING owner, epoch, expires_at AS "expiresAt"`,
          (r) => Option.fromNullable(r[0])
        )
      ),
    releaseLease: (name, owner) => w(sql`UPDATE projection_leases SET expires_at = 0 WHERE name = ${name} AND owner = ${owner}`),
    leaseOf: (name) =>
      w(Effect.map(sql<StoreDriver.LeaseRow>`SELECT owner, epoch, expires_at AS "expiresAt" FROM projection_leases WHERE name = ${name}`, (r) => Option.fromNullable(r[0]))),
    saveCheckpointAsOwner: (name, cp, owner, epoch) =>
      w(
        sql.withTransaction(
          Effect.gen(function* () {
            const held = yield* sql`SELECT 1 FROM projection_leases WHERE name = ${name} AND owner = ${owner} AND epoch = ${epoch}`
            if (held.length === 0) return false
            yield* sql`INSERT INTO projection_checkpoints (name, position, version, state, updated_at)
              VALUES (${name}, ${cp.position}, ${cp.version}, ${cp.state}, ${Date.now()})
              ON CONFLICT (name) DO UPDATE SET position = excluded.position, version = excluded.version, state = excluded.state, updated_at = excluded.updated_at`
            return true
          })
        )
      )
  }
  return driver
})

/**
 * The SQLite client with the store's settings, its schema migrated.
 *
 * @category layers
 */
export const clientLayer = (
  config: Omit<Config, "keyring">,
  options: { readonly migrate?: boolean } = {}
): Layer.Layer<SqliteClient.SqliteClient | SqlClient.SqlClient, StoreError.StoreError> =>
  Layer.scopedContext(
    Effect.gen(function* () {
      createPrivate(config.filename)
      const client = yield* SqliteClient.make({ filename: config.filename }).pipe(
        Effect.catchAllDefect((d) => {
          const e = toStoreError(d)
          return Effect.fail(
            e.reason === "Unknown" ? new StoreError.StoreError({ reason: "Unavailable", retryable: false, message: `cannot open ${config.filename}: ${e.message}`, cause: e.cause }) : e
          )
        }),
        Effect.provide(Reactivity.layer)
      )
      const ctx = Context.make(SqliteClient.SqliteClient, client).pipe(Context.add(SqlClient.SqlClient, client))
      yield* Effect.gen(function* () {
        yield* client.unsafe(`PRAGMA busy_timeout = ${Math.max(0, Math.floor(config.busyTimeoutMillis ?? 5000))}`)
        yield* client.unsafe(`PRAGMA synchronous = ${config.synchronous === "NORMAL" ? "NORMAL" : "FULL"}`)
        yield* client.unsafe("PRAGMA secure_delete = ON")
        const [mode] = yield* client.unsafe<{ journal_mode: string }>("PRAGMA journal_mode")
        if (mode?.journal_mode !== "wal") return yield* Effect.fail(toStoreError(new Error(`could not switch ${config.filename} to WAL mode`)))
        if (options.migrate !== false) yield* Migrations.run
      }).pipe(
        Effect.provide(ctx),
        Effect.mapError(asStoreError)
      )
      return ctx
    })
  )

/**
 * The store driver on SQLite.
 *
 * @category layers
 */
export const driverLayer = (config: Omit<Config, "keyring">): Layer.Layer<StoreDriver.StoreDriver, StoreError.StoreError> =>
  Layer.effect(StoreDriver.StoreDriver, makeDriver(config.filename)).pipe(Layer.provide(clientLayer(config)))

/**
 * Every service of the port on a SQLite file.
 *
 * @example
 * ```ts
 * import { MasterKey } from "@vertaistuki/store"
 * import { SqliteEventStore } from "@vertaistuki/store-sqlite"
 * const layer = SqliteEventStore.layer({ filename: "vertaistuki.sqlite", keyring: MasterKey.unsafeKeyring(MasterKey.generate()) })
 * ```
 *
 * @category layers
 */
export const layer = (config: Config): Layer.Layer<StoreDriver.Services, StoreError.StoreError | StoreError.InvalidInput> =>
  StoreDriver.layer(config.keyring).pipe(Layer.provide(driverLayer(config)))

/**
 * Every service of the port and the SQL client they use, for a service that keeps tables of its own in
 * the store's file over the same connection (e.g. `@vertaistuki/api`'s local accounts).
 *
 * @category layers
 */
export const layerWithClient = (
  config: Config
): Layer.Layer<StoreDriver.Services | SqliteClient.SqliteClient | SqlClient.SqlClient, StoreError.StoreError | StoreError.InvalidInput> =>
  StoreDriver.layer(config.keyring).pipe(
    Layer.provide(Layer.effect(StoreDriver.StoreDriver, makeDriver(config.filename))),
    Layer.provideMerge(clientLayer(config))
  )

/**
 * `layer` from configuration, e.g. `VERTAISTUKI_SQLITE_FILE` and the master key:
 *
 * @example
 * ```ts
 * import { Config } from "effect"
 * import { MasterKey } from "@vertaistuki/store"
 * import { SqliteEventStore } from "@vertaistuki/store-sqlite"
 * const layer = SqliteEventStore.layerConfig({
 *   filename: Config.string("VERTAISTUKI_SQLITE_FILE").pipe(Config.withDefault("vertaistuki.sqlite")),
 *   keyring: MasterKey.config()
 * })
 * ```
 *
 * @category layers
 */
export const layerConfig = (
  config: C.Config.Wrap<Config>
): Layer.Layer<StoreDriver.Services, StoreError.StoreError | StoreError.InvalidInput | ConfigError.ConfigError> =>
  Layer.unwrapEffect(Effect.map(C.unwrap(config), layer))

/**
 * Applies pending migrations to a file and returns what was applied.
 *
 * @category constructors
 */
export const migrate = (config: Omit<Config, "keyring">) =>
  Effect.scoped(
    Effect.flatMap(Layer.build(clientLayer(config, { migrate: false })), (ctx) =>
      Effect.map(Effect.provide(Effect.mapError(Migrations.run, toStoreError), ctx), (applied) => applied.map(([id, name]) => ({ id, name })))
    )
  )

/**
 * What a backup or a restore wrote.
 *
 * @category models
 */
export interface Copied {
  readonly file: string
  readonly pages: number
}

const absent = (field: string, file: string): Effect.Effect<void, StoreError.InvalidInput> =>
  Effect.suspend(() =>
    existsSync(file) ? Effect.fail(new StoreError.InvalidInput({ field, expected: "a file that does not exist yet (nothing is overwritten)" })) : Effect.void
  )

/** Fails unless SQLite's quick check passes on the open file. */
const quickCheck = (client: SqliteClient.SqliteClient, filename: string) =>
  Effect.gen(function* () {
    const [check] = yield* client.unsafe<{ quick_check: string }>("PRAGMA quick_check").pipe(Effect.mapError(asStoreError))
    if (check?.quick_check !== "ok") {
      return yield* new StoreError.StoreError({ reason: "Corrupt", retryable: false, message: `${filename} fails SQLite's integrity check` })
    }
  })

/** Opens a store file with the store's settings for the length of `f`. */
const withClient = <A, E>(config: Omit<Config, "keyring">, migrate: boolean, f: (client: SqliteClient.SqliteClient) => Effect.Effect<A, E>) =>
  Effect.scoped(Effect.flatMap(Layer.build(clientLayer(config, { migrate })), (ctx) => f(Context.get(ctx, SqliteClient.SqliteClient))))

/**
 * A consistent copy of the store while writers go on (SQLite's online backup API): the copy holds every
 * append committed when the backup finished and none half. Refuses a destination that exists. The copy
 * holds everything the store does, erased people's ciphertexts included; keep an `ErasureLedger` so that a
 * restore can erase again whoever was erased after the copy (docs/privacy.md).
 *
 * @category operations
 */
export const backup = (config: Omit<Config, "keyring"> & { readonly to: string }): Effect.Effect<Copied, StoreError.StoreError | StoreError.InvalidInput> =>
  Effect.zipRight(
    absent("to", config.to),
    withClient(config, false, (client) =>
      Effect.gen(function* () {
        yield* quickCheck(client, config.filename)
        createPrivate(config.to)
        const meta = yield* client.backup(config.to).pipe(Effect.mapError(asStoreError))
        chmodSync(config.to, 0o600)
        return { file: config.to, pages: meta.totalPages }
      })
    )
  )

/**
 * Restores a backup into a new store file (`filename`, which must not exist), migrating it to the current
 * schema, then erases again everyone in `ledger` (the erasures made after the backup was taken) under
 * `context`, written to the restored store's access log.
 *
 * @category operations
 */
export const restore = (config: {
  readonly from: string
  readonly filename: string
  readonly keyring: MasterKey.Keyring
  readonly ledger: ReadonlyArray<ErasureLedger.Entry>
  readonly context: AccessLog.AccessContext
}): Effect.Effect<Copied & ErasureLedger.Reapplied, StoreError.StoreError | StoreError.InvalidInput> =>
  Effect.gen(function* () {
    yield* absent("db", config.filename)
    if (!existsSync(config.from)) return yield* new StoreError.InvalidInput({ field: "from", expected: "an existing backup file" })
    yield* Effect.try({
      try: () => copyFileSync(config.from, config.filename, constants.COPYFILE_EXCL),
      catch: (e) => new StoreError.StoreError({ reason: "Unavailable", retryable: false, message: `cannot copy the backup to ${config.filename}`, cause: e })
    })
    chmodSync(config.filename, 0o600)
    // A copy that is no sound store is removed again, with whatever the failed open left beside it.
    const pages = yield* withClient({ filename: config.filename }, true, (client) =>
      Effect.zipRight(
        quickCheck(client, config.filename),
        Effect.map(client.unsafe<{ page_count: number }>("PRAGMA page_count").pipe(Effect.mapError(asStoreError)), ([r]) => r?.page_count ?? 0)
      )
    ).pipe(Effect.tapError(() => Effect.sync(() => {
      for (const suffix of ["", "-wal", "-shm"]) rmSync(`${config.filename}${suffix}`, { force: true })
    })))
    const copied = { file: config.filename, pages }
    const reapplied = yield* ErasureLedger.reapply(config.ledger, config.context).pipe(
      Effect.provide(layer({ filename: config.filename, keyring: config.keyring }))
    )
    return { ...copied, ...reapplied }
  })
