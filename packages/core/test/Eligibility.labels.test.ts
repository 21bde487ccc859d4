import { Catalogue, Eligibility, type Language, PersonFacts, Role, Rule } from "@vertaistuki/core"
import { Either } from "effect"
import { describe, expect, it } from "vitest"

type Facts = Record<string, unknown>

/** The words a rule's line ends with when met and when not met. */
const marks = { fi: ["täyttyy", "ei täyty"], sv: ["uppfyllt", "inte uppfyllt"], en: ["met", "not met"] } as const

/** The values each fact can take, for enumerating every case of a rule. */
const domains: Record<string, ReadonlyArray<unknown>> = {
  role: Role.ParticipantRole.literals,
  childSituation: PersonFacts.ChildSituation.literals,
  placementSetting: PersonFacts.PlacementSetting.literals,
  specialSupportNeed: PersonFacts.SpecialSupportNeed.literals,
  schoolStage: PersonFacts.SchoolStage.literals,
  referredBy: PersonFacts.Referrer.literals,
  languages: [[], ["fi"], ["sv"], ["en"], ["fi", "sv"], ["en", "sv"], ["fi", "en"], ["fi", "sv", "en"]],
  familySubstanceProblem: [true, false],
  familyMentalHealthProblem: [true, false],
  commitsToWholeProcess: [true, false],
  lifeSituationAllows: [true, false]
}

const has = (facts: Facts, fact: string, values: ReadonlyArray<unknown>) => values.includes(facts[fact])
const speaks = (facts: Facts, ...languages: ReadonlyArray<string>) => (facts.languages as ReadonlyArray<string>).some((l) => languages.includes(l))

/**
 * What each label claims, read from its own words (not from the rule), per programme and rule id. The
 * label "Olet kokenut lapsesi huostaanoton tai sijoituksen" claims custody, placement, or a placement
 * that has ended (aftercare); "Nuori on sijoitettu" claims a placement now.
 */
const claims: Record<string, (f: Facts) => boolean> = {
  "voikukkia/parent": (f) => f.role === "parent",
  "voikukkia/child-in-care": (f) => has(f, "childSituation", ["custody", "placement", "aftercare"]),
  "voikukkia/commits": (f) => f.commitsToWholeProcess === true,
  "voikukkia/life-situation": (f) => f.lifeSituationAllows === true,
  "online-parents-of-placed-youth/parent-or-guardian": (f) => has(f, "role", ["parent", "guardian"]),
  "online-parents-of-placed-youth/young-person-placed": (f) => has(f, "childSituation", ["custody", "placement"]),
  "online-parents-of-placed-youth/substance-rehabilitation": (f) => f.placementSetting === "substance-rehabilitation-institution",
  "online-parents-of-placed-youth/offered-by-institution": (f) => f.referredBy === "institution",
  "professionally-guided/special-support": (f) => f.specialSupportNeed !== "none",
  "professionally-guided/young-person-finishing-school": (f) =>
    has(f, "role", ["young-person", "child"]) && has(f, "schoolStage", ["final-year-comprehensive", "upper-secondary", "vocational"]),
  "professionally-guided/parent": (f) => has(f, "role", ["parent", "guardian", "foster-parent"]),
  "professionally-guided/group": (f) =>
    (has(f, "role", ["young-person", "child"]) && has(f, "schoolStage", ["final-year-comprehensive", "upper-secondary", "vocational"])) ||
    has(f, "role", ["parent", "guardian", "foster-parent"]),
  "professionally-guided/referred-by-professional": (f) => has(f, "referredBy", ["social-worker", "health-professional", "institution"]),
  "experience-expert-structure/child-or-sibling": (f) => has(f, "role", ["child", "young-person", "sibling", "foster-sibling"]),
  "experience-expert-structure/child-protection-contact": (f) => has(f, "childSituation", ["open-care", "custody", "placement", "aftercare"]),
  "usm-children/child-or-young-person": (f) => has(f, "role", ["child", "young-person"]),
  "usm-children/family-problem": (f) => f.familySubstanceProblem === true || f.familyMentalHealthProblem === true,
  "usm-children/language": (f) => speaks(f, "sv", "fi")
}

interface Labelled {
  readonly key: string
  readonly id: string
  readonly label: Language.LocalizedText
  readonly facts: ReadonlyArray<string>
}

const factsOf = (r: Rule.Rule): ReadonlyArray<string> =>
  "all" in r ? r.all.flatMap(factsOf) : "any" in r ? r.any.flatMap(factsOf) : "not" in r ? factsOf(r.not) : "fact" in r ? [r.fact] : []

const labelled = (programme: string, rules: ReadonlyArray<Rule.Rule>): ReadonlyArray<Labelled> =>
  rules.flatMap((r) => [
    ...(r.id !== undefined && r.label !== undefined ? [{ key: `${programme}/${r.id}`, id: r.id, label: r.label, facts: [...new Set(factsOf(r))] }] : []),
    ...labelled(programme, "all" in r ? r.all : "any" in r ? r.any : "not" in r ? [r.not] : [])
  ])

const cases = (facts: ReadonlyArray<string>): ReadonlyArray<Facts> =>
  facts.reduce<ReadonlyArray<Facts>>((acc, fact) => acc.flatMap((c) => domains[fact]!.map((v) => ({ ...c, [fact]: v }))), [{}])

describe("every label tells the truth", () => {
  const all = Catalogue.all.flatMap((t) => labelled(t.id, t.eligibility.rules).map((l) => ({ ...l, template: t })))

  it("every labelled rule of the catalogue has a claim read from its words", () => {
    expect(all.map((l) => l.key).sort()).toEqual(Object.keys(claims).sort())
  })

  for (const l of all) {
    it(`${l.key}: "${l.label.fi}" holds exactly when shown as met, for every value of ${l.facts.join(", ")}`, () => {
      const compiled = Either.getOrThrow(Rule.compile(l.template.eligibility))
      for (const facts of cases(l.facts)) {
        const d = Eligibility.decide(compiled, facts as PersonFacts.PersonFacts, { at: "2027-01-11" })
        const outcome = d.results.find((r) => r.id === l.id)?.outcome
        const claim = claims[l.key]!(facts)
        expect([facts, outcome]).toEqual([facts, claim ? "eligible" : "ineligible"])
        for (const lang of ["fi", "sv", "en"] as const) {
          const shown = `${l.label[lang]} (${marks[lang][claim ? 0 : 1]})`
          expect([facts, Eligibility.format(d, lang).includes(shown)]).toEqual([facts, true])
        }
      }
    })
  }

  it("a family with no contact with child protection is decided, not left undetermined", () => {
    const facts = { role: "parent", childSituation: "none", commitsToWholeProcess: true, lifeSituationAllows: true, placementSetting: "foster-family", referredBy: "self" } as const
    expect(Eligibility.decide(Either.getOrThrow(Rule.compile(Catalogue.voikukkia.eligibility)), facts, { at: "2027-01-11" }).outcome).toBe("ineligible")
    expect(Eligibility.decide(Either.getOrThrow(Rule.compile(Catalogue.onlineParentsOfPlacedYouth.eligibility)), facts, { at: "2027-01-11" }).outcome).toBe(
      "ineligible"
    )
    const aftercare = { ...facts, childSituation: "aftercare" } as const
    expect(Eligibility.decide(Either.getOrThrow(Rule.compile(Catalogue.voikukkia.eligibility)), aftercare, { at: "2027-01-11" }).outcome).toBe("eligible")
  })
})

describe("values read per fact", () => {
  it("`none` reads as no contact with child protection for childSituation and as no need for specialSupportNeed", () => {
    const rules = Either.getOrThrow(
      Rule.compile({ id: "t", rules: [{ fact: "childSituation", equals: "none" }, { fact: "specialSupportNeed", equals: "none" }] })
    )
    const text = Eligibility.format(Eligibility.decide(rules, {}, { at: "2027-01-11" }), "fi")
    expect(text).toContain("ei lastensuojelun asiakkuutta")
    expect(text).toContain("ei tarvetta")
  })
})
