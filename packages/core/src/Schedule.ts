/**
 * A group's session dates (aikataulu) in Finnish time: from a start date and a cadence, skipping
 * public holidays, office-closed days and weekends (unless a session must fall on a weekend day, like
 * the online group's Saturday live meeting, seed 000_2f0bf6902dc16743.txt), always at the same local
 * wall-clock time in Europe/Helsinki across daylight-saving changes.
 *
 * A closed day is skipped, not moved to: the session takes the next date of the cadence, so that the
 * rhythm of the group stays the same.
 *
 * @since 0.1.0
 */
import { Data, Either } from "effect"
import { DateTime } from "luxon"
import * as Holidays from "./Holidays.js"
import { locale, messages } from "./Messages.js"
import type { Language } from "./Language.js"
import { type ProgrammeTemplate, sessionCount, sessionSpec } from "./ProgrammeTemplate.js"
import * as Weekday from "./Weekday.js"
import { zone } from "./internal/zone.js"

/** The time zone of every schedule. @category constants */
export { zone }

/**
 * How often the group meets: weekly, fortnightly, or on explicit dates (`YYYY-MM-DD`).
 *
 * @category models
 */
export type Cadence =
  | { readonly _tag: "weekly" }
  | { readonly _tag: "fortnightly" }
  | { readonly _tag: "dates"; readonly dates: ReadonlyArray<string> }

/** @category constructors */
export const weekly: Cadence = { _tag: "weekly" }
/** @category constructors */
export const fortnightly: Cadence = { _tag: "fortnightly" }
/** @category constructors */
export const dates = (list: ReadonlyArray<string>): Cadence => ({ _tag: "dates", dates: list })

/**
 * One session to place: its length and, if the template fixes it, the weekday it must fall on.
 *
 * @category models
 */
export interface Slot {
  readonly minutes: number
  readonly weekday: Weekday.Weekday | null
  readonly title?: string
  /** Local start time `HH:MM` of this session, where it differs from the request's (e.g. a Saturday day meeting). */
  readonly time?: string
}

/** A date passed over and why. @category models */
export interface Skip {
  readonly date: string
  readonly reason: "public-holiday" | "office-closed" | "weekend" | "closed-by-organiser"
  readonly name: string
}

/** A placed session. @category models */
export interface PlannedSession {
  readonly number: number
  readonly start: DateTime
  readonly end: DateTime
  readonly minutes: number
  readonly title: string | null
  /** Dates passed over to reach this one. */
  readonly skipped: ReadonlyArray<Skip>
  /** Whether it was moved on its own by `reschedule`. */
  readonly rescheduled: boolean
}

/** A schedule: the sessions in order. @category models */
export interface Schedule {
  readonly sessions: ReadonlyArray<PlannedSession>
}

/** What to schedule. @category models */
export interface Request {
  /** The first possible date, `YYYY-MM-DD`. */
  readonly start: string
  /** Local start time, `HH:MM`. */
  readonly time: string
  readonly cadence: Cadence
  readonly slots: ReadonlyArray<Slot>
  /** Further days the organiser is closed (e.g. a staff training day), with a name. */
  readonly closedDays?: ReadonlyArray<{ readonly date: string; readonly name: string }>
}

/** A schedule that cannot be made; `rule` names why. @category errors */
export class ScheduleError extends Data.TaggedError("ScheduleError")<{
  readonly rule: "valid-date" | "valid-time" | "start-on-working-day" | "enough-dates" | "local-time-exists" | "no-such-session" | "open-day" | "session-length-known"
  readonly message: string
}> {}

const pad = (n: number) => String(n).padStart(2, "0")

const parseTime = (time: string): Either.Either<{ hour: number; minute: number }, ScheduleError> => {
  const m = /^(\d{1,2}):(\d{2})$/.exec(time)
  const hour = Number(m?.[1])
  const minute = Number(m?.[2])
  return m === null || hour > 23 || minute > 59
    ? Either.left(new ScheduleError({ rule: "valid-time", message: `"${time}" is not a time HH:MM` }))
    : Either.right({ hour, minute })
}

const parseDate = (date: string): Either.Either<DateTime, ScheduleError> => {
  const d = /^\d{4}-\d{2}-\d{2}$/.test(date) ? DateTime.fromISO(date, { zone }) : DateTime.invalid("format")
  return d.isValid ? Either.right(d.startOf("day")) : Either.left(new ScheduleError({ rule: "valid-date", message: `"${date}" is not a date YYYY-MM-DD` }))
}

const isWeekend = (d: DateTime) => d.weekday >= 6

/**
 * Why a date is closed for a session, if it is: a holiday, an office-closed day, an organiser's own
 * closed day, or a weekend unless `weekendAllowed`.
 *
 * @category queries
 */
export const closedReason = (
  date: string,
  weekendAllowed: boolean,
  own: ReadonlyArray<{ readonly date: string; readonly name: string }> = []
): Skip | undefined => {
  const c = Holidays.closedDay(date)
  if (c !== undefined) return { date, reason: c.kind, name: c.name.en }
  const o = own.find((x) => x.date === date)
  if (o !== undefined) return { date, reason: "closed-by-organiser", name: o.name }
  const d = DateTime.fromISO(date, { zone })
  if (!weekendAllowed && isWeekend(d)) return { date, reason: "weekend", name: d.toFormat("cccc") }
  return undefined
}

/** Whether a date is a working day: not a weekend, holiday or office-closed day. @category guards */
export const isWorkingDay = (date: string): boolean => closedReason(date, false) === undefined

const at = (day: DateTime, t: { hour: number; minute: number }): Either.Either<DateTime, ScheduleError> => {
  const dt = DateTime.fromObject({ year: day.year, month: day.month, day: day.day, hour: t.hour, minute: t.minute }, { zone })
  return dt.isValid && dt.hour === t.hour && dt.minute === t.minute
    ? Either.right(dt)
    : Either.left(new ScheduleError({ rule: "local-time-exists", message: `${day.toISODate()} ${pad(t.hour)}:${pad(t.minute)} does not exist in Helsinki (clocks go forward)` }))
}

/**
 * Places the sessions.
 *
 * @example
 * import { Schedule } from "@vertaistuki/core"
 * import { Either } from "effect"
 * const s = Schedule.plan({ start: "2026-06-05", time: "17:00", cadence: Schedule.weekly, slots: Array(4).fill({ minutes: 150, weekday: null }) })
 * Either.getOrThrow(s).sessions.map((x) => x.start.toISODate()) // ["2026-06-05", "2026-06-12", "2026-06-26", "2026-07-03"]
 *
 * @category constructors
 */
export const plan = (request: Request): Either.Either<Schedule, ScheduleError> =>
  Either.gen(function* () {
    const time = yield* parseTime(request.time)
    const first = yield* parseDate(request.start)
    const own = request.closedDays ?? []
    const sessions: Array<PlannedSession> = []
    if (request.cadence._tag === "dates") {
      const list = [...request.cadence.dates].sort()
      let k = 0
      for (const [i, slot] of request.slots.entries()) {
        const skipped: Array<Skip> = []
        let placed: DateTime | undefined
        while (placed === undefined && k < list.length) {
          const day = yield* parseDate(list[k++]!)
          const weekendAllowed = slot.weekday !== null && Weekday.toIso(slot.weekday) >= 6
          const wrongDay = slot.weekday !== null && day.weekday !== Weekday.toIso(slot.weekday)
          const closed = closedReason(day.toISODate()!, weekendAllowed, own)
          if (closed !== undefined) skipped.push(closed)
          else if (wrongDay) skipped.push({ date: day.toISODate()!, reason: "closed-by-organiser", name: `not a ${slot.weekday}` })
          else placed = day
        }
        if (placed === undefined) return yield* Either.left(new ScheduleError({ rule: "enough-dates", message: `no open date left for session ${i + 1}` }))
        sessions.push(yield* session(i + 1, placed, slot.time === undefined ? time : yield* parseTime(slot.time), slot, skipped))
      }
      return { sessions }
    }
    const step = request.cadence._tag === "weekly" ? 7 : 14
    let cursor = first
    for (const [i, slot] of request.slots.entries()) {
      const wanted = slot.weekday === null ? null : Weekday.toIso(slot.weekday)
      const weekendAllowed = wanted !== null && wanted >= 6
      let day = wanted === null ? cursor : cursor.plus({ days: (wanted - cursor.weekday + 7) % 7 })
      if (wanted === null && isWeekend(day)) {
        return yield* Either.left(
          new ScheduleError({ rule: "start-on-working-day", message: `session ${i + 1} would fall on a ${day.toFormat("cccc")}; start on a working day` })
        )
      }
      const skipped: Array<Skip> = []
      for (let guard = 0; ; guard++) {
        const closed = closedReason(day.toISODate()!, weekendAllowed, own)
        if (closed === undefined) break
        if (guard > 104) return yield* Either.left(new ScheduleError({ rule: "open-day", message: `no open date found for session ${i + 1}` }))
        skipped.push(closed)
        day = day.plus({ days: step })
      }
      sessions.push(yield* session(i + 1, day, slot.time === undefined ? time : yield* parseTime(slot.time), slot, skipped))
      cursor = day.plus({ days: step })
    }
    return { sessions }
  })

const session = (number: number, day: DateTime, time: { hour: number; minute: number }, slot: Slot, skipped: ReadonlyArray<Skip>) =>
  Either.map(at(day, time), (start): PlannedSession => ({
    number,
    start,
    end: start.plus({ minutes: slot.minutes }),
    minutes: slot.minutes,
    title: slot.title ?? null,
    skipped,
    rescheduled: false
  }))

/**
 * The slots of a template's sessions: `count` sessions (default the template's maximum), each with the
 * longest planned length (or `minutes` where the template gives none) and its weekday constraint.
 *
 * @category constructors
 */
export const slotsOf = (
  template: ProgrammeTemplate,
  options?: { readonly count?: number; readonly minutes?: number; readonly language?: Language }
): Either.Either<ReadonlyArray<Slot>, ScheduleError> => {
  const count = sessionCount(template, options?.count)
  const lang = options?.language ?? "en"
  const slots: Array<Slot> = []
  for (let i = 0; i < count; i++) {
    const spec = sessionSpec(template, i + 1)
    const minutes = spec?.plannedMinutes?.max ?? options?.minutes
    if (minutes === undefined) {
      return Either.left(new ScheduleError({ rule: "session-length-known", message: `${template.id} gives no length for session ${i + 1}: give the minutes` }))
    }
    const theme = spec?.theme?.[lang]
    slots.push({ minutes, weekday: spec?.weekday ?? null, ...(theme === undefined ? {} : { title: theme }) })
  }
  return Either.right(slots)
}

/**
 * Moves one session to a new start without moving the others. A closed day is refused unless
 * `allowClosedDay` is set.
 *
 * @category combinators
 */
export const reschedule = (
  schedule: Schedule,
  number: number,
  start: DateTime,
  options?: { readonly allowClosedDay?: boolean }
): Either.Either<Schedule, ScheduleError> => {
  const target = schedule.sessions.find((s) => s.number === number)
  if (target === undefined) return Either.left(new ScheduleError({ rule: "no-such-session", message: `there is no session ${number}` }))
  const local = start.setZone(zone)
  const closed = closedReason(local.toISODate()!, true)
  if (closed !== undefined && options?.allowClosedDay !== true) {
    return Either.left(new ScheduleError({ rule: "open-day", message: `${closed.date} is closed: ${closed.name}` }))
  }
  return Either.right({
    sessions: schedule.sessions.map((s) => (s.number === number ? { ...s, start: local, end: local.plus({ minutes: s.minutes }), rescheduled: true } : s))
  })
}

/** Every date skipped over by the schedule, in order. @category queries */
export const skipped = (schedule: Schedule): ReadonlyArray<Skip> => schedule.sessions.flatMap((s) => s.skipped)

/**
 * A skipped date's name in `lang`: a holiday's own name (`juhannusaatto`, `midsommarafton`, `Midsummer
 * Eve`), the weekday of a weekend day, `not a Monday` for a day of the wrong weekday; a closed day the
 * organiser named keeps its name.
 *
 * @category formatting
 */
export const skipName = (skip: Skip, lang: Language): string => {
  const day = DateTime.fromISO(skip.date, { zone }).setLocale(locale(lang))
  if (skip.reason === "public-holiday" || skip.reason === "office-closed") return Holidays.closedDay(skip.date)?.name[lang] ?? skip.name
  if (skip.reason === "weekend") return day.isValid ? day.weekdayLong! : skip.name
  const wrong = /^not a (monday|tuesday|wednesday|thursday|friday|saturday|sunday)$/.exec(skip.name)?.[1]
  if (wrong === undefined || lang === "en") return skip.name
  const weekday = DateTime.fromObject({ weekday: (Weekday.all.indexOf(wrong as Weekday.Weekday) + 1) as 1 }, { zone }).setLocale(locale(lang)).weekdayLong!
  return messages.format(lang, "skip.not-weekday", { weekday })
}

/**
 * Why a date was skipped, in `lang`: `public holiday`, `arkipyhä`, `helgdag`, …
 *
 * @category formatting
 */
export const skipReason = (skip: Skip, lang: Language): string => messages.format(lang, `skip.${skip.reason}`)
