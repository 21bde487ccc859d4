import { Language, Messages as CoreMessages } from "@vertaistuki/core"
import { Messages, StoreError } from "@vertaistuki/store"
import * as fc from "fast-check"
import { describe, expect, it } from "vitest"

describe("Messages of the store", () => {
  it("parity: every key in fi, sv and en with the same placeholders", () => {
    expect(CoreMessages.problems(Messages.messages.catalogue)).toEqual([])
  })

  it("InvalidInput names the field and what was expected in each language; the English is its message without the value", () => {
    const e = new StoreError.InvalidInput({ field: "dateOfBirth", expected: "a date YYYY-MM-DD", actual: "1980-02-31" })
    expect(Messages.describe(e, "fi")).toBe("dateOfBirth: arvon pitää olla päivämäärä muodossa VVVV-KK-PP")
    expect(Messages.describe(e, "sv")).toBe("dateOfBirth: värdet ska vara ett datum i formen ÅÅÅÅ-MM-DD")
    expect(Messages.describe(e, "en")).toBe("dateOfBirth: expected a date YYYY-MM-DD")
    for (const lang of Language.all) expect(Messages.describe(e, lang)).not.toContain("1980-02-31")
    expect(e.message).toContain("got 1980-02-31")
  })

  it("a StoreError says why in the language, and whether to try again", () => {
    const e = StoreError.unavailable("connect ECONNREFUSED")
    expect(Messages.describe(e, "fi")).toBe("tietovarasto ei ole käytettävissä (yritä uudelleen): connect ECONNREFUSED")
    expect(Messages.describe(e, "sv")).toBe("datalagret är inte tillgängligt (försök igen): connect ECONNREFUSED")
    expect(Messages.describe(StoreError.corrupt("bad row"), "en")).toBe("stored data cannot be read back as it was written: bad row")
  })

  it("every error of any field and expected text is described in every language, the field first and what was expected last (also for hostile texts)", () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), fc.constantFrom(...Language.all), (field, expected, lang) => {
        const text = Messages.describe(new StoreError.InvalidInput({ field, expected }), lang)
        expect(text.startsWith(`${field}: `)).toBe(true)
        expect(text.endsWith(CoreMessages.expected(expected, lang))).toBe(true)
      })
    )
  })

  it("an unknown error gives its message", () => {
    expect(Messages.describe({ _tag: "Other", message: "as is" } as never, "fi")).toBe("as is")
  })
})
