/**
 * A self-contained HTML report for decision-makers: what the group costs, how it compares with the
 * alternatives, what pays for it, which inputs matter (tornado) and how uncertain the total is
 * (histogram of simulated draws). The charts are Apache ECharts rendered to inline SVG on the
 * server; the page has no script and loads nothing.
 *
 * @since 0.1.0
 */
import { Money } from "@vertaistuki/core"
import { Either } from "effect"
import * as Allocation from "./Allocation.js"
import * as Comparison from "./Comparison.js"
import * as CostModel from "./CostModel.js"
import * as Svg from "./internal/charts.js"
import type * as Scenario from "./Scenario.js"
import * as Sensitivity from "./Sensitivity.js"
import * as Simulation from "./Simulation.js"
import * as Table from "./Table.js"

/**
 * What a report shows; `simulation` is optional.
 *
 * @category models
 */
export interface Input {
  readonly model: CostModel.Model
  readonly alternatives: ReadonlyArray<Scenario.Alternative>
  readonly simulation?: Simulation.Result | undefined
  readonly description?: string | undefined
  /** What the tornado measures; default the total. */
  readonly metric?: Sensitivity.Metric | undefined
  /** The notation of numbers on the chart axes and of counts: `fi` (default, as the tables' money), `sv` or `en`. */
  readonly numbers?: Svg.Lang | undefined
}

/**
 * What the charts draw when the caller has already computed it: the comparison's options
 * (`Comparison.compare`) and the tornado (`Sensitivity.tornado`).
 *
 * @category models
 */
export interface Computed {
  readonly options: ReadonlyArray<Comparison.Option>
  readonly tornado: Sensitivity.Tornado
}

/** The three charts as SVG strings. @category models */
export interface Charts {
  readonly comparison: string
  readonly tornado: string
  readonly histogram: string | null
}

const esc = (s: string): string => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;")

const table = (head: ReadonlyArray<string>, rows: ReadonlyArray<ReadonlyArray<string>>, numeric: ReadonlyArray<number> = []): string =>
  `<table><thead><tr>${head.map((h) => `<th>${esc(h)}</th>`).join("")}</tr></thead><tbody>${rows
    .map((r) => `<tr>${r.map((c, i) => `<td${numeric.includes(i) ? ' class="num"' : ""}>${esc(c)}</td>`).join("")}</tr>`)
    .join("")}</tbody></table>`

/**
 * Renders the charts: comparison bars (per participant when the model has participants), the
 * tornado (of the total unless `metric` says otherwise), and the histogram of simulated totals.
 * Without `computed`, the comparison and the tornado are computed from `input`.
 *
 * @category combinators
 */
export const charts = (input: Input, computed?: Computed): Charts => {
  const options = computed?.options ?? Comparison.compare(input.model, input.alternatives)
  const perParticipant = options[0]?.perParticipant !== null
  const bars = options.map((o) => {
    const r = (perParticipant ? o.perParticipant : o.total) ?? o.total
    return { label: o.label, min: r.min, max: r.max, highlight: o.kind === "peer-group" }
  })
  const t = computed?.tornado ?? Sensitivity.tornado(input.model, input.metric ?? "total")
  const sim = input.simulation
  const n = Svg.numbers(input.numbers)
  const year = input.model.period === "year"
  return {
    comparison: Svg.comparison(perParticipant ? `Cost per participant${year ? " in a year" : ""}` : year ? "Total cost per year" : "Total cost", bars, n),
    tornado: Svg.tornado(
      `What moves the ${t.metric === "total" ? "total" : "cost per participant"}: each input from its min to its max`,
      t.base,
      t.rows.filter((r) => r.swing > 0).map((r) => ({ label: r.label, low: r.atMin, high: r.atMax })),
      n
    ),
    histogram:
      sim === undefined
        ? null
        : Svg.histogram(
            `Simulated total${year ? " per year" : ""}, ${n.count(sim.draws)} draws (${sim.distribution}, seed ${sim.seed})`,
            `P5 ${n.euros(sim.totalPercentiles.p5)} · P50 ${n.euros(sim.totalPercentiles.p50)} · P95 ${n.euros(sim.totalPercentiles.p95)}`,
            Simulation.histogram(sim.total, 30),
            n
          )
  }
}

const style = `body{font-family:"DejaVu Sans",Arial,sans-serif;max-width:960px;margin:2em auto;padding:0 1em;color:#1d2733}
h1{font-size:1.6em}h2{font-size:1.2em;margin-top:2em;border-bottom:1px solid #ccd}
table{border-collapse:collapse;margin:.5em 0;font-size:.9em}td,th{border:1px solid #ccd;padding:.3em .6em;text-align:left}
td.num{text-align:right;white-space:nowrap}figure{margin:1em 0}figure svg{max-width:100%;height:auto}
.note{color:#556;font-size:.85em}`

/**
 * The whole report as one HTML document.
 *
 * @category combinators
 */
export const html = (input: Input): string => {
  const { model } = input
  const summary = CostModel.summarize(model)
  const options = Comparison.compare(model, input.alternatives, summary)
  const breakEven = Comparison.breakEven(model, input.alternatives, summary)
  const t = Sensitivity.tornado(model, input.metric ?? "total")
  const c = charts(input, { options, tornado: t })
  const sim = input.simulation
  const split =
    model.organisers.length === 0
      ? ""
      : `<h2>Split between the organisers</h2>${table(
          ["organiser", "share of the most likely total"],
          Either.getOrElse(Allocation.byOrganisers(summary.total.likely, model.organisers), () => []).map((p) => [p.name, Money.formatCents(p.cents)]),
          [1]
        )}`
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${esc(model.name)}: costs</title><style>${style}</style></head><body>
<h1>${esc(model.name)}</h1>
${input.description === undefined ? "" : `<p>${esc(input.description)}</p>`}
${model.source === null ? "" : `<p class="note">Source: ${esc(model.source)}</p>`}
<h2>${Table.summaryTitle(model.period)}</h2>
${table(Table.summaryHead, Table.summaryRows(summary, "", model.period), [1, 2, 3])}
<details><summary>Every line</summary>${table(
    ["category", "line", "min", "most likely", "max"],
    summary.lines.map((l) => [l.category, l.label, ...[l.total.min, l.total.likely, l.total.max].map(Money.formatCents)]),
    [2, 3, 4]
  )}</details>
${split}
<h2>Against the alternatives</h2>
<figure id="chart-comparison">${c.comparison}</figure>
${table(Table.optionHead, Table.optionRows(options), [1, 2])}
<p class="note">An alternative's total is one participant's course times the ${model.period === "year" ? "participants of a year's groups" : "group's participants"}.</p>
<h2>${model.period === "year" ? "What pays for a year" : "What pays for one group"}</h2>
${table(Table.breakEvenHead(true, model.period), Table.breakEvenRows(breakEven), [2, 3, 4])}
<h2>Which inputs matter</h2>
<figure id="chart-tornado">${c.tornado}</figure>
${table(
  ["input", "range", `${t.metric === "total" ? "total" : "per participant"} at its min`, `${t.metric === "total" ? "total" : "per participant"} at its max`],
  t.rows.map((r) => [r.label, `${CostModel.formatInput(r.unit, r.inputMin)} – ${CostModel.formatInput(r.unit, r.inputMax)}`, Money.formatCents(r.atMin), Money.formatCents(r.atMax)]),
  [1, 2, 3]
)}
${
  sim === undefined || c.histogram === null
    ? ""
    : `<h2>How uncertain the total is</h2>
<figure id="chart-histogram">${c.histogram}</figure>
${table(
  ["", "P5", "P50", "P95", "mean"],
  [
    ["total", ...[sim.totalPercentiles.p5, sim.totalPercentiles.p50, sim.totalPercentiles.p95, sim.totalPercentiles.mean].map(Money.formatCents)],
    ...(sim.perParticipantPercentiles === null
      ? []
      : [
          [
            "per participant",
            ...[sim.perParticipantPercentiles.p5, sim.perParticipantPercentiles.p50, sim.perParticipantPercentiles.p95, sim.perParticipantPercentiles.mean].map(
              Money.formatCents
            )
          ]
        ])
  ],
  [1, 2, 3, 4]
)}
<p class="note">${Svg.numbers(input.numbers).count(sim.draws)} draws, ${sim.distribution} distribution per range, seed ${sim.seed}; the same seed gives the same draws.</p>`
}
</body></html>
`
}
