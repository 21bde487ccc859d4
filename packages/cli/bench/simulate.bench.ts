// The national year (22 regions × 200 groups, seed 1) through `vertaistuki simulate` on SQLite and on
// PostgreSQL with 3 instances, side by side in the same run with the raw driver (better-sqlite3, pg)
// inserting the same rows: the same events as the store writes them (the codec's data, the personal
// fields as plaintext JSON where the store seals them), in the same batches of about 2,000 events per
// transaction, with the store's durability settings (SQLite: WAL, synchronous=FULL, secure_delete=ON).
// Prints the total time, events/s, the share of time in deciding, sealing, appending and projecting,
// the ratio to the raw driver, and whether the goals are met (≤ 30 s each; ≥ 0.5× the raw driver).
// `VT_SIM_REGIONS` and `VT_SIM_GROUPS` make it smaller; `VT_SIM_SIDES=sqlite` runs one adapter only.
import { spawn } from "node:child_process"
import { createCipheriv, randomBytes } from "node:crypto"
import { mkdtempSync, rmSync } from "node:fs"
import { loadavg, tmpdir } from "node:os"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import { MasterKey } from "@vertaistuki/store"
import Database from "better-sqlite3"
import pg from "pg"
import { groupsOf, story } from "../src/internal/simulation.js"
import { encodeRun } from "../src/internal/simulationStore.js"

const root = fileURLToPath(new URL("../../../", import.meta.url))
const url = process.env.VERTAISTUKI_TEST_PG_URL ?? "postgres://postgres@127.0.0.1:5432/test"
const REGIONS = Number(process.env.VT_SIM_REGIONS ?? 22)
const GROUPS = Number(process.env.VT_SIM_GROUPS ?? 200)
const SEED = 1
const BATCH = 2000
const sides = (process.env.VT_SIM_SIDES ?? "sqlite,postgres").split(",")
const key = MasterKey.generate()
const dir = mkdtempSync(join(tmpdir(), "vt-bench-simulate-"))
const load = () => loadavg().map((x) => x.toFixed(2)).join(" ")

type Row = readonly [string, number, string, string, string | null, string | null, string]

/** The year's rows as the store writes them, in its batches; and how many of them it seals. */
const rowsOfYear = () => {
  const t0 = performance.now()
  const batches: Array<Array<Row>> = []
  let batch: Array<Row> = []
  const versions = new Map<string, number>()
  let sealed = 0
  const personal: Array<string> = []
  for (const [r, g] of groupsOf(REGIONS, GROUPS)) {
    const s = story(SEED, r, g)
    for (const run of s.runs) {
      const { events } = encodeRun(s, run)
      let v = versions.get(run.streamId) ?? 0
      for (const e of events) {
        const p = e.personal === undefined ? null : JSON.stringify(e.personal)
        if (p !== null) {
          sealed++
          if (personal.length < 200_000) personal.push(p)
        }
        batch.push([run.streamId, ++v, e.type, JSON.stringify(e.data), e.personId ?? null, p, e.recordType ?? e.type])
      }
      versions.set(run.streamId, v)
    }
    if (batch.length >= BATCH) {
      batches.push(batch)
      batch = []
    }
  }
  if (batch.length > 0) batches.push(batch)
  return { batches, rows: batches.reduce((n, b) => n + b.length, 0), sealed, personal, seconds: (performance.now() - t0) / 1000 }
}

/** How long one envelope per event takes to seal (AES-256-GCM as the store seals: one cipher per event, AAD, base64), per envelope. */
const sealingPerEnvelope = (samples: ReadonlyArray<string>): number => {
  const k = randomBytes(32)
  const aad = Buffer.from("person|record-type|2026-12|stream|Type")
  const t0 = performance.now()
  for (const text of samples) {
    const iv = randomBytes(12)
    const c = createCipheriv("aes-256-gcm", k, iv)
    c.setAAD(aad)
    const body = Buffer.concat([c.update(text, "utf8"), c.final()])
    Buffer.concat([iv, c.getAuthTag(), body]).toString("base64")
  }
  return (performance.now() - t0) / Math.max(1, samples.length)
}

const rawSqlite = (batches: ReadonlyArray<ReadonlyArray<Row>>) => {
  const file = join(dir, "raw.sqlite")
  const db = new Database(file)
  db.pragma("busy_timeout = 5000")
  db.pragma("synchronous = FULL")
  db.pragma("secure_delete = ON")
  db.pragma("journal_mode = WAL")
  db.exec(`CREATE TABLE events (position INTEGER PRIMARY KEY, stream_id TEXT NOT NULL, version INTEGER NOT NULL CHECK (version > 0), type TEXT NOT NULL,
    data TEXT NOT NULL, person_id TEXT, sealed TEXT, record_type TEXT NOT NULL, recorded_at INTEGER NOT NULL, UNIQUE (stream_id, version));
    CREATE INDEX events_person ON events (person_id) WHERE person_id IS NOT NULL`)
  const insert = db.prepare("INSERT INTO events VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")
  let position = 0
  const t0 = performance.now()
  for (const b of batches) db.transaction(() => {
    for (const r of b) insert.run(++position, r[0], r[1], r[2], r[3], r[4], r[5], r[6], Date.now())
  })()
  const seconds = (performance.now() - t0) / 1000
  db.close()
  return seconds
}

const rawPg = async (batches: ReadonlyArray<ReadonlyArray<Row>>) => {
  const schema = `vt_bench_sim_raw_${process.pid}`
  const c = new pg.Client({ connectionString: url })
  await c.connect()
  await c.query(`CREATE SCHEMA "${schema}"`)
  await c.query(`CREATE TABLE "${schema}".events (position bigint PRIMARY KEY, stream_id text NOT NULL, version integer NOT NULL CHECK (version > 0), type text NOT NULL,
    data text NOT NULL, person_id text, sealed text, record_type text NOT NULL, recorded_at bigint NOT NULL, UNIQUE (stream_id, version))`)
  await c.query(`CREATE INDEX ON "${schema}".events (person_id) WHERE person_id IS NOT NULL`)
  const texts = new Map<number, string>()
  const text = (n: number) => {
    let t = texts.get(n)
    if (t === undefined) {
      t = `INSERT INTO "${schema}".events VALUES ${Array.from({ length: n }, (_, i) => `(${Array.from({ length: 9 }, (_, j) => `$${i * 9 + j + 1}`).join(",")})`).join(",")}`
      texts.set(n, t)
    }
    return t
  }
  let position = 0
  const t0 = performance.now()
  for (const b of batches) {
    await c.query("BEGIN")
    for (let i = 0; i < b.length; i += 1000) {
      const chunk = b.slice(i, i + 1000)
      const params: Array<unknown> = []
      for (const r of chunk) params.push(++position, r[0], r[1], r[2], r[3], r[4], r[5], r[6], Date.now())
      await c.query(text(chunk.length), params)
    }
    await c.query("COMMIT")
  }
  const seconds = (performance.now() - t0) / 1000
  await c.query(`DROP SCHEMA "${schema}" CASCADE`)
  await c.end()
  return seconds
}

interface Simulated {
  readonly summary: { readonly stored: number; readonly projectionsMatch: boolean; readonly appends: number; readonly transactions: number }
  readonly timings: { readonly totalSeconds: number; readonly phasesSeconds: Readonly<Record<string, number>> }
}

/** `vertaistuki simulate` as a user runs it, in a process of its own, with the young generation docs/simulation.md advises. */
const simulate = (db: string, extra: ReadonlyArray<string>): Promise<Simulated> =>
  new Promise((resolve, reject) => {
    const p = spawn(
      process.execPath,
      ["--max-old-space-size=8192", "--max-semi-space-size=64", "--import", "tsx", "packages/cli/src/bin.ts", "simulate", "--regions", String(REGIONS), "--groups-per-region", String(GROUPS), "--seed", String(SEED), "--json", "--report", "none", ...extra],
      { cwd: root, env: { ...process.env, VERTAISTUKI_MASTER_KEY: key, VERTAISTUKI_DB: db, NO_COLOR: "1" }, stdio: ["ignore", "pipe", "inherit"] }
    )
    let out = ""
    p.stdout.setEncoding("utf8").on("data", (d: string) => (out += d))
    p.on("error", reject)
    p.on("close", (code) => (code === 0 ? resolve(JSON.parse(out) as Simulated) : reject(new Error(`simulate exited ${code}`))))
  })

const pct = (x: number, total: number) => `${Math.round((x / total) * 100)} %`
const fmt = (n: number) => Math.round(n).toLocaleString("en")

try {
  console.log(`The national year: ${REGIONS} regions × ${GROUPS} groups, seed ${SEED}; load ${load()}`)
  const year = rowsOfYear()
  const perEnvelope = sealingPerEnvelope(year.personal)
  console.log(`  ${fmt(year.rows)} events (${fmt(year.sealed)} with sealed fields) in ${year.batches.length} transactions; generated and encoded in memory in ${year.seconds.toFixed(1)} s`)
  const lines: Array<string> = []
  const goals: Array<string> = []
  const report = (label: string, s: Simulated, raw: number) => {
    const total = s.timings.totalSeconds
    const ph = s.timings.phasesSeconds
    const sealing = (year.sealed * perEnvelope) / 1000
    const work = (ph.deciding ?? 0) + (ph.encoding ?? 0) + (ph.appending ?? 0) + (ph.erasing ?? 0) + (ph.projecting ?? 0) + (ph.report ?? 0)
    const rate = s.summary.stored / total
    const rawRate = year.rows / raw
    const ratio = rate / rawRate
    const appendRatio = s.summary.stored / (ph.appending ?? total) / rawRate
    lines.push(
      `  ${label.padEnd(26)} ${total.toFixed(1).padStart(6)} s ${fmt(rate).padStart(8)} events/s   raw ${raw.toFixed(1).padStart(5)} s ${fmt(rawRate).padStart(8)} rows/s   ×raw ${ratio.toFixed(2)} (append phase alone ${appendRatio.toFixed(2)})`,
      `  ${"".padEnd(26)} deciding ${pct((ph.deciding ?? 0) + (ph.encoding ?? 0), work)}, sealing ~${pct(sealing, work)}, appending ${pct((ph.appending ?? 0) - sealing, work)}, erasing ${pct(ph.erasing ?? 0, work)}, projecting ${pct(ph.projecting ?? 0, work)}, report ${pct(ph.report ?? 0, work)}; ${fmt(s.summary.appends)} appends in ${fmt(s.summary.transactions)} transactions; projections ${s.summary.projectionsMatch ? "match" : "DO NOT MATCH"}`
    )
    goals.push(`  ${label}: ≤ 30 s ${total <= 30 ? "met" : "NOT met"} (${total.toFixed(1)} s); ≥ 0.5× the raw driver ${ratio >= 0.5 ? "met" : "NOT met"} (${ratio.toFixed(2)}×)`)
  }
  if (sides.includes("sqlite")) {
    const raw = rawSqlite(year.batches)
    const s = await simulate(join(dir, "store.sqlite"), [])
    report("SQLite, 1 instance", s, raw)
    console.log(lines.slice(-2).join("\n"), `\n  (load ${load()})`)
  }
  if (sides.includes("postgres")) {
    const raw = await rawPg(year.batches)
    const schema = `vt_bench_sim_${process.pid}`
    try {
      const s = await simulate(url, ["--schema", schema, "--instances", "3"])
      report("PostgreSQL, 3 instances", s, raw)
      console.log(lines.slice(-2).join("\n"), `\n  (load ${load()})`)
    } finally {
      const c = new pg.Client({ connectionString: url })
      await c.connect()
      await c.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`)
      await c.end()
    }
  }
  console.log(`\n  sealing is estimated: ${fmt(year.sealed)} envelopes × ${(perEnvelope * 1000).toFixed(1)} µs (AES-256-GCM, one per event, timed here), counted inside the append phase`)
  console.log("  goals:")
  console.log(goals.join("\n"))
  console.log(`  load at the end: ${load()}`)
} finally {
  rmSync(dir, { recursive: true, force: true })
}
