// The batched-append benchmark shared by the adapters: the same events, the same rounds and the same
// table for every database; an adapter's `append.bench.ts` supplies only how to open a fresh database for
// its raw driver (and that driver's insert of one batch) and a fresh store.
//
// Fairness: every run opens a fresh database (SQLite file, PostgreSQL schema) for each of the three sides
// (the raw driver, the store with personal fields, the store without), so no side writes into a table
// that an earlier run has grown. The sides take turns in rounds of `ROUND` batches, and the order within a
// round rotates (raw → encrypted → plain, then encrypted → plain → raw, …), so no side is always first
// after the others' writes or always last. Each round's events are made before its timings start; every
// side writes the same batches (the same streams, versions and values; the raw driver writes the personal
// fields as plaintext JSON in the `sealed` column), one transaction per batch of `BATCH` events.
import { loadavg } from "node:os"
import { Effect } from "effect"
import type { EventStore } from "../src/index.js"

export const TOTAL = Number(process.env.BENCH_EVENTS ?? 200_000)
export const BATCH = 1000
const ROUND = 10

/** An event of the benchmark: every one carries a name and a phone number to encrypt. */
export const eventOf = (i: number) => ({
  type: "ParticipantEnrolled",
  data: { participantId: `p-${i % 5000}`, groupId: `g-${Math.floor(i / BATCH)}`, at: "2026-01-15T10:00:00.000Z" },
  personId: `p-${i % 5000}`,
  personal: { name: `Person ${i % 5000}`, phone: `+35840${String(i % 5000).padStart(7, "0")}` }
})

export type BenchEvent = ReturnType<typeof eventOf>

const BATCHES = Math.ceil(TOTAL / BATCH)

/** The events of batch `b`. */
export const batchOf = (b: number): ReadonlyArray<BenchEvent> => Array.from({ length: BATCH }, (_, i) => eventOf(b * BATCH + i))

/** A database opened for one run, closed (and removed) after it. */
export interface Opened<A> {
  readonly value: A
  readonly close: () => Promise<void>
}

/** The raw driver on a fresh database: inserts batch `b` (stream `group-<b>`, versions 1…) in one transaction. */
export type RawBatch = (b: number, events: ReadonlyArray<BenchEvent>) => void | Promise<void>

export interface AppendBench {
  /** The first line printed, e.g. the database and its durability. */
  readonly title: string
  /** Opens a fresh database for the raw driver, for run `run` (from 0). */
  readonly raw: { readonly label: string; readonly open: (run: number) => Promise<Opened<RawBatch>> }
  /** Opens a fresh store for run `run`; `side` names its database apart from the other side's. */
  readonly store: { readonly label: string; readonly open: (run: number, side: "encrypted" | "plain") => Promise<Opened<EventStore.EventStore>> }
}

/** How many runs of `TOTAL` events one benchmark makes, one after another, to show the spread. */
export const RUNS = Number(process.env.BENCH_RUNS ?? 5)
const GOAL = 0.7

/** The middle value (the mean of the two middle ones for an even count). */
export const median = (xs: ReadonlyArray<number>): number => {
  const s = [...xs].sort((a, b) => a - b)
  const m = Math.floor(s.length / 2)
  return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2
}

/** Runs the rounds `RUNS` times, printing each run's table and then every run's ratio to the raw driver. */
export const runAppendBench = async ({ title, raw, store }: AppendBench) => {
  console.log(`${title} (each event of the encrypted run carries a name and a phone number; a fresh database per run and side; the order of the sides rotates every ${ROUND} batches)`)
  const ratios: Array<{ encrypted: number; plain: number }> = []
  for (let run = 0; run < RUNS; run++) {
    const rawDb = await raw.open(run)
    const ours = await store.open(run, "encrypted")
    const plainStore = await store.open(run, "plain")
    const ms = { raw: 0, encrypted: 0, plain: 0 }
    const load = loadavg()[0]!
    try {
      for (let r = 0, round = 0; r < BATCHES; r += ROUND, round++) {
        const bs = Array.from({ length: Math.min(ROUND, BATCHES - r) }, (_, k) => r + k)
        const events = bs.map(batchOf)
        const plain = events.map((batch) => batch.map(({ personal: _, ...e }) => e))
        const sides = {
          raw: async () => {
            for (const [k, b] of bs.entries()) await rawDb.value(b, events[k]!)
          },
          encrypted: () => Effect.runPromise(Effect.forEach(bs, (b, k) => ours.value.append(`group-${b}`, "no-stream", events[k]!), { discard: true })),
          plain: () => Effect.runPromise(Effect.forEach(bs, (b, k) => plainStore.value.append(`group-${b}`, "no-stream", plain[k]!), { discard: true }))
        }
        const order = (["raw", "encrypted", "plain"] as const).map((_, i, all) => all[(i + round) % all.length]!)
        for (const side of order) {
          const t0 = performance.now()
          await sides[side]()
          ms[side] += performance.now() - t0
        }
      }
    } finally {
      await rawDb.close()
      await ours.close()
      await plainStore.close()
    }
    const rate = (t: number) => Math.round((BATCHES * BATCH) / (t / 1000))
    const ratio = rate(ms.encrypted) / rate(ms.raw)
    ratios.push({ encrypted: ratio, plain: rate(ms.plain) / rate(ms.raw) })
    console.log(`run ${run + 1} of ${RUNS} (load average ${load.toFixed(2)} at its start, ${loadavg()[0]!.toFixed(2)} at its end)`)
    console.table([
      { run: `${raw.label}, plaintext`, seconds: (ms.raw / 1000).toFixed(2), "rows/s": rate(ms.raw), "× raw": "1.00", [`goal ≥ ${GOAL}×`]: "" },
      {
        run: `${store.label}, personal fields encrypted`,
        seconds: (ms.encrypted / 1000).toFixed(2),
        "rows/s": rate(ms.encrypted),
        "× raw": ratio.toFixed(2),
        [`goal ≥ ${GOAL}×`]: ratio >= GOAL ? "met" : "NOT met"
      },
      { run: `${store.label}, no personal fields`, seconds: (ms.plain / 1000).toFixed(2), "rows/s": rate(ms.plain), "× raw": (rate(ms.plain) / rate(ms.raw)).toFixed(2), [`goal ≥ ${GOAL}×`]: "" }
    ])
  }
  const spread = (xs: ReadonlyArray<number>) => {
    const sorted = [...xs].sort((a, b) => a - b)
    return `${xs.map((x) => x.toFixed(2)).join(" ")} (min ${sorted[0]!.toFixed(2)}, median ${median(xs).toFixed(2)}, max ${sorted[sorted.length - 1]!.toFixed(2)})`
  }
  const encrypted = ratios.map((r) => r.encrypted)
  console.log(`${store.label} × raw over ${RUNS} consecutive runs: encrypted ${spread(encrypted)}; no personal fields ${spread(ratios.map((r) => r.plain))}`)
  console.log(`goal ≥ ${GOAL}× (median of the encrypted runs): ${median(encrypted) >= GOAL ? "met" : "NOT met"}`)
}
