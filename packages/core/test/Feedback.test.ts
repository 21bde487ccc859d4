import { Either } from "effect"
import * as fc from "fast-check"
import { describe, expect, it } from "vitest"
import { DateTime } from "luxon"
import { Feedback, Group, Lifecycle, Session } from "@vertaistuki/core"
import { readyParticipant, rules, t0, zone } from "./fixtures.js"

const response = fc.record({ rating: fc.option(fc.integer({ min: 1, max: 5 }), { nil: undefined }), text: fc.option(fc.string({ minLength: 1 }), { nil: undefined }) }).filter((r) => r.rating !== undefined || (r.text !== undefined && r.text.trim() !== ""))

const fillBox = (responses: ReadonlyArray<{ rating?: number | undefined; text?: string | undefined }>) =>
  responses.reduce((box, r) => Either.getOrThrow(Feedback.submit(box, { ...(r.rating === undefined ? {} : { rating: r.rating }), ...(r.text === undefined ? {} : { text: r.text }) })), Feedback.openBox("s1"))

describe("Anonymous feedback", () => {
  it("the stored batch does not depend on who answered when: any order of submission gives the same event", () => {
    fc.assert(
      fc.property(fc.array(response, { minLength: 3, maxLength: 8 }).chain((rs) => fc.tuple(fc.constant(rs), fc.shuffledSubarray(rs, { minLength: rs.length, maxLength: rs.length }))), ([rs, shuffled]) => {
        expect(Feedback.closeBox(fillBox(rs), t0)).toEqual(Feedback.closeBox(fillBox(shuffled), t0))
      })
    )
  })

  it("carries no participant id and no per-response time", () => {
    const e = Feedback.closeBox(fillBox([{ rating: 4 }, { rating: 5, text: "hyvä" }, { text: "kiitos" }]), t0)
    expect(Object.keys(e).sort()).toEqual(["_tag", "closedAt", "responses", "sessionId", "withheld"])
    if (e._tag !== "AnonymousFeedbackBatchClosed") throw new Error("unexpected")
    for (const r of e.responses) expect(Object.keys(r).sort()).toEqual(["rating", "text"])
    expect(Lifecycle.sensitiveFields["AnonymousFeedbackBatchClosed"]).toEqual(["responses"])
  })

  it("too few responses are withheld, because one answer among few is not anonymous", () => {
    const e = Feedback.closeBox(fillBox([{ rating: 2 }, { rating: 5 }]), t0)
    expect(e).toMatchObject({ responses: [], withheld: 2 })
  })

  it("an empty response or a rating outside 1–5 is refused", () => {
    expect(Either.isLeft(Feedback.submit(Feedback.openBox("s1"), {}))).toBe(true)
    expect(Either.isLeft(Feedback.submit(Feedback.openBox("s1"), { rating: 6 }))).toBe(true)
  })
})

describe("Feedback in one's own name", () => {
  it("comes after a held session from someone present", () => {
    const start = DateTime.fromISO("2026-02-02T17:00", { zone })
    let g = Group.replay(Either.getOrThrow(Group.decide({ _tag: "Plan", groupId: "g1", rules: rules(), usesProtectedName: false }, Group.initial, t0)))
    g = Group.replay(Either.getOrThrow(Group.decide({ _tag: "OpenRecruitment" }, g, t0)), g)
    for (const id of ["p1", "p2"]) g = Group.replay(Either.getOrThrow(Group.decide({ _tag: "Enrol", participant: readyParticipant(id, "g1", t0).state }, g, t0.plus({ days: 3 }))), g)
    let s = Session.replay(Either.getOrThrow(Session.decide({ _tag: "Plan", sessionId: "s1", groupId: "g1", number: 1, modality: "in-person", maxMinutes: 180 }, Session.initial, t0)))
    s = Session.replay(Either.getOrThrow(Session.decide({ _tag: "Schedule", start, minutes: 150 }, s, t0)), s)
    expect(Either.isLeft(Feedback.giveSessionFeedback(s, "p1", { rating: 5 }, start))).toBe(true)
    const attendance = [
      { participantId: "p1", status: "present" as const, minutes: null },
      { participantId: "p2", status: "absent" as const, minutes: null }
    ]
    s = Session.replay(Either.getOrThrow(Session.decide({ _tag: "Hold", group: g, attendance }, s, start.plus({ hours: 3 }))), s)
    expect(Either.getOrThrow(Feedback.giveSessionFeedback(s, "p1", { rating: 5, text: "thank you" }, start.plus({ hours: 3 })))).toMatchObject({ _tag: "SessionFeedbackGiven", participantId: "p1" })
    expect(Either.isLeft(Feedback.giveSessionFeedback(s, "p2", { rating: 5 }, start.plus({ hours: 3 })))).toBe(true)
  })
})
