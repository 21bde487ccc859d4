import { Duration } from "@vertaistuki/core"
import { Schema } from "effect"
import fc from "fast-check"
import { describe, expect, it } from "vitest"

describe("Duration", () => {
  it("writes the sources' figures in minutes: 2 h, 2.5 h, 3 h, 6 h", () => {
    expect([2, 2.5, 3, 6].map(Duration.hours)).toEqual([120, 150, 180, 360])
  })

  it("formats hours and minutes for people", () => {
    expect(Duration.format(150)).toBe("2 h 30 min")
    expect(Duration.format(180)).toBe("3 h")
    expect(Duration.format(45)).toBe("45 min")
  })

  it("format names the whole hours and the rest", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 100_000 }), (m) => {
        const match = /^(?:(\d+) h)? ?(?:(\d+) min)?$/.exec(Duration.format(m))
        expect(match).not.toBeNull()
        expect(Number(match?.[1] ?? 0) * 60 + Number(match?.[2] ?? 0)).toBe(m)
      })
    )
  })

  it("minutes are non-negative whole numbers", () => {
    expect(() => Duration.minutes(-1)).toThrow()
    expect(() => Duration.minutes(1.5)).toThrow()
    expect(Schema.decodeUnknownSync(Duration.Minutes)(90)).toBe(90)
  })

  it("a range's min must not exceed its max", () => {
    expect(Schema.decodeUnknownSync(Duration.MinutesRange)({ min: 120, max: 150 })).toEqual({ min: 120, max: 150 })
    expect(() => Schema.decodeUnknownSync(Duration.MinutesRange)({ min: 151, max: 150 })).toThrow()
  })
})
