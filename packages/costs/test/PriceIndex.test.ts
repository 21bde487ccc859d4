import { readFileSync } from "node:fs"
import { Either } from "effect"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { parse } from "yaml"
import * as Comparison from "../src/Comparison.js"
import * as CostModel from "../src/CostModel.js"
import * as PriceIndex from "../src/PriceIndex.js"
import { model as modelArb } from "./arbitraries.js"

/** The shipped example: Statistics Finland's consumer price index 2000=100, yearly averages 2000–2013. */
const shipped = Either.getOrThrow(
  PriceIndex.decode(parse(readFileSync(new URL("../../../examples/cost-comparison/price-index.yaml", import.meta.url), "utf8")))
)

/** A series of positive values for the years 2000–2030, made up for the properties only. */
const series = fc
  .array(fc.double({ min: 1, max: 10_000, noNaN: true }), { minLength: 31, maxLength: 31 })
  .map((vs): PriceIndex.PriceIndex => ({ name: "generated", source: "generated", values: Object.fromEntries(vs.map((v, i) => [String(2000 + i), v])) }))
const year = fc.integer({ min: 2000, max: 2030 })

describe("PriceIndex.decode", () => {
  it("reads the shipped example, which names its source", () => {
    expect(shipped.source).toContain("stat.fi")
    expect(shipped.values["2002"]).toBe(104.2)
    expect(shipped.values["2004"]).toBe(105.3)
  })

  it("refuses a series without values, a year that is not four digits, a value that is not positive and unknown fields", () => {
    const base = { name: "x", source: "y" }
    const empty = PriceIndex.decode({ ...base, values: {} })
    expect(Either.isLeft(empty) && empty.left.message).toContain("has no values")
    expect(Either.isLeft(PriceIndex.decode({ ...base, values: { "02": 100 } }))).toBe(true)
    expect(Either.isLeft(PriceIndex.decode({ ...base, values: { "2002": 0 } }))).toBe(true)
    expect(Either.isLeft(PriceIndex.decode({ ...base, values: { "2002": -1 } }))).toBe(true)
    expect(Either.isLeft(PriceIndex.decode({ ...base, values: { "2002": 100 }, base: 2000 }))).toBe(true)
    expect(Either.isLeft(PriceIndex.decode({ name: "x", values: { "2002": 100 } }))).toBe(true)
  })
})

describe("PriceIndex.factor", () => {
  it("is index[to] / index[from]: 2002 → 2004 with the shipped values is 105,3 / 104,2", () => {
    expect(PriceIndex.factor(shipped, 2002, 2004)).toEqual(Either.right(105.3 / 104.2))
  })

  it("names every year it lacks", () => {
    const e = PriceIndex.factor(shipped, 2015, 2024)
    expect(Either.isLeft(e) && e.left.message).toContain("no value for 2015 and 2024")
  })

  it("restating there and back is the identity; through a middle year is the same as directly", () => {
    fc.assert(
      fc.property(series, year, year, year, (index, a, b, c) => {
        const f = (x: number, y: number) => Either.getOrThrow(PriceIndex.factor(index, x, y))
        expect(f(a, b) * f(b, a)).toBeCloseTo(1, 9)
        expect(f(a, b) * f(b, c)).toBeCloseTo(f(a, c), 9)
        expect(f(a, a)).toBe(1)
      })
    )
  })
})

describe("PriceIndex.restateModel", () => {
  it("scales every amount of money by the factor, rounded to cents, and nothing else", () => {
    fc.assert(
      fc.property(modelArb, series, year, year, (model, index, from, to) => {
        const k = Either.getOrThrow(PriceIndex.factor(index, from, to))
        const restated = Either.getOrThrow(PriceIndex.restateModel(model, index, from, to))
        restated.inputs.forEach((input, i) => {
          const before = model.inputs[i]!
          if (input.unit !== "cents") expect(input).toBe(before)
          else for (const p of ["min", "likely", "max"] as const) expect(Math.abs(input.range[p] - before.range[p] * k)).toBeLessThanOrEqual(0.5)
        })
        const a = CostModel.summarize(model).total
        const b = CostModel.summarize(restated).total
        expect(b.min).toBeLessThanOrEqual(b.likely)
        expect(b.likely).toBeLessThanOrEqual(b.max)
        if (k >= 1) expect(b.max).toBeGreaterThanOrEqual(a.max - model.lines.length)
      })
    )
  })
})

describe("PriceIndex.restateAlternatives", () => {
  it("restates each alternative from its own year, and says both years in its label", () => {
    const two = Comparison.presets.filter((p) => p.id === "institution-municipal-2002" || p.id === "institution-municipal-2004")
    const [a, b] = Either.getOrThrow(PriceIndex.restateAlternatives(two, shipped, 2013))
    expect(a).toMatchObject({ label: "Municipal institutional care, day (2002 prices → 2013)", unitPrice: { likely: Math.round((19000 * 125.9) / 104.2) }, year: 2013 })
    expect(b).toMatchObject({ label: "Municipal institutional care, day (2004 prices → 2013)", unitPrice: { likely: Math.round((19700 * 125.9) / 105.3) }, year: 2013 })
    expect(a?.source).toContain("restated from 2002 with Statistics Finland")
  })

  it("refuses an alternative without a year, and one whose year the series lacks", () => {
    const noYear = { id: "x", label: "x", unit: "day" as const, unitPrice: 100, source: "s" }
    expect(Either.isLeft(PriceIndex.restateAlternatives([noYear], shipped, 2013))).toBe(true)
    expect(Either.isLeft(PriceIndex.restateAlternatives(Comparison.presets, shipped, 2013))).toBe(true)
  })
})
