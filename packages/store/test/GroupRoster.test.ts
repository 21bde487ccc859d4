import { Effect, Either } from "effect"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { EventStore, GroupRoster, LifecycleCodec, PersonalDataVault, Projection } from "../src/index.js"
import { jan, memory, store } from "./helpers.js"

const worker = { actor: "w", purpose: "test", legalBasis: "test" }

describe("GroupRoster", () => {
  it("gives the members on each date from enrolment to withdrawal, dropping out and completion, and marks the erased", async () => {
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
          yield* store("group-g1", [{ _tag: "MemberLeft", groupId: "g1", participantId: "a", at: jan(20), ending: "withdrawn" }])
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
    expect(on(11)).toEqual([
      { participantId: "a", erased: false },
      { participantId: "c", erased: true }
    ])
    expect(on(20)).toEqual([])
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

  it("property: the roster on any date has exactly the members enrolled on or before it and not yet gone", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 1, max: 20 }), fc.option(fc.integer({ min: 0, max: 10 }), { nil: null })), { maxLength: 12 }), fc.integer({ min: 1, max: 31 }), (plan, day) => {
        const s = GroupRoster.projection.initial()
        let position = 0
        const ev = (type: string, data: object) => ({ position: ++position, streamId: "s", version: position, type, data, personId: null, sealed: null, recordType: type, recordedAt: new Date() })
        plan.forEach(([from, stay], i) => {
          GroupRoster.projection.evolve(s, ev("MemberEnrolled", { groupId: "g", participantId: `p${i}`, at: jan(from) }))
          if (stay !== null) GroupRoster.projection.evolve(s, ev("MemberLeft", { groupId: "g", participantId: `p${i}`, at: jan(Math.min(from + stay, 31)), ending: "withdrawn" }))
        })
        const expected = plan.flatMap(([from, stay], i) => (from <= day && (stay === null || day < Math.min(from + stay, 31)) ? [`p${i}`] : []))
        expect(GroupRoster.rosterOn(s, "g", jan(day).slice(0, 10)).map((r) => r.participantId)).toEqual(expected)
      })
    )
  })
})
