/**
 * The demo data of `pnpm app`: the API's `DemoData` (an organisation, one user per role plus a leader per
 * group, one running group per programme model, all made through the Coordinator) and the local accounts
 * of its users. On a second start both are found and nothing is created again.
 *
 * @since 0.1.0
 */
import { Accounts, DemoData } from "@vertaistuki/api"
import { Effect, Redacted } from "effect"

/**
 * Makes the demo data and the accounts unless they are there: `created` tells which.
 *
 * @category constructors
 */
export const ensure = Effect.gen(function* () {
  const demo = yield* DemoData.ensure()
  const accounts = yield* Accounts.Accounts
  const existing = new Set((yield* accounts.list).map((a) => a.username))
  for (const u of demo.users) {
    if (!existing.has(u.username)) yield* accounts.create({ username: u.username, password: Redacted.make(u.password), actor: u.actor })
  }
  return { created: demo.created, users: demo.users.map((u) => ({ username: u.username, password: u.password, role: u.actor.role, name: u.displayName })), groups: demo.groups }
})
