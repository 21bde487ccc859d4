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
import { hostname } from "node:os"
import { Command, Options } from "@effect/cli"
import { Dispatcher, type QuietHours, ReminderPolicy, Templates, type Transport } from "@vertaistuki/notify"
import { SmsGateway } from "@vertaistuki/notify-sms"
import { SmtpTransport } from "@vertaistuki/notify-smtp"
import { Deliveries } from "@vertaistuki/store"
import { Console, Effect, Layer, Option } from "effect"
import { DateTime } from "luxon"
import { langOptionIn, num, type Say, say } from "../Messages.js"
import { BadInput, jsonIn, printError, printJson, printTable } from "../Output.js"
import { dbIn, driverFor, existingStore, keyring, report, schemaIn } from "./store.js"

const withStore = <A, E, R>(o: { readonly db: string; readonly schema: string }, body: Effect.Effect<A, E, R>) =>
  Effect.zipRight(
    existingStore(o.db),
    Effect.flatMap(keyring, (k) => Effect.provide(body, driverFor(o.db, o.schema).layer(k)))
  )

/** The options of the `notify` commands, their help in `h`'s language. */
const optionsIn = (h: Say) => ({
  h,
  db: dbIn(h),
  schema: schemaIn(h),
  json: jsonIn(h),
  lang: langOptionIn(h),
  parked: Options.boolean("parked").pipe(Options.withDescription(h("describe.notify.parked"))),
  once: Options.boolean("once").pipe(Options.withDescription(h("describe.notify.once"))),
  smtpUrl: Options.text("smtp-url").pipe(Options.optional, Options.withDescription(h("describe.notify.smtp-url"))),
  smtpFrom: Options.text("smtp-from").pipe(Options.optional, Options.withDescription(h("describe.notify.smtp-from"))),
  smsUrl: Options.text("sms-url").pipe(Options.optional, Options.withDescription(h("describe.notify.sms-url"))),
  quiet: Options.text("quiet-hours").pipe(Options.optional, Options.withDescription(h("describe.notify.quiet-hours"))),
  programme: Options.text("programme").pipe(Options.optional, Options.withDescription(h("describe.notify.programme"))),
  instance: Options.text("instance").pipe(Options.optional, Options.withDescription(h("describe.notify.instance"))),
  template: Options.choice("template", Templates.ids).pipe(Options.withDescription(h("describe.notify.template"))),
  channel: Options.choice("channel", ["email", "sms"] as const).pipe(Options.withDefault("email" as const), Options.withDescription(h("describe.notify.channel", { value: "email" })))
})
type NotifyOptions = ReturnType<typeof optionsIn>

const status = (x: NotifyOptions) =>
  Command.make("status", { db: x.db, schema: x.schema, json: x.json, lang: x.lang }, (o) =>
  report(
    withStore(
      o,
      Effect.gen(function* () {
        const counts = yield* (yield* Deliveries.Deliveries).counts
        const oldest = counts.oldestPending?.toISOString() ?? null
        if (o.json) return yield* printJson({ byStatus: counts.byStatus, oldestPending: oldest })
        const m = yield* say
        yield* printTable(
          [m("notify.status"), m("notify.deliveries")],
          Deliveries.statuses.map((s) => [s, num(counts.byStatus[s], m.lang)])
        )
        yield* Console.log(oldest === null ? m("notify.nothing-pending") : m("notify.oldest-pending", { at: oldest }))
      })
    )
  )
).pipe(Command.withDescription(x.h("describe.notify.status")))

const requeue = (x: NotifyOptions) =>
  Command.make("requeue", { db: x.db, schema: x.schema, parked: x.parked, json: x.json, lang: x.lang }, (o) =>
  report(
    o.parked
      ? withStore(
          o,
          Effect.gen(function* () {
            const n = yield* (yield* Deliveries.Deliveries).requeueParked
            if (o.json) return yield* printJson({ requeued: n })
            const m = yield* say
            yield* Console.log(n === 0 ? m("notify.no-parked") : m("notify.requeued", { n }))
          })
        )
      : Effect.flatMap(say, (m) => Effect.fail(new BadInput({ message: m("notify.requeue-needs") })))
  )
).pipe(Command.withDescription(x.h("describe.notify.requeue")))

const env = (name: string): string | undefined => {
  const v = process.env[name]
  return v === undefined || v.trim() === "" ? undefined : v
}
const fromEnv = (o: Option.Option<string>, name: string): string | undefined => Option.getOrUndefined(o) ?? env(name)

/** `21:00-08:00` as a window, or bad input naming the option. */
const windowOf = (text: string, say: Say): Effect.Effect<QuietHours.Window, BadInput> => {
  const m = /^\s*(\d{1,2}:\d{2})\s*[-–]\s*(\d{1,2}:\d{2})\s*$/.exec(text)
  const bad = new BadInput({ message: say("notify.quiet-hours") })
  if (m === null) return Effect.fail(bad)
  const pad = (t: string) => t.padStart(5, "0")
  return Effect.mapError(
    Effect.map(ReminderPolicy.override(ReminderPolicy.defaults, { quietHours: { email: { start: pad(m[1]!), end: pad(m[2]!) }, sms: { start: pad(m[1]!), end: pad(m[2]!) } } }), (p) => p.quietHours.email),
    () => bad
  )
}

const transportProblem = (e: Transport.InvalidTransportConfig, option: string, say: Say) =>
  new BadInput({ message: say("notify.transport-setting", { option, field: e.field, expected: e.expected }) })

type Step = Dispatcher.Step
const stepLine = (s: Step, say: Say) => `${say("notify.step", { ...s })}${s.unreadable > 0 ? say("notify.unreadable", { n: s.unreadable }) : ""}`

const dispatch = (x: NotifyOptions) =>
  Command.make(
  "dispatch",
  { db: x.db, schema: x.schema, once: x.once, json: x.json, smtpUrl: x.smtpUrl, smtpFrom: x.smtpFrom, smsUrl: x.smsUrl, quiet: x.quiet, programme: x.programme, instance: x.instance, lang: x.lang },
  (o) =>
    report(
      Effect.gen(function* () {
        const m = yield* say
        const quietText = fromEnv(o.quiet, "VERTAISTUKI_QUIET_HOURS")
        let policy = Option.isSome(o.programme) ? ReminderPolicy.forProgramme(o.programme.value) : ReminderPolicy.defaults
        if (quietText !== undefined) {
          const w = yield* windowOf(quietText, m)
          policy = { ...policy, quietHours: { email: w, sms: w } }
        }
        const smtp = fromEnv(o.smtpUrl, "VERTAISTUKI_SMTP_URL")
        const sms = fromEnv(o.smsUrl, "VERTAISTUKI_SMS_URL")
        if (smtp === undefined && sms === undefined) {
          return yield* new BadInput({ message: m("notify.no-transport") })
        }
        const email =
          smtp === undefined
            ? Dispatcher.noEmail
            : Layer.catchAll(SmtpTransport.layer({ url: smtp, from: fromEnv(o.smtpFrom, "VERTAISTUKI_SMTP_FROM") ?? "noreply@localhost" }), (e) =>
                Layer.fail(transportProblem(e, "--smtp-url", m))
              )
        const text = sms === undefined ? Dispatcher.noSms : Layer.catchAll(SmsGateway.layer({ url: sms }), (e) => Layer.fail(transportProblem(e, "--sms-url", m)))
        yield* existingStore(o.db)
        const k = yield* keyring
        const id = Option.getOrUndefined(o.instance) ?? `${hostname().replace(/[^A-Za-z0-9._-]/g, "-")}-${process.pid}`
        const tty = process.stderr.isTTY === true && !o.json
        const body = Effect.gen(function* () {
          const d = yield* Dispatcher.make({ instanceId: id, policy })
          if (o.once) {
            const total = yield* Dispatcher.drain(d)
            if (o.json) return yield* printJson(total)
            return yield* Console.log(stepLine(total, m))
          }
          const total: Record<keyof Step, number> = { planned: 0, recorded: 0, unreadable: 0, sent: 0, suppressed: 0, expired: 0, deferred: 0, retried: 0, failed: 0, parked: 0, lost: 0 }
          yield* d.run((s) =>
            Effect.gen(function* () {
              for (const key of Object.keys(total) as Array<keyof Step>) total[key] += s[key]
              if (tty) yield* Effect.sync(() => process.stderr.write(`\r\x1b[2K${m("notify.dispatching")}: ${stepLine(total, m)}`))
              else if (s.planned + s.sent + s.suppressed + s.expired + s.retried + s.failed + s.parked > 0) yield* printError(`dispatch: ${stepLine(s, m)}`)
            })
          )
        })
        yield* Effect.provide(body, Layer.mergeAll(driverFor(o.db, o.schema).layer(k), email, text))
      })
    )
).pipe(Command.withDescription(x.h("describe.notify.dispatch")))

/** Sample values for a template's placeholders: next Thursday at 18:00 in Helsinki, 90 minutes, the first choice. */
const samples = (id: Templates.TemplateId): Templates.Values => {
  const start = DateTime.now().setZone("Europe/Helsinki").plus({ weeks: 1 }).set({ weekday: 4, hour: 18, minute: 0, second: 0, millisecond: 0 })
  const values: Record<string, string | number> = {}
  for (const [name, kind] of Object.entries(Templates.catalogue[id].placeholders)) {
    values[name] =
      kind._tag === "time" ? (name === "previousStart" ? start.minus({ days: 2 }) : start).toUTC().toISO()! : kind._tag === "count" ? 90 : (kind.options[0] ?? "")
  }
  return values
}

const preview = (x: NotifyOptions) =>
  Command.make("preview", { template: x.template, lang: x.lang, channel: x.channel, json: x.json }, (o) =>
  report(
    Effect.gen(function* () {
      const say_ = yield* say
      // The template in the run's language: --lang, else the environment's.
      const r = Templates.render(o.template, say_.lang, samples(o.template), o.channel)
      if (r._tag === "Left") return yield* new BadInput({ message: `${r.left.field}: expected ${r.left.expected}` })
      const m = r.right
      if (o.json) return yield* printJson({ template: m.template, language: m.language, subject: m.subject, text: m.text, html: m.html, sms: m.sms, segments: m.segments })
      if (o.channel === "sms") return yield* Console.log(`${m.sms}\n\n(${say_("notify.segments", { encoding: m.segments.encoding, n: m.segments.segments })})`)
      yield* Console.log(`${say_("notify.subject")}: ${m.subject}\n\n${m.text}`)
    })
  )
).pipe(Command.withDescription(x.h("describe.notify.preview")))

/** `vertaistuki notify`, its help in `h`'s language. */
export const notify = (h: Say) => {
  const x = optionsIn(h)
  return Command.make("notify").pipe(Command.withDescription(h("describe.notify")), Command.withSubcommands([dispatch(x), status(x), requeue(x), preview(x)]))
}
