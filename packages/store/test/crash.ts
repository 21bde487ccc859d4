// The crash test shared by the adapters: child processes append in a loop (`crash-writer.ts`, a few at
// once, each on its own streams) and print each acknowledged append; the test kills each with SIGKILL at
// a random moment, at least 30 times in all, then checks that every acknowledged append is there whole,
// that no append is there in part, that versions are contiguous in every stream, that global positions
// have no gap and that every sealed field still decrypts. An adapter supplies the writer's command line,
// its layer over the same storage and any check of its own (e.g. SQLite's `PRAGMA integrity_check`).
import { spawn } from "node:child_process"
import { fileURLToPath } from "node:url"
import { Effect, type Layer } from "effect"
import { expect, it } from "vitest"
import { AccessLog, EventStore, MasterKey, PersonalDataVault, type StoreDriver } from "../src/index.js"
import { nodeScript } from "./script.js"

const root = fileURLToPath(new URL("../../../", import.meta.url))

interface Ack {
  readonly version: number
  readonly events: number
}

/** Runs the writer until it has acknowledged something and a random moment has passed, then SIGKILLs it. */
const round = (args: ReadonlyArray<string>, key: string, acked: Map<string, Array<Ack>>) =>
  new Promise<void>((resolve, reject) => {
    const child = spawn(process.execPath, args, {
      cwd: root,
      env: { ...process.env, VT_TEST_MASTER_KEY: key },
      stdio: ["ignore", "pipe", "pipe"]
    })
    let buffer = ""
    let stderr = ""
    let timer: NodeJS.Timeout | undefined
    child.stdout.on("data", (chunk: Buffer) => {
      buffer += chunk.toString("utf8")
      const lines = buffer.split("\n")
      buffer = lines.pop() ?? ""
      for (const line of lines) {
        const [, stream, version, events] = line.split(" ")
        const list = acked.get(stream!) ?? []
        list.push({ version: Number(version), events: Number(events) })
        acked.set(stream!, list)
      }
      if (timer === undefined) timer = setTimeout(() => child.kill("SIGKILL"), 20 + Math.floor(Math.random() * 300))
    })
    child.stderr.on("data", (c: Buffer) => (stderr += c.toString("utf8")))
    child.on("exit", (_code, signal) => (signal === "SIGKILL" ? resolve() : reject(new Error(`writer exited by itself: ${stderr}`))))
  })

export interface CrashOptions {
  readonly skip?: boolean
  /** How many writers are killed in all (default 30), and how many run at once (default 5). */
  readonly kills?: number
  readonly parallel?: number
  /** A fresh storage: the writer's script and arguments (relative to the repository root), and the store's layer over it. */
  readonly storage: () => {
    readonly writer: ReadonlyArray<string>
    readonly layer: (keyring: MasterKey.Keyring) => Layer.Layer<StoreDriver.Services, unknown>
    /** The adapter's own check of the storage after the kills. */
    readonly check?: () => Promise<void>
  }
}

interface Marked {
  readonly stream: string
  readonly version: number
  readonly append: string
  readonly size: number
}

export const crashTest = ({ skip = false, kills = 30, parallel = 5, storage }: CrashOptions) =>
  it.skipIf(skip)(`SIGKILL mid-append, ${kills} times: every acknowledged append is there whole, none in part, every stream intact`, async () => {
    const { writer, layer, check } = storage()
    const [script, ...rest] = writer
    const command = [...(await nodeScript(script!)), ...rest]
    const key = MasterKey.generate()
    const acked = new Map<string, Array<Ack>>()
    let killed = 0
    while (killed < kills) {
      const slots = Array.from({ length: Math.min(parallel, kills - killed) }, (_, slot) => slot)
      await Promise.all(slots.map((slot) => round([...command, String(slot)], key, acked)))
      killed += slots.length
    }
    expect([...acked.values()].flat().some((a) => a.events >= 128)).toBe(true)
    const worker = { actor: "crash-test", purpose: "integrity-check", legalBasis: "test" }
    await Effect.runPromise(
      Effect.provide(
        Effect.gen(function* () {
          const es = yield* EventStore.EventStore
          const vault = yield* PersonalDataVault.PersonalDataVault
          for (const [stream, acks] of acked) {
            const events = yield* es.readStream(stream)
            expect(events.map((e) => e.version)).toEqual(events.map((_, i) => i + 1))
            const data = events.map((e) => e.data as Marked)
            for (const d of data) expect(d).toMatchObject({ stream, version: data.indexOf(d) + 1 })
            // Every acknowledged append is present: the events up to its version, its last one closing it.
            for (const a of acks) {
              expect(events.length).toBeGreaterThanOrEqual(a.version)
              const mine = data.slice(a.version - a.events, a.version)
              expect(new Set(mine.map((d) => d.append)).size).toBe(1)
              expect(mine[0]!.size).toBe(a.events)
            }
            // Whether acknowledged or not, every append present is there with all of its events.
            const counts = new Map<string, number>()
            for (const d of data) counts.set(d.append, (counts.get(d.append) ?? 0) + 1)
            for (const d of data) expect(counts.get(d.append), d.append).toBe(d.size)
            const revealed = yield* vault.reveal(events, worker)
            for (const [i, r] of revealed.entries()) expect(r).toEqual({ _tag: "Fields", fields: { note: `note ${stream} ${i + 1}` } })
          }
          const head = yield* es.head
          const all = yield* es.readAll(0, 100_000)
          expect(all.map((e) => e.position)).toEqual(Array.from({ length: head }, (_, i) => i + 1))
        }).pipe(AccessLog.actingAs(worker)),
        layer(MasterKey.unsafeKeyring(key))
      )
    )
    if (check !== undefined) await check()
  }, 120_000)
