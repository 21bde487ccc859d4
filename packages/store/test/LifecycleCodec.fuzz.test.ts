import type { Lifecycle } from "@vertaistuki/core"
import { Either } from "effect"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { hostile, mutated, tally } from "../../core/test/arbitraries/hostile.js"
import { LifecycleCodec, type PersonalDataVault, StoreError } from "../src/index.js"
import { jan } from "./helpers.js"

const valid: ReadonlyArray<Lifecycle.LifecycleEvent> = [
  { _tag: "ParticipantEnrolled", participantId: "a", groupId: "g1", at: jan(2) },
  { _tag: "ParticipantWithdrew", participantId: "a", at: jan(3), reason: "muutto" },
  { _tag: "FinalFeedbackRecorded", groupId: "g1", participantId: "a", at: jan(3), form: "written", text: "hyvä ryhmä" },
  { _tag: "OutcomeMeasured", groupId: "g1", participantId: "a", at: jan(3), instrumentId: "3x10d", phase: "start", answers: [2, 4, 3, 3, 5, 3, 5, 5, 6, 3] },
  { _tag: "SessionCancelled", sessionId: "s1", at: jan(4), reason: "sairastuminen" },
  { _tag: "ConsentWithdrawn", participantId: "a", at: jan(5), purpose: "taking-part" }
]
const encoded = valid.map((e) => Either.getOrThrow(LifecycleCodec.encode(e, { groupId: "g1" })))

const revealed: fc.Arbitrary<PersonalDataVault.Revealed> = fc.oneof(
  fc.constant({ _tag: "None" as const }),
  fc.constant({ _tag: "Erased" as const }),
  fc.constant({ _tag: "Purged" as const }),
  fc.constantFrom(...encoded.map((e) => ({ _tag: "Fields" as const, fields: e.personal ?? {} }))),
  fc
    .dictionary(fc.constantFrom("text", "text:json", "reason", "answers:json", "constructor", "__proto__"), fc.oneof(fc.string(), fc.constant("{bad json")))
    .map((fields) => ({ _tag: "Fields" as const, fields }))
)

const types = fc.oneof(
  fc.constantFrom(...encoded.map((e) => e.type)),
  fc.constantFrom("constructor", "toString", "valueOf", "hasOwnProperty", "__proto__", "isPrototypeOf", "PersonErased"),
  fc.string({ maxLength: 12 })
)

describe("LifecycleCodec.decode under hostile input", () => {
  it("fuzz: never throws; every answer is an Either with a Corrupt StoreError on the left (15,000 cases)", () => {
    const { counts, run } = tally()
    const data = fc.oneof({ weight: 3, arbitrary: mutated(fc.constantFrom(...encoded.map((e) => e.data))) }, { weight: 1, arbitrary: hostile })
    fc.assert(
      fc.property(types, data, revealed, fc.constantFrom(null, "v1.x"), (type, d, r, sealed) => {
        const event = { position: 1, streamId: "participant-a", version: 1, type, data: d, personId: "a", sealed, recordType: type, recordedAt: new Date(0) }
        run(
          () => LifecycleCodec.decode(event, r),
          (e) => e instanceof StoreError.StoreError && e.reason === "Corrupt"
        )
      }),
      { numRuns: 15_000 }
    )
    expect(counts).toEqual({ cases: 15_000, throws: 0, notEither: 0 })
  }, 30_000)

  it("the valid events still round-trip", () => {
    encoded.forEach((e, i) => {
      const stored = { position: 1, streamId: "s", version: 1, type: e.type, data: e.data, personId: "a", sealed: "v1.x", recordType: e.type, recordedAt: new Date(0) }
      expect(Either.getOrThrow(LifecycleCodec.decode(stored, { _tag: "Fields", fields: e.personal ?? {} }))).toEqual(valid[i])
    })
  })
})
