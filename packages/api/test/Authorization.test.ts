import { Either } from "effect"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { Authorization } from "../src/index.js"

const id: fc.Arbitrary<string> = fc.constantFrom("org-a", "org-b", "g-1", "g-2", "g-3", "u-1", "u-2")
const actor = fc.record({
  userId: fc.constantFrom("u-1", "u-2", "u-3"),
  role: fc.constantFrom(...Authorization.roles),
  organisationId: fc.constantFrom("org-a", "org-b"),
  groupsLed: fc.uniqueArray(fc.constantFrom("g-1", "g-2", "g-3"), { maxLength: 3 })
})
const resource = fc.record(
  { organisationId: fc.constantFrom("org-a", "org-b"), groupId: fc.constantFrom("g-1", "g-2", "g-3"), leaderIds: fc.uniqueArray(fc.constantFrom("u-1", "u-2", "u-3"), { maxLength: 3 }) },
  { requiredKeys: ["organisationId"] }
)
const action = fc.constantFrom(...Authorization.actions)

describe("Authorization.authorize", () => {
  it("an analyst is never allowed a person-level action", () => {
    fc.assert(
      fc.property(actor, action, resource, (a, act, r) => {
        fc.pre(Authorization.personLevel.has(act))
        const decided = Authorization.authorize({ ...a, role: "analyst" }, act, r)
        return Either.isLeft(decided) && decided.left.rule === "aggregates-only"
      })
    )
  })

  it("a group leader never reaches a group they do not lead", () => {
    fc.assert(
      fc.property(actor, action, resource, (a, act, r) => {
        const leader = { ...a, role: "group-leader" as const }
        fc.pre(r.groupId !== undefined && !leader.groupsLed.includes(r.groupId) && !(r.leaderIds ?? []).includes(leader.userId))
        return Either.isLeft(Authorization.authorize(leader, act, r))
      })
    )
  })

  it("nobody reaches another organisation's data", () => {
    fc.assert(
      fc.property(actor, action, resource, (a, act, r) => {
        fc.pre(r.organisationId !== a.organisationId)
        return Either.isLeft(Authorization.authorize(a, act, r))
      })
    )
  })

  it("export, erasure and the access log are the data-protection officer's only", () => {
    fc.assert(
      fc.property(actor, fc.constantFrom("person.export", "person.erase", "person.access-log", "person.lookup") as fc.Arbitrary<Authorization.Action>, resource, (a, act, r) => {
        const decided = Authorization.authorize(a, act, r)
        return a.role === "data-protection-officer" ? Either.isRight(decided) === (r.organisationId === a.organisationId) : Either.isLeft(decided)
      })
    )
  })

  it("a coordinator reaches every group of their organisation, for every action of the role", () => {
    fc.assert(
      fc.property(actor, action, resource, (a, act, r) => {
        const c = { ...a, role: "coordinator" as const, organisationId: r.organisationId }
        return Either.isRight(Authorization.authorize(c, act, r)) === Authorization.permits("coordinator", act)
      })
    )
  })

  it("every refusal names its rule and explains itself; a permit is the same answer as isAllowed", () => {
    fc.assert(
      fc.property(actor, action, resource, (a, act, r) => {
        const decided = Authorization.authorize(a, act, r)
        expect(Authorization.isAllowed(a, act, r)).toBe(Either.isRight(decided))
        if (Either.isLeft(decided)) {
          expect(decided.left._tag).toBe("Forbidden")
          expect(decided.left.action).toBe(act)
          expect(decided.left.explanation.length).toBeGreaterThan(10)
          expect(decided.left.explanation).not.toContain(a.userId)
        }
      })
    )
  })

  it("a leader sees a group in lists exactly when they lead it", () => {
    fc.assert(
      fc.property(actor, id, fc.uniqueArray(fc.constantFrom("u-1", "u-2", "u-3")), (a, g, leaders) => {
        const leader: Authorization.Actor = { ...a, role: "group-leader" }
        return Authorization.seesGroup(leader, a.organisationId, g, leaders) === (leader.groupsLed.includes(g) || (leaders as ReadonlyArray<string>).includes(leader.userId))
      })
    )
  })
})
