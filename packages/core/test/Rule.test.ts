import { Rule } from "@vertaistuki/core"
import { Either } from "effect"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { rule, ruleSet } from "./arbitraries/eligibility.js"

const problem = (input: unknown) => {
  const r = Rule.decode(input)
  if (Either.isRight(r)) throw new Error("expected a load error")
  return r.left
}

describe("Rule.decode: load-time errors name their path", () => {
  it.each([
    [{ id: "x", rules: [{ fact: "rol", equals: "parent" }] }, "rules[0].fact", "a known fact"],
    [{ id: "x", rules: [{ fact: "role", equals: "parnt" }] }, "rules[0].equals", 'one of "parent"'],
    [{ id: "x", rules: [{ fact: "commitsToWholeProcess", equals: "yes" }] }, "rules[0].equals", "true or false"],
    [{ id: "x", rules: [{ any: [{ fact: "age", min: "18" }] }] }, "rules[0].any[0].min", "a whole number"],
    [{ id: "x", rules: [{ fact: "age", min: 18, max: 10 }] }, "rules[0].max", "at least min"],
    [{ id: "x", rules: [{ fact: "age", equals: 18 }] }, "rules[0].equals", 'no key "equals"'],
    [{ id: "x", rules: [{ fact: "role", min: 3 }] }, "rules[0].min", 'no key "min"'],
    [{ id: "x", rules: [{ fact: "referralDate", onOrAfter: "2026-02-30" }] }, "rules[0].onOrAfter", "a date YYYY-MM-DD"],
    [{ id: "x", rules: [{ fact: "referralDate" }] }, "rules[0]", "onOrAfter, before or withinDays"],
    [{ id: "x", rules: [{ all: [], any: [] }] }, "rules[0]", "exactly one of all, any"],
    [{ id: "x", rules: [{ not: { fact: "role", in: "parent" } }] }, "rules[0].not.in", "an array"],
    [{ id: "x", rules: [{ fact: "role", equals: "parent", label: { fi: "Vanhempi" } }] }, "rules[0].label.sv", "a non-empty string"],
    [{ id: "", rules: [] }, "id", "a non-empty string"],
    [{ id: "x" }, "rules", "an array of rules"],
    [{ id: "x", rules: [], extra: 1 }, "extra", 'no key "extra"'],
    [[], "(root)", "a rule set"]
  ])("%j → %s", (input, path, expected) => {
    const e = problem(input)
    expect(e._tag).toBe("RuleLoadError")
    expect(e.path).toBe(path)
    expect(e.message).toContain(expected)
  })

  it("rejects nesting deeper than the limit with a path instead of overflowing", () => {
    let r: unknown = { fact: "role", equals: "parent" }
    for (let i = 0; i < 10_000; i++) r = { not: r }
    const e = problem({ id: "deep", rules: [r] })
    expect(e.path.startsWith("rules[0].not.not")).toBe(true)
    expect(e.expected).toMatch(/nested at most|nesting of at most/)
  })

  it("compiles a rule set once and returns the same compiled object for the same input", () => {
    const set = { id: "x", rules: [{ fact: "role", equals: "parent" }] }
    expect(Either.getOrThrow(Rule.compile(set))).toBe(Either.getOrThrow(Rule.compile(set)))
  })

  it("the constructors build the JSON form", () => {
    const r = Rule.all([Rule.equals("role", "parent"), Rule.not(Rule.oneOf("childSituation", ["open-care"])), Rule.age({ min: 18 })])
    expect(r).toEqual({
      all: [{ fact: "role", equals: "parent" }, { not: { fact: "childSituation", in: ["open-care"] } }, { fact: "age", min: 18 }]
    })
    expect(Either.isRight(Rule.decodeRule(r))).toBe(true)
  })

  it("RuleSetSchema reports the rule's path inside a template decode", () => {
    const r = Rule.decode({ id: "x", rules: [{ fact: "role", equals: "nobody" }] })
    expect(Either.isLeft(r)).toBe(true)
  })
})

const ruleKeys = ["all", "any", "not", "fact", "equals", "in", "min", "max", "onOrAfter", "before", "withinDays", "label", "id"]
const ruleish: fc.Arbitrary<unknown> = fc.letrec<{ node: unknown }>((tie) => ({
  node: fc.oneof(
    { depthSize: "small" },
    fc.jsonValue({ maxDepth: 2 }),
    fc.dictionary(fc.constantFrom(...ruleKeys, "fi", "sv", "en"), fc.oneof(fc.jsonValue({ maxDepth: 1 }), tie("node"), fc.array(tie("node"), { maxLength: 3 })), {
      maxKeys: 4
    }),
    rule
  )
})).node

describe("Rule.decode fuzzing: no exception escapes, every rejection names a path", () => {
  it("arbitrary JSON", () => {
    fc.assert(
      fc.property(fc.jsonValue(), (json) => {
        const r = Rule.decode(json)
        if (Either.isLeft(r)) expect(r.left.path.length).toBeGreaterThan(0)
      }),
      { numRuns: 1000 }
    )
  })

  it("rule-shaped JSON (keys of the rule language, arbitrary values)", () => {
    fc.assert(
      fc.property(fc.string(), fc.array(ruleish, { maxLength: 4 }), (id, rules) => {
        const r = Rule.decode({ id, rules })
        if (Either.isLeft(r)) {
          expect(r.left.path.length).toBeGreaterThan(0)
          expect(r.left.message).toContain(r.left.path)
        } else expect(Either.isRight(Rule.compile(r.right))).toBe(true)
      }),
      { numRuns: 1000 }
    )
  })

  it("every valid rule set decodes to itself", () => {
    fc.assert(
      fc.property(ruleSet, (set) => {
        expect(Rule.decode(set)).toEqual(Either.right(set))
      })
    )
  })
})
