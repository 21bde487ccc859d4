import { Either } from "effect"
import { DateTime } from "luxon"
import { describe, expect, it } from "vitest"
import { ICalendar, Schedule } from "@vertaistuki/core"

const schedule = Either.getOrThrow(
  Schedule.plan({ start: "2026-03-19", time: "17:00", cadence: Schedule.weekly, slots: Array.from({ length: 3 }, () => ({ minutes: 150, weekday: null })) })
)

describe("ICalendar", () => {
  it("writes each session at 17:00 Helsinki time, before and after the DST change, with the zone's VTIMEZONE", () => {
    const text = Either.getOrThrow(ICalendar.fromSchedule(schedule, { name: "VOIKUKKIA Tampere", uidPrefix: "g1", now: DateTime.fromISO("2026-03-01T09:00:00Z") }))
    expect(text.match(/^DTSTART;TZID=Europe\/Helsinki:\d+T\d+\r$/gm)).toEqual([
      "DTSTART;TZID=Europe/Helsinki:20260319T170000\r",
      "DTSTART;TZID=Europe/Helsinki:20260326T170000\r",
      "DTSTART;TZID=Europe/Helsinki:20260402T170000\r"
    ])
    expect(text).toContain("BEGIN:VTIMEZONE\r\nTZID:Europe/Helsinki")
    expect(text).toContain("RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU")
    expect(text.indexOf("END:VTIMEZONE")).toBeLessThan(text.indexOf("BEGIN:VEVENT"))
    expect(text).toContain("UID:g1-2@vertaistuki")
    expect(text).toContain("DURATION:PT150M")
    expect(text).toContain("DTSTAMP:20260301T090000Z")
  })

  it("does not depend on the process's own time zone", () => {
    const before = process.env.TZ
    process.env.TZ = "America/New_York"
    try {
      const text = Either.getOrThrow(ICalendar.fromSchedule(schedule, { name: "x", uidPrefix: "g1", now: DateTime.fromISO("2026-03-01T09:00:00Z") }))
      expect(text).toContain("DTSTART;TZID=Europe/Helsinki:20260402T170000")
    } finally {
      if (before === undefined) delete process.env.TZ
      else process.env.TZ = before
    }
  })
})
