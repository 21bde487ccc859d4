import { all as languages, type LocalizedText } from "../../Language.js"
import type { Rule, RuleSet } from "../../Rule.js"
import { lookup } from "./facts.js"

export interface Problem {
  readonly path: string
  readonly expected: string
  readonly message: string
}

const MAX_DEPTH = 32
/** The most rules (every `all`, `any`, `not` and fact test counts) one rule set may hold. */
export const MAX_RULES = 10_000
let rulesSeen = 0
const MAX_AGE = 150
const DATE = /^\d{4}-\d{2}-\d{2}$/

class Reject {
  constructor(readonly problem: Problem) {}
}

const fail = (path: string, expected: string, got?: unknown): never => {
  const shown = got === undefined ? "" : `, got ${show(got)}`
  throw new Reject({ path, expected, message: `${path}: expected ${expected}${shown}` })
}

const show = (u: unknown): string => {
  if (u === null) return "null"
  if (Array.isArray(u)) return "an array"
  if (typeof u === "object") return "an object"
  if (typeof u === "string") return JSON.stringify(u.length > 40 ? `${u.slice(0, 40)}…` : u)
  return String(u)
}

/** `parent.key`, or `parent["odd key"]` for a key that is not a plain name. */
export const keyPath = (parent: string, key: string): string => {
  const plain = /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(key)
  if (parent === "") return plain ? key : `[${JSON.stringify(key)}]`
  return plain ? `${parent}.${key}` : `${parent}[${JSON.stringify(key)}]`
}

const isRecord = (u: unknown): u is Record<string, unknown> => typeof u === "object" && u !== null && !Array.isArray(u)

const own = (o: Record<string, unknown>, k: string): unknown => (Object.hasOwn(o, k) ? o[k] : undefined)

const isValidDate = (s: string): boolean => {
  if (!DATE.test(s)) return false
  const y = Number(s.slice(0, 4))
  const m = Number(s.slice(5, 7))
  const d = Number(s.slice(8, 10))
  if (m < 1 || m > 12 || d < 1) return false
  const days = [31, (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1]!
  return d <= days
}

const text = (u: unknown, path: string): LocalizedText => {
  if (!isRecord(u)) return fail(path, "a text in fi, sv and en: { fi, sv, en }", u)
  for (const k of Object.keys(u)) if (!(languages as ReadonlyArray<string>).includes(k)) fail(keyPath(path, k), "no other keys than fi, sv, en")
  const out: Record<string, string> = {}
  for (const k of languages) {
    const v = own(u, k)
    if (typeof v !== "string" || v.trim() === "") fail(`${path}.${k}`, "a non-empty string", v)
    out[k] = v as string
  }
  return out as unknown as LocalizedText
}

const COMMON = ["label", "id"]

const checkKeys = (o: Record<string, unknown>, path: string, allowed: ReadonlyArray<string>) => {
  for (const k of Object.keys(o)) {
    if (!COMMON.includes(k) && !allowed.includes(k)) fail(keyPath(path, k), `no key "${k}" here (allowed: ${[...allowed, ...COMMON].join(", ")})`)
  }
}

const common = (o: Record<string, unknown>, path: string): { label?: LocalizedText; id?: string } => {
  const out: { label?: LocalizedText; id?: string } = {}
  if (Object.hasOwn(o, "label")) out.label = text(o.label, `${path}.label`)
  if (Object.hasOwn(o, "id")) {
    if (typeof o.id !== "string" || o.id.trim() === "") fail(`${path}.id`, "a non-empty string", o.id)
    out.id = o.id as string
  }
  return out
}

const int = (u: unknown, path: string, min: number, max: number): number => {
  if (typeof u !== "number" || !Number.isInteger(u) || u < min || u > max) fail(path, `a whole number from ${min} to ${max}`, u)
  return u as number
}

const rule = (u: unknown, path: string, depth: number): Rule => {
  if (depth > MAX_DEPTH) fail(path, `rules nested at most ${MAX_DEPTH} deep`)
  if (++rulesSeen > MAX_RULES) fail(path, `at most ${MAX_RULES} rules in a rule set`)
  if (!isRecord(u)) return fail(path, "a rule object with one of all, any, not, fact", u)
  const kinds = ["all", "any", "not", "fact"].filter((k) => Object.hasOwn(u, k))
  if (kinds.length !== 1) {
    return fail(path, kinds.length === 0 ? "a rule with one of all, any, not, fact" : `exactly one of ${kinds.join(", ")}`)
  }
  const kind = kinds[0]!
  const base = common(u, path)
  if (kind === "all" || kind === "any") {
    checkKeys(u, path, [kind])
    const children = u[kind]
    if (!Array.isArray(children)) return fail(`${path}.${kind}`, "an array of rules", children)
    const rules = children.map((c, i) => rule(c, `${path}.${kind}[${i}]`, depth + 1))
    return (kind === "all" ? { ...base, all: rules } : { ...base, any: rules }) as Rule
  }
  if (kind === "not") {
    checkKeys(u, path, ["not"])
    return { ...base, not: rule(u.not, `${path}.not`, depth + 1) } as Rule
  }
  const name = u.fact
  if (typeof name !== "string") return fail(`${path}.fact`, "a fact name", name)
  const info = lookup(name)
  if (info === undefined) return fail(`${path}.fact`, "a known fact (see PersonFacts)", name)
  const type = info.type
  switch (type.kind) {
    case "enum":
    case "string":
    case "boolean":
    case "set": {
      checkKeys(u, path, ["fact", "equals", "in"])
      const ops = ["equals", "in"].filter((k) => Object.hasOwn(u, k))
      if (ops.length !== 1) return fail(path, `exactly one of equals, in for fact "${name}"`)
      const value = (v: unknown, p: string): string | boolean => {
        if (type.kind === "boolean") {
          if (typeof v !== "boolean") fail(p, `true or false (fact "${name}" is a yes/no fact)`, v)
        } else if (type.kind === "string") {
          if (typeof v !== "string" || v.trim() === "") fail(p, `a non-empty string (fact "${name}")`, v)
        } else if (typeof v !== "string" || !type.values.includes(v)) {
          fail(p, `one of ${type.values.map((x) => `"${x}"`).join(", ")} (fact "${name}")`, v)
        }
        return v as string | boolean
      }
      if (ops[0] === "equals") return { ...base, fact: name, equals: value(u.equals, `${path}.equals`) } as Rule
      if (!Array.isArray(u.in)) return fail(`${path}.in`, `an array of values of fact "${name}"`, u.in)
      return { ...base, fact: name, in: u.in.map((v, i) => value(v, `${path}.in[${i}]`)) } as Rule
    }
    case "age": {
      checkKeys(u, path, ["fact", "min", "max"])
      const out: { min?: number; max?: number } = {}
      if (Object.hasOwn(u, "min")) out.min = int(u.min, `${path}.min`, 0, MAX_AGE)
      if (Object.hasOwn(u, "max")) out.max = int(u.max, `${path}.max`, 0, MAX_AGE)
      if (out.min === undefined && out.max === undefined) return fail(path, `min or max (years) for fact "${name}"`)
      if (out.min !== undefined && out.max !== undefined && out.min > out.max) fail(`${path}.max`, `at least min (${out.min})`, out.max)
      return { ...base, fact: name, ...out } as Rule
    }
    case "date": {
      checkKeys(u, path, ["fact", "onOrAfter", "before", "withinDays"])
      const out: { onOrAfter?: string; before?: string; withinDays?: number } = {}
      for (const k of ["onOrAfter", "before"] as const) {
        if (!Object.hasOwn(u, k)) continue
        const v = u[k]
        if (typeof v !== "string" || !isValidDate(v)) fail(`${path}.${k}`, "a date YYYY-MM-DD", v)
        out[k] = v as string
      }
      if (Object.hasOwn(u, "withinDays")) out.withinDays = int(u.withinDays, `${path}.withinDays`, 0, 36600)
      if (Object.keys(out).length === 0) return fail(path, `onOrAfter, before or withinDays for date fact "${name}"`)
      return { ...base, fact: name, ...out } as Rule
    }
  }
}

/** Validates a rule set read from JSON; the problem names the path of the first bad part. */
export const validateRuleSet = (u: unknown): { readonly ok: RuleSet } | { readonly problem: Problem } => {
  rulesSeen = 0
  try {
    if (!isRecord(u)) return fail("(root)", "a rule set { id, rules }", u)
    for (const k of Object.keys(u)) {
      if (k !== "id" && k !== "title" && k !== "rules") fail(keyPath("", k), `no key "${k}" in a rule set (allowed: id, title, rules)`)
    }
    const id = own(u, "id")
    if (typeof id !== "string" || id.trim() === "") fail("id", "a non-empty string", id)
    const rules = own(u, "rules")
    if (!Array.isArray(rules)) return fail("rules", "an array of rules", rules)
    const out: { id: string; title?: LocalizedText; rules: ReadonlyArray<Rule> } = {
      id: id as string,
      rules: rules.map((r, i) => rule(r, `rules[${i}]`, 1))
    }
    if (Object.hasOwn(u, "title")) out.title = text(u.title, "title")
    return { ok: out as RuleSet }
  } catch (e) {
    if (e instanceof Reject) return { problem: e.problem }
    if (e instanceof RangeError) return { problem: { path: "(root)", expected: "a smaller rule set", message: `(root): ${e.message}` } }
    throw e
  }
}

/** Validates one rule. */
export const validateRule = (u: unknown, path = "rule"): { readonly ok: Rule } | { readonly problem: Problem } => {
  rulesSeen = 0
  try {
    return { ok: rule(u, path, 1) }
  } catch (e) {
    if (e instanceof Reject) return { problem: e.problem }
    throw e
  }
}
