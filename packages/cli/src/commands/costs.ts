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
import type { Comparison, CostModel, PriceIndex, Range, Scenario, Simulation } from "@vertaistuki/costs"
import { SingleBar } from "cli-progress"
import { stringify } from "csv-stringify/sync"
import { Effect, Either, Option } from "effect"
import { num, type Say, say } from "../Messages.js"
import { BadInput, csvText, jsonIn, langIn, printError, printJson, printLine, printTable, readData, write, writeText } from "../Output.js"

/** The costs library (with its chart renderer) loads only when a costs command runs. */
const lib = Effect.promise(() => import("@vertaistuki/costs"))

/** Draws behind the histogram of a report written by `compare` or `sensitivity`. */
const reportDraws = 10_000

interface Loaded {
  readonly scenario: Scenario.Scenario
  readonly model: CostModel.Model
  readonly alternatives: ReadonlyArray<Scenario.Alternative>
}

const load = (file: string): Effect.Effect<Loaded, BadInput> =>
  Effect.gen(function* () {
    const { Comparison, CostModel, Messages: CostWords, Scenario } = yield* lib
    const m = yield* say
    const data = yield* readData(file)
    const scenario = Scenario.decode(data)
    if (Either.isLeft(scenario)) {
      return yield* new BadInput({ message: scenario.left.issues.map((i) => `${file}: ${CostWords.issue(i, m.lang)}`).join("\n") })
    }
    const model = CostModel.fromScenario(scenario.right)
    if (Either.isLeft(model)) return yield* new BadInput({ message: `${file}: ${model.left.message}` })
    return { scenario: scenario.right, model: model.right, alternatives: Comparison.alternativesOf(scenario.right) }
  })

type Format = "table" | "json" | "csv" | "plain-csv"

const formatOf = (o: { readonly json: boolean; readonly csv: boolean; readonly plainCsv: boolean }): Effect.Effect<Format, BadInput> => {
  const chosen = [o.json && "--json", o.csv && "--csv", o.plainCsv && "--plain-csv"].filter((x) => x !== false)
  if (chosen.length > 1) return Effect.flatMap(say, (m) => Effect.fail(new BadInput({ message: m("costs.choose-one", { options: chosen.join(", ") }) })))
  return Effect.succeed(o.json ? "json" : o.csv ? "csv" : o.plainCsv ? "plain-csv" : "table")
}

/** The notation of counts and decimals in tables: the language's in fi and sv; English keeps plain numbers (`1446`, `0.5`). */
const notation = (lang: "fi" | "sv" | "en"): "fi" | "sv" | undefined => (lang === "en" ? undefined : lang)

/** Euros as a number rounded to cents. */
const eur = (cents: number): number => Money.roundHalfAwayFromZero(cents) / 100

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
  Effect.flatMap(Effect.zip(lib, say), ([{ Simulation }, m]) => {
    const started = performance.now()
    let bar: SingleBar | null = null
    const result = Simulation.run(model, {
      draws: n,
      seed: s,
      onProgress: (done, total) => {
        if (bar === null && performance.now() - started > 1000 && done < total) {
          const format = m("costs.progress", { bar: "{bar}", percentage: "{percentage}", value: "{value}", total: "{total}", eta: "{eta}" })
          bar = new SingleBar({ stream: process.stderr, format, hideCursor: true, formatValue: (v, _o, type) => (type === "value" || type === "total" ? num(v, m.lang) : String(v)) })
          bar.start(total, done)
        } else bar?.update(done)
      }
    })
    ;(bar as SingleBar | null)?.stop()
    return Either.isLeft(result) ? Effect.fail(new BadInput({ message: result.left.message })) : Effect.succeed(result.right)
  })

const writeReport = (file: string, loaded: Loaded, simulation: Simulation.Result, metric?: "total" | "perParticipant"): Effect.Effect<void, BadInput> =>
  Effect.flatMap(Effect.zip(lib, say), ([{ Report }, m]) =>
    writeText(
      file,
      Report.html({ model: loaded.model, alternatives: loaded.alternatives, simulation, description: loaded.scenario.description, metric, lang: m.lang })
    ).pipe(Effect.zipRight(printError(m("costs.report-written", { file }))))
  )

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

/** A range of cents as euros: `{ min, likely, max }`. */
const eur3 = (r: Range.Range) => ({ min: eur(r.min), likely: eur(r.likely), max: eur(r.max) })
const eur3OrNull = (r: Range.Range | null) => (r === null ? null : eur3(r))
const units3 = (r: Range.Range) => ({ min: r.min, likely: r.likely, max: r.max })

/** Everything `compare` shows of one scenario, computed once for every format. */
interface Compared {
  readonly loaded: Loaded
  readonly summary: CostModel.Summary
  readonly options: ReadonlyArray<Comparison.Option>
  readonly breakEven: ReadonlyArray<Comparison.BreakEven>
  /** Each organiser's part of the min, most likely and max total. */
  readonly organisers: ReadonlyArray<{ readonly name: string; readonly share: number; readonly part: Range.Range }>
  readonly restated: { readonly index: PriceIndex.PriceIndex; readonly from: number; readonly to: number } | null
}

const readIndex = (file: string): Effect.Effect<PriceIndex.PriceIndex, BadInput> =>
  Effect.gen(function* () {
    const { PriceIndex } = yield* lib
    const decoded = PriceIndex.decode(yield* readData(file))
    if (Either.isLeft(decoded)) return yield* new BadInput({ message: decoded.left.message.split("\n").map((m) => `${file}: ${m}`).join("\n") })
    return decoded.right
  })

/** Restates a loaded scenario's money and its alternatives' to `to` with `index`. */
const restate = (file: string, loaded: Loaded, index: PriceIndex.PriceIndex, to: number): Effect.Effect<{ loaded: Loaded; from: number }, BadInput> =>
  Effect.gen(function* () {
    const { PriceIndex } = yield* lib
    const from = loaded.scenario.year
    if (from === undefined) return yield* new BadInput({ message: `${file}: ${(yield* say)("costs.year-missing")}` })
    const model = PriceIndex.restateModel(loaded.model, index, from, to)
    if (Either.isLeft(model)) return yield* new BadInput({ message: `${file}: ${model.left.message}` })
    const alternatives = PriceIndex.restateAlternatives(loaded.alternatives, index, to)
    if (Either.isLeft(alternatives)) return yield* new BadInput({ message: `${file}: ${alternatives.left.message}` })
    return { loaded: { ...loaded, model: model.right, alternatives: alternatives.right }, from }
  })

const compared = (file: string, index: PriceIndex.PriceIndex | null, to: number | null): Effect.Effect<Compared, BadInput> =>
  Effect.gen(function* () {
    const { Allocation, Comparison, CostModel } = yield* lib
    const original = yield* load(file)
    const r = index === null || to === null ? null : yield* restate(file, original, index, to)
    const loaded = r?.loaded ?? original
    const summary = CostModel.summarize(loaded.model)
    const split = (cents: number) => Either.getOrElse(Allocation.byOrganisers(cents, loaded.model.organisers), () => [])
    const [lo, mid, hi] = [split(summary.total.min), split(summary.total.likely), split(summary.total.max)]
    return {
      loaded,
      summary,
      options: Comparison.compare(loaded.model, loaded.alternatives, summary),
      breakEven: Comparison.breakEven(loaded.model, loaded.alternatives, summary),
      organisers: loaded.model.organisers.map((org, i) => ({
        name: org.name,
        share: org.share,
        part: { min: lo[i]?.cents ?? 0, likely: mid[i]?.cents ?? 0, max: hi[i]?.cents ?? 0 }
      })),
      restated: r === null || index === null || to === null ? null : { index, from: r.from, to }
    }
  })

/** One scenario's comparison for scripts: every figure the table and the report show, money in euros. */
const comparedJson = (c: Compared) => ({
  scenario: { name: c.loaded.model.name, source: c.loaded.model.source, period: c.loaded.model.period, priceYear: c.restated?.to ?? c.loaded.scenario.year ?? null },
  priceIndex: c.restated === null ? null : { name: c.restated.index.name, source: c.restated.index.source, fromYear: c.restated.from, toYear: c.restated.to },
  summary: {
    total: eur3(c.summary.total),
    perParticipant: eur3OrNull(c.summary.perParticipant),
    perSessionHour: eur3OrNull(c.summary.perSessionHour),
    byCategory: c.summary.byCategory.map((x) => ({ category: x.category, ...eur3(x.total) }))
  },
  organisers: c.organisers.map((o) => ({ name: o.name, share: o.share, ...eur3(o.part) })),
  options: c.options.map((x) => ({ id: x.id, label: x.label, kind: x.kind, total: eur3(x.total), perParticipant: eur3OrNull(x.perParticipant), source: x.source })),
  breakEven: c.breakEven.map((b) => ({
    id: b.id,
    label: b.label,
    unit: b.unit,
    unitPrice: eur3(b.unitPrice),
    units: units3(b.units),
    unitsPerParticipant: b.unitsPerParticipant === null ? null : units3(b.unitsPerParticipant),
    source: b.source
  }))
})

/** The head of `compare`'s CSV: one figure's min, most likely and max a row (a long table for pivots). */
const compareCsvHead = ["scenario", "section", "id", "label", "measure", "unit", "min", "likely", "max", "source"]

type CsvRow = ReadonlyArray<string | number | null>

/** One scenario's comparison as CSV rows: the summary, the organisers, the options and break-even. */
const comparedRows = (c: Compared): ReadonlyArray<CsvRow> => {
  const name = c.loaded.model.name
  const money = (section: string, id: string, label: string, measure: string, r: Range.Range, source: string | null = null): CsvRow => [
    name,
    section,
    id,
    label,
    measure,
    "EUR",
    eur(r.min),
    eur(r.likely),
    eur(r.max),
    source
  ]
  const count = (section: string, id: string, label: string, measure: string, unit: string, r: Range.Range, source: string | null = null): CsvRow => [
    name,
    section,
    id,
    label,
    measure,
    unit,
    r.min,
    r.likely,
    r.max,
    source
  ]
  const total = c.loaded.model.period === "year" ? "total per year" : "total"
  return [
    money("summary", "total", total, total, c.summary.total, c.loaded.model.source),
    ...(c.summary.perParticipant === null ? [] : [money("summary", "per-participant", "per participant", "per participant", c.summary.perParticipant)]),
    ...(c.summary.perSessionHour === null ? [] : [money("summary", "per-session-hour", "per session-hour", "per session-hour", c.summary.perSessionHour)]),
    ...c.summary.byCategory.map((x) => money("summary", `category:${x.category}`, x.category, total, x.total)),
    ...c.organisers.flatMap((o) => [
      count("organiser", o.name, o.name, "share", "share", { min: o.share, likely: o.share, max: o.share }),
      money("organiser", o.name, o.name, total, o.part)
    ]),
    ...c.options.flatMap((o) => [
      money("option", o.id, o.label, "total for the participants", o.total, o.source),
      ...(o.perParticipant === null ? [] : [money("option", o.id, o.label, "per participant", o.perParticipant, o.source)])
    ]),
    ...c.breakEven.flatMap((b) => [
      money("break-even", b.id, b.label, "unit price", b.unitPrice, b.source),
      count("break-even", b.id, b.label, c.loaded.model.period === "year" ? "avoided units per year" : "avoided units per group", b.unit, b.units, b.source),
      ...(b.unitsPerParticipant === null ? [] : [count("break-even", b.id, b.label, "avoided units per participant", b.unit, b.unitsPerParticipant, b.source)])
    ])
  ]
}

/** A line saying to which year the prices were restated, and with what. */
const restatedLine = (c: Compared, m: Say): string | null =>
  c.restated === null
    ? null
    : m("costs.restated", { from: c.restated.from, to: c.restated.to, index: c.restated.index.name, source: c.restated.index.source })

/** The tables of one scenario's comparison. */
const printCompared = (c: Compared): Effect.Effect<void> =>
  Effect.gen(function* () {
    const { Messages: CostWords, Table } = yield* lib
    const m = yield* say
    const lang = m.lang
    const w = (key: Parameters<typeof CostWords.say>[1]) => CostWords.say(lang, key)
    const period = c.loaded.model.period
    yield* printLine(`${c.loaded.model.name}${period === "year" ? `: ${m("costs.per-year")}` : ""}
`)
    const note = restatedLine(c, m)
    if (note !== null) yield* printLine(`${note}
`)
    yield* printTable(Table.summaryHeadIn(lang), Table.summaryRows(c.summary, "  ", period, lang))
    if (c.organisers.length > 0) {
      yield* printTable(
        [w("organiser"), w("share"), w("min"), w("likely"), w("max")],
        c.organisers.map((o) => [o.name, num(o.share, lang, 4), Money.formatCents(o.part.min), Money.formatCents(o.part.likely), Money.formatCents(o.part.max)])
      )
    }
    yield* printTable(Table.optionHeadIn(lang), Table.optionRows(c.options))
    yield* printTable(Table.breakEvenHead(false, period, lang), Table.breakEvenRows(c.breakEven, false, notation(lang)))
  })

/** A figure as `most likely (min – max)`, or one amount when they are equal; `–` for none. */
const likelyOf = (r: Range.Range | null | undefined): string =>
  r === null || r === undefined
    ? "–"
    : r.min === r.max
      ? Money.formatCents(r.likely)
      : `${Money.formatCents(r.likely)} (${Money.formatCents(r.min)} – ${Money.formatCents(r.max)})`
const unitsOf = (r: Range.Range | null | undefined, m: Say): string => {
  const n = (x: number) => num(x, m.lang)
  return r === null || r === undefined ? "–" : r.min === r.max ? n(r.likely) : `${n(r.likely)} (${n(r.min)}–${n(r.max)})`
}

/** Several scenarios side by side: a column each, the most likely value first and its range after it. */
const printSideBySide = (cs: ReadonlyArray<Compared>): Effect.Effect<void> =>
  Effect.gen(function* () {
    const { Messages: CostWords } = yield* lib
    const m = yield* say
    const w = (key: Parameters<typeof CostWords.say>[1]) => CostWords.say(m.lang, key)
    const head = ["", ...cs.map((c) => `${c.loaded.model.name}${c.loaded.model.period === "year" ? ` (${m("costs.per-year")})` : ""}`)]
    for (const c of cs) {
      const note = restatedLine(c, m)
      if (note !== null) yield* printLine(`${c.loaded.model.name}: ${note}`)
    }
    const categories = [...new Set(cs.flatMap((c) => c.summary.byCategory.map((x) => x.category)))]
    yield* printTable(head, [
      [w("total"), ...cs.map((c) => likelyOf(c.summary.total))],
      [w("per-participant"), ...cs.map((c) => likelyOf(c.summary.perParticipant))],
      [w("per-session-hour"), ...cs.map((c) => likelyOf(c.summary.perSessionHour))],
      ...categories.map((k) => [`  ${k}`, ...cs.map((c) => likelyOf(c.summary.byCategory.find((x) => x.category === k)?.total))])
    ])
    const ids = [...new Set(cs.flatMap((c) => c.breakEven.map((b) => b.id)))]
    const labelOf = (id: string) => cs.flatMap((c) => c.breakEven).find((b) => b.id === id)?.label ?? id
    yield* printLine(m("costs.side-by-side-units"))
    yield* printTable(
      [w("alternative"), ...cs.map((c) => c.loaded.model.name)],
      ids.map((id) => [
        labelOf(id),
        ...cs.map((c) => {
          const b = c.breakEven.find((x) => x.id === id)
          return b === undefined ? "–" : `${unitsOf(b.units, m)} ${b.unit}; ${unitsOf(b.unitsPerParticipant, m)} ${w("per-participant")}`
        })
      ])
    )
  })

interface Formats {
  readonly json: boolean
  readonly csv: boolean
  readonly plainCsv: boolean
  readonly html: Option.Option<string>
}

/** `costs compare`: the group against the alternatives, and break-even; several scenarios side by side. */
const comparing = (o: Formats & { readonly scenarios: ReadonlyArray<string>; readonly index: Option.Option<string>; readonly toYear: Option.Option<number> }) =>
  Effect.gen(function* () {
    const m = yield* say
    const format = yield* formatOf(o)
    if (Option.isSome(o.index) !== Option.isSome(o.toYear)) return yield* new BadInput({ message: m("costs.index-and-year") })
    if (o.scenarios.length > 1 && Option.isSome(o.html)) return yield* new BadInput({ message: m("costs.html-one") })
    const index = Option.isSome(o.index) ? yield* readIndex(o.index.value) : null
    const cs = yield* Effect.forEach(o.scenarios, (file) => compared(file, index, Option.getOrNull(o.toYear)))
    if (format === "json") {
      yield* printJson(cs.length === 1 ? { currency: "EUR", ...comparedJson(cs[0]!) } : { currency: "EUR", scenarios: cs.map(comparedJson) })
    } else if (format !== "table") {
      yield* printCsv(toCsv(format, compareCsvHead, cs.flatMap(comparedRows)))
    } else if (cs.length === 1) {
      yield* printCompared(cs[0]!)
    } else {
      yield* printSideBySide(cs)
    }
    if (cs.length === 1) {
      const c = cs[0]!
      const note = restatedLine(c, m)
      const description = [c.loaded.scenario.description, note].filter((x) => x !== undefined && x !== null).join(" ")
      yield* maybeReport(o.html, { ...c.loaded, scenario: { ...c.loaded.scenario, description: description === "" ? undefined : description } })
    }
  })

/** `costs sensitivity`: the one-way tornado. */
const tornado = (o: Formats & { readonly scenario: string; readonly metric: "total" | "per-participant" }) =>
  Effect.gen(function* () {
    const m = yield* say
    const format = yield* formatOf(o)
    const loaded = yield* load(o.scenario)
    const { CostModel, Messages: CostWords, Sensitivity } = yield* lib
    const w = (key: Parameters<typeof CostWords.say>[1]) => CostWords.say(m.lang, key)
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
      const measure = t.metric === "total" ? w(loaded.model.period === "year" ? "total-year" : "total") : w("per-participant")
      yield* printLine(`${m("costs.sensitivity-heading", { name: loaded.model.name, measure, base: Money.formatCents(t.base) })}\n`)
      yield* printTable(
        [w("input"), w("min"), w("max"), m("costs.at-min"), m("costs.at-max"), m("costs.swing")],
        t.rows.map((r) => [
          r.label,
          CostModel.formatInput(r.unit, r.inputMin, notation(m.lang)),
          CostModel.formatInput(r.unit, r.inputMax, notation(m.lang)),
          Money.formatCents(r.atMin),
          Money.formatCents(r.atMax),
          Money.formatCents(r.swing)
        ])
      )
    }
    yield* maybeReport(o.html, loaded, undefined, t.metric)
  })

/** `costs simulate`: Monte Carlo percentiles. */
const simulation = (o: Formats & { readonly scenario: string; readonly draws: number; readonly seed: number }) =>
  Effect.gen(function* () {
    const m = yield* say
    const { Messages: CostWords } = yield* lib
    const w = (key: Parameters<typeof CostWords.say>[1]) => CostWords.say(m.lang, key)
    const format = yield* formatOf(o)
    const loaded = yield* load(o.scenario)
    const r = yield* simulateWithProgress(loaded.model, o.draws, o.seed)
    const rows = [
      [loaded.model.period === "year" ? "total per year" : "total", r.totalPercentiles] as const,
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
      yield* printLine(`${m("costs.simulate-heading", { name: loaded.model.name, draws: r.draws, distribution: r.distribution, seed: r.seed })}\n`)
      const label = (measure: string) => (measure === "per participant" ? w("per-participant") : measure === "total" ? w("total") : w("total-year"))
      yield* printTable(
        ["", "P5", "P50", "P95", w("mean")],
        rows.map(([measure, p]) => [label(measure), Money.formatCents(p.p5), Money.formatCents(p.p50), Money.formatCents(p.p95), Money.formatCents(p.mean)])
      )
    }
    yield* maybeReport(o.html, loaded, r)
  })

/** `vertaistuki costs`, its help in `h`'s language. */
export const costs = (h: Say) => {
  const scenario = Args.text({ name: "scenario" }).pipe(Args.withDescription(h("describe.costs.scenario")))
  const scenarios = Args.text({ name: "scenario" }).pipe(Args.withDescription(h("describe.costs.scenarios")), Args.atLeast(1))
  const json = jsonIn(h)
  const lang = langIn(h)
  const csv = Options.boolean("csv").pipe(Options.withDescription(h("describe.costs.csv")))
  const plainCsv = Options.boolean("plain-csv").pipe(Options.withDescription(h("describe.costs.plain-csv")))
  const html = Options.text("html").pipe(Options.optional, Options.withDescription(h("describe.costs.html")))
  const draws = Options.integer("draws").pipe(Options.withDefault(10_000), Options.withDescription(h("describe.costs.draws")))
  const seed = Options.integer("seed").pipe(Options.withDefault(1), Options.withDescription(h("describe.costs.seed")))
  const index = Options.file("index").pipe(Options.optional, Options.withDescription(h("describe.costs.index")))
  const toYear = Options.integer("to-year").pipe(Options.optional, Options.withDescription(h("describe.costs.to-year")))
  const metric = Options.choice("metric", ["total", "per-participant"]).pipe(Options.withDefault("total" as const), Options.withDescription(h("describe.costs.metric")))
  const compare = Command.make("compare", { scenarios, json, csv, plainCsv, html, index, toYear, lang }, comparing).pipe(Command.withDescription(h("describe.costs.compare")))
  const sensitivity = Command.make("sensitivity", { scenario, json, csv, plainCsv, html, metric, lang }, tornado).pipe(Command.withDescription(h("describe.costs.sensitivity")))
  const simulate = Command.make("simulate", { scenario, json, csv, plainCsv, html, draws, seed, lang }, simulation).pipe(Command.withDescription(h("describe.costs.simulate")))
  return Command.make("costs").pipe(Command.withDescription(h("describe.costs")), Command.withSubcommands([compare, sensitivity, simulate]))
}
