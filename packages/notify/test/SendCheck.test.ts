import { Consent } from "@vertaistuki/core"
import { Either } from "effect"
import fc from "fast-check"
import { DateTime } from "luxon"
import { describe, expect, it } from "vitest"
import { type Notice, Planner, QuietHours, ReminderPolicy, SendCheck } from "@vertaistuki/notify"

const zone = "Europe/Helsinki"
const h = (iso: string) => DateTime.fromISO(iso, { zone })
const utc = (d: DateTime) => d.toUTC().toISO()!
const night = QuietHours.defaultWindow
const start = utc(h("2026-05-12T18:00"))

const record = (r: Partial<Consent.ConsentRecordEncoded> & Pick<Consent.ConsentRecordEncoded, "at" | "action">): Consent.ConsentRecord =>
  Either.getOrThrow(Consent.record({ person: "pe1", purpose: "sms-reminders", givenBy: "person", textVersion: "v1", channel: "electronic-form", ...r }))
const grant = record({ action: "grant", at: "2026-05-01T10:00:00+03:00" })

const intents = (notice: Notice.Notice, now: DateTime) => {
  const p = Planner.plan({ outboxId: 1, notice }, { recipients: [{ participantId: "pa1", personId: "pe1" }] }, ReminderPolicy.defaults, now)
  if (Either.isLeft(p)) throw p.left
  return p.right.intents
}
const reminder = intents({ _tag: "session-scheduled", groupId: "g1", sessionId: "s1", start, minutes: 90 }, h("2026-05-02T12:00")).find(
  (i) => i.channel === "sms" && i.reminder === "hours-before:2"
)!
const input = (over: Partial<SendCheck.Input> = {}): SendCheck.Input => ({
  intent: reminder,
  consents: [grant],
  person: { id: "pe1", birthDate: "1985-02-01" },
  enrolled: true,
  session: { status: "scheduled", start },
  erased: false,
  hasContact: true,
  ...over
})
const due = h("2026-05-12T16:00")

describe("SendCheck.decide", () => {
  it("sends with the grant relied on, and its stable id", () => {
    const v = SendCheck.decide(input(), due, night)
    expect(v).toEqual({ _tag: "Send", consentRecord: grant, consentRecordId: SendCheck.consentRecordId(grant) })
    expect(SendCheck.consentRecordId(grant)).toMatch(/^c-[0-9a-f]{32}$/)
    expect(SendCheck.consentRecordId(record({ action: "grant", at: "2026-05-01T10:00:01+03:00" }))).not.toBe(SendCheck.consentRecordId(grant))
  })

  it("a withdrawal after queueing suppresses; a refusal of the group's scope too; a grant of another group does not count", () => {
    const w = record({ action: "withdraw", at: "2026-05-12T15:59:00+03:00" })
    expect(SendCheck.decide(input({ consents: [grant, w] }), due, night)).toEqual({ _tag: "Suppress", reason: "consent-withdrawn" })
    const refusedHere = record({ action: "refuse", at: "2026-05-03T10:00:00+03:00", scope: "group:g1" })
    expect(SendCheck.decide(input({ consents: [grant, refusedHere] }), due, night)).toEqual({ _tag: "Suppress", reason: "consent-refused" })
    const elsewhere = record({ action: "grant", at: "2026-05-01T10:00:00+03:00", scope: "group:g2" })
    expect(SendCheck.decide(input({ consents: [elsewhere] }), due, night)).toEqual({ _tag: "Suppress", reason: "no-consent" })
    const email = record({ action: "grant", at: "2026-05-01T10:00:00+03:00", purpose: "email-reminders" })
    expect(SendCheck.decide(input({ consents: [email] }), due, night)).toEqual({ _tag: "Suppress", reason: "no-consent" })
    const expiring = record({ action: "grant", at: "2026-05-01T10:00:00+03:00", expiresAt: "2026-05-10T00:00:00+03:00" })
    expect(SendCheck.decide(input({ consents: [expiring] }), due, night)).toEqual({ _tag: "Suppress", reason: "consent-expired" })
  })

  it("a minor's own no wins over the guardian's grant", () => {
    const g = record({ action: "grant", givenBy: "guardian", at: "2026-05-01T10:00:00+03:00" })
    const no = record({ action: "refuse", givenBy: "minor-own-view", at: "2026-05-02T10:00:00+03:00" })
    const child = { id: "pe1", birthDate: "2014-01-01" }
    expect(SendCheck.decide(input({ person: child, consents: [g] }), due, night)._tag).toBe("Send")
    expect(SendCheck.decide(input({ person: child, consents: [g, no] }), due, night)).toEqual({ _tag: "Suppress", reason: "minor-forbids" })
  })

  it("the session must still be scheduled at the reminder's time, the person enrolled, not erased, with a contact", () => {
    expect(SendCheck.decide(input({ session: { status: "cancelled", start } }), due, night)).toEqual({ _tag: "Suppress", reason: "session-cancelled" })
    expect(SendCheck.decide(input({ session: { status: "held", start } }), due, night)).toEqual({ _tag: "Suppress", reason: "session-held" })
    expect(SendCheck.decide(input({ session: { status: "scheduled", start: utc(h("2026-05-13T18:00")) } }), due, night)).toEqual({ _tag: "Suppress", reason: "session-moved" })
    expect(SendCheck.decide(input({ session: { status: "rescheduled", start } }), due, night)._tag).toBe("Send")
    expect(SendCheck.decide(input({ session: { status: "rescheduled", start: utc(h("2026-05-12T19:00")) } }), due, night)).toEqual({ _tag: "Suppress", reason: "session-moved" })
    expect(SendCheck.decide(input({ session: undefined }), due, night)).toEqual({ _tag: "Suppress", reason: "session-unknown" })
    expect(SendCheck.decide(input({ enrolled: false }), due, night)).toEqual({ _tag: "Suppress", reason: "not-enrolled" })
    expect(SendCheck.decide(input({ erased: true }), due, night)).toEqual({ _tag: "Suppress", reason: "erased" })
    expect(SendCheck.decide(input({ hasContact: false }), due, night)).toEqual({ _tag: "Suppress", reason: "no-contact" })
    expect(SendCheck.decide(input({ person: { id: "pe2" } }), due, night)).toEqual({ _tag: "Suppress", reason: "person-mismatch" })
  })

  it("the cancellation notice itself goes out for a cancelled session", () => {
    const cancel = intents({ _tag: "session-cancelled", groupId: "g1", sessionId: "s1", start }, h("2026-05-10T12:00")).find((i) => i.channel === "sms")!
    expect(SendCheck.decide(input({ intent: cancel, session: { status: "cancelled", start } }), h("2026-05-10T12:00"), night)._tag).toBe("Send")
  })

  it("expires at the deadline, defers before deliverAt and in quiet hours", () => {
    expect(SendCheck.decide(input(), h("2026-05-12T18:00"), night)).toEqual({ _tag: "Expire", reason: "past-deadline" })
    expect(SendCheck.decide(input(), h("2026-05-12T15:00"), night)).toEqual({ _tag: "Defer", until: reminder.deliverAt, reason: "not-yet-due" })
    const day = intents({ _tag: "session-scheduled", groupId: "g1", sessionId: "s1", start, minutes: 90 }, h("2026-05-02T12:00")).find((i) => i.reminder === "day-before@18:00" && i.channel === "sms")!
    // A retry at 22:00 the evening before: quiet until 08:00, before the 18:00 start.
    expect(SendCheck.decide(input({ intent: day }), h("2026-05-11T22:00"), night)).toEqual({ _tag: "Defer", until: utc(h("2026-05-12T08:00")), reason: "quiet-hours" })
    const early = { ...reminder, deadline: utc(h("2026-05-12T07:00")), deliverAt: utc(h("2026-05-12T05:00")) }
    expect(SendCheck.decide(input({ intent: early }), h("2026-05-12T05:00"), night)).toEqual({ _tag: "Expire", reason: "quiet-until-deadline" })
  })

  it("a transactional message needs no reminder consent, and still never goes to an erased person", () => {
    const w = intents({ _tag: "consent-withdrawn", participantId: "pa1", personId: "pe1", purpose: "sms-reminders", at: utc(h("2026-05-10T12:00")) }, h("2026-05-10T12:00"))[0]!
    expect(SendCheck.decide(input({ intent: w, consents: [], enrolled: false, session: undefined }), h("2026-05-10T12:00"), night)).toEqual({
      _tag: "Send",
      consentRecord: null,
      consentRecordId: null
    })
    expect(SendCheck.decide(input({ intent: w, consents: [], erased: true }), h("2026-05-10T12:00"), night)).toEqual({ _tag: "Suppress", reason: "erased" })
  })
})

describe("SendCheck.decideFor", () => {
  it("takes the channel's window and the holiday rule from the policy", () => {
    const policy = ReminderPolicy.byProgramme["usm-children"]
    // 20:30 is quiet for SMS in a children's group (from 20:00), not for email; 19 June 2026 is Midsummer Eve.
    const at = h("2026-05-11T20:30")
    const sms = { ...reminder, deliverAt: utc(at) }
    expect(SendCheck.decideFor(input({ intent: sms }), at, policy)).toMatchObject({ _tag: "Defer", reason: "quiet-hours" })
    expect(SendCheck.decideFor(input({ intent: sms }), at, ReminderPolicy.defaults)._tag).toBe("Send")
    const midsummer = { ...reminder, deliverAt: utc(h("2026-06-19T12:00")), deadline: utc(h("2026-06-22T12:00")), values: { ...reminder.values, start: utc(h("2026-06-22T12:00")) } }
    const v = SendCheck.decideFor(input({ intent: midsummer, session: { status: "scheduled", start: utc(h("2026-06-22T12:00")) } }), h("2026-06-19T12:00"), policy)
    // Midsummer Eve and Day are closed, and Sunday 21 June is not a holiday: deferred to 08:00 that Sunday.
    expect(v).toEqual({ _tag: "Defer", until: utc(h("2026-06-21T08:00")), reason: "quiet-hours" })
  })
})

describe("SendCheck properties", () => {
  const minute = (m: number) => h("2026-05-01T00:00").plus({ minutes: m })
  it("a withdrawal after queueing and at or before sending always suppresses, whatever else holds", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10_000 }),
        fc.integer({ min: 0, max: 10_000 }),
        fc.integer({ min: 0, max: 5_000 }),
        fc.boolean(),
        fc.constantFrom<Consent.GivenBy>("person", "guardian", "minor-own-view"),
        fc.option(fc.constantFrom("group:g1"), { nil: undefined }),
        (g, queuedAfter, withdrawnAfter, transactionalPurposeToo, by, scope) => {
          const grantAt = minute(g)
          const withdrawAt = grantAt.plus({ minutes: queuedAfter + withdrawnAfter })
          const now = withdrawAt.plus({ minutes: withdrawnAfter % 120 })
          const records = [
            record({ action: "grant", at: grantAt.toISO()!, givenBy: "person" }),
            ...(transactionalPurposeToo ? [record({ action: "grant", at: grantAt.toISO()!, purpose: "email-reminders" })] : []),
            record({ action: "withdraw", at: withdrawAt.toISO()!, givenBy: by, ...(scope === undefined ? {} : { scope }) })
          ]
          const intent = { ...reminder, deliverAt: utc(minute(0)), deadline: utc(now.plus({ days: 2 })) }
          const v = SendCheck.decide(input({ intent, consents: records, person: { id: "pe1" } }), now, { start: "00:00", end: "00:00" })
          expect(v._tag).toBe("Suppress")
        }
      )
    )
  })

  it("a Send always means: not erased, enrolled, a contact, before the deadline, outside quiet hours, and consent in force now", () => {
    fc.assert(
      fc.property(
        fc.record({ erased: fc.boolean(), enrolled: fc.boolean(), hasContact: fc.boolean(), status: fc.constantFrom("scheduled" as const, "cancelled" as const, "held" as const) }),
        fc.array(fc.record({ action: fc.constantFrom<Consent.Action>("grant", "withdraw", "refuse"), at: fc.integer({ min: 0, max: 20_000 }), purpose: fc.constantFrom("sms-reminders" as const, "email-reminders" as const) }), { maxLength: 4 }),
        fc.integer({ min: 0, max: 20_000 }),
        (flags, rs, nowMinute) => {
          const records = [...rs].sort((a, b) => a.at - b.at).map((r) => record({ action: r.action, at: minute(r.at).toISO()!, purpose: r.purpose }))
          const now = minute(nowMinute)
          const v = SendCheck.decide(
            input({ erased: flags.erased, enrolled: flags.enrolled, hasContact: flags.hasContact, session: { status: flags.status, start }, consents: records, person: { id: "pe1" } }),
            now,
            night
          )
          if (v._tag === "Send") {
            expect(flags.erased).toBe(false)
            expect(flags.enrolled).toBe(true)
            expect(flags.hasContact).toBe(true)
            expect(flags.status).toBe("scheduled")
            expect(now.toMillis()).toBeLessThan(DateTime.fromISO(reminder.deadline).toMillis())
            expect(now.toMillis()).toBeGreaterThanOrEqual(DateTime.fromISO(reminder.deliverAt).toMillis())
            expect(QuietHours.isQuiet(now, night)).toBe(false)
            expect(Consent.isAllowed(records, { id: "pe1" }, "sms-reminders", now, { scope: "group:g1" })).toBe(true)
            expect(v.consentRecord?.action).toBe("grant")
            expect(v.consentRecord!.at.toMillis()).toBeLessThanOrEqual(now.toMillis())
          }
          if (flags.erased) expect(v).toEqual({ _tag: "Suppress", reason: "erased" })
        }
      ),
      { numRuns: 300 }
    )
  })

  it("race: intents queued, withdrawals between planning and sending: 0 sent to those who withdrew", () => {
    fc.assert(
      fc.property(fc.array(fc.boolean(), { minLength: 1, maxLength: 12 }), fc.integer({ min: 1, max: 120 }), (withdraws, delay) => {
        const people = withdraws.map((_, i) => ({ participantId: `pa${i}`, personId: `pe${i}` }))
        const planAt = h("2026-05-02T12:00")
        const p = Planner.plan({ outboxId: 1, notice: { _tag: "session-scheduled", groupId: "g1", sessionId: "s1", start } }, { recipients: people }, ReminderPolicy.defaults, planAt)
        if (Either.isLeft(p)) throw p.left
        const consents = people.flatMap((pp, i) => {
          const base = ["sms-reminders", "email-reminders"].map((purpose) =>
            record({ person: pp.personId, action: "grant", at: "2026-05-01T10:00:00+03:00", purpose: purpose as "sms-reminders" })
          )
          return withdraws[i] ? [...base, record({ person: pp.personId, action: "withdraw", at: planAt.plus({ minutes: delay }).toISO()!, purpose: "sms-reminders" })] : base
        })
        let sentToWithdrawn = 0
        let sent = 0
        for (const intent of p.right.intents) {
          const at = DateTime.fromISO(intent.deliverAt)
          const v = SendCheck.decide(input({ intent, consents, person: { id: intent.personId } }), at, night)
          if (v._tag === "Send") {
            sent++
            const i = Number(intent.personId.slice(2))
            if (withdraws[i] && intent.channel === "sms") sentToWithdrawn++
          }
        }
        expect(sentToWithdrawn).toBe(0)
        expect(sent).toBe(people.length * 2 + withdraws.filter((w) => !w).length * 2)
      })
    )
  })
})
