/**
 * Reporting periods (raportointikausi): a year `2026`, a half-year `2026-H1`, a month `2026-03`, or
 * a range of Helsinki dates `2026-01-01..2026-06-30` (both ends included), and the dimensions a
 * report's rows may follow.
 *
 * @since 0.1.0
 */
import { Data, Either } from "effect"

/** A span of Helsinki dates, both ends included. @category models */
export interface Period {
  readonly from: string
  readonly to: string
}

/** A text that is not a period. @category errors */
export class InvalidPeriod extends Data.TaggedError("InvalidPeriod")<{ readonly field: "period"; readonly expected: string; readonly actual: string }> {
  override get message() {
    return `period must be ${this.expected}, got "${this.actual}"`
  }
}

const expected = "a year (2026), a half-year (2026-H1), a month (2026-03) or a date range (2026-01-01..2026-06-30)"
const pad = (n: number) => String(n).padStart(2, "0")
const lastDay = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate()
const isDate = (s: string) => {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s)
  if (m === null) return false
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])]
  return mo >= 1 && mo <= 12 && d >= 1 && d <= lastDay(y, mo)
}

/**
 * Reads a period.
 *
 * @category constructors
 */
export const parse = (text: string): Either.Either<Period, InvalidPeriod> => {
  const s = text.trim()
  const fail = () => Either.left(new InvalidPeriod({ field: "period", expected, actual: text }))
  let m = /^(\d{4})$/.exec(s)
  if (m !== null) return Either.right({ from: `${m[1]}-01-01`, to: `${m[1]}-12-31` })
  m = /^(\d{4})-H([12])$/.exec(s)
  if (m !== null) return Either.right(m[2] === "1" ? { from: `${m[1]}-01-01`, to: `${m[1]}-06-30` } : { from: `${m[1]}-07-01`, to: `${m[1]}-12-31` })
  m = /^(\d{4})-(\d{2})$/.exec(s)
  if (m !== null) {
    const mo = Number(m[2])
    if (mo < 1 || mo > 12) return fail()
    return Either.right({ from: `${m[1]}-${m[2]}-01`, to: `${m[1]}-${m[2]}-${pad(lastDay(Number(m[1]), mo))}` })
  }
  m = /^(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})$/.exec(s)
  if (m !== null && isDate(m[1]!) && isDate(m[2]!) && m[1]! <= m[2]!) return Either.right({ from: m[1]!, to: m[2]! })
  return fail()
}

/** Whether a Helsinki date lies in the period. @category guards */
export const contains = (p: Period, date: string): boolean => p.from <= date && date <= p.to

/** Whether two periods share a day. @category guards */
export const overlaps = (a: Period, b: Period): boolean => a.from <= b.to && b.from <= a.to

/**
 * What a report's rows may follow: the programme, the organiser, the region, the language, or the
 * period by year, half-year or month.
 *
 * @category models
 */
export type Dimension = "programme" | "organiser" | "region" | "language" | "year" | "half-year" | "month"

/** @category constants */
export const dimensions: ReadonlyArray<Dimension> = ["programme", "organiser", "region", "language", "year", "half-year", "month"]

/** A dimension that is not one. @category errors */
export class UnknownDimension extends Data.TaggedError("UnknownDimension")<{ readonly field: "dimension"; readonly expected: string; readonly actual: string }> {
  override get message() {
    return `dimension must be ${this.expected}, got "${this.actual}"`
  }
}

/** Reads a dimension. @category constructors */
export const dimension = (text: string): Either.Either<Dimension, UnknownDimension> =>
  (dimensions as ReadonlyArray<string>).includes(text)
    ? Either.right(text as Dimension)
    : Either.left(new UnknownDimension({ field: "dimension", expected: `one of ${dimensions.join(", ")}`, actual: text }))

/** The period key of a Helsinki date for a period dimension: `2026`, `2026-H1` or `2026-03`. @category combinators */
export const keyOf = (d: "year" | "half-year" | "month", date: string): string =>
  d === "year" ? date.slice(0, 4) : d === "month" ? date.slice(0, 7) : `${date.slice(0, 4)}-H${Number(date.slice(5, 7)) <= 6 ? 1 : 2}`
