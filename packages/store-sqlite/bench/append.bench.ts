// Batched append of 200,000 events through the store (personal fields encrypted) next to better-sqlite3
// doing the same inserts by hand: WAL, synchronous=FULL on both, one transaction per batch of 1,000.
// The rounds and the table are shared with the PostgreSQL benchmark (packages/store/bench/append.ts).
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { EventStore, MasterKey } from "@vertaistuki/store"
import Database from "better-sqlite3"
import { ManagedRuntime } from "effect"
import { BATCH, type BenchEvent, runAppendBench, TOTAL } from "../../store/bench/append.js"
import { SqliteEventStore } from "../src/index.js"

const dir = mkdtempSync(join(tmpdir(), "vt-bench-"))

const db = new Database(join(dir, "raw.sqlite"))
db.pragma("journal_mode = WAL")
db.pragma("synchronous = FULL")
db.exec(`CREATE TABLE events (position INTEGER PRIMARY KEY, stream_id TEXT NOT NULL, version INTEGER NOT NULL, type TEXT NOT NULL,
  data TEXT NOT NULL, person_id TEXT, sealed TEXT, record_type TEXT NOT NULL, recorded_at INTEGER NOT NULL, UNIQUE (stream_id, version));
  CREATE INDEX events_person ON events (person_id) WHERE person_id IS NOT NULL`)
const insert = db.prepare("INSERT INTO events VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")
let position = 0
const rawBatch = (b: number, events: ReadonlyArray<BenchEvent>) =>
  db.transaction(() => {
    for (const [i, e] of events.entries()) {
      insert.run(++position, `group-${b}`, i + 1, e.type, JSON.stringify(e.data), e.personId, JSON.stringify(e.personal), e.type, Date.now())
    }
  })()

const keyring = MasterKey.unsafeKeyring(MasterKey.generate())
const runtime = ManagedRuntime.make(SqliteEventStore.layer({ filename: join(dir, "ours.sqlite"), keyring, synchronous: "FULL" }))
const plainRuntime = ManagedRuntime.make(SqliteEventStore.layer({ filename: join(dir, "ours-plain.sqlite"), keyring, synchronous: "FULL" }))

try {
  await runAppendBench({
    title: `SQLite: ${TOTAL.toLocaleString("en")} events in batches of ${BATCH}, WAL, synchronous=FULL, one transaction per batch`,
    raw: { label: "raw better-sqlite3", batch: rawBatch },
    store: {
      label: "store-sqlite",
      eventStore: await runtime.runPromise(EventStore.EventStore),
      plainEventStore: await plainRuntime.runPromise(EventStore.EventStore)
    }
  })
} finally {
  db.close()
  await runtime.dispose()
  await plainRuntime.dispose()
  rmSync(dir, { recursive: true, force: true })
}
