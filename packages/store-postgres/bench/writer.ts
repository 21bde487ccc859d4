// One writer process of the head-lock benchmark: `writer.ts <url> <schema> <stream> <millis>`. Opens the
// store, prints "ready", waits for a line on stdin, appends one event at a time to its own stream for
// `millis`, then prints the number of appends and exits.
import { createInterface } from "node:readline"
import { EventStore, MasterKey } from "@vertaistuki/store"
import { Effect } from "effect"
import { PgEventStore } from "../src/index.js"

const [url, schema, stream, millis] = process.argv.slice(2)
const program = Effect.gen(function* () {
  const es = yield* EventStore.EventStore
  yield* es.head
  process.stdout.write("ready\n")
  yield* Effect.promise(() => new Promise<void>((resolve) => createInterface({ input: process.stdin }).once("line", () => resolve())))
  const end = Date.now() + Number(millis)
  let n = 0
  while (Date.now() < end) {
    yield* es.append(stream!, n === 0 ? "no-stream" : n, [{ type: "Tick", data: { n } }])
    n++
  }
  process.stdout.write(`${n}\n`)
})
Effect.runPromise(Effect.provide(program, PgEventStore.layer({ url: url!, schema: schema!, keyring: MasterKey.unsafeKeyring(process.env.VT_BENCH_MASTER_KEY!), maxConnections: 1 }))).then(
  () => process.exit(0),
  (e) => {
    console.error(e)
    process.exit(1)
  }
)
