/**
 * Eligibility throughput: the VOIKUKKIA and online-group rule sets over 1,000,000 generated people,
 * side by side with json-rules-engine on the same rules (on a smaller sample: it is async and slow)
 * and with hand-written predicates of the same three-valued meaning.
 *
 * Run: `pnpm bench core` (or `node --expose-gc --import tsx packages/core/bench/eligibility.bench.ts`).
 */
import { Catalogue, Eligibility, PersonFacts, Rule } from "@vertaistuki/core"
import { Either } from "effect"
import { Engine, type TopLevelCondition } from "json-rules-engine"

const PEOPLE = 1_000_000
const JRE_PEOPLE = 20_000
const ROUNDS = 5
const REFERENCE = "2026-11-22"

// A small deterministic generator (mulberry32), so every run decides the same people.
let seed = 0x5eed
const random = () => {
  seed = (seed + 0x6d2b79f5) | 0
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed)
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296
}
const pick = <A>(xs: ReadonlyArray<A>): A | undefined => (random() < 0.08 ? undefined : xs[Math.floor(random() * xs.length)])
const bool = (): boolean | undefined => (random() < 0.1 ? undefined : random() < 0.8)
const date = (fromYear: number, toYear: number): string | undefined => {
  if (random() < 0.05) return undefined
  const y = fromYear + Math.floor(random() * (toYear - fromYear))
  const m = 1 + Math.floor(random() * 12)
  const d = 1 + Math.floor(random() * 28)
  return `${y}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`
}

const generate = (): PersonFacts.PersonFacts => {
  const f: Record<string, unknown> = {
    role: pick(["parent", "parent", "parent", "guardian", "foster-parent", "young-person", "child"]),
    dateOfBirth: date(1960, 2015),
    languages: random() < 0.1 ? undefined : random() < 0.8 ? ["fi"] : ["sv", "fi"],
    childSituation: pick(["custody", "placement", "open-care", "aftercare"]),
    placementSetting: pick(["substance-rehabilitation-institution", "child-protection-institution", "foster-family", "kinship"]),
    referredBy: pick(["social-worker", "institution", "institution", "health-professional", "self"]),
    referralDate: date(2025, 2027),
    commitsToWholeProcess: bool(),
    lifeSituationAllows: bool()
  }
  for (const k of Object.keys(f)) if (f[k] === undefined) delete f[k]
  return f as PersonFacts.PersonFacts
}

// Hand-written predicates: the same rules, written out by hand with the same three-valued meaning.
type P = PersonFacts.Prepared
const voikukkiaByHand = (p: P): number => {
  let u = false
  if (p.role === undefined) u = true
  else if (p.role !== "parent") return 0
  if (p.childSituation === undefined) u = true
  else if (p.childSituation !== "custody" && p.childSituation !== "placement") return 0
  if (p.commitsToWholeProcess === undefined) u = true
  else if (p.commitsToWholeProcess !== true) return 0
  if (p.lifeSituationAllows === undefined) u = true
  else if (p.lifeSituationAllows !== true) return 0
  return u ? 2 : 1
}
const onlineByHand = (p: P): number => {
  let u = false
  if (p.role === undefined) u = true
  else if (p.role !== "parent" && p.role !== "guardian") return 0
  if (p.childSituation === undefined) u = true
  else if (p.childSituation !== "custody" && p.childSituation !== "placement") return 0
  if (p.placementSetting === undefined) u = true
  else if (p.placementSetting !== "substance-rehabilitation-institution") return 0
  if (p.referredBy === undefined) u = true
  else if (p.referredBy !== "institution") return 0
  return u ? 2 : 1
}

// The same rule sets for json-rules-engine (facts absent are undefined; it has no "unknown").
const toEngineCondition = (r: Rule.Rule): Record<string, unknown> => {
  if ("all" in r) return { all: r.all.map(toEngineCondition) }
  if ("any" in r) return { any: r.any.map(toEngineCondition) }
  if ("not" in r) return { not: toEngineCondition(r.not) }
  if ("equals" in r) return { fact: r.fact, operator: "equal", value: r.equals }
  if ("in" in r) return { fact: r.fact, operator: "in", value: r.in }
  throw new Error(`no json-rules-engine form for ${JSON.stringify(r)}`)
}
const engineFor = (set: Rule.RuleSet): Engine => {
  const engine = new Engine([], { allowUndefinedFacts: true })
  engine.addRule({ conditions: { all: set.rules.map(toEngineCondition) } as unknown as TopLevelCondition, event: { type: "eligible" } })
  return engine
}

const gc = (globalThis as { gc?: () => void }).gc ?? (() => {})
const once = (run: () => number, n: number): number => {
  gc()
  const t0 = process.hrtime.bigint()
  const checksum = run()
  const s = Number(process.hrtime.bigint() - t0) / 1e9
  if (checksum < 0) console.log(checksum)
  return n / s
}
/** Warms every contender up, then runs them in turn ROUNDS times (so a busy moment of the machine does not fall on one of them only) and keeps each one's best rate. */
const interleaved = (runs: ReadonlyArray<() => number>, n: number): Array<number> => {
  for (const run of runs) run()
  const rates = runs.map(() => 0)
  for (let r = 0; r < ROUNDS; r++) {
    for (const [i, run] of runs.entries()) rates[i] = Math.max(rates[i]!, once(run, n))
  }
  return rates
}
const bestAsync = async (run: () => Promise<number>, n: number): Promise<number> => {
  let bestRate = 0
  for (let r = 0; r < 3; r++) {
    gc()
    const t0 = process.hrtime.bigint()
    await run()
    const s = Number(process.hrtime.bigint() - t0) / 1e9
    bestRate = Math.max(bestRate, n / s)
  }
  return bestRate
}

console.log(`generating ${PEOPLE.toLocaleString("en")} people…`)
const raw = Array.from({ length: PEOPLE }, generate)
const t0 = process.hrtime.bigint()
const people = raw.map(PersonFacts.prepare)
const prepareRate = PEOPLE / (Number(process.hrtime.bigint() - t0) / 1e9)
const engineFacts = raw.slice(0, JRE_PEOPLE).map((f) => ({ ...f }))

const fmt = (n: number) => Math.round(n).toLocaleString("en")
const rows: Array<ReadonlyArray<string>> = []
const goals: Array<ReadonlyArray<string>> = []

for (const [template, byHand] of [
  [Catalogue.voikukkia, voikukkiaByHand],
  [Catalogue.onlineParentsOfPlacedYouth, onlineByHand]
] as const) {
  const compiled = Either.getOrThrow(Rule.compile(template.eligibility))
  const ev = Eligibility.at(compiled, REFERENCE)
  const outcome = ev.outcome
  const decide = ev.decide
  const [fast = 0, explained = 0, hand = 0] = interleaved(
    [
      () => {
        let s = 0
        for (let i = 0; i < people.length; i++) s += outcome(people[i]!)
        return s
      },
      () => {
        let s = 0
        for (let i = 0; i < people.length; i++) s += decide(people[i]!).code
        return s
      },
      () => {
        let s = 0
        for (let i = 0; i < people.length; i++) s += byHand(people[i]!)
        return s
      }
    ],
    PEOPLE
  )
  // Same answers as the hand-written predicate, person by person.
  for (let i = 0; i < people.length; i++) {
    if (outcome(people[i]!) !== byHand(people[i]!)) throw new Error(`${template.id}: compiled and hand-written disagree at person ${i}`)
  }
  const engine = engineFor(template.eligibility)
  const jre = await bestAsync(async () => {
    let s = 0
    for (const f of engineFacts) s += (await engine.run(f)).events.length
    return s
  }, JRE_PEOPLE)
  rows.push([template.id, "vertaistuki, outcome only", fmt(fast), `${(fast / jre).toFixed(0)}×`, `${(hand / fast).toFixed(2)}`])
  rows.push([template.id, "vertaistuki, with explanation", fmt(explained), `${(explained / jre).toFixed(0)}×`, ""])
  rows.push([template.id, "hand-written predicate", fmt(hand), `${(hand / jre).toFixed(0)}×`, ""])
  rows.push([template.id, `json-rules-engine (${fmt(JRE_PEOPLE)} people)`, fmt(jre), "1×", ""])
  goals.push([template.id, "≥ 50× json-rules-engine", `${(fast / jre).toFixed(0)}×`, fast / jre >= 50 ? "met" : "NOT met"])
  goals.push([template.id, "within 3× of hand-written (hand ÷ ours ≤ 3)", `${(hand / fast).toFixed(2)}`, hand / fast <= 3 ? "met" : "NOT met"])
  goals.push([template.id, "≥ 250,000/s with explanations", fmt(explained), explained >= 250_000 ? "met" : "NOT met"])
}

const table = (head: ReadonlyArray<string>, body: ReadonlyArray<ReadonlyArray<string>>) => {
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((r) => (r[i] ?? "").length)))
  const line = (r: ReadonlyArray<string>) => r.map((c, i) => c.padEnd(widths[i]!)).join(" │ ")
  console.log(line(head))
  console.log(widths.map((w) => "─".repeat(w)).join("─┼─"))
  for (const r of body) console.log(line(r))
}

console.log(`\npreparing facts (decode once per person): ${fmt(prepareRate)} people/s\n`)
table(["rule set", "evaluator", "decisions/s", "÷ json-rules-engine", "hand-written ÷ ours"], rows)
console.log("")
table(["rule set", "goal", "measured", "status"], goals)
