import { isoDateKey, type Prepared } from "../../PersonFacts.js"
import type { Rule, RuleSet } from "../../Rule.js"
import { type FactInfo, lookup } from "./facts.js"

/** Outcome codes: 0 ineligible / not met, 1 eligible / met, 2 undetermined / unknown. */
export type Code = 0 | 1 | 2

export type NodeKind = "all" | "any" | "not" | "fact"

/** One rule of a compiled set, in pre-order; node 0 is the rule set itself (all of its rules). */
export interface Node {
  readonly index: number
  readonly path: string
  readonly parent: number
  readonly depth: number
  readonly kind: NodeKind
  readonly rule: Rule | undefined
  readonly children: ReadonlyArray<number>
  readonly fact: FactInfo | undefined
  readonly factName: string | undefined
}

export interface Bound {
  readonly fast: (p: Prepared) => Code
  readonly explain: (p: Prepared, out: Uint8Array) => Code
}

export interface Program {
  readonly nodes: ReadonlyArray<Node>
  /** The distinct `withinDays` figures; the bound evaluator receives the key of each, counted back from the reference date. */
  readonly withinDays: ReadonlyArray<number>
  readonly bind: (reference: number, within: ReadonlyArray<number>) => Bound
  readonly source: string
}

const kindOf = (r: Rule): NodeKind => ("all" in r ? "all" : "any" in r ? "any" : "not" in r ? "not" : "fact")

const flatten = (set: RuleSet): Array<Node> => {
  const nodes: Array<Node> = []
  const visit = (rule: Rule | undefined, path: string, parent: number, depth: number): number => {
    const index = nodes.length
    const children: Array<number> = []
    const kind: NodeKind = rule === undefined ? "all" : kindOf(rule)
    const factName = rule !== undefined && "fact" in rule ? rule.fact : undefined
    const node: Node = { index, path, parent, depth, kind, rule, children, fact: factName === undefined ? undefined : lookup(factName), factName }
    nodes.push(node)
    const [list, prefix] =
      rule === undefined ? [set.rules, "rules"] : "all" in rule ? [rule.all, `${path}.all`] : "any" in rule ? [rule.any, `${path}.any`] : [[], ""]
    for (const [i, r] of list.entries()) children.push(visit(r, `${prefix}[${i}]`, index, depth + 1))
    if (rule !== undefined && "not" in rule) children.push(visit(rule.not, `${path}.not`, index, depth + 1))
    return index
  }
  visit(undefined, "rules", -1, 0)
  return nodes
}

const lit = (v: string | number | boolean): string => JSON.stringify(v)

/** The condition of a leaf over `x`, the known value of its fact. */
const condition = (node: Node, within: ReadonlyArray<number>): string => {
  const rule = node.rule as unknown as Record<string, unknown>
  const type = node.fact!.type
  switch (type.kind) {
    case "enum":
    case "string":
    case "boolean":
    case "set": {
      const values = ("equals" in rule ? [rule.equals] : (rule.in as ReadonlyArray<unknown>)) as ReadonlyArray<string | boolean>
      if (values.length === 0) return "false"
      const test = type.kind === "set" ? (v: string | boolean) => `x.includes(${lit(v)})` : (v: string | boolean) => `x === ${lit(v)}`
      return values.map(test).join(" || ")
    }
    case "age": {
      const parts: Array<string> = []
      if (typeof rule.min === "number") parts.push(`x <= R - ${rule.min * 10000}`)
      if (typeof rule.max === "number") parts.push(`x > R - ${(rule.max + 1) * 10000}`)
      return parts.join(" && ")
    }
    case "date": {
      const parts: Array<string> = []
      if (typeof rule.onOrAfter === "string") parts.push(`x >= ${isoDateKey(rule.onOrAfter)}`)
      if (typeof rule.before === "string") parts.push(`x < ${isoDateKey(rule.before)}`)
      if (typeof rule.withinDays === "number") parts.push(`x <= R && x >= W${within.indexOf(rule.withinDays)}`)
      return parts.join(" && ")
    }
  }
}

const field = (node: Node): string => {
  const type = node.fact!.type
  return type.kind === "age" ? type.source : node.factName!
}

const generate = (nodes: ReadonlyArray<Node>, within: ReadonlyArray<number>, explain: boolean): string => {
  const out: Array<string> = []
  const emit = (i: number) => {
    const node = nodes[i]!
    const v = `v${i}`
    switch (node.kind) {
      case "fact":
        out.push(`{ const x = p.${field(node)}; ${v} = x === undefined ? 2 : (${condition(node, within)}) ? 1 : 0; }`)
        break
      case "not":
        emit(node.children[0]!)
        out.push(`${v} = v${node.children[0]} === 2 ? 2 : 1 - v${node.children[0]};`)
        break
      case "all":
      case "any": {
        const stop = node.kind === "all" ? 0 : 1
        out.push(`${v} = ${node.kind === "all" ? 1 : 0};`)
        if (!explain) out.push(`b${i}: {`)
        for (const c of node.children) {
          emit(c)
          if (explain) out.push(`if (v${c} === ${stop}) ${v} = ${stop}; else if (v${c} === 2 && ${v} !== ${stop}) ${v} = 2;`)
          else out.push(`if (v${c} === ${stop}) { ${v} = ${stop}; break b${i}; } if (v${c} === 2) ${v} = 2;`)
        }
        if (!explain) out.push("}")
        break
      }
    }
    if (explain) out.push(`o[${i}] = ${v};`)
  }
  emit(0)
  return `let ${nodes.map((n) => `v${n.index}`).join(", ")};\n${out.join("\n")}\nreturn v0;`
}

/**
 * Compiles a validated rule set into straight-line JavaScript: one function without allocation, closed
 * over the reference date's key. Only validated names and JSON literals reach the generated source.
 * Not cached here: `Rule.compile` caches the compiled set by its input.
 */
export const compile = (set: RuleSet): Program => {
  const nodes = flatten(set)
  const within: Array<number> = []
  for (const n of nodes) {
    const w = n.rule !== undefined && "withinDays" in n.rule ? n.rule.withinDays : undefined
    if (typeof w === "number" && !within.includes(w)) within.push(w)
  }
  const params = ["R", ...within.map((_, i) => `W${i}`)]
  const source = `"use strict";
return function bind(${params.join(", ")}) {
  return {
    fast: function fast(p) {\n${generate(nodes, within, false)}\n},
    explain: function explain(p, o) {\n${generate(nodes, within, true)}\n}
  };
};`
  let bind: Program["bind"]
  try {
    const factory = new Function(source)() as (...args: ReadonlyArray<number>) => Bound
    bind = (reference, keys) => factory(reference, ...keys)
  } catch {
    bind = closures(nodes, within)
  }
  return { nodes, withinDays: within, bind, source }
}

type Eval = (p: Prepared, o: Uint8Array | undefined) => Code

/**
 * The same evaluation as closures, for hosts that forbid generating code from strings (a Content Security
 * Policy without `unsafe-eval`, or `--disallow-code-generation-from-strings`). Slower, same answers.
 */
export const closures =
  (nodes: ReadonlyArray<Node>, within: ReadonlyArray<number>) =>
  (R: number, keys: ReadonlyArray<number>): Bound => {
    const build = (i: number): Eval => {
      const node = nodes[i]!
      const children = node.children.map(build)
      const record = (o: Uint8Array | undefined, c: Code): Code => {
        if (o !== undefined) o[i] = c
        return c
      }
      switch (node.kind) {
        case "not": {
          const child = children[0]!
          return (p, o) => {
            const c = child(p, o)
            return record(o, c === 2 ? 2 : c === 1 ? 0 : 1)
          }
        }
        case "all":
        case "any": {
          const stop: Code = node.kind === "all" ? 0 : 1
          const otherwise: Code = node.kind === "all" ? 1 : 0
          return (p, o) => {
            let v: Code = otherwise
            for (const child of children) {
              const c = child(p, o)
              if (c === stop) {
                v = stop
                if (o === undefined) break
              } else if (c === 2 && v !== stop) v = 2
            }
            return record(o, v)
          }
        }
        case "fact": {
          const test = leafTest(node, R, within, keys)
          const name = field(node) as keyof Prepared
          return (p, o) => {
            const x = p[name]
            return record(o, x === undefined ? 2 : test(x) ? 1 : 0)
          }
        }
      }
    }
    const root = build(0)
    return { fast: (p) => root(p, undefined), explain: (p, o) => root(p, o) }
  }

const leafTest = (node: Node, R: number, within: ReadonlyArray<number>, keys: ReadonlyArray<number>): ((x: unknown) => boolean) => {
  const rule = node.rule as unknown as Record<string, unknown>
  const type = node.fact!.type
  switch (type.kind) {
    case "enum":
    case "string":
    case "boolean":
    case "set": {
      const values = ("equals" in rule ? [rule.equals] : (rule.in as ReadonlyArray<unknown>)) as ReadonlyArray<unknown>
      return type.kind === "set"
        ? (x) => values.some((v) => (x as ReadonlyArray<unknown>).includes(v))
        : (x) => values.includes(x)
    }
    case "age": {
      const min = typeof rule.min === "number" ? R - rule.min * 10000 : Number.POSITIVE_INFINITY
      const max = typeof rule.max === "number" ? R - (rule.max + 1) * 10000 : Number.NEGATIVE_INFINITY
      return (x) => (x as number) <= min && (x as number) > max
    }
    case "date": {
      const from = typeof rule.onOrAfter === "string" ? isoDateKey(rule.onOrAfter) : Number.NEGATIVE_INFINITY
      const before = typeof rule.before === "string" ? isoDateKey(rule.before) : Number.POSITIVE_INFINITY
      const w = typeof rule.withinDays === "number" ? keys[within.indexOf(rule.withinDays)]! : undefined
      return (x) => (x as number) >= from && (x as number) < before && (w === undefined || ((x as number) <= R && (x as number) >= w))
    }
  }
}
