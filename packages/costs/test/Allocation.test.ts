import { Either } from "effect"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import * as Allocation from "../src/Allocation.js"

describe("Allocation", () => {
  it("an allocation by ratios sums to the whole", () => {
    fc.assert(
      fc.property(fc.integer({ min: -10_000_000, max: 10_000_000 }), fc.array(fc.integer({ min: 1, max: 1000 }), { minLength: 1, maxLength: 12 }), (cents, ratios) => {
        const parts = Either.getOrThrow(Allocation.byRatios(cents, ratios))
        expect(parts.reduce((s, p) => s + p, 0)).toBe(cents)
        expect(parts.every(Number.isInteger)).toBe(true)
      })
    )
  })

  it("an even split across participants sums to the whole and differs by at most a cent", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000_000 }), fc.integer({ min: 1, max: 40 }), (cents, n) => {
        const parts = Either.getOrThrow(Allocation.evenly(cents, n))
        expect(parts.reduce((s, p) => s + p, 0)).toBe(cents)
        expect(Math.max(...parts) - Math.min(...parts)).toBeLessThanOrEqual(1)
      })
    )
  })

  it("splits VOIKUKKIA's 3 555 € across 8 parents as 444,38 € × 4 and 444,37 € × 4 (seed 001_b24d0be2c52c8a44.txt)", () => {
    expect(Allocation.evenly(355500, 8)).toEqual(Either.right([44438, 44438, 44438, 44438, 44437, 44437, 44437, 44437]))
  })

  it("splits across joint organisers by share", () => {
    expect(
      Allocation.byOrganisers(100, [
        { name: "region", share: 1 },
        { name: "NGO", share: 1 },
        { name: "parish", share: 1 }
      ])
    ).toEqual(
      Either.right([
        { name: "region", cents: 34 },
        { name: "NGO", cents: 33 },
        { name: "parish", cents: 33 }
      ])
    )
  })

  it("refuses shares that cannot split and participants that are not whole", () => {
    expect(Either.isLeft(Allocation.byRatios(100, []))).toBe(true)
    expect(Either.isLeft(Allocation.byRatios(100, [0, 0]))).toBe(true)
    expect(Either.isLeft(Allocation.byRatios(100.5, [1]))).toBe(true)
    expect(Either.isLeft(Allocation.evenly(100, 0))).toBe(true)
  })
})
