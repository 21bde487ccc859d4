import type { PersonFacts, Rule } from "@vertaistuki/core"
import fc from "fast-check"

const roles = ["parent", "guardian", "foster-parent", "child", "young-person", "sibling", "foster-sibling", "other-close-adult"]
const situations = ["custody", "placement", "open-care", "aftercare"]
const settings = ["substance-rehabilitation-institution", "child-protection-institution", "foster-family", "professional-family-home", "kinship", "other"]
const needs = ["neuropsychiatric", "disability", "chronic-illness", "other", "none"]
const stages = ["early-childhood", "primary", "lower-secondary", "final-year-comprehensive", "upper-secondary", "vocational", "not-in-school"]
const referrers = ["social-worker", "institution", "health-professional", "self"]
const regions = ["Etelä-Savo", "Kanta-Häme", "Pohjanmaa"]
const languages = ["fi", "sv", "en"]

export const isoDate = (from: number, to: number): fc.Arbitrary<string> =>
  fc
    .date({ min: new Date(Date.UTC(from, 0, 1)), max: new Date(Date.UTC(to, 11, 31)), noInvalidDate: true })
    .map((d) => d.toISOString().slice(0, 10))

/** Facts with every field known. */
export const fullFacts: fc.Arbitrary<Required<PersonFacts.PersonFacts>> = fc.record({
  role: fc.constantFrom(...roles),
  dateOfBirth: isoDate(1950, 2025),
  languages: fc.subarray(languages),
  homeMunicipality: fc.constantFrom("Mikkeli", "Hämeenlinna", "Vaasa"),
  welfareRegion: fc.constantFrom(...regions),
  childSituation: fc.constantFrom(...situations),
  placementSetting: fc.constantFrom(...settings),
  placingWelfareRegion: fc.constantFrom(...regions),
  childDateOfBirth: isoDate(2000, 2025),
  specialSupportNeed: fc.constantFrom(...needs),
  familySubstanceProblem: fc.boolean(),
  familyMentalHealthProblem: fc.boolean(),
  schoolStage: fc.constantFrom(...stages),
  referredBy: fc.constantFrom(...referrers),
  referralDate: isoDate(2024, 2027),
  commitsToWholeProcess: fc.boolean(),
  lifeSituationAllows: fc.boolean()
}) as fc.Arbitrary<Required<PersonFacts.PersonFacts>>

/** Full facts, and the same facts with some of them unknown. */
export const factsAndPart: fc.Arbitrary<readonly [PersonFacts.PersonFacts, PersonFacts.PersonFacts]> = fullFacts.chain((full) =>
  fc.subarray(Object.keys(full)).map((known) => {
    const part: Record<string, unknown> = {}
    for (const k of known) part[k] = full[k as keyof typeof full]
    return [full, part as PersonFacts.PersonFacts] as const
  })
)

export const facts: fc.Arbitrary<PersonFacts.PersonFacts> = factsAndPart.map(([, part]) => part)

const leaf: fc.Arbitrary<Rule.Rule> = fc.oneof(
  fc.record({ fact: fc.constant("role"), equals: fc.constantFrom(...roles) }),
  fc.record({ fact: fc.constant("role"), in: fc.subarray(roles) }),
  fc.record({ fact: fc.constant("childSituation"), in: fc.subarray(situations) }),
  fc.record({ fact: fc.constant("placementSetting"), equals: fc.constantFrom(...settings) }),
  fc.record({ fact: fc.constant("specialSupportNeed"), in: fc.subarray(needs) }),
  fc.record({ fact: fc.constant("schoolStage"), in: fc.subarray(stages) }),
  fc.record({ fact: fc.constant("referredBy"), equals: fc.constantFrom(...referrers) }),
  fc.record({ fact: fc.constantFrom("welfareRegion", "placingWelfareRegion"), equals: fc.constantFrom(...regions) }),
  fc.record({ fact: fc.constant("languages"), in: fc.subarray(languages) }),
  fc.record({ fact: fc.constant("languages"), equals: fc.constantFrom(...languages) }),
  fc.record({
    fact: fc.constantFrom("familySubstanceProblem", "familyMentalHealthProblem", "commitsToWholeProcess", "lifeSituationAllows"),
    equals: fc.boolean()
  }),
  fc
    .record({ fact: fc.constantFrom("age", "childAge"), min: fc.integer({ min: 0, max: 80 }), span: fc.integer({ min: 0, max: 40 }), which: fc.nat(2) })
    .map(({ fact, min, span, which }) => (which === 0 ? { fact, min } : which === 1 ? { fact, max: min + span } : { fact, min, max: min + span })),
  fc
    .record({
      fact: fc.constantFrom("referralDate", "dateOfBirth", "childDateOfBirth"),
      onOrAfter: fc.option(isoDate(2000, 2027), { nil: undefined }),
      before: fc.option(isoDate(2000, 2027), { nil: undefined }),
      withinDays: fc.option(fc.integer({ min: 0, max: 3000 }), { nil: undefined })
    })
    .map((r) => {
      const out: Record<string, unknown> = { fact: r.fact }
      if (r.onOrAfter !== undefined) out.onOrAfter = r.onOrAfter
      if (r.before !== undefined) out.before = r.before
      if (r.withinDays !== undefined || Object.keys(out).length === 1) out.withinDays = r.withinDays ?? 365
      return out as unknown as Rule.Rule
    })
)

/** Valid rules of every kind, nested a few levels. */
export const rule: fc.Arbitrary<Rule.Rule> = fc.letrec<{ rule: Rule.Rule }>((tie) => ({
  rule: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    leaf,
    fc.record({ all: fc.array(tie("rule"), { maxLength: 4 }) }),
    fc.record({ any: fc.array(tie("rule"), { maxLength: 4 }) }),
    fc.record({ not: tie("rule") })
  )
})).rule

export const ruleSet: fc.Arbitrary<Rule.RuleSet> = fc.record({ id: fc.constantFrom("a", "b-c"), rules: fc.array(rule, { maxLength: 5 }) })

export const referenceDate = isoDate(2024, 2027)
