import { Holidays } from "@vertaistuki/core"
import fc from "fast-check"
import { DateTime } from "luxon"
import { describe, expect, it } from "vitest"
import { QuietHours } from "@vertaistuki/notify"

const zone = "Europe/Helsinki"
const h = (iso: string) => DateTime.fromISO(iso, { zone })
const night = QuietHours.defaultWindow

/** The two DST changes of 2026 in Helsinki: 29 March (03:00 → 04:00) and 25 October (04:00 → 03:00). */
const spring = DateTime.fromISO("2026-03-29T01:00:00Z")
const autumn = DateTime.fromISO("2026-10-25T01:00:00Z")

const hhmm = fc.integer({ min: 0, max: 24 * 60 - 1 }).map((m) => `${String(Math.floor(m / 60)).padStart(2, "0")}:${String(m % 60).padStart(2, "0")}`)
/** Windows with edges anywhere, including inside the skipped and the repeated hour, and crossing midnight. */
const windowArb: fc.Arbitrary<QuietHours.Window> = fc.oneof(
  fc.constant(night),
  fc.record({ start: hhmm, end: hhmm }),
  fc.record({ start: fc.constantFrom("02:30", "03:00", "03:30", "04:00", "22:00"), end: fc.constantFrom("03:15", "03:30", "04:00", "04:30", "07:00") })
)
/** An instant within three days of either DST change (or anywhere in 2026), to the millisecond. */
const instantArb = fc.oneof(
  fc.integer({ min: -3 * 86_400_000, max: 3 * 86_400_000 }).map((d) => spring.plus({ milliseconds: d }).setZone(zone)),
  fc.integer({ min: -3 * 86_400_000, max: 3 * 86_400_000 }).map((d) => autumn.plus({ milliseconds: d }).setZone(zone)),
  fc.integer({ min: 0, max: 364 * 86_400_000 }).map((d) => DateTime.fromISO("2026-01-01T00:00:00Z").plus({ milliseconds: d }).setZone(zone))
)

/** Whether some moment in [from, until) is not quiet (minute steps: every edge of a window or offset is on a minute). */
const someAllowed = (from: DateTime, until: DateTime, w: QuietHours.Window, o: QuietHours.Options): boolean => {
  if (from >= until) return false
  if (!QuietHours.isQuiet(from, w, o)) return true
  for (let t = from.startOf("minute").plus({ minutes: 1 }); t < until; t = t.plus({ minutes: 1 })) if (!QuietHours.isQuiet(t, w, o)) return true
  return false
}

describe("QuietHours.isQuiet", () => {
  it("21:00–08:00 by the Helsinki wall clock, on both sides of midnight and of both DST changes", () => {
    expect(QuietHours.isQuiet(h("2026-03-28T20:59:59"), night)).toBe(false)
    expect(QuietHours.isQuiet(h("2026-03-28T21:00"), night)).toBe(true)
    expect(QuietHours.isQuiet(h("2026-03-29T04:30"), night)).toBe(true)
    expect(QuietHours.isQuiet(h("2026-03-29T07:59:59"), night)).toBe(true)
    expect(QuietHours.isQuiet(h("2026-03-29T08:00"), night)).toBe(false)
    // 08:00 in summer time is 05:00 UTC, in winter time 06:00 UTC.
    expect(QuietHours.isQuiet(DateTime.fromISO("2026-03-29T05:00:00Z"), night)).toBe(false)
    expect(QuietHours.isQuiet(DateTime.fromISO("2026-10-25T05:30:00Z"), night)).toBe(true)
    expect(QuietHours.isQuiet(DateTime.fromISO("2026-10-25T06:00:00Z"), night)).toBe(false)
  })

  it("a window with equal ends is never quiet; a non-crossing window is quiet only inside", () => {
    expect(QuietHours.isQuiet(h("2026-05-05T03:00"), { start: "10:00", end: "10:00" })).toBe(false)
    expect(QuietHours.isQuiet(h("2026-05-05T12:00"), { start: "11:00", end: "13:00" })).toBe(true)
    expect(QuietHours.isQuiet(h("2026-05-05T13:00"), { start: "11:00", end: "13:00" })).toBe(false)
  })

  it("holidays are quiet all day only when skipped (core's Holidays: Midsummer Eve 2026-06-19)", () => {
    expect(Holidays.isClosed("2026-06-19")).toBe(true)
    expect(QuietHours.isQuiet(h("2026-06-19T12:00"), night)).toBe(false)
    expect(QuietHours.isQuiet(h("2026-06-19T12:00"), night, { skipHolidays: true })).toBe(true)
    expect(QuietHours.isQuiet(h("2026-06-18T12:00"), night, { skipHolidays: true })).toBe(false)
  })
})

describe("QuietHours.place", () => {
  it("defers a message in the night to 08:00, in summer and winter time", () => {
    const p = QuietHours.place(h("2026-03-28T23:00"), h("2026-03-29T18:00"), night)
    expect(p._tag === "At" && p.at.toUTC().toISO()).toBe("2026-03-29T05:00:00.000Z")
    expect(p._tag === "At" && p.moved).toBe("deferred")
    const q = QuietHours.place(h("2026-10-24T23:00"), h("2026-10-25T18:00"), night)
    expect(q._tag === "At" && q.at.toUTC().toISO()).toBe("2026-10-25T06:00:00.000Z")
  })

  it("sends earlier when deferring would pass the deadline, and drops with a reason when neither can be", () => {
    // A session at 07:30: two hours before is 05:30, quiet until 08:00, after the start.
    const p = QuietHours.place(h("2026-05-12T05:30"), h("2026-05-12T07:30"), night, { notBefore: h("2026-05-11T12:00") })
    expect(p._tag === "At" && p.at.toISO()).toBe("2026-05-11T20:45:00.000+03:00")
    expect(p._tag === "At" && p.moved).toBe("earlier")
    const q = QuietHours.place(h("2026-05-12T05:30"), h("2026-05-12T07:30"), night, { notBefore: h("2026-05-11T22:00") })
    expect(q).toEqual({ _tag: "Drop", reason: "quiet-until-deadline" })
    expect(QuietHours.place(h("2026-05-12T07:30"), h("2026-05-12T07:30"), night)).toEqual({ _tag: "Drop", reason: "past-deadline" })
  })

  it("a window ending in the skipped hour ends when the clock jumps (03:00 → 04:00 on 29 March)", () => {
    const w = { start: "02:00", end: "03:30" }
    const p = QuietHours.place(DateTime.fromISO("2026-03-29T00:30:00Z"), DateTime.fromISO("2026-03-29T12:00:00Z"), w)
    expect(p._tag === "At" && p.at.toUTC().toISO()).toBe("2026-03-29T01:00:00.000Z")
  })

  it("skipping holidays defers past a run of them (Christmas Eve to St Stephen's Day 2026)", () => {
    const p = QuietHours.place(h("2026-12-24T10:00"), h("2027-01-10T00:00"), night, { skipHolidays: true })
    expect(p._tag === "At" && p.at.toISO()).toBe("2026-12-27T08:00:00.000+02:00")
  })

  it("property: never inside the window, never at or after the deadline, never before notBefore, a drop only when no moment was allowed", () => {
    fc.assert(
      fc.property(
        instantArb,
        fc.integer({ min: 0, max: 36 * 60 }),
        fc.option(fc.integer({ min: 0, max: 24 * 60 }), { nil: undefined }),
        windowArb,
        fc.boolean(),
        (at, deadlineMinutes, leadMinutes, w, skipHolidays) => {
          const deadline = at.startOf("minute").plus({ minutes: deadlineMinutes })
          const notBefore = leadMinutes === undefined ? undefined : at.minus({ minutes: leadMinutes })
          const o = { skipHolidays, notBefore }
          const p = QuietHours.place(at, deadline, w, o)
          if (p._tag === "At") {
            expect(QuietHours.isQuiet(p.at, w, o)).toBe(false)
            expect(p.at.toMillis()).toBeLessThan(deadline.toMillis())
            if (notBefore !== undefined) expect(p.at.toMillis()).toBeGreaterThanOrEqual(notBefore.toMillis())
            if (p.moved === "deferred") {
              // deferred to the first allowed moment after the message's time
              expect(someAllowed(at, p.at, w, o)).toBe(false)
            }
            if (p.moved === "none") expect(p.at.toMillis()).toBe(at.toMillis())
          } else {
            expect(["past-deadline", "quiet-until-deadline"]).toContain(p.reason)
            // nothing was allowed between the message's time and its deadline
            expect(someAllowed(at, deadline, w, o)).toBe(false)
          }
        }
      ),
      { numRuns: 400 }
    )
  })

  it("property: nextAllowed is the first moment out of quiet time, previousAllowed one before it began", () => {
    fc.assert(
      fc.property(instantArb, windowArb, fc.boolean(), (at, w, skipHolidays) => {
        const o = { skipHolidays }
        const next = QuietHours.nextAllowed(at, w, o)
        expect(next).toBeDefined()
        expect(QuietHours.isQuiet(next!, w, o)).toBe(false)
        expect(next!.toMillis()).toBeGreaterThanOrEqual(at.toMillis())
        expect(someAllowed(at, next!, w, o)).toBe(false)
        const prev = QuietHours.previousAllowed(at, w, o)
        expect(prev).toBeDefined()
        expect(QuietHours.isQuiet(prev!, w, o)).toBe(false)
        expect(prev!.toMillis()).toBeLessThanOrEqual(at.toMillis())
      }),
      { numRuns: 300 }
    )
  })
})

describe("the remembered Helsinki offsets", () => {
  it("property: equal luxon's own for every instant, 1970–2100, around both changes too", async () => {
    const { helsinki } = await import("../src/internal/zone.js")
    const { IANAZone } = await import("luxon")
    const plain = IANAZone.create("Europe/Helsinki")
    fc.assert(
      fc.property(
        fc.oneof(fc.integer({ min: 0, max: 4_102_444_800_000 }), fc.integer({ min: -7_200_000, max: 7_200_000 }).map((d) => spring.toMillis() + d), fc.integer({ min: -7_200_000, max: 7_200_000 }).map((d) => autumn.toMillis() + d)),
        (ms) => {
          expect(helsinki.offset(ms)).toBe(plain.offset(ms))
        }
      ),
      { numRuns: 2000 }
    )
  })
})
