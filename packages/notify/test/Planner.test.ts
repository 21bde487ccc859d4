import { Catalogue } from "@vertaistuki/core"
import { Either } from "effect"
import fc from "fast-check"
import { DateTime } from "luxon"
import { describe, expect, it } from "vitest"
import { type Notice, Planner, QuietHours, ReminderPolicy } from "@vertaistuki/notify"

const zone = "Europe/Helsinki"
const h = (iso: string) => DateTime.fromISO(iso, { zone })
const utc = (d: DateTime) => d.toUTC().toISO()!
const scheduled = (start: string, minutes = 120): Notice.Notice => ({ _tag: "session-scheduled", groupId: "g1", sessionId: "s1", start, minutes })
const audience: Planner.Audience = {
  groupLanguage: "sv",
  recipients: [
    { participantId: "pa1", personId: "pe1", language: "en" },
    { participantId: "pa2", personId: "pe2" }
  ]
}
const planned = (r: Either.Either<Planner.Planned, Planner.PlanError>): Planner.Planned => {
  if (Either.isLeft(r)) throw new Error(r.left.message)
  return r.right
}

describe("Planner.plan", () => {
  it("a session reminder the day before at 18:00 and 2 hours before, by email and SMS, deadline at the start", () => {
    const start = utc(h("2026-05-12T18:00"))
    const p = planned(Planner.plan({ outboxId: 7, notice: scheduled(start) }, audience, ReminderPolicy.defaults, h("2026-05-01T12:00")))
    expect(p.dropped).toEqual([])
    expect(p.intents).toHaveLength(2 * 2 * 2)
    const pe1 = p.intents.filter((i) => i.personId === "pe1" && i.channel === "sms")
    expect(pe1.map((i) => [i.reminder, i.deliverAt])).toEqual([
      ["day-before@18:00", utc(h("2026-05-11T18:00"))],
      ["hours-before:2", utc(h("2026-05-12T16:00"))]
    ])
    for (const i of p.intents) {
      expect(i).toMatchObject({ outboxId: 7, template: "session-reminder", deadline: start, transactional: false, scope: "group:g1", sessionId: "s1", groupId: "g1" })
      expect(i.purpose).toBe(i.channel === "email" ? "email-reminders" : "sms-reminders")
      expect(i.values).toEqual({ start, minutes: 120 })
    }
  })

  it("the language is the person's own, else the group's, else Finnish", () => {
    const p = planned(Planner.plan({ outboxId: 1, notice: scheduled(utc(h("2026-05-12T18:00"))) }, audience, ReminderPolicy.defaults, h("2026-05-01T12:00")))
    expect(new Set(p.intents.filter((i) => i.personId === "pe1").map((i) => i.language))).toEqual(new Set(["en"]))
    expect(new Set(p.intents.filter((i) => i.personId === "pe2").map((i) => i.language))).toEqual(new Set(["sv"]))
    expect(Planner.languageOf({}, undefined)).toBe("fi")
    expect(Planner.languageOf({ language: "sv" }, "en")).toBe("sv")
  })

  it("the day before at 18:00 stays 18:00 on the wall clock across the spring DST change", () => {
    // Monday 30 March 2026 at 18:00 summer time; the day before is the change day.
    const start = utc(h("2026-03-30T18:00"))
    const p = planned(Planner.plan({ outboxId: 1, notice: scheduled(start) }, { recipients: [{ participantId: "a", personId: "b" }] }, ReminderPolicy.defaults, h("2026-03-20T12:00")))
    expect(p.intents.find((i) => i.reminder === "day-before@18:00")?.deliverAt).toBe("2026-03-29T15:00:00.000Z")
    expect(p.intents.find((i) => i.reminder === "hours-before:2")?.deliverAt).toBe("2026-03-30T13:00:00.000Z")
  })

  it("quiet hours: a reminder at 07:00 is deferred to 08:00, one that would pass the start is sent the evening before", () => {
    const one = { recipients: [{ participantId: "a", personId: "b", channels: ["sms" as const] }] }
    const p = planned(Planner.plan({ outboxId: 1, notice: scheduled(utc(h("2026-05-12T09:00"))) }, one, ReminderPolicy.defaults, h("2026-05-01T12:00")))
    expect(p.intents.find((i) => i.reminder === "hours-before:2")).toMatchObject({ deliverAt: utc(h("2026-05-12T08:00")), moved: "deferred" })
    const q = planned(Planner.plan({ outboxId: 1, notice: scheduled(utc(h("2026-05-12T07:30"))) }, one, ReminderPolicy.defaults, h("2026-05-01T12:00")))
    expect(q.intents.find((i) => i.reminder === "hours-before:2")).toMatchObject({ deliverAt: utc(h("2026-05-11T20:45")), moved: "earlier" })
  })

  it("never lost silently: a reminder whose time has passed, or a notice past its deadline, is dropped with a reason", () => {
    const start = utc(h("2026-05-12T18:00"))
    const p = planned(Planner.plan({ outboxId: 1, notice: scheduled(start) }, audience, ReminderPolicy.defaults, h("2026-05-12T10:00")))
    expect(p.intents.every((i) => i.reminder === "hours-before:2")).toBe(true)
    expect(p.dropped.map((d) => [d.intent.reminder, d.reason])).toEqual(Array(4).fill(["day-before@18:00", "reminder-time-passed"]))
    const late = planned(
      Planner.plan({ outboxId: 2, notice: { _tag: "session-cancelled", groupId: "g1", sessionId: "s1", start } }, audience, ReminderPolicy.defaults, h("2026-05-12T18:30"))
    )
    expect(late.intents).toEqual([])
    expect(late.dropped.map((d) => d.reason)).toEqual(Array(4).fill("past-deadline"))
  })

  it("a move tells the members now and plans reminders for the new time; deliveries differ from the first plan's", () => {
    const start = utc(h("2026-05-13T18:00"))
    const notice: Notice.Notice = { _tag: "session-moved", groupId: "g1", sessionId: "s1", start, previousStart: utc(h("2026-05-12T18:00")) }
    const now = h("2026-05-10T12:00")
    const p = planned(Planner.plan({ outboxId: 9, notice }, audience, ReminderPolicy.defaults, now))
    const told = p.intents.filter((i) => i.template === "session-moved")
    expect(told).toHaveLength(4)
    expect(told.every((i) => i.deliverAt === utc(now) && i.deadline === start)).toBe(true)
    expect(p.intents.filter((i) => i.template === "session-reminder")).toHaveLength(8)
    const first = planned(Planner.plan({ outboxId: 8, notice: scheduled(utc(h("2026-05-12T18:00"))) }, audience, ReminderPolicy.defaults, now))
    const ids = new Set(first.intents.map((i) => i.deliveryId))
    expect(p.intents.some((i) => ids.has(i.deliveryId))).toBe(false)
  })

  it("an intake or a consent withdrawal goes to its one person, transactional, and its notice is sent in the morning if made at night", () => {
    const intake: Notice.Notice = { _tag: "intake-scheduled", participantId: "pa2", personId: "pe2", at: utc(h("2026-05-20T10:00")) }
    const p = planned(Planner.plan({ outboxId: 3, notice: intake }, audience, ReminderPolicy.defaults, h("2026-05-10T23:30")))
    expect(p.intents.map((i) => [i.personId, i.channel, i.transactional, i.deliverAt])).toEqual([
      ["pe2", "email", true, utc(h("2026-05-11T08:00"))],
      ["pe2", "sms", true, utc(h("2026-05-11T08:00"))]
    ])
    expect(p.intents[0]!.scope).toBeUndefined()
    const w: Notice.Notice = { _tag: "consent-withdrawn", participantId: "pa1", personId: "pe1", purpose: "sms-reminders", at: utc(h("2026-05-10T12:00")) }
    const q = planned(Planner.plan({ outboxId: 4, notice: w }, audience, ReminderPolicy.defaults, h("2026-05-10T12:00")))
    expect(q.intents.map((i) => [i.personId, i.template, i.transactional, i.language])).toEqual([
      ["pe1", "consent-withdrawn", true, "en"],
      ["pe1", "consent-withdrawn", true, "en"]
    ])
    expect(q.intents[0]!.deadline).toBe(utc(h("2026-05-13T12:00")))
  })

  it("bad entries and audiences: a PlanError naming the field; hostile ids are plain ids", () => {
    const n = scheduled(utc(h("2026-05-12T18:00")))
    const now = h("2026-05-01T12:00")
    const err = (r: Either.Either<Planner.Planned, Planner.PlanError>) => (Either.isLeft(r) ? r.left.field : null)
    expect(err(Planner.plan({ outboxId: -1, notice: n }, audience, ReminderPolicy.defaults, now))).toBe("outboxId")
    expect(err(Planner.plan({ outboxId: 1.5, notice: n }, audience, ReminderPolicy.defaults, now))).toBe("outboxId")
    expect(err(Planner.plan({ outboxId: 1, notice: n }, { recipients: [{ participantId: "a", personId: "" }] }, ReminderPolicy.defaults, now))).toBe(
      "audience.recipients[0].personId"
    )
    const twice = { recipients: [{ participantId: "a", personId: "p" }, { participantId: "b", personId: "p" }] }
    expect(err(Planner.plan({ outboxId: 1, notice: n }, twice, ReminderPolicy.defaults, now))).toBe("audience.recipients[1].personId")
    expect(err(Planner.plan({ outboxId: 1, notice: n }, audience, ReminderPolicy.defaults, DateTime.invalid("x")))).toBe("now")
    const intake: Notice.Notice = { _tag: "intake-scheduled", participantId: "pa9", personId: "pe9", at: utc(h("2026-05-20T10:00")) }
    expect(err(Planner.plan({ outboxId: 1, notice: intake }, audience, ReminderPolicy.defaults, now))).toBe("audience.recipients")
    const hostile = planned(Planner.plan({ outboxId: 1, notice: n }, { recipients: [{ participantId: "constructor", personId: "__proto__" }] }, ReminderPolicy.defaults, now))
    expect(hostile.intents.every((i) => i.personId === "__proto__")).toBe(true)
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
  })
})

describe("Planner.entryOf", () => {
  it("reads a stored outbox entry, or names the bad field", () => {
    const e = Planner.entryOf({ id: 4, topic: "group-starting", payload: { groupId: "g", start: "2026-05-01T10:00:00.000Z" } })
    expect(Either.isRight(e) && e.right).toEqual({ outboxId: 4, notice: { _tag: "group-starting", groupId: "g", start: "2026-05-01T10:00:00.000Z" } })
    const bad = Planner.entryOf({ id: 5, topic: "session-reminder", payload: {} })
    expect(Either.isLeft(bad) && bad.left.field).toBe("topic")
  })
})

describe("Planner.deliveryId", () => {
  it("is deterministic, d- and 32 hex digits, and differs when any part differs", () => {
    const a = Planner.deliveryId(1, "p", "email", "session-reminder", "hours-before:2")
    expect(a).toMatch(/^d-[0-9a-f]{32}$/)
    expect(Planner.deliveryId(1, "p", "email", "session-reminder", "hours-before:2")).toBe(a)
    fc.assert(
      fc.property(
        fc.tuple(fc.nat(), fc.string(), fc.constantFrom("email" as const, "sms" as const), fc.constantFrom("session-reminder" as const, "session-moved" as const), fc.option(fc.string(), { nil: undefined })),
        fc.tuple(fc.nat(), fc.string(), fc.constantFrom("email" as const, "sms" as const), fc.constantFrom("session-reminder" as const, "session-moved" as const), fc.option(fc.string(), { nil: undefined })),
        (x, y) => {
          const same = JSON.stringify(x) === JSON.stringify(y)
          expect(Planner.deliveryId(...x) === Planner.deliveryId(...y)).toBe(same)
        }
      )
    )
  })
})

describe("Planner properties", () => {
  const policyArb = fc.constantFrom(ReminderPolicy.defaults, ...Catalogue.ids.map((id) => ReminderPolicy.byProgramme[id]))
  const startArb = fc
    .integer({ min: 0, max: 365 * 24 * 4 })
    .map((q) => DateTime.fromISO("2026-01-01T00:00:00Z").plus({ minutes: q * 15 }).setZone(zone))
  it("every intent: not in its channel's quiet hours, at or after now, before its deadline; nothing lost; ids unique", () => {
    fc.assert(
      fc.property(startArb, fc.integer({ min: 0, max: 96 }), policyArb, fc.constantFrom("session-scheduled", "session-moved", "session-cancelled"), (start, hoursAhead, policy, tag) => {
        const now = start.minus({ hours: hoursAhead })
        const s = utc(start)
        const notice: Notice.Notice =
          tag === "session-moved"
            ? { _tag: "session-moved", groupId: "g", sessionId: "s", start: s, previousStart: utc(start.minus({ days: 1 })) }
            : tag === "session-cancelled"
              ? { _tag: "session-cancelled", groupId: "g", sessionId: "s", start: s }
              : scheduled(s)
        const p = planned(Planner.plan({ outboxId: 5, notice }, audience, policy, now))
        const perPerson = (tag === "session-cancelled" ? 1 : policy.reminders.length + (tag === "session-moved" ? 1 : 0)) * policy.channels.length
        expect(p.intents.length + p.dropped.length).toBe(perPerson * audience.recipients.length)
        for (const i of p.intents) {
          const at = DateTime.fromISO(i.deliverAt)
          expect(QuietHours.isQuiet(at, policy.quietHours[i.channel], { skipHolidays: policy.skipHolidays })).toBe(false)
          expect(at.toMillis()).toBeGreaterThanOrEqual(now.toMillis())
          expect(at.toMillis()).toBeLessThan(DateTime.fromISO(i.deadline).toMillis())
        }
        for (const d of p.dropped) expect(["past-deadline", "quiet-until-deadline", "reminder-time-passed"]).toContain(d.reason)
        const ids = [...p.intents, ...p.dropped.map((d) => d.intent)].map((i) => i.deliveryId)
        expect(new Set(ids).size).toBe(ids.length)
      }),
      { numRuns: 300 }
    )
  })
})
