/**
 * Quiet hours (hiljaiset tunnit): a daily window of Helsinki wall-clock time in which nothing is sent, and
 * optionally whole Finnish holidays (core's `Holidays`). A window may cross midnight (21:00–08:00); it is read
 * on the wall clock, so it means the same on both days of a DST change.
 *
 * `place` decides for one message: send at its time, defer to the end of the quiet time, send earlier
 * (before the quiet time began) or drop it with a reason when neither meets the deadline. Nothing is dropped
 * silently.
 *
 * @since 0.1.0
 */
import { Holidays } from "@vertaistuki/core"
import { Schema } from "effect"
import { DateTime } from "luxon"
import { helsinki } from "./internal/zone.js"

/** The zone every window is read in. @category constants */
export const zone = "Europe/Helsinki"

/**
 * A wall-clock time `HH:mm` (00:00–23:59).
 *
 * @category models
 */
export const LocalTime = Schema.String.pipe(
  Schema.pattern(/^(?:[01]\d|2[0-3]):[0-5]\d$/, { message: () => "expected a time HH:mm, e.g. 21:00" })
).annotations({ identifier: "LocalTime" })
/** @category models */
export type LocalTime = typeof LocalTime.Type

/**
 * The quiet window: from `start` (inclusive) to `end` (exclusive), Helsinki wall clock. `start` after `end`
 * crosses midnight; `start` equal to `end` is no quiet time at all.
 *
 * @category models
 */
export const Window = Schema.Struct({ start: LocalTime, end: LocalTime }).annotations({ identifier: "QuietWindow" })
/** @category models */
export type Window = typeof Window.Type

/** 21:00–08:00, the default for every channel. @category constants */
export const defaultWindow: Window = { start: "21:00", end: "08:00" }

/**
 * What else is quiet: whole holidays when `skipHolidays`; `isHoliday` (an ISO date → closed?) defaults to
 * core's `Holidays.isClosed` (Finnish public holidays, Midsummer Eve and Christmas Eve).
 *
 * @category models
 */
export interface Options {
  readonly skipHolidays?: boolean | undefined
  readonly isHoliday?: ((isoDate: string) => boolean) | undefined
}

/**
 * Where a message goes: `At` its time (`moved`: `none`, `deferred` to the end of quiet time, or `earlier`
 * before it began), or `Drop` with the reason.
 *
 * @category models
 */
export type Placement =
  | { readonly _tag: "At"; readonly at: DateTime; readonly moved: "none" | "deferred" | "earlier" }
  | { readonly _tag: "Drop"; readonly reason: DropReason }

/**
 * Why a message cannot be placed: it is already at or past its deadline, or the quiet time lasts past the
 * deadline and began before the earliest allowed moment.
 *
 * @category models
 */
export type DropReason = "past-deadline" | "quiet-until-deadline"

/** How long before the quiet time a message sent earlier goes (15 minutes). @category constants */
export const earlierMarginMinutes = 15

const minutesOf = (t: LocalTime): number => Number(t.slice(0, 2)) * 60 + Number(t.slice(3, 5))

const day = 86_400_000

/** Milliseconds since the Helsinki wall clock's epoch: UTC plus the offset at that instant. */
const wallMillis = (at: DateTime): number => {
  const ms = at.toMillis()
  return ms + helsinki.offset(ms) * 60_000
}

const inWindow = (at: DateTime, window: Window): boolean => {
  const s = minutesOf(window.start)
  const e = minutesOf(window.end)
  if (s === e) return false
  const m = (((wallMillis(at) % day) + day) % day) / 60_000
  return s < e ? m >= s && m < e : m >= s || m < e
}

const holiday = (at: DateTime, options: Options | undefined): boolean =>
  options?.skipHolidays === true && (options.isHoliday ?? Holidays.isClosed)(new Date(wallMillis(at)).toISOString().slice(0, 10))

/**
 * Whether `at` falls in quiet time: inside the window on the Helsinki wall clock, or on a holiday when
 * holidays are skipped.
 *
 * @category guards
 */
export const isQuiet = (at: DateTime, window: Window, options?: Options): boolean => inWindow(at, window) || holiday(at, options)

const wall = (day: DateTime, t: LocalTime): DateTime =>
  day.set({ hour: Number(t.slice(0, 2)), minute: Number(t.slice(3, 5)), second: 0, millisecond: 0 })

/** The longest walk over a DST change: a day and a half of minutes. */
const scanMinutes = 36 * 60

/** The first instant after `at`'s quiet stretch (window or holiday) ends; `at` must be quiet. */
const endOfQuiet = (at: DateTime, window: Window, options: Options | undefined): DateTime => {
  const local = at.setZone(helsinki)
  if (holiday(local, options)) return local.startOf("day").plus({ days: 1 })
  let end = wall(local, window.end)
  if (end <= local) end = wall(local.plus({ days: 1 }).startOf("day"), window.end)
  if (end.offset === local.offset) return end
  // A DST change lies between: the wall clock skips or repeats an hour, so walk the minutes (window edges and
  // offset changes both fall on whole minutes).
  let t = local.startOf("minute").plus({ minutes: 1 })
  for (let i = 0; i < scanMinutes && t < end; i++, t = t.plus({ minutes: 1 })) if (!inWindow(t, window)) return t
  return end
}

/** The instant `at`'s quiet stretch began; `at` must be quiet. */
const startOfQuiet = (at: DateTime, window: Window, options: Options | undefined): DateTime => {
  const local = at.setZone(helsinki)
  if (holiday(local, options)) return local.startOf("day")
  let start = wall(local, window.start)
  if (start > local) start = wall(local.minus({ days: 1 }).startOf("day"), window.start)
  if (start.offset === local.offset) return start
  let t = local.startOf("minute")
  for (let i = 0; i < scanMinutes && inWindow(t.minus({ minutes: 1 }), window); i++) t = t.minus({ minutes: 1 })
  return t
}

/** Enough steps for a window a day long plus a run of holidays (Christmas to Epiphany is at most a few). */
const maxSteps = 64

/**
 * The first moment at or after `at` that is not quiet, or `undefined` if none is found within `maxSteps`
 * quiet stretches.
 *
 * @category combinators
 */
export const nextAllowed = (at: DateTime, window: Window, options?: Options): DateTime | undefined => {
  let t: DateTime<boolean> = at.setZone(helsinki)
  for (let i = 0; i < maxSteps; i++) {
    if (!isQuiet(t, window, options)) return t
    t = endOfQuiet(t, window, options)
  }
  return undefined
}

/**
 * A moment before `at`'s quiet stretch began that is not quiet: `earlierMarginMinutes` ahead of it, or its
 * last free minute when less is free (`at` itself when it is not quiet).
 *
 * @category combinators
 */
export const previousAllowed = (at: DateTime, window: Window, options?: Options): DateTime | undefined => {
  let t: DateTime<boolean> = at.setZone(helsinki)
  for (let i = 0; i < maxSteps; i++) {
    if (!isQuiet(t, window, options)) return t
    const began = startOfQuiet(t, window, options)
    const ahead = began.minus({ minutes: earlierMarginMinutes })
    // With less than the margin free before the quiet time, its last minute.
    t = isQuiet(ahead, window, options) ? began.minus({ minutes: 1 }) : ahead
  }
  return undefined
}

/**
 * Places a message meant for `at` with a `deadline` (exclusive: a message is never sent at or after it):
 * - not quiet and before the deadline: `At` `at`;
 * - quiet: deferred to the end of the quiet time if that is before the deadline, else sent earlier (just
 *   before the quiet time began) if that is not before `notBefore` (e.g. now);
 * - otherwise `Drop` with the reason.
 *
 * @category combinators
 */
export const place = (at: DateTime, deadline: DateTime, window: Window, options?: Options & { readonly notBefore?: DateTime | undefined }): Placement => {
  const notBefore = options?.notBefore
  const start = notBefore !== undefined && notBefore > at ? notBefore : at
  if (start.toMillis() >= deadline.toMillis()) return { _tag: "Drop", reason: "past-deadline" }
  if (!isQuiet(start, window, options)) return { _tag: "At", at: start.setZone(helsinki), moved: start.toMillis() === at.toMillis() ? "none" : "deferred" }
  const later = nextAllowed(start, window, options)
  if (later !== undefined && later.toMillis() < deadline.toMillis()) return { _tag: "At", at: later, moved: "deferred" }
  const earlier = previousAllowed(start, window, options)
  if (earlier !== undefined && (notBefore === undefined || earlier.toMillis() >= notBefore.toMillis())) {
    return { _tag: "At", at: earlier, moved: "earlier" }
  }
  return { _tag: "Drop", reason: "quiet-until-deadline" }
}

/**
 * An ISO time read in Helsinki.
 *
 * @category constructors
 */
export const fromIso = (iso: string): DateTime => DateTime.fromISO(iso, { zone: helsinki })
