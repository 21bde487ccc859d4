import { existsSync, readFileSync, writeFileSync } from "node:fs"
import { Either } from "effect"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { parse } from "yaml"
import * as Scenario from "../src/Scenario.js"
import { scenario } from "./arbitraries.js"

const issues = (input: unknown) => {
  const r = Scenario.decode(input)
  return Either.isLeft(r) ? r.left.issues : []
}

describe("Scenario.decode", () => {
  it("accepts every generated scenario", () => {
    fc.assert(fc.property(scenario, (s) => {
        expect(Either.isRight(Scenario.decode(s))).toBe(true)
      })
    )
  })

  it("accepts the shipped examples", () => {
    for (const f of ["voikukkia-2015.json", "voikukkia-bottom-up.yaml", "online-group.yaml", "region-structure.yaml"]) {
      const text = readFileSync(new URL(`../../../examples/cost-comparison/${f}`, import.meta.url), "utf8")
      const r = Scenario.decode(f.endsWith(".json") ? JSON.parse(text) : parse(text))
      expect(Either.isRight(r), `${f}: ${Either.isLeft(r) ? r.left.message : ""}`).toBe(true)
    }
  })

  it("names the path and what was expected", () => {
    expect(issues({ name: "x", rates: { professional: { hourly: -5 } } })).toEqual([
      {
        path: "rates.professional.hourly",
        message: "expected a non-negative number of cents (a whole number, e.g. 4500 for 45,00 €), or a range { min, likely, max } of them"
      }
    ])
  })

  it("reports a range out of order at the range, a bad point inside it at the point", () => {
    expect(issues({ name: "x", price: { total: { min: 5, max: 1 } } })).toEqual([{ path: "price.total", message: "expected min <= likely <= max" }])
    expect(issues({ name: "x", price: { total: { min: 1.5, max: 3 } } })[0]?.path).toBe("price.total.min")
  })

  it("reports every problem, with array indices, unknown fields and unknown roles", () => {
    const found = issues({
      name: "x",
      rates: { professional: { hourly: 3000 } },
      staff: [{ activity: "sessions", role: "professional", hours: "two" }],
      colour: "green"
    })
    expect(found.map((i) => i.path).sort()).toEqual(["colour", "staff[0].hours"])
    expect(issues({ name: "x", rates: { professional: { hourly: 3000 } }, staff: [{ activity: "sessions", role: "leader", hours: 2 }] })).toEqual([
      { path: "staff[0].role", message: 'expected a role defined in rates (professional), got "leader"' }
    ])
  })

  it("asks for participants and sessions when costs are counted per them", () => {
    expect(issues({ name: "x", costs: [{ kind: "refreshments", amount: 300, per: "participant-session" }] }).map((i) => i.path)).toEqual(["participants", "sessions"])
  })

  it("reports a missing name", () => {
    expect(issues({})).toEqual([{ path: "name", message: "is missing" }])
  })
})

describe("Scenario.jsonSchema", () => {
  const file = new URL("../../../docs/schemas/cost-scenario.schema.json", import.meta.url)
  const generated = `${JSON.stringify(Scenario.jsonSchema(), null, 2)}\n`

  it("docs/schemas/cost-scenario.schema.json is the generated schema (UPDATE_SCHEMA=1 rewrites it)", () => {
    if (process.env.UPDATE_SCHEMA === "1") writeFileSync(file, generated)
    expect(existsSync(file)).toBe(true)
    expect(readFileSync(file, "utf8")).toBe(generated)
  })

  it("describes the fields an editor completes", () => {
    const s = Scenario.jsonSchema() as { $defs: Record<string, unknown> }
    expect(Object.keys(s.$defs)).toEqual(expect.arrayContaining(["CostScenario", "CentsRange", "StaffTime", "Alternative"]))
  })
})
