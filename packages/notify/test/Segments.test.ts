import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { Segments } from "@vertaistuki/notify"

const gsmChar = fc.constantFrom(...Array.from(Segments.gsmBasic))
const extChar = fc.constantFrom(...Array.from(Segments.gsmExtension))
const wide = fc.constantFrom("ł", "ž", "😀", "—", "Ş", "ё")

describe("Segments.count", () => {
  it("Finnish and Swedish letters are GSM-7; one segment holds 160, a concatenated one 153", () => {
    expect(Segments.isGsm7("äöåÄÖÅ Hyvää päivää")).toBe(true)
    expect(Segments.count("a".repeat(160))).toEqual({ encoding: "GSM-7", units: 160, segments: 1, perSegment: 160 })
    expect(Segments.count("a".repeat(161))).toEqual({ encoding: "GSM-7", units: 161, segments: 2, perSegment: 153 })
    expect(Segments.count("ä".repeat(306)).segments).toBe(2)
    expect(Segments.count("ä".repeat(307)).segments).toBe(3)
  })

  it("an extension character takes two septets and is never split between segments", () => {
    expect(Segments.count("€".repeat(80))).toMatchObject({ encoding: "GSM-7", units: 160, segments: 1 })
    expect(Segments.count("€".repeat(81)).segments).toBe(2)
    // 152 plain + one escape pair does not fit in 153: the pair goes to the next segment.
    expect(Segments.count(`${"a".repeat(152)}[${"a".repeat(10)}`).segments).toBe(2)
    expect(Segments.count(`${"a".repeat(152)}[${"a".repeat(152)}`).segments).toBe(3)
  })

  it("any other character makes the whole text UCS-2 (70 / 67), and a surrogate pair is never split", () => {
    expect(Segments.count("ł".repeat(70))).toEqual({ encoding: "UCS-2", units: 70, segments: 1, perSegment: 70 })
    expect(Segments.count("ł".repeat(71))).toEqual({ encoding: "UCS-2", units: 71, segments: 2, perSegment: 67 })
    expect(Segments.count(`${"ł".repeat(66)}😀${"ł".repeat(10)}`).segments).toBe(2)
    expect(Segments.count(`${"ł".repeat(66)}😀${"ł".repeat(67)}`).segments).toBe(3)
    expect(Segments.count("").segments).toBe(1)
  })

  it("typographic spaces, dashes and quotes become their GSM-7 look-alikes", () => {
    expect(Segments.toGsmFriendly("klo\u00a018.00\u202f– ”x” ’y’…")).toBe('klo 18.00 - "x" \'y\'...')
    expect(Segments.isGsm7(Segments.toGsmFriendly("18.00\u202f–\u00a0"))).toBe(true)
  })

  it("property: GSM-7 segments are the greedy fill of 153-septet segments with unsplit escapes", () => {
    fc.assert(
      fc.property(fc.array(fc.oneof({ weight: 5, arbitrary: gsmChar }, { weight: 1, arbitrary: extChar }), { maxLength: 700 }), (chars) => {
        const text = chars.join("")
        const c = Segments.count(text)
        expect(c.encoding).toBe("GSM-7")
        const septets = chars.reduce((n, ch) => n + (Segments.gsmExtension.includes(ch) ? 2 : 1), 0)
        expect(c.units).toBe(septets)
        if (septets <= 160) expect(c.segments).toBe(1)
        else {
          expect(c.segments).toBeGreaterThanOrEqual(Math.ceil(septets / 153))
          expect(c.segments).toBeLessThanOrEqual(Math.ceil(septets / 152))
        }
      })
    )
  })

  it("property: one character outside GSM-7 turns the text UCS-2 and never lowers the count", () => {
    fc.assert(
      fc.property(fc.array(gsmChar, { maxLength: 400 }), wide, fc.nat(), (chars, w, i) => {
        const text = chars.join("")
        const at = chars.length === 0 ? 0 : i % chars.length
        const mixed = text.slice(0, at) + w + text.slice(at)
        const c = Segments.count(mixed)
        expect(c.encoding).toBe("UCS-2")
        expect(c.units).toBe(mixed.length)
        expect(c.segments).toBeGreaterThanOrEqual(Segments.count(text).segments)
        if (mixed.length <= 70) expect(c.segments).toBe(1)
        if (mixed.length > 70) expect(c.segments).toBeGreaterThanOrEqual(Math.ceil(mixed.length / 67))
      })
    )
  })
})
