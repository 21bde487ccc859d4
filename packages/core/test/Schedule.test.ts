import { Either } from "effect"
import * as fc from "fast-check"
import { DateTime } from "luxon"
import { describe, expect, it } from "vitest"
import { Catalogue, Holidays, Schedule } from "@vertaistuki/core"

const zone = "Europe/Helsinki"
const slot = (minutes = 150): Schedule.Slot => ({ minutes, weekday: null })

const workingStart = fc
  .integer({ min: 0, max: 5 * 365 - 120 })
  .map((d) => DateTime.fromISO("2026-01-01", { zone }).plus({ days: d }))
  .filter((d) => d.weekday <= 5)
  .map((d) => d.toISODate()!)
const time = fc.tuple(fc.integer({ min: 7, max: 21 }), fc.integer({ min: 0, max: 59 })).map(([h, m]) => `${String(h).padStart(2, "0")}:${String(m).padStart(2, "0")}`)

describe("Schedule", () => {
  it("every session falls on a working day at the planned local time, across the DST changes of 2026–2030", () => {
    fc.assert(
      fc.property(workingStart, time, fc.constantFrom(Schedule.weekly, Schedule.fortnightly), fc.integer({ min: 1, max: 12 }), (start, t, cadence, n) => {
        const s = Either.getOrThrow(Schedule.plan({ start, time: t, cadence, slots: Array.from({ length: n }, () => slot()) }))
        expect(s.sessions).toHaveLength(n)
        const [h, m] = t.split(":").map(Number)
        let previous: DateTime | undefined
        for (const x of s.sessions) {
          expect(x.start.zoneName).toBe(zone)
          expect([x.start.hour, x.start.minute]).toEqual([h, m])
          expect(Schedule.isWorkingDay(x.start.toISODate()!)).toBe(true)
          expect(x.start.weekday).toBe(DateTime.fromISO(start, { zone }).weekday)
          if (previous !== undefined) expect(x.start > previous).toBe(true)
          previous = x.start
          for (const k of x.skipped) expect(Schedule.isWorkingDay(k.date)).toBe(false)
        }
      }),
      { numRuns: 500 }
    )
  })

  it("a session the template puts on Saturday falls on a Saturday that is not a holiday (seed 000)", () => {
    const slots = Either.getOrThrow(Schedule.slotsOf(Catalogue.onlineParentsOfPlacedYouth))
    fc.assert(
      fc.property(workingStart, (start) => {
        const s = Either.getOrThrow(Schedule.plan({ start, time: "10:00", cadence: Schedule.weekly, slots }))
        const live = s.sessions[5]!
        expect(live.start.weekday).toBe(6)
        expect(Holidays.isClosed(live.start.toISODate()!)).toBe(false)
        for (const x of s.sessions.slice(0, 5)) expect(Schedule.isWorkingDay(x.start.toISODate()!)).toBe(true)
      }),
      { numRuns: 300 }
    )
  })

  it("a slot may have its own start time, e.g. a Saturday day meeting after weekday evenings", () => {
    const s = Either.getOrThrow(
      Schedule.plan({ start: "2026-09-22", time: "18:00", cadence: Schedule.weekly, slots: [slot(120), { minutes: 360, weekday: "saturday", time: "10:00" }] })
    )
    expect(s.sessions.map((x) => x.start.toISO())).toEqual(["2026-09-22T18:00:00.000+03:00", "2026-10-03T10:00:00.000+03:00"])
  })

  it("All Saints' Day 2026 (Saturday 31 October) moves the Saturday meeting on a week", () => {
    const slots: ReadonlyArray<Schedule.Slot> = [{ minutes: 360, weekday: "saturday" }]
    const s = Either.getOrThrow(Schedule.plan({ start: "2026-10-27", time: "10:00", cadence: Schedule.weekly, slots }))
    expect(s.sessions[0]!.start.toISODate()).toBe("2026-11-07")
    expect(s.sessions[0]!.skipped).toEqual([{ date: "2026-10-31", reason: "public-holiday", name: "All Saints' Day" }])
  })

  it("a Friday group skips Midsummer Eve 2026 (19 June) and says why", () => {
    const s = Either.getOrThrow(Schedule.plan({ start: "2026-06-05", time: "17:00", cadence: Schedule.weekly, slots: [slot(), slot(), slot(), slot()] }))
    expect(s.sessions.map((x) => x.start.toISODate())).toEqual(["2026-06-05", "2026-06-12", "2026-06-26", "2026-07-03"])
    expect(Schedule.skipped(s)).toEqual([{ date: "2026-06-19", reason: "office-closed", name: "Midsummer Eve" }])
  })

  it("keeps 17:00 local across the change to summer time (UTC offset +2 → +3)", () => {
    const s = Either.getOrThrow(Schedule.plan({ start: "2026-03-19", time: "17:00", cadence: Schedule.weekly, slots: [slot(), slot()] }))
    expect(s.sessions.map((x) => x.start.toISO())).toEqual(["2026-03-19T17:00:00.000+02:00", "2026-03-26T17:00:00.000+02:00"])
    const t = Either.getOrThrow(Schedule.plan({ start: "2026-03-26", time: "17:00", cadence: Schedule.weekly, slots: [slot(), slot()] }))
    expect(t.sessions.map((x) => x.start.toUTC().toISO())).toEqual(["2026-03-26T15:00:00.000Z", "2026-04-02T14:00:00.000Z"])
  })

  it("explicit dates skip closed days and reject a weekend start without a weekend slot", () => {
    const s = Either.getOrThrow(Schedule.plan({ start: "2026-12-01", time: "17:00", cadence: Schedule.dates(["2026-12-24", "2026-12-22", "2026-12-29"]), slots: [slot(), slot()] }))
    expect(s.sessions.map((x) => x.start.toISODate())).toEqual(["2026-12-22", "2026-12-29"])
    expect(s.sessions[1]!.skipped[0]).toMatchObject({ date: "2026-12-24", name: "Christmas Eve" })
    const r = Schedule.plan({ start: "2026-12-05", time: "17:00", cadence: Schedule.weekly, slots: [slot()] })
    expect(Either.isLeft(r) && r.left.rule).toBe("start-on-working-day")
  })

  it("rescheduling one session does not move the others", () => {
    const s = Either.getOrThrow(Schedule.plan({ start: "2026-09-01", time: "17:00", cadence: Schedule.weekly, slots: [slot(), slot(), slot()] }))
    const moved = Either.getOrThrow(Schedule.reschedule(s, 2, DateTime.fromISO("2026-09-10T12:00", { zone })))
    expect(moved.sessions.map((x) => x.start.toISO())).toEqual([s.sessions[0]!.start.toISO(), "2026-09-10T12:00:00.000+03:00", s.sessions[2]!.start.toISO()])
    expect(Either.isLeft(Schedule.reschedule(s, 2, DateTime.fromISO("2026-12-24T12:00", { zone })))).toBe(true)
  })

  it("VOIKUKKIA: ten sessions of up to 2.5 h with the themes of seed 001", () => {
    const slots = Either.getOrThrow(Schedule.slotsOf(Catalogue.voikukkia))
    expect(slots).toHaveLength(10)
    expect(slots.every((x) => x.minutes === 150)).toBe(true)
  })
})
