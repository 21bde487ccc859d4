import { Consent, Participant } from "@vertaistuki/core"
import { Facts, Period, Report } from "@vertaistuki/reports"
import { Either, Schema } from "effect"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import type { RecordedEvent } from "../src/EventStore.js"
import * as ConsentRegistry from "../src/ConsentRegistry.js"
import * as ReportFacts from "../src/ReportFacts.js"

let position = 0
const ev = (streamId: string, type: string, data: Record<string, unknown>): RecordedEvent => ({
  position: ++position,
  streamId,
  version: 1,
  type,
  data,
  personId: null,
  sealed: null,
  recordType: "lifecycle",
  recordedAt: new Date(0)
})

const t = (d: number) => new Date(Date.UTC(2026, 1, 1) + d * 86_400_000).toISOString()
const grant = (purpose: string, d: number) => ({ purpose, givenBy: "person", grantedAt: t(d), textVersion: "v1" })
const record = (action: Consent.Action, d: number): Participant.ConsentEntry => ({ purpose: "reporting", action, givenBy: "person", textVersion: "v1", at: t(d), channel: "paper-form" })

/** One group's story: planned, two referrals, one waits then enrols, consents, a session, a questionnaire, a withdrawal of the consent to reporting. */
const story = (): ReadonlyArray<RecordedEvent> => [
  ev("group-g", "GroupPlanned", { groupId: "g", at: t(0), rules: { programmeId: "voikukkia" }, usesProtectedName: false }),
  ev("participant-a", "ParticipantReferred", { participantId: "a", personId: "pa", groupId: "g", source: "x", modality: "in-person", at: t(1) }),
  ev("participant-b", "ParticipantReferred", { participantId: "b", personId: "pb", groupId: "g", source: "x", modality: "in-person", at: t(1) }),
  ev("participant-a", "ConsentRecorded", { participantId: "a", at: t(2), record: record("grant", 2) }),
  ev("participant-a", "ConsentsRecorded", { participantId: "a", at: t(2), consents: [grant("taking-part", 2), grant("reporting", 2)] }),
  // c has only the derived facts of a reporting grant, no record: the rule has nothing to count.
  ev("participant-c", "ParticipantReferred", { participantId: "c", personId: "pc", groupId: "g", source: "x", modality: "in-person", at: t(1) }),
  ev("participant-c", "ConsentsRecorded", { participantId: "c", at: t(2), consents: [grant("reporting", 2)] }),
  ev("participant-c", "ConsentGiven", { participantId: "c", at: t(2), consent: grant("reporting", 2) }),
  ev("participant-b", "ParticipantWaitlisted", { participantId: "b", groupId: "g", at: t(3) }),
  ev("participant-b", "ConsentRecorded", { participantId: "b", at: t(4), record: record("grant", 4) }),
  ev("participant-b", "ConsentRecorded", { participantId: "b", at: t(4), record: { ...record("grant", 4), purpose: "taking-part" } }),
  ev("participant-a", "ParticipantEnrolled", { participantId: "a", groupId: "g", at: t(5) }),
  ev("participant-b", "ParticipantEnrolled", { participantId: "b", groupId: "g", at: t(9) }),
  ev("group-g", "GroupStarted", { groupId: "g", at: t(10), leaders: [], waiverReason: null, recommendationsUnmet: [] }),
  ev("session-s1", "SessionPlanned", { sessionId: "s1", groupId: "g", number: 1, at: t(0), modality: "in-person", maxMinutes: 90, theme: null }),
  ev("session-s1", "SessionHeld", {
    sessionId: "s1",
    at: t(10),
    date: t(10).slice(0, 10),
    minutes: 90,
    attendance: [
      { participantId: "a", status: "present" },
      { participantId: "b", status: "excused" }
    ],
    companions: [],
    travelClaims: [],
    guests: []
  }),
  ev("outcomes-a", "OutcomeMeasured", { groupId: "g", participantId: "a", at: t(10), instrumentId: "i", phase: "start" }),
  ev("feedback-s1", "AnonymousFeedbackBatchClosed", { sessionId: "s1", closedAt: t(10), withheld: 0 }),
  ev("participant-b", "ConsentWithdrawn", { participantId: "b", at: t(20), purpose: "reporting" }),
  ev("participant-b", "ParticipantWithdrew", { participantId: "b", at: t(21) }),
  ev("group-g", "GroupCancelled", { groupId: "g", at: t(30), reason: "Liian vähän osallistujia" })
]

const replay = (events: ReadonlyArray<RecordedEvent>, s = ReportFacts.projection.initial()) => events.reduce(ReportFacts.projection.evolve, s)

describe("ReportFacts", () => {
  const events = story()
  const state = replay(events)
  const measurement = state.participants.get("a")!.measurements[0]!
  const batch = state.sessions.get("s1")!.feedbackBatch!
  const facts = ReportFacts.facts(state, {
    categorise: Facts.categorise,
    answers: new Map([[ReportFacts.measurementKey(measurement), [5, 5, 5, 5, 5, 5, 5, 5, 5, 7]]]),
    responses: new Map([[ReportFacts.measurementKey(batch), 3]]),
    attributes: () => ({ region: "Pirkanmaa", language: "fi" })
  })

  it("gives the report package's facts: they decode", () => {
    expect(Either.isRight(Facts.decode(facts))).toBe(true)
  })

  it("keeps the paths, the waiting, the consent records for reporting and the cancellation as a category only", () => {
    const [a, b, c] = facts.participants
    expect(a).toMatchObject({ enrolledAt: t(5), eligibleAt: t(2), ending: null, consents: [record("grant", 2)] })
    expect(c!.consents).toEqual([])
    expect(a!.measurements).toEqual([{ phase: "start", at: t(10), answers: [5, 5, 5, 5, 5, 5, 5, 5, 5, 7] }])
    expect(b).toMatchObject({ waitlistedAt: t(3), waitlistEndedAt: t(9), ending: "withdrawn", endedAt: t(21) })
    expect(b!.consents).toEqual([record("grant", 4), { ...record("withdraw", 20), textVersion: "participant-journey", channel: "electronic-form" }])
    expect(facts.groups[0]).toMatchObject({ programmeId: "voikukkia", region: "Pirkanmaa", startedAt: t(10), cancelledAt: t(30), cancellation: "too-few-participants" })
    expect(JSON.stringify(facts)).not.toContain("Liian")
    expect(facts.groups[0]!.sessions).toEqual([{ sessionId: "s1", number: 1, date: t(10).slice(0, 10), present: ["a"], excused: ["b"], absent: [], anonymousResponses: 3 }])
  })

  it("counts by the core's rule: a's grant holds, b's ended with the withdrawal, c's derived grants count for nothing", () => {
    const decoded = Either.getOrThrow(Facts.decode(facts))
    const counted = (asOf: string) => Report.scope(decoded, { asOf, period: Either.getOrThrow(Period.parse("2026")) }).participants.map((p) => p.participantId)
    expect(counted(t(19))).toEqual(["a", "b"])
    expect(counted(t(20))).toEqual(["a"])
    expect(counted(t(3))).toEqual(["a"])
  })

  it("leaves out answers the vault did not reveal", () => {
    const none = ReportFacts.facts(state, { categorise: Facts.categorise, answers: new Map(), responses: new Map() })
    expect(none.participants[0]!.measurements).toEqual([])
    expect(none.groups[0]!.sessions[0]!.anonymousResponses).toBeNull()
  })

  it("law: saving the state as JSON at any point and going on gives the same state as one replay", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: events.length }), (cut) => {
        const first = replay(events.slice(0, cut))
        const saved = ReportFacts.projection.fromJson!(JSON.parse(JSON.stringify(ReportFacts.projection.toJson!(first))))
        const resumed = replay(events.slice(cut), saved)
        expect(ReportFacts.projection.toJson!(resumed)).toEqual(ReportFacts.projection.toJson!(replay(events)))
      })
    )
  })
})

// ---------------------------------------------------------------------------------------------
// The report and the registry answer by the same rule
// ---------------------------------------------------------------------------------------------

const HOUR = 3_600_000
const base = Date.UTC(2026, 1, 1)
const isoOf = (ms: number) => new Date(ms).toISOString()
const instant = Schema.decodeSync(Consent.Instant)
const year = Either.getOrThrow(Period.parse("2026"))
const people = ["p0", "p1", "p2", "__proto__"] as const
const scopes = [undefined, "group:g", "group:h", "social-worker", "guardian", "export:annual-report", "other-service:school"] as const

const stepArb = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record({
      kind: fc.constant("record" as const),
      participant: fc.constantFrom(...people),
      purpose: fc.constantFrom("reporting", "reporting", "reporting", "taking-part"),
      action: fc.constantFrom<Consent.Action>("grant", "grant", "grant", "withdraw", "refuse"),
      givenBy: fc.constantFrom<Consent.GivenBy>("person", "person", "person", "guardian", "minor-own-view"),
      scope: fc.oneof({ weight: 3, arbitrary: fc.constant(undefined) }, { weight: 2, arbitrary: fc.constantFrom(...scopes) }),
      dt: fc.nat(48),
      expires: fc.option(fc.nat(300), { nil: undefined })
    })
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("withdrawn" as const), participant: fc.constantFrom(...people), purpose: fc.constantFrom("reporting", "taking-part"), dt: fc.nat(48) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("derived" as const), participant: fc.constantFrom(...people), dt: fc.nat(48) }) }
)

type Step = typeof stepArb extends fc.Arbitrary<infer T> ? T : never

/** The events of a history and, worked out on their own, the records the core's rule reads. */
const history = (steps: ReadonlyArray<Step>, referFirst: ReadonlyArray<boolean>) => {
  let t = base
  const events: Array<RecordedEvent> = [ev("group-g", "GroupPlanned", { groupId: "g", at: isoOf(base), rules: { programmeId: "voikukkia" }, usesProtectedName: false })]
  const refer = (id: string) =>
    events.push(ev(`participant-${id}`, "ParticipantReferred", { participantId: id, personId: `person-${id}`, groupId: "g", source: "self", modality: "in-person", at: isoOf(base) }))
  for (const [i, id] of people.entries()) if (referFirst[i]) refer(id)
  const records = new Map<string, Array<Consent.ConsentRecord>>(people.map((id) => [id, []]))
  for (const s of steps) {
    t += s.dt * HOUR
    const stream = `participant-${s.participant}`
    if (s.kind === "record") {
      const r: Consent.ConsentRecord = {
        person: s.participant,
        purpose: s.purpose,
        action: s.action,
        givenBy: s.givenBy,
        textVersion: "v1",
        at: instant(isoOf(t)),
        channel: "paper-form",
        ...(s.scope === undefined ? {} : { scope: s.scope }),
        ...(s.expires === undefined ? {} : { expiresAt: instant(isoOf(t + s.expires * HOUR)) })
      }
      records.get(s.participant)!.push(r)
      events.push(ev(stream, "ConsentRecorded", { participantId: s.participant, at: isoOf(t), record: Participant.entryOf(r) }))
    } else if (s.kind === "withdrawn") {
      const r: Consent.ConsentRecord = { person: s.participant, purpose: s.purpose, action: "withdraw", givenBy: "person", textVersion: "participant-journey", at: instant(isoOf(t)), channel: "electronic-form" }
      records.get(s.participant)!.push(r)
      events.push(ev(stream, "ConsentWithdrawn", { participantId: s.participant, at: isoOf(t), purpose: s.purpose }))
    } else {
      // What RecordConsents and GiveConsent derive adds no record.
      events.push(ev(stream, "ConsentsRecorded", { participantId: s.participant, at: isoOf(t), consents: [{ purpose: "reporting", givenBy: "guardian", grantedAt: isoOf(t), textVersion: "v1" }] }))
      events.push(ev(stream, "ConsentGiven", { participantId: s.participant, at: isoOf(t), consent: { purpose: "reporting", givenBy: "person", grantedAt: isoOf(t), textVersion: "v1" } }))
    }
  }
  for (const [i, id] of people.entries()) if (!referFirst[i]) refer(id)
  events.push(ev("group-g", "GroupStarted", { groupId: "g", at: isoOf(base + HOUR), leaders: [], waiverReason: null, recommendationsUnmet: [] }))
  return { events, records }
}

const counted = (state: ReportFacts.State, asOf: string): ReadonlyArray<string> => {
  const facts = Either.getOrThrow(Facts.decode(JSON.parse(JSON.stringify(ReportFacts.facts(state, { categorise: Facts.categorise, answers: new Map(), responses: new Map() })))))
  return Report.scope(facts, { asOf, period: year }).participants.map((p) => p.participantId)
}

describe("ReportFacts law", () => {
  it("for any history of consent records, journey withdrawals and derived grants, the report counts a person exactly when Consent.mayWe (and so ConsentRegistry) says yes at its date, also after a save and load", () => {
    fc.assert(
      fc.property(
        fc.array(stepArb, { maxLength: 30 }),
        fc.array(fc.boolean(), { minLength: people.length, maxLength: people.length }),
        fc.array(fc.integer({ min: -5, max: 900 }), { minLength: 1, maxLength: 5 }),
        fc.integer({ min: 0, max: 60 }),
        (steps, referFirst, hours, cut) => {
          const { events, records } = history(steps, referFirst)
          const state = replay(events)
          const resumed = replay(events.slice(cut), ReportFacts.projection.fromJson!(JSON.parse(JSON.stringify(ReportFacts.projection.toJson!(replay(events.slice(0, cut)))))))
          const registry = events.reduce(ConsentRegistry.projection.evolve, ConsentRegistry.projection.initial())
          for (const hour of hours) {
            const at = instant(isoOf(base + hour * HOUR))
            const yes = people.filter((id) => Either.isRight(Consent.mayWe(records.get(id)!, { id }, "reporting", at)))
            expect(people.filter((id) => ConsentRegistry.isGranted(registry, id, "reporting", at))).toEqual(yes)
            for (const s of [state, resumed]) {
              expect([...counted(s, at.toISO()!)].sort()).toEqual([...yes].sort())
              expect([...counted(s, at.toUTC().toISO()!)].sort()).toEqual([...yes].sort())
            }
          }
        }
      ),
      { numRuns: 500 }
    )
  })

  it("attack: a person whose only record is a refusal, or whose grant was followed by a minor's own refusal, is never counted, whatever is derived or granted later", () => {
    const own = (action: Consent.Action, givenBy: Consent.GivenBy, scope?: (typeof scopes)[number]): Step => ({
      kind: "record",
      participant: "p0",
      purpose: "reporting",
      action,
      givenBy,
      scope,
      dt: 1,
      expires: undefined
    })
    fc.assert(
      fc.property(
        fc.constantFrom<Consent.GivenBy>("person", "guardian", "minor-own-view"),
        fc.constantFrom(...scopes),
        fc.boolean(),
        fc.array(fc.constantFrom<Consent.GivenBy>("person", "guardian"), { maxLength: 4 }),
        fc.integer({ min: 0, max: 2000 }),
        (givenBy, scope, grantedFirst, later, hours) => {
          const derived: Step = { kind: "derived", participant: "p0", dt: 1 }
          const steps: ReadonlyArray<Step> = grantedFirst
            ? // A grant, the minor's own refusal, derived grants, then grants of the person or the guardian.
              [own("grant", "person"), own("refuse", "minor-own-view", scope), derived, ...later.map((g) => own("grant", g))]
            : // Only a refusal, of anyone, and derived grants.
              [own("refuse", givenBy, scope), derived]
          const { events } = history(steps, [true, true, true, true])
          const refusedAt = base + (grantedFirst ? 2 : 1) * HOUR
          expect(counted(replay(events), isoOf(refusedAt + hours * HOUR))).not.toContain("p0")
        }
      )
    )
  })
})
