import { Either, Schema } from "effect"
import * as fc from "fast-check"
import { describe, expect, it } from "vitest"
import { type Consent, Eligibility, Lifecycle, Participant, Rule } from "@vertaistuki/core"
import { grants, readyParticipant, t0 } from "./fixtures.js"

const refer = (source: Participant.ReferralSource, modality: "remote" | "in-person" = "in-person") =>
  Participant.replay(
    Either.getOrThrow(Participant.decide({ _tag: "Refer", participantId: "p1", personId: "person-1", groupId: "g1", source, modality }, Participant.initial, t0))
  )

describe("Participant journey", () => {
  it("an institution hands over contact details only with the disclosure consent (seed 000)", () => {
    const s = refer("institution")
    const refusedWithout = Participant.decide({ _tag: "ReceiveContactDetails" }, s, t0)
    expect(Either.isLeft(refusedWithout) && refusedWithout.left._tag).toBe("ConsentMissing")
    const ok = Participant.decide({ _tag: "ReceiveContactDetails", consents: grants("person-1", ["contact-disclosure"], t0.minus({ days: 1 })) }, s, t0)
    const events = Either.getOrThrow(ok)
    expect(events[0]).toMatchObject({ _tag: "ContactDetailsReceived", disclosureConsent: { purpose: "contact-disclosure", givenBy: "person" } })
  })

  it("a self-referral needs no disclosure consent", () => {
    expect(Either.isRight(Participant.decide({ _tag: "ReceiveContactDetails" }, refer("self"), t0))).toBe(true)
  })

  it("a remote group's intake rehearses the technology (seed 000)", () => {
    let s = refer("self", "remote")
    s = Participant.replay(Either.getOrThrow(Participant.decide({ _tag: "ReceiveContactDetails" }, s, t0)), s)
    s = Participant.replay(Either.getOrThrow(Participant.decide({ _tag: "ScheduleIntake", intakeAt: t0.plus({ days: 2 }), modality: "remote" }, s, t0)), s)
    const refused = Participant.decide({ _tag: "HoldIntake", technologyRehearsed: false }, s, t0)
    expect(Either.isLeft(refused) && refused.left.rule).toBe("remote-intake-rehearses-technology")
    expect(Either.isRight(Participant.decide({ _tag: "HoldIntake", technologyRehearsed: true }, s, t0))).toBe(true)
  })

  it("no enrolment without the taking-part consent", () => {
    const { state } = readyParticipant("p1", "g1", t0, ["messaging-group"])
    const r = Participant.decide({ _tag: "Enrol" }, state, t0.plus({ days: 2 }))
    expect(Either.isLeft(r) && r.left._tag).toBe("ConsentMissing")
  })

  it("consents come from the consent registry: a withdrawn grant does not count", () => {
    const ev = grants("person-p1", ["taking-part"], t0)
    const withdrawn = { ...ev, records: [...ev.records, { ...ev.records[0]!, action: "withdraw" as const, at: t0.plus({ hours: 1 }) }] }
    let s = readyParticipant("p1", "g1", t0, []).state
    const r = Participant.decide({ _tag: "GiveConsent", purpose: "taking-part", consents: withdrawn }, s, t0.plus({ days: 2 }))
    expect(Either.isLeft(r)).toBe(true)
    s = Participant.replay(Either.getOrThrow(Participant.decide({ _tag: "GiveConsent", purpose: "taking-part", consents: ev }, s, t0.plus({ days: 2 }))), s)
    expect(Participant.hasConsent(s, "taking-part")).toBe(true)
  })

  it("withdrawing the messaging-group consent removes the person from the messaging group first", () => {
    let s = readyParticipant("p1", "g1", t0).state
    s = Participant.replay(Either.getOrThrow(Participant.decide({ _tag: "Enrol" }, s, t0.plus({ days: 2 }))), s)
    s = Participant.replay(Either.getOrThrow(Participant.decide({ _tag: "JoinMessagingGroup" }, s, t0.plus({ days: 2 }))), s)
    const events = Either.getOrThrow(Participant.decide({ _tag: "WithdrawConsent", purpose: "messaging-group" }, s, t0.plus({ days: 3 })))
    expect(events.map((e) => e._tag)).toEqual(["MessagingGroupLeft", "ConsentWithdrawn"])
    expect(Participant.replay(events, s).inMessagingGroup).toBe(false)
  })

  it("withdrawing the taking-part consent while enrolled is a withdrawal", () => {
    let s = readyParticipant("p1", "g1", t0).state
    s = Participant.replay(Either.getOrThrow(Participant.decide({ _tag: "Enrol" }, s, t0.plus({ days: 2 }))), s)
    const next = Participant.replay(Either.getOrThrow(Participant.decide({ _tag: "WithdrawConsent", purpose: "taking-part" }, s, t0.plus({ days: 3 }))), s)
    expect(next.status).toBe("withdrawn")
  })

  it("found ineligible only with an ineligible eligibility decision, which is attached", () => {
    const set = Either.getOrThrow(Rule.compile({ id: "parents", rules: [{ id: "is-parent", fact: "role", equals: "parent" }] }))
    const s = readyParticipant("p1", "g1", t0).state
    const eligible = Eligibility.decide(set, { role: "parent" }, { at: "2026-01-20" })
    expect(Either.isLeft(Participant.decide({ _tag: "FindIneligible", decision: eligible }, s, t0))).toBe(true)
    const ineligible = Eligibility.decide(set, { role: "sibling" }, { at: "2026-01-20" })
    const events = Either.getOrThrow(Participant.decide({ _tag: "FindIneligible", decision: ineligible }, s, t0))
    expect(events[0]).toMatchObject({ _tag: "ParticipantFoundIneligible", decision: { programme: "parents", reference: "2026-01-20", outcome: "ineligible" } })
    expect(Participant.replay(events, s)).toMatchObject({ status: "ineligible", decision: { outcome: "ineligible" } })
  })

  it("a dropout needs a reason, a withdrawal does not, and the reason is marked sensitive", () => {
    let s = readyParticipant("p1", "g1", t0).state
    s = Participant.replay(Either.getOrThrow(Participant.decide({ _tag: "Enrol" }, s, t0.plus({ days: 2 }))), s)
    expect(Either.isLeft(Participant.decide({ _tag: "DropOut", reason: " " }, s, t0))).toBe(true)
    expect(Either.isRight(Participant.decide({ _tag: "Withdraw" }, s, t0))).toBe(true)
    expect(Lifecycle.sensitiveFields["ParticipantDroppedOut"]).toEqual(["reason"])
    expect(Lifecycle.sensitiveFields["ParticipantWithdrew"]).toEqual(["reason"])
  })
})

// ---------------------------------------------------------------------------------------------
// Model-based: random command sequences against one participant.
// ---------------------------------------------------------------------------------------------

interface Real {
  state: Participant.State
  log: Array<Participant.ParticipantEvent>
  now: number
}
interface Model {
  status: Participant.Status | "none"
}

const purposes = ["taking-part", "messaging-group", "evaluation-questionnaire", "contact-disclosure"] as const

type Now = ReturnType<typeof t0.plus>

/** The next step along the journey, so that random runs reach the later states often. */
const advance = (pick: number) => (now: Now, s: Participant.State): Participant.Command => {
  switch (s.status) {
    case "referred":
      return { _tag: "ReceiveContactDetails", consents: grants("person-p", ["contact-disclosure"], now) }
    case "contact-received":
      return { _tag: "ScheduleIntake", intakeAt: now.plus({ days: 1 }), modality: "in-person" }
    case "intake-scheduled":
      return { _tag: "HoldIntake", technologyRehearsed: true }
    case "intake-held":
      return { _tag: "RecordConsents", consents: grants("person-p", pick % 4 === 0 ? ["messaging-group"] : ["taking-part", "messaging-group"], now) }
    case "consents-recorded":
      return pick % 3 === 0 ? { _tag: "Waitlist" } : { _tag: "Enrol" }
    case "enrolled":
      return pick % 2 === 0 ? { _tag: "JoinMessagingGroup" } : { _tag: "StartAttending" }
    case "attending":
      return pick % 3 === 0 ? { _tag: "DropOut", reason: "moved away" } : { _tag: "Complete" }
    default:
      return { _tag: "Enrol" }
  }
}

type Make = (now: Now, s: Participant.State) => Participant.Command
const make = (f: Make): Make => f

const commandArb: fc.Arbitrary<Make> = fc.oneof(
  { arbitrary: fc.nat().map(advance), weight: 40 },
  fc.constant(make(() => ({ _tag: "Refer", participantId: "p", personId: "person-p", groupId: "g", source: "self", modality: "in-person" }))),
  fc.boolean().map((withConsent) => make((now) => (withConsent ? { _tag: "ReceiveContactDetails", consents: grants("person-p", ["contact-disclosure"], now) } : { _tag: "ReceiveContactDetails" }))),
  fc.constant(make((now) => ({ _tag: "ScheduleIntake", intakeAt: now.plus({ days: 1 }), modality: "in-person" }))),
  fc.boolean().map((technologyRehearsed) => make(() => ({ _tag: "HoldIntake", technologyRehearsed }))),
  fc.subarray([...purposes]).map((ps) => make((now) => ({ _tag: "RecordConsents", consents: grants("person-p", ps, now) }))),
  fc.constantFrom(...purposes).map((purpose) => make((now) => ({ _tag: "GiveConsent", purpose, consents: grants("person-p", [purpose], now) }))),
  fc.constantFrom(...purposes).map((purpose) => make(() => ({ _tag: "WithdrawConsent", purpose }))),
  fc.constant(make(() => ({ _tag: "Enrol" }))),
  fc.constant(make(() => ({ _tag: "Waitlist" }))),
  fc.constant(make(() => ({ _tag: "Decline", by: "person" }))),
  fc.constant(make(() => ({ _tag: "StartAttending" }))),
  fc.constant(make(() => ({ _tag: "Complete" }))),
  fc.option(fc.string(), { nil: undefined }).map((reason) => make(() => (reason === undefined ? { _tag: "Withdraw" } : { _tag: "Withdraw", reason }))),
  fc.string({ minLength: 1 }).map((reason) => make(() => ({ _tag: "DropOut", reason: `r${reason}` }))),
  fc.constant(make(() => ({ _tag: "JoinMessagingGroup" }))),
  fc.constant(make(() => ({ _tag: "LeaveMessagingGroup" })))
)

const reached = new Set<string>()

class Step implements fc.Command<Model, Real> {
  constructor(readonly make: (now: Now, s: Participant.State) => Participant.Command) {}
  check = () => true
  run(model: Model, real: Real) {
    real.now += 1
    const now = t0.plus({ hours: real.now })
    const before = real.state
    const command = this.make(now, before)
    const r = Participant.decide(command, before, now)
    const wasTerminal = Participant.isTerminal(before)
    if (wasTerminal) expect(Either.isLeft(r)).toBe(true)
    if (command._tag === "Withdraw" && before.status !== "none" && !wasTerminal) expect(Either.isRight(r)).toBe(true)
    if (Either.isRight(r)) {
      for (const e of r.right) {
        real.log.push(e)
        real.state = Participant.evolve(real.state, e)
      }
    }
    model.status = real.state.status
    reached.add(real.state.status)
    const s = real.state
    if (s.status === "enrolled" || s.status === "attending") expect(Participant.hasConsent(s, "taking-part")).toBe(true)
    if (s.inMessagingGroup) expect(Participant.hasConsent(s, "messaging-group")).toBe(true)
    if (s.status !== "none" && s.source === "institution" && s.status !== "referred" && s.version > 1) {
      const received = real.log.find((e) => e._tag === "ContactDetailsReceived")
      if (received !== undefined) expect(received.disclosureConsent).not.toBeNull()
    }
  }
  toString = () => "step"
}

describe("Participant model", () => {
  it("holds the invariants over random command sequences, and replaying the events reproduces the state", () => {
    fc.assert(
      fc.property(fc.constantFrom<Participant.ReferralSource>("institution", "self", "health-professional"), fc.commands([commandArb.map((m) => new Step(m))], { maxCommands: 40 }), (source, cmds) => {
        const log = [...Either.getOrThrow(Participant.decide({ _tag: "Refer", participantId: "p", personId: "person-p", groupId: "g", source, modality: "in-person" }, Participant.initial, t0))]
        const real: Real = { state: Participant.replay(log), log, now: 0 }
        fc.modelRun(() => ({ model: { status: "referred" as const }, real }), cmds)
        expect(Participant.replay(real.log)).toEqual(real.state)
        const json: ReadonlyArray<unknown> = JSON.parse(JSON.stringify(real.log))
        const decoded = json.map((e) => Either.getOrThrow(decodeEvent(e)) as Participant.ParticipantEvent)
        expect(Participant.replay(decoded)).toEqual(real.state)
      }),
      { numRuns: 300 }
    )
    for (const status of ["enrolled", "waitlisted", "attending", "completed", "withdrawn", "dropped-out", "declined"]) expect(reached).toContain(status)
  })

  it("withdrawal is accepted from every active state", () => {
    const active = Object.entries(Participant.machine.states).filter(([, v]) => !v.terminal).map(([k]) => k)
    const withdrawFrom = Participant.machine.transitions.find((t) => t.command === "Withdraw")!.from
    expect([...withdrawFrom].sort()).toEqual(active.sort())
  })
})

const decodeEvent = Schema.decodeUnknownEither(Lifecycle.LifecycleEvent)

describe("Participant consent records", () => {
  const record = (over: Partial<Consent.ConsentRecord>): Consent.ConsentRecord => ({
    person: "person-p1",
    purpose: "taking-part",
    action: "withdraw",
    givenBy: "person",
    textVersion: "v1",
    at: t0.plus({ days: 3 }),
    channel: "phone",
    ...over
  })
  const enrolled = () => {
    const s = readyParticipant("p1", "g1", t0).state
    return Participant.replay(Either.getOrThrow(Participant.decide({ _tag: "Enrol" }, s, t0.plus({ days: 2 }))), s)
  }

  it("keeps each record in the stream, with its scope, giver and times, and reads back the same record", () => {
    const r = record({ action: "refuse", scope: "export:annual-report", givenBy: "guardian", expiresAt: t0.plus({ days: 30 }) })
    const events = Either.getOrThrow(Participant.decide({ _tag: "RecordConsent", record: r }, enrolled(), t0.plus({ days: 3 })))
    expect(events.map((e) => e._tag)).toEqual(["ConsentRecorded"])
    const e = events[0]!
    if (e._tag !== "ConsentRecorded") throw new Error("expected ConsentRecorded")
    const back = Participant.recordOf("person-p1", Schema.decodeUnknownSync(Participant.ConsentEntry)(JSON.parse(JSON.stringify(e.record))))
    expect(Participant.entryOf(back)).toEqual(Participant.entryOf(r))
    expect(back.at.toMillis()).toBe(r.at.toMillis())
    expect(Participant.hasConsent(Participant.replay(events, enrolled()), "taking-part")).toBe(true)
  })

  it("a withdrawal covering the group withdraws the participant; one scoped to another group does not", () => {
    const covering = Either.getOrThrow(Participant.decide({ _tag: "RecordConsent", record: record({ scope: "group:g1" }) }, enrolled(), t0.plus({ days: 3 })))
    expect(covering.map((e) => e._tag)).toEqual(["ConsentRecorded", "ParticipantWithdrew"])
    const other = Either.getOrThrow(Participant.decide({ _tag: "RecordConsent", record: record({ scope: "group:g2" }) }, enrolled(), t0.plus({ days: 3 })))
    expect(other.map((e) => e._tag)).toEqual(["ConsentRecorded"])
    expect(Participant.hasConsent(Participant.replay(other, enrolled()), "taking-part")).toBe(true)
  })

  it("a withdrawal can be recorded after the journey has ended; a record of another person or an unknown scope cannot", () => {
    let s = enrolled()
    s = Participant.replay(Either.getOrThrow(Participant.decide({ _tag: "Withdraw" }, s, t0.plus({ days: 3 }))), s)
    expect(Participant.isTerminal(s)).toBe(true)
    expect(Either.isRight(Participant.decide({ _tag: "RecordConsent", record: record({ purpose: "evaluation-questionnaire" }) }, s, t0.plus({ days: 4 })))).toBe(true)
    const other = Participant.decide({ _tag: "RecordConsent", record: record({ person: "person-p2" }) }, s, t0.plus({ days: 4 }))
    expect(Either.isLeft(other) && other.left._tag === "RuleViolated" && other.left.rule).toBe("consent-record-of-the-participant")
    const typo = Participant.decide({ _tag: "RecordConsent", record: record({ scope: "g1" }) }, s, t0.plus({ days: 4 }))
    expect(Either.isLeft(typo) && typo.left._tag === "RuleViolated" && typo.left.rule).toBe("consent-scope-vocabulary")
    expect(Either.isLeft(Participant.decide({ _tag: "RecordConsent", record: record({}) }, Participant.initial, t0))).toBe(true)
  })
})
