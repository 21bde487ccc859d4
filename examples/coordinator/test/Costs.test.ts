import { Either } from "effect"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { amountOf, budgetOf, exampleBudget } from "../src/pages/Costs.js"

describe("the costs page's figures", () => {
  it("reads euros as written in Finnish or plainly, exactly in cents", () => {
    const bounds = { min: 1, max: 1_000_000 }
    expect(amountOf("fi", "hourly", "45", bounds)).toEqual(Either.right(4500))
    expect(amountOf("fi", "hourly", "45,50", bounds)).toEqual(Either.right(4550))
    expect(amountOf("fi", "hourly", "1 005,05 €", bounds)).toEqual(Either.right(100505))
    expect(amountOf("fi", "hourly", null, bounds)).toEqual(Either.right(undefined))
  })

  it("an unreadable or out-of-range hourly cost is a problem at its field, in the page's language", () => {
    for (const bad of ["abc", "45e3", "-5", "0", "10000,01", "", "1.2.3"]) {
      const r = amountOf("sv", "hourly", bad, { min: 1, max: 1_000_000 })
      expect(Either.isLeft(r), bad).toBe(true)
      if (Either.isLeft(r)) {
        expect(r.left.field).toBe("hourly")
        expect(r.left.message).toMatch(/^Ange ett belopp i euro/)
      }
    }
  })

  it("budget lines: the example's where not sent, an empty one 0, an unreadable one a problem naming it and never replaced", () => {
    const none = budgetOf("fi", new URLSearchParams())
    expect(none.problems).toEqual([])
    expect(Object.fromEntries(none.lines.map((l) => [l.line, l.amount]))).toEqual(exampleBudget)
    const sent = budgetOf("fi", new URLSearchParams({ "b.coordinator": "12 000,50", "b.events": "", "b.marketing": "paljon" }))
    expect(sent.problems.map((p) => p.field)).toEqual(["b.marketing"])
    expect(sent.lines.find((l) => l.line === "coordinator")?.amount).toBe(1_200_050)
    expect(sent.lines.find((l) => l.line === "events")?.amount).toBe(0)
    expect(sent.lines.find((l) => l.line === "marketing")).toEqual({ line: "marketing", amount: 0, text: "paljon" })
  })

  it("property: any whole number of cents written with a comma reads back as itself; any text without digits is refused", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 9_000_000_000 }), (cents) => {
        const text = `${Math.floor(cents / 100)},${String(cents % 100).padStart(2, "0")}`
        expect(amountOf("fi", "b.x", text, { min: 0, max: 9_000_000_000 })).toEqual(Either.right(cents))
      })
    )
    fc.assert(
      fc.property(fc.string().filter((s) => !/\d/.test(s) && s.trim() !== ""), (s) => {
        expect(Either.isLeft(amountOf("en", "b.x", s, { min: 0, max: 9_000_000_000 }))).toBe(true)
      })
    )
  })
})
