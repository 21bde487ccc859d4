// One national week of session reminders (22 regions × 200 groups × 8 people = 35,200 emails) dispatched
// from a SQLite store to a local SMTP sink that accepts everything, side by side in the same run with raw
// nodemailer (pooled, the same pool size) sending the same messages. The dispatcher's figure includes what
// it does per message: claiming, the send-time check of consent, enrolment, session and erasure, reading
// the contact through the vault (logged), rendering the template and settling the delivery.
// `VT_DISPATCH_GROUPS` (default 4,400) sets the number of groups.
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { SmtpTransport } from "@vertaistuki/notify-smtp"
import { Baseline } from "@vertaistuki/notify-smtp/sink"
import { AccessLog, Deliveries, MasterKey } from "@vertaistuki/store"
import { SqliteEventStore } from "@vertaistuki/store-sqlite"
import { Effect, Layer, ManagedRuntime } from "effect"
import { sinkFor } from "../../notify-smtp/bench/sink.js"
import { Dispatcher, Notice, ReminderPolicy, type Transport, Templates } from "../src/index.js"
import { clockFrom, member, seedMembers, seedSession, system } from "../test/world.js"

const GROUPS = Number(process.env.VT_DISPATCH_GROUPS ?? 22 * 200)
const MEMBERS = 8
const POOL = 5
const START = "2026-03-12T16:00:00.000Z" // Thursday 18:00 in Helsinki
const PLANNED_AT = Date.parse("2026-03-09T10:00:00.000Z")
const DUE = Date.parse("2026-03-11T16:00:30.000Z") // just after 18:00 the day before
const policy: ReminderPolicy.Policy = { ...ReminderPolicy.defaults, channels: ["email"], reminders: [ReminderPolicy.DayBefore.make({ at: "18:00" })] }
const from = "Vertaistuki <ryhma@example.test>"
const domain = "vertaistuki.test"

const dir = mkdtempSync(join(tmpdir(), "vt-dispatch-bench-"))
const sink = await sinkFor("process")
const layer = Layer.mergeAll(
  SqliteEventStore.layer({ filename: join(dir, "week.sqlite"), keyring: MasterKey.unsafeKeyring(MasterKey.generate()), synchronous: "NORMAL" }),
  SmtpTransport.layer({ url: sink.url, from, messageIdDomain: domain, poolSize: POOL }),
  Dispatcher.noSms
)
const rt = ManagedRuntime.make(layer)
const run = <A, E>(eff: Effect.Effect<A, E, Layer.Layer.Success<typeof layer> | AccessLog.Actor>, at: number) =>
  rt.runPromise(Effect.withClock(eff.pipe(AccessLog.actingAs(system)), clockFrom(at)))

const total = GROUPS * MEMBERS
console.log(`Dispatch of ${total.toLocaleString("en")} session reminders (${GROUPS.toLocaleString("en")} groups × ${MEMBERS}) to a local SMTP sink, pool of ${POOL}`)
const t0 = performance.now()
const groups = Array.from({ length: GROUPS }, (_, g) => `g-${g}`)
await run(
  Effect.forEach(
    groups,
    (g) => {
      const members = Array.from({ length: MEMBERS }, (_, i) => member(i + 1, ["email-reminders"], g))
      const personOf = new Map(members.map((m) => [m.participantId, m.personId]))
      return Effect.zipRight(
        seedMembers(g, members, "2026-03-01T10:00:00.000Z"),
        seedSession(g, `s-${g}`, START, "2026-03-09T09:00:00.000Z", (events) =>
          Notice.fromEvents(events, { groupId: g, personOf: (p) => personOf.get(p) })
        )
      )
    },
    { discard: true }
  ),
  PLANNED_AT
)
console.log(`  set-up (not measured): ${total.toLocaleString("en")} people with sealed contacts and consents, ${GROUPS.toLocaleString("en")} sessions, in ${((performance.now() - t0) / 1000).toFixed(1)} s`)

const dispatcher = await run(Dispatcher.make({ instanceId: "bench-1", policy, batchSize: 500, concurrency: 32 }), PLANNED_AT)
const p0 = performance.now()
const planned = await run(Dispatcher.drain(dispatcher, 1_000_000), PLANNED_AT)
const planSeconds = (performance.now() - p0) / 1000
const before = await sink.stats()
const s0 = performance.now()
const sent = await run(Dispatcher.drain(dispatcher, 1_000_000), DUE)
const sendSeconds = (performance.now() - s0) / 1000
const after = await sink.stats()
const counts = await run(Effect.flatMap(Deliveries.Deliveries, (d) => d.counts), DUE)
if (sent.sent !== total || after.count - before.count !== total) {
  throw new Error(`expected ${total} sent and arrived, got ${sent.sent} sent, ${after.count - before.count} arrived (${JSON.stringify(counts.byStatus)})`)
}

// The same messages through raw nodemailer: each delivery's template rendered the same way, to the same addresses.
const emails: Array<Transport.Email> = []
for (const g of groups) {
  for (let i = 1; i <= MEMBERS; i++) {
    const m = member(i, ["email-reminders"], g)
    const r = Templates.render("session-reminder", "fi", { start: START, minutes: 90 }, "email")
    if (r._tag === "Left") throw new Error(r.left.message)
    emails.push({ deliveryId: `raw-${g}-${i}`, to: m.email, subject: r.right.subject, text: r.right.text, html: r.right.html, language: "fi" })
  }
}
const raw = await Baseline.send({ url: sink.url, from, messageIdDomain: domain, poolSize: POOL, emails })
const rawRate = total / (raw.millis / 1000)
const rate = total / sendSeconds

console.log(`  planning (outbox → ${planned.recorded.toLocaleString("en")} deliveries): ${planSeconds.toFixed(1)} s`)
console.log(`  dispatcher: ${Math.round(rate).toLocaleString("en")} msgs/s (${sendSeconds.toFixed(1)} s, ${sent.sent.toLocaleString("en")} sent, ${after.duplicates - before.duplicates} duplicates)`)
console.log(`  raw nodemailer: ${Math.round(rawRate).toLocaleString("en")} msgs/s (${(raw.millis / 1000).toFixed(1)} s, ${raw.failed} failed)`)
console.log(`  dispatcher ÷ raw: ${(rate / rawRate).toFixed(2)} (goal ≥ 0.5)`)
console.log(`  the whole week, planning and sending: ${(planSeconds + sendSeconds).toFixed(1)} s (goal ≤ 60 s)`)

await rt.dispose()
await sink.close()
rmSync(dir, { recursive: true, force: true })
