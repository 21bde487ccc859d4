import { randomBytes } from "node:crypto"
import { Effect } from "effect"
import fc from "fast-check"
import { afterEach, describe, expect, it } from "vitest"
import { open } from "../src/internal/crypto.js"
import * as Sealer from "../src/internal/sealer.js"

const keys = Array.from({ length: 7 }, () => randomBytes(32))
const jobsOf = (indices: ReadonlyArray<number>): Array<Sealer.SealJob> =>
  indices.map((index) => ({ index, key: keys[index % 7]!, plain: JSON.stringify({ name: `Aino ${index}`, note: "ä\u0000ö" }), aad: `pd:p-${index % 7}` }))

const opened = (job: Sealer.SealJob, sealed: string | undefined) => (sealed === undefined ? undefined : open(job.key, sealed, job.aad, "v2.")?.toString("utf8"))

const sealers: Array<Sealer.Sealer> = []
const make = (options: Parameters<typeof Sealer.make>[0]) => {
  const s = Sealer.make(options)
  sealers.push(s)
  return s
}
afterEach(async () => {
  for (const s of sealers.splice(0)) await Effect.runPromise(s.close)
})

/** Starts the jobs, then waits for the events chunk by chunk as a writer would; returns what was written. */
const sealAll = async (sealer: Sealer.Sealer, jobs: ReadonlyArray<Sealer.SealJob>, events: number, step = Sealer.CHUNK) => {
  const written = new Map<number, Array<string>>()
  const sealing = sealer.start(jobs, (i, v) => written.set(i, [...(written.get(i) ?? []), v]))
  for (let c = 0; c < events; c += Math.min(step, sealing.chunk)) await Effect.runPromise(sealing.ready(Math.min(events, c + Math.min(step, sealing.chunk))))
  return written
}

describe("Sealer", () => {
  it("property: every job is written exactly once, and opens to its plaintext under its key and AAD only", async () => {
    const sealer = make({ minJobs: 1, threads: 2 })
    await fc.assert(
      fc.asyncProperty(fc.uniqueArray(fc.nat({ max: 999 }), { maxLength: 400 }), fc.integer({ min: 1, max: 300 }), async (picked, step) => {
        const indices = [...picked].sort((a, b) => a - b)
        const jobs = jobsOf(indices)
        const written = await sealAll(sealer, jobs, 1000, step)
        expect([...written.keys()].sort((a, b) => a - b)).toEqual(indices)
        for (const j of jobs) {
          expect(written.get(j.index)).toHaveLength(1)
          expect(opened(j, written.get(j.index)![0])).toBe(j.plain)
          expect(open(j.key, written.get(j.index)![0]!, `pd:someone-else`, "v2.")).toBeUndefined()
        }
      }),
      { numRuns: 30 }
    )
  })

  it("each value gets its own IV: the same plaintext sealed twice differs", async () => {
    const sealer = make({ minJobs: 1, threads: 2 })
    const jobs = Array.from({ length: 600 }, (_, index) => ({ index, key: keys[0]!, plain: "{}", aad: "pd:p-0" }))
    const written = await sealAll(sealer, jobs, 600)
    expect(new Set([...written.values()].map((v) => v[0])).size).toBe(600)
  })

  it("a writer that asks for everything at once seals the chunks the worker has not reached itself", async () => {
    const sealer = make({ minJobs: 1, threads: 2 })
    const jobs = jobsOf(Array.from({ length: 4000 }, (_, i) => i))
    const written = new Map<number, string>()
    const sealing = sealer.start(jobs, (i, v) => {
      expect(written.has(i)).toBe(false)
      written.set(i, v)
    })
    await Effect.runPromise(sealing.ready(4000))
    expect(written.size).toBe(4000)
    for (const j of jobs) expect(opened(j, written.get(j.index))).toBe(j.plain)
  })

  it("seals inline below the threshold and on one core, and says so by needing no chunking", async () => {
    for (const sealer of [make({ minJobs: 1000, threads: 2 }), make({ minJobs: 1, threads: 1 })]) {
      const jobs = jobsOf([0, 5, 70, 300])
      const written = new Map<number, string>()
      const sealing = sealer.start(jobs, (i, v) => written.set(i, v))
      expect(sealing.chunk).toBe(Number.POSITIVE_INFINITY)
      expect(written.size).toBe(4)
      for (const j of jobs) expect(opened(j, written.get(j.index))).toBe(j.plain)
    }
  })

  it("when the worker is gone mid-append, the writer seals what is left itself", async () => {
    const sealer = Sealer.make({ minJobs: 1, threads: 2 })
    const jobs = jobsOf(Array.from({ length: 3000 }, (_, i) => i))
    const written = new Map<number, string>()
    const sealing = sealer.start(jobs, (i, v) => written.set(i, v))
    await Effect.runPromise(sealer.close)
    await Effect.runPromise(sealing.ready(3000))
    expect(written.size).toBe(3000)
    for (const j of jobs) expect(opened(j, written.get(j.index))).toBe(j.plain)
    // A closed sealer keeps working, inline.
    const after = new Map<number, string>()
    expect(sealer.start(jobsOf([1, 2]), (i, v) => after.set(i, v)).chunk).toBe(Number.POSITIVE_INFINITY)
    expect(after.size).toBe(2)
  })
})
