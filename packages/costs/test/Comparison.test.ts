import { Either } from "effect"
import { describe, expect, it } from "vitest"
import * as Comparison from "../src/Comparison.js"
import * as CostModel from "../src/CostModel.js"
import * as Scenario from "../src/Scenario.js"

const voikukkia = Either.getOrThrow(
  Scenario.decode({
    name: "VOIKUKKIA",
    source: "seed 001_b24d0be2c52c8a44.txt",
    participants: { min: 4, max: 8 },
    price: { total: { min: 355500, max: 615500 } }
  })
)
const model = Either.getOrThrow(CostModel.fromScenario(voikukkia))
const preset = (id: string) => Comparison.presets.find((p) => p.id === id)!

describe("Comparison: seed 001_b24d0be2c52c8a44.txt", () => {
  it("short psychotherapy 105–110 € × 10 visits = 1 050–1 100 €", () => {
    expect(Comparison.course(preset("short-psychotherapy"))).toMatchObject({ min: 105000, max: 110000 })
    expect(Comparison.statedBySeed001.shortPsychotherapy).toEqual({ min: 105000, max: 110000 })
  })

  it("couple or family therapy 130–150 € × 10 visits = 1 300–1 500 €", () => {
    expect(Comparison.course(preset("couple-family-therapy"))).toMatchObject({ min: 130000, max: 150000 })
    expect(Comparison.statedBySeed001.coupleFamilyTherapy).toEqual({ min: 130000, max: 150000 })
  })

  it("adolescent psychiatric outpatient care 206 € × 52 = 10 712 €, which the source rounds to 10 700 €", () => {
    expect(Comparison.course(preset("adolescent-psychiatric-outpatient"))).toEqual({ min: 1071200, likely: 1071200, max: 1071200 })
    expect(Comparison.statedBySeed001.adolescentPsychiatricOutpatient).toBe(1070000)
    expect(Math.round(1071200 / 10000) * 10000).toBe(Comparison.statedBySeed001.adolescentPsychiatricOutpatient)
  })

  it("the group's stated price is 3 555–6 155 €", () => {
    expect(CostModel.summarize(model).total).toMatchObject(Comparison.statedBySeed001.groupPrice)
  })
})

describe("Comparison: the brief's reference prices", () => {
  it("each carries a source and a year", () => {
    for (const p of Comparison.presets) {
      expect(p.source.length).toBeGreaterThan(0)
      expect(p.year).toBeGreaterThanOrEqual(2002)
    }
  })

  it("pins Kela 2024: 57,60 € individual, 32,00 € group, 63,91 € / h family therapy", () => {
    expect([preset("kela-psychotherapy-individual"), preset("kela-psychotherapy-group"), preset("kela-family-therapy")].map((p) => [p.unitPrice, p.year])).toEqual([
      [5760, 2024],
      [3200, 2024],
      [6391, 2024]
    ])
  })

  it("pins the per-day placement prices: 190 € (2002), 197 € (2004), purchased 157 € (2002) and 180 € (2004), family care 41 € (2002), special-level 600–1 900 € (2025)", () => {
    expect(
      ["institution-municipal-2002", "institution-municipal-2004", "institution-purchased-2002", "institution-purchased-2004", "family-care-2002", "special-residential-care-2025"].map(
        (id) => [preset(id).unitPrice, preset(id).year, preset(id).unit]
      )
    ).toEqual([
      [19000, 2002, "day"],
      [19700, 2004, "day"],
      [15700, 2002, "day"],
      [18000, 2004, "day"],
      [4100, 2002, "day"],
      [{ min: 60000, max: 190000 }, 2025, "day"]
    ])
  })
})

describe("Comparison.compare", () => {
  const options = Comparison.compare(model, Comparison.alternativesOf(voikukkia))

  it("puts the peer group first, with its total and per-participant cost", () => {
    expect(options[0]).toMatchObject({ id: "peer-group", kind: "peer-group", total: { min: 355500, max: 615500 }, perParticipant: { min: 44438, max: 153875 } })
  })

  it("prices an alternative for the same participants: one course per participant", () => {
    expect(options.find((o) => o.id === "short-psychotherapy")).toMatchObject({ total: { min: 4 * 105000, max: 8 * 110000 }, perParticipant: { min: 105000, max: 110000 } })
  })

  it("leaves the per-day prices to break-even", () => {
    expect(options.some((o) => o.id.startsWith("institution"))).toBe(false)
  })

  it("lets the analyst replace a preset by id, add their own, or leave the presets out", () => {
    const s = { ...voikukkia, alternatives: [{ id: "short-psychotherapy", label: "Own price", unit: "visit" as const, unitPrice: 12000, units: 10, source: "own", year: 2026 }] }
    expect(Comparison.alternativesOf(s).find((a) => a.id === "short-psychotherapy")?.label).toBe("Own price")
    expect(Comparison.alternativesOf({ ...s, presets: false })).toHaveLength(1)
  })

  it("gives one course as the total when the scenario has no participants", () => {
    const m = Either.getOrThrow(CostModel.fromScenario(Either.getOrThrow(Scenario.decode({ name: "x", price: { total: 1000 } }))))
    const o = Comparison.compare(m, Comparison.presets)
    expect(o[0]?.perParticipant).toBeNull()
    expect(o.find((x) => x.id === "adolescent-psychiatric-outpatient")?.total.min).toBe(1071200)
  })
})

describe("Comparison.breakEven", () => {
  const be = Comparison.breakEven(model, Comparison.presets)
  const units = (id: string) => be.find((b) => b.id === id)?.units

  it("18–30 adolescent psychiatric visits pay for one group (3 555 / 206 → 18; 6 155 / 206 → 30)", () => {
    expect(units("adolescent-psychiatric-outpatient")).toMatchObject({ min: 18, max: 30 })
  })

  it("2–11 days of special-level residential care pay for one group (3 555 / 1 900 → 2; 6 155 / 600 → 11)", () => {
    expect(units("special-residential-care-2025")).toMatchObject({ min: 2, max: 11 })
  })

  it("rounds up: the avoided units always cover the group", () => {
    for (const b of be) {
      expect(b.units.min * b.unitPrice.max).toBeGreaterThanOrEqual(355500)
      expect(b.units.max * b.unitPrice.min).toBeGreaterThanOrEqual(615500)
    }
  })
})

describe("Comparison.breakEven per participant", () => {
  const voikukkia = Either.getOrThrow(
    CostModel.fromScenario(Either.getOrThrow(Scenario.decode({ name: "VOIKUKKIA", price: { total: { min: 355500, max: 615500 } }, participants: { min: 4, max: 8 } })))
  )
  const be = Comparison.breakEven(voikukkia, Comparison.presets)

  it("3–8 adolescent psychiatric visits per parent pay for the group (444,38 / 206 → 3; 1 538,75 / 206 → 8)", () => {
    expect(be.find((b) => b.id === "adolescent-psychiatric-outpatient")?.unitsPerParticipant).toEqual({ min: 3, likely: 4, max: 8 })
  })

  it("rounds up: the avoided units per participant always cover the cost per participant; none without participants", () => {
    const summary = CostModel.summarize(voikukkia)
    for (const b of be) {
      expect(b.unitsPerParticipant!.min * b.unitPrice.max).toBeGreaterThanOrEqual(summary.perParticipant!.min - 1)
      expect(b.unitsPerParticipant!.max * b.unitPrice.min).toBeGreaterThanOrEqual(summary.perParticipant!.max - 1)
      expect((b.unitsPerParticipant!.min - 1) * b.unitPrice.max).toBeLessThan(summary.perParticipant!.min)
    }
    const alone = Either.getOrThrow(CostModel.fromScenario(Either.getOrThrow(Scenario.decode({ name: "x", price: { total: 100 } }))))
    for (const b of Comparison.breakEven(alone, Comparison.presets)) expect(b.unitsPerParticipant).toBeNull()
  })
})

describe("Comparison.presets: labels", () => {
  it("every label is distinct and says its price year", () => {
    const labels = Comparison.presets.map((p) => p.label)
    expect(new Set(labels).size).toBe(labels.length)
    for (const p of Comparison.presets) expect(p.label).toContain(`(${p.year} prices)`)
  })
})
