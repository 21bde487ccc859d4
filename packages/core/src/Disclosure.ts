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
import type { ConsentPurpose } from "./ConsentPurpose.js"

/**
 * Who would learn of the participation: the child's social worker (sosiaalityöntekijä), the guardian
 * (huoltaja), another service, or an export (e.g. a report or a data transfer). The processing
 * organisation itself is no recipient.
 *
 * @category models
 */
export interface Recipient {
  readonly kind: "social-worker" | "guardian" | "other-service" | "export"
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

/** Every disclosure `discloseParticipation` has made; nothing else is one. */
const genuine = new WeakSet<object>()

class Proof {
  /** Makes the type nominal: no object literal type-checks as a disclosure. */
  private declare readonly made: true
  constructor(
    readonly request: Request,
    readonly at: DateTime,
    readonly basis: Consent.ConsentRecord,
    readonly purpose: ConsentPurpose
  ) {}
}

/**
 * A permitted disclosure: what may be told, to whom, when, and on which consent. Only
 * `discloseParticipation` makes one: a copy, a lookalike or a changed one is not a disclosure
 * (`isDisclosure`, `check`).
 *
 * @category models
 */
export type Disclosure = Proof

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
 * A value offered as a disclosure proof that is not one (not made by `discloseParticipation`), or is
 * one for another person, recipient or purpose. `field` names what did not match.
 *
 * @category errors
 */
export class DisclosureInvalid extends Data.TaggedError("DisclosureInvalid")<{
  readonly field: "disclosure" | "subject" | "recipient" | "purpose"
  readonly expected: string
}> {
  override get message(): string {
    return `not a valid disclosure proof: ${this.field}: expected ${this.expected}`
  }
}

/**
 * The consent purpose a disclosure rests on.
 *
 * @category constants
 */
export const purpose = "share-participation-with-social-worker" as const

/**
 * The consent scope a recipient needs: `social-worker`, `guardian`, `other-service:<name>` or
 * `export:<name>`. The child's social worker is answered by an unscoped grant of the purpose or one
 * scoped `social-worker`; the guardian, another service and an export only by a grant of exactly their
 * scope. A refusal of any of these scopes, of the group concerned, or unscoped refuses.
 *
 * @category combinators
 */
export const scopeOf = (recipient: Recipient): Consent.Scope =>
  recipient.kind === "social-worker" || recipient.kind === "guardian" ? recipient.kind : `${recipient.kind}:${recipient.name}`

/**
 * The consent question a request asks: the recipient's scope, and the group concerned.
 *
 * @category combinators
 */
export const questionOf = (request: Request): Consent.QueryOptions => ({ scope: scopeOf(request.recipient), group: request.group })

const frozenRequest = (r: Request): Request =>
  Object.freeze({
    subject: Object.freeze({ id: r.subject.id, dateOfBirth: r.subject.dateOfBirth, understandsOwnData: r.subject.understandsOwnData }),
    recipient: Object.freeze({ kind: r.recipient.kind, name: r.recipient.name }),
    programme: r.programme,
    group: r.group
  })

/**
 * Discloses a person's participation, or refuses with a typed error unless the participation-sharing
 * consent for that recipient (and group) is valid at `at` (`Consent.mayWe` with `questionOf`).
 *
 * @category combinators
 */
export const discloseParticipation = (
  request: Request,
  records: ReadonlyArray<Consent.ConsentRecord>,
  at: DateTime
): Either.Either<Disclosure, ParticipationDisclosureRefused> => {
  const fixed = frozenRequest(request)
  return Consent.mayWe(records, fixed.subject, purpose, at, questionOf(fixed)).pipe(
    Either.map((allowed) => {
      const proof = new Proof(fixed, at, allowed.basis, purpose)
      Object.freeze(proof)
      genuine.add(proof)
      return proof
    }),
    Either.mapLeft((reason) => new ParticipationDisclosureRefused({ person: fixed.subject.id, recipient: fixed.recipient, at, reason }))
  )
}

/**
 * Whether a value is a disclosure made by `discloseParticipation` (not a copy or a lookalike).
 *
 * @category guards
 */
export const isDisclosure = (u: unknown): u is Disclosure => typeof u === "object" && u !== null && genuine.has(u)

/**
 * Checks a proof before telling anything to a recipient outside the processing organisation: it must
 * be a disclosure made by `discloseParticipation`, about `subject` (the person id), to `recipient`
 * (same kind and name), for `purpose` (the participation-sharing purpose unless given).
 *
 * @example
 * import { Disclosure } from "@vertaistuki/core"
 * const r = Disclosure.check({ request: {} }, { subject: "p1", recipient: { kind: "guardian", name: "huoltaja" } })
 * // Either.left(DisclosureInvalid { field: "disclosure" })
 *
 * @category guards
 */
export const check = (
  proof: unknown,
  expected: { readonly subject: string; readonly recipient: Recipient; readonly purpose?: ConsentPurpose | undefined }
): Either.Either<Disclosure, DisclosureInvalid> => {
  if (!isDisclosure(proof)) return Either.left(new DisclosureInvalid({ field: "disclosure", expected: "a disclosure made by Disclosure.discloseParticipation" }))
  if (proof.request.subject.id !== expected.subject) return Either.left(new DisclosureInvalid({ field: "subject", expected: `a disclosure about ${expected.subject}` }))
  const r = proof.request.recipient
  if (r.kind !== expected.recipient.kind || r.name !== expected.recipient.name) {
    return Either.left(new DisclosureInvalid({ field: "recipient", expected: `a disclosure to ${expected.recipient.kind} "${expected.recipient.name}"` }))
  }
  const wanted = expected.purpose ?? purpose
  if (proof.purpose !== wanted) return Either.left(new DisclosureInvalid({ field: "purpose", expected: `a disclosure for ${wanted}` }))
  return Either.right(proof)
}
