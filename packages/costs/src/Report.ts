/**
 * A self-contained HTML report for decision-makers: what the group costs, how it compares with the
 * alternatives, what pays for it, which inputs matter (tornado) and how uncertain the total is
 * (histogram of simulated draws). The charts are Apache ECharts rendered to inline SVG on the
 * server; the page has no script and loads nothing.
 *
 * @since 0.1.0
 */
import { type Language, Money } from "@vertaistuki/core"
import { Either } from "effect"
import * as Allocation from "./Allocation.js"
import * as Comparison from "./Comparison.js"
import * as CostModel from "./CostModel.js"
import * as Svg from "./internal/charts.js"
import { say } from "./Messages.js"
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
  /** The language of the report's words, headings and chart titles: `fi`, `sv` or `en` (default); in fi and sv also the tables' counts and decimals (`1 446`, `0,5`). */
  readonly lang?: Language.Language | undefined
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
  const lang = input.lang ?? "en"
  const n = Svg.numbers(input.numbers ?? "fi", lang)
  const year = input.model.period === "year"
  return {
    comparison: Svg.comparison(
      say(lang, perParticipant ? (year ? "chart.per-participant-year" : "chart.per-participant") : year ? "chart.total-year" : "chart.total"),
      bars,
      n
    ),
    tornado: Svg.tornado(
      say(lang, t.metric === "total" ? "chart.tornado.total" : "chart.tornado.per-participant"),
      t.base,
      t.rows.filter((r) => r.swing > 0).map((r) => ({ label: r.label, low: r.atMin, high: r.atMax })),
      n
    ),
    histogram:
      sim === undefined
        ? null
        : Svg.histogram(
            say(lang, year ? "chart.histogram-year" : "chart.histogram", { draws: n.count(sim.draws), distribution: sim.distribution, seed: sim.seed }),
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
  const lang = input.lang ?? "en"
  const notation = lang === "en" ? undefined : lang
  const w = (key: Parameters<typeof say>[1], values?: Parameters<typeof say>[2]) => esc(say(lang, key, values))
  const measure = say(lang, t.metric === "total" ? "total" : "per-participant")
  const split =
    model.organisers.length === 0
      ? ""
      : `<h2>${w("report.split")}</h2>${table(
          [say(lang, "organiser"), say(lang, "report.share-of-likely")],
          Either.getOrElse(Allocation.byOrganisers(summary.total.likely, model.organisers), () => []).map((p) => [p.name, Money.formatCents(p.cents)]),
          [1]
        )}`
  return `<!doctype html>
<html lang="${lang}"><head><meta charset="utf-8"><title>${w("report.title", { name: model.name })}</title><style>${style}</style></head><body>
<h1>${esc(model.name)}</h1>
${input.description === undefined ? "" : `<p>${esc(input.description)}</p>`}
${model.source === null ? "" : `<p class="note">${w("source.line", { source: model.source })}</p>`}
<h2>${esc(Table.summaryTitle(model.period, lang))}</h2>
${table(Table.summaryHeadIn(lang), Table.summaryRows(summary, "", model.period, lang), [1, 2, 3])}
<details><summary>${w("report.every-line")}</summary>${table(
    [say(lang, "category"), say(lang, "line"), say(lang, "min"), say(lang, "likely"), say(lang, "max")],
    summary.lines.map((l) => [l.category, l.label, ...[l.total.min, l.total.likely, l.total.max].map(Money.formatCents)]),
    [2, 3, 4]
  )}</details>
${split}
<h2>${w("report.alternatives")}</h2>
<figure id="chart-comparison">${c.comparison}</figure>
${table(Table.optionHeadIn(lang), Table.optionRows(options), [1, 2])}
<p class="note">${w(model.period === "year" ? "report.alternative-note.year" : "report.alternative-note.group")}</p>
<h2>${w(model.period === "year" ? "report.pays.year" : "report.pays.group")}</h2>
${table(Table.breakEvenHead(true, model.period, lang), Table.breakEvenRows(breakEven, true, notation), [2, 3, 4])}
<h2>${w("report.inputs")}</h2>
<figure id="chart-tornado">${c.tornado}</figure>
${table(
  [say(lang, "input"), say(lang, "range"), say(lang, "at-min", { measure }), say(lang, "at-max", { measure })],
  t.rows.map((r) => [
    r.label,
    `${CostModel.formatInput(r.unit, r.inputMin, notation)} – ${CostModel.formatInput(r.unit, r.inputMax, notation)}`,
    Money.formatCents(r.atMin),
    Money.formatCents(r.atMax)
  ]),
  [1, 2, 3]
)}
${
  sim === undefined || c.histogram === null
    ? ""
    : `<h2>${w("report.uncertain")}</h2>
<figure id="chart-histogram">${c.histogram}</figure>
${table(
  ["", "P5", "P50", "P95", say(lang, "mean")],
  [
    [say(lang, "total"), ...[sim.totalPercentiles.p5, sim.totalPercentiles.p50, sim.totalPercentiles.p95, sim.totalPercentiles.mean].map(Money.formatCents)],
    ...(sim.perParticipantPercentiles === null
      ? []
      : [
          [
            say(lang, "per-participant"),
            ...[sim.perParticipantPercentiles.p5, sim.perParticipantPercentiles.p50, sim.perParticipantPercentiles.p95, sim.perParticipantPercentiles.mean].map(
              Money.formatCents
            )
          ]
        ])
  ],
  [1, 2, 3, 4]
)}
<p class="note">${w("report.draws-note", { draws: Svg.numbers(input.numbers).count(sim.draws), distribution: sim.distribution, seed: sim.seed })}</p>`
}
</body></html>
`
}
