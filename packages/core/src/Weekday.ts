/**
 * Days of the week, for sessions that must fall on a given day (e.g. the online group's live meeting on a
 * Saturday, lauantai; seed 000_2f0bf6902dc16743.txt).
 *
 * @since 0.1.0
 */
import { Schema } from "effect"

/** @category models */
export const Weekday = Schema.Literal(
  "monday",
  "tuesday",
  "wednesday",
  "thursday",
  "friday",
  "saturday",
  "sunday"
).annotations({ identifier: "Weekday" })
/** @category models */
export type Weekday = typeof Weekday.Type

/** @category constants */
export const all: ReadonlyArray<Weekday> = Weekday.literals

/**
 * The ISO weekday number, Monday 1 … Sunday 7 (as luxon's `DateTime.weekday`).
 *
 * @category getters
 */
export const toIso = (w: Weekday): 1 | 2 | 3 | 4 | 5 | 6 | 7 => (all.indexOf(w) + 1) as 1 | 2 | 3 | 4 | 5 | 6 | 7

/**
 * The weekday of an ISO weekday number (1 = Monday).
 *
 * @category constructors
 */
export const fromIso = (n: 1 | 2 | 3 | 4 | 5 | 6 | 7): Weekday => all[n - 1]!
