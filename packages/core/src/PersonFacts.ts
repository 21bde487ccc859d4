/**
 * Person facts (henkilön tiedot): what the eligibility rules of the five programme models decide on.
 * Every fact may be unknown, and an unknown fact is never read as "no": a rule that needs it is
 * undetermined, and the decision names the facts to ask for.
 *
 * @since 0.1.0
 */
import { Data, Either, Schema } from "effect"
import { DateTime } from "luxon"
import * as Input from "./Input.js"
import { Language } from "./Language.js"
import { ParticipantRole } from "./Role.js"
import { zone } from "./internal/zone.js"

/** The time zone ages and dates are read in. */
export { zone }

/**
 * A calendar date, `YYYY-MM-DD`.
 *
 * @category models
 */
export const CalendarDate = Schema.String.pipe(
  Schema.filter((s) => (/^\d{4}-\d{2}-\d{2}$/.test(s) && DateTime.fromISO(s).isValid) || "expected a date YYYY-MM-DD"),
  Schema.annotations({ identifier: "CalendarDate", description: "a calendar date YYYY-MM-DD", jsonSchema: { type: "string", format: "date" } })
)

/**
 * The child's child-protection situation, for a parent: custody (huostaanotto), placement (sijoitus,
 * e.g. a support measure in open care), open care (avohuolto), aftercare (jälkihuolto), or no contact with
 * child protection at all (`none`), so that an ordinary family can be decided too.
 *
 * @category models
 */
export const ChildSituation = Schema.Literal("custody", "placement", "open-care", "aftercare", "none").annotations({ identifier: "ChildSituation" })
/** @category models */
export type ChildSituation = typeof ChildSituation.Type

/**
 * Where the child is placed: a substance-rehabilitation child-protection institution (seed 000), another
 * child-protection institution, a foster family (perhehoito), a professional family home
 * (ammatillinen perhekoti), with relatives or close people (läheissijoitus), or elsewhere.
 *
 * @category models
 */
export const PlacementSetting = Schema.Literal(
  "substance-rehabilitation-institution",
  "child-protection-institution",
  "foster-family",
  "professional-family-home",
  "kinship",
  "other"
).annotations({ identifier: "PlacementSetting" })
/** @category models */
export type PlacementSetting = typeof PlacementSetting.Type

/**
 * A special-support need (erityisen tuen tarve), e.g. a neuropsychiatric disorder (seed 002), or `none`.
 *
 * @category models
 */
export const SpecialSupportNeed = Schema.Literal("neuropsychiatric", "disability", "chronic-illness", "other", "none").annotations({
  identifier: "SpecialSupportNeed"
})
/** @category models */
export type SpecialSupportNeed = typeof SpecialSupportNeed.Type

/**
 * School stage: early childhood education, primary (grades 1–6), lower secondary (7–8), the final year
 * of comprehensive school (9th grade, peruskoulun päättövaihe, seed 002), upper secondary or vocational
 * school, or not in school.
 *
 * @category models
 */
export const SchoolStage = Schema.Literal(
  "early-childhood",
  "primary",
  "lower-secondary",
  "final-year-comprehensive",
  "upper-secondary",
  "vocational",
  "not-in-school"
).annotations({ identifier: "SchoolStage" })
/** @category models */
export type SchoolStage = typeof SchoolStage.Type

/**
 * Who referred the person (ohjaaja): a social worker, an institution, a health professional, or the
 * person themselves.
 *
 * @category models
 */
export const Referrer = Schema.Literal("social-worker", "institution", "health-professional", "self").annotations({ identifier: "Referrer" })
/** @category models */
export type Referrer = typeof Referrer.Type

const fact = <A, I>(schema: Schema.Schema<A, I>, description: string) => Schema.optional(schema.annotations({ description }))

/**
 * The facts about one person. Every field is optional: absent means unknown.
 *
 * @category models
 */
export const PersonFacts = Schema.Struct({
  role: fact(ParticipantRole, "the person's role: parent, guardian, foster parent, child, young person, sibling, …"),
  dateOfBirth: fact(CalendarDate, "date of birth; ages are computed at a reference date in Europe/Helsinki"),
  languages: fact(Schema.Array(Language), "languages the person can take part in"),
  homeMunicipality: fact(Schema.NonEmptyTrimmedString, "home municipality (kotikunta)"),
  welfareRegion: fact(Schema.NonEmptyTrimmedString, "welfare region of residence (hyvinvointialue)"),
  childSituation: fact(ChildSituation, "for a parent: the child's child-protection situation"),
  placementSetting: fact(PlacementSetting, "for a parent of a placed child: where the child is placed"),
  placingWelfareRegion: fact(Schema.NonEmptyTrimmedString, "for a parent of a placed child: the welfare region that placed the child"),
  childDateOfBirth: fact(CalendarDate, "for a parent: the child's date of birth"),
  specialSupportNeed: fact(SpecialSupportNeed, "special-support need of the person (or, for a parent, of the child)"),
  familySubstanceProblem: fact(Schema.Boolean, "a family member has a substance problem"),
  familyMentalHealthProblem: fact(Schema.Boolean, "a family member has a mental-health problem"),
  schoolStage: fact(SchoolStage, "school stage of the person (or, for a parent, of the child)"),
  referredBy: fact(Referrer, "who referred the person"),
  referralDate: fact(CalendarDate, "when the person was referred"),
  commitsToWholeProcess: fact(Schema.Boolean, "the person's own statement: commits to the whole group process"),
  lifeSituationAllows: fact(Schema.Boolean, "the person's own statement: their life situation allows taking part")
}).annotations({
  identifier: "PersonFacts",
  title: "Person facts",
  description: "What eligibility rules decide on. Every fact may be unknown (absent)."
})
/** @category models */
export type PersonFacts = typeof PersonFacts.Type

/** Every fact's name. */
export type FactName = keyof PersonFacts

/**
 * The facts a row could not be read as, with the path of the first bad field and what was expected.
 *
 * @category errors
 */
export class FactsDecodeError extends Data.TaggedError("FactsDecodeError")<{
  readonly path: string
  readonly expected: string
  readonly message: string
}> {}

const decodeFacts = Schema.decodeUnknownEither(PersonFacts)

const choices: Readonly<Record<string, ReadonlyArray<string>>> = {
  role: ParticipantRole.literals,
  languages: Language.literals,
  childSituation: ChildSituation.literals,
  placementSetting: PlacementSetting.literals,
  specialSupportNeed: SpecialSupportNeed.literals,
  schoolStage: SchoolStage.literals,
  referredBy: Referrer.literals
}

const kinds: Readonly<Record<string, string>> = {
  dateOfBirth: "a date YYYY-MM-DD",
  childDateOfBirth: "a date YYYY-MM-DD",
  referralDate: "a date YYYY-MM-DD",
  languages: "a list of language codes (fi, sv, en)",
  homeMunicipality: "a non-empty text",
  welfareRegion: "a non-empty text",
  placingWelfareRegion: "a non-empty text",
  familySubstanceProblem: "true or false",
  familyMentalHealthProblem: "true or false",
  commitsToWholeProcess: "true or false",
  lifeSituationAllows: "true or false"
}

const segment = (key: PropertyKey, i: number): string => {
  if (typeof key === "number") return i === 0 ? String(key) : `.${key}`
  const s = String(key)
  if (/^[A-Za-z_$][A-Za-z0-9_$]*$/.test(s)) return i === 0 ? s : `.${s}`
  return `[${JSON.stringify(s.length > 40 ? `${s.slice(0, 40)}…` : s)}]`
}

/**
 * Decodes facts from JSON; unknown field names are an error (a typo must not become an unknown fact).
 * The error names the field and what was expected, never the value found (it may be personal data).
 * Input deeper or larger than `Input`'s limits is refused; nothing throws.
 *
 * @category constructors
 */
export const decode = (input: unknown): Either.Either<PersonFacts, FactsDecodeError> =>
  Input.decodeWith(
    input,
    (u) =>
      decodeFacts(u, { errors: "first", onExcessProperty: "error" }).pipe(
        Either.mapLeft((e) => {
          const first = Input.issues(e)[0]
          const path = first === undefined || first.path.length === 0 ? "(root)" : first.path.map(segment).join("")
          const field = first?.path[0]
          const values = typeof field === "string" && Object.hasOwn(choices, field) ? choices[field] : undefined
          const expected =
            first === undefined
              ? "person facts"
              : first.message.startsWith("is unexpected")
                ? `no field ${JSON.stringify(String(first.path[first.path.length - 1]).slice(0, 40))}: known facts are ${Object.keys(PersonFacts.fields).join(", ")}`
                : values !== undefined && first.path.length === (field === "languages" ? 2 : 1)
                  ? `one of ${values.map((v) => JSON.stringify(v)).join(", ")}`
                  : path === "(root)"
                    ? "an object of person facts"
                    : typeof field === "string" && Object.hasOwn(kinds, field)
                      ? kinds[field]!
                      : first.message
          return new FactsDecodeError({ path, expected, message: `${path}: ${expected}` })
        })
      ),
    (p) => new FactsDecodeError({ path: p.path, expected: p.expected, message: `${p.path}: ${p.expected}` })
  )

/**
 * A date as the integer `yyyymmdd`: two such keys compare like the dates, and
 * `floor((at - birth) / 10000)` is the age in completed years.
 *
 * @category conversions
 */
export const dateKey = (d: DateTime): number => d.year * 10000 + d.month * 100 + d.day

/**
 * The `yyyymmdd` key of a `YYYY-MM-DD` string (already validated).
 *
 * @category conversions
 */
export const isoDateKey = (iso: string): number =>
  Number(iso.slice(0, 4)) * 10000 + Number(iso.slice(5, 7)) * 100 + Number(iso.slice(8, 10))

/**
 * The Helsinki calendar date of a reference moment, as a `yyyymmdd` key.
 *
 * @category conversions
 */
export const referenceKey = (at: DateTime | string): number =>
  typeof at === "string" ? isoDateKey(at) : dateKey(at.setZone(zone))

/**
 * Age in completed years at the reference date (Helsinki calendar). Someone born on 29 February is
 * a year older on 1 March in a common year.
 *
 * @category combinators
 */
export const ageAt = (dateOfBirth: string, at: DateTime | string): number =>
  Math.floor((referenceKey(at) - isoDateKey(dateOfBirth)) / 10000)

/**
 * The facts in the shape compiled rules read: one flat object with every key present (unknown is
 * `undefined`) and dates as `yyyymmdd` numbers. Made once per person, then evaluated many times.
 *
 * @category models
 */
export interface Prepared {
  readonly role: string | undefined
  readonly dateOfBirth: number | undefined
  readonly languages: ReadonlyArray<string> | undefined
  readonly homeMunicipality: string | undefined
  readonly welfareRegion: string | undefined
  readonly childSituation: string | undefined
  readonly placementSetting: string | undefined
  readonly placingWelfareRegion: string | undefined
  readonly childDateOfBirth: number | undefined
  readonly specialSupportNeed: string | undefined
  readonly familySubstanceProblem: boolean | undefined
  readonly familyMentalHealthProblem: boolean | undefined
  readonly schoolStage: string | undefined
  readonly referredBy: string | undefined
  readonly referralDate: number | undefined
  readonly commitsToWholeProcess: boolean | undefined
  readonly lifeSituationAllows: boolean | undefined
}

const key = (d: string | undefined): number | undefined => (d === undefined ? undefined : isoDateKey(d))

/**
 * Prepares decoded facts for evaluation.
 *
 * @category constructors
 */
export const prepare = (f: PersonFacts): Prepared => ({
  role: f.role,
  dateOfBirth: key(f.dateOfBirth),
  languages: f.languages,
  homeMunicipality: f.homeMunicipality,
  welfareRegion: f.welfareRegion,
  childSituation: f.childSituation,
  placementSetting: f.placementSetting,
  placingWelfareRegion: f.placingWelfareRegion,
  childDateOfBirth: key(f.childDateOfBirth),
  specialSupportNeed: f.specialSupportNeed,
  familySubstanceProblem: f.familySubstanceProblem,
  familyMentalHealthProblem: f.familyMentalHealthProblem,
  schoolStage: f.schoolStage,
  referredBy: f.referredBy,
  referralDate: key(f.referralDate),
  commitsToWholeProcess: f.commitsToWholeProcess,
  lifeSituationAllows: f.lifeSituationAllows
})

const yesNo: Readonly<Record<string, boolean>> = { true: true, false: false, yes: true, no: false, kyllä: true, ei: false, ja: true, nej: false, "1": true, "0": false }

/** The facts that are yes/no, and the one that is a list. */
const booleanFacts = ["familySubstanceProblem", "familyMentalHealthProblem", "commitsToWholeProcess", "lifeSituationAllows"]

/**
 * Decodes facts from flat text cells, e.g. a CSV row with the fact names as column headers: an empty
 * cell is unknown; yes/no facts take `true`/`false`, `yes`/`no`, `kyllä`/`ei`, `ja`/`nej` or `1`/`0`;
 * `languages` takes codes separated by `|` or spaces (`fi|sv`).
 *
 * @category constructors
 */
export const decodeFlat = (row: Readonly<Record<string, string>>): Either.Either<PersonFacts, FactsDecodeError> => {
  const cells = Input.plain(row, { maxDepth: 1 })
  if (Either.isLeft(cells) || typeof cells.right !== "object" || cells.right === null || Array.isArray(cells.right)) {
    const expected = "a row of text cells"
    return Either.left(new FactsDecodeError({ path: "(root)", expected, message: `(root): ${expected}` }))
  }
  const out: Record<string, unknown> = Object.create(null)
  for (const [k, raw] of Object.entries(cells.right as Record<string, unknown>)) {
    if (typeof raw !== "string") {
      const expected = "a text cell"
      return Either.left(new FactsDecodeError({ path: k, expected, message: `${k}: ${expected}` }))
    }
    const v = raw.trim()
    if (v === "") continue
    if (booleanFacts.includes(k)) {
      const b = Object.hasOwn(yesNo, v.toLowerCase()) ? yesNo[v.toLowerCase()] : undefined
      if (b === undefined) {
        const expected = "true or false (also yes/no, kyllä/ei, 1/0)"
        return Either.left(new FactsDecodeError({ path: k, expected, message: `${k}: ${expected}` }))
      }
      out[k] = b
    } else if (k === "languages") out[k] = v.split(/[|\s]+/).filter((s) => s !== "")
    else out[k] = v
  }
  return decode(out)
}
