// Rebuilds projections from 1,000,000 events in a SQLite file: the group roster (membership intervals)
// and attendance, each replayed from position 0.
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { AccessLog, Attendance, EventStore, GroupRoster, MasterKey, Projection } from "@vertaistuki/store"
import { Effect, ManagedRuntime } from "effect"
import { SqliteEventStore } from "../src/index.js"

const TOTAL = Number(process.env.BENCH_EVENTS ?? 1_000_000)
const BATCH = 1000
const dir = mkdtempSync(join(tmpdir(), "vt-proj-"))
const iso = (n: number) => new Date(Date.UTC(2026, 0, 1) + n * 60_000).toISOString()

/** A group's life in batches: 8 enrolments, sessions with attendance, some leaving. */
const eventOf = (i: number) => {
  const g = `g-${Math.floor(i / 200)}`
  const k = i % 200
  if (k < 8) return { type: "MemberEnrolled", data: { groupId: g, participantId: `${g}-p${k}`, at: iso(i) } }
  if (k % 20 === 0)
    return {
      type: "SessionHeld",
      data: {
        sessionId: `${g}-s${k}`,
        at: iso(i),
        date: iso(i).slice(0, 10),
        minutes: 120,
        attendance: Array.from({ length: 8 }, (_, p) => ({ participantId: `${g}-p${p}`, status: p % 5 === 0 ? "excused" : "present", minutes: 120 })),
        companions: [],
        travelClaims: [],
        guests: []
      }
    }
  if (k === 199) return { type: "MemberLeft", data: { groupId: g, participantId: `${g}-p1`, at: iso(i), ending: "withdrawn" } }
  return { type: "SessionFeedbackGiven", data: { sessionId: `${g}-s${k - (k % 20)}`, participantId: `${g}-p${k % 8}`, at: iso(i), rating: 4 } }
}

const runtime = ManagedRuntime.make(
  SqliteEventStore.layer({ filename: join(dir, "million.sqlite"), keyring: MasterKey.unsafeKeyring(MasterKey.generate()), synchronous: "NORMAL" })
)
try {
  const t0 = performance.now()
  await runtime.runPromise(
    Effect.flatMap(EventStore.EventStore, (es) =>
      Effect.forEach(
        Array.from({ length: TOTAL / BATCH }, (_, b) => b),
        (b) => es.append(`bench-${b}`, 0, Array.from({ length: BATCH }, (_, i) => eventOf(b * BATCH + i))),
        { discard: true }
      )
    )
  )
  const writeMs = performance.now() - t0
  const rows: Array<Record<string, string | number>> = []
  for (const projection of [GroupRoster.projection, Attendance.projection] as ReadonlyArray<Projection.Projection<unknown>>) {
    const t1 = performance.now()
    const r = await runtime.runPromise(Projection.rebuild(projection).pipe(AccessLog.actingAs(AccessLog.system("projection-rebuild"))))
    const ms = performance.now() - t1
    rows.push({ projection: projection.name, events: r.applied, seconds: (ms / 1000).toFixed(2), "events/s": Math.round(r.applied / (ms / 1000)) })
  }
  console.log(`SQLite: ${TOTAL.toLocaleString("en")} events written in ${(writeMs / 1000).toFixed(1)} s, then each projection rebuilt from position 0`)
  console.table(rows)
} finally {
  await runtime.dispose()
  rmSync(dir, { recursive: true, force: true })
}
