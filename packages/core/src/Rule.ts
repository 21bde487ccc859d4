/**
 * Eligibility rules as data (kelpoisuusehdot): a small JSON rule language, validated once when it is
 * loaded and compiled into a fast function. An unknown fact or a value of the wrong type is a
 * load-time error naming its path, never a surprise while deciding.
 *
 * A rule is one of:
 * - `{ "all": [rules] }`, `{ "any": [rules] }`, `{ "not": rule }`;
 * - `{ "fact": "role", "equals": "parent" }` or `{ "fact": "role", "in": ["parent", "guardian"] }`
 *   (for `languages`, a set: it contains the value, or any of the values);
 * - `{ "fact": "age", "min": 13, "max": 17 }`: an age range in completed years at the reference date
 *   (`age` from `dateOfBirth`, `childAge` from `childDateOfBirth`), both ends inclusive;
 * - `{ "fact": "referralDate", "onOrAfter": "2026-01-01", "before": "2027-01-01", "withinDays": 180 }`:
 *   date comparisons (any of the three; `withinDays` counts back from the reference date).
 *
 * Any rule may carry an `id` and a `label` (`{ fi, sv, en }`): the plain-language text shown to the
 * family in place of the generated one.
 *
 * @since 0.1.0
 */
import { Data, Either, ParseResult, Schema } from "effect"
import type { LocalizedText } from "./Language.js"
import * as Input from "./Input.js"
import { type Program, compile as compileProgram } from "./internal/eligibility/compile.js"
import { factNames } from "./internal/eligibility/facts.js"
import { validateRule, validateRuleSet } from "./internal/eligibility/validate.js"

/** What every rule may carry: an id, and the text shown to the family. */
export interface Annotated {
  readonly id?: string
  readonly label?: LocalizedText
}

/**
 * A rule of the language (see the module comment).
 *
 * @category models
 */
export type Rule =
  | (Annotated & { readonly all: ReadonlyArray<Rule> })
  | (Annotated & { readonly any: ReadonlyArray<Rule> })
  | (Annotated & { readonly not: Rule })
  | (Annotated & { readonly fact: string; readonly equals: string | boolean })
  | (Annotated & { readonly fact: string; readonly in: ReadonlyArray<string | boolean> })
  | (Annotated & { readonly fact: string; readonly min?: number; readonly max?: number })
  | (Annotated & { readonly fact: string; readonly onOrAfter?: string; readonly before?: string; readonly withinDays?: number })

/**
 * A rule set (kelpoisuusehdot): every rule must hold. Each catalogue template carries one; an
 * organisation can supply its own.
 *
 * @category models
 */
export interface RuleSet {
  readonly id: string
  readonly title?: LocalizedText
  readonly rules: ReadonlyArray<Rule>
}

/**
 * A rule or rule set that could not be loaded: `path` names the bad part (e.g. `rules[1].any[0].equals`).
 *
 * @category errors
 */
export class RuleLoadError extends Data.TaggedError("RuleLoadError")<{
  readonly path: string
  readonly expected: string
  readonly message: string
}> {}

/**
 * The names of every fact a rule may use: the `PersonFacts` fields, plus `age` and `childAge`.
 *
 * @category constants
 */
export const facts: ReadonlyArray<string> = factNames

const loadError = (p: Input.Problem) => new RuleLoadError({ path: p.path, expected: p.expected, message: `${p.path}: expected ${p.expected}` })

/**
 * Decodes a rule set from JSON, checking every fact name and value against `PersonFacts`. A rule set of
 * more than 10,000 rules, rules nested deeper than 32, or input beyond `Input`'s limits is refused.
 *
 * @category constructors
 */
export const decode = (input: unknown): Either.Either<RuleSet, RuleLoadError> =>
  Input.decodeWith(
    input,
    (u) => {
      const r = validateRuleSet(u)
      return "ok" in r ? Either.right(r.ok) : Either.left(new RuleLoadError(r.problem))
    },
    loadError
  )

/**
 * Decodes one rule from JSON.
 *
 * @category constructors
 */
export const decodeRule = (input: unknown): Either.Either<Rule, RuleLoadError> =>
  Input.decodeWith(
    input,
    (u) => {
      const r = validateRule(u)
      return "ok" in r ? Either.right(r.ok) : Either.left(new RuleLoadError(r.problem))
    },
    loadError
  )

/**
 * A rule set as a schema field (e.g. a template's `eligibility`): decoding validates it.
 *
 * @category models
 */
export const RuleSetSchema: Schema.Schema<RuleSet, unknown> = Schema.transformOrFail(
  Schema.Unknown,
  Schema.declare((u): u is RuleSet => typeof u === "object" && u !== null && "rules" in u, { identifier: "RuleSet" }),
  {
    strict: true,
    decode: (u, _, ast) =>
      Either.match(decode(u), {
        onLeft: (e) => ParseResult.fail(new ParseResult.Type(ast, undefined, e.message)),
        onRight: (r) => ParseResult.succeed(r)
      }),
    encode: (r) => ParseResult.succeed(r)
  }
).annotations({
  identifier: "RuleSet",
  description: "an eligibility rule set: { id, title?, rules } in the rule language of docs/eligibility.md",
  jsonSchema: { type: "object", required: ["id", "rules"], properties: { id: { type: "string" }, rules: { type: "array" } } }
})

/**
 * A validated, compiled rule set, ready to decide with (see `Eligibility`).
 *
 * @category models
 */
export interface Compiled {
  readonly _tag: "CompiledRuleSet"
  readonly id: string
  readonly ruleSet: RuleSet
  /** @internal */
  readonly program: Program
}

const compiledCache = new WeakMap<object, Compiled>()

/**
 * Validates and compiles a rule set (the same object is compiled once).
 *
 * @category constructors
 */
export const compile = (input: RuleSet | unknown): Either.Either<Compiled, RuleLoadError> => {
  if (typeof input === "object" && input !== null) {
    const hit = compiledCache.get(input)
    if (hit !== undefined) return Either.right(hit)
  }
  return Either.map(decode(input), (ruleSet) => {
    const compiled: Compiled = { _tag: "CompiledRuleSet", id: ruleSet.id, ruleSet, program: compileProgram(ruleSet) }
    compiledCache.set(input as object, compiled)
    return compiled
  })
}

/** @category constructors */
export const all = (rules: ReadonlyArray<Rule>, annotations?: Annotated): Rule => ({ ...annotations, all: rules })

/** @category constructors */
export const any = (rules: ReadonlyArray<Rule>, annotations?: Annotated): Rule => ({ ...annotations, any: rules })

/** @category constructors */
export const not = (rule: Rule, annotations?: Annotated): Rule => ({ ...annotations, not: rule })

/** @category constructors */
export const equals = (fact: string, value: string | boolean, annotations?: Annotated): Rule => ({ ...annotations, fact, equals: value })

/** @category constructors */
export const oneOf = (fact: string, values: ReadonlyArray<string | boolean>, annotations?: Annotated): Rule => ({
  ...annotations,
  fact,
  in: values
})

/**
 * An age range in completed years, both ends inclusive.
 *
 * @category constructors
 */
export const age = (range: { readonly min?: number; readonly max?: number }, annotations?: Annotated, fact = "age"): Rule => ({
  ...annotations,
  fact,
  ...range
})
