/**
 * One-way sensitivity: every ranged input moved from its min to its max while the others stay at
 * their most likely values. Sorted by swing, the rows draw a tornado.
 *
 * @since 0.1.0
 */
import { Money } from "@vertaistuki/core"
import * as CostModel from "./CostModel.js"
import * as Range from "./Range.js"

/** What the tornado measures: the group's total, or the cost per participant. @category models */
export type Metric = "total" | "perParticipant"

/**
 * One bar of the tornado: the metric (cents) with the input at its min and at its max.
 *
 * @category models
 */
export interface Row {
  readonly path: string
  readonly label: string
  readonly unit: CostModel.Unit
  readonly inputMin: number
  readonly inputMax: number
  readonly atMin: number
  readonly atMax: number
  readonly swing: number
}

/** A tornado: the base value (every input most likely) and the rows, widest swing first. @category models */
export interface Tornado {
  readonly metric: Metric
  readonly base: number
  readonly rows: ReadonlyArray<Row>
}

const metricFor = (model: CostModel.Model, metric: Metric, values: ReadonlyArray<number>): number => {
  const total = CostModel.totalFor(model, values)
  const participants = CostModel.participantsFor(model, values)
  if (metric === "total" || participants === null) return total
  return Money.roundHalfAwayFromZero(total / participants)
}

/**
 * The tornado of a model. Inputs whose min equals their max are left out. With `perParticipant`
 * and no participants in the model, the total is measured.
 *
 * @category combinators
 */
export const tornado = (model: CostModel.Model, metric: Metric = "total"): Tornado => {
  const base = CostModel.valuesAt(model, "likely")
  const rows = model.inputs.flatMap((input, i): ReadonlyArray<Row> => {
    if (Range.isPoint(input.range)) return []
    const at = (x: number) => metricFor(model, metric, base.map((v, j) => (j === i ? x : v)))
    const atMin = at(input.range.min)
    const atMax = at(input.range.max)
    return [{ path: input.path, label: input.label, unit: input.unit, inputMin: input.range.min, inputMax: input.range.max, atMin, atMax, swing: Math.abs(atMax - atMin) }]
  })
  return {
    metric: metric === "perParticipant" && model.participants !== null ? "perParticipant" : "total",
    base: metricFor(model, metric, base),
    rows: rows.sort((a, b) => b.swing - a.swing || a.path.localeCompare(b.path))
  }
}
