import { Effect } from "effect"
import { expect, it } from "vitest"
import { ConsentRegistry, Projection } from "../src/index.js"
import { jan, memory, store } from "./helpers.js"

it("the consent registry follows grants and withdrawals per purpose", async () => {
  const { state } = await Effect.runPromise(
    Effect.provide(
      Effect.gen(function* () {
        yield* store("participant-a", [
          {
            _tag: "ConsentsRecorded",
            participantId: "a",
            at: jan(1),
            consents: [
              { purpose: "taking-part", givenBy: "person", grantedAt: jan(1), textVersion: "v1" },
              { purpose: "messaging-group", givenBy: "person", grantedAt: jan(1), textVersion: "v1" }
            ]
          },
          { _tag: "ConsentWithdrawn", participantId: "a", at: jan(9), purpose: "messaging-group" },
          { _tag: "ConsentGiven", participantId: "a", at: jan(10), consent: { purpose: "sms-reminders", givenBy: "guardian", grantedAt: jan(10), textVersion: "v2" } }
        ])
        return yield* Projection.rebuild(ConsentRegistry.projection)
      }),
      memory()
    )
  )
  expect(ConsentRegistry.isGranted(state, "a", "taking-part")).toBe(true)
  expect(ConsentRegistry.isGranted(state, "a", "messaging-group")).toBe(false)
  expect(state.consents["a"]?.["sms-reminders"]).toEqual({ status: "granted", at: jan(10), givenBy: "guardian" })
})
