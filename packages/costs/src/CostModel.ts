/**
 * The cost model of one group run (or of a year of a structure): a list of cost lines, each a
 * constant times a product of inputs, where every input is a range. A scenario compiles into a
 * model once; totals, comparisons, sensitivity and simulation all evaluate the same lines.
 *
 * Rounding: every line is rounded to whole cents, half away from zero (`Money.roundHalfAwayFromZero`),
 * and every total is the sum of its rounded lines, so a total always equals the sum of its
 * categories. Quotients (per participant, per session-hour) are rounded by the same rule.
 *
 * Bounds: `min` takes every input at the end that lowers each line (the greatest value of a
 * divisor), `max` the end that raises it, `likely` every most likely value.
 *
 * @since 0.1.0
 */
import { type Language, Messages, Money } from "@vertaistuki/core"
import { Data, Either } from "effect"
import * as Range from "./Range.js"
import type * as Scenario from "./Scenario.js"

/**
 * The categories of cost: a price given as a whole, staff time, fees, other costs and the lines
 * of a structure budget.
 *
 * @category models
 */
export type Category = "price" | "staff" | "fees" | "other" | "structure"

/** The categories in reporting order. @category models */
export const categories: ReadonlyArray<Category> = ["price", "staff", "fees", "other", "structure"]

/**
 * One input of the model. Its value in a line is `value + shift` (side costs enter as
 * `1 + share`).
 *
 * @category models
 */
export interface Input {
  readonly path: string
  readonly label: string
  readonly unit: Unit
  readonly range: Range.Range
  readonly shift: number
}

/** What an input counts: cents, hours, a count or a share. @category models */
export type Unit = "cents" | "hours" | "count" | "share"

/**
 * An input's value for people: `45,00 €`, `2.5 h`, `6`, `25 %`; with `lang`, its numbers in that language's notation (`2,5 h` in fi and sv).
 *
 * @category combinators
 */
export const formatInput = (unit: Unit, x: number, lang?: Language.Language): string => {
  const n = (v: number) => (lang === undefined ? `${v}` : Messages.formatNumber(v, lang))
  return unit === "cents" ? Money.formatCents(x) : unit === "hours" ? `${n(x)} h` : unit === "share" ? `${n(Money.roundHalfAwayFromZero(x * 1000) / 10)} %` : n(x)
}

/** An input used in a line, as a multiplier or (`inverse`) a divisor. @category models */
export interface Factor {
  readonly input: number
  readonly inverse: boolean
}

/** One cost line: `coef × Π factors`. @category models */
export interface Line {
  readonly category: Category
  readonly item: string
  readonly label: string
  readonly path: string
  readonly coef: number
  readonly factors: ReadonlyArray<Factor>
}

/**
 * A compiled model. `participants`, `sessionCount`, `sessionHours`, `otherHours` and `groupsPerYear`
 * index `inputs` when the scenario gives them. `period` is what a total covers: one group, or a year
 * of `groupsPerYear` groups (the group's lines are multiplied by it; structure lines are yearly).
 *
 * @category models
 */
export interface Model {
  readonly name: string
  readonly source: string | null
  readonly distribution: "triangular" | "pert"
  readonly inputs: ReadonlyArray<Input>
  readonly lines: ReadonlyArray<Line>
  readonly participants: number | null
  readonly sessionCount: number | null
  readonly sessionHours: number | null
  readonly otherHours: number | null
  readonly groupsPerYear: number | null
  readonly period: Period
  readonly organisers: ReadonlyArray<Scenario.Organiser>
}

/** What a model's totals cover: one group run, or a year (`groupsPerYear`). @category models */
export type Period = "group" | "year"

/** A scenario with no cost in it. */
export class EmptyModelError extends Data.TaggedError("EmptyModelError")<{ readonly name: string }> {
  override get message(): string {
    return `${this.name}: the scenario has no costs (give price, staff, fees, costs or structure)`
  }
}

/** Where a model is evaluated: at every input's min, most likely or max value. @category models */
export type Bound = "min" | "likely" | "max"

/** A line's total. @category models */
export interface LineTotal {
  readonly category: Category
  readonly item: string
  readonly label: string
  readonly total: Range.Range
}

/**
 * What a group (or, with `groupsPerYear`, a year) costs: in total, per participant, per session-hour,
 * by category and by line, in whole cents.
 *
 * @category models
 */
export interface Summary {
  readonly total: Range.Range
  readonly perParticipant: Range.Range | null
  readonly perSessionHour: Range.Range | null
  readonly byCategory: ReadonlyArray<{ readonly category: Category; readonly total: Range.Range }>
  readonly lines: ReadonlyArray<LineTotal>
}

const perLabel: Record<Scenario.Per, string> = {
  group: "",
  participant: " per participant",
  session: " per session",
  "participant-session": " per participant and session"
}

/**
 * Compiles a validated scenario.
 *
 * @category constructors
 */
export const fromScenario = (s: Scenario.Scenario): Either.Either<Model, EmptyModelError> => {
  const inputs: Array<Input> = []
  const index = new Map<string, number>()
  const input = (path: string, label: string, unit: Unit, value: Range.RangeInput, shift = 0): number => {
    const known = index.get(path)
    if (known !== undefined) return known
    inputs.push({ path, label, unit, range: Range.fromInput(value), shift })
    index.set(path, inputs.length - 1)
    return inputs.length - 1
  }
  const times = (i: number): Factor => ({ input: i, inverse: false })
  const participants = s.participants === undefined ? null : input("participants", "participants", "count", s.participants)
  const sessionCount = s.sessions === undefined ? null : input("sessions.count", "number of sessions", "count", s.sessions.count)
  const sessionHours = s.sessions === undefined ? null : input("sessions.hours", "hours per session", "hours", s.sessions.hours)
  const otherHours = s.sessions?.otherHours === undefined ? null : input("sessions.otherHours", "other meeting hours", "hours", s.sessions.otherHours)
  const groupsPerYear = s.groupsPerYear === undefined ? null : input("groupsPerYear", "groups per year", "count", s.groupsPerYear)
  const perFactors = (per: Scenario.Per | undefined): ReadonlyArray<Factor> => {
    const p = participants === null ? [] : [times(participants)]
    const n = sessionCount === null ? [] : [times(sessionCount)]
    return per === "participant" ? p : per === "session" ? n : per === "participant-session" ? [...p, ...n] : []
  }
  const lines: Array<Line> = []
  if (s.price !== undefined) {
    lines.push({
      category: "price",
      item: "price",
      label: s.price.note ?? "price as given",
      path: "price",
      coef: 1,
      factors: [times(input("price.total", "price as given", "cents", s.price.total))]
    })
  }
  const rates = s.rates ?? {}
  ;(s.staff ?? []).forEach((t, i) => {
    const rate = rates[t.role]
    if (rate === undefined) return
    const roleLabel = rate.label ?? t.role
    const path = `staff[${i}]`
    const factors: Array<Factor> = [
      times(input(`${path}.hours`, `${t.label ?? t.activity} hours`, "hours", t.hours)),
      ...(t.people === undefined ? [] : [times(input(`${path}.people`, `${t.label ?? t.activity} people`, "count", t.people))]),
      ...perFactors(t.per),
      times(input(`rates.${t.role}.hourly`, `${roleLabel} hourly pay`, "cents", rate.hourly)),
      ...(rate.sideCosts === undefined ? [] : [times(input(`rates.${t.role}.sideCosts`, `${roleLabel} side costs`, "share", rate.sideCosts, 1))])
    ]
    lines.push({ category: "staff", item: t.activity, label: `${t.label ?? t.activity} (${roleLabel})${perLabel[t.per ?? "group"]}`, path, coef: 1, factors })
  })
  /** A line of an amount, times an optional count, then any further factors (registered after those two). */
  const amountLine = (
    category: Category,
    item: string,
    path: string,
    label: string,
    l: { readonly amount: Range.RangeInput; readonly count?: Range.RangeInput | undefined },
    suffix = "",
    more: () => ReadonlyArray<Factor> = () => []
  ): void => {
    const factors = [
      times(input(`${path}.amount`, `${label} amount`, "cents", l.amount)),
      ...(l.count === undefined ? [] : [times(input(`${path}.count`, `${label} count`, "count", l.count))])
    ]
    lines.push({ category, item, label: `${label}${suffix}`, path, coef: 1, factors: [...factors, ...more()] })
  }
  ;(s.fees ?? []).forEach((f, i) => {
    amountLine("fees", f.kind, `fees[${i}]`, f.label ?? f.kind, f)
  })
  ;(s.costs ?? []).forEach((c, i) => {
    const path = `costs[${i}]`
    const label = c.label ?? c.kind
    amountLine("other", c.kind, path, label, c, perLabel[c.per ?? "group"], () => [
      ...perFactors(c.per),
      ...(c.amortiseOver === undefined ? [] : [{ input: input(`${path}.amortiseOver`, `${label} groups sharing it`, "count", c.amortiseOver), inverse: true }])
    ])
  })
  ;(s.structure ?? []).forEach((l, i) => {
    amountLine("structure", l.line, `structure[${i}]`, l.label ?? l.line, l)
  })
  if (lines.length === 0) return Either.left(new EmptyModelError({ name: s.name }))
  const yearly = groupsPerYear === null ? lines : lines.map((l) => (l.category === "structure" ? l : { ...l, factors: [...l.factors, times(groupsPerYear)] }))
  return Either.right({
    name: s.name,
    source: s.source ?? null,
    distribution: s.distribution ?? "triangular",
    inputs,
    lines: yearly,
    participants,
    sessionCount,
    sessionHours,
    otherHours,
    groupsPerYear,
    period: groupsPerYear === null ? "group" : "year",
    organisers: s.organisers ?? []
  })
}

const pick = (r: Range.Range, b: Bound, inverse: boolean): number =>
  b === "likely" ? r.likely : (b === "min") !== inverse ? r.min : r.max

/**
 * The values of every input at a bound.
 *
 * @category combinators
 */
export const valuesAt = (model: Model, b: Bound): Array<number> => model.inputs.map((i) => (b === "min" ? i.range.min : b === "max" ? i.range.max : i.range.likely))

/**
 * A line's exact (unrounded) value in cents for given input values.
 *
 * @category combinators
 */
export const lineValue = (model: Model, line: Line, values: ArrayLike<number>): number => {
  let v = line.coef
  for (const f of line.factors) {
    const x = (values[f.input] ?? 0) + (model.inputs[f.input]?.shift ?? 0)
    v = f.inverse ? v / x : v * x
  }
  return v
}

/**
 * A line's value in cents at a bound, rounded.
 *
 * @category combinators
 */
export const lineAt = (model: Model, line: Line, b: Bound): number => {
  let v = line.coef
  for (const f of line.factors) {
    const i = model.inputs[f.input]!
    const x = pick(i.range, b, f.inverse) + i.shift
    v = f.inverse ? v / x : v * x
  }
  return Money.roundHalfAwayFromZero(v)
}

/**
 * The total in cents for given input values: the sum of the rounded lines.
 *
 * @category combinators
 */
export const totalFor = (model: Model, values: ArrayLike<number>): number =>
  model.lines.reduce((s, l) => s + Money.roundHalfAwayFromZero(lineValue(model, l, values)), 0)

/**
 * The total in cents for the lines of one category.
 *
 * @category combinators
 */
export const categoryTotal = (model: Model, category: Category, values: ArrayLike<number>): number =>
  model.lines.filter((l) => l.category === category).reduce((s, l) => s + Money.roundHalfAwayFromZero(lineValue(model, l, values)), 0)

const rangeOf = (model: Model, index: number | null): Range.Range | null => (index === null ? null : (model.inputs[index]?.range ?? null))

/** A range times the groups of a year, or as it is for one group. */
const timesGroups = (model: Model, r: Range.Range | null): Range.Range | null => {
  const groups = rangeOf(model, model.groupsPerYear)
  return r === null || groups === null ? r : Range.multiply(r, groups)
}

/**
 * The participants a total pays for: the group's, or those of a year's groups (`participants ×
 * groupsPerYear`); `null` when the scenario gives no participants.
 *
 * @category combinators
 */
export const participantsCovered = (model: Model): Range.Range | null => timesGroups(model, rangeOf(model, model.participants))

/**
 * The participants a total pays for, for given input values (see {@link participantsCovered}).
 *
 * @category combinators
 */
export const participantsFor = (model: Model, values: ArrayLike<number>): number | null =>
  model.participants === null
    ? null
    : (values[model.participants] ?? 0) * (model.groupsPerYear === null ? 1 : (values[model.groupsPerYear] ?? 0))

/**
 * Divides a range of cents by a positive range and rounds each point; `null` when the divisor
 * can be zero.
 *
 * @category combinators
 */
export const per = (total: Range.Range, divisor: Range.Range | null): Range.Range | null =>
  divisor === null || divisor.min <= 0 ? null : Range.map(Range.divide(total, divisor), Money.roundHalfAwayFromZero)

/**
 * Totals by line and category, per participant and per session-hour.
 *
 * @category combinators
 * @example
 * import { CostModel, Scenario } from "@vertaistuki/costs"
 * import { Either } from "effect"
 * const s = Either.getOrThrow(Scenario.decode({ name: "VOIKUKKIA", price: { total: { min: 355500, max: 615500 } }, participants: { min: 4, max: 8 } }))
 * CostModel.summarize(Either.getOrThrow(CostModel.fromScenario(s))).perParticipant // { min: 44438, likely: 80917, max: 153875 }
 */
export const summarize = (model: Model): Summary => {
  const lines: Array<LineTotal> = model.lines.map((l) => ({
    category: l.category,
    item: l.item,
    label: l.label,
    total: { min: lineAt(model, l, "min"), likely: lineAt(model, l, "likely"), max: lineAt(model, l, "max") }
  }))
  const byCategory = categories
    .filter((c) => lines.some((l) => l.category === c))
    .map((category) => ({ category, total: Range.sum(lines.filter((l) => l.category === category).map((l) => l.total)) }))
  const total = Range.sum(byCategory.map((c) => c.total))
  const count = rangeOf(model, model.sessionCount)
  const hours = rangeOf(model, model.sessionHours)
  const other = rangeOf(model, model.otherHours) ?? Range.point(0)
  return {
    total,
    perParticipant: per(total, participantsCovered(model)),
    perSessionHour: count === null || hours === null ? null : per(total, timesGroups(model, Range.add(Range.multiply(count, hours), other))),
    byCategory,
    lines
  }
}

/**
 * A copy of the model with every hourly pay multiplied by `k`.
 *
 * @category combinators
 */
export const scaleRates = (model: Model, k: number): Model => ({
  ...model,
  inputs: model.inputs.map((i) => (i.path.startsWith("rates.") && i.path.endsWith(".hourly") ? { ...i, range: Range.map(i.range, (x) => x * k) } : i))
})
