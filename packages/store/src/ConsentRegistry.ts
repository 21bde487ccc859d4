/**
 * Projection: the consent registry (suostumusrekisteri). It keeps every participant's consent records
 * (grants, withdrawals and refusals, with their scopes, givers and expiries) and answers by the core's
 * rule, `Consent.mayWe`, so the store and the core never disagree about the same person.
 *
 * Records arrive as `ConsentRecorded`; a journey's `ConsentWithdrawn` counts as the person's unscoped
 * withdrawal. `ConsentsRecorded` and `ConsentGiven` are derived from records the registry already
 * holds and add nothing. State is kept in `Map`s, so no id (e.g. `__proto__`) reaches a prototype.
 *
 * @since 0.1.0
 */
import { Consent, type ConsentPurpose, Participant } from "@vertaistuki/core"
import { Either, Schema } from "effect"
import { consentRecordOf } from "./internal/consents.js"
import * as Projection from "./Projection.js"

/**
 * participantId → the consent records given for that participation, in the order recorded (each
 * record's `person` is the participantId).
 *
 * @category models
 */
export interface State extends Projection.People {
  readonly consents: Map<string, Array<Consent.ConsentRecord>>
}

const add = (s: Pick<State, "consents">, participantId: string, record: Consent.ConsentRecord) => {
  const list = s.consents.get(participantId)
  if (list === undefined) s.consents.set(participantId, [record])
  else list.push(record)
}

const base = Projection.withPeople<State>({
  name: "consent-registry",
  version: 3,
  initial: () => ({ consents: new Map() }),
  evolve: (s, e) => {
    const recorded = consentRecordOf(e)
    if (recorded !== undefined) add(s, recorded.participantId, Participant.recordOf(recorded.participantId, recorded.entry))
    return s
  }
})

interface Saved {
  readonly consents: ReadonlyArray<readonly [string, ReadonlyArray<Participant.ConsentEntry>]>
  readonly erased: Projection.People["erased"]
  readonly personOf: Projection.People["personOf"]
}

const decodeSaved = Schema.decodeUnknownSync(
  Schema.Struct({ consents: Schema.Array(Schema.Tuple(Schema.String, Schema.Array(Participant.ConsentEntry))), erased: Schema.Unknown, personOf: Schema.Unknown })
)

/** @category projections */
export const projection: Projection.Projection<State> = {
  ...base,
  toJson: (s): Saved => ({
    consents: [...s.consents].map(([id, records]) => [id, records.map(Participant.entryOf)] as const),
    erased: s.erased,
    personOf: s.personOf
  }),
  fromJson: (json) => {
    const saved = decodeSaved(json)
    return {
      consents: new Map(saved.consents.map(([id, entries]) => [id, entries.map((e) => Participant.recordOf(id, e))])),
      erased: saved.erased as Projection.People["erased"],
      personOf: saved.personOf as Projection.People["personOf"]
    }
  }
}

/**
 * The consent records of a participation, in the order recorded.
 *
 * @category queries
 */
export const recordsOf = (s: State, participantId: string): ReadonlyArray<Consent.ConsentRecord> => s.consents.get(participantId) ?? []

/**
 * May we do `purpose` for the participation `subject.id` at `at`: `Consent.mayWe` over its records.
 * `subject` carries the facts the rule needs (date of birth, whether a minor understands), which the
 * registry does not hold.
 *
 * @category queries
 */
export const mayWe = (
  s: State,
  subject: Consent.Subject,
  purpose: ConsentPurpose.ConsentPurpose,
  at: typeof Consent.Instant.Type,
  options?: Consent.QueryOptions
): Either.Either<Consent.Allowed, Consent.Refusal> => Consent.mayWe(recordsOf(s, subject.id), subject, purpose, at, options)

/**
 * Whether the participant's consent for a purpose is in force at `at`, for the purpose as a whole and
 * with nothing known of their age (`Consent.mayWe`: only their own grant counts).
 *
 * @category queries
 */
export const isGranted = (s: State, participantId: string, purpose: ConsentPurpose.ConsentPurpose, at: typeof Consent.Instant.Type): boolean =>
  Either.isRight(mayWe(s, { id: participantId }, purpose, at))
