import * as Migrator from "@effect/sql/Migrator"
import * as SqlClient from "@effect/sql/SqlClient"
import { StoreDriver } from "@vertaistuki/store"
import { Effect } from "effect"

const statements = (...sqls: ReadonlyArray<string>) =>
  Effect.flatMap(SqlClient.SqlClient, (sql) => Effect.forEach(sqls, (s) => sql.unsafe(s), { discard: true }))

const immutable = (table: string, what: string) => `CREATE TRIGGER ${table}_${what} BEFORE ${what.toUpperCase()} ON ${table}
  BEGIN SELECT RAISE(ABORT, '${table} is append-only'); END`

/** The schema, one migration per change; run by `@effect/sql`'s migrator. */
export const loader = Migrator.fromRecord({
  "0001_event_store": statements(
    `CREATE TABLE store_head (id INTEGER PRIMARY KEY CHECK (id = 1), position INTEGER NOT NULL)`,
    `INSERT INTO store_head (id, position) VALUES (1, 0)`,
    `CREATE TABLE events (
      position INTEGER PRIMARY KEY,
      stream_id TEXT NOT NULL,
      version INTEGER NOT NULL CHECK (version > 0),
      type TEXT NOT NULL,
      data TEXT NOT NULL,
      person_id TEXT,
      sealed TEXT,
      record_type TEXT NOT NULL,
      recorded_at INTEGER NOT NULL,
      UNIQUE (stream_id, version)
    )`,
    `CREATE INDEX events_person ON events (person_id) WHERE person_id IS NOT NULL`,
    `CREATE TRIGGER events_no_delete BEFORE DELETE ON events BEGIN SELECT RAISE(ABORT, 'events are never deleted'); END`,
    `CREATE TRIGGER events_only_sealed_changes BEFORE UPDATE OF position, stream_id, version, type, data, person_id, record_type, recorded_at ON events
      BEGIN SELECT RAISE(ABORT, 'events are immutable except for purging their sealed personal fields'); END`,
    `CREATE TABLE data_keys (
      person_id TEXT PRIMARY KEY,
      wrapped_key TEXT,
      created_at INTEGER NOT NULL,
      erased_at INTEGER
    )`,
    `CREATE TABLE access_log (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      at INTEGER NOT NULL,
      actor TEXT NOT NULL,
      person_id TEXT NOT NULL,
      action TEXT NOT NULL,
      purpose TEXT NOT NULL,
      legal_basis TEXT NOT NULL,
      recipient TEXT,
      detail TEXT
    )`,
    `CREATE INDEX access_log_person ON access_log (person_id, id)`,
    immutable("access_log", "update"),
    immutable("access_log", "delete"),
    `CREATE TABLE outbox (
      id INTEGER PRIMARY KEY AUTOINCREMENT,
      position INTEGER NOT NULL,
      topic TEXT NOT NULL,
      payload TEXT NOT NULL,
      person_id TEXT,
      created_at INTEGER NOT NULL,
      dispatched_at INTEGER
    )`,
    `CREATE INDEX outbox_pending ON outbox (id) WHERE dispatched_at IS NULL`,
    `CREATE TABLE projection_checkpoints (
      name TEXT PRIMARY KEY,
      position INTEGER NOT NULL,
      version INTEGER NOT NULL,
      state TEXT NOT NULL,
      updated_at INTEGER NOT NULL
    )`
  ),
  "0002_erasure_count": statements(`ALTER TABLE store_head ADD COLUMN erasures INTEGER NOT NULL DEFAULT 0`),
  // A key per owner, retention class and month; the existing keys become each person's key of class "" and period 0.
  "0003_key_classes": statements(
    `CREATE TABLE data_keys_by_class (
      person_id TEXT NOT NULL,
      retention_class TEXT NOT NULL DEFAULT '',
      period INTEGER NOT NULL DEFAULT 0,
      wrapped_key TEXT,
      created_at INTEGER NOT NULL,
      erased_at INTEGER,
      PRIMARY KEY (person_id, retention_class, period)
    )`,
    `INSERT INTO data_keys_by_class (person_id, retention_class, period, wrapped_key, created_at, erased_at)
      SELECT person_id, '', 0, wrapped_key, created_at, erased_at FROM data_keys`,
    `DROP TABLE data_keys`,
    `ALTER TABLE data_keys_by_class RENAME TO data_keys`,
    `CREATE INDEX data_keys_class ON data_keys (retention_class, period) WHERE wrapped_key IS NOT NULL`
  ),
  "0004_master_key_checks": statements(
    `CREATE TABLE master_key_checks (id TEXT PRIMARY KEY, check_value TEXT NOT NULL, created_at INTEGER NOT NULL)`,
    `ALTER TABLE store_head ADD COLUMN settled_erasures INTEGER NOT NULL DEFAULT 0`
  ),
  // The access log gets its hash chain (existing entries are chained in id order) and reads of events,
  // whose entry names a range of positions instead of a person.
  "0005_access_log_chain": Effect.gen(function* () {
    const sql = yield* SqlClient.SqlClient
    yield* sql.unsafe(`CREATE TABLE access_log_chained (
      id INTEGER PRIMARY KEY,
      at INTEGER NOT NULL,
      actor TEXT NOT NULL,
      person_id TEXT,
      action TEXT NOT NULL,
      purpose TEXT NOT NULL,
      legal_basis TEXT NOT NULL,
      recipient TEXT,
      detail TEXT,
      stream_id TEXT,
      from_position INTEGER,
      to_position INTEGER,
      previous_hash TEXT NOT NULL,
      hash TEXT NOT NULL
    )`)
    const old = yield* sql<Omit<StoreDriver.NewAccessRow, "streamId" | "fromPosition" | "toPosition">>`SELECT at, actor, person_id AS "personId", action,
      purpose, legal_basis AS "legalBasis", recipient, detail FROM access_log ORDER BY id`
    const chained = StoreDriver.chainAccess(
      undefined,
      old.map((r) => ({ ...r, streamId: null, fromPosition: null, toPosition: null }))
    )
    for (const part of StoreDriver.chunks(chained, 500)) yield* sql`INSERT INTO access_log_chained ${sql.insert(part.map(StoreDriver.accessColumns))}`
    yield* statements(
      `DROP TABLE access_log`,
      `ALTER TABLE access_log_chained RENAME TO access_log`,
      `CREATE INDEX access_log_person ON access_log (person_id, id)`,
      `CREATE INDEX access_log_ranges ON access_log (id) WHERE person_id IS NULL`,
      immutable("access_log", "update"),
      immutable("access_log", "delete")
    )
  }),
  // Which people and participations each event names, for the export and a person's access log.
  "0006_event_people": Effect.gen(function* () {
    const sql = yield* SqlClient.SqlClient
    yield* sql.unsafe(`CREATE TABLE event_people (position INTEGER NOT NULL, subject_id TEXT NOT NULL, PRIMARY KEY (subject_id, position)) WITHOUT ROWID`)
    yield* sql.unsafe(immutable("event_people", "update"))
    yield* sql.unsafe(immutable("event_people", "delete"))
    let after = 0
    for (;;) {
      const rows = yield* sql<{ position: number; personId: string | null; data: string }>`SELECT position, person_id AS "personId", data FROM events
        WHERE position > ${after} ORDER BY position LIMIT 5000`
      const pairs = rows.flatMap((r) => StoreDriver.subjectsOf(r.personId, JSON.parse(r.data)).map((subject_id) => ({ position: r.position, subject_id })))
      for (const part of StoreDriver.chunks(pairs, 500)) yield* sql`INSERT INTO event_people ${sql.insert(part)}`
      if (rows.length < 5000) return
      after = rows[rows.length - 1]!.position
    }
  }),
  // Notifications: the outbox's claims (a lease) and the deliveries planned from it.
  "0007_deliveries": statements(
    `ALTER TABLE outbox ADD COLUMN claimed_by TEXT`,
    `ALTER TABLE outbox ADD COLUMN claimed_until INTEGER`,
    `CREATE TABLE deliveries (
      delivery_id TEXT PRIMARY KEY,
      outbox_id INTEGER NOT NULL REFERENCES outbox (id),
      participant_id TEXT NOT NULL,
      person_id TEXT NOT NULL,
      channel TEXT NOT NULL CHECK (channel IN ('email', 'sms')),
      template TEXT NOT NULL,
      language TEXT NOT NULL,
      deliver_at INTEGER NOT NULL,
      deadline INTEGER NOT NULL,
      status TEXT NOT NULL CHECK (status IN ('pending', 'sending', 'sent', 'suppressed', 'expired', 'failed', 'parked')),
      attempts INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
      next_attempt_at INTEGER,
      lease_owner TEXT,
      lease_until INTEGER,
      provider_message_id TEXT,
      last_error TEXT,
      consent_record TEXT,
      intent TEXT NOT NULL,
      created_at INTEGER NOT NULL,
      updated_at INTEGER NOT NULL
    )`,
    `CREATE INDEX deliveries_due ON deliveries (next_attempt_at) WHERE status = 'pending'`,
    `CREATE INDEX deliveries_leased ON deliveries (lease_until) WHERE status = 'sending'`,
    `CREATE INDEX deliveries_outbox ON deliveries (outbox_id)`,
    `CREATE INDEX deliveries_person ON deliveries (person_id)`
  ),
  // Which process runs each projection: a lease renewed by its owner, taken over when it expires.
  "0008_projection_leases": Effect.flatMap(SqlClient.SqlClient, (sql) =>
    sql.unsafe(`CREATE TABLE projection_leases (name TEXT PRIMARY KEY, owner TEXT NOT NULL, epoch INTEGER NOT NULL, expires_at INTEGER NOT NULL)`)
  )
})

/**
 * Applies the migrations not yet applied; returns those it applied. Several processes may open a fresh
 * file at once: the migration runs in one transaction whose first statement writes (the header's
 * `user_version`, otherwise unused), so it holds the write lock throughout and the others wait for it,
 * then find nothing to do.
 */
export const run = Effect.flatMap(SqlClient.SqlClient, (sql) =>
  sql.withTransaction(
    Effect.zipRight(sql.unsafe("PRAGMA user_version = 1"), Migrator.make({})({ loader, table: "vertaistuki_migrations" }))
  )
)
