/**
 * Eligibility decisions (osallistumisedellytykset): eligible, ineligible or undetermined, with an
 * explanation per rule in Finnish, Swedish and English that can be shown to the family.
 *
 * Unknown facts follow three-valued (Kleene) logic: `all` is ineligible as soon as one rule fails,
 * even if others are unknown; `any` is eligible as soon as one holds. So learning a fact can turn an
 * undetermined decision into a decided one, but never a decided one into undetermined; and a missing
 * fact is never a silent "no": the decision names the facts to ask for.
 *
 * @since 0.1.0
 */
import { Either } from "effect"
import { DateTime } from "luxon"
import type { Language } from "./Language.js"
import * as PersonFacts from "./PersonFacts.js"
import * as Rule from "./Rule.js"
import type { Bound, Code, Node } from "./internal/eligibility/compile.js"
import { groupFull, question, requirement, status, summary } from "./internal/eligibility/text.js"

/**
 * The three outcomes.
 *
 * @category models
 */
export type Outcome = "eligible" | "ineligible" | "undetermined"

const outcomes: ReadonlyArray<Outcome> = ["ineligible", "eligible", "undetermined"]

/** The outcome of a code: 0 ineligible, 1 eligible, 2 undetermined. */
export const outcomeOf = (code: number): Outcome => outcomes[code] ?? "undetermined"

/**
 * A group's places, for a decision about a particular group: when it is full, the decision notes the
 * waitlist position the person would get, without changing eligibility.
 *
 * @category models
 */
export interface GroupPlaces {
  readonly capacity: number
  readonly enrolled: number
  /** People already on the waitlist. */
  readonly waitlist: number
}

/**
 * The outcome of one rule.
 *
 * @category models
 */
export interface RuleResult {
  readonly index: number
  /** Where the rule is in the set, e.g. `rules[1].any[0]`. */
  readonly path: string
  readonly depth: number
  readonly id: string | undefined
  readonly fact: string | undefined
  readonly outcome: Outcome
}

/**
 * A decision with its structured explanation: one outcome per rule evaluated, rendered into a language
 * only on demand (`explain`).
 *
 * @category models
 */
export class Decision {
  constructor(
    readonly ruleSet: Rule.Compiled,
    /** The reference date, `yyyymmdd`. */
    readonly referenceKey: number,
    readonly code: Code,
    /** Per rule (pre-order; 0 is the whole set) the outcome code. */
    readonly codes: Uint8Array,
    readonly places: GroupPlaces | undefined
  ) {}

  /** The rule set's (programme's) id. */
  get programme(): string {
    return this.ruleSet.id
  }

  get outcome(): Outcome {
    return outcomeOf(this.code)
  }

  /** The reference date, `YYYY-MM-DD`. */
  get reference(): string {
    const k = this.referenceKey
    const p = (n: number, w: number) => String(n).padStart(w, "0")
    return `${p(Math.floor(k / 10000), 4)}-${p(Math.floor(k / 100) % 100, 2)}-${p(k % 100, 2)}`
  }

  /** Every rule evaluated with its outcome; the first is the whole set. */
  get results(): ReadonlyArray<RuleResult> {
    return this.ruleSet.program.nodes.map((n) => ({
      index: n.index,
      path: n.path,
      depth: n.depth,
      id: n.rule?.id,
      fact: n.factName,
      outcome: outcomeOf(this.codes[n.index]!)
    }))
  }

  /** For an undetermined decision, the facts (PersonFacts fields) to ask for; otherwise empty. */
  get missing(): ReadonlyArray<string> {
    if (this.code !== 2) return []
    const found: Array<string> = []
    const nodes = this.ruleSet.program.nodes
    const visit = (n: Node) => {
      if (this.codes[n.index] !== 2) return
      if (n.kind === "fact") {
        if (!found.includes(n.fact!.asks)) found.push(n.fact!.asks)
      } else for (const c of n.children) visit(nodes[c]!)
    }
    visit(nodes[0]!)
    return found
  }

  /** Whether the group is full; then `waitlistPosition` is the place the person would get. */
  get full(): boolean {
    return this.places !== undefined && this.places.enrolled >= this.places.capacity
  }

  get waitlistPosition(): number | undefined {
    return this.full ? this.places!.waitlist + 1 : undefined
  }

  toJSON() {
    return {
      programme: this.programme,
      reference: this.reference,
      outcome: this.outcome,
      missing: this.missing,
      ...(this.places === undefined ? {} : { full: this.full, waitlistPosition: this.waitlistPosition ?? null }),
      rules: this.results.slice(1).map((r) => ({ path: r.path, ...(r.id === undefined ? {} : { id: r.id }), outcome: r.outcome })),
      explanation: { fi: explain(this, "fi"), sv: explain(this, "sv"), en: explain(this, "en") }
    }
  }
}

/**
 * An explanation in one language: a summary, one line per rule, the questions to ask, and the
 * waitlist note for a full group.
 *
 * @category models
 */
export interface Explanation {
  readonly summary: string
  readonly rules: ReadonlyArray<{ readonly path: string; readonly depth: number; readonly text: string; readonly outcome: Outcome }>
  readonly questions: ReadonlyArray<string>
  readonly note: string | undefined
}

/**
 * Renders a decision's explanation in Finnish, Swedish or English. Names every rule evaluated.
 *
 * @category formatting
 */
export const explain = (decision: Decision, language: Language): Explanation => {
  const nodes = decision.ruleSet.program.nodes
  return {
    summary: summary[decision.code][language],
    rules: nodes.slice(1).map((n) => {
      const code = decision.codes[n.index] as Code
      return { path: n.path, depth: n.depth, text: `${requirement(n, language)} (${status[code][language]})`, outcome: outcomeOf(code) }
    }),
    questions: decision.missing.map((f) => question(f, language)),
    note: decision.waitlistPosition === undefined ? undefined : groupFull(decision.waitlistPosition, language)
  }
}

/**
 * The explanation as plain text lines, indented by rule depth.
 *
 * @category formatting
 */
export const format = (decision: Decision, language: Language): string => {
  const e = explain(decision, language)
  const mark = { eligible: "✓", ineligible: "✗", undetermined: "?" }
  return [
    e.summary,
    ...e.rules.map((r) => `${"  ".repeat(r.depth)}${mark[r.outcome]} ${r.text}`),
    ...e.questions.map((q) => `  → ${q}`),
    ...(e.note === undefined ? [] : [e.note])
  ].join("\n")
}

/**
 * A rule set bound to a reference date: decides many people quickly. `outcome` returns only the code
 * (0 ineligible, 1 eligible, 2 undetermined) without explanation and without allocating; `decide`
 * records an outcome per rule.
 *
 * @category models
 */
export interface Evaluator {
  readonly ruleSet: Rule.Compiled
  readonly referenceKey: number
  readonly outcome: (facts: PersonFacts.Prepared) => Code
  readonly decide: (facts: PersonFacts.Prepared, places?: GroupPlaces) => Decision
}

const keyDaysBefore = (reference: number, days: number): number => {
  const y = Math.floor(reference / 10000)
  const d = DateTime.utc(y, Math.floor(reference / 100) % 100, reference % 100).minus({ days })
  return PersonFacts.dateKey(d)
}

/**
 * Binds a compiled rule set to a reference date (a `YYYY-MM-DD` string, or a moment whose Helsinki
 * calendar date is used). The date is computed once here, not per person.
 *
 * @category constructors
 */
export const at = (ruleSet: Rule.Compiled, reference: DateTime | string): Evaluator => atKey(ruleSet, PersonFacts.referenceKey(reference))

/** `at` for a reference date already turned into its `yyyymmdd` key. */
const atKey = (ruleSet: Rule.Compiled, referenceKey: number): Evaluator => {
  const program = ruleSet.program
  const bound: Bound = program.bind(
    referenceKey,
    program.withinDays.map((d) => keyDaysBefore(referenceKey, d))
  )
  const scratch = new Uint8Array(program.nodes.length)
  const fast = bound.fast
  const slow = bound.explain
  return {
    ruleSet,
    referenceKey,
    outcome: fast,
    decide: (facts, places) => {
      const code = slow(facts, scratch)
      return new Decision(ruleSet, referenceKey, code, scratch.slice(), places)
    }
  }
}

/**
 * Options of a single decision: the reference date, and the group's places when deciding for a
 * particular group.
 *
 * @category models
 */
export interface DecideOptions {
  readonly at: DateTime | string
  readonly places?: GroupPlaces | undefined
}

/**
 * Decides one person against one rule set.
 *
 * @example
 * import { Eligibility, Rule } from "@vertaistuki/core"
 * import { Either } from "effect"
 * const set = Either.getOrThrow(Rule.compile({ id: "parents", rules: [{ fact: "role", equals: "parent" }] }))
 * Eligibility.decide(set, { role: "parent" }, { at: "2026-11-22" }).outcome // "eligible"
 *
 * @category combinators
 */
export const decide = (ruleSet: Rule.Compiled, facts: PersonFacts.PersonFacts, options: DecideOptions): Decision =>
  at(ruleSet, options.at).decide(PersonFacts.prepare(facts), options.places)

/**
 * Which groups could this person join? Decides one person against every rule set given (e.g. every
 * programme of the catalogue), in the given order.
 *
 * @category combinators
 */
export const which = (
  ruleSets: ReadonlyArray<Rule.Compiled>,
  facts: PersonFacts.PersonFacts,
  options: { readonly at: DateTime | string }
): ReadonlyArray<Decision> => {
  const prepared = PersonFacts.prepare(facts)
  const referenceKey = PersonFacts.referenceKey(options.at)
  return ruleSets.map((r) => atKey(r, referenceKey).decide(prepared))
}

/**
 * Which programmes could this person join? `which` over programme templates (or anything carrying an
 * `eligibility` rule set), e.g. `Catalogue.all`; fails only if a rule set does not load.
 *
 * @example
 * import { Catalogue, Eligibility } from "@vertaistuki/core"
 * Eligibility.whichProgrammes(Catalogue.all, { role: "parent", childSituation: "custody" }, { at: "2026-11-22" })
 *
 * @category combinators
 */
export const whichProgrammes = (
  programmes: ReadonlyArray<{ readonly eligibility: Rule.RuleSet }>,
  facts: PersonFacts.PersonFacts,
  options: { readonly at: DateTime | string }
): Either.Either<ReadonlyArray<Decision>, Rule.RuleLoadError> =>
  Either.map(Either.all(programmes.map((p) => Rule.compile(p.eligibility))), (sets) => which(sets, facts, options))
