import { readFileSync } from "node:fs"
import { Either } from "effect"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { parse } from "yaml"
import * as CostModel from "../src/CostModel.js"
import type * as Range from "../src/Range.js"
import * as Scenario from "../src/Scenario.js"
import { model, scenario as scenarioArb } from "./arbitraries.js"

const example = (file: string) => {
  const text = readFileSync(new URL(`../../../examples/cost-comparison/${file}`, import.meta.url), "utf8")
  const raw: unknown = file.endsWith(".json") ? JSON.parse(text) : parse(text)
  return Either.getOrThrow(CostModel.fromScenario(Either.getOrThrow(Scenario.decode(raw))))
}

const ordered = (r: Range.Range | null) => r === null || (r.min <= r.likely && r.likely <= r.max)

describe("CostModel: seed 001_b24d0be2c52c8a44.txt (VOIKUKKIA 2015)", () => {
  const summary = CostModel.summarize(example("voikukkia-2015.json"))

  it("prices 10 × 3 h at 3 555–6 155 €", () => {
    expect(summary.total).toMatchObject({ min: 355500, max: 615500 })
  })

  it("per parent for 4–8 parents: 3 555 / 8 = 444,375 → 444,38 € (half away from zero) and 6 155 / 4 = 1 538,75 €", () => {
    expect(summary.perParticipant).toMatchObject({ min: 44438, max: 153875 })
  })

  it("per session-hour over 30 h: 118,50–205,17 €", () => {
    expect(summary.perSessionHour).toMatchObject({ min: 11850, max: 20517 })
  })
})

describe("CostModel: seed 001_b24d0be2c52c8a44.txt built bottom-up", () => {
  const m = example("voikukkia-bottom-up.yaml")

  it("has every item the seed's price includes", () => {
    expect(new Set(m.lines.map((l) => l.item))).toEqual(
      new Set(["intake", "sessions", "advance-planning", "between-sessions", "cooperation", "informing", "evaluation", "room-rent", "refreshments", "supplies", "travel", "training"])
    )
  })

  it("counts 10 × 3 h for 2 professionals and 1 peer leader", () => {
    const sessions = m.lines.filter((l) => l.item === "sessions").map((l) => CostModel.lineAt(m, l, "likely"))
    expect(sessions).toEqual([3 * 2 * 10 * Math.round(2600 * 1.24), 3 * 10 * 2000])
  })

  it("with the example's assumed rates, the most likely total 5 907,76 € lies within the seed's 3 555–6 155 €", () => {
    const total = CostModel.summarize(m).total
    expect(total.likely).toBe(590776)
    expect(total.likely).toBeGreaterThanOrEqual(355500)
    expect(total.likely).toBeLessThanOrEqual(615500)
  })
})

describe("CostModel: seed 000_2f0bf6902dc16743.txt (online group, bottom-up)", () => {
  const m = example("online-group.yaml")
  const summary = CostModel.summarize(m)

  it("counts the seed's time: intake 1 h × 6, 5 × 2 h sessions and a 6 h Saturday for 3 leaders", () => {
    const hours = (activity: string) =>
      m.lines.filter((l) => l.item === activity).reduce((s, l) => s + (m.inputs[l.factors[0]!.input]?.range.likely ?? 0), 0)
    expect(hours("intake")).toBe(1)
    expect(hours("sessions")).toBe(3 * 2)
    expect(hours("live-day")).toBe(3 * 6)
    expect(m.inputs[m.participants!]?.range.likely).toBe(6)
    expect(m.inputs[m.sessionCount!]?.range.likely).toBe(5)
  })

  it("costs 1 593,44 € at the most likely rates of the example", () => {
    const ngo = 2300 * 1.24
    const peer = 2000
    const inst = 2500 * 1.24
    const intake = 1 * 6 * ngo
    const sessions = 2 * 5 * (ngo + peer + inst)
    const live = 6 * (ngo + peer + inst)
    const fee = 15000
    expect(Math.round(intake + sessions + live + fee)).toBe(159344)
    expect(summary.total.likely).toBe(159344)
  })

  it("gives the cost per session-hour over 5 × 2 h + 6 h = 16 h", () => {
    expect(summary.perSessionHour?.likely).toBe(Math.round(159344 / 16))
  })
})

describe("CostModel: seed 003_220f3bde38c28eca.txt (structure budget)", () => {
  it("has every budget line of the seed", () => {
    const m = example("region-structure.yaml")
    expect(new Set(m.lines.map((l) => l.item))).toEqual(
      new Set(["coordinator", "experience-experts", "ngo-activities", "events", "room-rent", "marketing", "refreshments", "leaders-pay", "travel"])
    )
    expect(CostModel.summarize(m).byCategory.map((c) => c.category)).toEqual(["structure"])
  })
})

describe("CostModel laws", () => {
  it("the total equals the sum of its categories, and each category the sum of its lines", () => {
    fc.assert(
      fc.property(model, (m) => {
        const s = CostModel.summarize(m)
        for (const b of ["min", "likely", "max"] as const) {
          expect(s.byCategory.reduce((acc, c) => acc + c.total[b], 0)).toBe(s.total[b])
          for (const c of s.byCategory) expect(s.lines.filter((l) => l.category === c.category).reduce((acc, l) => acc + l.total[b], 0)).toBe(c.total[b])
        }
      })
    )
  })

  it("min <= most likely <= max in every output", () => {
    fc.assert(
      fc.property(model, (m) => {
        const s = CostModel.summarize(m)
        expect([s.total, s.perParticipant, s.perSessionHour, ...s.byCategory.map((c) => c.total), ...s.lines.map((l) => l.total)].every(ordered)).toBe(true)
      })
    )
  })

  it("every amount is whole cents", () => {
    fc.assert(
      fc.property(model, (m) => {
        const s = CostModel.summarize(m)
        expect([s.total.min, s.total.likely, s.total.max, ...s.lines.flatMap((l) => [l.total.min, l.total.max])].every(Number.isInteger)).toBe(true)
      })
    )
  })

  it("scaling every hourly rate by k scales the staff cost by k, within rounding", () => {
    fc.assert(
      fc.property(model, fc.double({ min: 0, max: 10, noNaN: true }), (m, k) => {
        const staff = (x: CostModel.Model, b: CostModel.Bound) => CostModel.categoryTotal(x, "staff", CostModel.valuesAt(x, b))
        const n = m.lines.filter((l) => l.category === "staff").length
        for (const b of ["min", "likely", "max"] as const) {
          expect(Math.abs(staff(CostModel.scaleRates(m, k), b) - k * staff(m, b))).toBeLessThanOrEqual(n * (0.5 + 0.5 * k) + 1e-6)
        }
      })
    )
  })

  it("totalFor at the most likely values equals the summary's most likely total", () => {
    fc.assert(
      fc.property(model, (m) => {
        expect(CostModel.totalFor(m, CostModel.valuesAt(m, "likely"))).toBe(CostModel.summarize(m).total.likely)
      })
    )
  })

  it("a scenario without costs is an EmptyModelError", () => {
    const r = CostModel.fromScenario(Either.getOrThrow(Scenario.decode({ name: "nothing" })))
    expect(Either.isLeft(r) && r.left._tag).toBe("EmptyModelError")
  })

  it("amortises leader training over the number of groups, the least cost at the most groups", () => {
    const s = Either.getOrThrow(
      Scenario.decode({ name: "training", costs: [{ kind: "training", amount: 120000, amortiseOver: { min: 2, likely: 4, max: 6 } }] })
    )
    expect(CostModel.summarize(Either.getOrThrow(CostModel.fromScenario(s))).total).toEqual({ min: 20000, likely: 30000, max: 60000 })
  })

  it("formats inputs by unit", () => {
    expect(CostModel.formatInput("hours", 2.5)).toBe("2.5 h")
    expect(CostModel.formatInput("share", 0.25)).toBe("25 %")
    expect(CostModel.formatInput("cents", 4500)).toMatch(/^45,00\s€$/)
  })
})

describe("CostModel.fromScenario: units", () => {
  it("gives every input the unit of its field", () => {
    const m = example("voikukkia-bottom-up.yaml")
    const units = new Map(m.inputs.map((i) => [i.path, i.unit]))
    for (const [path, unit] of units) {
      const expected = /(hourly|amount|total)$/.test(path) ? "cents" : /hours$/i.test(path) ? "hours" : /sideCosts$/.test(path) ? "share" : "count"
      expect([path, unit]).toEqual([path, expected])
    }
    expect(units.get("participants")).toBe("count")
  })
})

describe("CostModel: groups per year", () => {
  /** A generated scenario run `groups` times a year. */
  const yearly = fc
    .tuple(scenarioArb, fc.oneof(fc.integer({ min: 1, max: 12 }), fc.constant({ min: 2, likely: 4, max: 6 })))
    .map(([s, groups]) => ({ s, groups, one: Either.getOrThrow(CostModel.fromScenario(Either.getOrThrow(Scenario.decode(s)))), year: Either.getOrThrow(CostModel.fromScenario(Either.getOrThrow(Scenario.decode({ ...s, groupsPerYear: groups })))) }))

  it("a year is the group's lines times the groups, plus the structure lines once; per participant stays a group's", () => {
    fc.assert(
      fc.property(yearly, ({ groups, one, year }) => {
        expect(one.period).toBe("group")
        expect(year.period).toBe("year")
        const g = typeof groups === "number" ? { min: groups, likely: groups, max: groups } : groups
        const a = CostModel.summarize(one)
        const b = CostModel.summarize(year)
        for (const p of ["min", "likely", "max"] as const) {
          const structure = a.byCategory.find((c) => c.category === "structure")?.total[p] ?? 0
          const rest = a.total[p] - structure
          // Each line is rounded to cents after multiplying, so a year differs from g × the rounded group by under a cent a line.
          expect(Math.abs(b.total[p] - (rest * g[p] + structure))).toBeLessThanOrEqual(one.lines.length * g[p])
          expect(b.byCategory.find((c) => c.category === "structure")?.total[p] ?? 0).toBe(structure)
        }
        const covered = CostModel.participantsCovered(year)!
        const participants = one.inputs[one.participants!]!.range
        expect(covered.likely).toBeCloseTo(participants.likely * g.likely, 9)
        if (a.byCategory.every((c) => c.category !== "structure") && b.perParticipant !== null && a.perParticipant !== null) {
          expect(Math.abs(b.perParticipant.likely - a.perParticipant.likely)).toBeLessThanOrEqual(one.lines.length)
        }
      })
    )
  })

  it("refuses a number of groups that is not positive", () => {
    const s = { name: "x", price: { total: 100 } }
    for (const groupsPerYear of [0, -1, { min: 0, max: 2 }]) expect(Either.isLeft(Scenario.decode({ ...s, groupsPerYear }))).toBe(true)
  })
})
