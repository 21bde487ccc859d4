import { Catalogue, Eligibility, PersonFacts, Rule } from "@vertaistuki/core"
import { Either } from "effect"
import fc from "fast-check"
import { DateTime } from "luxon"
import { describe, expect, it } from "vitest"
import { closures } from "../src/internal/eligibility/compile.js"
import { factsAndPart, facts, referenceDate, rule, ruleSet } from "./arbitraries/eligibility.js"

const compile = (set: unknown): Rule.Compiled => Either.getOrThrow(Rule.compile(set))
const decideRules = (rules: ReadonlyArray<Rule.Rule>, f: PersonFacts.PersonFacts, at: string) =>
  Eligibility.decide(compile({ id: "t", rules }), f, { at })

// An independent reference: the same three-valued meaning, written as a plain interpreter over the raw
// facts, with ages from luxon.
type K = 0 | 1 | 2
const reference = (r: Rule.Rule, f: PersonFacts.PersonFacts, at: string): K => {
  if ("all" in r) {
    const cs = r.all.map((c) => reference(c, f, at))
    return cs.includes(0) ? 0 : cs.includes(2) ? 2 : 1
  }
  if ("any" in r) {
    const cs = r.any.map((c) => reference(c, f, at))
    return cs.includes(1) ? 1 : cs.includes(2) ? 2 : 0
  }
  if ("not" in r) {
    const c = reference(r.not, f, at)
    return c === 2 ? 2 : c === 1 ? 0 : 1
  }
  const record = f as Record<string, unknown>
  const name = r.fact === "age" ? "dateOfBirth" : r.fact === "childAge" ? "childDateOfBirth" : r.fact
  const x = record[name]
  if (x === undefined) return 2
  const b = (v: boolean): K => (v ? 1 : 0)
  if ("equals" in r) return b(Array.isArray(x) ? x.includes(r.equals) : x === r.equals)
  if ("in" in r) return b(Array.isArray(x) ? r.in.some((v) => x.includes(v)) : r.in.includes(x as string))
  const ref = DateTime.fromISO(at, { zone: "Europe/Helsinki" })
  if (r.fact === "age" || r.fact === "childAge") {
    const range = r as { min?: number; max?: number }
    const years = Math.floor(ref.diff(DateTime.fromISO(x as string, { zone: "Europe/Helsinki" }), "years").years)
    return b((range.min === undefined || years >= range.min) && (range.max === undefined || years <= range.max))
  }
  const d = r as { onOrAfter?: string; before?: string; withinDays?: number }
  const s = x as string
  const within = d.withinDays === undefined || (s <= at && s >= ref.minus({ days: d.withinDays }).toISODate()!)
  return b((d.onOrAfter === undefined || s >= d.onOrAfter) && (d.before === undefined || s < d.before) && within)
}

const pathsOf = (rules: ReadonlyArray<Rule.Rule>): Array<string> => {
  const out: Array<string> = []
  const visit = (r: Rule.Rule, path: string) => {
    out.push(path)
    if ("all" in r) for (const [i, c] of r.all.entries()) visit(c, `${path}.all[${i}]`)
    else if ("any" in r) for (const [i, c] of r.any.entries()) visit(c, `${path}.any[${i}]`)
    else if ("not" in r) visit(r.not, `${path}.not`)
  }
  for (const [i, r] of rules.entries()) visit(r, `rules[${i}]`)
  return out
}

const code = { ineligible: 0, eligible: 1, undetermined: 2 } as const

describe("Eligibility laws", () => {
  it("decides as the reference three-valued interpreter, with and without explanations", () => {
    fc.assert(
      fc.property(ruleSet, facts, referenceDate, (set, f, at) => {
        const compiled = compile(set)
        const ev = Eligibility.at(compiled, at)
        const expected = reference({ all: set.rules }, f, at)
        expect(ev.outcome(PersonFacts.prepare(f))).toBe(expected)
        expect(code[Eligibility.decide(compiled, f, { at }).outcome]).toBe(expected)
      }),
      { numRuns: 500 }
    )
  })

  it("evaluation is deterministic: the same rules, facts and date give the same decision", () => {
    fc.assert(
      fc.property(ruleSet, facts, referenceDate, (set, f, at) => {
        const a = Eligibility.decide(compile(set), f, { at })
        const b = Eligibility.decide(compile(JSON.parse(JSON.stringify(set))), f, { at })
        expect(b.outcome).toBe(a.outcome)
        expect([...b.codes]).toEqual([...a.codes])
        expect(b.missing).toEqual(a.missing)
      })
    )
  })

  it("not(not(r)) decides as r", () => {
    fc.assert(
      fc.property(rule, facts, referenceDate, (r, f, at) => {
        expect(decideRules([{ not: { not: r } }], f, at).outcome).toBe(decideRules([r], f, at).outcome)
      })
    )
  })

  it("an empty all is eligible and an empty any ineligible, whatever the facts", () => {
    fc.assert(
      fc.property(facts, referenceDate, (f, at) => {
        expect(decideRules([{ all: [] }], f, at).outcome).toBe("eligible")
        expect(decideRules([{ any: [] }], f, at).outcome).toBe("ineligible")
        expect(decideRules([], f, at).outcome).toBe("eligible")
      })
    )
  })

  it("learning a previously unknown fact never turns an eligible or ineligible decision into undetermined", () => {
    fc.assert(
      fc.property(ruleSet, factsAndPart, referenceDate, (set, [full, part], at) => {
        const compiled = compile(set)
        const before = Eligibility.decide(compiled, part, { at })
        const after = Eligibility.decide(compiled, full, { at })
        if (before.outcome !== "undetermined") expect(after.outcome).toBe(before.outcome)
        expect(after.outcome === "undetermined" ? after.missing.length > 0 : after.missing.length === 0).toBe(true)
      }),
      { numRuns: 500 }
    )
  })

  it("an undetermined decision names the facts to ask for, and learning them all decides it", () => {
    fc.assert(
      fc.property(ruleSet, factsAndPart, referenceDate, (set, [full, part], at) => {
        const compiled = compile(set)
        const before = Eligibility.decide(compiled, part, { at })
        if (before.outcome !== "undetermined") return
        expect(before.missing.length).toBeGreaterThan(0)
        for (const m of before.missing) expect(Object.keys(part)).not.toContain(m)
        const answered: Record<string, unknown> = { ...part }
        for (const m of before.missing) answered[m] = (full as Record<string, unknown>)[m]
        expect(Eligibility.decide(compiled, answered as PersonFacts.PersonFacts, { at }).outcome).not.toBe("undetermined")
      }),
      { numRuns: 300 }
    )
  })

  it("every explanation names every rule evaluated, in every language", () => {
    fc.assert(
      fc.property(ruleSet, facts, referenceDate, (set, f, at) => {
        const d = Eligibility.decide(compile(set), f, { at })
        const paths = pathsOf(set.rules)
        expect(d.results.slice(1).map((r) => r.path)).toEqual(paths)
        for (const language of ["fi", "sv", "en"] as const) {
          const e = Eligibility.explain(d, language)
          expect(e.rules.map((r) => r.path)).toEqual(paths)
          for (const r of e.rules) expect(r.text.length).toBeGreaterThan(3)
          expect(e.questions.length).toBe(d.missing.length)
        }
      })
    )
  })

  it("every rule set survives a JSON round trip and decides the same after it", () => {
    fc.assert(
      fc.property(ruleSet, facts, referenceDate, (set, f, at) => {
        const back = Either.getOrThrow(Rule.decode(JSON.parse(JSON.stringify(set))))
        expect(back).toEqual(set)
        expect(Eligibility.decide(compile(back), f, { at }).outcome).toBe(Eligibility.decide(compile(set), f, { at }).outcome)
      })
    )
  })

  it("a full group is noted with the waitlist position, and eligibility does not change", () => {
    fc.assert(
      fc.property(ruleSet, facts, fc.nat(10), fc.nat(12), fc.nat(5), (set, f, capacity, enrolled, waitlist) => {
        const compiled = compile(set)
        const plain = Eligibility.decide(compiled, f, { at: "2026-11-22" })
        const d = Eligibility.decide(compiled, f, { at: "2026-11-22", places: { capacity, enrolled, waitlist } })
        expect(d.outcome).toBe(plain.outcome)
        expect(d.full).toBe(enrolled >= capacity)
        expect(d.waitlistPosition).toBe(enrolled >= capacity ? waitlist + 1 : undefined)
      })
    )
  })
})

describe("Eligibility examples", () => {
  const at = "2026-11-22"

  it("ages are completed years at the Helsinki date: 18 on the birthday, 17 the day before", () => {
    const adult = [{ fact: "age", min: 18 }] as const
    expect(decideRules(adult, { dateOfBirth: "2008-11-22" }, at).outcome).toBe("eligible")
    expect(decideRules(adult, { dateOfBirth: "2008-11-23" }, at).outcome).toBe("ineligible")
    expect(decideRules([{ fact: "age", max: 17 }], { dateOfBirth: "2008-11-23" }, at).outcome).toBe("eligible")
    // 23:30 UTC on 21 Nov is already 22 Nov in Helsinki.
    const lateEvening = DateTime.fromISO("2026-11-21T23:30:00Z")
    const set = compile({ id: "t", rules: adult })
    expect(Eligibility.decide(set, { dateOfBirth: "2008-11-22" }, { at: lateEvening }).outcome).toBe("eligible")
  })

  it("withinDays counts back from the reference date and excludes future dates", () => {
    const recent = [{ fact: "referralDate", withinDays: 30 }] as const
    expect(decideRules(recent, { referralDate: "2026-10-23" }, at).outcome).toBe("eligible")
    expect(decideRules(recent, { referralDate: "2026-10-22" }, at).outcome).toBe("ineligible")
    expect(decideRules(recent, { referralDate: "2026-11-23" }, at).outcome).toBe("ineligible")
  })

  it("all is ineligible when one rule fails even if another is unknown; any is eligible when one holds", () => {
    const d = decideRules([{ fact: "role", equals: "parent" }, { fact: "commitsToWholeProcess", equals: true }], { role: "child" }, at)
    expect(d.outcome).toBe("ineligible")
    expect(d.missing).toEqual([])
    const e = decideRules([{ any: [{ fact: "role", equals: "parent" }, { fact: "commitsToWholeProcess", equals: true }] }], { role: "parent" }, at)
    expect(e.outcome).toBe("eligible")
  })

  it("explains VOIKUKKIA to a parent whose life situation is not yet known, in Finnish, Swedish and English", () => {
    const voikukkia = compile(Catalogue.voikukkia.eligibility)
    const d = Eligibility.decide(voikukkia, { role: "parent", childSituation: "custody", commitsToWholeProcess: true }, { at })
    expect(d.outcome).toBe("undetermined")
    expect(d.missing).toEqual(["lifeSituationAllows"])
    expect(Eligibility.format(d, "fi")).toContain("Olet kokenut lapsesi huostaanoton tai sijoituksen (täyttyy)")
    expect(Eligibility.format(d, "sv")).toContain("Din livssituation gör det möjligt att delta (uppgift saknas)")
    expect(Eligibility.explain(d, "en").questions).toEqual(["Does your life situation allow you to take part now?"])
  })

  it("which: one person against every programme of the catalogue in one call", () => {
    const sets = Catalogue.all.map((t) => compile(t.eligibility))
    const parent: PersonFacts.PersonFacts = {
      role: "parent",
      childSituation: "placement",
      placementSetting: "substance-rehabilitation-institution",
      referredBy: "institution",
      commitsToWholeProcess: true,
      lifeSituationAllows: true,
      specialSupportNeed: "none"
    }
    const ds = Eligibility.which(sets, parent, { at })
    expect(Either.getOrThrow(Eligibility.whichProgrammes(Catalogue.all, parent, { at })).map((d) => d.outcome)).toEqual(ds.map((d) => d.outcome))
    const broken = Eligibility.whichProgrammes([{ eligibility: { id: "x", rules: [{ fact: "nope", equals: true }] } }], parent, { at })
    expect(Either.isLeft(broken) && broken.left.path).toBe("rules[0].fact")
    expect(ds.map((d) => [d.programme, d.outcome])).toEqual([
      ["voikukkia", "eligible"],
      ["online-parents-of-placed-youth", "eligible"],
      ["professionally-guided", "ineligible"],
      ["experience-expert-structure", "ineligible"],
      ["usm-children", "ineligible"]
    ])
  })

  it("the catalogue's rule sets all load and each has someone it admits", () => {
    const admitted: Record<string, PersonFacts.PersonFacts> = {
      "professionally-guided": { role: "young-person", schoolStage: "final-year-comprehensive", specialSupportNeed: "neuropsychiatric", referredBy: "health-professional" },
      "experience-expert-structure": { role: "sibling", childSituation: "open-care" },
      "usm-children": { role: "child", familySubstanceProblem: true, languages: ["sv"] }
    }
    for (const t of Catalogue.all) {
      expect(Either.isRight(Rule.decode(t.eligibility))).toBe(true)
      const f = admitted[t.id]
      if (f !== undefined) expect(Eligibility.decide(compile(t.eligibility), f, { at }).outcome).toBe("eligible")
    }
  })

  it("decisions serialise to JSON with an explanation in each language", () => {
    const d = decideRules([{ fact: "role", equals: "parent" }], {}, at)
    const json = JSON.parse(JSON.stringify(d))
    expect(json).toMatchObject({ outcome: "undetermined", missing: ["role"], rules: [{ path: "rules[0]", outcome: "undetermined" }] })
    expect(Object.keys(json.explanation)).toEqual(["fi", "sv", "en"])
  })
})

describe("Eligibility without code generation", () => {
  it("the closure evaluator (for hosts that forbid generated code) decides exactly as the generated one", () => {
    fc.assert(
      fc.property(ruleSet, facts, referenceDate, (set, f, at) => {
        const compiled = compile(set)
        const program = compiled.program
        const ev = Eligibility.at(compiled, at)
        const withinKeys = program.withinDays.map((d) => PersonFacts.referenceKey(DateTime.fromISO(at).minus({ days: d })))
        const bound = closures(program.nodes, program.withinDays)(ev.referenceKey, withinKeys)
        const p = PersonFacts.prepare(f)
        expect(bound.fast(p)).toBe(ev.outcome(p))
        const o = new Uint8Array(program.nodes.length)
        bound.explain(p, o)
        expect([...o]).toEqual([...ev.decide(p).codes])
      }),
      { numRuns: 500 }
    )
  })
})
