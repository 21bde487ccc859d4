/**
 * `vertaistuki costs compare|sensitivity|simulate <scenario>`: cost scenarios for analysts. Tables
 * by default; `--json` for scripts; `--csv` for Excel with Finnish settings (`;`, decimal comma,
 * UTF-8 with BOM) or `--plain-csv` (`,` and `.`); `--html report.html` writes a self-contained
 * report with charts.
 *
 * @since 0.1.0
 */
import { Args, Command, Options } from "@effect/cli"
import { Money } from "@vertaistuki/core"
import type { CostModel, Range, Scenario, Simulation } from "@vertaistuki/costs"
import { SingleBar } from "cli-progress"
import { stringify } from "csv-stringify/sync"
import { Effect, Either, Option } from "effect"
import { BadInput, csvText, json, printError, printJson, printLine, printTable, readData, write, writeText } from "../Output.js"

/** The costs library (with its chart renderer) loads only when a costs command runs. */
const lib = Effect.promise(() => import("@vertaistuki/costs"))

const scenarioArg = Args.text({ name: "scenario" }).pipe(Args.withDescription("a scenario file, JSON or YAML (see docs/costs.md)"))
const csv = Options.boolean("csv").pipe(Options.withDescription("print CSV for Excel with Finnish settings: ';', decimal comma, UTF-8 with BOM"))
const plainCsv = Options.boolean("plain-csv").pipe(Options.withDescription("print plain CSV: ',' and '.'"))
const html = Options.text("html").pipe(Options.optional, Options.withDescription("write a self-contained HTML report with charts to this file"))
const draws = Options.integer("draws").pipe(Options.withDefault(10_000), Options.withDescription("the number of Monte Carlo draws"))
const seed = Options.integer("seed").pipe(Options.withDefault(1), Options.withDescription("the seed of the draws; the same seed gives the same draws"))

/** Draws behind the histogram of a report written by `compare` or `sensitivity`. */
const reportDraws = 10_000

interface Loaded {
  readonly scenario: Scenario.Scenario
  readonly model: CostModel.Model
  readonly alternatives: ReadonlyArray<Scenario.Alternative>
}

const load = (file: string): Effect.Effect<Loaded, BadInput> =>
  Effect.gen(function* () {
    const { Comparison, CostModel, Scenario } = yield* lib
    const data = yield* readData(file)
    const scenario = Scenario.decode(data)
    if (Either.isLeft(scenario)) {
      return yield* new BadInput({ message: scenario.left.issues.map((i) => `${file}: ${i.path === "" ? "" : `${i.path}: `}${i.message}`).join("\n") })
    }
    const model = CostModel.fromScenario(scenario.right)
    if (Either.isLeft(model)) return yield* new BadInput({ message: `${file}: ${model.left.message}` })
    return { scenario: scenario.right, model: model.right, alternatives: Comparison.alternativesOf(scenario.right) }
  })

type Format = "table" | "json" | "csv" | "plain-csv"

const formatOf = (o: { readonly json: boolean; readonly csv: boolean; readonly plainCsv: boolean }): Effect.Effect<Format, BadInput> => {
  const chosen = [o.json && "--json", o.csv && "--csv", o.plainCsv && "--plain-csv"].filter((x) => x !== false)
  if (chosen.length > 1) return Effect.fail(new BadInput({ message: `choose one of ${chosen.join(", ")}` }))
  return Effect.succeed(o.json ? "json" : o.csv ? "csv" : o.plainCsv ? "plain-csv" : "table")
}

/** Euros as a number rounded to cents. */
const eur = (cents: number): number => Money.roundHalfAwayFromZero(cents) / 100
const eurRange = (r: Range.Range | null) => (r === null ? null : { min: eur(r.min), max: eur(r.max) })

/** An input's unit for scripts: money in euros. */
const unitOf = (u: CostModel.Unit): string => (u === "cents" ? "EUR" : u)
const inputValue = (u: CostModel.Unit, x: number): number => (u === "cents" ? eur(x) : x)

/**
 * CSV text: Finnish Excel (`;`, decimal comma, BOM) or plain. Numbers are euros or counts; a text cell that
 * a spreadsheet could run as a formula (`=`, `+`, `-`, `@`, tab, CR first) is written with a leading `'`.
 */
const toCsv = (format: "csv" | "plain-csv", head: ReadonlyArray<string>, rows: ReadonlyArray<ReadonlyArray<string | number | null>>): string => {
  const finnish = format === "csv"
  const cell = (v: string | number | null): string => (v === null ? "" : typeof v === "number" ? (finnish ? String(v).replace(".", ",") : String(v)) : csvText(v))
  return stringify([head.map(String), ...rows.map((r) => r.map(cell))], {
    delimiter: finnish ? ";" : ",",
    bom: finnish,
    record_delimiter: "\r\n"
  })
}

const printCsv = (text: string): Effect.Effect<void> => write(text)

const simulateWithProgress = (model: CostModel.Model, n: number, s: number): Effect.Effect<Simulation.Result, BadInput> =>
  Effect.flatMap(lib, ({ Simulation }) => {
    const started = performance.now()
    let bar: SingleBar | null = null
    const result = Simulation.run(model, {
      draws: n,
      seed: s,
      onProgress: (done, total) => {
        if (bar === null && performance.now() - started > 1000 && done < total) {
          bar = new SingleBar({ stream: process.stderr, format: "simulating [{bar}] {percentage}% | {value}/{total} draws | {eta}s left", hideCursor: true })
          bar.start(total, done)
        } else bar?.update(done)
      }
    })
    ;(bar as SingleBar | null)?.stop()
    return Either.isLeft(result) ? Effect.fail(new BadInput({ message: result.left.message })) : Effect.succeed(result.right)
  })

const writeReport = (file: string, loaded: Loaded, simulation: Simulation.Result, metric?: "total" | "perParticipant"): Effect.Effect<void, BadInput> =>
  Effect.flatMap(lib, ({ Report }) =>
    writeText(file, Report.html({ model: loaded.model, alternatives: loaded.alternatives, simulation, description: loaded.scenario.description, metric }))
  ).pipe(Effect.zipRight(printError(`report written to ${file}`)))

const maybeReport = (
  file: Option.Option<string>,
  loaded: Loaded,
  simulation?: Simulation.Result,
  metric?: "total" | "perParticipant"
): Effect.Effect<void, BadInput> =>
  Option.match(file, {
    onNone: () => Effect.void,
    onSome: (path) =>
      Effect.flatMap(simulation === undefined ? simulateWithProgress(loaded.model, reportDraws, 1) : Effect.succeed(simulation), (sim) =>
        writeReport(path, loaded, sim, metric)
      )
  })

/** `costs compare`: the group against the alternatives, and break-even. */
const compare = Command.make("compare", { scenario: scenarioArg, json, csv, plainCsv, html }, (o) =>
  Effect.gen(function* () {
    const format = yield* formatOf(o)
    const loaded = yield* load(o.scenario)
    const { Allocation, Comparison, CostModel, Table } = yield* lib
    const summary = CostModel.summarize(loaded.model)
    const options = Comparison.compare(loaded.model, loaded.alternatives, summary)
    if (format === "json") {
      yield* printJson({
        currency: "EUR",
        options: options.map((x) => ({ id: x.id, label: x.label, total: eurRange(x.total), perParticipant: eurRange(x.perParticipant), source: x.source }))
      })
    } else if (format !== "table") {
      yield* printCsv(
        toCsv(
          format,
          ["id", "label", "total_min_eur", "total_likely_eur", "total_max_eur", "per_participant_min_eur", "per_participant_likely_eur", "per_participant_max_eur", "source"],
          options.map((x) => [
            x.id,
            x.label,
            eur(x.total.min),
            eur(x.total.likely),
            eur(x.total.max),
            x.perParticipant === null ? null : eur(x.perParticipant.min),
            x.perParticipant === null ? null : eur(x.perParticipant.likely),
            x.perParticipant === null ? null : eur(x.perParticipant.max),
            x.source
          ])
        )
      )
    } else {
      yield* printLine(`${loaded.model.name}\n`)
      yield* printTable(Table.summaryHead, Table.summaryRows(summary, "  "))
      if (loaded.model.organisers.length > 0) {
        const split = (cents: number) => Either.getOrElse(Allocation.byOrganisers(cents, loaded.model.organisers), () => [])
        const [lo, mid, hi] = [split(summary.total.min), split(summary.total.likely), split(summary.total.max)]
        yield* printTable(
          ["organiser", "share", "min", "most likely", "max"],
          loaded.model.organisers.map((org, i) => [
            org.name,
            org.share,
            ...[lo, mid, hi].map((parts) => Money.formatCents(parts[i]?.cents ?? 0))
          ])
        )
      }
      yield* printTable(Table.optionHead, Table.optionRows(options))
      yield* printTable(Table.breakEvenHead(false), Table.breakEvenRows(Comparison.breakEven(loaded.model, loaded.alternatives, summary), false))
    }
    yield* maybeReport(o.html, loaded)
  })
).pipe(Command.withDescription("compare a scenario's cost with therapy, psychiatric care and placement, with break-even"))

const metric = Options.choice("metric", ["total", "per-participant"]).pipe(
  Options.withDefault("total" as const),
  Options.withDescription("what the tornado measures")
)

/** `costs sensitivity`: the one-way tornado. */
const sensitivity = Command.make("sensitivity", { scenario: scenarioArg, json, csv, plainCsv, html, metric }, (o) =>
  Effect.gen(function* () {
    const format = yield* formatOf(o)
    const loaded = yield* load(o.scenario)
    const { CostModel, Sensitivity } = yield* lib
    const t = Sensitivity.tornado(loaded.model, o.metric === "per-participant" ? "perParticipant" : "total")
    if (format === "json") {
      yield* printJson({
        currency: "EUR",
        metric: t.metric,
        base: eur(t.base),
        rows: t.rows.map((r) => ({ path: r.path, label: r.label, unit: unitOf(r.unit), inputMin: inputValue(r.unit, r.inputMin), inputMax: inputValue(r.unit, r.inputMax), atMin: eur(r.atMin), atMax: eur(r.atMax), swing: eur(r.swing) }))
      })
    } else if (format !== "table") {
      yield* printCsv(
        toCsv(
          format,
          ["path", "label", "unit", "input_min", "input_max", "at_min_eur", "at_max_eur", "swing_eur"],
          t.rows.map((r) => [r.path, r.label, unitOf(r.unit), inputValue(r.unit, r.inputMin), inputValue(r.unit, r.inputMax), eur(r.atMin), eur(r.atMax), eur(r.swing)])
        )
      )
    } else {
      yield* printLine(`${loaded.model.name}: ${t.metric === "total" ? "total" : "per participant"} with every input most likely ${Money.formatCents(t.base)}\n`)
      yield* printTable(
        ["input", "min", "max", "at min", "at max", "swing"],
        t.rows.map((r) => [r.label, CostModel.formatInput(r.unit, r.inputMin), CostModel.formatInput(r.unit, r.inputMax), Money.formatCents(r.atMin), Money.formatCents(r.atMax), Money.formatCents(r.swing)])
      )
    }
    yield* maybeReport(o.html, loaded, undefined, t.metric)
  })
).pipe(Command.withDescription("one-way sensitivity: every ranged input from its min to its max (a tornado)"))

/** `costs simulate`: Monte Carlo percentiles. */
const simulate = Command.make("simulate", { scenario: scenarioArg, json, csv, plainCsv, html, draws, seed }, (o) =>
  Effect.gen(function* () {
    const format = yield* formatOf(o)
    const loaded = yield* load(o.scenario)
    const r = yield* simulateWithProgress(loaded.model, o.draws, o.seed)
    const rows = [
      ["total", r.totalPercentiles] as const,
      ...(r.perParticipantPercentiles === null ? [] : [["per participant", r.perParticipantPercentiles] as const])
    ]
    const pct = (p: Simulation.Percentiles) => ({ p5: eur(p.p5), p50: eur(p.p50), p95: eur(p.p95), mean: eur(p.mean) })
    if (format === "json") {
      yield* printJson({
        currency: "EUR",
        draws: r.draws,
        seed: r.seed,
        distribution: r.distribution,
        total: pct(r.totalPercentiles),
        perParticipant: r.perParticipantPercentiles === null ? null : pct(r.perParticipantPercentiles)
      })
    } else if (format !== "table") {
      yield* printCsv(
        toCsv(
          format,
          ["measure", "p5_eur", "p50_eur", "p95_eur", "mean_eur", "draws", "seed", "distribution"],
          rows.map(([m, p]) => [m, eur(p.p5), eur(p.p50), eur(p.p95), eur(p.mean), r.draws, r.seed, r.distribution])
        )
      )
    } else {
      yield* printLine(`${loaded.model.name}: ${r.draws} draws, ${r.distribution} per range, seed ${r.seed}\n`)
      yield* printTable(
        ["", "P5", "P50", "P95", "mean"],
        rows.map(([m, p]) => [m, Money.formatCents(p.p5), Money.formatCents(p.p50), Money.formatCents(p.p95), Money.formatCents(p.mean)])
      )
    }
    yield* maybeReport(o.html, loaded, r)
  })
).pipe(Command.withDescription("Monte Carlo: P5, P50 and P95 of the total and per participant"))

/** `vertaistuki costs`. */
export const costs = Command.make("costs").pipe(
  Command.withDescription("cost scenarios: comparisons, sensitivity, simulation and reports"),
  Command.withSubcommands([compare, sensitivity, simulate])
)
