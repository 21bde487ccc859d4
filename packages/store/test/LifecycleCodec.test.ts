import type { Lifecycle } from "@vertaistuki/core"
import { Effect, Either } from "effect"
import { describe, expect, it } from "vitest"
import { EventStore, LifecycleCodec, PersonalDataVault } from "../src/index.js"
import { jan, memory } from "./helpers.js"

const worker = { actor: "w", purpose: "test", legalBasis: "test" }
const text = "Lapsen sijoitus on ollut raskasta"

describe("LifecycleCodec", () => {
  it("moves sensitive free text out of the event data into sealed personal fields, and back through the vault", async () => {
    const event: Lifecycle.LifecycleEvent = { _tag: "FinalFeedbackRecorded", groupId: "g1", participantId: "a", at: jan(3), form: "written", text }
    const encoded = Either.getOrThrow(LifecycleCodec.encode(event))
    expect(encoded.personId).toBe("a")
    expect(JSON.stringify(encoded.data)).not.toContain(text)
    const [withFields, afterErasure, inProjection] = await Effect.runPromise(
      Effect.provide(
        Effect.gen(function* () {
          const es = yield* EventStore.EventStore
          const vault = yield* PersonalDataVault.PersonalDataVault
          yield* es.append("participant-a", 0, [encoded])
          const stored = yield* es.readStream("participant-a")
          const first = LifecycleCodec.decode(stored[0]!, (yield* vault.reveal(stored, worker))[0]!)
          yield* vault.erase("a", worker)
          const second = LifecycleCodec.decode(stored[0]!, (yield* vault.reveal(stored, worker))[0]!)
          return [first, second, LifecycleCodec.decode(stored[0]!)] as const
        }),
        memory()
      )
    )
    expect(Either.getOrThrow(withFields)).toEqual(event)
    expect(Either.getOrThrow(afterErasure)).toMatchObject({ text: LifecycleCodec.ERASED })
    expect(Either.getOrThrow(inProjection)).toMatchObject({ text: LifecycleCodec.SEALED })
  })

  it("an event that does not match the schema is an InvalidInput, and anonymous feedback is sealed under its session", () => {
    const bad = LifecycleCodec.encode({ _tag: "ParticipantEnrolled", participantId: "a", groupId: "g", at: "yesterday" })
    expect(Either.isLeft(bad) && bad.left).toMatchObject({ _tag: "InvalidInput", field: "event" })
    const anon = Either.getOrThrow(
      LifecycleCodec.encode({ _tag: "AnonymousFeedbackBatchClosed", sessionId: "s1", closedAt: jan(2), responses: [{ rating: 4, text: "hyvä" }], withheld: 0 })
    )
    expect(anon.personId).toBe("anonymous:s1")
    expect(JSON.stringify(anon.data)).not.toContain("hyvä")
    const stored = { position: 1, streamId: "s", version: 1, type: anon.type, data: anon.data, personId: "anonymous:s1", sealed: "v1.x", recordType: anon.type, recordedAt: new Date() }
    expect(Either.getOrThrow(LifecycleCodec.decode(stored, { _tag: "Fields", fields: anon.personal! }))).toMatchObject({ responses: [{ rating: 4, text: "hyvä" }] })
  })
})
