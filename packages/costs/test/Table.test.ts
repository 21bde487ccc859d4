import { Either } from "effect"
import { describe, expect, it } from "vitest"
import * as Comparison from "../src/Comparison.js"
import * as CostModel from "../src/CostModel.js"
import * as Report from "../src/Report.js"
import * as Scenario from "../src/Scenario.js"
import * as Sensitivity from "../src/Sensitivity.js"
import * as Table from "../src/Table.js"

const normalise = (s: string) => s.replace(/[\u00a0\u202f]/g, " ")
const scenario = Either.getOrThrow(
  Scenario.decode({
    name: "VOIKUKKIA",
    source: "seed 001_b24d0be2c52c8a44.txt",
    participants: { min: 4, max: 8 },
    sessions: { count: 10, hours: 3 },
    price: { total: { min: 355500, max: 615500 } }
  })
)
const model = Either.getOrThrow(CostModel.fromScenario(scenario))
const summary = CostModel.summarize(model)

describe("Table", () => {
  it("formats a range of cents, one amount for a point and a dash for null", () => {
    expect(normalise(Table.money({ min: 355500, likely: 485500, max: 615500 }))).toBe("3 555,00 € – 6 155,00 €")
    expect(normalise(Table.money({ min: 20600, likely: 20600, max: 20600 }))).toBe("206,00 €")
    expect(Table.money(null)).toBe("–")
  })

  it("summary rows: total, per participant, per session-hour, then the categories after the indent", () => {
    const rows = Table.summaryRows(summary, "  ").map((r) => r.map(normalise))
    expect(rows.map((r) => r[0])).toEqual(["total", "per participant", "per session-hour", "  price"])
    expect(rows[0]).toEqual(["total", "3 555,00 €", "4 855,00 €", "6 155,00 €"])
    expect(rows.every((r) => r.length === Table.summaryHead.length)).toBe(true)
  })

  it("option and break-even rows match their heads, with or without the source", () => {
    const options = Comparison.compare(model, Comparison.presets, summary)
    expect(Table.optionRows(options).every((r) => r.length === Table.optionHead.length)).toBe(true)
    const be = Comparison.breakEven(model, Comparison.presets, summary)
    const adolescent = be.findIndex((b) => b.id === "adolescent-psychiatric-outpatient")
    expect(Table.breakEvenRows(be)[adolescent]?.[3]).toBe("18–30")
    expect(Table.breakEvenRows(be).every((r) => r.length === Table.breakEvenHead().length)).toBe(true)
    expect(Table.breakEvenRows(be, false).every((r) => r.length === Table.breakEvenHead(false).length)).toBe(true)
  })
})

describe("precomputed results", () => {
  it("compare and breakEven give the same with a summary passed in", () => {
    expect(Comparison.compare(model, Comparison.presets, summary)).toEqual(Comparison.compare(model, Comparison.presets))
    expect(Comparison.breakEven(model, Comparison.presets, summary)).toEqual(Comparison.breakEven(model, Comparison.presets))
  })

  it("Report.charts draws the same from precomputed options and tornado", () => {
    const input = { model, alternatives: Comparison.presets }
    const computed = { options: Comparison.compare(model, input.alternatives, summary), tornado: Sensitivity.tornado(model) }
    expect(Report.charts(input, computed)).toEqual(Report.charts(input))
  })
})
