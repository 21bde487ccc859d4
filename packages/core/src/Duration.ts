/**
 * Durations in whole minutes, the unit every figure of the sources can be written in.
 *
 * @since 0.1.0
 */
import { Schema } from "effect"

/**
 * A non-negative whole number of minutes.
 *
 * @category models
 */
export const Minutes = Schema.NonNegativeInt.pipe(Schema.brand("Minutes")).annotations({
  identifier: "Minutes",
  description: "a non-negative whole number of minutes"
})
/** @category models */
export type Minutes = typeof Minutes.Type

/** @category constructors */
export const minutes = (n: number): Minutes => Minutes.make(n)

/** @category constructors */
export const hours = (h: number): Minutes => Minutes.make(Math.round(h * 60))

/**
 * A range of minutes, e.g. a session planned for 2–2.5 h.
 *
 * @category models
 */
export const MinutesRange = Schema.Struct({ min: Minutes, max: Minutes }).pipe(
  Schema.filter((r) => r.min <= r.max || `min (${r.min}) must not exceed max (${r.max})`)
)
/** @category models */
export type MinutesRange = typeof MinutesRange.Type

/**
 * Formats as hours and minutes for people: `2 h 30 min`.
 *
 * @category formatting
 */
export const format = (m: number): string => {
  const h = Math.floor(m / 60)
  const rest = m % 60
  return h === 0 ? `${rest} min` : rest === 0 ? `${h} h` : `${h} h ${rest} min`
}
