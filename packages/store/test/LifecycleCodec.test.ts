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

  it("seals the 3X10D answers (ratings of one's own health and life) and gives them back through the vault", async () => {
    const answers = [2, 4, 3, 3, 5, 3, 5, 5, 6, 3]
    const event: Lifecycle.LifecycleEvent = { _tag: "OutcomeMeasured", groupId: "g1", participantId: "a", at: jan(3), instrumentId: "3x10d", phase: "start", answers }
    const encoded = Either.getOrThrow(LifecycleCodec.encode(event))
    expect(encoded.data).not.toHaveProperty("answers")
    expect(encoded.personal).toEqual({ "answers:json": JSON.stringify(answers) })
    const restored = await Effect.runPromise(
      Effect.provide(
        Effect.gen(function* () {
          const es = yield* EventStore.EventStore
          yield* es.append("outcomes-a", 0, [encoded])
          const stored = yield* es.readStream("outcomes-a")
          return LifecycleCodec.decode(stored[0]!, (yield* (yield* PersonalDataVault.PersonalDataVault).reveal(stored, worker))[0]!)
        }),
        memory()
      )
    )
    expect(Either.getOrThrow(restored)).toEqual(event)
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

  it("an event type named like an Object.prototype member is an unknown type, a Corrupt error and no TypeError", () => {
    for (const type of ["constructor", "toString", "valueOf", "hasOwnProperty", "__proto__", "isPrototypeOf"]) {
      const stored = { position: 1, streamId: "s", version: 1, type, data: { _tag: type }, personId: null, sealed: null, recordType: type, recordedAt: new Date() }
      for (const revealed of [undefined, { _tag: "Fields" as const, fields: { text: "x" } }]) {
        const r = LifecycleCodec.decode(stored, revealed)
        expect(Either.isLeft(r) && r.left).toMatchObject({ _tag: "StoreError", reason: "Corrupt" })
      }
    }
  })

  it("a failure names every problem in full, never the values found, and data of any shape is a Corrupt error", () => {
    const secret = "Salainen-perhe-Korhonen-19830601"
    const data = { _tag: "FinalFeedbackRecorded", groupId: 7, participantId: secret.length, at: secret, form: "written" }
    const stored = { position: 1, streamId: "participant-a", version: 3, type: "FinalFeedbackRecorded", data, personId: "a", sealed: "v1.x", recordType: "FinalFeedbackRecorded", recordedAt: new Date() }
    const r = LifecycleCodec.decode(stored, { _tag: "Fields", fields: { text: secret } })
    const message = Either.isLeft(r) ? r.left.message : ""
    expect(message).toMatch(/^participant-a@3 is not a lifecycle event: /)
    expect(message).not.toContain(secret)
    expect(message).not.toContain("19830601")
    expect(message).not.toMatch(/…$/)
    let deep: unknown = "x"
    for (let i = 0; i < 200_000; i++) deep = [deep]
    for (const d of [null, 3, "text", [1], { _tag: "FinalFeedbackRecorded", groupId: deep }]) {
      const x = LifecycleCodec.decode({ ...stored, data: d }, { _tag: "Fields", fields: { "text:json": "{not json" } })
      expect(Either.isLeft(x) && x.left).toMatchObject({ _tag: "StoreError", reason: "Corrupt" })
    }
  })

  it("seals a group's and a session's own texts under the group's key with their own record type, and gives them back through the vault", async () => {
    const reason = "Perhe Virtasen tilanne muuttui"
    const events: ReadonlyArray<Lifecycle.LifecycleEvent> = [
      { _tag: "GroupStarted", groupId: "g1", at: jan(3), leaders: [{ leaderId: "l1", role: "peer-leader" }], waiverReason: `${reason} 1`, recommendationsUnmet: [`${reason} 2`] },
      { _tag: "FollowUpSkipped", groupId: "g1", at: jan(4), reason: `${reason} 3` },
      { _tag: "GroupCancelled", groupId: "g1", at: jan(5), reason: `${reason} 4` },
      { _tag: "SessionCancelled", sessionId: "s1", at: jan(6), reason: `${reason} 5` },
      { _tag: "SessionRescheduled", sessionId: "s1", at: jan(6), start: jan(8), minutes: 90, previousStart: jan(7), reason: `${reason} 6` }
    ]
    const encoded = events.map((e) => Either.getOrThrow(LifecycleCodec.encode(e, { groupId: "g1" })))
    for (const e of encoded) {
      expect(JSON.stringify(e.data)).not.toContain(reason)
      expect(e.personId).toBe("group:g1")
      expect(e.recordType).toBe(LifecycleCodec.GROUP_TEXT)
    }
    const [restored, inProjection] = await Effect.runPromise(
      Effect.provide(
        Effect.gen(function* () {
          const es = yield* EventStore.EventStore
          yield* es.append("group-g1", 0, encoded)
          const stored = yield* es.readStream("group-g1")
          const revealed = yield* (yield* PersonalDataVault.PersonalDataVault).reveal(stored, worker)
          return [stored.map((e, i) => Either.getOrThrow(LifecycleCodec.decode(e, revealed[i]!))), LifecycleCodec.decode(stored[2]!)] as const
        }),
        memory()
      )
    )
    expect(restored).toEqual(events)
    expect(Either.getOrThrow(inProjection)).toMatchObject({ reason: LifecycleCodec.SEALED })
  })

  it("a session's text without its group is refused; without a text nothing is sealed", () => {
    const bad = LifecycleCodec.encode({ _tag: "SessionCancelled", sessionId: "s1", at: jan(6), reason: "Ohjaaja sairastui" })
    expect(Either.isLeft(bad) && bad.left).toMatchObject({ _tag: "InvalidInput", field: "groupId" })
    const none = Either.getOrThrow(
      LifecycleCodec.encode({ _tag: "SessionRescheduled", sessionId: "s1", at: jan(6), start: jan(8), minutes: 90, previousStart: jan(7), reason: null })
    )
    expect(none.personal).toBeUndefined()
    expect(none.recordType).toBeUndefined()
  })
})
