import { spawn } from "node:child_process"
import { fileURLToPath } from "node:url"
import { EventStore, MasterKey, PersonalDataVault } from "@vertaistuki/store"
import { Effect } from "effect"
import { afterAll, expect, it } from "vitest"
import { PgEventStore } from "../src/index.js"
import { dropSchemas, freshSchema, skip, url } from "./pg.js"

const root = fileURLToPath(new URL("../../../", import.meta.url))
afterAll(dropSchemas)

/** Runs the writer until it has acknowledged something and a random moment has passed, then SIGKILLs it. */
const round = (schema: string, key: string, acked: Map<string, number>) =>
  new Promise<void>((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", "packages/store-postgres/test/fixtures/crash-writer.ts", url, schema], {
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

it.skipIf(skip)("SIGKILL mid-append, repeatedly: every acknowledged event is present and every stream is intact", async () => {
  const schema = freshSchema()
  const key = MasterKey.generate()
  const acked = new Map<string, number>()
  for (let i = 0; i < 5; i++) await round(schema, key, acked)
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
      }),
      PgEventStore.layer({ url, schema, keyring: MasterKey.unsafeKeyring(key) })
    )
  )
}, 120_000)
