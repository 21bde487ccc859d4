import { Either } from "effect"
import fc from "fast-check"
import * as CostModel from "../src/CostModel.js"
import * as Scenario from "../src/Scenario.js"

/** A sorted three-point range of whole numbers in [lo, hi], sometimes a plain number. */
export const rangeOf = (lo: number, hi: number) =>
  fc.oneof(
    fc.integer({ min: lo, max: hi }),
    fc.tuple(fc.integer({ min: lo, max: hi }), fc.integer({ min: lo, max: hi }), fc.integer({ min: lo, max: hi })).map(([a, b, c]) => {
      const [min, likely, max] = [a, b, c].sort((x, y) => x - y) as [number, number, number]
      return { min, likely, max }
    })
  )

const roles = ["professional", "peer-leader", "institution-professional"] as const

/** A valid scenario with every kind of line. */
export const scenario = fc
  .record({
    participants: rangeOf(1, 12),
    sessions: fc.record({ count: rangeOf(1, 12), hours: rangeOf(1, 4) }),
    price: fc.option(fc.record({ total: rangeOf(0, 1_000_000) }), { nil: undefined }),
    rates: fc.record({
      professional: fc.record({ hourly: rangeOf(1000, 5000), sideCosts: fc.constantFrom(0, 0.2, { min: 0.2, likely: 0.25, max: 0.3 }) }),
      "peer-leader": fc.record({ hourly: rangeOf(0, 3000) }),
      "institution-professional": fc.record({ hourly: rangeOf(1000, 5000), sideCosts: fc.constantFrom(0.25) })
    }),
    staff: fc.array(
      fc.record({
        activity: fc.constantFrom(...Scenario.Activity.literals),
        role: fc.constantFrom(...roles),
        hours: rangeOf(0, 8),
        per: fc.constantFrom("group", "participant", "session", "participant-session"),
        people: rangeOf(1, 3)
      }),
      { maxLength: 8 }
    ),
    fees: fc.array(fc.record({ kind: fc.constantFrom("experience-expert", "visiting-expert", "other"), amount: rangeOf(0, 50_000), count: rangeOf(0, 3) }), {
      maxLength: 3
    }),
    costs: fc.array(
      fc.record({
        kind: fc.constantFrom("room-rent", "refreshments", "supplies", "travel", "training", "other"),
        amount: rangeOf(0, 100_000),
        per: fc.constantFrom("group", "participant", "session", "participant-session"),
        amortiseOver: rangeOf(1, 10)
      }),
      { maxLength: 4 }
    ),
    structure: fc.array(fc.record({ line: fc.constantFrom("coordinator", "events", "marketing"), amount: rangeOf(0, 5_000_000), count: rangeOf(0, 2) }), {
      maxLength: 3
    })
  })
  .map((s) => ({ name: "generated", ...s, price: s.price ?? { total: 100 } }))

/** A compiled model of a generated scenario. */
export const model = scenario.map((s) => Either.getOrThrow(CostModel.fromScenario(Either.getOrThrow(Scenario.decode(s)))))
