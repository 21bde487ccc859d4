import { Messages as Core } from "@vertaistuki/core"
import { CostModel, Messages, Report, Scenario, Table } from "@vertaistuki/costs"
import { Either } from "effect"
import * as fc from "fast-check"
import { readFileSync } from "node:fs"
import { describe, expect, it } from "vitest"
import { parse } from "yaml"

const structure = Either.getOrThrow(Scenario.decode(parse(readFileSync(new URL("../../../examples/cost-comparison/region-structure.yaml", import.meta.url), "utf8"))))
const model = Either.getOrThrow(CostModel.fromScenario(structure))

describe("the costs catalogue", () => {
  it("parity: every key in fi, sv and en with the same placeholders", () => {
    expect(Core.problems(Messages.messages.catalogue)).toEqual([])
  })

  it("the tables' heads in each language; English by default as before", () => {
    expect(Table.summaryHeadIn("en")).toEqual(Table.summaryHead)
    expect(Table.optionHeadIn("en")).toEqual(Table.optionHead)
    expect(Table.summaryHeadIn("fi")).toEqual(["", "vähintään", "todennäköisin", "enintään"])
    expect(Table.breakEvenHead(true, "year", "sv")).toContain("undvikna enheter som täcker ett års kostnader")
    expect(Table.summaryTitle("group", "fi")).toBe("Ryhmän kustannukset")
  })

  it("formatInput: a decimal comma in fi and sv, the plain number without a language", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1_000_000 }), (tenths) => {
        const x = tenths / 10
        expect(CostModel.formatInput("hours", x)).toBe(`${x} h`)
        for (const lang of ["fi", "sv", "en"] as const) {
          const text = CostModel.formatInput("hours", x, lang)
          expect(Core.parseNumber(text.replace(/ h$/, ""), lang)).toBe(x)
        }
      })
    )
  })

  it("the report in Finnish: its language, headings and chart titles, no English heading left", () => {
    const html = Report.html({ model, alternatives: [], lang: "fi" })
    expect(html).toContain('<html lang="fi">')
    expect(html).toContain("Mitkä lähtötiedot vaikuttavat eniten")
    expect(html).toContain("perustaso")
    expect(html).toContain("0,5 – 1")
    expect(html).not.toContain("Which inputs matter")
    const sv = Report.html({ model, alternatives: [], lang: "sv" })
    expect(sv).toContain("Vilka ingångsvärden som betyder mest")
    const en = Report.html({ model, alternatives: [] })
    expect(en).toContain('<html lang="en">')
    expect(en).toContain("Which inputs matter")
  })

  it("a scenario's problems in each language, with their paths; English as the decoder wrote them", () => {
    const bad = Scenario.decode({ ...parse(readFileSync(new URL("../../../examples/cost-comparison/region-structure.yaml", import.meta.url), "utf8")), participants: { min: 9, likely: 5, max: 1 }, nosuch: 1 })
    if (Either.isRight(bad)) throw new Error("expected a bad scenario")
    for (const i of bad.left.issues) {
      expect(Messages.issue(i, "en")).toBe(i.path === "" ? i.message : `${i.path}: ${i.message}`)
      for (const lang of ["fi", "sv"] as const) {
        const text = Messages.issue(i, lang)
        expect(text.startsWith(i.path)).toBe(true)
        expect(text).not.toBe(Messages.issue(i, "en"))
      }
    }
  })
})
