import { Either } from "effect"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import * as CostModel from "../src/CostModel.js"
import * as Scenario from "../src/Scenario.js"
import * as Sensitivity from "../src/Sensitivity.js"
import { model } from "./arbitraries.js"

const voikukkia = Either.getOrThrow(
  CostModel.fromScenario(Either.getOrThrow(Scenario.decode({ name: "VOIKUKKIA", participants: { min: 4, max: 8 }, price: { total: { min: 355500, max: 615500 } } })))
)

describe("Sensitivity.tornado", () => {
  it("moves the price of seed 001_b24d0be2c52c8a44.txt from 3 555 € to 6 155 € around 4 855 €", () => {
    const t = Sensitivity.tornado(voikukkia)
    expect(t.base).toBe(485500)
    expect(t.rows[0]).toMatchObject({ path: "price.total", atMin: 355500, atMax: 615500, swing: 260000 })
  })

  it("per participant, more parents lower the cost: 809,17 € at 6, 1 213,75 € at 4, 606,88 € at 8", () => {
    const t = Sensitivity.tornado(voikukkia, "perParticipant")
    expect(t.base).toBe(80917)
    expect(t.rows.find((r) => r.path === "participants")).toMatchObject({ atMin: 121375, atMax: 60688 })
  })

  it("has a row for every ranged input, widest swing first, and the base lies within every row", () => {
    fc.assert(
      fc.property(model, (m) => {
        const t = Sensitivity.tornado(m)
        expect(t.rows).toHaveLength(m.inputs.filter((i) => i.range.min < i.range.max).length)
        for (let i = 1; i < t.rows.length; i++) expect(t.rows[i - 1]!.swing).toBeGreaterThanOrEqual(t.rows[i]!.swing)
        for (const r of t.rows) {
          expect(Math.min(r.atMin, r.atMax)).toBeLessThanOrEqual(t.base)
          expect(Math.max(r.atMin, r.atMax)).toBeGreaterThanOrEqual(t.base)
        }
      })
    )
  })
})
