// The contract's writer process, shared by the adapters: opens the store (a fresh one migrates on open),
// appends `writes` events to one stream with optimistic concurrency and retries, prints `done`, exits.
import { Effect, type Layer } from "effect"
import { EventStore, MasterKey, StoreError, type StoreDriver } from "../src/index.js"

/** `<…adapter args> <stream> <writer> <writes>`: the last three arguments of the process. */
export const concurrentWriter = (layer: (keyring: MasterKey.Keyring) => Layer.Layer<StoreDriver.Services, unknown>) => {
  const [stream, w, writes] = process.argv.slice(-3)
  const program = Effect.flatMap(EventStore.EventStore, (es) =>
    Effect.forEach(
      Array.from({ length: Number(writes) }, (_, i) => i),
      (i) =>
        StoreError.retryOnConflict(
          Effect.flatMap(es.streamVersion(stream!), (v) => es.append(stream!, v, [{ type: "Marked", data: { w: Number(w), i }, personId: `p-${w}`, personal: { note: `note ${w} ${i}` } }])),
          { times: 400, base: 2 }
        ),
      { discard: true }
    )
  )
  Effect.runPromise(Effect.provide(program, layer(MasterKey.unsafeKeyring(process.env.VT_TEST_MASTER_KEY!)))).then(
    () => {
      process.stdout.write("done\n")
      process.exit(0)
    },
    (e) => {
      console.error(e)
      process.exit(1)
    }
  )
}
