import { createHash } from "node:crypto"
import * as Migrator from "@effect/sql/Migrator"
import * as SqlClient from "@effect/sql/SqlClient"
import { StoreDriver } from "@vertaistuki/store"
import { Effect } from "effect"

const statements = (...sqls: ReadonlyArray<string>) =>
  Effect.flatMap(SqlClient.SqlClient, (sql) => Effect.forEach(sqls, (s) => sql.unsafe(s), { discard: true }))

/** The channel a schema's appends notify: short enough for any schema name (PostgreSQL allows 63 bytes). */
export const headChannel = (schema: string): string => `vertaistuki_head_${createHash("sha256").update(schema).digest("hex").slice(0, 20)}`

/** The schema's migrations, with every table qualified by `schema` (already validated). */
export const loader = (schema: string) => {
  const t = (name: string) => `"${schema}"."${name}"`
  const refuse = (table: string, what: string, cols = "") =>
    `CREATE TRIGGER ${table}_refuse_${what.toLowerCase()} BEFORE ${what}${cols} ON ${t(table)}
      FOR EACH STATEMENT EXECUTE FUNCTION ${t("refuse_change")}()`
  return Migrator.fromRecord({
    "0001_event_store": statements(
      `CREATE TABLE ${t("store_head")} (id int PRIMARY KEY CHECK (id = 1), position bigint NOT NULL)`,
      `INSERT INTO ${t("store_head")} (id, position) VALUES (1, 0)`,
      `CREATE TABLE ${t("events")} (
        position bigint PRIMARY KEY,
        stream_id text NOT NULL,
        version integer NOT NULL CHECK (version > 0),
        type text NOT NULL,
        data text NOT NULL,
        person_id text,
        sealed text,
        record_type text NOT NULL,
        recorded_at bigint NOT NULL,
        UNIQUE (stream_id, version)
      )`,
      `CREATE INDEX events_person ON ${t("events")} (person_id) WHERE person_id IS NOT NULL`,
      `CREATE FUNCTION ${t("refuse_change")}() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP; END $$`,
      refuse("events", "DELETE"),
      refuse("events", "TRUNCATE"),
      refuse("events", "UPDATE", " OF position, stream_id, version, type, data, person_id, record_type, recorded_at"),
      `CREATE TABLE ${t("data_keys")} (
        person_id text PRIMARY KEY,
        wrapped_key text,
        created_at bigint NOT NULL,
        erased_at bigint
      )`,
      `CREATE TABLE ${t("access_log")} (
        id bigserial PRIMARY KEY,
        at bigint NOT NULL,
        actor text NOT NULL,
        person_id text NOT NULL,
        action text NOT NULL,
        purpose text NOT NULL,
        legal_basis text NOT NULL,
        recipient text,
        detail text
      )`,
      `CREATE INDEX access_log_person ON ${t("access_log")} (person_id, id)`,
      refuse("access_log", "UPDATE"),
      refuse("access_log", "DELETE"),
      refuse("access_log", "TRUNCATE"),
      `CREATE TABLE ${t("outbox")} (
        id bigserial PRIMARY KEY,
        position bigint NOT NULL,
        topic text NOT NULL,
        payload text NOT NULL,
        person_id text,
        created_at bigint NOT NULL,
        dispatched_at bigint
      )`,
      `CREATE INDEX outbox_pending ON ${t("outbox")} (id) WHERE dispatched_at IS NULL`,
      `CREATE TABLE ${t("projection_checkpoints")} (
        name text PRIMARY KEY,
        position bigint NOT NULL,
        version integer NOT NULL,
        state text NOT NULL,
        updated_at bigint NOT NULL
      )`
    ),
    "0002_erasure_count": statements(`ALTER TABLE ${t("store_head")} ADD COLUMN erasures bigint NOT NULL DEFAULT 0`),
    // A key per owner, retention class and month; the existing keys become each person's key of class '' and period 0.
    "0003_key_classes": statements(
      `ALTER TABLE ${t("data_keys")} ADD COLUMN retention_class text NOT NULL DEFAULT '', ADD COLUMN period integer NOT NULL DEFAULT 0`,
      `ALTER TABLE ${t("data_keys")} DROP CONSTRAINT data_keys_pkey`,
      `ALTER TABLE ${t("data_keys")} ADD PRIMARY KEY (person_id, retention_class, period)`,
      `CREATE INDEX data_keys_class ON ${t("data_keys")} (retention_class, period) WHERE wrapped_key IS NOT NULL`
    ),
    "0004_master_key_checks": statements(
      `CREATE TABLE ${t("master_key_checks")} (id text PRIMARY KEY, check_value text NOT NULL, created_at bigint NOT NULL)`,
      `ALTER TABLE ${t("store_head")} ADD COLUMN settled_erasures bigint NOT NULL DEFAULT 0, ADD COLUMN erasure_xid bigint`
    ),
    // The access log gets its hash chain (existing entries are chained in id order) and reads of events,
    // whose entry names a range of positions instead of a person.
    "0005_access_log_chain": Effect.gen(function* () {
      const sql = yield* SqlClient.SqlClient
      yield* statements(
        `ALTER TABLE ${t("access_log")} ALTER COLUMN person_id DROP NOT NULL, ALTER COLUMN id DROP DEFAULT,
          ADD COLUMN stream_id text, ADD COLUMN from_position bigint, ADD COLUMN to_position bigint,
          ADD COLUMN previous_hash text, ADD COLUMN hash text`,
        `ALTER TABLE ${t("access_log")} DISABLE TRIGGER access_log_refuse_update`
      )
      const old = yield* sql.unsafe<Omit<StoreDriver.NewAccessRow, "streamId" | "fromPosition" | "toPosition"> & { readonly id: number }>(
        `SELECT id::float8 AS id, at::float8 AS at, actor, person_id AS "personId", action, purpose, legal_basis AS "legalBasis", recipient, detail
          FROM ${t("access_log")} ORDER BY id`
      )
      const chained = StoreDriver.chainAccess(
        undefined,
        old.map(({ id: _, ...r }) => ({ ...r, streamId: null, fromPosition: null, toPosition: null }))
      )
      // Renumbered 1, 2, … in the same order, so that the ids are the chain's.
      yield* sql.unsafe(`UPDATE ${t("access_log")} SET id = -id`)
      for (let i = 0; i < chained.length; i++) {
        const r = chained[i]!
        yield* sql.unsafe(`UPDATE ${t("access_log")} SET id = $1, previous_hash = $2, hash = $3 WHERE id = $4`, [r.id, r.previousHash, r.hash, -old[i]!.id])
      }
      yield* statements(
        `ALTER TABLE ${t("access_log")} ENABLE TRIGGER access_log_refuse_update`,
        `ALTER TABLE ${t("access_log")} ALTER COLUMN previous_hash SET NOT NULL, ALTER COLUMN hash SET NOT NULL`,
        `DROP SEQUENCE IF EXISTS ${t("access_log_id_seq")}`,
        `CREATE INDEX access_log_ranges ON ${t("access_log")} (id) WHERE person_id IS NULL`
      )
    }),
    // Which people and participations each event names, for the export and a person's access log.
    "0006_event_people": Effect.gen(function* () {
      const sql = yield* SqlClient.SqlClient
      yield* statements(
        `CREATE TABLE ${t("event_people")} (position bigint NOT NULL, subject_id text NOT NULL, PRIMARY KEY (subject_id, position))`,
        refuse("event_people", "UPDATE"),
        refuse("event_people", "DELETE"),
        refuse("event_people", "TRUNCATE")
      )
      let after = 0
      for (;;) {
        const rows = yield* sql.unsafe<{ position: number; personId: string | null; data: string }>(
          `SELECT position::float8 AS position, person_id AS "personId", data FROM ${t("events")} WHERE position > $1 ORDER BY position LIMIT 5000`,
          [after]
        )
        const pairs = rows.flatMap((r) => StoreDriver.subjectsOf(r.personId, JSON.parse(r.data)).map((subject_id) => ({ position: r.position, subject_id })))
        for (const part of StoreDriver.chunks(pairs, 1000)) yield* sql`INSERT INTO ${sql.literal(t("event_people"))} ${sql.insert(part)}`
        if (rows.length < 5000) return
        after = rows[rows.length - 1]!.position
      }
    }),
    // Notifications: the outbox's claims (a lease) and the deliveries planned from it.
    "0007_deliveries": statements(
      `ALTER TABLE ${t("outbox")} ADD COLUMN claimed_by text, ADD COLUMN claimed_until bigint`,
      `CREATE TABLE ${t("deliveries")} (
        delivery_id text PRIMARY KEY,
        outbox_id bigint NOT NULL REFERENCES ${t("outbox")} (id),
        participant_id text NOT NULL,
        person_id text NOT NULL,
        channel text NOT NULL CHECK (channel IN ('email', 'sms')),
        template text NOT NULL,
        language text NOT NULL,
        deliver_at bigint NOT NULL,
        deadline bigint NOT NULL,
        status text NOT NULL CHECK (status IN ('pending', 'sending', 'sent', 'suppressed', 'expired', 'failed', 'parked')),
        attempts integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
        next_attempt_at bigint,
        lease_owner text,
        lease_until bigint,
        provider_message_id text,
        last_error text,
        consent_record text,
        intent text NOT NULL,
        created_at bigint NOT NULL,
        updated_at bigint NOT NULL
      )`,
      `CREATE INDEX deliveries_due ON ${t("deliveries")} (next_attempt_at) WHERE status = 'pending'`,
      `CREATE INDEX deliveries_leased ON ${t("deliveries")} (lease_until) WHERE status = 'sending'`,
      `CREATE INDEX deliveries_outbox ON ${t("deliveries")} (outbox_id)`,
      `CREATE INDEX deliveries_person ON ${t("deliveries")} (person_id)`
    ),
    // Which instance runs each projection: a lease renewed by its owner, taken over when it expires.
    "0008_projection_leases": statements(
      `CREATE TABLE ${t("projection_leases")} (name text PRIMARY KEY, owner text NOT NULL, epoch bigint NOT NULL, expires_at bigint NOT NULL)`
    ),
    // Every committed append notifies the schema's channel with the new head (delivered at commit).
    "0009_head_notify": statements(
      `CREATE FUNCTION ${t("notify_head")}() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN PERFORM pg_notify(TG_ARGV[0], NEW.position::text); RETURN NULL; END $$`,
      `CREATE TRIGGER store_head_notify AFTER UPDATE OF position ON ${t("store_head")}
        FOR EACH ROW WHEN (NEW.position <> OLD.position) EXECUTE FUNCTION ${t("notify_head")}('${headChannel(schema)}')`
    )
  })
}

/** Creates the schema if needed and applies the migrations not yet applied. */
export const run = (schema: string) =>
  Effect.flatMap(SqlClient.SqlClient, (sql) =>
    sql.withTransaction(
      // Several app instances may start at once: one migrates, the others wait and then find nothing to do.
      sql`SELECT pg_advisory_xact_lock(hashtext(${`vertaistuki-migrations:${schema}`}))`.pipe(
        Effect.zipRight(sql.unsafe(`CREATE SCHEMA IF NOT EXISTS "${schema}"`)),
        // The migrator's own table, created here so that its existence check cannot abort this transaction.
        Effect.zipRight(
          sql.unsafe(`CREATE TABLE IF NOT EXISTS "${schema}"."vertaistuki_migrations" (
            migration_id integer PRIMARY KEY, created_at timestamp with time zone NOT NULL DEFAULT now(), name text NOT NULL)`)
        ),
        Effect.zipRight(Migrator.make({})({ loader: loader(schema), table: `${schema}.vertaistuki_migrations` }))
      )
    )
  )
