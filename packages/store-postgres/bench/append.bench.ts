// Batched append of 200,000 events through the store (personal fields encrypted) next to `pg` doing the
// same inserts by hand: multi-row INSERTs of 1,000 rows, one transaction per batch, the server's default
// durability (synchronous_commit = on) for both. Every run and side gets a new schema, dropped after it.
// The rounds and the table are shared with the SQLite benchmark (packages/store/bench/append.ts).
import { EventStore, MasterKey } from "@vertaistuki/store"
import { ManagedRuntime } from "effect"
import pg from "pg"
import { BATCH, type BenchEvent, runAppendBench, TOTAL } from "../../store/bench/append.js"
import { PgEventStore } from "../src/index.js"

const url = process.env.VERTAISTUKI_TEST_PG_URL ?? "postgres://postgres@127.0.0.1:5432/test"
const prefix = `bench_${process.pid}_${Date.now().toString(36)}`

const admin = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 })
try {
  await admin.connect()
} catch (e) {
  console.log(`PostgreSQL at ${url} is unreachable (${e instanceof Error ? e.message : String(e)}); skipping the PostgreSQL benchmark.`)
  process.exit(0)
}

const keyring = MasterKey.unsafeKeyring(MasterKey.generate())
/** Every schema this benchmark made, dropped at the end even if a run fails. */
const made = new Set<string>()
const drop = async (schema: string) => {
  await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`)
  made.delete(schema)
}

const insertText = (schema: string) =>
  `INSERT INTO "${schema}".events VALUES ${Array.from({ length: BATCH }, (_, i) => `(${Array.from({ length: 9 }, (_, k) => `$${i * 9 + k + 1}`).join(", ")})`).join(", ")}`

const openRaw = async (run: number) => {
  const schema = `${prefix}_raw_${run}`
  made.add(schema)
  await admin.query(`CREATE SCHEMA "${schema}"`)
  await admin.query(`CREATE TABLE "${schema}".events (position bigint PRIMARY KEY, stream_id text NOT NULL, version integer NOT NULL CHECK (version > 0), type text NOT NULL,
    data text NOT NULL, person_id text, sealed text, record_type text NOT NULL, recorded_at bigint NOT NULL, UNIQUE (stream_id, version))`)
  await admin.query(`CREATE INDEX ON "${schema}".events (person_id) WHERE person_id IS NOT NULL`)
  const raw = new pg.Client({ connectionString: url })
  await raw.connect()
  const text = insertText(schema)
  let position = 0
  const batch = async (b: number, events: ReadonlyArray<BenchEvent>) => {
    const params: Array<unknown> = []
    for (const [i, e] of events.entries()) {
      params.push(++position, `group-${b}`, i + 1, e.type, JSON.stringify(e.data), e.personId, JSON.stringify(e.personal), e.type, Date.now())
    }
    await raw.query("BEGIN")
    await raw.query(text, params)
    await raw.query("COMMIT")
  }
  return {
    value: batch,
    close: async () => {
      await raw.end()
      await drop(schema)
    }
  }
}

const openStore = async (run: number, side: string) => {
  const schema = `${prefix}_${side}_${run}`
  made.add(schema)
  const runtime = ManagedRuntime.make(PgEventStore.layer({ url, schema, keyring }))
  return {
    value: await runtime.runPromise(EventStore.EventStore),
    close: async () => {
      await runtime.dispose()
      await drop(schema)
    }
  }
}

try {
  await runAppendBench({
    title: `PostgreSQL: ${TOTAL.toLocaleString("en")} events in batches of ${BATCH}, multi-row INSERT, one transaction per batch`,
    raw: { label: "raw pg", open: openRaw },
    store: { label: "store-postgres", open: openStore }
  })
} finally {
  for (const schema of [...made]) await drop(schema)
  await admin.end()
}
