/**
 * The pure pipeline end to end, as a dispatcher runs it: core's session decider → Notice.fromEvents → the outbox
 * (JSON) → Notice.decode → Planner.plan → for each due delivery, Delivery's Claim, SendCheck.decide at that
 * moment, Templates.render, a transport that fails as told, and Delivery's Succeed / Fail / Suppress / Expire / Defer.
 */
import { Consent, Session } from "@vertaistuki/core"
import { Either } from "effect"
import fc from "fast-check"
import { DateTime } from "luxon"
import { describe, expect, it } from "vitest"
import { Delivery, Notice, Planner, QuietHours, ReminderPolicy, SendCheck, Templates } from "@vertaistuki/notify"

const zone = "Europe/Helsinki"
const h = (iso: string) => DateTime.fromISO(iso, { zone })
const get = <A, E>(e: Either.Either<A, E>): A => {
  if (Either.isLeft(e)) throw new Error(String(e.left))
  return e.right
}
const people = ["fi", "sv", "en", undefined, "fi", "sv"].map((language, i) => ({ participantId: `pa-${i}`, personId: `pe-${i}`, language: language as "fi" | "sv" | "en" | undefined }))
const grant = (person: string, purpose: "sms-reminders" | "email-reminders", at: string): Consent.ConsentRecord =>
  get(Consent.record({ person, purpose, action: "grant", givenBy: "person", textVersion: "v1", at, channel: "electronic-form" }))
const withdraw = (person: string, at: DateTime): Consent.ConsentRecord =>
  get(Consent.record({ person, purpose: "sms-reminders", action: "withdraw", givenBy: "person", textVersion: "v1", at: at.toISO()!, channel: "phone" }))

interface Sent {
  readonly deliveryId: string
  readonly personId: string
  readonly channel: "email" | "sms"
  readonly at: DateTime
  readonly deadline: string
  readonly language: string
  readonly text: string
  readonly template: string
}

/** Runs every delivery to its end; the transport fails when `faults` says so, in turn. */
const dispatch = (
  intents: ReadonlyArray<Planner.DeliveryIntent>,
  consentsAt: (now: DateTime) => ReadonlyArray<Consent.ConsentRecord>,
  session: (now: DateTime) => SendCheck.SessionNow,
  policy: ReminderPolicy.Policy,
  faults: ReadonlyArray<number>
) => {
  const states = new Map(intents.map((i) => [i.deliveryId, Delivery.initial(i)]))
  const byId = new Map(intents.map((i) => [i.deliveryId, i]))
  const sent: Array<Sent> = []
  let f = 0
  for (let guard = 0; guard < 10_000; guard++) {
    const pending = [...states.values()].filter((s) => s.status === "pending")
    if (pending.length === 0) break
    const next = pending.reduce((a, b) => (Date.parse(a.nextAttemptAt!) <= Date.parse(b.nextAttemptAt!) ? a : b))
    const now = DateTime.fromISO(next.nextAttemptAt!, { zone })
    const intent = byId.get(next.deliveryId)!
    const apply = (c: Delivery.Command) => {
      const r = Delivery.step(c, states.get(intent.deliveryId)!, now)
      states.set(intent.deliveryId, get(r).state)
    }
    apply({ _tag: "Claim" })
    if (states.get(intent.deliveryId)!.status !== "sending") continue
    const v = SendCheck.decideFor(
      { intent, consents: consentsAt(now), person: { id: intent.personId }, enrolled: true, session: session(now), erased: false, hasContact: true },
      now,
      policy
    )
    if (v._tag === "Suppress") apply({ _tag: "Suppress", reason: v.reason })
    else if (v._tag === "Expire") apply({ _tag: "Expire", reason: v.reason })
    else if (v._tag === "Defer") apply({ _tag: "Defer", until: v.until })
    else {
      const r = get(Templates.render(intent.template, intent.language, intent.values, intent.channel))
      const fault = faults.length === 0 ? 0 : faults[f++ % faults.length]!
      if (fault === 0) {
        sent.push({ deliveryId: intent.deliveryId, personId: intent.personId, channel: intent.channel, at: now, deadline: intent.deadline, language: r.language, text: intent.channel === "sms" ? r.sms : r.text, template: intent.template })
        apply({ _tag: "Succeed", providerMessageId: `m-${sent.length}`, consentRecordId: v.consentRecordId })
      } else if (fault === 1) apply({ _tag: "Fail", reason: "Unavailable", retryable: true, jitter: 0.5 })
      else if (fault === 2) apply({ _tag: "Fail", reason: "RateLimited", retryable: true, retryAfterMillis: 600_000, jitter: 0.1 })
      else apply({ _tag: "Fail", reason: "InvalidRecipient", retryable: false, jitter: 0 })
    }
  }
  return { states, sent }
}

const scheduleAt = (start: DateTime, now: DateTime) => {
  const planned = get(Session.decide({ _tag: "Plan", sessionId: "s-1", groupId: "g-1", number: 1, modality: "in-person", maxMinutes: 180 }, Session.initial, now))
  const state = Session.replay(planned)
  const scheduled = get(Session.decide({ _tag: "Schedule", start, minutes: 150 }, state, now))
  return { state: Session.replay(scheduled, state), events: scheduled }
}

const planFromEvents = (events: ReadonlyArray<Session.SessionEvent>, outboxId: number, policy: ReminderPolicy.Policy, now: DateTime) => {
  const messages = Notice.fromEvents(events, { groupId: "g-1", personOf: () => undefined })
  // the outbox stores JSON
  const stored = JSON.parse(JSON.stringify(messages)) as Array<{ topic: string; payload: unknown }>
  return stored.map((m, i) => get(Planner.plan(get(Planner.entryOf({ id: outboxId + i, ...m })), { groupLanguage: "fi", recipients: people }, policy, now)))
}

describe("the notification pipeline", () => {
  it("a session on the spring DST day: every reminder arrives once, in the person's language, outside quiet hours, before the start", () => {
    const now = h("2026-03-20T12:00")
    const start = h("2026-03-29T10:00")
    const { events } = scheduleAt(start, now)
    const [p] = planFromEvents(events, 1, ReminderPolicy.defaults, now)
    expect(p!.dropped).toEqual([])
    const consents = people.flatMap((x) => [grant(x.personId, "sms-reminders", "2026-03-01T10:00:00+02:00"), grant(x.personId, "email-reminders", "2026-03-01T10:00:00+02:00")])
    const { states, sent } = dispatch(p!.intents, () => consents, () => ({ status: "scheduled", start: start.toUTC().toISO()! }), ReminderPolicy.defaults, [])
    expect(sent).toHaveLength(people.length * 2 * 2)
    expect([...states.values()].every((s) => s.status === "sent")).toBe(true)
    expect(new Set(sent.map((s) => s.at.toISO()))).toEqual(new Set(["2026-03-28T18:00:00.000+02:00", "2026-03-29T08:00:00.000+03:00"]))
    expect(sent.find((s) => s.personId === "pe-1" && s.channel === "sms")?.text).toContain("söndag 29 mars kl. 10.00")
    expect(sent.find((s) => s.personId === "pe-3" && s.channel === "sms")?.text).toContain("sunnuntaina 29.3. klo 10.00")
  })

  it("property: with faults, withdrawals after queueing and a move, 0 sent after withdrawal, 0 in quiet hours, 0 late, none twice, none left pending", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -72, max: 72 }).map((d) => h("2026-10-25T10:00").plus({ hours: d * 3 })),
        fc.array(fc.option(fc.integer({ min: 1, max: 20_000 }), { nil: undefined }), { minLength: people.length, maxLength: people.length }),
        fc.array(fc.integer({ min: 0, max: 3 }), { maxLength: 12 }),
        fc.option(fc.integer({ min: 1, max: 20_000 }), { nil: undefined }),
        fc.constantFrom(ReminderPolicy.defaults, ReminderPolicy.byProgramme["usm-children"], ReminderPolicy.byProgramme["online-parents-of-placed-youth"]),
        (start, withdrawMinutes, faults, moveAfter, policy) => {
          const now = start.minus({ days: 10 })
          const { state, events } = scheduleAt(start, now)
          const [first] = planFromEvents(events, 1, policy, now)
          let intents = [...first!.intents]
          const moveAt = moveAfter === undefined ? undefined : now.plus({ minutes: moveAfter })
          const newStart = start.plus({ days: 1 })
          if (moveAt !== undefined && moveAt < start) {
            const moved = get(Session.decide({ _tag: "Reschedule", start: newStart, reason: "leader ill" }, state, moveAt))
            const [second] = planFromEvents(moved, 100, policy, moveAt)
            intents = [...intents, ...second!.intents]
          }
          const moved = moveAt !== undefined && moveAt < start
          const withdrawals = people.flatMap((x, i) => (withdrawMinutes[i] === undefined ? [] : [withdraw(x.personId, now.plus({ minutes: withdrawMinutes[i]! }))]))
          const base = people.flatMap((x) => [grant(x.personId, "sms-reminders", "2026-01-01T10:00:00+02:00"), grant(x.personId, "email-reminders", "2026-01-01T10:00:00+02:00")])
          const consentsAt = (t: DateTime) => [...base, ...withdrawals.filter((w) => w.at <= t)].sort((a, b) => a.at.toMillis() - b.at.toMillis())
          const sessionAt = (t: DateTime): SendCheck.SessionNow =>
            moved && t >= moveAt! ? { status: "rescheduled", start: newStart.toUTC().toISO()! } : { status: "scheduled", start: start.toUTC().toISO()! }
          const { states, sent } = dispatch(intents, consentsAt, sessionAt, policy, faults)
          const ids = sent.map((s) => s.deliveryId)
          expect(new Set(ids).size).toBe(ids.length)
          for (const s of sent) {
            expect(QuietHours.isQuiet(s.at, policy.quietHours[s.channel], { skipHolidays: policy.skipHolidays })).toBe(false)
            expect(s.at.toMillis()).toBeLessThan(Date.parse(s.deadline))
            if (s.channel === "sms") {
              const w = withdrawals.find((x) => x.person === s.personId)
              if (w !== undefined) expect(s.at.toMillis()).toBeLessThan(w.at.toMillis())
            }
            // after the move, no reminder of the old time goes out
            if (moved && s.at >= moveAt! && s.template === "session-reminder") expect(s.deliveryId.length > 0 && intents.find((i) => i.deliveryId === s.deliveryId)!.values.start).toBe(newStart.toUTC().toISO())
          }
          for (const st of states.values()) expect(["sent", "suppressed", "expired", "failed", "parked"]).toContain(st.status)
        }
      ),
      { numRuns: 40 }
    )
  })
})
