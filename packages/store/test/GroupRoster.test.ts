import { Group } from "@vertaistuki/core"
import { Effect, Either } from "effect"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { EventStore, GroupRoster, LifecycleCodec, PersonalDataVault, Projection } from "../src/index.js"
import { jan, memory, store } from "./helpers.js"

const worker = { actor: "w", purpose: "test", legalBasis: "test" }

describe("GroupRoster", () => {
  it("gives the members on each date from enrolment to withdrawal, dropping out and the group's end, and marks the erased", async () => {
    const result = await Effect.runPromise(
      Effect.provide(
        Effect.gen(function* () {
          yield* store("group-g1", [
            { _tag: "MemberEnrolled", groupId: "g1", participantId: "a", at: jan(5) },
            { _tag: "MemberEnrolled", groupId: "g1", participantId: "b", at: jan(6) },
            { _tag: "MemberEnrolled", groupId: "g1", participantId: "c", at: jan(6) }
          ])
          yield* store("participant-b", [{ _tag: "ParticipantWithdrew", participantId: "b", at: jan(10), reason: "private reason" }])
          yield* store("participant-c", [{ _tag: "ParticipantDroppedOut", participantId: "c", at: jan(12), reason: "moved away" }])
          yield* store("group-g1", [
            { _tag: "MemberLeft", groupId: "g1", participantId: "a", at: jan(20), ending: "withdrawn" },
            { _tag: "MemberEnrolled", groupId: "g1", participantId: "d", at: jan(21) },
            { _tag: "GroupCompleted", groupId: "g1", at: jan(25) }
          ])
          // A departure recorded after the group ended does not stretch the membership past the end.
          yield* store("participant-d", [{ _tag: "ParticipantWithdrew", participantId: "d", at: jan(28), reason: "late" }])
          yield* (yield* PersonalDataVault.PersonalDataVault).erase("c", worker)
          return yield* Projection.rebuild(GroupRoster.projection)
        }),
        memory()
      )
    )
    const on = (d: number) => GroupRoster.rosterOn(result.state, "g1", jan(d).slice(0, 10))
    expect(on(4)).toEqual([])
    expect(on(5).map((r) => r.participantId)).toEqual(["a"])
    expect(on(9).map((r) => r.participantId)).toEqual(["a", "b", "c"])
    // Whoever leaves during a day was there that day, as in the core's Group.rosterOn.
    expect(on(10).map((r) => r.participantId)).toEqual(["a", "b", "c"])
    expect(on(11)).toEqual([
      { participantId: "a", erased: false },
      { participantId: "c", erased: true }
    ])
    expect(on(20).map((r) => r.participantId)).toEqual(["a"])
    expect(on(21).map((r) => r.participantId)).toEqual(["d"])
    expect(on(25).map((r) => r.participantId)).toEqual(["d"])
    expect(on(26)).toEqual([])
    expect(JSON.stringify(result.state)).not.toContain("private reason")
  })

  it("erasing a person marks their participation erased, though the roster keys participations and the person has an id of their own", async () => {
    const result = await Effect.runPromise(
      Effect.provide(
        Effect.gen(function* () {
          const es = yield* EventStore.EventStore
          const enc = (e: Parameters<typeof LifecycleCodec.encode>[0], personId: string) => Either.getOrThrow(LifecycleCodec.encode(e, { personId }))
          yield* es.append("participant-parent-1", "no-stream", [
            enc({ _tag: "ParticipantReferred", participantId: "parent-1", personId: "person-1", groupId: "g1", source: "self", modality: "in-person", at: jan(2) }, "person-1")
          ])
          yield* es.append("group-g1", "no-stream", [
            enc({ _tag: "MemberEnrolled", groupId: "g1", participantId: "parent-1", at: jan(5) }, "person-1"),
            enc({ _tag: "MemberEnrolled", groupId: "g1", participantId: "parent-2", at: jan(5) }, "person-2")
          ])
          yield* (yield* PersonalDataVault.PersonalDataVault).erase("person-1", worker)
          return yield* Projection.rebuild(GroupRoster.projection)
        }),
        memory()
      )
    )
    expect(GroupRoster.rosterOn(result.state, "g1", "2026-01-06")).toEqual([
      { participantId: "parent-1", erased: true },
      { participantId: "parent-2", erased: false }
    ])
    expect(Projection.isErased(result.state, "parent-1")).toBe(true)
    expect(Projection.isErased(result.state, "person-1")).toBe(true)
  })

  it("property: the roster on any date is the one the group's own state gives (Group.rosterOn), whatever the hour people join and leave", () => {
    const hour = (h: number) => new Date(Date.UTC(2026, 0, 1) + h * 3_600_000).toISOString()
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 20 * 24 }), fc.option(fc.integer({ min: 0, max: 10 * 24 }), { nil: null })), { maxLength: 12 }),
        fc.option(fc.integer({ min: 0, max: 48 }), { nil: null }),
        fc.integer({ min: 1, max: 31 }),
        (plan, endAfter, day) => {
          const events: Array<{ readonly h: number; readonly e: Group.GroupEvent }> = []
          plan.forEach(([from, stay], i) => {
            events.push({ h: from, e: { _tag: "MemberEnrolled", groupId: "g", participantId: `p${i}`, at: hour(from) } })
            if (stay !== null) events.push({ h: from + stay, e: { _tag: "MemberLeft", groupId: "g", participantId: `p${i}`, at: hour(from + stay), ending: "withdrawn" } })
          })
          if (endAfter !== null) {
            const end = Math.max(0, ...events.map((x) => x.h)) + endAfter
            events.push({ h: end, e: { _tag: "GroupCompleted", groupId: "g", at: hour(end) } })
          }
          events.sort((a, b) => a.h - b.h)
          const s = GroupRoster.projection.initial()
          let group = Group.initial
          events.forEach(({ e }, i) => {
            GroupRoster.projection.evolve(s, { position: i + 1, streamId: "group-g", version: i + 1, type: e._tag, data: e, personId: null, sealed: null, recordType: e._tag, recordedAt: new Date() })
            group = Group.evolve(group, e)
          })
          const date = `2026-01-${String(day).padStart(2, "0")}`
          expect(GroupRoster.rosterOn(s, "g", date).map((r) => r.participantId)).toEqual(Group.rosterOn(group, date))
        }
      )
    )
  })
})
