// The batched-append benchmark shared by the adapters: the same events, the same rounds and the same
// table for every database; an adapter's `append.bench.ts` supplies only its raw driver's insert of one
// batch and the store's layers. The store and the raw driver alternate in rounds of 20 batches so that
// both see the same load on a shared machine; each round's events are made before its timings start,
// and each run writes to a database of its own, so every database holds the same number of rows.
import { Effect } from "effect"
import type { EventStore } from "../src/index.js"

export const TOTAL = Number(process.env.BENCH_EVENTS ?? 200_000)
export const BATCH = 1000
const ROUND = 20

/** An event of the benchmark: every one carries a name and a phone number to encrypt. */
export const eventOf = (i: number) => ({
  type: "ParticipantEnrolled",
  data: { participantId: `p-${i % 5000}`, groupId: `g-${Math.floor(i / BATCH)}`, at: "2026-01-15T10:00:00.000Z" },
  personId: `p-${i % 5000}`,
  personal: { name: `Person ${i % 5000}`, phone: `+35840${String(i % 5000).padStart(7, "0")}` }
})

export type BenchEvent = ReturnType<typeof eventOf>

const BATCHES = TOTAL / BATCH

/** The events of batch `b`. */
export const batchOf = (b: number): ReadonlyArray<BenchEvent> => Array.from({ length: BATCH }, (_, i) => eventOf(b * BATCH + i))

export interface AppendBench {
  /** The first line printed, e.g. the database and its durability. */
  readonly title: string
  readonly raw: { readonly label: string; readonly batch: (b: number, events: ReadonlyArray<BenchEvent>) => void | Promise<void> }
  /** The store with the personal fields, and another over a database of its own for the run without them. */
  readonly store: { readonly label: string; readonly eventStore: EventStore.EventStore; readonly plainEventStore: EventStore.EventStore }
}

/** How many runs of `TOTAL` events one benchmark makes, one after another, to show the spread. */
export const RUNS = Number(process.env.BENCH_RUNS ?? 5)
const GOAL = 0.7

/** Runs the rounds `RUNS` times, printing each run's table and then every run's ratio to the raw driver. */
export const runAppendBench = async ({ title, raw, store }: AppendBench) => {
  console.log(`${title} (each event of the encrypted run carries a name and a phone number)`)
  const ratios: Array<{ encrypted: number; plain: number }> = []
  for (let run = 0; run < RUNS; run++) {
    let rawMs = 0
    let oursMs = 0
    let plainMs = 0
    for (let r = 0; r < BATCHES; r += ROUND) {
      // Batch numbers go on across runs, so each run writes streams and rows of its own.
      const round = Array.from({ length: Math.min(ROUND, BATCHES - r) }, (_, k) => run * BATCHES + r + k)
      const events = round.map(batchOf)
      const plain = events.map((batch) => batch.map(({ personal: _, ...e }) => e))
      let t0 = performance.now()
      for (const [k, b] of round.entries()) await raw.batch(b, events[k]!)
      rawMs += performance.now() - t0
      t0 = performance.now()
      await Effect.runPromise(Effect.forEach(round, (b, k) => store.eventStore.append(`group-${b}`, 0, events[k]!), { discard: true }))
      oursMs += performance.now() - t0
      t0 = performance.now()
      await Effect.runPromise(Effect.forEach(round, (b, k) => store.plainEventStore.append(`group-${b}`, 0, plain[k]!), { discard: true }))
      plainMs += performance.now() - t0
    }
    const rate = (ms: number) => Math.round(TOTAL / (ms / 1000))
    const ratio = rate(oursMs) / rate(rawMs)
    ratios.push({ encrypted: ratio, plain: rate(plainMs) / rate(rawMs) })
    console.log(`run ${run + 1} of ${RUNS}`)
    console.table([
      { run: `${raw.label}, plaintext`, seconds: (rawMs / 1000).toFixed(2), "rows/s": rate(rawMs), "× raw": "1.00", [`goal ≥ ${GOAL}×`]: "" },
      {
        run: `${store.label}, personal fields encrypted`,
        seconds: (oursMs / 1000).toFixed(2),
        "rows/s": rate(oursMs),
        "× raw": ratio.toFixed(2),
        [`goal ≥ ${GOAL}×`]: ratio >= GOAL ? "met" : "NOT met"
      },
      { run: `${store.label}, no personal fields`, seconds: (plainMs / 1000).toFixed(2), "rows/s": rate(plainMs), "× raw": (rate(plainMs) / rate(rawMs)).toFixed(2), [`goal ≥ ${GOAL}×`]: "" }
    ])
  }
  const spread = (xs: ReadonlyArray<number>) => {
    const sorted = [...xs].sort((a, b) => a - b)
    return `${xs.map((x) => x.toFixed(2)).join(" ")} (min ${sorted[0]!.toFixed(2)}, median ${sorted[Math.floor(sorted.length / 2)]!.toFixed(2)}, max ${sorted[sorted.length - 1]!.toFixed(2)})`
  }
  console.log(`${store.label} × raw over ${RUNS} consecutive runs: encrypted ${spread(ratios.map((r) => r.encrypted))}; no personal fields ${spread(ratios.map((r) => r.plain))}`)
}
