// Batched append of 200,000 events through the store (personal fields encrypted) next to `pg` doing the
// same inserts by hand: multi-row INSERTs of 1,000 rows, one transaction per batch, the server's default
// durability (synchronous_commit = on) for both. The rounds and the table are shared with the SQLite
// benchmark (packages/store/bench/append.ts).
import { EventStore, MasterKey } from "@vertaistuki/store"
import { ManagedRuntime } from "effect"
import pg from "pg"
import { BATCH, type BenchEvent, runAppendBench, TOTAL } from "../../store/bench/append.js"
import { PgEventStore } from "../src/index.js"

const url = process.env.VERTAISTUKI_TEST_PG_URL ?? "postgres://postgres@127.0.0.1:5432/test"
const run = `bench_${process.pid}_${Date.now().toString(36)}`

const admin = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 })
try {
  await admin.connect()
} catch (e) {
  console.log(`PostgreSQL at ${url} is unreachable (${e instanceof Error ? e.message : String(e)}); skipping the PostgreSQL benchmark.`)
  process.exit(0)
}

const rawSchema = `${run}_raw`
await admin.query(`CREATE SCHEMA "${rawSchema}"`)
await admin.query(`CREATE TABLE "${rawSchema}".events (position bigint PRIMARY KEY, stream_id text NOT NULL, version integer NOT NULL, type text NOT NULL,
  data text NOT NULL, person_id text, sealed text, record_type text NOT NULL, recorded_at bigint NOT NULL, UNIQUE (stream_id, version))`)
await admin.query(`CREATE INDEX ON "${rawSchema}".events (person_id) WHERE person_id IS NOT NULL`)
const raw = new pg.Client({ connectionString: url })
await raw.connect()
const insertText = `INSERT INTO "${rawSchema}".events VALUES ${Array.from({ length: BATCH }, (_, i) => `(${Array.from({ length: 9 }, (_, k) => `$${i * 9 + k + 1}`).join(", ")})`).join(", ")}`
let position = 0
const rawBatch = async (b: number, events: ReadonlyArray<BenchEvent>) => {
  const params: Array<unknown> = []
  for (const [i, e] of events.entries()) {
    params.push(++position, `group-${b}`, i + 1, e.type, JSON.stringify(e.data), e.personId, JSON.stringify(e.personal), e.type, Date.now())
  }
  await raw.query("BEGIN")
  await raw.query(insertText, params)
  await raw.query("COMMIT")
}

const keyring = MasterKey.unsafeKeyring(MasterKey.generate())
const runtime = ManagedRuntime.make(PgEventStore.layer({ url, schema: `${run}_ours`, keyring }))
const plainRuntime = ManagedRuntime.make(PgEventStore.layer({ url, schema: `${run}_plain`, keyring }))

try {
  await runAppendBench({
    title: `PostgreSQL: ${TOTAL.toLocaleString("en")} events in batches of ${BATCH}, multi-row INSERT, one transaction per batch`,
    raw: { label: "raw pg", batch: rawBatch },
    store: {
      label: "store-postgres",
      eventStore: await runtime.runPromise(EventStore.EventStore),
      plainEventStore: await plainRuntime.runPromise(EventStore.EventStore)
    }
  })
} finally {
  await raw.end()
  await runtime.dispose()
  await plainRuntime.dispose()
  await admin.query(`DROP SCHEMA IF EXISTS "${rawSchema}" CASCADE`)
  await admin.query(`DROP SCHEMA IF EXISTS "${run}_ours" CASCADE`)
  await admin.query(`DROP SCHEMA IF EXISTS "${run}_plain" CASCADE`)
  await admin.end()
}
