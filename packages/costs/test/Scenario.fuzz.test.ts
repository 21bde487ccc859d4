import { Either } from "effect"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { deep, hostile, mutated, tally } from "../../core/test/arbitraries/hostile.js"
import * as Scenario from "../src/Scenario.js"
import { scenario } from "./arbitraries.js"

const isScenarioError = (e: unknown) => e instanceof Scenario.ScenarioError

describe("Scenario.decode under hostile input", () => {
  it("fuzz: never throws; every answer is an Either with a ScenarioError on the left (15,000 cases)", () => {
    const { counts, run } = tally()
    const pool = fc.sample(scenario, { numRuns: 300, seed: 7 })
    fc.assert(
      fc.property(fc.oneof({ weight: 3, arbitrary: mutated(fc.constantFrom(...pool)) }, { weight: 1, arbitrary: hostile }), (u) => {
        run(() => Scenario.decode(u), isScenarioError)
      }),
      { numRuns: 15_000 }
    )
    expect(counts).toEqual({ cases: 15_000, throws: 0, notEither: 0 })
  }, 30_000)

  it("nesting beyond 64 levels (6,100 and 200,000 deep), BigInt, getters and cycles are refused with a path", () => {
    const valid = fc.sample(scenario, { numRuns: 1, seed: 3 })[0]!
    expect(Either.isRight(Scenario.decode(valid))).toBe(true)
    const cyclic: Record<string, unknown> = { ...valid }
    cyclic.price = cyclic
    const getter = Object.defineProperty({ ...valid }, "name", { get: () => {
      throw new Error("x")
    }, enumerable: true })
    for (const [input, path] of [
      [{ ...valid, price: deep(6_100, "object") }, "price.a"],
      [{ ...valid, costs: deep(200_000) }, "costs[0]"],
      [{ ...valid, participants: 8n }, "participants"],
      [cyclic, "price.price"],
      [getter, ""]
    ] as const) {
      const r = Scenario.decode(input)
      expect(Either.isLeft(r) && r.left.issues[0]!.path.startsWith(path), path).toBe(true)
    }
  })
})
