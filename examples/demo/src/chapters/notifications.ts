/**
 * The group's reminders sent. The story up to its first session is replayed into a store in memory (the
 * SQLite store of the storage chapter holds the whole story, in which every session has been held, so
 * nothing would be due): each event with its notices in the outbox (`Notice.fromEvents`), each parent's
 * email address sealed, consents to email reminders. The dispatcher plans the notices into deliveries when
 * the sessions are scheduled; then one parent withdraws the consent and one is erased; then the reminders
 * go out at their times (the day before at 18:00 and two hours before) to an SMTP server on 127.0.0.1 in
 * this process (`smtp-server`, parsed with `mailparser`), each in the parent's own language. The clock is
 * the story's, moved from one due time to the next.
 */
import { Dispatcher, Notice, ReminderPolicy } from "@vertaistuki/notify"
import { SmtpTransport } from "@vertaistuki/notify-smtp"
import { SmtpSink } from "@vertaistuki/notify-smtp/sink"
import { AccessLog, Deliveries, EventStore, InMemoryEventStore, LifecycleCodec, MasterKey, PersonalDataVault, Streams } from "@vertaistuki/store"
import { Clock, Duration, Effect, Either, Layer } from "effect"
import { say } from "../Print.js"
import type { Story } from "../Story.js"

/** The languages of the parents who do not write Finnish at home. */
const languages: Readonly<Record<string, "sv" | "en">> = { "parent-3": "sv", "parent-5": "en", "parent-8": "sv" }

const emailOf = (participantId: string) => `${participantId}@perhe.example.fi`

/** A clock standing at `ms` (epoch milliseconds) while it runs; sleeps are real. */
const clockAt = (ms: number): Clock.Clock => ({
  [Clock.ClockTypeId]: Clock.ClockTypeId,
  unsafeCurrentTimeMillis: () => ms,
  currentTimeMillis: Effect.sync(() => ms),
  unsafeCurrentTimeNanos: () => BigInt(ms) * 1_000_000n,
  currentTimeNanos: Effect.sync(() => BigInt(ms) * 1_000_000n),
  sleep: (d) => Effect.promise(() => new Promise<void>((resolve) => setTimeout(resolve, Duration.toMillis(d))))
})

const organiser = { actor: "coordinator-maija", purpose: "reminders-setup", legalBasis: "consent (GDPR Art. 6(1)(a))" }

export const notifications = async (story: Story): Promise<void> => {
  // The story up to its first session: the group as it stood when its sessions were scheduled.
  const firstHeld = story.events.findIndex((e) => e._tag === "SessionHeld")
  const events = story.events.slice(0, firstHeld === -1 ? story.events.length : firstHeld)
  const scheduled = events.flatMap((e) => (e._tag === "SessionScheduled" ? [e] : []))
  const enrolled = [...new Set(events.flatMap((e) => (e._tag === "MemberEnrolled" ? [e.participantId] : [])))]
  const personOf = new Map(events.flatMap((e) => (e._tag === "ParticipantReferred" ? [[e.participantId, e.personId] as const] : [])))
  const groupEvent = events.find((e) => e._tag === "GroupPlanned")
  if (scheduled.length === 0 || enrolled.length === 0 || groupEvent === undefined || !("groupId" in groupEvent)) throw new Error("the lifecycle chapter has not told its story")
  const groupId = groupEvent.groupId
  const plannedAt = Date.parse(scheduled[scheduled.length - 1]!.at)
  const withdrawer = enrolled.find((p) => !["parent-1", "parent-2", "parent-4"].includes(p)) ?? enrolled[enrolled.length - 1]!
  const erased = "parent-2"

  const sink = await SmtpSink.start()
  const layer = Layer.mergeAll(
    InMemoryEventStore.layer({ keyring: MasterKey.unsafeKeyring(MasterKey.generate()) }),
    SmtpTransport.layer({ url: sink.url, from: "Vertaistuki <ryhma@vertaistuki.example.fi>", messageIdDomain: "vertaistuki.example.fi" }),
    Dispatcher.noSms
  )
  const at = <A, E, R>(ms: number, eff: Effect.Effect<A, E, R>) => Effect.withClock(eff, clockAt(ms))

  const program = Effect.gen(function* () {
    const es = yield* EventStore.EventStore
    const deliveries = yield* Deliveries.Deliveries
    // Each event stored with the notices it gives in the outbox (Notice.fromEvents); each parent's email sealed.
    for (const e of events) {
      const participantId = "participantId" in e ? e.participantId : undefined
      const stream = participantId !== undefined ? Streams.participant(participantId) : "sessionId" in e ? Streams.session(e.sessionId) : Streams.group(groupId)
      const personId = participantId === undefined ? undefined : personOf.get(participantId)
      const personal = e._tag === "ParticipantReferred" ? { email: emailOf(e.participantId) } : undefined
      const encoded = Either.getOrThrow(LifecycleCodec.encode(e, { groupId, ...(personId === undefined ? {} : { personId }), ...(personal === undefined ? {} : { personal }) }))
      yield* es.append(stream, "any", [encoded], { outbox: Notice.fromEvents([e], { groupId, personOf: (p) => personOf.get(p) }) })
    }
    const given = new Date(plannedAt - 3_600_000).toISOString()
    for (const participantId of enrolled) {
      const record = { purpose: "email-reminders", action: "grant", givenBy: "person", textVersion: "reminders-2026", at: given, channel: "electronic-form" }
      yield* es.append(Streams.participant(participantId), "any", [{ type: "ConsentRecorded", data: { participantId, at: given, record }, personId: personOf.get(participantId) }])
    }
    say(`Replayed the story up to its first session in memory: ${events.length} events, their notices in the outbox, ${enrolled.length} parents with an email address (sealed) and consent to email reminders.`)

    const dispatcher = yield* Dispatcher.make({
      instanceId: "demo-dispatcher",
      policy: { ...ReminderPolicy.forProgramme("voikukkia"), channels: ["email"] },
      languageOf: (participantId) => languages[participantId]
    })
    const planned = yield* at(plannedAt + 60_000, Dispatcher.drain(dispatcher))
    say(`Once the first session was scheduled, the dispatcher planned ${planned.planned} outbox notices into ${planned.recorded} deliveries (ids and times only; no address in them).`)

    const withdrawnAt = plannedAt + 86_400_000
    yield* at(
      withdrawnAt,
      es.append(Streams.participant(withdrawer), "any", [
        { type: "ConsentWithdrawn", data: { participantId: withdrawer, at: new Date(withdrawnAt).toISOString(), purpose: "email-reminders" }, personId: personOf.get(withdrawer) }
      ])
    )
    yield* (yield* PersonalDataVault.PersonalDataVault).erase(personOf.get(erased)!, { actor: "dpo-kari", purpose: "erasure-request", legalBasis: "GDPR Art. 17" })
    say(`The next day ${withdrawer} withdrew the consent to email reminders, and ${erased} was erased: both after their reminders were queued.`)

    // The story's clock, moved from one due time to the next until nothing is pending.
    let steps = 0
    for (; steps < 500; steps++) {
      const pending = yield* deliveries.list({ status: "pending", limit: 100_000 })
      const next = Math.min(...pending.map((d) => d.nextAttemptAt?.getTime() ?? Number.POSITIVE_INFINITY))
      if (!Number.isFinite(next)) break
      yield* at(Math.max(next, withdrawnAt + 1000) + 1000, Dispatcher.drain(dispatcher))
    }
    const received = sink.received()
    const byLanguage = new Map<string, number>()
    for (const m of received) byLanguage.set(m.language ?? "?", (byLanguage.get(m.language ?? "?") ?? 0) + 1)
    const rows = yield* deliveries.list({ limit: 100_000 })
    say(`${received.length} messages arrived at the SMTP server on 127.0.0.1 over ${steps} due times: ${[...byLanguage].map(([l, n]) => `${n} in ${l}`).join(", ")}.`)
    // Sent after the withdrawal and the erasure (the welcome went out before them, when the group started).
    const after = (p: string) => rows.filter((d) => d.personId === personOf.get(p) && d.status === "sent" && d.updatedAt.getTime() >= withdrawnAt).length
    const reminders = (p: string) => rows.filter((d) => d.personId === personOf.get(p) && d.template === "session-reminder" && d.status === "sent").length
    say(
      `After the withdrawal, to ${withdrawer}: ${after(withdrawer) === 0 ? "none" : `${after(withdrawer)} (WRONG)`}; after the erasure, to ${erased}: ${after(erased) === 0 ? "none" : `${after(erased)} (WRONG)`}; session reminders to ${withdrawer}: ${reminders(withdrawer)}, to parent-1: ${reminders("parent-1")}.`
    )
    const reasons = new Map<string, number>()
    for (const d of rows) reasons.set(d.status === "sent" ? "sent" : `${d.status} (${d.lastError})`, (reasons.get(d.status === "sent" ? "sent" : `${d.status} (${d.lastError})`) ?? 0) + 1)
    say(`Deliveries: ${[...reasons].map(([r, n]) => `${n} ${r}`).join(", ")}.`)
    const sample = received.find((m) => m.language === "sv" && /påminnelse/i.test(m.subject))
    if (sample !== undefined) say(`A Swedish one: "${sample.subject}", Message-ID ${sample.messageId}.`)
  }).pipe(AccessLog.actingAs(organiser))

  try {
    await Effect.runPromise(Effect.provide(program, layer))
  } finally {
    await sink.close()
  }
}
