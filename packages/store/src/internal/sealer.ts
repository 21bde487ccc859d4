import { availableParallelism } from "node:os"
import { Worker } from "node:worker_threads"
import { Effect } from "effect"
import type { Sealing } from "../StoreDriver.js"
import { seal } from "./crypto.js"

/** One event's envelope to seal: the event's index in its append, the data key of its slot and the AAD. */
export interface SealJob {
  readonly index: number
  readonly key: Uint8Array
  /** JSON text (never holds a NUL character). */
  readonly plain: string
  readonly aad: string
}

/** Seals the jobs of one append and hands each result to `write`. */
export interface Sealer {
  readonly start: (jobs: ReadonlyArray<SealJob>, write: (index: number, sealed: string) => void) => Sealing
  /** Ends the worker thread, if one was started. */
  readonly close: Effect.Effect<void>
}

/** Events per chunk. */
export const CHUNK = 64

/** A chunk's state in the shared claims array. */
const FREE = 0
const WORKER = 1
const CALLER = 2
const SEALED = 3

/**
 * How long the writing thread blocks at most for a chunk the worker is sealing before it seals that chunk
 * itself: about the time the worker needs for a chunk on a free core, so that a worker the machine has
 * descheduled (a busy machine) never holds the writer up longer.
 */
const WAIT_MS = 1

// The worker's code, run from a string so that it needs no file of its own next to the bundle. It writes
// each value in the format of `seal` in ./crypto.ts (an envelope, `v2.` + base64(iv ‖ tag ‖ ciphertext), AES-256-GCM,
// random IV) straight into shared memory at the offset the caller chose, and where it ends next to that.
// An append's data keys travel in one transferred buffer, 32 bytes per value, and its plaintexts and AADs
// as two strings joined by NUL (which neither JSON text nor an id contains). The worker takes the chunks
// in order, each claimed in a shared array first (FREE → WORKER → SEALED), and wakes a writer blocked on
// it; a chunk the writer has claimed (CALLER) it skips.
const WORKER_SOURCE = `
const { parentPort } = require("node:worker_threads")
const { createCipheriv, randomBytes } = require("node:crypto")
parentPort.on("message", ({ claims, ends, keys, plain, owners, out, layout }) => {
  const keyBytes = Buffer.from(keys)
  const sealed = Buffer.from(out)
  const texts = plain.split("\\0")
  const aads = owners.split("\\0")
  for (let k = 0, first = 0; k < ends.length; first = ends[k++]) {
    if (Atomics.compareExchange(claims, k, ${FREE}, ${WORKER}) !== ${FREE}) continue
    const ivs = randomBytes(12 * (ends[k] - first))
    for (let j = first; j < ends[k]; j++) {
      const iv = ivs.subarray(12 * (j - first), 12 * (j - first) + 12)
      const c = createCipheriv("aes-256-gcm", keyBytes.subarray(32 * j, 32 * j + 32), iv)
      c.setAAD(Buffer.from(aads[j], "utf8"))
      const body = c.update(texts[j], "utf8")
      c.final()
      layout[2 * j + 1] = layout[2 * j] + sealed.write("v2." + Buffer.concat([iv, c.getAuthTag(), body]).toString("base64"), layout[2 * j], "latin1")
    }
    Atomics.store(claims, k, ${SEALED})
    Atomics.notify(claims, k)
  }
  keyBytes.fill(0)
})
`

const inline = (jobs: ReadonlyArray<SealJob>, write: (index: number, sealed: string) => void) => {
  for (const j of jobs) write(j.index, seal(j.key, j.plain, j.aad, "v2."))
}

const done: Sealing = { chunk: Number.POSITIVE_INFINITY, ready: () => Effect.void }

/** The jobs of each chunk of `CHUNK` events, in order, skipping chunks without any. */
const chunksOf = (jobs: ReadonlyArray<SealJob>) => {
  const parts: Array<{ readonly end: number; readonly first: number; readonly jobs: ReadonlyArray<SealJob> }> = []
  let from = 0
  while (from < jobs.length) {
    const end = (Math.floor(jobs[from]!.index / CHUNK) + 1) * CHUNK
    let to = from
    while (to < jobs.length && jobs[to]!.index < end) to++
    parts.push({ end, first: from, jobs: jobs.slice(from, to) })
    from = to
  }
  return parts
}

/**
 * A sealer that shares appends of at least `minJobs` values with one worker thread, in chunks of
 * `CHUNK` events, when the machine has a second core. The worker seals the chunks in order into shared
 * memory; the writer takes each chunk as it needs it, sealing it itself if the worker has not reached
 * it, and while the worker is busy on the one it needs, it seals the last chunk nobody has taken. It
 * blocks only when nothing is left to take, for at most the rest of one chunk. Everything else (and
 * everything after the worker fails or is closed) is sealed inline. The data keys cross to the worker in
 * memory only and are zeroed there after use.
 */
export const make = (options: { readonly minJobs?: number; readonly threads?: number } = {}): Sealer => {
  const minJobs = options.minJobs ?? 2 * CHUNK
  const useWorker = (options.threads ?? availableParallelism()) > 1
  let worker: Worker | undefined
  let broken = false

  const getWorker = (): Worker | undefined => {
    if (broken) return undefined
    if (worker !== undefined) return worker
    try {
      const w = new Worker(WORKER_SOURCE, { eval: true })
      w.unref()
      const fail = () => {
        if (worker === w) {
          broken = true
          worker = undefined
        }
      }
      w.on("error", fail)
      w.on("exit", fail)
      worker = w
      return w
    } catch {
      broken = true
      return undefined
    }
  }

  const start = (jobs: ReadonlyArray<SealJob>, write: (index: number, sealed: string) => void): Sealing => {
    const w = useWorker && jobs.length >= minJobs ? getWorker() : undefined
    if (w === undefined) {
      inline(jobs, write)
      return done
    }
    const parts = chunksOf(jobs)
    const claims = new Int32Array(new SharedArrayBuffer(4 * parts.length))
    // Per job: where its sealed text starts and ends in `out`, with room for up to 3 UTF-8 bytes per UTF-16 unit.
    const layout = new Int32Array(new SharedArrayBuffer(8 * jobs.length))
    const keys = new Uint8Array(32 * jobs.length)
    let size = 0
    for (let i = 0; i < jobs.length; i++) {
      layout[2 * i] = size
      size += 3 + 4 * Math.ceil((28 + 3 * jobs[i]!.plain.length) / 3)
      keys.set(jobs[i]!.key, 32 * i)
    }
    const out = new SharedArrayBuffer(size)
    const ends = Int32Array.from(parts, (p) => p.first + p.jobs.length)
    const plain = jobs.map((j) => j.plain).join("\0")
    const owners = jobs.map((j) => j.aad).join("\0")
    try {
      w.postMessage({ claims, ends, keys: keys.buffer, plain, owners, out, layout }, [keys.buffer])
    } catch {
      inline(jobs, write)
      return done
    }
    const sealed = Buffer.from(out)

    const take = (k: number) => {
      const part = parts[k]!
      for (let i = 0; i < part.jobs.length; i++) {
        write(part.jobs[i]!.index, sealed.toString("latin1", layout[2 * (part.first + i)], layout[2 * (part.first + i) + 1]))
      }
    }
    /** Seals the last chunk nobody has taken, if any; the worker takes them in order, so none is left below one it holds. */
    let last = parts.length - 1
    const stealLast = (after: number): boolean => {
      for (; last > after; last--) {
        if (Atomics.compareExchange(claims, last, FREE, CALLER) === FREE) {
          inline(parts[last]!.jobs, write)
          last--
          return true
        }
        if (Atomics.load(claims, last) !== CALLER) break
      }
      last = after
      return false
    }

    let applied = 0
    const ready = (upTo: number): Effect.Effect<void> =>
      Effect.suspend(() => {
        while (applied < parts.length && parts[applied]!.end - CHUNK < upTo) {
          const k = applied
          const state = Atomics.compareExchange(claims, k, FREE, CALLER)
          if (state === FREE) inline(parts[k]!.jobs, write)
          else if (state === SEALED) take(k)
          else if (state === WORKER) {
            if (broken) inline(parts[k]!.jobs, write)
            else {
              // While the worker is on it, the writer seals the last chunk nobody has taken; with none left, it
              // waits for the worker a little, then seals the chunk itself (fresh IVs; the worker's copy of
              // it is never read), so a slow or descheduled worker costs at most WAIT_MS per chunk.
              if (stealLast(k)) continue
              if (Atomics.wait(claims, k, WORKER, WAIT_MS) !== "timed-out") continue
              inline(parts[k]!.jobs, write)
            }
          }
          applied++
        }
        return Effect.void
      })
    return { chunk: CHUNK, ready }
  }

  return {
    start,
    close: Effect.promise(async () => {
      const w = worker
      broken = true
      worker = undefined
      if (w !== undefined) await w.terminate()
    })
  }
}
