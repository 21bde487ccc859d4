import { Catalogue, Consent, ConsentPurpose, GroupPlan, Input, PersonFacts, ProgrammeTemplate, Rule } from "@vertaistuki/core"
import { Either, ParseResult } from "effect"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { facts, fullFacts, rule, ruleSet } from "./arbitraries/eligibility.js"
import { deep, hostile, mutated, tally } from "./arbitraries/hostile.js"

const isTag = (tag: string) => (e: unknown) => typeof e === "object" && e !== null && (e as { _tag?: unknown })._tag === tag
const isParseError = (e: unknown) => ParseResult.isParseError(e)

const consentRecord = fc.record({
  person: fc.constantFrom("p1", "p2"),
  purpose: fc.constantFrom(...ConsentPurpose.all),
  action: fc.constantFrom("grant", "withdraw", "refuse"),
  givenBy: fc.constantFrom("person", "guardian", "minor-own-view"),
  textVersion: fc.constant("v1"),
  at: fc.constantFrom("2026-03-01T10:00:00+02:00", "2026-03-02T08:00:00Z"),
  channel: fc.constantFrom("in-person", "paper-form", "sms")
})

const leaders = [
  { name: "Aino", role: "professional", trainings: ["voikukkia-leader"] },
  { name: "Cecilia", role: "peer-leader", trainings: ["voikukkia-peer-leader"] }
] as const
const plan = GroupPlan.encode(
  Either.getOrThrow(GroupPlan.fromTemplate(Catalogue.voikukkia, { name: "Ryhmä", organisers: [{ kind: "municipality", name: "Tampere" }], leaders: [...leaders] }))
)
const templates = Catalogue.all.map((t) => ProgrammeTemplate.encode(t))

/**
 * Structure-aware (a valid value, from a pool drawn once so that the cases go to the decoders, with one
 * hostile part), or anything at all.
 */
const inputs = <A>(valid: fc.Arbitrary<A>) =>
  fc.oneof({ weight: 3, arbitrary: mutated(fc.constantFrom(...fc.sample(valid, { numRuns: 300, seed: 12 }))) }, { weight: 1, arbitrary: hostile })

describe("public decoders of the core under hostile input", () => {
  it("fuzz: no decoder throws; each answers with an Either and its typed failure (70,000 cases)", () => {
    const { counts, run } = tally()
    const cases = (n: number, arb: fc.Arbitrary<unknown>, decode: (u: unknown) => unknown, typed: (e: unknown) => boolean) =>
      fc.assert(
        fc.property(arb, (u) => {
          run(() => decode(u), typed)
        }),
        { numRuns: n }
      )
    cases(20_000, inputs(facts), PersonFacts.decode, isTag("FactsDecodeError"))
    cases(5_000, inputs(fc.dictionary(fc.constantFrom(...Object.keys(PersonFacts.PersonFacts.fields)), fc.string())), (u) => PersonFacts.decodeFlat(u as never), isTag("FactsDecodeError"))
    cases(15_000, inputs(ruleSet), Rule.decode, isTag("RuleLoadError"))
    cases(5_000, inputs(rule), Rule.decodeRule, isTag("RuleLoadError"))
    cases(3_000, inputs(ruleSet), Rule.compile, isTag("RuleLoadError"))
    cases(12_000, inputs(fc.array(consentRecord, { maxLength: 4 })), Consent.decode, isTag("ConsentDecodeError"))
    cases(5_000, inputs(fc.constantFrom(...templates)), ProgrammeTemplate.decode, isParseError)
    cases(5_000, inputs(fc.constant(plan)), GroupPlan.decode, isParseError)
    expect(counts.cases).toBe(70_000)
    expect(counts).toEqual({ cases: 70_000, throws: 0, notEither: 0 })
  }, 30_000)

  it("valid input still decodes through the guard", () => {
    fc.assert(fc.property(fullFacts, (f) => Either.isRight(PersonFacts.decode(f))))
    fc.assert(fc.property(ruleSet, (s) => Either.isRight(Rule.decode(s))))
    for (const t of templates) expect(Either.isRight(ProgrammeTemplate.decode(t))).toBe(true)
    expect(Either.isRight(GroupPlan.decode(plan))).toBe(true)
  })

  it("nesting deeper than the documented limit, BigInt, getters, proxies and cycles are refused, each with a path", () => {
    const getter = Object.defineProperty({}, "role", { get: () => {
      throw new Error("x")
    }, enumerable: true })
    const cyclic: Record<string, unknown> = {}
    const revoked = Proxy.revocable({}, {})
    revoked.revoke()
    cyclic.languages = cyclic
    const refused: ReadonlyArray<readonly [unknown, string, RegExp]> = [
      [deep(6_100, "object"), "a.a.a", /nesting of at most 64 levels/],
      [{ languages: deep(200_000) }, "languages", /nesting of at most 64/],
      [{ role: 10n }, "role", /BigInt/],
      [getter, "(root)", /can be read/],
      [new Proxy({}, { ownKeys: () => {
        throw new Error("x")
      } }), "(root)", /can be read/],
      [cyclic, "languages.languages", /nesting of at most 64/],
      [revoked.proxy, "(root)", /can be read/]
    ]
    for (const [input, path, expected] of refused) {
      const r = PersonFacts.decode(input)
      expect(Either.isLeft(r) && r.left).toMatchObject({ _tag: "FactsDecodeError" })
      expect(Either.isLeft(r) && r.left.path.startsWith(path)).toBe(true)
      expect(Either.isLeft(r) && r.left.expected).toMatch(expected)
    }
    for (const r of [Consent.decode(deep(6_100)) as Either.Either<unknown, unknown>, Consent.decode([{ person: deep(6_100, "object") }]), Rule.decode(deep(200_000)), ProgrammeTemplate.decode(deep(6_100, "object"))]) {
      expect(Either.isLeft(r)).toBe(true)
    }
    // Exactly at the limit is still read (and then judged by the schema).
    expect(Either.isRight(Input.plain(deep(Input.maxDepth - 1)))).toBe(true)
    expect(Either.isLeft(Input.plain(deep(Input.maxDepth + 1)))).toBe(true)
    expect(Either.isLeft(Input.plain(Array.from({ length: Input.maxValues + 1 }, () => 0)))).toBe(true)
  })

  it("a rule set with an any of 200,000 rules is refused above the documented size, without overflowing", () => {
    const huge = { id: "huge", rules: [{ any: Array.from({ length: 200_000 }, () => ({ fact: "role", equals: "parent" })) }] }
    const r = Rule.compile(huge)
    expect(Either.isLeft(r) && r.left).toMatchObject({ _tag: "RuleLoadError" })
    const wide = { id: "wide", rules: [{ any: Array.from({ length: 9_000 }, () => ({ fact: "role", equals: "parent" })) }] }
    expect(Either.isRight(Rule.compile(wide))).toBe(true)
    const over = { id: "over", rules: [{ any: Array.from({ length: 10_001 }, () => ({ fact: "role", equals: "parent" })) }] }
    const o = Rule.decode(over)
    expect(Either.isLeft(o) && o.left.expected).toContain("at most 10000 rules")
  })

  it("property: a failure never shows the value found in a person's facts", () => {
    const marker = fc.stringMatching(/^[a-z]{6,12}$/).map((s) => `§${s}19830601`)
    const field = fc.constantFrom(...Object.keys(PersonFacts.PersonFacts.fields))
    fc.assert(
      fc.property(facts, field, marker, fc.boolean(), (f, k, secret, asList) => {
        const input = { ...f, [k]: asList ? [secret] : secret }
        const r = PersonFacts.decode(input)
        if (Either.isLeft(r)) {
          expect(r.left.message).not.toContain(secret)
          expect(r.left.message).not.toContain("19830601")
        }
        const flat = PersonFacts.decodeFlat({ [k]: secret })
        if (Either.isLeft(flat)) expect(flat.left.message).not.toContain(secret)
      }),
      { numRuns: 500 }
    )
    const dob = PersonFacts.decode({ dateOfBirth: 19830601 })
    expect(Either.isLeft(dob) && dob.left.message).toBe("dateOfBirth: a date YYYY-MM-DD")
    const consent = Consent.decode([{ person: "p1", purpose: "taking-part", action: "grant", givenBy: "person", textVersion: "v1", at: 19830601, channel: "sms" }])
    expect(Either.isLeft(consent) && consent.left.message).not.toContain("19830601")
  })
})
