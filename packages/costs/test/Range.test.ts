import { Either } from "effect"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import * as Range from "../src/Range.js"

describe("Range", () => {
  it("make accepts ordered points and rejects the others", () => {
    expect(Range.make(1, 2, 3)).toEqual(Either.right({ min: 1, likely: 2, max: 3 }))
    expect(Either.isLeft(Range.make(3, 2, 1))).toBe(true)
  })

  it("fromInput takes the midpoint when likely is missing", () => {
    expect(Range.fromInput({ min: 355500, max: 615500 })).toEqual({ min: 355500, likely: 485500, max: 615500 })
    expect(Range.fromInput(7)).toEqual(Range.point(7))
  })

  it("divide keeps the order: the least quotient takes the greatest divisor", () => {
    expect(Range.divide({ min: 355500, likely: 485500, max: 615500 }, { min: 4, likely: 6, max: 8 })).toEqual({
      min: 355500 / 8,
      likely: 485500 / 6,
      max: 615500 / 4
    })
  })

  it("add, multiply and divide of ordered non-negative ranges are ordered", () => {
    const r = fc.tuple(fc.nat(1000), fc.nat(1000), fc.nat(1000)).map((t) => {
      const [min, likely, max] = t.sort((a, b) => a - b) as [number, number, number]
      return { min, likely, max }
    })
    fc.assert(
      fc.property(r, r, (a, b) => {
        expect(Range.isOrdered(Range.add(a, b))).toBe(true)
        expect(Range.isOrdered(Range.multiply(a, b))).toBe(true)
        expect(Range.isOrdered(Range.divide(a, Range.map(b, (x) => x + 1)))).toBe(true)
      })
    )
  })
})
