import type { LeaderRole } from "../Role.js"

/** A leader as both the plan and the group see one: a role and the trainings completed. */
interface LeaderLike {
  readonly role: LeaderRole
  readonly trainings: ReadonlyArray<string>
}

/**
 * The roles short of their minimum, in the order of the requirements, with how many leaders of the
 * role there are.
 */
export const missingRoles = <R extends { readonly role: LeaderRole; readonly min: number }>(
  requirements: ReadonlyArray<R>,
  leaders: ReadonlyArray<{ readonly role: LeaderRole }>
): ReadonlyArray<{ readonly requirement: R; readonly found: number }> => {
  const short: Array<{ readonly requirement: R; readonly found: number }> = []
  for (const requirement of requirements) {
    const found = leaders.filter((l) => l.role === requirement.role).length
    if (found < requirement.min) short.push({ requirement, found })
  }
  return short
}

/** The leaders in one of `roles` who have not completed `training`, with their positions. */
export const untrainedLeaders = <L extends LeaderLike>(
  leaders: ReadonlyArray<L>,
  roles: ReadonlyArray<LeaderRole>,
  training: string
): ReadonlyArray<{ readonly leader: L; readonly index: number }> => {
  const untrained: Array<{ readonly leader: L; readonly index: number }> = []
  leaders.forEach((leader, index) => {
    if (roles.includes(leader.role) && !leader.trainings.includes(training)) untrained.push({ leader, index })
  })
  return untrained
}

/** The sum of the leader slots' counts; `null` where there are no slots or a slot gives no count. */
export const slotTotal = (slots: ReadonlyArray<{ readonly count: number | null }>): number | null =>
  slots.length > 0 && slots.every((s) => s.count !== null) ? slots.reduce((n, s) => n + (s.count ?? 0), 0) : null
