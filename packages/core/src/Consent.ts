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

const scopePattern = /^(?:(?:group|export|other-service):\S+|guardian|social-worker)$/

/**
 * What a record or a question is about, within its purpose (rajaus): one group (`group:<id>`), an
 * export (`export:<name>`), another service (`other-service:<name>`), the guardian (`guardian`) or the
 * child's social worker (`social-worker`). Build them with `groupScope` and `Disclosure.scopeOf`.
 *
 * @category models
 */
export const Scope = Schema.String.pipe(
  Schema.pattern(scopePattern, {
    message: () => "expected a scope: group:<id>, export:<name>, other-service:<name>, guardian or social-worker"
  })
).annotations({ identifier: "ConsentScope" })
/** @category models */
export type Scope = typeof Scope.Type

/**
 * Whether a string is a scope of the vocabulary.
 *
 * @category guards
 */
export const isScope = (s: string): boolean => scopePattern.test(s)

/**
 * The scope of one group: `group:<id>`.
 *
 * @category constructors
 */
export const groupScope = (groupId: string): Scope => `group:${groupId}`

/**
 * One consent record. `scope` narrows it to one group, recipient or export (absent: the purpose as a
 * whole); `expiresAt` ends a grant without a withdrawal; `textVersion` names the consent text the
 * person was shown.
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
  scope: Schema.optional(Scope),
  expiresAt: Schema.optional(Instant)
}).annotations({ identifier: "ConsentRecord" })
/** @category models */
export type ConsentRecord = typeof ConsentRecord.Type
/** The JSON form of a record. */
export type ConsentRecordEncoded = typeof ConsentRecord.Encoded

/**
 * The person a question is about. `dateOfBirth` (YYYY-MM-DD) decides whether they are a minor at the
 * moment asked; unknown (or not a date) means they are treated as an adult, so a guardian's consent
 * cannot stand in for theirs, while every recorded no counts. `understandsOwnData`: a minor able to
 * understand what is at stake, who then consents for themselves.
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

/**
 * What exactly is asked. `scope`: a group or a recipient (absent: the purpose as a whole, e.g. every
 * group). `group`: with a recipient scope, the group whose matter would be told (its id); absent, the
 * matter may concern any group.
 *
 * @category models
 */
export interface QueryOptions {
  readonly scope?: string | undefined
  readonly group?: string | undefined
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

const isGroupScope = (s: string): boolean => s.startsWith("group:") && scopePattern.test(s)

/**
 * Whether a refusal or withdrawal with this record's scope speaks to the question. An unscoped one
 * covers every question; a scoped one covers a question of its scope and the question of the purpose
 * as a whole; a group's covers telling a recipient about that group (or about a group left unnamed);
 * a scope outside the vocabulary covers everything, so a mistyped refusal still refuses.
 *
 * @category guards
 */
export const refusalCovers = (scope: string | undefined, options?: QueryOptions): boolean => {
  const q = options?.scope
  if (scope === undefined || q === undefined || scope === q || !scopePattern.test(scope)) return true
  if (!isGroupScope(scope) || isGroupScope(q)) return false
  return options?.group === undefined || scope === groupScope(options.group)
}

/**
 * Whether a grant with this record's scope answers the question. A grant answers the scope it names;
 * an unscoped grant answers the purpose as a whole, every group, and the child's social worker (the
 * meaning of `share-participation-with-social-worker`). A guardian, another service or an export
 * needs a grant of exactly its scope; a question outside the vocabulary is answered by no grant.
 *
 * @category guards
 */
export const grantAnswers = (scope: string | undefined, options?: QueryOptions): boolean => {
  const q = options?.scope
  if (q !== undefined && !scopePattern.test(q)) return false
  if (scope === undefined) return q === undefined || q === "social-worker" || isGroupScope(q)
  return scope === q
}

/**
 * Whether a record speaks to the question: a grant that answers it, or a refusal or withdrawal that
 * covers it.
 *
 * @category guards
 */
export const speaksTo = (record: ConsentRecord, options?: QueryOptions): boolean =>
  record.action === "grant" ? grantAnswers(record.scope, options) : refusalCovers(record.scope, options)

/** Whose refusals and whose grants count for the subject at that moment. */
const voicesOf = (subject: Subject, at: DateTime): { readonly refuse: ReadonlyArray<GivenBy>; readonly grant: ReadonlyArray<GivenBy> } => {
  if (subject.dateOfBirth === undefined || !DateTime.fromISO(subject.dateOfBirth, { zone }).isValid) {
    return { refuse: ["person", "minor-own-view", "guardian"], grant: ["person"] }
  }
  if (!isMinorAt(subject, at)) return { refuse: ["person"], grant: ["person"] }
  if (subject.understandsOwnData === true) return { refuse: ["person", "minor-own-view"], grant: ["person", "minor-own-view"] }
  return { refuse: ["person", "minor-own-view", "guardian"], grant: ["guardian"] }
}

/**
 * May we do `purpose` for `subject` at `at`? Yes with the grant in force, or no with the reason.
 *
 * Each giver (`person`, `guardian`, `minor-own-view`) has one word on the question: their latest
 * record at or before `at` that speaks to it (`speaksTo`; at the same moment, the later in the list).
 * A refusal or withdrawal stands until the same giver grants that scope again, and wins over every
 * grant of anyone while it stands:
 *
 * | subject at `at`             | whose refusal counts                 | whose grant counts          |
 * | --------------------------- | ------------------------------------ | --------------------------- |
 * | adult                       | person (and any no given as a minor) | person                      |
 * | date of birth unknown       | person, minor-own-view, guardian     | person                      |
 * | minor who understands       | person, minor-own-view               | person, minor-own-view      |
 * | minor who does not          | person, minor-own-view, guardian     | guardian                    |
 *
 * A minor's own no (`person` or `minor-own-view`) is `MinorForbids`, and so is a `minor-own-view` no
 * when the age is unknown. Otherwise the latest grant of those whose grant counts decides, unless it
 * has expired.
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
  const word = new Map<GivenBy, ConsentRecord>()
  const order = new Map<ConsentRecord, number>()
  records.forEach((r, i) => {
    if (r.person !== subject.id || r.purpose !== purpose) return
    const rt = r.at.toMillis()
    if (rt > t || !speaksTo(r, options)) return
    const last = word.get(r.givenBy)
    if (last === undefined || rt >= last.at.toMillis()) word.set(r.givenBy, r)
    order.set(r, i)
  })
  const later = (a: ConsentRecord, b: ConsentRecord): boolean =>
    a.at.toMillis() > b.at.toMillis() || (a.at.toMillis() === b.at.toMillis() && order.get(a)! > order.get(b)!)
  const person = subject.id
  const minor = isMinorAt(subject, at)
  const voices = voicesOf(subject, at)
  if (!minor) {
    // A no given for them as a minor (their own view, or their guardian's) stands for the adult until they grant again.
    for (const by of ["minor-own-view", "guardian"] as const) {
      const no = word.get(by)
      const own = word.get("person")
      if (no !== undefined && no.action !== "grant" && (own === undefined || later(no, own))) word.set("person", no)
    }
  }
  const refusing = voices.refuse.flatMap((by) => {
    const r = word.get(by)
    return r === undefined || r.action === "grant" ? [] : [r]
  })
  const ageUnknown = subject.dateOfBirth === undefined || !DateTime.fromISO(subject.dateOfBirth, { zone }).isValid
  const forbids = refusing.find((r) => (r.givenBy === "minor-own-view" && (minor || ageUnknown)) || (minor && r.givenBy === "person"))
  if (forbids !== undefined) return Either.left(new MinorForbids({ person, purpose, since: forbids.at, record: forbids }))
  const no = refusing[0]
  if (no !== undefined) {
    return Either.left(
      no.action === "withdraw"
        ? new Withdrawn({ person, purpose, since: no.at, record: no })
        : new Refused({ person, purpose, since: no.at, record: no })
    )
  }
  let deciding: ConsentRecord | undefined
  for (const by of voices.grant) {
    const r = word.get(by)
    if (r !== undefined && (deciding === undefined || later(r, deciding))) deciding = r
  }
  if (deciding === undefined) return Either.left(new NoConsent({ person, purpose, scope: options?.scope }))
  if (deciding.expiresAt !== undefined && deciding.expiresAt.toMillis() <= t) {
    return Either.left(new Expired({ person, purpose, expiredAt: deciding.expiresAt, record: deciding }))
  }
  return Either.right({ _tag: "Allowed", person, purpose, basis: deciding })
}

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
