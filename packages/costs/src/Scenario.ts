/**
 * A cost scenario as an analyst writes it in JSON or YAML: the group's size and sessions, the
 * hourly cost of each role, staff time by activity, fees, other costs, a structure budget, an
 * optional given price, joint organisers, the alternatives to compare with and, optionally, the
 * number of groups a year (`groupsPerYear`: every figure is then per year). Money is in whole
 * cents; any number marked as a range may be written `{ min, likely, max }` (`likely` defaults to
 * the midpoint).
 *
 * The schema is exported as JSON Schema (`jsonSchema`) so that an editor completes the fields;
 * `docs/schemas/cost-scenario.schema.json` is generated from it.
 *
 * @since 0.1.0
 */
import { Input } from "@vertaistuki/core"
import { Data, Either, JSONSchema, ParseResult, Schema } from "effect"
import * as Range from "./Range.js"

const centsMessage = "expected a non-negative number of cents (a whole number, e.g. 4500 for 45,00 €)"
const orderMessage = "expected min <= likely <= max"
const rangeSuffix = ", or a range { min, likely, max } of them"

const cents = (message: string) =>
  Schema.Number.pipe(Schema.int(), Schema.nonNegative()).annotations({
    title: "cents",
    description: "euro cents (a whole number: 4500 is 45,00 €)",
    message: () => ({ message, override: true })
  })
const quantity = (message: string) =>
  Schema.Number.pipe(Schema.finite(), Schema.nonNegative()).annotations({
    title: "number",
    description: "a non-negative number",
    message: () => ({ message, override: true })
  })
const positive = (message: string) =>
  Schema.Number.pipe(Schema.finite(), Schema.positive()).annotations({
    title: "positive number",
    description: "a positive number",
    message: () => ({ message, override: true })
  })

const ordered = (r: { readonly min: number; readonly likely?: number | undefined; readonly max: number }): boolean =>
  Range.isOrdered(Range.fromInput(r))

const range = (leaf: Schema.Schema<number>, identifier: string, description: string) =>
  Schema.Union(
    leaf,
    Schema.Struct({ min: leaf, likely: Schema.optional(leaf), max: leaf }).pipe(
      Schema.filter((r) => ordered(r) || orderMessage)
    )
  ).annotations({ identifier, description })

/**
 * Cents, or a range of cents.
 *
 * @category models
 */
export const CentsRange = range(cents(centsMessage + rangeSuffix), "CentsRange", "euro cents, or a range { min, likely, max } of them")
/** @category models */
export type CentsRange = typeof CentsRange.Type

/**
 * Hours (decimals allowed), or a range of them.
 *
 * @category models
 */
export const HoursRange = range(
  quantity("expected a non-negative number of hours, e.g. 2.5" + rangeSuffix),
  "HoursRange",
  "hours, e.g. 2.5, or a range { min, likely, max } of them"
)
/** @category models */
export type HoursRange = typeof HoursRange.Type

/**
 * A count (of people, sessions, groups, units), or a range of counts. Fractions are allowed: a
 * count may be an average.
 *
 * @category models
 */
export const CountRange = range(
  quantity("expected a non-negative number" + rangeSuffix),
  "CountRange",
  "a non-negative number, or a range { min, likely, max } of them"
)
/** @category models */
export type CountRange = typeof CountRange.Type

/**
 * A positive count, or a range of them: used where the model divides by it.
 *
 * @category models
 */
export const PositiveRange = range(
  positive("expected a positive number" + rangeSuffix),
  "PositiveRange",
  "a positive number, or a range { min, likely, max } of them"
)
/** @category models */
export type PositiveRange = typeof PositiveRange.Type

/**
 * A share such as employer's side costs: 0.25 means 25 %.
 *
 * @category models
 */
export const ShareRange = range(
  quantity("expected a non-negative share, e.g. 0.25 for 25 %" + rangeSuffix),
  "ShareRange",
  "a share, e.g. 0.25 for 25 %, or a range { min, likely, max } of them"
)
/** @category models */
export type ShareRange = typeof ShareRange.Type

/**
 * The activities staff time is spent on (seed `001_b24d0be2c52c8a44.txt` lists what the VOIKUKKIA
 * price includes; seed `000_2f0bf6902dc16743.txt` gives intake, session and live-day hours).
 *
 * @category models
 */
export const Activity = Schema.Literal(
  "intake",
  "sessions",
  "live-day",
  "advance-planning",
  "between-sessions",
  "cooperation",
  "informing",
  "evaluation",
  "coordination",
  "other"
).annotations({ identifier: "Activity" })
/** @category models */
export type Activity = typeof Activity.Type

/**
 * What a quantity is counted per: once for the group, per participant, per session, or per
 * participant and session.
 *
 * @category models
 */
export const Per = Schema.Literal("group", "participant", "session", "participant-session").annotations({ identifier: "Per" })
/** @category models */
export type Per = typeof Per.Type

const Text = Schema.String.pipe(Schema.minLength(1)).annotations({
  title: "text",
  description: "a non-empty text",
  message: () => ({ message: "expected a non-empty text", override: true })
})
const optionalLabel = Schema.optional(Text.annotations({ description: "a label shown in tables and charts" }))

/**
 * The hourly cost of one role; `sideCosts` are the employer's side costs as a share of pay.
 *
 * @category models
 */
export const Rate = Schema.Struct({
  hourly: CentsRange.annotations({ description: "pay per hour in cents, before the employer's side costs" }),
  sideCosts: Schema.optional(ShareRange.annotations({ description: "employer's side costs as a share of pay, e.g. 0.25; 0 when the hourly cost already includes them" })),
  label: optionalLabel
}).annotations({ identifier: "Rate" })
/** @category models */
export type Rate = typeof Rate.Type

/**
 * Staff time on one activity: `hours × people × (per)` at the role's rate.
 *
 * @category models
 */
export const StaffTime = Schema.Struct({
  activity: Activity,
  role: Text.annotations({ description: "a key of `rates`" }),
  hours: HoursRange,
  per: Schema.optional(Per.annotations({ description: "what the hours are counted per; default group" })),
  people: Schema.optional(CountRange.annotations({ description: "how many people of the role; default 1" })),
  label: optionalLabel
}).annotations({ identifier: "StaffTime" })
/** @category models */
export type StaffTime = typeof StaffTime.Type

/**
 * A fee, such as the experience expert's (seed `000_2f0bf6902dc16743.txt`).
 *
 * @category models
 */
export const Fee = Schema.Struct({
  kind: Schema.Literal("experience-expert", "visiting-expert", "other"),
  amount: CentsRange,
  count: Schema.optional(CountRange.annotations({ description: "how many such fees; default 1" })),
  label: optionalLabel
}).annotations({ identifier: "Fee" })
/** @category models */
export type Fee = typeof Fee.Type

/**
 * Another cost of the group: room rent, refreshments, supplies, travel reimbursements, leader
 * training amortised over a number of groups.
 *
 * @category models
 */
export const OtherCost = Schema.Struct({
  kind: Schema.Literal("room-rent", "refreshments", "supplies", "travel", "training", "other"),
  amount: CentsRange,
  per: Schema.optional(Per.annotations({ description: "what the amount is counted per; default group" })),
  count: Schema.optional(CountRange.annotations({ description: "a further multiplier, e.g. the number of people travelling; default 1" })),
  amortiseOver: Schema.optional(PositiveRange.annotations({ description: "the number of groups the cost is spread over, e.g. the leader training" })),
  label: optionalLabel
}).annotations({ identifier: "OtherCost" })
/** @category models */
export type OtherCost = typeof OtherCost.Type

/**
 * A line of a region's structure budget (seed `003_220f3bde38c28eca.txt`): `amount × count`.
 *
 * @category models
 */
export const StructureLine = Schema.Struct({
  line: Schema.Literal(
    "coordinator",
    "experience-experts",
    "ngo-activities",
    "events",
    "room-rent",
    "marketing",
    "refreshments",
    "leaders-pay",
    "travel",
    "other"
  ),
  amount: CentsRange,
  count: Schema.optional(CountRange.annotations({ description: "a multiplier, e.g. a coordinator's share of a full-time year or events per year; default 1" })),
  label: optionalLabel
}).annotations({ identifier: "StructureLine" })
/** @category models */
export type StructureLine = typeof StructureLine.Type

/**
 * A price given as a whole, as seed `001_b24d0be2c52c8a44.txt` gives VOIKUKKIA's.
 *
 * @category models
 */
export const Price = Schema.Struct({
  total: CentsRange,
  note: Schema.optional(Text)
}).annotations({ identifier: "Price" })
/** @category models */
export type Price = typeof Price.Type

/**
 * An organiser that shares the cost in proportion to `share`.
 *
 * @category models
 */
export const Organiser = Schema.Struct({
  name: Text,
  share: positive("expected a positive share, e.g. 1 or 0.5")
}).annotations({ identifier: "Organiser" })
/** @category models */
export type Organiser = typeof Organiser.Type

/**
 * An alternative service: a price per unit (visit, session, hour, day) and, for comparisons, the
 * number of units one participant would receive. Alternatives without `units` serve break-even only.
 *
 * @category models
 */
export const Alternative = Schema.Struct({
  id: Text,
  label: Text,
  unit: Schema.Literal("visit", "session", "hour", "day"),
  unitPrice: CentsRange,
  units: Schema.optional(CountRange.annotations({ description: "units per participant in a comparison" })),
  source: Text.annotations({ description: "where the price comes from" }),
  year: Schema.optional(Schema.Int.annotations({ description: "the year of the price" }))
}).annotations({ identifier: "Alternative" })
/** @category models */
export type Alternative = typeof Alternative.Type

/**
 * A cost scenario.
 *
 * @category models
 */
export const Scenario = Schema.Struct({
  $schema: Schema.optional(Schema.String),
  id: Schema.optional(Text),
  name: Text,
  description: Schema.optional(Schema.String),
  source: Schema.optional(Text.annotations({ description: "where the figures come from, e.g. a seed file name" })),
  year: Schema.optional(Schema.Int),
  distribution: Schema.optional(
    Schema.Literal("triangular", "pert").annotations({ description: "how a range is sampled in a simulation; default triangular" })
  ),
  participants: Schema.optional(PositiveRange.annotations({ description: "participants of the group (or of a year, for a structure)" })),
  groupsPerYear: Schema.optional(
    PositiveRange.annotations({
      description: "groups run in a year: the group's costs are multiplied by it and every figure is per year; structure lines are yearly already"
    })
  ),
  sessions: Schema.optional(
    Schema.Struct({
      count: CountRange,
      hours: HoursRange,
      otherHours: Schema.optional(HoursRange.annotations({ description: "hours of meetings not among `count`, such as a live day; added to the session-hours" }))
    }).annotations({ description: "the number of sessions and their length; gives the cost per session-hour" })
  ),
  price: Schema.optional(Price),
  rates: Schema.optional(Schema.Record({ key: Schema.String, value: Rate }).annotations({ description: "hourly cost per role, e.g. professional, peer-leader" })),
  staff: Schema.optional(Schema.Array(StaffTime)),
  fees: Schema.optional(Schema.Array(Fee)),
  costs: Schema.optional(Schema.Array(OtherCost)),
  structure: Schema.optional(Schema.Array(StructureLine)),
  organisers: Schema.optional(Schema.Array(Organiser)),
  presets: Schema.optional(Schema.Boolean.annotations({ description: "compare with the preset alternatives too; default true" })),
  alternatives: Schema.optional(Schema.Array(Alternative).annotations({ description: "alternatives to compare with; an id of a preset replaces it" }))
}).annotations({ identifier: "CostScenario", title: "vertaistuki cost scenario" })
/** @category models */
export type Scenario = typeof Scenario.Type

/**
 * One problem in a scenario: where (`rates.professional.hourly`) and what was expected.
 *
 * @category models
 */
export interface Issue {
  readonly path: string
  readonly message: string
}

/** A scenario that does not match the schema. */
export class ScenarioError extends Data.TaggedError("ScenarioError")<{ readonly issues: ReadonlyArray<Issue> }> {
  override get message(): string {
    return this.issues.map((i) => (i.path === "" ? i.message : `${i.path}: ${i.message}`)).join("\n")
  }
}

const formatPath = (path: ReadonlyArray<PropertyKey>): string =>
  path.reduce<string>((s, k) => (typeof k === "number" ? `${s}[${k}]` : s === "" ? String(k) : `${s}.${String(k)}`), "")

const refIssues = (s: Scenario): ReadonlyArray<Issue> => {
  const roles = Object.keys(s.rates ?? {})
  return (s.staff ?? []).flatMap((t, i) =>
    roles.includes(t.role)
      ? []
      : [{ path: `staff[${i}].role`, message: `expected a role defined in rates (${roles.length === 0 ? "none defined" : roles.join(", ")}), got "${t.role}"` }]
  )
}

const needs = (s: Scenario): ReadonlyArray<Issue> => {
  const out: Array<Issue> = []
  const perParticipant = [...(s.staff ?? []), ...(s.costs ?? [])].some((x) => x.per === "participant" || x.per === "participant-session")
  const perSession = [...(s.staff ?? []), ...(s.costs ?? [])].some((x) => x.per === "session" || x.per === "participant-session")
  if (perParticipant && s.participants === undefined) out.push({ path: "participants", message: "is missing: costs are counted per participant" })
  if (perSession && s.sessions === undefined) out.push({ path: "sessions", message: "is missing: costs are counted per session" })
  return out
}

/**
 * Validates parsed JSON or YAML. Every problem is reported with its path; where a value may be a
 * number or a range, the more specific problem is kept. Input nested deeper than 64 levels, of more than
 * 100,000 values, or that is not plain data (BigInt, getters, proxies) is refused (`Input` of the core).
 *
 * @category constructors
 */
export const decode = (input: unknown): Either.Either<Scenario, ScenarioError> =>
  Input.decodeWith(input, decodePlain, (p) => new ScenarioError({ issues: [{ path: p.path === "(root)" ? "" : p.path, message: `expected ${p.expected}` }] }))

const decodePlain = (input: unknown): Either.Either<Scenario, ScenarioError> => {
  const r = Schema.decodeUnknownEither(Scenario, { errors: "all", onExcessProperty: "error" })(input)
  if (Either.isLeft(r)) {
    const raw = ParseResult.ArrayFormatter.formatErrorSync(r.left).map((i) => ({
      path: formatPath(i.path),
      depth: i.path.length,
      message: i._tag === "Unexpected" ? "is not a field of this object" : i.message
    }))
    const keep = raw.filter((i) => !raw.some((j) => j.depth > i.depth && (j.path.startsWith(`${i.path}.`) || j.path.startsWith(`${i.path}[`))))
    keep.sort((a, b) => Number(b.message === orderMessage) - Number(a.message === orderMessage))
    const seen = new Set<string>()
    const issues = keep.filter((i) => !seen.has(i.path) && seen.add(i.path)).map(({ path, message }) => ({ path, message }))
    return Either.left(new ScenarioError({ issues }))
  }
  const more = [...refIssues(r.right), ...needs(r.right)]
  return more.length > 0 ? Either.left(new ScenarioError({ issues: more })) : Either.right(r.right)
}

/**
 * The JSON Schema of a scenario file, for editors (`"$schema": "…/cost-scenario.schema.json"`).
 *
 * @category constructors
 */
export const jsonSchema = (): JSONSchema.JsonSchema7Root => JSONSchema.make(Scenario)
