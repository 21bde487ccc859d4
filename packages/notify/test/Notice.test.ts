import { Group, Participant, Session } from "@vertaistuki/core"
import { Either } from "effect"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { Notice } from "@vertaistuki/notify"

const t0 = "2026-03-01T10:00:00.000Z"
const start = "2026-03-10T16:00:00.000Z"
const ctx: Notice.Context = { groupId: "g1", personOf: (p) => (p === "pa1" ? "pe1" : undefined) }

describe("Notice.fromEvents", () => {
  it("turns scheduling, moving and cancelling a session into notices of the group, with no personal data", () => {
    const out = Notice.fromEvents(
      [
        Session.SessionScheduled.make({ sessionId: "s1", at: t0, start, minutes: 120 }),
        Session.SessionRescheduled.make({ sessionId: "s1", at: t0, start: "2026-03-11T16:00:00.000Z", minutes: 90, previousStart: start, reason: "leader ill" }),
        Session.SessionCancelled.make({ sessionId: "s1", at: t0, reason: "storm" })
      ],
      ctx
    )
    expect(out).toEqual([
      { topic: "session-scheduled", payload: { _tag: "session-scheduled", groupId: "g1", sessionId: "s1", start, minutes: 120 } },
      {
        topic: "session-moved",
        payload: { _tag: "session-moved", groupId: "g1", sessionId: "s1", start: "2026-03-11T16:00:00.000Z", previousStart: start, minutes: 90 }
      },
      { topic: "session-cancelled", payload: { _tag: "session-cancelled", groupId: "g1", sessionId: "s1", start: "2026-03-11T16:00:00.000Z" } }
    ])
    // The free-text reasons (sensitive) never reach the outbox.
    expect(JSON.stringify(out)).not.toMatch(/leader ill|storm/)
  })

  it("a cancellation takes the start from ctx.sessionStart, and a session that never had a time gives no notice", () => {
    const cancel = Session.SessionCancelled.make({ sessionId: "s9", at: t0, reason: "x" })
    expect(Notice.fromEvents([cancel], ctx)).toEqual([])
    expect(Notice.fromEvents([cancel], { ...ctx, sessionStart: (s) => (s === "s9" ? start : undefined) })).toEqual([
      { topic: "session-cancelled", payload: { _tag: "session-cancelled", groupId: "g1", sessionId: "s9", start } }
    ])
  })

  it("group start, intake and consent withdrawal; person-bound notices carry the personId for the outbox's log", () => {
    const out = Notice.fromEvents(
      [
        Group.GroupStarted.make({ groupId: "g1", at: t0, leaders: [], waiverReason: null, recommendationsUnmet: [] }),
        Participant.ParticipantReferred.make({ participantId: "pa2", personId: "pe2", groupId: "g1", source: "self", modality: "remote", at: t0 }),
        Participant.IntakeScheduled.make({ participantId: "pa2", at: t0, intakeAt: start, modality: "remote" }),
        Participant.ConsentWithdrawn.make({ participantId: "pa1", at: t0, purpose: "sms-reminders" }),
        Participant.ConsentRecorded.make({
          participantId: "pa1",
          at: t0,
          record: { purpose: "email-reminders", action: "withdraw", givenBy: "person", textVersion: "v1", at: t0, channel: "phone" }
        }),
        Participant.ConsentRecorded.make({
          participantId: "pa1",
          at: t0,
          record: { purpose: "email-reminders", action: "grant", givenBy: "person", textVersion: "v1", at: t0, channel: "phone" }
        }),
        Participant.ConsentWithdrawn.make({ participantId: "unknown", at: t0, purpose: "sms-reminders" })
      ],
      ctx
    )
    expect(out.map((m) => [m.topic, m.personId])).toEqual([
      ["group-starting", undefined],
      ["intake-scheduled", "pe2"],
      ["consent-withdrawn", "pe1"],
      ["consent-withdrawn", "pe1"]
    ])
    expect(out[1]!.payload).toEqual({ _tag: "intake-scheduled", participantId: "pa2", personId: "pe2", at: start })
  })

  it("every message it makes decodes back to the same notice", () => {
    const out = Notice.fromEvents(
      [Session.SessionScheduled.make({ sessionId: "s1", at: t0, start, minutes: 0 }), Participant.ConsentWithdrawn.make({ participantId: "pa1", at: t0, purpose: "reporting" })],
      ctx
    )
    for (const m of out) {
      const d = Notice.decode(m.topic, JSON.parse(JSON.stringify(m.payload)))
      expect(Either.isRight(d) && Notice.toOutbox(d.right)).toEqual(m)
    }
  })
})

describe("Notice.decode", () => {
  const field = (topic: string, payload: unknown) => {
    const d = Notice.decode(topic, payload)
    return Either.isLeft(d) ? d.left.field : null
  }
  it("accepts a payload with or without its _tag", () => {
    expect(Either.isRight(Notice.decode("group-starting", { groupId: "g", start }))).toBe(true)
    expect(Either.isRight(Notice.decode("group-starting", { _tag: "group-starting", groupId: "g", start }))).toBe(true)
  })

  it("bad input: a typed error naming the field, without the value", () => {
    expect(field("session-reminder", {})).toBe("topic")
    expect(field("__proto__", {})).toBe("topic")
    expect(field("group-starting", null)).toBe("payload")
    expect(field("group-starting", [])).toBe("payload")
    expect(field("group-starting", { _tag: "session-moved", groupId: "g", start })).toBe("payload._tag")
    expect(field("group-starting", { groupId: "g", start: "tomorrow" })).toBe("payload.start")
    expect(field("group-starting", { start })).toBe("payload.groupId")
    expect(field("consent-withdrawn", { participantId: "p", personId: "q", at: start, purpose: "spam" })).toBe("payload.purpose")
    expect(field("group-starting", JSON.parse(`{"groupId":"g","start":"${start}","__proto__":{"x":1}}`))).toBe("payload.__proto__")
    expect(field("group-starting", { groupId: "g", start, name: "Matti" })).toBe("payload.name")
    const extra = Notice.decode("group-starting", { groupId: "g", start, name: "Matti" })
    expect(Either.isLeft(extra) && extra.left.expected).toBe("no such field")
    const cyclic: Record<string, unknown> = { groupId: "g", start }
    cyclic.self = cyclic
    expect(field("group-starting", cyclic)).toMatch(/^payload/)
    const getter = { groupId: "g", get start(): string { throw new Error("boom") } }
    expect(field("group-starting", getter)).toMatch(/^payload/)
    const bad = Notice.decode("intake-scheduled", { participantId: "p", personId: "Matti Meikäläinen", at: "Matti" })
    expect(Either.isLeft(bad) && bad.left.message).not.toContain("Matti")
  })

  it("property: arbitrary JSON never throws and is either a notice of the topic or an InvalidNotice", () => {
    fc.assert(
      fc.property(fc.constantFrom(...Notice.topics, "x", "__proto__"), fc.jsonValue(), (topic, payload) => {
        const d = Notice.decode(topic, payload)
        if (Either.isRight(d)) expect(d.right._tag).toBe(topic)
        else expect(d.left._tag).toBe("InvalidNotice")
      })
    )
  })
})
