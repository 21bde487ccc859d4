// The crash test's child process, shared by the adapters (kept apart from `crash.ts`, which needs vitest):
// appends to its slot's streams and prints `ack <stream> <version> <events>` after each commit, until
// killed. Every fifth append carries 130 events with personal fields, enough to be sealed off the main
// thread; each event names its append and that append's size, so a reader can tell a partial append.
import { Effect, type Layer } from "effect"
import { EventStore, MasterKey, type StoreDriver } from "../src/index.js"

/** The child process's loop over the streams of slot `process.argv.at(-1)`. */
export const crashWriter = (layer: (keyring: MasterKey.Keyring) => Layer.Layer<StoreDriver.Services, unknown>) => {
  const slot = process.argv.at(-1)
  const streams = ["a", "b", "c"].map((s) => `group-${slot}-${s}`)
  const program = Effect.gen(function* () {
    const es = yield* EventStore.EventStore
    const versions = new Map<string, number>()
    for (const s of streams) versions.set(s, yield* es.streamVersion(s))
    for (let i = 0; ; i++) {
      const s = streams[i % streams.length]!
      const v = versions.get(s)!
      const n = i % 5 === 4 ? 130 : 1 + (i % 4)
      const append = `${process.pid}-${i}`
      const r = yield* es.append(
        s,
        v,
        Array.from({ length: n }, (_, k) => ({
          type: "Marked",
          data: { stream: s, version: v + k + 1, append, size: n },
          personId: `p-${(v + k) % 7}`,
          personal: { note: `note ${s} ${v + k + 1}` }
        }))
      )
      versions.set(s, r.nextVersion)
      process.stdout.write(`ack ${s} ${r.nextVersion} ${n}\n`)
    }
  })
  Effect.runPromise(Effect.provide(program, layer(MasterKey.unsafeKeyring(process.env.VT_TEST_MASTER_KEY!)))).catch((e) => {
    console.error(e)
    process.exit(1)
  })
}
