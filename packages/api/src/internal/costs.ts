/**
 * The cost scenario of a group: the seed's price for VOIKUKKIA, otherwise built from the group's held
 * sessions, leaders, guests' fees and the hourly cost given.
 */
import { Scenario } from "@vertaistuki/costs"
import { Either } from "effect"
import * as M from "./model.js"
import type { GroupSnapshot } from "./views.js"

type Fail = M.CoordinatorError

/** VOIKUKKIA's price as the seed gives it (seed 001_b24d0be2c52c8a44.txt): 3,555–6,155 € for 10 × 3 h, 4–8 parents. */
export const voikukkiaScenario = {
  id: "voikukkia-2015",
  name: "VOIKUKKIA® peer-support group, 10 × 3 h",
  source: "Innokylä: VOIKUKKIA® peer-support group (seed 001_b24d0be2c52c8a44.txt)",
  year: 2015,
  participants: { min: 4, max: 8 },
  sessions: { count: 10, hours: 3 },
  price: { total: { min: 355500, max: 615500 } }
}

/** The scenario a cost request asks about: its own, the seed's price for VOIKUKKIA, or one built from the group. */
export const scenarioOf = (snap: GroupSnapshot, request: M.CostRequest): Either.Either<Scenario.Scenario, Fail> => {
  if (request.scenario !== undefined) return Either.right(request.scenario)
  const t = snap.record.template
  if (t.id === "voikukkia") return Either.mapLeft(Scenario.decode(voikukkiaScenario), (e) => new M.InvalidRequest({ field: "scenario", expected: e.message }))
  if (request.hourlyCents === undefined) {
    return Either.left(new M.InvalidRequest({ field: "hourlyCents", expected: "the hourly cost of a leader in cents, or a whole scenario" }))
  }
  const held = snap.sessions.filter((s) => s.state.status === "held")
  const counted = held.length > 0 ? held : snap.sessions
  const hours = counted.reduce((sum, s) => sum + s.state.minutes, 0) / 60
  const leaders = Math.max(1, snap.record.plan.leaders.length)
  const fees = held.flatMap((s) => s.guests.flatMap((g) => (g.feeCents === null ? [] : [g])))
  const participants = Math.max(1, snap.group.enrolled || snap.participants.filter((p) => ["attending", "completed", "enrolled"].includes(p.state.status)).length)
  const raw = {
    id: snap.record.plan.groupId,
    name: snap.record.plan.name,
    source: `${t.name.en}: the group's held sessions`,
    participants: participants,
    rates: { leader: { hourly: request.hourlyCents } },
    staff: [
      { activity: "sessions", role: "leader", hours: Math.max(hours, 0.5), people: leaders },
      // The intake interview's time per participant where the template gives it (seed 000: 1 h).
      ...(t.intake?.minutesPerParticipant == null ? [] : [{ activity: "intake", role: "leader", hours: t.intake.minutesPerParticipant / 60, per: "participant" }])
    ],
    ...(fees.length > 0 ? { fees: fees.map((g) => ({ kind: g.role === "experience-expert" ? "experience-expert" : "visiting-expert", amount: g.feeCents })) } : {})
  }
  return Either.mapLeft(Scenario.decode(raw), (e) => new M.InvalidRequest({ field: "scenario", expected: e.message }))
}
