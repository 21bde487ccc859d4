import { Either } from "effect"
import * as fc from "fast-check"
import { DateTime } from "luxon"
import { describe, expect, it } from "vitest"
import { Catalogue, Group, Session } from "@vertaistuki/core"
import { readyParticipant, rules, t0, zone } from "./fixtures.js"

const at = (s: string) => DateTime.fromISO(s, { zone })

const planned = (sessionId: string, maxMinutes = 180) =>
  Session.replay(Either.getOrThrow(Session.decide({ _tag: "Plan", sessionId, groupId: "g1", number: 1, modality: "in-person", maxMinutes }, Session.initial, t0)))
const scheduled = (sessionId: string, start: DateTime, minutes = 150) => {
  const s = planned(sessionId)
  return Session.replay(Either.getOrThrow(Session.decide({ _tag: "Schedule", start, minutes }, s, t0)), s)
}

const groupWith = (ids: ReadonlyArray<string>, enrolledAt: DateTime) => {
  let g = Group.replay(Either.getOrThrow(Group.decide({ _tag: "Plan", groupId: "g1", rules: rules(), usesProtectedName: false }, Group.initial, enrolledAt)))
  g = Group.replay(Either.getOrThrow(Group.decide({ _tag: "OpenRecruitment" }, g, enrolledAt)), g)
  for (const id of ids) {
    const p = readyParticipant(id, "g1", enrolledAt.minus({ days: 3 })).state
    g = Group.replay(Either.getOrThrow(Group.decide({ _tag: "Enrol", participant: p }, g, enrolledAt)), g)
  }
  return g
}

describe("Session", () => {
  it("a session longer than the template's maximum is refused (VOIKUKKIA: at most 3 h, seed 001)", () => {
    const r = Session.decide({ _tag: "Schedule", start: at("2026-02-02T17:00"), minutes: 181 }, planned("s1"), t0)
    expect(Either.isLeft(r) && r.left._tag).toBe("DurationExceeded")
  })

  it("the maximum comes from the template: 3 h for VOIKUKKIA, 6 h for the online group's live meeting", () => {
    expect(Session.maxMinutesFor(Catalogue.voikukkia, 4)).toBe(180)
    expect(Session.maxMinutesFor(Catalogue.onlineParentsOfPlacedYouth, 6)).toBe(360)
  })

  it("several sessions on one day are allowed", () => {
    const morning = scheduled("s1", at("2026-02-02T10:00"), 120)
    const evening = scheduled("s2", at("2026-02-02T17:00"), 120)
    expect([morning.status, evening.status]).toEqual(["scheduled", "scheduled"])
  })

  it("rescheduling moves only that session and keeps where it was", () => {
    const s = scheduled("s1", at("2026-02-02T17:00"))
    const events = Either.getOrThrow(Session.decide({ _tag: "Reschedule", start: at("2026-02-03T17:00"), reason: "room unavailable" }, s, t0))
    expect(events[0]).toMatchObject({ _tag: "SessionRescheduled", previousStart: "2026-02-02T15:00:00.000Z", start: "2026-02-03T15:00:00.000Z" })
    const held = Session.replay(events, s)
    expect(held.status).toBe("rescheduled")
  })

  it("attendance only for people enrolled on the session's date", () => {
    const g = groupWith(["p1", "p2"], at("2026-02-03T12:00"))
    const before = scheduled("s1", at("2026-02-02T17:00"))
    const r = Session.decide({ _tag: "Hold", group: g, attendance: [{ participantId: "p1", status: "present", minutes: null }] }, before, at("2026-02-02T20:00"))
    expect(Either.isLeft(r) && r.left._tag).toBe("NotEnrolledOnDate")
    const after = scheduled("s2", at("2026-02-09T17:00"))
    const ok = Session.decide(
      {
        _tag: "Hold",
        group: g,
        attendance: [
          { participantId: "p1", status: "present", minutes: null },
          { participantId: "p2", status: "excused", minutes: null }
        ]
      },
      after,
      at("2026-02-09T20:00")
    )
    expect(Either.getOrThrow(ok)[0]).toMatchObject({ _tag: "SessionHeld", date: "2026-02-09" })
  })

  it("records part-time companions, travel claims and guests; a minor's trip needs an adult escort (seed 003)", () => {
    const g = groupWith(["p1"], at("2026-02-03T12:00"))
    const s = scheduled("s1", at("2026-02-14T10:00"), 180)
    const base = {
      _tag: "Hold" as const,
      group: g,
      attendance: [{ participantId: "p1", status: "present" as const, minutes: null }],
      companions: [{ personId: "y1", role: "young-person" as const, withParticipantId: "p1", minutes: 120 }],
      guests: [{ guestId: "x1", role: "experience-expert" as const, feeCents: 20000 }]
    }
    const noEscort = Session.decide({ ...base, travelClaims: [{ personId: "y1", cents: 1500, minor: true, escortId: null }] }, s, t0)
    expect(Either.isLeft(noEscort) && noEscort.left._tag).toBe("EscortRequired")
    const ok = Either.getOrThrow(
      Session.decide(
        {
          ...base,
          travelClaims: [
            { personId: "y1", cents: 1500, minor: true, escortId: "staff-7" },
            { personId: "p1", cents: 2400, minor: false, escortId: null }
          ]
        },
        s,
        t0
      )
    )
    expect(ok[0]).toMatchObject({ guests: [{ role: "experience-expert" }], companions: [{ minutes: 120 }] })
  })

  it("held and cancelled are terminal", () => {
    const s = scheduled("s1", at("2026-02-02T17:00"))
    const cancelled = Session.replay(Either.getOrThrow(Session.decide({ _tag: "Cancel", reason: "leader ill" }, s, t0)), s)
    expect(Session.isTerminal(cancelled)).toBe(true)
    expect(Either.isLeft(Session.decide({ _tag: "Reschedule", start: at("2026-02-05T17:00") }, cancelled, t0))).toBe(true)
  })
})

describe("Session model", () => {
  type Make = (g: Group.State) => Session.Command
  const commandArb: fc.Arbitrary<Make> = fc.oneof(
    fc.integer({ min: 0, max: 20 }).map((d): Make => () => ({ _tag: "Schedule", start: at("2026-02-02T17:00").plus({ days: d }), minutes: 150 })),
    fc.tuple(fc.integer({ min: 0, max: 20 }), fc.integer({ min: 60, max: 240 })).map(([d, m]): Make => () => ({ _tag: "Reschedule", start: at("2026-02-02T10:00").plus({ days: d }), minutes: m })),
    fc.constantFrom("", "leader ill").map((reason): Make => () => ({ _tag: "Cancel", reason })),
    fc.subarray(["p1", "p2", "p3"]).map((ids): Make => (group) => ({ _tag: "Hold", group, attendance: ids.map((participantId) => ({ participantId, status: "present", minutes: null })) }))
  )

  it("terminal states absorb, the duration never exceeds the maximum, and replay reproduces the state", () => {
    const group = groupWith(["p1", "p2"], at("2026-01-20T12:00"))
    fc.assert(
      fc.property(fc.array(commandArb, { maxLength: 12 }), (makes) => {
        const log = [...Either.getOrThrow(Session.decide({ _tag: "Plan", sessionId: "s", groupId: "g1", number: 1, modality: "in-person", maxMinutes: 180 }, Session.initial, t0))]
        let s = Session.replay(log)
        for (const make of makes) {
          const wasTerminal = Session.isTerminal(s)
          const r = Session.decide(make(group), s, t0)
          if (wasTerminal) expect(Either.isLeft(r)).toBe(true)
          if (Either.isRight(r)) {
            for (const e of r.right) {
              log.push(e)
              s = Session.evolve(s, e)
            }
          }
          expect(s.minutes).toBeLessThanOrEqual(180)
          if (s.status === "held") for (const a of s.attendance) expect(["p1", "p2"]).toContain(a.participantId)
        }
        expect(Session.replay(log)).toEqual(s)
      }),
      { numRuns: 300 }
    )
  })
})
