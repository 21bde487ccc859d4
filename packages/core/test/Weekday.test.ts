import { Weekday } from "@vertaistuki/core"
import fc from "fast-check"
import { describe, expect, it } from "vitest"

describe("Weekday", () => {
  it("numbers weekdays as ISO (and luxon) do: Monday 1, Saturday 6, Sunday 7", () => {
    expect(Weekday.toIso("monday")).toBe(1)
    expect(Weekday.toIso("saturday")).toBe(6)
    expect(Weekday.toIso("sunday")).toBe(7)
  })

  it("fromIso inverts toIso", () => {
    fc.assert(
      fc.property(fc.constantFrom(...Weekday.all), (w) => {
        expect(Weekday.fromIso(Weekday.toIso(w))).toBe(w)
      })
    )
  })
})
