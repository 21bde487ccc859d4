import { Consent, Participant } from "@vertaistuki/core"
import { Either, Schema } from "effect"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import * as Facts from "../src/Facts.js"
import * as Period from "../src/Period.js"
import * as Report from "../src/Report.js"

const year = Either.getOrThrow(Period.parse("2026"))
const instant = Schema.decodeSync(Consent.Instant)
const HOUR = 3_600_000
const base = Date.UTC(2026, 0, 1)
const isoOf = (ms: number) => new Date(ms).toISOString()

const group: Facts.GroupFacts = {
  groupId: "g1",
  programmeId: "voikukkia",
  organiserId: "org",
  region: "Pirkanmaa",
  language: "fi",
  plannedAt: "2025-12-01T10:00:00.000Z",
  startedAt: "2026-02-01T10:00:00.000Z",
  completedAt: null,
  cancelledAt: null,
  cancellation: null,
  sessions: []
}

const person = (participantId: string, records: ReadonlyArray<Consent.ConsentRecord>): Facts.ParticipantFacts => ({
  participantId,
  groupId: "g1",
  referredAt: "2026-01-05T10:00:00.000Z",
  eligibleAt: "2026-01-10T10:00:00.000Z",
  ineligibleAt: null,
  declinedAt: null,
  enrolledAt: "2026-01-20T10:00:00.000Z",
  waitlistedAt: null,
  waitlistEndedAt: null,
  ending: null,
  endedAt: null,
  measurements: [],
  consents: records.map(Participant.entryOf)
})

const scopes = [undefined, "group:g1", "group:g2", "social-worker", "guardian", "export:annual-report", "other-service:school"] as const
const step = fc.record({
  action: fc.constantFrom<Consent.Action>("grant", "grant", "withdraw", "refuse"),
  givenBy: fc.constantFrom<Consent.GivenBy>("person", "guardian", "minor-own-view"),
  scope: fc.constantFrom(...scopes),
  dt: fc.nat(72),
  expires: fc.option(fc.nat(400), { nil: undefined })
})
type Step = typeof step extends fc.Arbitrary<infer T> ? T : never

const recordsOf = (id: string, steps: ReadonlyArray<Step>, start = base): ReadonlyArray<Consent.ConsentRecord> => {
  let t = start
  return steps.map((s) => {
    t += s.dt * HOUR
    return {
      person: id,
      purpose: "reporting",
      action: s.action,
      givenBy: s.givenBy,
      textVersion: "reporting-v1",
      at: instant(isoOf(t)),
      channel: "paper-form",
      ...(s.scope === undefined ? {} : { scope: s.scope }),
      ...(s.expires === undefined ? {} : { expiresAt: instant(isoOf(t + s.expires * HOUR)) })
    }
  })
}

/** The report's date as an ISO instant, in UTC or with a Helsinki offset. */
const asOfArb = fc.tuple(fc.integer({ min: -5, max: 800 }), fc.boolean()).map(([hour, utc]) => {
  const at = instant(isoOf(base + hour * HOUR))
  return utc ? at.toUTC().toISO()! : at.toISO()!
})

const counted = (facts: Facts.Facts, asOf: string): ReadonlyArray<string> =>
  Report.scope(facts, { asOf, period: year }).participants.map((p) => p.participantId)

describe("Facts: the consent to reporting is the core's one rule", () => {
  it("law: for any histories of grants, refusals and withdrawals (scopes, givers, expiries, times) the report counts a person exactly when Consent.mayWe says yes at its date", () => {
    fc.assert(
      fc.property(fc.array(fc.array(step, { maxLength: 10 }), { minLength: 1, maxLength: 8 }), asOfArb, (histories, asOf) => {
        const people = histories.map((steps, i) => ({ id: `p${i}`, records: recordsOf(`p${i}`, steps) }))
        const facts: Facts.Facts = { groups: [group], participants: people.map((p) => person(p.id, p.records)) }
        const yes = people.filter((p) => Either.isRight(Consent.mayWe(p.records, { id: p.id }, "reporting", instant(asOf)))).map((p) => p.id)
        expect(counted(facts, asOf)).toEqual(yes)
        // The same after the facts went through JSON and were decoded.
        const decoded = Either.getOrThrow(Facts.decode(JSON.parse(JSON.stringify(facts))))
        expect(counted(decoded, asOf)).toEqual(yes)
        const r = Either.getOrThrow(Report.build(decoded, { asOf, period: year, by: ["region"], k: 2 }))
        if (!r.excludedForConsent.hidden) expect(r.excludedForConsent.value).toBe(people.length - yes.length)
      }),
      { numRuns: 400 }
    )
  })

  it("attack: a person whose only records are refusals or withdrawals, of any giver and scope, is never counted", () => {
    const no = step.filter((s) => s.action !== "grant")
    fc.assert(
      fc.property(fc.array(no, { minLength: 1, maxLength: 8 }), asOfArb, (steps, asOf) => {
        const facts: Facts.Facts = { groups: [group], participants: [person("p", recordsOf("p", steps))] }
        expect(counted(facts, asOf)).toEqual([])
      })
    )
  })

  it("attack: a grant followed by the minor's own refusal is never counted again, whatever the person or the guardian grants after it", () => {
    const grantArb = step.map((s): Step => ({ ...s, action: "grant", givenBy: s.givenBy === "minor-own-view" ? "person" : s.givenBy }))
    fc.assert(
      fc.property(
        fc.array(step.map((s): Step => ({ ...s, action: "grant" })), { minLength: 1, maxLength: 4 }),
        fc.constantFrom(...scopes),
        fc.array(grantArb, { maxLength: 6 }),
        fc.integer({ min: 0, max: 900 }),
        (before, scope, after, hoursAfter) => {
          const steps: ReadonlyArray<Step> = [...before, { action: "refuse", givenBy: "minor-own-view", scope, dt: 1, expires: undefined }, ...after]
          const records = recordsOf("p", steps)
          const refusedAt = records[before.length]!.at
          const asOf = refusedAt.plus({ hours: hoursAfter }).toUTC().toISO()!
          const facts: Facts.Facts = { groups: [group], participants: [person("p", records)] }
          expect(counted(facts, asOf)).toEqual([])
          // Before the refusal, the grants still counted as they did.
          const earlier = refusedAt.minus({ milliseconds: 1 })
          expect(counted(facts, earlier.toUTC().toISO()!)).toEqual(Either.isRight(Consent.mayWe(records, { id: "p" }, "reporting", earlier)) ? ["p"] : [])
        }
      )
    )
  })

  it("a guardian's grant alone does not count: the facts know no date of birth, so only the person's own grant does", () => {
    const guardian = recordsOf("p", [{ action: "grant", givenBy: "guardian", scope: undefined, dt: 1, expires: undefined }])
    const own = recordsOf("q", [{ action: "grant", givenBy: "person", scope: undefined, dt: 1, expires: undefined }])
    const facts: Facts.Facts = { groups: [group], participants: [person("p", guardian), person("q", own)] }
    expect(counted(facts, "2026-06-01T10:00:00Z")).toEqual(["q"])
    expect(Facts.subjectOf(facts.participants[0]!)).toEqual({ id: "p" })
  })

  it("a grant scoped to one export does not answer the report, and an unscoped withdrawal ends it from its own moment", () => {
    const scoped = recordsOf("p", [{ action: "grant", givenBy: "person", scope: "export:annual-report", dt: 1, expires: undefined }])
    const whole = recordsOf("q", [
      { action: "grant", givenBy: "person", scope: undefined, dt: 1, expires: undefined },
      { action: "withdraw", givenBy: "person", scope: undefined, dt: 24, expires: undefined }
    ])
    const facts: Facts.Facts = { groups: [group], participants: [person("p", scoped), person("q", whole)] }
    const withdrawn = whole[1]!.at
    expect(counted(facts, withdrawn.minus({ milliseconds: 1 }).toISO()!)).toEqual(["q"])
    expect(counted(facts, withdrawn.toISO()!)).toEqual([])
  })

  it("a report date that is not an instant counts nobody", () => {
    const facts: Facts.Facts = { groups: [group], participants: [person("q", recordsOf("q", [{ action: "grant", givenBy: "person", scope: undefined, dt: 1, expires: undefined }]))] }
    expect(counted(facts, "2026-06-01T10:00:00Z")).toEqual(["q"])
    expect(counted(facts, "not a date")).toEqual([])
  })

  it("decoding refuses a consent record of another purpose, or of a time that is not a UTC instant", () => {
    const p = person("p", recordsOf("p", [{ action: "grant", givenBy: "person", scope: undefined, dt: 1, expires: undefined }]))
    const other = { ...p, consents: [{ ...p.consents[0]!, purpose: "taking-part" }] }
    const local = { ...p, consents: [{ ...p.consents[0]!, at: "2026-01-01T12:00:00+02:00" }] }
    for (const bad of [other, local]) {
      const decoded = Facts.decode({ groups: [group], participants: [bad] })
      expect(Either.isLeft(decoded)).toBe(true)
    }
    const old = { ...p, consents: undefined, reporting: [{ from: "2026-01-01T10:00:00Z", until: null }] }
    expect(Either.isLeft(Facts.decode({ groups: [group], participants: [old] }))).toBe(true)
    expect(Either.isRight(Facts.decode({ groups: [group], participants: [p] }))).toBe(true)
  })
})
