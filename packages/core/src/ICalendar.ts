/**
 * A schedule as an iCalendar file (RFC 5545), written with the maintained `ics` package. Start times
 * are the Helsinki wall-clock times with `TZID=Europe/Helsinki`, and the file carries the zone's
 * `VTIMEZONE` (EET/EEST with the EU change rules), so calendars show 17:00 as 17:00 in Helsinki on both
 * sides of a daylight-saving change.
 *
 * @since 0.1.0
 */
import { Data, Either } from "effect"
import * as ics from "ics"
import type { DateTime } from "luxon"
import type { Schedule } from "./Schedule.js"
import { zone as tzid } from "./internal/zone.js"

/** The `ics` package refused the events. @category errors */
export class ICalendarError extends Data.TaggedError("ICalendarError")<{ readonly message: string }> {}

/** Options of the calendar. @category models */
export interface Options {
  /** The calendar's name, e.g. the group's name. */
  readonly name: string
  /** A stable prefix for event UIDs, e.g. the group id, so re-exports update rather than duplicate. */
  readonly uidPrefix: string
  /** The moment of export (DTSTAMP); the core does not read the clock. */
  readonly now: DateTime
  readonly location?: string
}

/** The time zone of every exported event. @category constants */
export { tzid }

/** Europe/Helsinki as an RFC 5545 VTIMEZONE: EET (+02:00) and EEST (+03:00), changing on the last Sundays of March and October. */
const vtimezone = [
  "BEGIN:VTIMEZONE",
  `TZID:${tzid}`,
  "X-LIC-LOCATION:Europe/Helsinki",
  "BEGIN:DAYLIGHT",
  "TZOFFSETFROM:+0200",
  "TZOFFSETTO:+0300",
  "TZNAME:EEST",
  "DTSTART:19700329T030000",
  "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU",
  "END:DAYLIGHT",
  "BEGIN:STANDARD",
  "TZOFFSETFROM:+0300",
  "TZOFFSETTO:+0200",
  "TZNAME:EET",
  "DTSTART:19701025T040000",
  "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU",
  "END:STANDARD",
  "END:VTIMEZONE"
].join("\r\n")

/**
 * Writes the sessions as VEVENTs in Helsinki time.
 *
 * @category formatting
 */
export const fromSchedule = (schedule: Schedule, options: Options): Either.Either<string, ICalendarError> => {
  const events: Array<ics.EventAttributes> = schedule.sessions.map((s) => ({
    uid: `${options.uidPrefix}-${s.number}@vertaistuki`,
    title: `${options.name}: ${s.number}${s.title === null ? "" : ` – ${s.title}`}`,
    start: s.start.setZone(tzid).toFormat("yyyyMMdd'T'HHmmss"),
    duration: { minutes: s.minutes },
    timestamp: options.now.toMillis(),
    ...(options.location === undefined ? {} : { location: options.location })
  }))
  const out = ics.createEvents(events, { productId: "vertaistuki", calName: options.name })
  if (out.error !== null || out.value === null) return Either.left(new ICalendarError({ message: String(out.error?.message ?? "no output") }))
  const text = out.value
    .replace(/^DTSTART:(\d{8}T\d{6})\r$/gm, `DTSTART;TZID=${tzid}:$1\r`)
    .replace("VERSION:2.0\r\n", `VERSION:2.0\r\nX-WR-TIMEZONE:${tzid}\r\n`)
    .replace("BEGIN:VEVENT\r\n", `${vtimezone}\r\nBEGIN:VEVENT\r\n`)
  return Either.right(text)
}
