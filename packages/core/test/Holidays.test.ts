import { describe, expect, it } from "vitest"
import { Holidays } from "@vertaistuki/core"

describe("Holidays", () => {
  it("the 2026 check values of the brief: Midsummer Eve 19 June, Midsummer Day 20 June, All Saints' Day 31 October", () => {
    expect(Holidays.closedDay("2026-06-19")).toMatchObject({ kind: "office-closed", name: { en: "Midsummer Eve", fi: "juhannusaatto" } })
    expect(Holidays.closedDay("2026-06-20")).toMatchObject({ kind: "public-holiday", name: { en: "Midsummer Day" } })
    expect(Holidays.closedDay("2026-10-31")).toMatchObject({ kind: "public-holiday", name: { en: "All Saints' Day" } })
  })

  it("Christmas Eve is office-closed; New Year's Eve and Mother's Day are not closed", () => {
    expect(Holidays.closedDay("2026-12-24")?.kind).toBe("office-closed")
    expect(Holidays.isClosed("2026-12-31")).toBe(false)
    expect(Holidays.isClosed("2026-05-10")).toBe(false)
  })

  it("the fixed and Easter-based holidays of every year 2026–2030 are closed", () => {
    for (let y = 2026; y <= 2030; y++) {
      for (const md of ["01-01", "01-06", "05-01", "12-06", "12-24", "12-25", "12-26"]) expect(Holidays.isClosed(`${y}-${md}`)).toBe(true)
      const names = Holidays.closedDays(y).map((d) => d.name.en)
      for (const n of ["Good Friday", "Easter Monday", "Ascension Day", "Midsummer Eve", "All Saints' Day"]) expect(names).toContain(n)
    }
  })
})
