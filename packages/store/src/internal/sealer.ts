import { availableParallelism } from "node:os"
import { Worker } from "node:worker_threads"
import { Effect } from "effect"
import type { Sealing } from "../StoreDriver.js"
import { seal } from "./crypto.js"

/** One personal-field value to seal: the event's index in its append, its owner's data key and the AAD. */
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

// The worker's code, run from a string so that it needs no file of its own next to the bundle. Its output
// is the format of `seal` in ./crypto.ts: `v1.` + base64(iv ‖ tag ‖ ciphertext), AES-256-GCM, random IV.
// An append's distinct data keys travel once, in a transferred buffer; a chunk travels as two strings
// (plaintexts and AADs joined by NUL, which neither JSON text nor an id contains) and comes back as one
// (sealed values joined by a newline, which base64 lacks). Each chunk is claimed in a shared array first (1: worker, 2: caller), so a chunk the caller needs before the worker
// has reached it is sealed by the caller instead of waited for, and never twice.
const WORKER_SOURCE = `
const { parentPort } = require("node:worker_threads")
const { createCipheriv, randomBytes } = require("node:crypto")
parentPort.on("message", ({ id, claims, keys, keyOf, chunks }) => {
  const keyBytes = Buffer.from(keys)
  let at = 0
  for (let k = 0; k < chunks.length; k++) {
    const { n, plain, owners } = chunks[k]
    const first = at
    at += n
    if (Atomics.compareExchange(claims, k, 0, 1) !== 0) continue
    const texts = plain.split("\\0")
    const aads = owners.split("\\0")
    const out = new Array(texts.length)
    const ivs = randomBytes(12 * texts.length)
    for (let i = 0; i < texts.length; i++) {
      const iv = ivs.subarray(12 * i, 12 * i + 12)
      const key = 32 * keyOf[first + i]
      const c = createCipheriv("aes-256-gcm", keyBytes.subarray(key, key + 32), iv)
      c.setAAD(Buffer.from(aads[i], "utf8"))
      const body = c.update(texts[i], "utf8")
      const tail = c.final()
      out[i] = "v1." + Buffer.concat([iv, c.getAuthTag(), body, tail]).toString("base64")
    }
    parentPort.postMessage({ id, k, out: out.join("\\n") })
  }
  keyBytes.fill(0)
  parentPort.postMessage({ id, k: -1 })
})
`

const inline = (jobs: ReadonlyArray<SealJob>, write: (index: number, sealed: string) => void) => {
  for (const j of jobs) write(j.index, seal(j.key, j.plain, j.aad))
}

const done: Sealing = { chunk: Number.POSITIVE_INFINITY, ready: () => Effect.void }

interface Part {
  /** The first event index after the chunk. */
  readonly end: number
  readonly jobs: ReadonlyArray<SealJob>
  /** The worker's sealed values; settled by `resolve` or `reject`. */
  readonly result: Promise<ReadonlyArray<string>>
  readonly resolve: (out: ReadonlyArray<string>) => void
  readonly reject: (e: unknown) => void
}

interface Pending {
  readonly chunk: (k: number, out: ReadonlyArray<string>) => void
  readonly fail: (e: unknown) => void
}

/** The data keys of an append's jobs, each once, and each job's key by its place among them; both are transferred. */
const keysOf = (jobs: ReadonlyArray<SealJob>) => {
  const slot = new Map<Uint8Array, number>()
  const keyOf = new Uint32Array(jobs.length)
  const distinct: Array<Uint8Array> = []
  for (let i = 0; i < jobs.length; i++) {
    const j = jobs[i]!
    let k = slot.get(j.key)
    if (k === undefined) {
      k = distinct.length
      slot.set(j.key, k)
      distinct.push(j.key)
    }
    keyOf[i] = k
  }
  const keys = new Uint8Array(32 * distinct.length)
  for (let k = 0; k < distinct.length; k++) keys.set(distinct[k]!, 32 * k)
  return { keys: keys.buffer, keyOf }
}

/**
 * A sealer that shares appends of at least `minJobs` values with one worker thread, in chunks of
 * `CHUNK` events, when the machine has a second core: the caller seals the first chunk while the worker
 * starts on the rest, and seals any later chunk the worker has not reached by the time it is needed.
 * Everything else (and everything after the worker fails) is sealed inline. The data keys cross to the
 * worker in memory only and are zeroed there after use.
 */
export const make = (options: { readonly minJobs?: number; readonly threads?: number } = {}): Sealer => {
  const minJobs = options.minJobs ?? 2 * CHUNK
  const useWorker = (options.threads ?? availableParallelism()) > 1
  let worker: Worker | undefined
  let broken = false
  let nextId = 0
  const pending = new Map<number, Pending>()

  const fail = (e: unknown) => {
    broken = true
    worker = undefined
    for (const p of pending.values()) p.fail(e)
    pending.clear()
  }

  const getWorker = (): Worker | undefined => {
    if (broken) return undefined
    if (worker !== undefined) return worker
    try {
      const w = new Worker(WORKER_SOURCE, { eval: true })
      w.unref()
      w.on("message", ({ id, k, out }: { id: number; k: number; out?: string }) => {
        const p = pending.get(id)
        if (p === undefined) return
        if (k >= 0 && out !== undefined) return p.chunk(k, out.split("\n"))
        pending.delete(id)
        if (pending.size === 0) w.unref()
      })
      w.on("error", fail)
      w.on("exit", (code) => {
        if (worker === w) fail(new Error(`the sealing worker exited with code ${code}`))
      })
      worker = w
      return w
    } catch (e) {
      fail(e)
      return undefined
    }
  }

  const start = (jobs: ReadonlyArray<SealJob>, write: (index: number, sealed: string) => void): Sealing => {
    const w = useWorker && jobs.length >= minJobs ? getWorker() : undefined
    if (w === undefined) {
      inline(jobs, write)
      return done
    }
    // Chunk c holds the jobs of events [c·CHUNK, (c+1)·CHUNK); the first stays here.
    let from = 0
    while (from < jobs.length && jobs[from]!.index < CHUNK) from++
    const first = jobs.slice(0, from)
    const parts: Array<Part> = []
    while (from < jobs.length) {
      const end = (Math.floor(jobs[from]!.index / CHUNK) + 1) * CHUNK
      let to = from
      while (to < jobs.length && jobs[to]!.index < end) to++
      let settle: Pick<Part, "resolve" | "reject"> | undefined
      const result = new Promise<ReadonlyArray<string>>((resolve, reject) => {
        settle = { resolve, reject }
      })
      result.catch(() => undefined)
      parts.push({ end, jobs: jobs.slice(from, to), result, ...settle! })
      from = to
    }
    const claims = new Int32Array(new SharedArrayBuffer(4 * parts.length))
    const { keys, keyOf } = keysOf(jobs.slice(first.length))
    const chunks = parts.map((p) => ({ n: p.jobs.length, plain: p.jobs.map((j) => j.plain).join("\0"), owners: p.jobs.map((j) => j.aad).join("\0") }))
    const id = nextId++
    if (pending.size === 0) w.ref()
    pending.set(id, {
      chunk: (k, out) => parts[k]?.resolve(out),
      fail: (e) => {
        for (const p of parts) p.reject(e)
      }
    })
    w.postMessage({ id, claims, keys, keyOf, chunks }, [keys, keyOf.buffer])
    inline(first, write)

    let applied = 0
    return {
      chunk: CHUNK,
      ready: (upTo) =>
        Effect.suspend(() => {
          const waits: Array<Effect.Effect<void>> = []
          while (applied < parts.length && parts[applied]!.end - CHUNK < upTo) {
            const k = applied++
            const part = parts[k]!
            if (Atomics.compareExchange(claims, k, 0, 2) === 0) {
              inline(part.jobs, write)
              continue
            }
            waits.push(
              Effect.tryPromise(() => part.result).pipe(
                Effect.match({
                  onSuccess: (out) => {
                    if (out.length !== part.jobs.length) return inline(part.jobs, write)
                    for (let i = 0; i < out.length; i++) write(part.jobs[i]!.index, out[i]!)
                  },
                  onFailure: () => inline(part.jobs, write)
                })
              )
            )
          }
          return Effect.all(waits, { discard: true })
        })
    }
  }

  return {
    start,
    close: Effect.promise(async () => {
      const w = worker
      fail(new Error("the store was closed"))
      if (w !== undefined) await w.terminate()
    })
  }
}
