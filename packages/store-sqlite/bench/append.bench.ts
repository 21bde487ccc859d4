// Batched append of 200,000 events through the store (personal fields encrypted) next to better-sqlite3
// doing the same inserts by hand: WAL, synchronous=FULL on both, one transaction per batch of 1,000.
// The two alternate in rounds of 20 batches so that both see the same load on a shared machine.
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { EventStore, MasterKey } from "@vertaistuki/store"
import Database from "better-sqlite3"
import { Effect, ManagedRuntime } from "effect"
import { SqliteEventStore } from "../src/index.js"

const TOTAL = Number(process.env.BENCH_EVENTS ?? 200_000)
const BATCH = 1000
const ROUND = 20
const dir = mkdtempSync(join(tmpdir(), "vt-bench-"))

const eventOf = (i: number) => ({
  type: "ParticipantEnrolled",
  data: { participantId: `p-${i % 5000}`, groupId: `g-${Math.floor(i / BATCH)}`, at: "2026-01-15T10:00:00.000Z" },
  personId: `p-${i % 5000}`,
  personal: { name: `Person ${i % 5000}`, phone: `+35840${String(i % 5000).padStart(7, "0")}` }
})
const batches = Array.from({ length: TOTAL / BATCH }, (_, b) => Array.from({ length: BATCH }, (_, i) => eventOf(b * BATCH + i)))
const plain = batches.map((events) => events.map(({ personal: _, ...e }) => e))

const db = new Database(join(dir, "raw.sqlite"))
db.pragma("journal_mode = WAL")
db.pragma("synchronous = FULL")
db.exec(`CREATE TABLE events (position INTEGER PRIMARY KEY, stream_id TEXT NOT NULL, version INTEGER NOT NULL, type TEXT NOT NULL,
  data TEXT NOT NULL, person_id TEXT, sealed TEXT, record_type TEXT NOT NULL, recorded_at INTEGER NOT NULL, UNIQUE (stream_id, version));
  CREATE INDEX events_person ON events (person_id) WHERE person_id IS NOT NULL`)
const insert = db.prepare("INSERT INTO events VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")
let position = 0
const rawBatch = (b: number) =>
  db.transaction(() => {
    for (const [i, e] of batches[b]!.entries()) {
      insert.run(++position, `group-${b}`, i + 1, e.type, JSON.stringify(e.data), e.personId, JSON.stringify(e.personal), e.type, Date.now())
    }
  })()

const runtime = ManagedRuntime.make(
  SqliteEventStore.layer({ filename: join(dir, "ours.sqlite"), keyring: MasterKey.unsafeKeyring(MasterKey.generate()), synchronous: "FULL" })
)
const store = await runtime.runPromise(EventStore.EventStore)

try {
  let rawMs = 0
  let oursMs = 0
  let plainMs = 0
  for (let r = 0; r < batches.length; r += ROUND) {
    let t0 = performance.now()
    for (let b = r; b < Math.min(r + ROUND, batches.length); b++) rawBatch(b)
    rawMs += performance.now() - t0
    t0 = performance.now()
    const round = Array.from({ length: Math.min(ROUND, batches.length - r) }, (_, k) => r + k)
    await runtime.runPromise(Effect.forEach(round, (b) => store.append(`group-${b}`, 0, batches[b]!), { discard: true }))
    oursMs += performance.now() - t0
    t0 = performance.now()
    await runtime.runPromise(Effect.forEach(round, (b) => store.append(`plain-${b}`, 0, plain[b]!), { discard: true }))
    plainMs += performance.now() - t0
  }
  const rate = (ms: number) => Math.round(TOTAL / (ms / 1000))
  const ratio = rate(oursMs) / rate(rawMs)
  console.log(`SQLite: ${TOTAL.toLocaleString("en")} events in batches of ${BATCH}, WAL, synchronous=FULL, one transaction per batch (each event of the encrypted run carries a name and a phone number)`)
  console.table([
    { run: "raw better-sqlite3, plaintext", seconds: (rawMs / 1000).toFixed(2), "rows/s": rate(rawMs), "× raw": "1.00", "goal ≥ 0.5×": "" },
    {
      run: "store-sqlite, personal fields encrypted",
      seconds: (oursMs / 1000).toFixed(2),
      "rows/s": rate(oursMs),
      "× raw": ratio.toFixed(2),
      "goal ≥ 0.5×": ratio >= 0.5 ? "met" : "NOT met"
    },
    { run: "store-sqlite, no personal fields", seconds: (plainMs / 1000).toFixed(2), "rows/s": rate(plainMs), "× raw": (rate(plainMs) / rate(rawMs)).toFixed(2), "goal ≥ 0.5×": "" }
  ])
} finally {
  db.close()
  await runtime.dispose()
  rmSync(dir, { recursive: true, force: true })
}
