/**
 * Chapter 1: the programme catalogue, and a VOIKUKKIA group plan checked against its template, with the
 * trademark rule at work.
 */
import { Catalogue, Duration, GroupPlan, ProgrammeTemplate, Validation } from "@vertaistuki/core"
import { Either } from "effect"
import { printTable } from "../Print.js"

const range = (min: number | null, max: number | null): string =>
  min === null && max === null ? "set by plan" : min === null ? `up to ${max}` : max === null ? `${min}+` : min === max ? `${min}` : `${min}–${max}`

/** Prints the catalogue and validates a VOIKUKKIA plan whose professional leaders lack the leader training. */
export const catalogue = (): void => {
  console.log("The catalogue holds one template per model of the sources:\n")
  printTable(
    ["id", "sessions", "group size", "leaders", "source"],
    Catalogue.all.map((t) => [
      t.id,
      range(t.sessionPlan.count.min, t.sessionPlan.count.max),
      `${range(t.groupSize.min, t.groupSize.max)}${t.groupSize.minimumWaivable ? " (min waivable)" : ""}`,
      String(ProgrammeTemplate.leaderCount(t) ?? "set by plan"),
      t.sources[0].file ?? t.sources[0].title
    ])
  )
  for (const t of Catalogue.all) {
    const open = ProgrammeTemplate.openSettings(t)
    if (open.length > 0) console.log(`  ${t.id}: the source gives no figure for ${open.join(", ")}; each group plan sets them.`)
  }

  const v = Catalogue.voikukkia
  console.log(`\nVOIKUKKIA session plan (seed ${v.sources[0].file}):`)
  printTable(
    ["#", "theme", "planned", "max"],
    v.sessionPlan.sessions.map((s) => [
      String(s.ordinal),
      s.theme?.en ?? "–",
      s.plannedMinutes === null ? "–" : `${Duration.format(s.plannedMinutes.min)}–${Duration.format(s.plannedMinutes.max)}`,
      s.maxMinutes === null ? "–" : Duration.format(s.maxMinutes)
    ])
  )

  const plan = Either.getOrThrow(GroupPlan.fromTemplate(v, {
    name: "VOIKUKKIA-ryhmä Tampere kevät 2027",
    organisers: [
      { kind: "municipality", name: "Tampereen kaupunki" },
      { kind: "parish", name: "Tampereen seurakunnat" }
    ],
    leaders: [
      { name: "Sosiaalityöntekijä A", role: "professional", trainings: [] },
      { name: "Perheneuvoja B", role: "professional", trainings: ["voikukkia-leader"] },
      { name: "Vertaisohjaaja C", role: "peer-leader", trainings: ["voikukkia-peer-leader"] }
    ],
    sessionCount: 10,
    expectedParticipants: 6
  }))
  console.log(`\nA group plan: "${plan.name}", ${plan.sessions.length} sessions, ${plan.expectedParticipants} parents, leaders:`)
  for (const l of plan.leaders) console.log(`  - ${l.name} (${l.role}): ${l.trainings.join(", ") || "no VOIKUKKIA training"}`)

  Either.match(Validation.validateGroupPlan(v, plan), {
    onRight: () => console.log("\nThe plan is valid."),
    onLeft: (problems) => {
      console.log(`\nValidation found ${problems.length} problem(s):`)
      for (const p of problems) {
        console.log(`  [${p.severity}] ${p._tag}`)
        console.log(`    ${p.message}`)
        if (p._tag === "TrademarkRequiresTraining") console.log(`    → run it as: "${p.suggestedName}"`)
      }
    }
  })

  const renamed = new GroupPlan.GroupPlan({
    ...plan,
    name: Validation.suggestUnbrandedName(plan, v.brand!)
  })
  Either.match(Validation.validateGroupPlan(v, renamed), {
    onRight: ({ advice }) =>
      console.log(`\nUnder the suggested name the same plan is valid${advice.length > 0 ? `, with ${advice.length} piece(s) of advice` : ""}: the model may be used without the training, only not under the VOIKUKKIA name.`),
    onLeft: (problems) => console.log(`\nStill ${problems.length} problem(s): ${problems.map((p) => p.message).join("; ")}`)
  })

  const crowded = new GroupPlan.GroupPlan({
    ...plan,
    expectedParticipants: 9,
    sessions: [...plan.sessions.map((x, i) => (i === 9 ? { ...x, minutes: Duration.hours(3.5) } : x)), { minutes: Duration.hours(2) }]
  })
  const all = Validation.groupPlanProblems(v, crowded)
  console.log(`
Every problem is reported at once: with 9 parents, 11 sessions and a last session of 3 h 30 min, ${all.length} findings:`)
  for (const p of all) console.log(`  ${p._tag}: ${p.message}`)
}
