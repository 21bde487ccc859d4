/**
 * The demo data of `pnpm app`: the organisation and its users (a coordinator, two group leaders, an
 * analyst and the data-protection officer) with their local accounts. On a second start the accounts are
 * found and nothing is created again.
 *
 * @since 0.1.0
 */
import { Accounts, Coordinator } from "@vertaistuki/api"
import { Effect, Redacted } from "effect"

/** A demo user as `pnpm app` prints them. @category models */
export interface User {
  readonly username: string
  readonly password: string
  readonly role: Coordinator.Actor["role"]
  readonly actor: Coordinator.Actor
}

/** The demo organisation. @category constants */
export const organisation = { organisationId: "demo-org", name: "Demo welfare region" }

const actor = (userId: string, role: Coordinator.Actor["role"], groupsLed: ReadonlyArray<string> = []): Coordinator.Actor => ({
  userId,
  role,
  organisationId: organisation.organisationId,
  groupsLed
})

/** The demo users (passwords are for the example only). @category constants */
export const users: ReadonlyArray<User> = [
  { username: "anna", password: "demo-coordinator-2026", role: "coordinator", actor: actor("coordinator-anna", "coordinator") },
  { username: "liisa", password: "demo-group-leader-2026", role: "group-leader", actor: actor("leader-liisa", "group-leader") },
  { username: "mikko", password: "demo-group-leader-2026", role: "group-leader", actor: actor("leader-mikko", "group-leader") },
  { username: "aino", password: "demo-analyst-2026", role: "analyst", actor: actor("analyst-aino", "analyst") },
  { username: "daniel", password: "demo-data-protection-2026", role: "data-protection-officer", actor: actor("dpo-daniel", "data-protection-officer") }
]

/**
 * Creates the demo data unless it is there: `created` tells which.
 *
 * @category constructors
 */
export const ensure = Effect.gen(function* () {
  const accounts = yield* Accounts.Accounts
  const coordinator = yield* Coordinator.Coordinator
  const existing = new Set((yield* accounts.list).map((a) => a.username))
  const created = users.some((u) => !existing.has(u.username))
  yield* coordinator.ensureOrganisation(users[0]!.actor, organisation)
  for (const u of users) if (!existing.has(u.username)) yield* accounts.create({ username: u.username, password: Redacted.make(u.password), actor: u.actor })
  return { created, users }
})
