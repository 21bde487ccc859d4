/**
 * The PostgreSQL adapter, through `@effect/sql-pg`: for several app instances writing to one database.
 *
 * Global order without visible gaps: every append first increments the single-row `store_head` counter
 * inside its transaction. The row lock serialises appends, so positions are committed in order and a
 * reader never sees position n+1 before n. Optimistic concurrency is checked under that lock, and
 * `UNIQUE (stream_id, version)` backs it up; a unique violation is reported as `ConcurrencyConflict`.
 *
 * @since 0.1.0
 */
import * as Reactivity from "@effect/experimental/Reactivity"
import * as SqlClient from "@effect/sql/SqlClient"
import * as PgClient from "@effect/sql-pg/PgClient"
import { type MasterKey, StoreDriver, StoreError } from "@vertaistuki/store"
import { Config as C, type ConfigError, Context, Effect, Layer, Option, Redacted, Stream } from "effect"
import { toStoreError } from "./internal/errors.js"
import * as Migrations from "./internal/migrations.js"

/**
 * @category models
 */
export interface Config {
  /** e.g. `postgres://user@host:5432/db`. */
  readonly url: Redacted.Redacted<string> | string
  readonly keyring: MasterKey.Keyring
  /** The schema the tables live in; created when missing. Default `vertaistuki`. */
  readonly schema?: string | undefined
  /** Pool size per app instance; default 10. */
  readonly maxConnections?: number | undefined
  /**
   * How long a statement waits for a lock (e.g. the head row another session holds) before failing with a
   * retryable `Unavailable`; default 5000 ms. 0 waits forever.
   */
  readonly lockTimeoutMillis?: number | undefined
  /** How long one statement may run before failing with a retryable `Unavailable`; default 60000 ms. 0: no limit. */
  readonly statementTimeoutMillis?: number | undefined
}

const millis = (field: string, value: number | undefined, fallback: number): Effect.Effect<number, StoreError.InvalidInput> =>
  value === undefined
    ? Effect.succeed(fallback)
    : Number.isSafeInteger(value) && value >= 0
      ? Effect.succeed(value)
      : Effect.fail(new StoreError.InvalidInput({ field, expected: "a whole number of milliseconds, 0 or more", actual: String(value) }))

/** The URL with the session settings every connection starts with (`options=-c …`), added to any already given. */
const withTimeouts = (url: string, lockTimeout: number, statementTimeout: number): string => {
  const u = new URL(url)
  const own = u.searchParams.get("options")
  u.searchParams.set("options", `${own === null ? "" : `${own} `}-c lock_timeout=${lockTimeout} -c statement_timeout=${statementTimeout}`)
  return u.toString()
}

const SCHEMA = /^[a-z_][a-z0-9_]{0,62}$/
const CHUNK = 1000

const asStoreError = StoreDriver.storeErrorWith(toStoreError)

const schemaOf = (config: { readonly schema?: string | undefined }): Effect.Effect<string, StoreError.InvalidInput> => {
  const schema = config.schema ?? "vertaistuki"
  return SCHEMA.test(schema)
    ? Effect.succeed(schema)
    : Effect.fail(new StoreError.InvalidInput({ field: "schema", expected: "a lower-case SQL identifier (letters, digits, _)", actual: schema }))
}

const makeDriver = (schema: string) =>
  Effect.gen(function* () {
    const sql = yield* SqlClient.SqlClient
    const pg = yield* PgClient.PgClient
    const t = (name: string) => sql.literal(`"${schema}"."${name}"`)
    const w = <A, E, R>(eff: Effect.Effect<A, E, R>) => Effect.mapError(eff, asStoreError)
    const COLUMNS = sql.literal(`position::float8 AS position, stream_id AS "streamId", version, type, data, person_id AS "personId", sealed,
      record_type AS "recordType", recorded_at::float8 AS "recordedAt"`)
    const KEY_COLUMNS = sql.literal(`person_id AS "personId", retention_class AS "retentionClass", period, wrapped_key AS "wrappedKey", created_at::float8 AS "createdAt", erased_at::float8 AS "erasedAt"`)
    const insertEvents = StoreDriver.insertEventsCached(`"${schema}"."events"`, (i) => `$${i + 1}`)
    const insertSubjects = StoreDriver.insertSubjectsCached(`"${schema}"."event_people"`, (i) => `$${i + 1}`)
    const ACCESS = sql.literal(StoreDriver.ACCESS_COLUMNS.replace("id, at,", "id::float8 AS id, at::float8 AS at,")
      .replace('from_position AS', "from_position::float8 AS").replace('to_position AS', "to_position::float8 AS"))

    const DELIVERY = sql.literal(StoreDriver.deliverySelect((c) => `${c}::float8`))

    // One statement whatever the number of ids: they travel as one JSON array parameter.
    const getKeys = (ids: ReadonlyArray<string>) =>
      ids.length === 0
        ? Effect.succeed([])
        : w(
            sql<StoreDriver.KeyRow>`SELECT ${KEY_COLUMNS} FROM ${t("data_keys")}
              WHERE person_id IN (SELECT json_array_elements_text(${JSON.stringify(ids)}::json))`
          )

    const streamVersion = (streamId: string) =>
      Effect.map(sql<{ v: number }>`SELECT COALESCE(MAX(version), 0)::int AS v FROM ${t("events")} WHERE stream_id = ${streamId}`, (r) => r[0]?.v ?? 0)

    const driver: StoreDriver.StoreDriver = {
      append: StoreDriver.appendWith({
        transaction: sql.withTransaction,
        bumpHead: (n) =>
          Effect.map(
            sql<{ position: number; erasures: number }>`UPDATE ${t("store_head")} SET position = position + ${n}
              WHERE id = 1 RETURNING position::float8 AS position, erasures::float8 AS erasures`,
            (rows) => rows[0]!
          ),
        streamVersion,
        insertEvents: (n, params) => sql.unsafe(insertEvents(n), params),
        insertOutbox: (rows) =>
          sql`INSERT INTO ${t("outbox")} ${sql.insert(
            rows.map(StoreDriver.outboxColumns)
          )}`,
        insertSubjects: (n, params) => sql.unsafe(insertSubjects(n), params),
        toStoreError,
        chunk: CHUNK,
        sealedChunk: CHUNK
      }),
      readStream: (streamId, fromVersion, limit) =>
        w(sql<StoreDriver.EventRow>`SELECT ${COLUMNS} FROM ${t("events")}
          WHERE stream_id = ${streamId} AND version >= ${fromVersion} ORDER BY version LIMIT ${limit}`),
      readAll: (after, limit) => w(sql<StoreDriver.EventRow>`SELECT ${COLUMNS} FROM ${t("events")} WHERE position > ${after} ORDER BY position LIMIT ${limit}`),
      readByPerson: (personId) => w(sql<StoreDriver.EventRow>`SELECT ${COLUMNS} FROM ${t("events")} WHERE person_id = ${personId} ORDER BY position`),
      readBySubjects: (subjects) =>
        w(sql<StoreDriver.EventRow>`SELECT ${COLUMNS} FROM ${t("events")} WHERE person_id IN (SELECT json_array_elements_text(${JSON.stringify(subjects)}::json))
          OR position IN (SELECT position FROM ${t("event_people")} WHERE subject_id IN (SELECT json_array_elements_text(${JSON.stringify(subjects)}::json)))
          ORDER BY position`),
      streamVersion: (streamId) => w(streamVersion(streamId)),
      head: w(Effect.map(sql<{ position: number }>`SELECT position::float8 AS position FROM ${t("store_head")} WHERE id = 1`, (r) => r[0]?.position ?? 0)),
      // On one connection of its own; if it drops, the notices stop and readers poll.
      headChanges: pg.listen(Migrations.headChannel(schema)).pipe(Stream.map(Number)),
      keyEpoch: w(Effect.map(sql<{ erasures: number }>`SELECT erasures::float8 AS erasures FROM ${t("store_head")} WHERE id = 1`, (r) => r[0]?.erasures ?? 0)),
      ensureKeys: StoreDriver.ensureKeysWith(
        (rows) =>
          w(
            Effect.map(
              Effect.forEach(
                StoreDriver.chunks(rows, 1000),
                (part) =>
                  // Never a key for an owner whose erasure has committed.
                  sql<StoreDriver.KeyRow>`INSERT INTO ${t("data_keys")} (person_id, retention_class, period, wrapped_key, created_at, erased_at)
                    SELECT r."personId", r."retentionClass", r."period", r."wrappedKey", r."createdAt", r."erasedAt"
                    FROM json_to_recordset(${JSON.stringify(part)}::json)
                      AS r("personId" text, "retentionClass" text, "period" integer, "wrappedKey" text, "createdAt" bigint, "erasedAt" bigint)
                    WHERE NOT EXISTS (SELECT 1 FROM ${t("data_keys")} e WHERE e.person_id = r."personId" AND e.retention_class = '' AND e.period = 0 AND e.wrapped_key IS NULL)
                    ON CONFLICT (person_id, retention_class, period) DO NOTHING
                    RETURNING ${KEY_COLUMNS}`
              ),
              (parts) => parts.flat()
            )
          ),
        getKeys
      ),
      getKeys,
      allKeys: w(sql<StoreDriver.KeyRow>`SELECT ${KEY_COLUMNS} FROM ${t("data_keys")}`),
      // 500 keys per statement, as one JSON array parameter.
      rewrapKeys: (rows) =>
        w(
          sql.withTransaction(
            Effect.forEach(
              StoreDriver.chunks(rows, 500),
              (part) =>
                sql`UPDATE ${t("data_keys")} AS k SET wrapped_key = r."wrappedKey"
                  FROM json_to_recordset(${JSON.stringify(part)}::json) AS r("personId" text, "retentionClass" text, "period" integer, "wrappedKey" text)
                  WHERE k.person_id = r."personId" AND k.retention_class = r."retentionClass" AND k.period = r."period" AND k.wrapped_key IS NOT NULL`,
              { discard: true }
            )
          )
        ),
      // `settleErasures` removes the old row version; the erasing transaction's id says which snapshots may still see it.
      destroyKey: (personId, at) =>
        w(
          sql.withTransaction(
            Effect.zipRight(
              sql`UPDATE ${t("store_head")} SET erasures = erasures + 1, erasure_xid = pg_current_xact_id()::text::bigint WHERE id = 1`,
              Effect.zipRight(
                sql`UPDATE ${t("data_keys")} SET wrapped_key = NULL, erased_at = COALESCE(erased_at, ${at}) WHERE person_id = ${personId} AND wrapped_key IS NOT NULL`,
                sql`INSERT INTO ${t("data_keys")} (person_id, retention_class, period, wrapped_key, created_at, erased_at) VALUES (${personId}, '', 0, NULL, ${at}, ${at})
                  ON CONFLICT (person_id, retention_class, period) DO UPDATE SET wrapped_key = NULL, erased_at = COALESCE(${t("data_keys")}.erased_at, excluded.erased_at)`
              )
            )
          )
        ),
      // The old row version of a destroyed key stays in the table's file until no snapshot from before the
      // erasure is open (any session of this database, a replication slot, a prepared transaction); then
      // `VACUUM FULL` rewrites the (small) key table into a new file without it and the old file is removed.
      settleErasures: w(
        Effect.gen(function* () {
          const [head] = yield* sql<{ erasures: number; settled: number; xid: string | null }>`SELECT erasures::float8 AS erasures,
            settled_erasures::float8 AS settled, erasure_xid::text AS xid FROM ${t("store_head")} WHERE id = 1`
          if (head === undefined || head.settled >= head.erasures) return "complete" as const
          if (head.xid !== null) {
            const [old] = yield* sql<{ n: number }>`WITH horizon AS (SELECT pg_snapshot_xmax(pg_current_snapshot())::text::bigint - ${head.xid}::bigint AS since)
              SELECT ((SELECT count(*) FROM pg_stat_activity, horizon WHERE datname = current_database() AND pid <> pg_backend_pid()
                  AND backend_xmin IS NOT NULL AND age(backend_xmin) >= horizon.since)
                + (SELECT count(*) FROM pg_replication_slots, horizon WHERE (xmin IS NOT NULL AND age(xmin) >= horizon.since)
                  OR (catalog_xmin IS NOT NULL AND age(catalog_xmin) >= horizon.since))
                + (SELECT count(*) FROM pg_prepared_xacts WHERE database = current_database()))::int AS n`
            if ((old?.n ?? 0) > 0) return "pending" as const
          }
          const vacuumed = yield* Effect.either(sql`VACUUM FULL ${t("data_keys")}`)
          if (vacuumed._tag === "Left") return "pending" as const
          yield* sql`UPDATE ${t("store_head")} SET settled_erasures = ${head.erasures} WHERE id = 1 AND settled_erasures < ${head.erasures}`
          return "complete" as const
        })
      ),
      masterKeyChecks: w(sql<StoreDriver.MasterKeyCheck>`SELECT id, check_value AS "check" FROM ${t("master_key_checks")}`),
      addMasterKeyChecks: (rows) =>
        w(
          sql`INSERT INTO ${t("master_key_checks")} ${sql.insert(rows.map((r) => ({ id: r.id, check_value: r.check, created_at: Date.now() })))}
            ON CONFLICT (id) DO NOTHING`
        ),
      purgePersonal: (recordType, before, period, at) =>
        w(
          Effect.tap(
            sql.withTransaction(
              Effect.gen(function* () {
                yield* sql`UPDATE ${t("store_head")} SET erasures = erasures + 1 WHERE id = 1`
                const keys = yield* sql<{ personId: string }>`UPDATE ${t("data_keys")} SET wrapped_key = NULL, erased_at = ${at}
                  WHERE retention_class = ${recordType} AND period > 0 AND period < ${period} AND wrapped_key IS NOT NULL RETURNING person_id AS "personId"`
                const events = yield* sql<{ personId: string | null }>`UPDATE ${t("events")} SET sealed = ${StoreDriver.PURGED}
                  WHERE record_type = ${recordType} AND recorded_at < ${before} AND sealed IS NOT NULL AND sealed <> ${StoreDriver.PURGED}
                  RETURNING person_id AS "personId"`
                return [...new Set([...keys, ...events].flatMap((r) => (r.personId === null ? [] : [r.personId])))]
              })
            ),
            // As after an erasure: the key table is rewritten so that the destroyed keys' old row versions do not linger in its file.
            () => Effect.ignore(sql`VACUUM FULL ${t("data_keys")}`)
          )
        ),
      // The table lock (which readers do not wait for) keeps the chain linear with several writers: the
      // next writer reads the newest entry only after this one commits.
      insertAccess: (rows) =>
        w(
          sql.withTransaction(
            Effect.gen(function* () {
              yield* sql`LOCK TABLE ${t("access_log")} IN SHARE ROW EXCLUSIVE MODE`
              const [last] = yield* sql<{ id: number; hash: string }>`SELECT id::float8 AS id, hash FROM ${t("access_log")} ORDER BY id DESC LIMIT 1`
              for (const part of StoreDriver.chunks(StoreDriver.chainAccess(last, rows), 1000)) {
                yield* sql`INSERT INTO ${t("access_log")} ${sql.insert(part.map(StoreDriver.accessColumns))}`
              }
            })
          )
        ),
      accessFor: (personId, subjects) =>
        w(sql<StoreDriver.AccessRow>`SELECT ${ACCESS} FROM ${t("access_log")} a WHERE a.person_id = ${personId}
          OR (a.person_id IS NULL AND a.from_position IS NOT NULL AND (EXISTS (
            SELECT 1 FROM ${t("events")} e WHERE e.person_id IN (SELECT json_array_elements_text(${JSON.stringify(subjects)}::json))
              AND e.position BETWEEN a.from_position AND a.to_position AND (a.stream_id IS NULL OR e.stream_id = a.stream_id)) OR EXISTS (
            SELECT 1 FROM ${t("event_people")} p JOIN ${t("events")} e ON e.position = p.position
            WHERE p.subject_id IN (SELECT json_array_elements_text(${JSON.stringify(subjects)}::json))
              AND p.position BETWEEN a.from_position AND a.to_position AND (a.stream_id IS NULL OR e.stream_id = a.stream_id))))
          ORDER BY a.id`),
      accessPage: (afterId, limit) =>
        w(sql<StoreDriver.AccessRow>`SELECT ${ACCESS} FROM ${t("access_log")} WHERE id > ${afterId} ORDER BY id LIMIT ${limit}`),
      outboxPending: (limit) =>
        w(sql<StoreDriver.OutboxRow>`SELECT id::float8 AS id, position::float8 AS position, topic, payload, person_id AS "personId",
          created_at::float8 AS "createdAt" FROM ${t("outbox")} WHERE dispatched_at IS NULL ORDER BY id LIMIT ${limit}`),
      outboxMarkDone: (ids, at) =>
        w(
          Effect.forEach(
            StoreDriver.chunks(ids, 1000),
            (part) => sql`UPDATE ${t("outbox")} SET dispatched_at = ${at} WHERE id IN ${sql.in(part)} AND dispatched_at IS NULL`,
            { discard: true }
          )
        ),
      // SKIP LOCKED: concurrent claimers pass over the entries another has locked, so none gets one twice.
      outboxClaim: (owner, now, until, limit, topics) =>
        w(sql<StoreDriver.OutboxRow>`UPDATE ${t("outbox")} SET claimed_by = ${owner}, claimed_until = ${until}
          WHERE id IN (SELECT id FROM ${t("outbox")} WHERE dispatched_at IS NULL AND (claimed_until IS NULL OR claimed_until < ${now})
            AND (${topics === null} OR topic IN (SELECT json_array_elements_text(${JSON.stringify(topics ?? [])}::json)))
            ORDER BY id LIMIT ${limit} FOR UPDATE SKIP LOCKED)
          RETURNING id::float8 AS id, position::float8 AS position, topic, payload, person_id AS "personId", created_at::float8 AS "createdAt"`).pipe(
          Effect.map((rows) => [...rows].sort((a, b) => a.id - b.id))
        ),
      deliveriesPlan: (outboxId, rows, now) =>
        w(
          sql.withTransaction(
            Effect.gen(function* () {
              const marked = yield* sql<{ id: number }>`UPDATE ${t("outbox")} SET dispatched_at = COALESCE(dispatched_at, ${now}), claimed_by = NULL, claimed_until = NULL
                WHERE id = ${outboxId} RETURNING id::float8 AS id`
              if (marked.length === 0) return undefined
              let inserted = 0
              for (const part of StoreDriver.chunks(rows, 1000)) {
                const r = yield* sql<{ id: string }>`INSERT INTO ${t("deliveries")} ${sql.insert(part.map(StoreDriver.deliveryColumns))}
                  ON CONFLICT (delivery_id) DO NOTHING RETURNING delivery_id AS id`
                inserted += r.length
              }
              return inserted
            })
          )
        ),
      deliveriesClaim: (owner, now, until, limit) =>
        w(sql<StoreDriver.DeliveryRow>`UPDATE ${t("deliveries")} SET status = 'sending', lease_owner = ${owner}, lease_until = ${until},
            attempts = attempts + 1, updated_at = ${now}
          WHERE delivery_id IN (SELECT delivery_id FROM ${t("deliveries")}
            WHERE (status = 'pending' AND next_attempt_at <= ${now}) OR (status = 'sending' AND lease_until < ${now})
            ORDER BY COALESCE(next_attempt_at, lease_until), delivery_id LIMIT ${limit} FOR UPDATE SKIP LOCKED)
          RETURNING ${DELIVERY}`),
      deliveriesSettle: (deliveryId, owner, st, now) =>
        w(
          Effect.map(
            sql<{ id: string }>`UPDATE ${t("deliveries")} SET status = ${st.status}, provider_message_id = COALESCE(${st.providerMessageId}::text, provider_message_id),
              consent_record = COALESCE(${st.consentRecord}::text, consent_record), last_error = ${st.lastError}::text, next_attempt_at = ${st.nextAttemptAt}::bigint,
              attempts = GREATEST(0, attempts + ${st.attemptDelta}::int), lease_owner = NULL, lease_until = NULL, updated_at = ${now}
              WHERE delivery_id = ${deliveryId} AND status = 'sending' AND lease_owner = ${owner} RETURNING delivery_id AS id`,
            (r) => r.length === 1
          )
        ),
      deliveriesRequeue: (now) =>
        w(
          Effect.map(
            sql<{ id: string }>`UPDATE ${t("deliveries")} SET status = 'pending', attempts = 0, next_attempt_at = ${now}, updated_at = ${now}
              WHERE status = 'parked' RETURNING delivery_id AS id`,
            (r) => r.length
          )
        ),
      deliveriesCounts: w(sql<{ status: string; count: number; oldest: number | null }>`SELECT status, COUNT(*)::int AS count,
        MIN(next_attempt_at)::float8 AS oldest FROM ${t("deliveries")} GROUP BY status`),
      deliveriesList: (status, outboxId, limit) =>
        w(sql<StoreDriver.DeliveryRow>`SELECT ${DELIVERY} FROM ${t("deliveries")}
          WHERE (${status}::text IS NULL OR status = ${status}::text) AND (${outboxId}::bigint IS NULL OR outbox_id = ${outboxId}::bigint)
          ORDER BY created_at, delivery_id LIMIT ${limit}`),
      loadCheckpoint: (name) =>
        w(
          Effect.map(
            sql<{ position: number; version: number; state: string }>`SELECT position::float8 AS position, version, state
              FROM ${t("projection_checkpoints")} WHERE name = ${name}`,
            (r) => Option.fromNullable(r[0])
          )
        ),
      saveCheckpoint: (name, cp) =>
        w(sql`INSERT INTO ${t("projection_checkpoints")} (name, position, version, state, updated_at)
          VALUES (${name}, ${cp.position}, ${cp.version}, ${cp.state}, ${Date.now()})
          ON CONFLICT (name) DO UPDATE SET position = excluded.position, version = excluded.version, state = excluded.state, updated_at = excluded.updated_at`),
      // The database's clock decides expiry, so instances whose clocks differ agree on it.
      acquireLease: (name, owner, ttl) =>
        w(
          Effect.map(
            sql<StoreDriver.LeaseRow>`INSERT INTO ${t("projection_leases")} AS l (name, owner, epoch, expires_at)
              VALUES (${name}, ${owner}, 1, (extract(epoch FROM clock_timestamp()) * 1000)::bigint + ${ttl})
              ON CONFLICT (name) DO UPDATE SET epoch = CASE WHEN l.owner = excluded.owner THEN l.epoch ELSE l.epoch + 1 END,
                owner = excluded.owner, expires_at = excluded.expires_at
              WHERE l.owner = excluded.owner OR l.expires_at < (extract(epoch FROM clock_timestamp()) * 1000)::bigint
              RETURNING owner, epoch::float8 AS epoch, expires_at::float8 AS "expiresAt"`,
            (r) => Option.fromNullable(r[0])
          )
        ),
      releaseLease: (name, owner) => w(sql`UPDATE ${t("projection_leases")} SET expires_at = 0 WHERE name = ${name} AND owner = ${owner}`),
      leaseOf: (name) =>
        w(
          Effect.map(
            sql<StoreDriver.LeaseRow>`SELECT owner, epoch::float8 AS epoch, expires_at::float8 AS "expiresAt" FROM ${t("projection_leases")} WHERE name = ${name}`,
            (r) => Option.fromNullable(r[0])
          )
        ),
      // The lease row is locked first: a takeover waits for this save, or this save sees the new owner and saves nothing.
      saveCheckpointAsOwner: (name, cp, owner, epoch) =>
        w(
          sql.withTransaction(
            Effect.gen(function* () {
              const held = yield* sql`SELECT 1 FROM ${t("projection_leases")} WHERE name = ${name} AND owner = ${owner} AND epoch = ${epoch} FOR UPDATE`
              if (held.length === 0) return false
              yield* sql`INSERT INTO ${t("projection_checkpoints")} (name, position, version, state, updated_at)
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
 * The PostgreSQL client (a pool), with the store's schema migrated.
 *
 * @category layers
 */
export const clientLayer = (
  config: Omit<Config, "keyring">,
  options: { readonly migrate?: boolean } = {}
): Layer.Layer<PgClient.PgClient | SqlClient.SqlClient, StoreError.StoreError | StoreError.InvalidInput> =>
  Layer.scopedContext(
    Effect.gen(function* () {
      const schema = yield* schemaOf(config)
      const lockTimeout = yield* millis("lockTimeoutMillis", config.lockTimeoutMillis, 5000)
      const statementTimeout = yield* millis("statementTimeoutMillis", config.statementTimeoutMillis, 60_000)
      const url = yield* Effect.try({
        try: () => withTimeouts(typeof config.url === "string" ? config.url : Redacted.value(config.url), lockTimeout, statementTimeout),
        catch: () => new StoreError.InvalidInput({ field: "url", expected: "a postgres:// URL" })
      })
      const client = yield* PgClient.make({
        url: Redacted.make(url),
        maxConnections: config.maxConnections ?? 10,
        applicationName: "vertaistuki"
      }).pipe(
        Effect.catchAllDefect((d) => Effect.fail(toStoreError(d))),
        Effect.mapError(asStoreError),
        Effect.provide(Reactivity.layer)
      )
      const ctx = Context.make(PgClient.PgClient, client).pipe(Context.add(SqlClient.SqlClient, client))
      if (options.migrate !== false) {
        yield* Migrations.run(schema).pipe(
          Effect.provide(ctx),
          Effect.catchAllDefect((d) => Effect.fail(toStoreError(d))),
          Effect.mapError(asStoreError)
        )
      }
      return ctx
    })
  )

/**
 * The store driver on PostgreSQL.
 *
 * @category layers
 */
export const driverLayer = (
  config: Omit<Config, "keyring">
): Layer.Layer<StoreDriver.StoreDriver, StoreError.StoreError | StoreError.InvalidInput> =>
  Layer.effect(
    StoreDriver.StoreDriver,
    Effect.flatMap(schemaOf(config), makeDriver)
  ).pipe(Layer.provide(clientLayer(config)))

/**
 * Every service of the port on PostgreSQL.
 *
 * @example
 * ```ts
 * import { MasterKey } from "@vertaistuki/store"
 * import { PgEventStore } from "@vertaistuki/store-postgres"
 * const layer = PgEventStore.layer({ url: "postgres://postgres@127.0.0.1:5432/test", keyring: MasterKey.unsafeKeyring(MasterKey.generate()) })
 * ```
 *
 * @category layers
 */
export const layer = (config: Config): Layer.Layer<StoreDriver.Services, StoreError.StoreError | StoreError.InvalidInput> =>
  StoreDriver.layer(config.keyring).pipe(Layer.provide(driverLayer(config)))

/**
 * Every service of the port and the SQL client (pool) they use, for a service that keeps tables of its
 * own in the store's schema over the same pool (e.g. `@vertaistuki/api`'s local accounts).
 *
 * @category layers
 */
export const layerWithClient = (
  config: Config
): Layer.Layer<StoreDriver.Services | PgClient.PgClient | SqlClient.SqlClient, StoreError.StoreError | StoreError.InvalidInput> =>
  StoreDriver.layer(config.keyring).pipe(
    Layer.provide(Layer.effect(StoreDriver.StoreDriver, Effect.flatMap(schemaOf(config), makeDriver))),
    Layer.provideMerge(clientLayer(config))
  )

/**
 * `layer` from configuration.
 *
 * @example
 * ```ts
 * import { Config } from "effect"
 * import { MasterKey } from "@vertaistuki/store"
 * import { PgEventStore } from "@vertaistuki/store-postgres"
 * const layer = PgEventStore.layerConfig({ url: Config.redacted("DATABASE_URL"), keyring: MasterKey.config() })
 * ```
 *
 * @category layers
 */
export const layerConfig = (
  config: C.Config.Wrap<Config>
): Layer.Layer<StoreDriver.Services, StoreError.StoreError | StoreError.InvalidInput | ConfigError.ConfigError> =>
  Layer.unwrapEffect(Effect.map(C.unwrap(config), layer))

/**
 * Applies pending migrations and returns what was applied.
 *
 * @category constructors
 */
export const migrate = (config: Omit<Config, "keyring">) =>
  Effect.scoped(
    Effect.gen(function* () {
      const schema = yield* schemaOf(config)
      const ctx = yield* Layer.build(clientLayer(config, { migrate: false }))
      const applied = yield* Migrations.run(schema).pipe(
        Effect.provide(ctx),
        Effect.catchAllDefect((d) => Effect.fail(toStoreError(d))),
        Effect.mapError(asStoreError)
      )
      return applied.map(([id, name]) => ({ id, name }))
    })
  )
