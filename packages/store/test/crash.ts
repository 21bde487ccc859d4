// The crash test shared by the adapters: a child process appends in a loop (`crash-writer.ts`) and prints
// each acknowledged version; the test kills it with SIGKILL at random moments, five times, then checks
// that every acknowledged event is there, versions are contiguous in every stream, global positions have
// no gap and every sealed field still decrypts. An adapter supplies the writer's command line and its
// layer over the same storage.
import { spawn } from "node:child_process"
import { fileURLToPath } from "node:url"
import { Effect, type Layer } from "effect"
import { expect, it } from "vitest"
import { AccessLog, EventStore, MasterKey, PersonalDataVault, type StoreDriver } from "../src/index.js"

const root = fileURLToPath(new URL("../../../", import.meta.url))
/** Runs the writer until it has acknowledged something and a random moment has passed, then SIGKILLs it. */
const round = (args: ReadonlyArray<string>, key: string, acked: Map<string, number>) =>
  new Promise<void>((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", ...args], {
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
        const [, stream, version] = line.split(" ")
        acked.set(stream!, Math.max(acked.get(stream!) ?? 0, Number(version)))
      }
      if (timer === undefined) timer = setTimeout(() => child.kill("SIGKILL"), 50 + Math.floor(Math.random() * 400))
    })
    child.stderr.on("data", (c: Buffer) => (stderr += c.toString("utf8")))
    child.on("exit", (_code, signal) => (signal === "SIGKILL" ? resolve() : reject(new Error(`writer exited by itself: ${stderr}`))))
  })

export interface CrashOptions {
  readonly skip?: boolean
  /** A fresh storage: the writer's script and arguments (relative to the repository root), and the store's layer over it. */
  readonly storage: () => {
    readonly writer: ReadonlyArray<string>
    readonly layer: (keyring: MasterKey.Keyring) => Layer.Layer<StoreDriver.Services, unknown>
  }
}

export const crashTest = ({ skip = false, storage }: CrashOptions) =>
  it.skipIf(skip)("SIGKILL mid-append, repeatedly: every acknowledged event is present and every stream is intact", async () => {
    const { writer, layer } = storage()
    const key = MasterKey.generate()
    const acked = new Map<string, number>()
    for (let i = 0; i < 5; i++) await round(writer, key, acked)
    expect(acked.size).toBeGreaterThan(0)
    const worker = { actor: "crash-test", purpose: "integrity-check", legalBasis: "test" }
    await Effect.runPromise(
      Effect.provide(
        Effect.gen(function* () {
          const es = yield* EventStore.EventStore
          const vault = yield* PersonalDataVault.PersonalDataVault
          for (const [stream, version] of acked) {
            const events = yield* es.readStream(stream)
            expect(events.length).toBeGreaterThanOrEqual(version)
            expect(events.map((e) => e.version)).toEqual(events.map((_, i) => i + 1))
            for (const e of events) expect(e.data).toEqual({ stream, version: e.version })
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
  }, 120_000)
