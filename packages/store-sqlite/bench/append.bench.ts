// Batched append of 200,000 events through the store (personal fields encrypted) next to better-sqlite3
// doing the same inserts by hand, with the store's settings on both: WAL, synchronous=FULL,
// secure_delete=ON, one transaction per batch of 1,000. Every run and side gets a new database file.
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
const keyring = MasterKey.unsafeKeyring(MasterKey.generate())

/** Removes a database file and its WAL and shared-memory files. */
const remove = (file: string) => {
  for (const f of [file, `${file}-wal`, `${file}-shm`]) rmSync(f, { force: true })
}

const openRaw = async (run: number) => {
  const file = join(dir, `raw-${run}.sqlite`)
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
  const batch = (b: number, events: ReadonlyArray<BenchEvent>) =>
    db.transaction(() => {
      for (const [i, e] of events.entries()) {
        insert.run(++position, `group-${b}`, i + 1, e.type, JSON.stringify(e.data), e.personId, JSON.stringify(e.personal), e.type, Date.now())
      }
    })()
  return {
    value: batch,
    close: async () => {
      db.close()
      remove(file)
    }
  }
}

const openStore = async (run: number, side: string) => {
  const file = join(dir, `${side}-${run}.sqlite`)
  const runtime = ManagedRuntime.make(SqliteEventStore.layer({ filename: file, keyring, synchronous: "FULL" }))
  return {
    value: await runtime.runPromise(EventStore.EventStore),
    close: async () => {
      await runtime.dispose()
      remove(file)
    }
  }
}

try {
  await runAppendBench({
    title: `SQLite: ${TOTAL.toLocaleString("en")} events in batches of ${BATCH}, WAL, synchronous=FULL, secure_delete=ON, one transaction per batch`,
    raw: { label: "raw better-sqlite3", open: openRaw },
    store: { label: "store-sqlite", open: openStore }
  })
} finally {
  rmSync(dir, { recursive: true, force: true })
}
