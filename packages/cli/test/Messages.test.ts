import { Language, Messages as Core } from "@vertaistuki/core"
import { describe, expect, it } from "vitest"
import { messages, sayIn } from "../src/Messages.js"

describe("the command line's catalogue", () => {
  it("parity: every key in fi, sv and en with the same placeholders", () => {
    expect(Core.problems(messages.catalogue)).toEqual([])
  })

  it("every message formats in every language with the placeholders of its English text, leaving no brace", () => {
    for (const key of messages.keys) {
      const values = Object.fromEntries(Core.placeholders(messages.catalogue.en[key]).map((p) => [p, 1]))
      for (const lang of Language.all) expect(sayIn(lang)(key, values), `${lang} ${key}`).not.toMatch(/[{}]/)
    }
  })

  it("Finnish and Swedish texts are their own: no key outside the numbers reads the same as in English", () => {
    const same = messages.keys.filter((k) => !["number", "programmes.id", "eligibility.person", "unit.participant", "units.participant", "cli.type.text"].includes(k))
      .filter((k) => messages.catalogue.fi[k] === messages.catalogue.en[k] || messages.catalogue.sv[k] === messages.catalogue.en[k])
    expect(same).toEqual([])
  })
})
