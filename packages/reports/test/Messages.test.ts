import { Language, Messages as Core } from "@vertaistuki/core"
import { Labels, Messages, Period, Suppression } from "@vertaistuki/reports"
import { Either } from "effect"
import * as fc from "fast-check"
import { describe, expect, it } from "vitest"

describe("the reports catalogue", () => {
  it("parity: every key in fi, sv and en with the same placeholders", () => {
    expect(Core.problems(Messages.messages.catalogue)).toEqual([])
  })

  it("parity of the report's words: every key has a text of its own in fi, sv and en", () => {
    expect(Labels.keys.length).toBeGreaterThan(10)
    for (const key of Labels.keys) for (const lang of Labels.locales) expect(Labels.word(lang, key).length, `${lang} ${key}`).toBeGreaterThan(0)
  })

  it("a bad period, dimension or k is described in each language naming the field; English is the message", () => {
    const p = Period.parse("spring")
    const d = Period.dimension("colour")
    const k = Suppression.threshold(1)
    if (Either.isRight(p) || Either.isRight(d) || Either.isRight(k)) throw new Error("expected errors")
    expect(Messages.describe(p.left, "fi")).toMatch(/^ajanjakson pitää olla vuosi/)
    expect(Messages.describe(p.left, "sv")).toMatch(/^perioden ska vara ett år/)
    expect(Messages.describe(p.left, "en")).toBe(p.left.message)
    expect(Messages.describe(d.left, "fi")).toContain("”colour”")
    expect(Messages.describe(d.left, "sv")).toContain(Period.dimensions.join(", "))
    expect(Messages.describe(k.left, "fi")).toBe("k:n pitää olla kokonaisluku, vähintään 2, annettu 1")
  })

  it("any period text that does not parse is described in every language, quoting only that text", () => {
    fc.assert(
      fc.property(fc.string(), fc.constantFrom(...Language.all), (text, lang) => {
        const p = Period.parse(text)
        if (Either.isRight(p)) return
        expect(Messages.describe(p.left, lang)).toContain(text)
      })
    )
  })
})
