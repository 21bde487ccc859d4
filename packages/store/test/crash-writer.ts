// The crash test's child process, shared by the adapters (kept apart from `crash.ts`, which needs vitest):
// appends to a few streams and prints `ack <stream> <version>` after each commit, until killed.
import { Effect, type Layer } from "effect"
import { EventStore, MasterKey, type StoreDriver } from "../src/index.js"

const streams = ["group-a", "group-b", "group-c"]

/** The child process's loop: appends to a few streams and prints `ack <stream> <version>` after each commit, until killed. */
export const crashWriter = (layer: (keyring: MasterKey.Keyring) => Layer.Layer<StoreDriver.Services, unknown>) => {
  const program = Effect.gen(function* () {
    const es = yield* EventStore.EventStore
    const versions = new Map<string, number>()
    for (const s of streams) versions.set(s, yield* es.streamVersion(s))
    for (let i = 0; ; i++) {
      const s = streams[i % streams.length]!
      const v = versions.get(s)!
      const n = 1 + (i % 4)
      const r = yield* es.append(
        s,
        v,
        Array.from({ length: n }, (_, k) => ({
          type: "Marked",
          data: { stream: s, version: v + k + 1 },
          personId: `p-${(v + k) % 7}`,
          personal: { note: `note ${s} ${v + k + 1}` }
        }))
      )
      versions.set(s, r.nextVersion)
      process.stdout.write(`ack ${s} ${r.nextVersion}\n`)
    }
  })
  Effect.runPromise(Effect.provide(program, layer(MasterKey.unsafeKeyring(process.env.VT_TEST_MASTER_KEY!)))).catch((e) => {
    console.error(e)
    process.exit(1)
  })
}

