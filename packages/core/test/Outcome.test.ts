import { Either } from "effect"
import * as fc from "fast-check"
import { describe, expect, it } from "vitest"
import { Outcome } from "@vertaistuki/core"
import { readyParticipant, t0 } from "./fixtures.js"

const instrument: Outcome.Instrument = { id: "org-3x10d-18", version: "18+", items: Outcome.itemLabels.map((l) => `(licensed text: ${l})`) }
const answers = fc.array(fc.integer({ min: 0, max: 10 }), { minLength: 10, maxLength: 10 })

describe("3X10D outcomes", () => {
  it("change per item is end minus start for each of the ten items, with no total", () => {
    fc.assert(
      fc.property(answers, answers, (a, b) => {
        const change = Outcome.changePerItem(a, b)
        expect(change).toHaveLength(10)
        for (const [i, c] of change.entries()) expect(c.change).toBe(b[i]! - a[i]!)
        expect(Object.keys(Outcome)).not.toContain("total")
      })
    )
  })

  it("bands: 0–5 dissatisfied, 6–7 moderately satisfied, 8–10 satisfied", () => {
    expect([0, 5, 6, 7, 8, 10].map(Outcome.band)).toEqual(["dissatisfied", "dissatisfied", "moderately-satisfied", "moderately-satisfied", "satisfied", "satisfied"])
  })

  it("answers are recorded only with the consent to evaluation use, and only as ten scores 0–10", () => {
    const without = readyParticipant("p1", "g1", t0, ["taking-part"]).state
    const refused = Outcome.record(without, instrument, "start", Array(10).fill(5), t0)
    expect(Either.isLeft(refused) && refused.left._tag).toBe("ConsentMissing")
    const withConsent = readyParticipant("p2", "g1", t0).state
    expect(Either.isLeft(Outcome.record(withConsent, instrument, "start", [1, 2, 3], t0))).toBe(true)
    expect(Either.isLeft(Outcome.record(withConsent, instrument, "start", Array(10).fill(11), t0))).toBe(true)
    expect(Either.getOrThrow(Outcome.record(withConsent, instrument, "start", Array(10).fill(5), t0))).toMatchObject({ _tag: "OutcomeMeasured", phase: "start" })
  })
})
