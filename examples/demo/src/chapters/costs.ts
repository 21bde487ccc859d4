/**
 * Costs: the VOIKUKKIA group of seed 001_b24d0be2c52c8a44.txt (3 555–6 155 € for 10 × 3 h, 4–8
 * parents) against the therapy and psychiatric care the seed compares it with, what pays for one
 * group, and an HTML report with charts for decision-makers.
 */
import { closeSync, constants, fchmodSync, openSync, readFileSync, writeFileSync } from "node:fs"
import { join } from "node:path"
import { Money } from "@vertaistuki/core"
import { Comparison, CostModel, type Range, Report, Scenario, Simulation } from "@vertaistuki/costs"
import { Either } from "effect"
import { here } from "../Place.js"
import { printTable } from "../Print.js"

const money = (r: Range.Range | null): string =>
  r === null ? "–" : (r.min === r.max ? Money.formatCents(r.min) : `${Money.formatCents(r.min)} – ${Money.formatCents(r.max)}`).replace(/\u00a0|\u202f/g, " ")

/** Prints the VOIKUKKIA comparison and writes the report into the demo's folder. */
export const costs = (): void => {
  const file = new URL("../../../cost-comparison/voikukkia-2015.json", import.meta.url)
  const scenario = Either.getOrThrow(Scenario.decode(JSON.parse(readFileSync(file, "utf8"))))
  const model = Either.getOrThrow(CostModel.fromScenario(scenario))
  const alternatives = Comparison.alternativesOf(scenario)

  console.log(`${model.name}\nSource: ${model.source}\n`)
  printTable(
    ["option", "for the participants", "per participant"],
    Comparison.compare(model, alternatives).map((o) => [o.label, money(o.total), money(o.perParticipant)]),
    [1, 2]
  )
  console.log("\nThe source rounds 206 € × 52 = 10 712 € to 10 700 €; per parent 3 555 € / 8 = 444,375 € rounds half away from zero to 444,38 €.")

  console.log("\nAvoided visits or days that pay for one group:\n")
  printTable(
    ["alternative", "unit", "unit price", "units"],
    Comparison.breakEven(model, alternatives)
      .filter((b) => ["adolescent-psychiatric-outpatient", "institution-municipal-2004", "special-residential-care-2025"].includes(b.id))
      .map((b) => [b.label, b.unit, money(b.unitPrice), `${b.units.min}–${b.units.max}`]),
    [2, 3]
  )

  const simulation = Either.getOrThrow(Simulation.run(model, { draws: 100_000, seed: 2015 }))
  const p = simulation.totalPercentiles
  console.log(`\n100 000 draws (seed 2015): P5 ${Money.formatCents(p.p5)}, P50 ${Money.formatCents(p.p50)}, P95 ${Money.formatCents(p.p95)}`.replace(/\u00a0|\u202f/g, " "))

  const out = join(here().dir, "voikukkia-costs.html")
  // Readable by its owner only, and never written through a planted symbolic link.
  const fd = openSync(out, constants.O_WRONLY | constants.O_CREAT | constants.O_TRUNC | constants.O_NOFOLLOW, 0o600)
  try {
    fchmodSync(fd, 0o600)
    writeFileSync(fd, Report.html({ model, alternatives, simulation, description: scenario.description }))
  } finally {
    closeSync(fd)
  }
  console.log(`\nThe report with charts (comparison, tornado, histogram): ${out}`)
}
