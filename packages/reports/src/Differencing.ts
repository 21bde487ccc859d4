/**
 * The guard against differencing (erotusmenettely): two published reports whose filters overlap
 * let a reader subtract one from the other, e.g. January–June from January–July, or Pirkanmaa and
 * Kanta-Häme from Pirkanmaa alone. A new report is refused when, against any report already
 * published, the people in one and not in the other are 1 … k−1, in all or in any row of either
 * report's dimensions. Reports that share nobody cannot be subtracted and pass.
 *
 * The registry of published reports is a plain value the caller keeps (a file, a table): the
 * filters only, never people.
 *
 * @since 0.1.0
 */
import { Data, Either, Schema } from "effect"
import type * as Facts from "./Facts.js"
import * as Period from "./Period.js"
import * as Report from "./Report.js"
import * as Suppression from "./Suppression.js"

const Dimension = Schema.Literal(...Period.dimensions)
const Names = Schema.optional(Schema.Array(Schema.String))

/** One published report's filter. @category models */
export const Published = Schema.Struct({
  id: Schema.String,
  asOf: Schema.String,
  period: Schema.Struct({ from: Schema.String, to: Schema.String }),
  by: Schema.Array(Dimension),
  where: Schema.Struct({ programme: Names, organiser: Names, region: Names, language: Names })
})
/** @category models */
export type Published = typeof Published.Type

/** Every report published so far. @category models */
export const Registry = Schema.Array(Published)
/** @category models */
export type Registry = typeof Registry.Type

/** @category decoding */
export const decodeRegistry = Schema.decodeUnknownEither(Registry)

/** The new report and an earlier one differ by fewer than k people. @category errors */
export class DifferencingRefused extends Data.TaggedError("DifferencingRefused")<{
  readonly field: "filter"
  readonly against: string
  /** `all`, or the dimension of the row. */
  readonly dimension: string
  readonly key: string
  readonly expected: string
}> {
  override get message() {
    return `the report differs from the published report ${this.against} by ${this.expected} (${this.dimension === "all" ? "in all" : `${this.dimension} ${this.key}`}); the difference would single people out`
  }
}

/**
 * Checks a new report's filter against every published one.
 *
 * @category combinators
 */
export const check = (
  facts: Facts.Facts,
  options: Pick<Report.Options, "asOf" | "period" | "by" | "where" | "k">,
  registry: Registry
): Either.Either<void, DifferencingRefused | Suppression.InvalidThreshold> => {
  const k = options.k ?? Suppression.defaultK
  const checked = Suppression.threshold(k)
  if (Either.isLeft(checked)) return Either.left(checked.left)
  const groupOf = new Map(facts.groups.map((g) => [g.groupId, g]))
  const ids = (o: Pick<Report.Options, "asOf" | "period" | "where">) => new Set(Report.scope(facts, o).participants.map((p) => p.participantId))
  const people = new Map(facts.participants.map((p) => [p.participantId, p]))
  const mine = ids(options)
  for (const earlier of registry) {
    const theirs = ids(earlier)
    let shared = false
    for (const id of mine) if (theirs.has(id)) shared = true
    if (!shared) continue
    const dims = [...new Set([...options.by, ...earlier.by])]
    for (const [a, b] of [
      [mine, theirs],
      [theirs, mine]
    ] as const) {
      const only = [...a].filter((id) => !b.has(id))
      if (only.length === 0) continue
      const refuse = (dimension: string, key: string) =>
        Either.left(new DifferencingRefused({ field: "filter", against: earlier.id, dimension, key, expected: `fewer than ${k} people` }))
      if (only.length < k) return refuse("all", "all")
      for (const d of dims) {
        const counts = new Map<string, number>()
        for (const id of only) {
          const g = groupOf.get(people.get(id)!.groupId)!
          const key = Report.keyOf(d, { ...g, date: dateOf(g) })
          counts.set(key, (counts.get(key) ?? 0) + 1)
        }
        for (const [key, n] of counts) if (n < k) return refuse(d, key)
      }
    }
  }
  return Either.right(undefined)
}

const dateOf = (g: Facts.GroupFacts) => Report.scope({ groups: [g], participants: [] }, { asOf: g.plannedAt, period: { from: "0000-01-01", to: "9999-12-31" } }).groups[0]!.date

/** The registry with a report added. @category combinators */
export const register = (registry: Registry, id: string, r: Pick<Report.Report, "asOf" | "period" | "by" | "where">): Registry => [
  ...registry,
  {
    id,
    asOf: r.asOf,
    period: r.period,
    by: r.by,
    where: Object.fromEntries(Object.entries(r.where).filter(([, v]) => v !== undefined)) as Published["where"]
  }
]
