import { Consent, ConsentPurpose, Participant } from "@vertaistuki/core"
import { Effect, Either, Schema } from "effect"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { ConsentRegistry, EventStore, LifecycleCodec, Projection } from "../src/index.js"
import { jan, memory, store } from "./helpers.js"

const instant = Schema.decodeSync(Consent.Instant)
const at = (iso: string) => instant(`${iso}:00+02:00`)
const isoOf = (ms: number) => new Date(ms).toISOString()
const rec = (participantId: string, r: Partial<Consent.ConsentRecordEncoded> & Pick<Consent.ConsentRecordEncoded, "at" | "action">): Consent.ConsentRecord =>
  Either.getOrThrow(Consent.record({ person: participantId, purpose: "taking-part", givenBy: "person", textVersion: "v1", channel: "paper-form", ...r }))
const recorded = (participantId: string, record: Consent.ConsentRecord) =>
  Participant.ConsentRecorded.make({ participantId, at: record.at.toUTC().toISO()!, record: Participant.entryOf(record) })
const tag = (e: Either.Either<Consent.Allowed, Consent.Refusal>) => (Either.isRight(e) ? "Allowed" : e.left._tag)

describe("ConsentRegistry", () => {
  it("keeps the records and answers by Consent.mayWe: scopes, givers and minors included", async () => {
    const records = [
      rec("a", { action: "grant", at: "2026-01-01T10:00:00+02:00" }),
      rec("a", { action: "grant", purpose: "share-participation-with-social-worker", givenBy: "guardian", at: "2026-01-02T10:00:00+02:00" }),
      rec("a", { action: "refuse", purpose: "share-participation-with-social-worker", scope: "group:g-1", at: "2026-01-03T10:00:00+02:00" }),
      rec("a", { action: "withdraw", purpose: "taking-part", scope: "group:g-2", at: "2026-01-04T10:00:00+02:00" })
    ]
    const { state } = await Effect.runPromise(
      Effect.provide(
        Effect.gen(function* () {
          yield* store(
            "participant-a",
            records.map((r) => recorded("a", r))
          )
          return yield* Projection.rebuild(ConsentRegistry.projection)
        }),
        memory()
      )
    )
    const child: Consent.Subject = { id: "a", dateOfBirth: "2013-05-01", understandsOwnData: false }
    const t = at("2026-02-01T10:00")
    expect(ConsentRegistry.recordsOf(state, "a")).toHaveLength(4)
    expect(ConsentRegistry.isGranted(state, "a", "taking-part", t)).toBe(false)
    expect(tag(ConsentRegistry.mayWe(state, { id: "a" }, "taking-part", t, { scope: "group:g-1" }))).toBe("Allowed")
    expect(tag(ConsentRegistry.mayWe(state, { id: "a" }, "taking-part", t, { scope: "group:g-2" }))).toBe("Withdrawn")
    // The young minor's own refusal for group g-1 stops telling the social worker, whatever the guardian granted.
    expect(tag(ConsentRegistry.mayWe(state, child, "share-participation-with-social-worker", t, { scope: "social-worker", group: "g-1" }))).toBe("MinorForbids")
    expect(tag(ConsentRegistry.mayWe(state, child, "share-participation-with-social-worker", t, { scope: "social-worker", group: "g-3" }))).toBe("Allowed")
  })

  it("a journey's ConsentWithdrawn is the person's unscoped withdrawal; derived grants add nothing", async () => {
    const { state } = await Effect.runPromise(
      Effect.provide(
        Effect.gen(function* () {
          yield* store("participant-b", [
            recorded("b", rec("b", { action: "grant", purpose: "messaging-group", at: "2026-01-01T10:00:00+02:00" })),
            {
              _tag: "ConsentsRecorded",
              participantId: "b",
              at: jan(1),
              consents: [{ purpose: "sms-reminders", givenBy: "person", grantedAt: jan(1), textVersion: "v1" }]
            },
            { _tag: "ConsentWithdrawn", participantId: "b", at: jan(9), purpose: "messaging-group" }
          ])
          return yield* Projection.rebuild(ConsentRegistry.projection)
        }),
        memory()
      )
    )
    expect(ConsentRegistry.isGranted(state, "b", "messaging-group", at("2026-01-05T10:00"))).toBe(true)
    expect(tag(ConsentRegistry.mayWe(state, { id: "b" }, "messaging-group", at("2026-01-10T10:00"), { scope: "group:g-1" }))).toBe("Withdrawn")
    expect(ConsentRegistry.isGranted(state, "b", "sms-reminders", at("2026-01-05T10:00"))).toBe(false)
  })

  it("an id such as __proto__ or constructor neither grants anything nor touches Object.prototype", async () => {
    const ids = ["constructor", "toString", "hasOwnProperty", "valueOf"]
    const { state, refused } = await Effect.runPromise(
      Effect.provide(
        Effect.gen(function* () {
          const es = yield* EventStore.EventStore
          const proto = Either.getOrThrow(LifecycleCodec.encode({ _tag: "ConsentWithdrawn", participantId: "__proto__", at: jan(2), purpose: "taking-part" }, { personId: "person-p" }))
          const refused = yield* Effect.flip(es.append("participant-p", "any", [proto]))
          for (const [i, id] of ids.entries()) {
            const e = Either.getOrThrow(LifecycleCodec.encode({ _tag: "ConsentWithdrawn", participantId: id, at: jan(2), purpose: "taking-part" }, { personId: `person-${i}` }))
            yield* es.append(`participant-${i}`, "any", [e])
          }
          const caught = yield* Projection.catchUp(ConsentRegistry.projection)
          // Read back from the saved checkpoint as well.
          yield* store("participant-x", [recorded("x", rec("x", { action: "grant", at: "2026-01-03T10:00:00+02:00" }))])
          return yield* Projection.catchUp(ConsentRegistry.projection).pipe(Effect.map((c) => ({ ...c, first: caught.state, refused })))
        }),
        memory()
      )
    )
    expect(refused._tag === "InvalidInput" && refused.field).toBe("events[0].data.participantId")
    const t = at("2026-02-01T10:00")
    expect(ConsentRegistry.isGranted(state, "__proto__", "taking-part", t)).toBe(false)
    for (const id of ids) {
      expect(ConsentRegistry.isGranted(state, id, "taking-part", t)).toBe(false)
      expect(ConsentRegistry.recordsOf(state, id)).toHaveLength(1)
    }
    expect(ConsentRegistry.isGranted(state, "x", "taking-part", t)).toBe(true)
    expect(ConsentRegistry.isGranted(state, "never-consented", "taking-part", t)).toBe(false)
    expect(Object.keys(Object.prototype)).toEqual([])
    expect(({} as Record<string, unknown>)["taking-part"]).toBeUndefined()
  })
})

// ---------------------------------------------------------------------------------------------
// The registry and the core always agree
// ---------------------------------------------------------------------------------------------

const HOUR = 3_600_000
const base = Date.UTC(2026, 0, 1)
const scopes = [undefined, "group:g-1", "group:g-2", "social-worker", "guardian", "export:annual-report", "other-service:school"] as const
const participants = ["p", "__proto__", "constructor"] as const
const recordArb = fc.record({
  participant: fc.constantFrom(...participants),
  purpose: fc.constantFrom(...ConsentPurpose.all),
  action: fc.constantFrom<Consent.Action>("grant", "withdraw", "refuse"),
  givenBy: fc.constantFrom<Consent.GivenBy>("person", "guardian", "minor-own-view"),
  scope: fc.constantFrom(...scopes),
  dt: fc.nat(48),
  expires: fc.option(fc.nat(200), { nil: undefined })
})
const subjectArb = fc.record({
  id: fc.constantFrom(...participants),
  dateOfBirth: fc.constantFrom("1980-01-01", "2008-01-03", "2012-06-15", "2020-02-02", undefined),
  understandsOwnData: fc.boolean()
})
const questionArb = fc.record({
  purpose: fc.constantFrom(...ConsentPurpose.all),
  scope: fc.constantFrom(...scopes),
  group: fc.constantFrom(undefined, "g-1", "g-2"),
  hour: fc.integer({ min: -5, max: 600 })
})

const asRecorded = (e: Participant.ParticipantEvent, position: number): EventStore.RecordedEvent => {
  const encoded = Either.getOrThrow(LifecycleCodec.encode(e))
  return {
    position,
    streamId: `participant-${"participantId" in e ? e.participantId : ""}`,
    version: position,
    type: encoded.type,
    data: encoded.data,
    personId: encoded.personId ?? null,
    sealed: null,
    recordType: "default",
    recordedAt: new Date(base)
  }
}

describe("ConsentRegistry law", () => {
  it("for any records, subject and question the registry answers what Consent.mayWe answers, also after a save and load", () => {
    fc.assert(
      fc.property(fc.array(recordArb, { maxLength: 25 }), fc.array(fc.tuple(subjectArb, questionArb), { minLength: 1, maxLength: 8 }), (steps, questions) => {
        let t = base
        const records: Array<Consent.ConsentRecord> = []
        for (const s of steps) {
          t += s.dt * HOUR
          records.push(
            rec(s.participant, {
              purpose: s.purpose,
              action: s.action,
              givenBy: s.givenBy,
              at: isoOf(t),
              ...(s.scope === undefined ? {} : { scope: s.scope }),
              ...(s.expires === undefined ? {} : { expiresAt: isoOf(t + s.expires * HOUR) })
            })
          )
        }
        let state = ConsentRegistry.projection.initial()
        records.forEach((r, i) => {
          state = ConsentRegistry.projection.evolve(state, asRecorded(recorded(r.person, r), i + 1))
        })
        const loaded = ConsentRegistry.projection.fromJson!(JSON.parse(JSON.stringify(ConsentRegistry.projection.toJson!(state))))
        for (const [subject, q] of questions) {
          const when = instant(isoOf(base + q.hour * HOUR))
          const options = { scope: q.scope, group: q.group }
          const core = Consent.mayWe(records, subject, q.purpose, when, options)
          for (const s of [state, loaded]) {
            const answer = ConsentRegistry.mayWe(s, subject, q.purpose, when, options)
            expect(tag(answer)).toBe(tag(core))
            if (Either.isRight(answer) && Either.isRight(core)) expect(Participant.entryOf(answer.right.basis)).toEqual(Participant.entryOf(core.right.basis))
          }
        }
        expect(Object.keys(Object.prototype)).toEqual([])
      }),
      { numRuns: 500 }
    )
  })
})
