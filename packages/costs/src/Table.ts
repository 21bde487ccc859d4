/**
 * The rows of the tables that the CLI prints and the HTML report shows, as formatted strings:
 * what the group costs, the options against the alternatives, and break-even. Both build their
 * tables from these, so that they show the same figures in the same notation.
 *
 * @since 0.1.0
 */
import { type Language, Messages as CoreMessages, Money } from "@vertaistuki/core"
import type * as Comparison from "./Comparison.js"
import type * as CostModel from "./CostModel.js"
import { say } from "./Messages.js"
import type * as Range from "./Range.js"

/** A table row of formatted cells. @category models */
export type Row = ReadonlyArray<string>

/**
 * A range of cents from its min to its max, `3 555,00 € – 6 155,00 €`; one amount when they are
 * equal, `–` for `null`.
 *
 * @category formatting
 */
export const money = (r: Range.Range | null): string =>
  r === null ? "–" : r.min === r.max ? Money.formatCents(r.min) : `${Money.formatCents(r.min)} – ${Money.formatCents(r.max)}`

const points = (label: string, r: Range.Range): Row => [label, ...[r.min, r.likely, r.max].map(Money.formatCents)]

/** The head of `summaryRows` in English. @category models */
export const summaryHead: Row = ["", "min", "most likely", "max"]

/** The head of `summaryRows` in `lang`. @category formatting */
export const summaryHeadIn = (lang: Language.Language): Row => ["", say(lang, "min"), say(lang, "likely"), say(lang, "max")]

/**
 * The heading over a summary: "What the group costs", or "What a year costs" for a model of
 * `groupsPerYear` groups.
 *
 * @category formatting
 */
export const summaryTitle = (period: CostModel.Period = "group", lang: Language.Language = "en"): string =>
  say(lang, period === "year" ? "title.year" : "title.group")

/**
 * What the group costs: total (per year, for a year's model), per participant, per session-hour
 * (when known), then each category, its label after `indent` (default none).
 *
 * @category combinators
 */
export const summaryRows = (
  summary: CostModel.Summary,
  indent = "",
  period: CostModel.Period = "group",
  lang: Language.Language = "en"
): ReadonlyArray<Row> => [
  points(say(lang, period === "year" ? "total-year" : "total"), summary.total),
  ...(summary.perParticipant === null ? [] : [points(say(lang, "per-participant"), summary.perParticipant)]),
  ...(summary.perSessionHour === null ? [] : [points(say(lang, "per-session-hour"), summary.perSessionHour)]),
  ...summary.byCategory.map((c) => points(`${indent}${c.category}`, c.total))
]

/** The head of `optionRows` in English. @category models */
export const optionHead: Row = ["option", "total for the participants", "per participant", "source"]

/** The head of `optionRows` in `lang`. @category formatting */
export const optionHeadIn = (lang: Language.Language): Row => [say(lang, "option"), say(lang, "option.total"), say(lang, "per-participant"), say(lang, "source")]

/**
 * The options of a comparison: label, total, per participant and source.
 *
 * @category combinators
 */
export const optionRows = (options: ReadonlyArray<Comparison.Option>): ReadonlyArray<Row> =>
  options.map((o) => [o.label, money(o.total), money(o.perParticipant), o.source ?? ""])

/**
 * The head of `breakEvenRows`; `withSource` as there, `period` what the units pay for (one group,
 * or a year of groups).
 *
 * @category models
 */
export const breakEvenHead = (withSource = true, period: CostModel.Period = "group", lang: Language.Language = "en"): Row => [
  say(lang, "alternative"),
  say(lang, "unit"),
  say(lang, "unit-price"),
  say(lang, period === "year" ? "units.year" : "units.group"),
  say(lang, "units.per-participant"),
  ...(withSource ? [say(lang, "source")] : [])
]

/**
 * A range of units: `18–30`, or `24` when min and max are equal; `–` for `null`. In `lang`'s notation when
 * given (`1 000–1 500` in fi and sv), else as plain numbers.
 */
const units = (r: Range.Range | null, lang?: Language.Language): string => {
  const n = (x: number) => (lang === undefined ? `${x}` : CoreMessages.formatNumber(x, lang))
  return r === null ? "–" : r.min === r.max ? n(r.min) : `${n(r.min)}–${n(r.max)}`
}

/**
 * Break-even: alternative, unit, unit price, the avoided units that pay for one group (or a year),
 * those per participant, and (unless `withSource` is false) the source.
 *
 * @category combinators
 */
export const breakEvenRows = (rows: ReadonlyArray<Comparison.BreakEven>, withSource = true, lang?: Language.Language): ReadonlyArray<Row> =>
  rows.map((b) => [b.label, b.unit, money(b.unitPrice), units(b.units, lang), units(b.unitsPerParticipant, lang), ...(withSource ? [b.source] : [])])
