import { readFileSync } from "node:fs"
import { Comparison, CostModel, Scenario } from "@vertaistuki/costs"
import { Either } from "effect"
import { describe, expect, it } from "vitest"
import * as Costs from "../src/Costs.js"
import * as Csv from "../src/Csv.js"
import type * as Facts from "../src/Facts.js"
import * as Html from "../src/Html.js"
import * as Json from "../src/Json.js"
import * as Labels from "../src/Labels.js"
import * as Period from "../src/Period.js"
import * as Report from "../src/Report.js"
import { national } from "./national.js"

const asOf = "2027-01-15T10:00:00Z"
const year = Either.getOrThrow(Period.parse("2026"))
const scenario = Either.getOrThrow(
  Scenario.decode(JSON.parse(readFileSync(new URL("../../../examples/cost-comparison/voikukkia-2015.json", import.meta.url), "utf8")))
)
const model = Either.getOrThrow(CostModel.fromScenario(scenario))
const costs = [Costs.fromModel("voikukkia", model, Comparison.alternativesOf(scenario))]

const sample: Facts.Facts = national({ groupsPerRegion: 3, people: 8 })
const withFormula: Facts.Facts = { ...sample, groups: sample.groups.map((g, i) => (i === 0 ? { ...g, region: "=HYPERLINK(\"x\")" } : g)) }
const report = Either.getOrThrow(Report.build(withFormula, { asOf, period: year, by: ["region", "programme"], costs }))

describe("Json", () => {
  it("reads back every figure with its suppression mark", () => {
    expect(Either.getOrThrow(Json.decode(Json.encode(report)))).toEqual(JSON.parse(Json.encode(report)))
  })
  it("refuses a hidden cell that carries a value", () => {
    const bad = JSON.parse(Json.encode(report))
    bad.excludedForConsent = { value: 3, hidden: true }
    expect(Either.isLeft(Json.decode(JSON.stringify(bad)))).toBe(true)
  })
})

describe("Csv", () => {
  const text = Csv.csv(report)
  it("is for Finnish Excel: BOM, semicolons, CRLF, decimal comma", () => {
    expect(text.startsWith("\ufefftable;rows_by;row;column;value\r\n")).toBe(true)
    expect(text).toMatch(/;\d+,\d+\r\n/)
    expect(text).not.toMatch(/;\d+\.\d+\r\n/)
  })
  it("is plain CSV on request", () => {
    const plain = Csv.csv(report, { dialect: "plain", locale: "en" })
    expect(plain.startsWith("table,rows_by,row,column,value\n")).toBe(true)
    expect(plain).not.toContain("\ufeff")
    expect(plain).toMatch(/,\d+\.\d+\n/)
  })
  it("never lets a cell run as a formula", () => {
    expect(text).toContain(`"'=HYPERLINK(""x"")"`)
    for (const line of text.split("\r\n")) for (const f of line.split(";")) expect(f).not.toMatch(/^[=+@]/)
    expect(Csv.field("-1+2", ";")).toBe("'-1+2")
    expect(Csv.field("@SUM(A1)", ",")).toBe("'@SUM(A1)")
  })
  it("shows a hidden count as the hidden mark, never as 0", () => {
    const hiddenCount = report.tables.flatMap((t) => [...t.rows, t.total]).flatMap((r) => r.counts ?? []).filter((c) => c.hidden).length
    expect(hiddenCount).toBeGreaterThan(0)
    expect(text.split("alle 5*").length - 1).toBeGreaterThanOrEqual(hiddenCount)
  })
})

describe("Html", () => {
  for (const locale of Labels.locales) {
    it(`in ${locale}: every chart an inline SVG with a text alternative and its data table; no script`, () => {
      const page = Html.html(report, locale)
      expect(page).toContain(`<html lang="${locale}">`)
      const figures = [...page.matchAll(/<figure id="chart-([a-z0-9-]+)" aria-describedby="alt-\1"><div role="img" aria-label="[^"]+"><svg[\s\S]*?<\/svg><\/div><figcaption id="alt-\1">[^<]+<\/figcaption><\/figure>\n<table id="table-/g)]
      expect(figures.length).toBeGreaterThanOrEqual(4)
      expect(page).not.toMatch(/<script|<link|src=|@import|url\(/i)
      expect(page).toContain(Labels.hidden(locale, 5))
      expect(page).toContain(Labels.hiddenNote(locale, 5))
      expect(page).toContain(Labels.word(locale, "per-completed"))
    })
  }
  it("is the same for the same report", () => {
    expect(Html.html(report, "sv")).toBe(Html.html(report, "sv"))
  })
})

describe("Costs", () => {
  it("per group from the scenario (seed 001_b24d0be2c52c8a44.txt: 3 555 – 6 155 €), per participant and per completed one hidden with their counts", () => {
    expect(costs[0]!.perGroup).toMatchObject({ min: 355500, max: 615500 })
    const c = report.costs[0]!
    const row = Report.table(report, "participants-by-programme")!.rows.find((r) => r.key === "voikukkia")
    const started = Report.table(report, "groups-by-programme")!.rows.find((r) => r.key === "voikukkia")!.figures.started!
    expect(c.groups).toEqual(started)
    if (started.hidden) expect([c.total.hidden, c.perParticipant.hidden, c.perCompletedParticipant.hidden]).toEqual([true, true, true])
    else expect(c.total.value!.min).toBe(355500 * started.value!)
    if (row !== undefined && row.figures.enrolled!.hidden) expect(c.perParticipant.hidden).toBe(true)
    if (row !== undefined && !row.figures.enrolled!.hidden && row.figures.enrolled!.value! > 0)
      expect(c.perParticipant.value!.min).toBe(Math.round(c.total.value!.min / row.figures.enrolled!.value!))
    const completed = Report.table(report, "participants-by-programme")!.columns.indexOf("completed")
    if (row !== undefined && (completed < 0 || row.counts![completed]!.hidden)) expect(c.perCompletedParticipant.hidden).toBe(true)
  })
})
