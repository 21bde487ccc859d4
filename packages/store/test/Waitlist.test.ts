import { Effect } from "effect"
import { expect, it } from "vitest"
import { Projection, Waitlist } from "../src/index.js"
import { jan, memory, store } from "./helpers.js"

it("the waiting list keeps order and loses people who enrol, decline, are found ineligible or withdraw", async () => {
  const { state } = await Effect.runPromise(
    Effect.provide(
      Effect.gen(function* () {
        for (const p of ["a", "b", "c", "d", "e"]) yield* store(`participant-${p}`, [{ _tag: "ParticipantWaitlisted", participantId: p, groupId: "g1", at: jan(1) }])
        yield* store("participant-b", [{ _tag: "ParticipantEnrolled", participantId: "b", groupId: "g1", at: jan(2) }])
        yield* store("participant-c", [{ _tag: "ParticipantDeclined", participantId: "c", at: jan(2), by: "person" }])
        yield* store("participant-e", [{ _tag: "ParticipantWithdrew", participantId: "e", at: jan(3), reason: null }])
        return yield* Projection.rebuild(Waitlist.projection)
      }),
      memory()
    )
  )
  expect(state.groups["g1"]?.map((w) => w.participantId)).toEqual(["a", "d"])
})
