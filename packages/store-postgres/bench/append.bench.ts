// Batched append of 200,000 events through the store (personal fields encrypted) next to `pg` doing the
// same inserts by hand: multi-row INSERTs of 1,000 rows, one transaction per batch, the server's default
// durability (synchronous_commit = on) for both. The two alternate in rounds of 20 batches.
import { EventStore, MasterKey } from "@vertaistuki/store"
import { Effect, ManagedRuntime } from "effect"
import pg from "pg"
import { PgEventStore } from "../src/index.js"

const url = process.env.VERTAISTUKI_TEST_PG_URL ?? "postgres://postgres@127.0.0.1:5432/test"
const TOTAL = Number(process.env.BENCH_EVENTS ?? 200_000)
const BATCH = 1000
const ROUND = 20
const run = `bench_${process.pid}_${Date.now().toString(36)}`

const admin = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 })
try {
  await admin.connect()
} catch (e) {
  console.log(`PostgreSQL at ${url} is unreachable (${e instanceof Error ? e.message : String(e)}); skipping the PostgreSQL benchmark.`)
  process.exit(0)
}

const eventOf = (i: number) => ({
  type: "ParticipantEnrolled",
  data: { participantId: `p-${i % 5000}`, groupId: `g-${Math.floor(i / BATCH)}`, at: "2026-01-15T10:00:00.000Z" },
  personId: `p-${i % 5000}`,
  personal: { name: `Person ${i % 5000}`, phone: `+35840${String(i % 5000).padStart(7, "0")}` }
})
const batches = Array.from({ length: TOTAL / BATCH }, (_, b) => Array.from({ length: BATCH }, (_, i) => eventOf(b * BATCH + i)))
const plain = batches.map((events) => events.map(({ personal: _, ...e }) => e))

const rawSchema = `${run}_raw`
await admin.query(`CREATE SCHEMA "${rawSchema}"`)
await admin.query(`CREATE TABLE "${rawSchema}".events (position bigint PRIMARY KEY, stream_id text NOT NULL, version integer NOT NULL, type text NOT NULL,
  data text NOT NULL, person_id text, sealed text, record_type text NOT NULL, recorded_at bigint NOT NULL, UNIQUE (stream_id, version))`)
await admin.query(`CREATE INDEX ON "${rawSchema}".events (person_id) WHERE person_id IS NOT NULL`)
const raw = new pg.Client({ connectionString: url })
await raw.connect()
const insertText = `INSERT INTO "${rawSchema}".events VALUES ${Array.from({ length: BATCH }, (_, i) => `(${Array.from({ length: 9 }, (_, k) => `$${i * 9 + k + 1}`).join(", ")})`).join(", ")}`
let position = 0
const rawBatch = async (b: number) => {
  const params: Array<unknown> = []
  for (const [i, e] of batches[b]!.entries()) {
    params.push(++position, `group-${b}`, i + 1, e.type, JSON.stringify(e.data), e.personId, JSON.stringify(e.personal), e.type, Date.now())
  }
  await raw.query("BEGIN")
  await raw.query(insertText, params)
  await raw.query("COMMIT")
}

const runtime = ManagedRuntime.make(PgEventStore.layer({ url, schema: `${run}_ours`, keyring: MasterKey.unsafeKeyring(MasterKey.generate()) }))
const store = await runtime.runPromise(EventStore.EventStore)

try {
  let rawMs = 0
  let oursMs = 0
  let plainMs = 0
  for (let r = 0; r < batches.length; r += ROUND) {
    const round = Array.from({ length: Math.min(ROUND, batches.length - r) }, (_, k) => r + k)
    let t0 = performance.now()
    for (const b of round) await rawBatch(b)
    rawMs += performance.now() - t0
    t0 = performance.now()
    await runtime.runPromise(Effect.forEach(round, (b) => store.append(`group-${b}`, 0, batches[b]!), { discard: true }))
    oursMs += performance.now() - t0
    t0 = performance.now()
    await runtime.runPromise(Effect.forEach(round, (b) => store.append(`plain-${b}`, 0, plain[b]!), { discard: true }))
    plainMs += performance.now() - t0
  }
  const rate = (ms: number) => Math.round(TOTAL / (ms / 1000))
  const ratio = rate(oursMs) / rate(rawMs)
  console.log(`PostgreSQL: ${TOTAL.toLocaleString("en")} events in batches of ${BATCH}, multi-row INSERT, one transaction per batch (each event of the encrypted run carries a name and a phone number)`)
  console.table([
    { run: "raw pg, plaintext", seconds: (rawMs / 1000).toFixed(2), "rows/s": rate(rawMs), "× raw": "1.00", "goal ≥ 0.5×": "" },
    {
      run: "store-postgres, personal fields encrypted",
      seconds: (oursMs / 1000).toFixed(2),
      "rows/s": rate(oursMs),
      "× raw": ratio.toFixed(2),
      "goal ≥ 0.5×": ratio >= 0.5 ? "met" : "NOT met"
    },
    { run: "store-postgres, no personal fields", seconds: (plainMs / 1000).toFixed(2), "rows/s": rate(plainMs), "× raw": (rate(plainMs) / rate(rawMs)).toFixed(2), "goal ≥ 0.5×": "" }
  ])
} finally {
  await raw.end()
  await runtime.dispose()
  await admin.query(`DROP SCHEMA IF EXISTS "${rawSchema}" CASCADE`)
  await admin.query(`DROP SCHEMA IF EXISTS "${run}_ours" CASCADE`)
  await admin.end()
}
