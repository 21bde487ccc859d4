/**
 * Voluntariness as code. Taking part must never be a condition for other services (seed
 * 001_b24d0be2c52c8a44.txt: "viranomainen ei saa käyttää ryhmään osallistumista ehtona muille
 * palveluille"), so nobody outside the group learns of a person's participation unless the person
 * has consented to exactly that, and the consent is valid at that moment.
 *
 * A `Disclosure` can only be made by `discloseParticipation`; code that tells anyone outside the group
 * (a social worker, another service, an export) takes one as its argument, and the disclosure carries
 * the consent it rests on for the disclosure log (Client Data Act 703/2023).
 *
 * @since 0.1.0
 */
import { Data, Either } from "effect"
import type { DateTime } from "luxon"
import * as Consent from "./Consent.js"

/**
 * Who would learn of the participation: the child's social worker (sosiaalityöntekijä), another
 * service, or an export (e.g. a report or a data transfer).
 *
 * @category models
 */
export interface Recipient {
  readonly kind: "social-worker" | "other-service" | "export"
  readonly name: string
}

/**
 * What would be disclosed: that `subject` takes part in `programme` (optionally a particular group).
 *
 * @category models
 */
export interface Request {
  readonly subject: Consent.Subject
  readonly recipient: Recipient
  readonly programme: string
  readonly group?: string | undefined
}

const DisclosureTypeId: unique symbol = Symbol.for("@vertaistuki/core/Disclosure")

/**
 * A permitted disclosure: what may be told, to whom, when, and on which consent.
 *
 * @category models
 */
export interface Disclosure {
  readonly [DisclosureTypeId]: typeof DisclosureTypeId
  readonly request: Request
  readonly at: DateTime
  readonly basis: Consent.ConsentRecord
}

/**
 * The disclosure was refused: there is no valid consent to share participation at that moment.
 *
 * @category errors
 */
export class ParticipationDisclosureRefused extends Data.TaggedError("ParticipationDisclosureRefused")<{
  readonly person: string
  readonly recipient: Recipient
  readonly at: DateTime
  readonly reason: Consent.Refusal
}> {
  override get message(): string {
    return `participation of ${this.person} may not be disclosed to ${this.recipient.kind} "${this.recipient.name}": ${Consent.explainRefusal(this.reason, "en")}`
  }
}

/**
 * The consent purpose a disclosure rests on.
 *
 * @category constants
 */
export const purpose = "share-participation-with-social-worker" as const

/**
 * The consent scope a recipient needs. The child's social worker is covered by a consent of any scope
 * or none; another service or an export only by a consent scoped to exactly it, e.g.
 * `export:annual-report`.
 *
 * @category combinators
 */
export const scopeOf = (recipient: Recipient): Consent.QueryOptions =>
  recipient.kind === "social-worker" ? {} : { scope: `${recipient.kind}:${recipient.name}`, exactScope: true }

/**
 * Discloses a person's participation, or refuses with a typed error unless the participation-sharing
 * consent is valid at `at`.
 *
 * @category combinators
 */
export const discloseParticipation = (
  request: Request,
  records: ReadonlyArray<Consent.ConsentRecord>,
  at: DateTime
): Either.Either<Disclosure, ParticipationDisclosureRefused> =>
  Consent.mayWe(records, request.subject, purpose, at, scopeOf(request.recipient)).pipe(
    Either.map((allowed): Disclosure => ({ [DisclosureTypeId]: DisclosureTypeId, request, at, basis: allowed.basis })),
    Either.mapLeft((reason) => new ParticipationDisclosureRefused({ person: request.subject.id, recipient: request.recipient, at, reason }))
  )

/**
 * Whether a value is a disclosure made by `discloseParticipation`.
 *
 * @category guards
 */
export const isDisclosure = (u: unknown): u is Disclosure => typeof u === "object" && u !== null && DisclosureTypeId in u
