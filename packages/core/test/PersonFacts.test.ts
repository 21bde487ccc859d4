import { readFileSync } from "node:fs"
import { fileURLToPath } from "node:url"
import { PersonFacts } from "@vertaistuki/core"
import { Either, JSONSchema } from "effect"
import fc from "fast-check"
import { DateTime } from "luxon"
import { describe, expect, it } from "vitest"
import { facts, fullFacts } from "./arbitraries/eligibility.js"

const schemaFile = fileURLToPath(new URL("../../../docs/schemas/person-facts.schema.json", import.meta.url))

describe("PersonFacts", () => {
  it("the committed JSON Schema equals the generated one (regenerate: node --import tsx packages/core/scripts/person-facts-schema.ts)", () => {
    const committed = JSON.parse(readFileSync(schemaFile, "utf8"))
    expect(committed).toEqual(JSON.parse(JSON.stringify(JSONSchema.make(PersonFacts.PersonFacts))))
  })

  it("an empty object is valid: every fact may be unknown", () => {
    expect(PersonFacts.decode({})).toEqual(Either.right({}))
  })

  it("decoding valid facts returns them unchanged", () => {
    fc.assert(
      fc.property(facts, (f) => {
        expect(PersonFacts.decode(JSON.parse(JSON.stringify(f)))).toEqual(Either.right(f))
      })
    )
  })

  it.each([
    [{ role: "mother" }, "role"],
    [{ dateOfBirth: "1.2.1980" }, "dateOfBirth"],
    [{ dateOfBirth: "1980-02-30" }, "dateOfBirth"],
    [{ languages: ["fi", "de"] }, "languages.1"],
    [{ commitsToWholeProcess: "yes" }, "commitsToWholeProcess"],
    [{ roel: "parent" }, "roel"],
    [[], "(root)"]
  ])("%j is rejected at %s", (input, path) => {
    const r = PersonFacts.decode(input)
    expect(Either.isLeft(r) && r.left.path).toBe(path)
  })

  it("decoding arbitrary JSON never throws, and every rejection names a path", () => {
    const keys = Object.keys(PersonFacts.PersonFacts.fields)
    fc.assert(
      fc.property(fc.oneof(fc.jsonValue(), fc.dictionary(fc.constantFrom(...keys), fc.jsonValue({ maxDepth: 2 }))), (json) => {
        const r = PersonFacts.decode(json)
        if (Either.isLeft(r)) {
          expect(r.left.path.length).toBeGreaterThan(0)
          expect(r.left.expected.length).toBeGreaterThan(0)
        }
      }),
      { numRuns: 1000 }
    )
  })

  it("ageAt counts completed years on the Helsinki calendar, and agrees with luxon", () => {
    expect(PersonFacts.ageAt("2008-11-22", "2026-11-22")).toBe(18)
    expect(PersonFacts.ageAt("2008-11-23", "2026-11-22")).toBe(17)
    expect(PersonFacts.ageAt("2008-02-29", "2026-02-28")).toBe(17)
    expect(PersonFacts.ageAt("2008-02-29", "2026-03-01")).toBe(18)
    fc.assert(
      fc.property(fullFacts, fc.date({ min: new Date("2020-01-01"), max: new Date("2030-01-01"), noInvalidDate: true }), (f, d) => {
        const at = DateTime.fromJSDate(d).setZone("Europe/Helsinki")
        const dob = f.dateOfBirth as string
        const birth = DateTime.fromISO(dob, { zone: "Europe/Helsinki" })
        if (birth > at) return
        const luxon = Math.floor(at.startOf("day").diff(birth, "years").years)
        expect(PersonFacts.ageAt(dob, at)).toBe(luxon)
      })
    )
  })

  it("prepare gives every fact a key, unknown as undefined, dates as yyyymmdd", () => {
    const p = PersonFacts.prepare({ role: "parent", referralDate: "2026-03-05" })
    expect(Object.keys(p).sort()).toEqual(Object.keys(PersonFacts.PersonFacts.fields).sort())
    expect(p.role).toBe("parent")
    expect(p.referralDate).toBe(20260305)
    expect(p.dateOfBirth).toBeUndefined()
  })
})
