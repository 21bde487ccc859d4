// The batched-append benchmark shared by the adapters: the same events, the same rounds and the same
// table for every database; an adapter's `append.bench.ts` supplies only its raw driver's insert of one
// batch and the store's layer. The store and the raw driver alternate in rounds of 20 batches so that
// both see the same load on a shared machine.
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

export const batches: ReadonlyArray<ReadonlyArray<BenchEvent>> = Array.from({ length: TOTAL / BATCH }, (_, b) =>
  Array.from({ length: BATCH }, (_, i) => eventOf(b * BATCH + i))
)
const plain = batches.map((events) => events.map(({ personal: _, ...e }) => e))

export interface AppendBench {
  /** The first line printed, e.g. the database and its durability. */
  readonly title: string
  readonly raw: { readonly label: string; readonly batch: (b: number) => void | Promise<void> }
  readonly store: { readonly label: string; readonly eventStore: EventStore.EventStore }
}

/** Runs the rounds and prints the table. */
export const runAppendBench = async ({ title, raw, store }: AppendBench) => {
  let rawMs = 0
  let oursMs = 0
  let plainMs = 0
  const es = store.eventStore
  for (let r = 0; r < batches.length; r += ROUND) {
    const round = Array.from({ length: Math.min(ROUND, batches.length - r) }, (_, k) => r + k)
    let t0 = performance.now()
    for (const b of round) await raw.batch(b)
    rawMs += performance.now() - t0
    t0 = performance.now()
    await Effect.runPromise(Effect.forEach(round, (b) => es.append(`group-${b}`, 0, batches[b]!), { discard: true }))
    oursMs += performance.now() - t0
    t0 = performance.now()
    await Effect.runPromise(Effect.forEach(round, (b) => es.append(`plain-${b}`, 0, plain[b]!), { discard: true }))
    plainMs += performance.now() - t0
  }
  const rate = (ms: number) => Math.round(TOTAL / (ms / 1000))
  const ratio = rate(oursMs) / rate(rawMs)
  console.log(`${title} (each event of the encrypted run carries a name and a phone number)`)
  console.table([
    { run: `${raw.label}, plaintext`, seconds: (rawMs / 1000).toFixed(2), "rows/s": rate(rawMs), "× raw": "1.00", "goal ≥ 0.5×": "" },
    {
      run: `${store.label}, personal fields encrypted`,
      seconds: (oursMs / 1000).toFixed(2),
      "rows/s": rate(oursMs),
      "× raw": ratio.toFixed(2),
      "goal ≥ 0.5×": ratio >= 0.5 ? "met" : "NOT met"
    },
    { run: `${store.label}, no personal fields`, seconds: (plainMs / 1000).toFixed(2), "rows/s": rate(plainMs), "× raw": (rate(plainMs) / rate(rawMs)).toFixed(2), "goal ≥ 0.5×": "" }
  ])
}
