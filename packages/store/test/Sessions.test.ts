import { type Lifecycle, Session } from "@vertaistuki/core"
import { Effect, Either } from "effect"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { EventStore, LifecycleCodec, Projection, Sessions } from "../src/index.js"
import { memory } from "./helpers.js"

const at = "2026-01-05T10:00:00.000Z"
const planned = (sessionId: string, groupId: string): Lifecycle.LifecycleEvent => ({
  _tag: "SessionPlanned",
  sessionId,
  groupId,
  number: 1,
  at,
  modality: "in-person",
  maxMinutes: 120,
  theme: null
})
const scheduled = (sessionId: string, start: string): Lifecycle.LifecycleEvent => ({ _tag: "SessionScheduled", sessionId, at, start, minutes: 90 })
const moved = (sessionId: string, start: string, previousStart: string): Lifecycle.LifecycleEvent => ({
  _tag: "SessionRescheduled",
  sessionId,
  at,
  start,
  minutes: 90,
  previousStart,
  reason: "the room is taken"
})
const cancelled = (sessionId: string): Lifecycle.LifecycleEvent => ({ _tag: "SessionCancelled", sessionId, at, reason: "the leader is ill" })
const held = (sessionId: string): Lifecycle.LifecycleEvent => ({
  _tag: "SessionHeld",
  sessionId,
  at,
  date: "2026-01-20",
  minutes: 90,
  attendance: [],
  companions: [],
  travelClaims: [],
  guests: []
})

const rebuildWith = (groupId: string, events: ReadonlyArray<Lifecycle.LifecycleEvent>) =>
  Effect.runPromise(
    Effect.provide(
      Effect.gen(function* () {
        const es = yield* EventStore.EventStore
        for (const e of events) yield* es.append(`session-${groupId}`, "any", [Either.getOrThrow(LifecycleCodec.encode(e, { groupId }))])
        return (yield* Projection.rebuild(Sessions.projection)).state
      }),
      memory()
    )
  )

describe("Sessions", () => {
  it("gives each session's status, start and group; a move keeps it scheduled at its new start; cancelled and held are final; no reason is kept", async () => {
    const state = await rebuildWith("g1", [
      planned("s1", "g1"),
      planned("s2", "g1"),
      planned("s3", "g1"),
      planned("constructor", "g1"),
      scheduled("s1", "2026-01-20T14:00:00.000Z"),
      scheduled("s2", "2026-01-27T14:00:00.000Z"),
      moved("s1", "2026-01-21T15:00:00.000Z", "2026-01-20T14:00:00.000Z"),
      scheduled("s3", "2026-02-03T14:00:00.000Z"),
      cancelled("s2"),
      held("s3"),
      scheduled("constructor", "2026-02-10T14:00:00.000Z")
    ])
    expect(Sessions.statusOf(state, "s1")).toEqual({ status: "scheduled", start: "2026-01-21T15:00:00.000Z", groupId: "g1", moves: 1 })
    expect(Sessions.statusOf(state, "s2")).toMatchObject({ status: "cancelled", start: "2026-01-27T14:00:00.000Z" })
    expect(Sessions.statusOf(state, "s3")).toMatchObject({ status: "held" })
    expect(Sessions.statusOf(state, "constructor")).toMatchObject({ status: "scheduled", groupId: "g1" })
    expect(Sessions.statusOf(state, "toString")).toBeUndefined()
    expect(Sessions.statusOf(state, "nope")).toBeUndefined()
    expect(Sessions.ofGroup(state, "g1").map((x) => x.sessionId)).toEqual(["s1", "s2", "s3", "constructor"])
    expect(Object.getPrototypeOf(state.sessions)).toBeNull()
    const json = JSON.stringify(Sessions.projection.toJson ? Sessions.projection.toJson(state) : state)
    expect(json).not.toContain("ill")
    expect(json).not.toContain("room")
  })

  it("property: for any sequence of session events the machine allows, the projection agrees with the core's Session.replay", async () => {
    const allowed: Readonly<Record<string, ReadonlyArray<string>>> = {
      SessionScheduled: ["planned"],
      SessionRescheduled: ["scheduled", "rescheduled"],
      SessionCancelled: ["planned", "scheduled", "rescheduled"],
      SessionHeld: ["scheduled", "rescheduled"]
    }
    const step = fc.record({
      kind: fc.constantFrom("SessionScheduled", "SessionRescheduled", "SessionCancelled", "SessionHeld"),
      day: fc.integer({ min: 1, max: 28 }),
      hour: fc.integer({ min: 0, max: 23 })
    })
    await fc.assert(
      fc.asyncProperty(fc.constantFrom("s-1", "constructor", "hasOwnProperty"), fc.array(step, { maxLength: 8 }), async (sessionId, steps) => {
        const events: Array<Lifecycle.LifecycleEvent> = [planned(sessionId, "g9")]
        let core = Session.replay(events as ReadonlyArray<Session.SessionEvent>)
        for (const st of steps) {
          if (!allowed[st.kind]!.includes(core.status)) continue
          const start = `2026-03-${String(st.day).padStart(2, "0")}T${String(st.hour).padStart(2, "0")}:00:00.000Z`
          const e =
            st.kind === "SessionScheduled" ? scheduled(sessionId, start)
            : st.kind === "SessionRescheduled" ? moved(sessionId, start, core.start!)
            : st.kind === "SessionCancelled" ? cancelled(sessionId)
            : held(sessionId)
          events.push(e)
          core = Session.evolve(core, e as Session.SessionEvent)
        }
        const state = await rebuildWith("g9", events)
        const mine = Sessions.statusOf(state, sessionId)!
        expect(mine.status).toBe(core.status === "rescheduled" ? "scheduled" : core.status)
        expect(mine.start).toBe(core.start === null ? null : new Date(core.start).toISOString())
        expect(mine.groupId).toBe("g9")
      }),
      { numRuns: 40 }
    )
  })
})
