import { Facts } from "@vertaistuki/reports"
import { Either } from "effect"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import type { RecordedEvent } from "../src/EventStore.js"
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

/** One group's story: planned, two referrals, one waits then enrols, consents, a session, a questionnaire, a withdrawal of the consent to reporting. */
const story = (): ReadonlyArray<RecordedEvent> => [
  ev("group-g", "GroupPlanned", { groupId: "g", at: t(0), rules: { programmeId: "voikukkia" }, usesProtectedName: false }),
  ev("participant-a", "ParticipantReferred", { participantId: "a", personId: "pa", groupId: "g", source: "x", modality: "in-person", at: t(1) }),
  ev("participant-b", "ParticipantReferred", { participantId: "b", personId: "pb", groupId: "g", source: "x", modality: "in-person", at: t(1) }),
  ev("participant-a", "ConsentsRecorded", { participantId: "a", at: t(2), consents: [grant("taking-part", 2), grant("reporting", 2)] }),
  ev("participant-b", "ParticipantWaitlisted", { participantId: "b", groupId: "g", at: t(3) }),
  ev("participant-b", "ConsentGiven", { participantId: "b", at: t(4), consent: grant("reporting", 4) }),
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

  it("keeps the paths, the waiting, the consent to reporting as spans and the cancellation as a category only", () => {
    const [a, b] = facts.participants
    expect(a).toMatchObject({ enrolledAt: t(5), eligibleAt: t(2), ending: null, reporting: [{ from: t(2), until: null }] })
    expect(a!.measurements).toEqual([{ phase: "start", at: t(10), answers: [5, 5, 5, 5, 5, 5, 5, 5, 5, 7] }])
    expect(b).toMatchObject({ waitlistedAt: t(3), waitlistEndedAt: t(9), ending: "withdrawn", endedAt: t(21), reporting: [{ from: t(4), until: t(20) }] })
    expect(facts.groups[0]).toMatchObject({ programmeId: "voikukkia", region: "Pirkanmaa", startedAt: t(10), cancelledAt: t(30), cancellation: "too-few-participants" })
    expect(JSON.stringify(facts)).not.toContain("Liian")
    expect(facts.groups[0]!.sessions).toEqual([{ sessionId: "s1", number: 1, date: t(10).slice(0, 10), present: ["a"], excused: ["b"], absent: [], anonymousResponses: 3 }])
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
