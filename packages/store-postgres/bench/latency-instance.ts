// One app instance of the latency benchmark: `latency-instance.ts <url> <schema> <owner>`. Runs the
// `Sessions` projection with `Projection.run` (one instance owns it, the others stand by; woken by the
// database's notices of new appends), prints "ready" and "owner" when it takes the lease; runs until killed.
import { AccessLog, MasterKey, Projection, Sessions } from "@vertaistuki/store"
import { Effect } from "effect"
import { PgEventStore } from "../src/index.js"

const [url, schema, owner] = process.argv.slice(2)
const program = Effect.zipRight(
  Effect.sync(() => void process.stdout.write("ready\n")),
  Projection.run(Sessions.projection, {
    owner: owner!,
    onOwnership: (owned) => Effect.sync(() => void process.stdout.write(owned ? "owner\n" : "standby\n"))
  })
).pipe(AccessLog.actingAs(AccessLog.system("projection")))

Effect.runPromise(Effect.provide(program, PgEventStore.layer({ url: url!, schema: schema!, keyring: MasterKey.unsafeKeyring(process.env.VT_BENCH_MASTER_KEY!), maxConnections: 2 }))).catch((e) => {
  console.error(e)
  process.exit(1)
})
