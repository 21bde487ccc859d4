/**
 * Consent (suostumus) as pure functions over an append-only list of consent records. Nothing is ever
 * edited or removed: a withdrawal (peruutus) is a new record that takes effect from its own moment,
 * so every earlier answer stays what it was.
 *
 * Minors follow the THL child-welfare handbook: a minor who can understand what is at stake consents
 * to the use of their own data; otherwise the guardian (huoltaja) does; and a guardian can never
 * override a minor's own prohibition.
 *
 * @since 0.1.0
 */
import { Data, Either, ParseResult, Schema } from "effect"
import { DateTime } from "luxon"
import { ConsentPurpose } from "./ConsentPurpose.js"
import * as Input from "./Input.js"
import type { Language } from "./Language.js"
import { zone } from "./internal/zone.js"
import * as PersonFacts from "./PersonFacts.js"

/** The time zone every consent time is read in. */
export { zone }

/**
 * An instant as a luxon `DateTime` in Europe/Helsinki, encoded as an ISO 8601 string with an offset
 * (or `Z`).
 *
 * @category models
 */
export const Instant: Schema.Schema<DateTime, string> = Schema.transformOrFail(
  Schema.String,
  Schema.declare((u): u is DateTime => DateTime.isDateTime(u) && u.isValid, { identifier: "DateTime" }),
  {
    strict: true,
    decode: (s, _, ast) => {
      const d = DateTime.fromISO(s, { zone, setZone: false })
      return /(Z|[+-]\d\d:?\d\d)$/.test(s) && d.isValid
        ? ParseResult.succeed(d.setZone(zone))
        : ParseResult.fail(new ParseResult.Type(ast, s, "expected an ISO 8601 time with an offset, e.g. 2026-03-01T10:00:00+02:00"))
    },
    encode: (d) => ParseResult.succeed(d.toISO() ?? "")
  }
).annotations({ identifier: "Instant" })

/**
 * What a record does: `grant` gives consent, `withdraw` takes it back from that moment on, `refuse`
 * says no (for a minor's own view: a prohibition that no guardian can override).
 *
 * @category models
 */
export const Action = Schema.Literal("grant", "withdraw", "refuse").annotations({ identifier: "ConsentAction" })
/** @category models */
export type Action = typeof Action.Type

/**
 * Who gave the record: the person themselves, a guardian (huoltaja) for a minor, or the minor's own
 * view (lapsen oma mielipide), recorded whoever else consents.
 *
 * @category models
 */
export const GivenBy = Schema.Literal("person", "guardian", "minor-own-view").annotations({ identifier: "ConsentGivenBy" })
/** @category models */
export type GivenBy = typeof GivenBy.Type

/**
 * How the record was given.
 *
 * @category models
 */
export const Channel = Schema.Literal("in-person", "paper-form", "electronic-form", "phone", "video-call", "sms", "email").annotations({
  identifier: "ConsentChannel"
})
/** @category models */
export type Channel = typeof Channel.Type

/**
 * One consent record. `scope` narrows it to one group, recipient or export (absent: every scope of
 * the purpose); `expiresAt` ends a grant without a withdrawal; `textVersion` names the consent text
 * the person was shown.
 *
 * @category models
 */
export const ConsentRecord = Schema.Struct({
  person: Schema.NonEmptyTrimmedString,
  purpose: ConsentPurpose,
  action: Action,
  givenBy: GivenBy,
  textVersion: Schema.NonEmptyTrimmedString,
  at: Instant,
  channel: Channel,
  scope: Schema.optional(Schema.NonEmptyTrimmedString),
  expiresAt: Schema.optional(Instant)
}).annotations({ identifier: "ConsentRecord" })
/** @category models */
export type ConsentRecord = typeof ConsentRecord.Type
/** The JSON form of a record. */
export type ConsentRecordEncoded = typeof ConsentRecord.Encoded

/**
 * The person a question is about. `dateOfBirth` (YYYY-MM-DD) decides whether they are a minor at the
 * moment asked; unknown means they are treated as an adult, so a guardian's consent cannot stand in
 * for theirs. `understandsOwnData`: a minor able to understand what is at stake, who then consents
 * for themselves.
 *
 * @category models
 */
export interface Subject {
  readonly id: string
  readonly dateOfBirth?: string | undefined
  readonly understandsOwnData?: boolean | undefined
}

/** A record that cannot be appended: it would rewrite history. */
export class ConsentAppendError extends Data.TaggedError("ConsentAppendError")<{
  readonly field: string
  readonly expected: string
  readonly message: string
}> {}

/** A record list that could not be decoded. */
export class ConsentDecodeError extends Data.TaggedError("ConsentDecodeError")<{
  readonly path: string
  readonly message: string
}> {}

/** No record for the purpose (and scope) exists at that moment. */
export class NoConsent extends Data.TaggedError("NoConsent")<{
  readonly person: string
  readonly purpose: ConsentPurpose
  readonly scope: string | undefined
}> {}

/** The consent was withdrawn; `since` is the withdrawal's moment. */
export class Withdrawn extends Data.TaggedError("Withdrawn")<{
  readonly person: string
  readonly purpose: ConsentPurpose
  readonly since: DateTime
  readonly record: ConsentRecord
}> {}

/** The person (or for a young child, the guardian) said no. */
export class Refused extends Data.TaggedError("Refused")<{
  readonly person: string
  readonly purpose: ConsentPurpose
  readonly since: DateTime
  readonly record: ConsentRecord
}> {}

/** The consent was given for a limited time that has ended. */
export class Expired extends Data.TaggedError("Expired")<{
  readonly person: string
  readonly purpose: ConsentPurpose
  readonly expiredAt: DateTime
  readonly record: ConsentRecord
}> {}

/** The minor has forbidden it; no guardian's consent overrides that. */
export class MinorForbids extends Data.TaggedError("MinorForbids")<{
  readonly person: string
  readonly purpose: ConsentPurpose
  readonly since: DateTime
  readonly record: ConsentRecord
}> {}

/**
 * Why the answer is no.
 *
 * @category models
 */
export type Refusal = NoConsent | Withdrawn | Refused | Expired | MinorForbids

/**
 * Yes, and on what basis: the grant in force (for the disclosure log of the Client Data Act 703/2023).
 *
 * @category models
 */
export interface Allowed {
  readonly _tag: "Allowed"
  readonly person: string
  readonly purpose: ConsentPurpose
  readonly basis: ConsentRecord
}

/** Options of a question: the scope asked about, and whether only a record of exactly that scope counts. */
export interface QueryOptions {
  readonly scope?: string | undefined
  readonly exactScope?: boolean | undefined
}

const decodeRecords = Schema.decodeUnknownEither(Schema.Array(ConsentRecord))

/**
 * Decodes a JSON list of records; the error names the path of the first bad field.
 *
 * @category constructors
 */
export const decode = (input: unknown): Either.Either<ReadonlyArray<ConsentRecord>, ConsentDecodeError> =>
  Input.decodeWith(
    input,
    (u) =>
      decodeRecords(u, { errors: "first" }).pipe(
        Either.mapLeft((e) => {
          const issue = Input.issues(e)[0]
          return new ConsentDecodeError({
            path: issue ? issue.path.map(String).join(".") : "",
            message: issue ? issue.message : "invalid consent records"
          })
        })
      ),
    (p) => new ConsentDecodeError({ path: p.path, message: `expected ${p.expected}` })
  )

/**
 * Makes a record from its JSON form (useful in tests and examples).
 *
 * @category constructors
 */
export const record = (encoded: ConsentRecordEncoded): Either.Either<ConsentRecord, ConsentDecodeError> =>
  decode([encoded]).pipe(Either.map((rs) => rs[0]!))

/**
 * Appends a record. A record dated before the last one of the same person is refused: history is
 * never rewritten, and a withdrawal only acts from its own moment.
 *
 * @category combinators
 */
export const append = (
  records: ReadonlyArray<ConsentRecord>,
  next: ConsentRecord
): Either.Either<ReadonlyArray<ConsentRecord>, ConsentAppendError> => {
  for (let i = records.length - 1; i >= 0; i--) {
    const r = records[i]!
    if (r.person !== next.person) continue
    if (next.at.toMillis() < r.at.toMillis()) {
      return Either.left(
        new ConsentAppendError({
          field: "at",
          expected: `a time at or after ${r.at.toISO()}`,
          message: `a record dated ${next.at.toISO()} would be earlier than the last record of ${next.person} (${r.at.toISO()})`
        })
      )
    }
    break
  }
  return Either.right([...records, next])
}

/**
 * Whether the subject is a minor (alaikäinen, under 18) at that moment, on the Helsinki calendar.
 * Unknown date of birth: `false`.
 *
 * @category guards
 */
export const isMinorAt = (subject: Subject, at: DateTime): boolean => {
  if (subject.dateOfBirth === undefined) return false
  if (!DateTime.fromISO(subject.dateOfBirth, { zone }).isValid) return false
  return PersonFacts.ageAt(subject.dateOfBirth, at) < 18
}

const scopeMatches = (record: ConsentRecord, options: QueryOptions | undefined): boolean => {
  const scope = options?.scope
  if (record.scope === undefined) return options?.exactScope !== true || scope === undefined
  return record.scope === scope
}

/**
 * May we do `purpose` for `subject` at `at`? Yes with the grant in force, or no with the reason.
 *
 * Only records at or before `at` count, the latest winning (records at the same moment: the later in
 * the list). For a minor, their own prohibition wins over everything; a minor who understands
 * decides for themselves, otherwise the guardian decides. For an adult only their own records count.
 *
 * @example
 * import { Consent } from "@vertaistuki/core"
 * import { DateTime } from "luxon"
 * const answer = Consent.mayWe([], { id: "p1" }, "sms-reminders", DateTime.fromISO("2026-03-01T10:00:00+02:00"))
 * // Either.left(NoConsent)
 *
 * @category combinators
 */
export const mayWe = (
  records: ReadonlyArray<ConsentRecord>,
  subject: Subject,
  purpose: ConsentPurpose,
  at: DateTime,
  options?: QueryOptions
): Either.Either<Allowed, Refusal> => {
  const t = at.toMillis()
  let own: ConsentRecord | undefined
  let guardian: ConsentRecord | undefined
  let minorView: ConsentRecord | undefined
  for (const r of records) {
    if (r.person !== subject.id || r.purpose !== purpose) continue
    const rt = r.at.toMillis()
    if (rt > t || !scopeMatches(r, options)) continue
    if (r.givenBy === "person") {
      if (own === undefined || rt >= own.at.toMillis()) own = r
    } else if (r.givenBy === "guardian") {
      if (guardian === undefined || rt >= guardian.at.toMillis()) guardian = r
    } else if (minorView === undefined || rt >= minorView.at.toMillis()) minorView = r
  }
  const person = subject.id
  const scope = options?.scope
  const minor = isMinorAt(subject, at)
  if (minorView !== undefined && minorView.action !== "grant" && (minor || subject.dateOfBirth === undefined)) {
    return Either.left(new MinorForbids({ person, purpose, since: minorView.at, record: minorView }))
  }
  let deciding: ConsentRecord | undefined
  if (!minor) deciding = own
  else if (subject.understandsOwnData === true) deciding = latest(own, minorView)
  else deciding = guardian
  if (deciding === undefined) return Either.left(new NoConsent({ person, purpose, scope }))
  if (deciding.action === "withdraw") return Either.left(new Withdrawn({ person, purpose, since: deciding.at, record: deciding }))
  if (deciding.action === "refuse") return Either.left(new Refused({ person, purpose, since: deciding.at, record: deciding }))
  if (deciding.expiresAt !== undefined && deciding.expiresAt.toMillis() <= t) {
    return Either.left(new Expired({ person, purpose, expiredAt: deciding.expiresAt, record: deciding }))
  }
  return Either.right({ _tag: "Allowed", person, purpose, basis: deciding })
}

const latest = (a: ConsentRecord | undefined, b: ConsentRecord | undefined): ConsentRecord | undefined =>
  a === undefined ? b : b === undefined ? a : b.at.toMillis() >= a.at.toMillis() ? b : a

/**
 * `mayWe` as a boolean, for filters.
 *
 * @category guards
 */
export const isAllowed = (
  records: ReadonlyArray<ConsentRecord>,
  subject: Subject,
  purpose: ConsentPurpose,
  at: DateTime,
  options?: QueryOptions
): boolean => Either.isRight(mayWe(records, subject, purpose, at, options))

/**
 * The reason of a refusal in plain words, in Finnish, Swedish or English.
 *
 * @category formatting
 */
export const explainRefusal = (refusal: Refusal, language: Language): string => {
  const day = (d: DateTime) => d.setZone(zone).toFormat("d.M.yyyy")
  switch (refusal._tag) {
    case "NoConsent":
      return { fi: "Suostumusta ei ole annettu.", sv: "Samtycke har inte getts.", en: "No consent has been given." }[language]
    case "Withdrawn":
      return {
        fi: `Suostumus on peruttu ${day(refusal.since)}.`,
        sv: `Samtycket återkallades ${day(refusal.since)}.`,
        en: `The consent was withdrawn on ${day(refusal.since)}.`
      }[language]
    case "Refused":
      return {
        fi: `Suostumuksesta on kieltäydytty ${day(refusal.since)}.`,
        sv: `Samtycke vägrades ${day(refusal.since)}.`,
        en: `Consent was refused on ${day(refusal.since)}.`
      }[language]
    case "Expired":
      return {
        fi: `Suostumus päättyi ${day(refusal.expiredAt)}.`,
        sv: `Samtycket upphörde ${day(refusal.expiredAt)}.`,
        en: `The consent expired on ${day(refusal.expiredAt)}.`
      }[language]
    case "MinorForbids":
      return {
        fi: "Lapsi tai nuori on itse kieltänyt tämän; huoltajan suostumus ei ohita kieltoa.",
        sv: "Barnet eller den unga har själv förbjudit detta; vårdnadshavarens samtycke går inte före förbudet.",
        en: "The child or young person has forbidden this; a guardian's consent does not override that."
      }[language]
  }
}
