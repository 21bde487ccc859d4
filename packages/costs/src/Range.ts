/**
 * A three-point estimate: the least, the most likely and the greatest value of an input or an
 * output. A plain number is the range whose three points are equal.
 *
 * @since 0.1.0
 */
import { Data, Either } from "effect"

/**
 * A three-point estimate with `min <= likely <= max`.
 *
 * @category models
 */
export interface Range {
  readonly min: number
  readonly likely: number
  readonly max: number
}

/**
 * How a range may be written in a scenario file: a number, or `{ min, likely?, max }`. Without
 * `likely` the most likely value is the midpoint of `min` and `max`.
 *
 * @category models
 */
export type RangeInput = number | { readonly min: number; readonly likely?: number | undefined; readonly max: number }

/** Points that are not in order. */
export class RangeOrderError extends Data.TaggedError("RangeOrderError")<{ readonly min: number; readonly likely: number; readonly max: number }> {
  override get message(): string {
    return `expected min <= likely <= max, got ${this.min}, ${this.likely}, ${this.max}`
  }
}

/**
 * A range of one value.
 *
 * @category constructors
 * @example
 * import { Range } from "@vertaistuki/costs"
 * Range.point(3) // { min: 3, likely: 3, max: 3 }
 */
export const point = (x: number): Range => ({ min: x, likely: x, max: x })

/**
 * Checks the order of the three points.
 *
 * @category constructors
 */
export const make = (min: number, likely: number, max: number): Either.Either<Range, RangeOrderError> =>
  min <= likely && likely <= max ? Either.right({ min, likely, max }) : Either.left(new RangeOrderError({ min, likely, max }))

/**
 * Reads the file notation. A missing `likely` becomes the midpoint; the caller's schema has already
 * checked the order.
 *
 * @category constructors
 */
export const fromInput = (input: RangeInput): Range =>
  typeof input === "number" ? point(input) : { min: input.min, likely: input.likely ?? (input.min + input.max) / 2, max: input.max }

/** @category guards */
export const isOrdered = (r: Range): boolean => r.min <= r.likely && r.likely <= r.max

/** @category guards */
export const isPoint = (r: Range): boolean => r.min === r.max

/** @category combinators */
export const map = (r: Range, f: (x: number) => number): Range => ({ min: f(r.min), likely: f(r.likely), max: f(r.max) })

/** Adds point by point. @category combinators */
export const add = (a: Range, b: Range): Range => ({ min: a.min + b.min, likely: a.likely + b.likely, max: a.max + b.max })

/** @category combinators */
export const sum = (rs: Iterable<Range>): Range => {
  let acc = point(0)
  for (const r of rs) acc = add(acc, r)
  return acc
}

/**
 * Divides a non-negative range by a positive one: the least quotient takes the greatest divisor.
 *
 * @category combinators
 */
export const divide = (a: Range, b: Range): Range => ({ min: a.min / b.max, likely: a.likely / b.likely, max: a.max / b.min })

/**
 * Multiplies two non-negative ranges.
 *
 * @category combinators
 */
export const multiply = (a: Range, b: Range): Range => ({ min: a.min * b.min, likely: a.likely * b.likely, max: a.max * b.max })
