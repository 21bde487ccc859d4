// Appends per second with 1, 4 and 16 writer processes, each appending one event at a time to a stream of
// its own, on one PostgreSQL schema: every append takes the single `store_head` row lock, so this shows
// whether the head lock makes throughput collapse as writers are added (goal: 16 writers ≥ 1 writer).
import { type ChildProcess, spawn } from "node:child_process"
import { createInterface } from "node:readline"
import { MasterKey } from "@vertaistuki/store"
import { Effect } from "effect"
import pg from "pg"
import { PgEventStore } from "../src/index.js"

const url = process.env.VERTAISTUKI_TEST_PG_URL ?? "postgres://postgres@127.0.0.1:5432/test"
const MILLIS = Number(process.env.VT_WRITERS_MILLIS ?? 5000)
const key = MasterKey.generate()

const round = async (writers: number): Promise<number> => {
  const schema = `vt_bench_writers_${process.pid}_${writers}`
  await Effect.runPromise(PgEventStore.migrate({ url, schema }))
  const children: Array<ChildProcess> = []
  const ready: Array<Promise<void>> = []
  const counts: Array<Promise<number>> = []
  for (let w = 0; w < writers; w++) {
    const p = spawn(process.execPath, ["--import", "tsx", "packages/store-postgres/bench/writer.ts", url, schema, `writer-${w}`, String(MILLIS)], {
      env: { ...process.env, VT_BENCH_MASTER_KEY: key },
      stdio: ["pipe", "pipe", "inherit"]
    })
    children.push(p)
    const lines = createInterface({ input: p.stdout! })
    const it = lines[Symbol.asyncIterator]()
    ready.push(it.next().then(() => undefined))
    counts.push(ready[w]!.then(() => it.next()).then((r) => Number(r.value)))
  }
  await Promise.all(ready)
  const t0 = Date.now()
  for (const p of children) p.stdin!.write("go\n")
  const total = (await Promise.all(counts)).reduce((a, b) => a + b, 0)
  const elapsed = (Date.now() - t0) / 1000
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  const { rows } = await client.query(`SELECT position::int AS position FROM "${schema}".store_head`)
  await client.query(`DROP SCHEMA "${schema}" CASCADE`)
  await client.end()
  if (rows[0].position !== total) throw new Error(`head ${rows[0].position} but ${total} appends counted`)
  return total / Math.max(elapsed, MILLIS / 1000)
}

console.log(`PostgreSQL head lock: writer processes appending one event at a time to their own streams for ${MILLIS} ms`)
const results: Array<[number, number]> = []
for (const writers of [1, 4, 16]) {
  const rate = await round(writers)
  results.push([writers, rate])
  console.log(`  ${String(writers).padStart(2)} writer(s): ${Math.round(rate).toLocaleString("en")} appends/s`)
}
const one = results[0]![1]
const sixteen = results[2]![1]
console.log(`  16 writers ÷ 1 writer: ${(sixteen / one).toFixed(2)} (goal ≥ 1.00: no collapse)`)
