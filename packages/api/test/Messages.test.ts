import { readdirSync, readFileSync } from "node:fs"
import { join } from "node:path"
import { describe, expect, it } from "vitest"
import * as Messages from "../src/Messages.js"

const src = join(import.meta.dirname, "..", "src")
const sources = [...readdirSync(src).map((f) => join(src, f)), ...readdirSync(join(src, "internal")).map((f) => join(src, "internal", f))].filter((f) => f.endsWith(".ts"))
/** Every fixed text a refusal of the API expects: `expected: "…"` of its errors and `message: () => "…"` of its schemas. */
const written = [...new Set(sources.flatMap((f) => [...readFileSync(f, "utf8").matchAll(/(?:expected: |message: \(\) => )"([^"]+)"/g)].map((m) => m[1]!)))]

describe("Messages of the API", () => {
  it("finds the texts its errors and schemas are written with", () => {
    expect(written.length).toBeGreaterThan(15)
  })

  it("every text a refusal expects reads in Finnish and Swedish, not in English", () => {
    for (const text of written) {
      for (const lang of ["fi", "sv"] as const) expect(Messages.expected(text, lang), `${lang}: ${text}`).not.toBe(text)
      expect(Messages.expected(text, "en")).toBe(text)
    }
  })

  it("keeps no translation of a text the API no longer writes", () => {
    for (const text of Object.keys(Messages.texts)) expect(written, text).toContain(text)
  })

  it("puts a length and the core's wordings in the language", () => {
    expect(Messages.expected("at most 200 characters", "fi")).toBe("enintään 200 merkkiä")
    expect(Messages.expected("at most 200 characters", "sv")).toBe("högst 200 tecken")
    expect(Messages.expected("a date YYYY-MM-DD", "fi")).not.toBe("a date YYYY-MM-DD")
  })
})
