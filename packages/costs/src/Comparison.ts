/**
 * The peer group against the alternatives: what the same participants would cost in therapy or
 * psychiatric care, and how many avoided visits or placement days pay for one group.
 *
 * Every preset carries its source and price year, and says the year in its label (two presets of the
 * same service differ by it); a scenario replaces a preset by giving an alternative with the same
 * `id`, or leaves the presets out with `presets: false`. Prices of different years are restated to
 * one year with `PriceIndex.restate`.
 *
 * @since 0.1.0
 */
import { Money } from "@vertaistuki/core"
import * as CostModel from "./CostModel.js"
import * as Range from "./Range.js"
import type * as Scenario from "./Scenario.js"

const seed001 = "Innokylä: VOIKUKKIA® peer-support group (seed 001_b24d0be2c52c8a44.txt)"
const kela = "Kela rehabilitation psychotherapy reimbursement, therapists' published tables"
const bigCities = "child-welfare institutional care, big-city cost comparison"

/**
 * The seed's comparisons (`001_b24d0be2c52c8a44.txt`): short psychotherapy 105–110 € per 45 min
 * visit × 10; couple or family therapy 130–150 € per 90 min × 10; adolescent psychiatric outpatient
 * care 206 € per visit, weekly for a year (52 visits). Then the reference prices of the domain
 * brief: Kela's 2024 reimbursements (family therapy per hour, 10 × 90 min = 15 h, as the seed's
 * family therapy), and per-day prices of placement, which serve break-even (they have no `units`).
 *
 * @category constructors
 */
export const presets: ReadonlyArray<Scenario.Alternative> = [
  {
    id: "short-psychotherapy",
    label: "Short psychotherapy, 10 visits (2015 prices)",
    unit: "visit",
    unitPrice: { min: 10500, max: 11000 },
    units: 10,
    source: seed001,
    year: 2015
  },
  {
    id: "couple-family-therapy",
    label: "Couple or family therapy, 10 visits (2015 prices)",
    unit: "visit",
    unitPrice: { min: 13000, max: 15000 },
    units: 10,
    source: seed001,
    year: 2015
  },
  {
    id: "adolescent-psychiatric-outpatient",
    label: "Adolescent psychiatric outpatient care, weekly for a year (2015 prices)",
    unit: "visit",
    unitPrice: 20600,
    units: 52,
    source: seed001,
    year: 2015
  },
  { id: "kela-psychotherapy-individual", label: "Kela: individual psychotherapy, 10 sessions (2024 prices)", unit: "session", unitPrice: 5760, units: 10, source: kela, year: 2024 },
  { id: "kela-psychotherapy-group", label: "Kela: group psychotherapy, 10 sessions (2024 prices)", unit: "session", unitPrice: 3200, units: 10, source: kela, year: 2024 },
  { id: "kela-family-therapy", label: "Kela: family therapy, 10 × 90 min (2024 prices)", unit: "hour", unitPrice: 6391, units: 15, source: kela, year: 2024 },
  { id: "institution-municipal-2002", label: "Municipal institutional care, day (2002 prices)", unit: "day", unitPrice: 19000, source: bigCities, year: 2002 },
  { id: "institution-municipal-2004", label: "Municipal institutional care, day (2004 prices)", unit: "day", unitPrice: 19700, source: bigCities, year: 2004 },
  { id: "institution-purchased-2002", label: "Purchased institutional care, day (2002 prices)", unit: "day", unitPrice: 15700, source: bigCities, year: 2002 },
  { id: "institution-purchased-2004", label: "Purchased institutional care, day (2004 prices)", unit: "day", unitPrice: 18000, source: bigCities, year: 2004 },
  { id: "family-care-2002", label: "Family care, day (2002 prices)", unit: "day", unitPrice: 4100, source: bigCities, year: 2002 },
  {
    id: "special-residential-care-2025",
    label: "Special-level residential care, day (2025 prices)",
    unit: "day",
    unitPrice: { min: 60000, max: 190000 },
    source: "press report on special-level residential care prices",
    year: 2025
  }
]

/**
 * Totals as the source states them (`001_b24d0be2c52c8a44.txt`), in cents. The source rounds
 * 206 € × 52 = 10 712 € to 10 700 €; the presets compute 10 712 €.
 *
 * @category constructors
 */
export const statedBySeed001 = {
  groupPrice: { min: 355500, max: 615500 },
  shortPsychotherapy: { min: 105000, max: 110000 },
  coupleFamilyTherapy: { min: 130000, max: 150000 },
  adolescentPsychiatricOutpatient: 1070000
} as const

/**
 * The alternatives of a scenario: the presets (unless `presets: false`), each replaced by the
 * scenario's alternative of the same id, then the scenario's others.
 *
 * @category constructors
 */
export const alternativesOf = (s: Scenario.Scenario): ReadonlyArray<Scenario.Alternative> => {
  const own = s.alternatives ?? []
  const base = s.presets === false ? [] : presets.map((p) => own.find((a) => a.id === p.id) ?? p)
  return [...base, ...own.filter((a) => !base.some((b) => b.id === a.id))]
}

/**
 * One option of a comparison. For an alternative, `perParticipant` is one participant's course
 * (unit price × units) and `total` the courses of all the participants the group's total covers (a
 * year's groups with `groupsPerYear`; one course when the scenario gives no participants).
 *
 * @category models
 */
export interface Option {
  readonly id: string
  readonly label: string
  readonly kind: "peer-group" | "alternative"
  readonly total: Range.Range
  readonly perParticipant: Range.Range | null
  readonly source: string | null
}

/**
 * How many units of an alternative cost as much as the group (or a year, with `groupsPerYear`):
 * `units` in all, `unitsPerParticipant` for each participant covered (`null` without participants).
 *
 * @category models
 */
export interface BreakEven {
  readonly id: string
  readonly label: string
  readonly unit: Scenario.Alternative["unit"]
  readonly unitPrice: Range.Range
  readonly units: Range.Range
  readonly unitsPerParticipant: Range.Range | null
  readonly source: string
}

/** A source with its year. @category combinators */
export const citation = (a: Scenario.Alternative): string => (a.year === undefined ? a.source : `${a.source}, ${a.year}`)

/**
 * One participant's course of an alternative, in cents; `null` without `units`.
 *
 * @category combinators
 */
export const course = (a: Scenario.Alternative): Range.Range | null =>
  a.units === undefined ? null : Range.map(Range.multiply(Range.fromInput(a.unitPrice), Range.fromInput(a.units)), Money.roundHalfAwayFromZero)

/**
 * The peer group first, then every alternative that has `units`. Pass the model's `summary` when
 * it is already computed (`CostModel.summarize(model)`, the default).
 *
 * @category combinators
 */
export const compare = (
  model: CostModel.Model,
  alternatives: ReadonlyArray<Scenario.Alternative>,
  summary: CostModel.Summary = CostModel.summarize(model)
): ReadonlyArray<Option> => {
  const participants = CostModel.participantsCovered(model)
  const group: Option = {
    id: "peer-group",
    label: model.name,
    kind: "peer-group",
    total: summary.total,
    perParticipant: summary.perParticipant,
    source: model.source
  }
  const others = alternatives.flatMap((a): ReadonlyArray<Option> => {
    const c = course(a)
    if (c === null) return []
    const total = participants === null ? c : Range.map(Range.multiply(c, participants), Money.roundHalfAwayFromZero)
    return [{ id: a.id, label: a.label, kind: "alternative", total, perParticipant: c, source: citation(a) }]
  })
  return [group, ...others]
}

/**
 * Avoided units (visits, days) that pay for one group (a year with `groupsPerYear`), rounded up:
 * `min` is the least total over the dearest unit, `max` the greatest total over the cheapest unit;
 * per participant, the least cost per participant over the dearest unit and so on. Pass the model's
 * `summary` when it is already computed (`CostModel.summarize(model)`, the default).
 *
 * @category combinators
 * @example
 * import { Comparison, CostModel, Scenario } from "@vertaistuki/costs"
 * import { Either } from "effect"
 * const s = Either.getOrThrow(Scenario.decode({ name: "VOIKUKKIA", price: { total: { min: 355500, max: 615500 } } }))
 * const m = Either.getOrThrow(CostModel.fromScenario(s))
 * Comparison.breakEven(m, Comparison.presets)[2]?.units // { min: 18, likely: 24, max: 30 }
 */
export const breakEven = (
  model: CostModel.Model,
  alternatives: ReadonlyArray<Scenario.Alternative>,
  summary: CostModel.Summary = CostModel.summarize(model)
): ReadonlyArray<BreakEven> => {
  const total = summary.total
  const covered = CostModel.participantsCovered(model)
  const up = (x: number) => Math.ceil(x - 1e-9)
  return alternatives.map((a) => {
    const unitPrice = Range.fromInput(a.unitPrice)
    const units = Range.map(Range.divide(total, unitPrice), up)
    const unitsPerParticipant = covered === null || covered.min <= 0 ? null : Range.map(Range.divide(Range.divide(total, covered), unitPrice), up)
    return { id: a.id, label: a.label, unit: a.unit, unitPrice, units, unitsPerParticipant, source: citation(a) }
  })
}
