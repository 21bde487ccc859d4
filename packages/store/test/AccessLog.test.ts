import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { AccessLog } from "../src/index.js"

/** The characters the log refuses, by code point (a reference written apart from the store's regular expression). */
const unprintable = {
  test: (s: string) =>
    [...s].some((c) => {
      const n = c.codePointAt(0)!
      return n <= 0x1f || (n >= 0x7f && n <= 0x9f) || n === 0x2028 || n === 0x2029 || (n >= 0x202a && n <= 0x202e) || (n >= 0x2066 && n <= 0x2069)
    })
}

describe("AccessLog.printable", () => {
  it("leaves no control, line-break or bidirectional character, changes nothing else, and keeps what it is told to", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary" }), (text) => {
        const shown = AccessLog.printable(text)
        expect(unprintable.test(shown)).toBe(false)
        if (!unprintable.test(text)) expect(shown).toBe(text)
        expect(AccessLog.printable(`a\n${text}`, "\n").startsWith("a\n")).toBe(true)
      })
    )
    expect(AccessLog.printable("worker\u001b[2J\u202eanna")).toBe("worker\\u001b[2J\\u202eanna")
  })
})
