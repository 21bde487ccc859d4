/**
 * `vertaistuki notify dispatch|status|requeue|preview`: the notifications. `dispatch` plans the outbox's
 * notices and sends the due reminders (`--once`: one pass until nothing is left to do; otherwise it keeps
 * running, with progress on a terminal). `status` counts the deliveries by status, `requeue --parked` sends
 * the parked ones again, `preview` renders a template with sample values. `--db` as in `vertaistuki store`;
 * the SMTP server and SMS gateway come from `VERTAISTUKI_SMTP_URL` / `VERTAISTUKI_SMTP_FROM` and
 * `VERTAISTUKI_SMS_URL`, quiet hours from `VERTAISTUKI_QUIET_HOURS` (e.g. `21:00-08:00`); flags override them.
 *
 * @since 0.1.0
 */
import { Command, Options } from "@effect/cli"
import { Deliveries } from "@vertaistuki/store"
import { Console, Effect } from "effect"
import { BadInput, json, printJson, printTable } from "../Output.js"
import { db, driverFor, existingStore, keyring, report, schema } from "./store.js"

const withStore = <A, E, R>(o: { readonly db: string; readonly schema: string }, body: Effect.Effect<A, E, R>) =>
  Effect.zipRight(
    existingStore(o.db),
    Effect.flatMap(keyring, (k) => Effect.provide(body, driverFor(o.db, o.schema).layer(k)))
  )

const status = Command.make("status", { db, schema, json }, (o) =>
  report(
    withStore(
      o,
      Effect.gen(function* () {
        const counts = yield* (yield* Deliveries.Deliveries).counts
        const oldest = counts.oldestPending?.toISOString() ?? null
        if (o.json) return yield* printJson({ byStatus: counts.byStatus, oldestPending: oldest })
        yield* printTable(
          ["status", "deliveries"],
          Deliveries.statuses.map((s) => [s, counts.byStatus[s]])
        )
        yield* Console.log(oldest === null ? "nothing pending" : `oldest pending: due ${oldest}`)
      })
    )
  )
).pipe(Command.withDescription("the deliveries by status, and when the oldest pending one is due"))

const parked = Options.boolean("parked").pipe(Options.withDescription("put every parked delivery back in the queue, due now"))

const requeue = Command.make("requeue", { db, schema, parked, json }, (o) =>
  report(
    o.parked
      ? withStore(
          o,
          Effect.gen(function* () {
            const n = yield* (yield* Deliveries.Deliveries).requeueParked
            if (o.json) return yield* printJson({ requeued: n })
            yield* Console.log(n === 0 ? "no parked deliveries" : `requeued ${n} parked ${n === 1 ? "delivery" : "deliveries"}`)
          })
        )
      : Effect.fail(new BadInput({ message: "requeue needs --parked (the only deliveries that can be requeued)" }))
  )
).pipe(Command.withDescription("send parked deliveries again (--parked)"))

/** `vertaistuki notify`. */
export const notify = Command.make("notify").pipe(
  Command.withDescription("notifications: dispatch the outbox's reminders, see their status, requeue, preview a template"),
  Command.withSubcommands([status, requeue])
)
