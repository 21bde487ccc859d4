import { Catalogue } from "@vertaistuki/core"
import { Either, Schema } from "effect"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { ReminderPolicy } from "@vertaistuki/notify"

describe("ReminderPolicy", () => {
  it("defaults: the day before at 18:00 and 2 hours before, email and SMS, quiet 21:00–08:00", () => {
    expect(ReminderPolicy.defaults.reminders).toEqual([
      { _tag: "day-before", at: "18:00" },
      { _tag: "hours-before", hours: 2 }
    ])
    expect(ReminderPolicy.defaults.channels).toEqual(["email", "sms"])
    expect(ReminderPolicy.defaults.quietHours).toEqual({ email: { start: "21:00", end: "08:00" }, sms: { start: "21:00", end: "08:00" } })
  })

  it("every programme of the catalogue has a policy with its id; others get the defaults", () => {
    for (const id of Catalogue.ids) {
      const p = ReminderPolicy.forProgramme(id)
      expect(p.programmeId).toBe(id)
      expect(Either.isRight(ReminderPolicy.decode(Schema.encodeSync(ReminderPolicy.Policy)(p)))).toBe(true)
    }
    expect(ReminderPolicy.forProgramme("online-parents-of-placed-youth").reminders).toContainEqual({ _tag: "hours-before", hours: 1 })
    expect(ReminderPolicy.forProgramme("usm-children")).toMatchObject({ skipHolidays: true, quietHours: { sms: { start: "20:00", end: "08:00" } } })
    expect(ReminderPolicy.forProgramme("local-club")).toEqual({ ...ReminderPolicy.defaults, programmeId: "local-club" })
    expect(ReminderPolicy.forProgramme("__proto__").reminders).toEqual(ReminderPolicy.defaults.reminders)
  })

  it("decode and override: a typed error naming the field, never the value", () => {
    const bad = (input: unknown) => {
      const r = ReminderPolicy.decode(input)
      return Either.isLeft(r) ? r.left.field : null
    }
    const base = Schema.encodeSync(ReminderPolicy.Policy)(ReminderPolicy.defaults)
    expect(bad({ ...base, quietHours: { ...base.quietHours, sms: { start: "25:00", end: "08:00" } } })).toBe("quietHours.sms.start")
    expect(bad({ ...base, reminders: [{ _tag: "hours-before", hours: 0 }] })).toBe("reminders[0].hours")
    expect(bad({ ...base, channels: ["pigeon"] })).toBe("channels[0]")
    expect(bad({ ...base, channels: [] })).toBe("channels")
    expect(bad(JSON.parse(`{"__proto__": {"skipHolidays": true}}`))).not.toBeNull()
    expect(bad(null)).toBe("(root)")
    const o = ReminderPolicy.override(ReminderPolicy.defaults, { skipHolidays: true, reminders: [{ _tag: "day-before", at: "17:30" }] })
    expect(Either.isRight(o) && o.right).toEqual({ ...ReminderPolicy.defaults, skipHolidays: true, reminders: [{ _tag: "day-before", at: "17:30" }] })
    const o2 = ReminderPolicy.override(ReminderPolicy.defaults, { noticeHours: "72 hours" })
    expect(Either.isLeft(o2) && o2.left.field).toBe("noticeHours")
    expect(Either.isLeft(o2) && o2.left.message).not.toContain("72 hours")
  })

  it("property: any decodable policy encodes back to the same JSON; arbitrary JSON never throws", () => {
    fc.assert(
      fc.property(fc.jsonValue(), (j) => {
        const r = ReminderPolicy.decode(j)
        if (Either.isRight(r)) expect(ReminderPolicy.decode(Schema.encodeSync(ReminderPolicy.Policy)(r.right))).toEqual(r)
        else expect(r.left._tag).toBe("InvalidPolicy")
      })
    )
    const hhmm = fc.tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 })).map(([a, b]) => `${String(a).padStart(2, "0")}:${String(b).padStart(2, "0")}`)
    fc.assert(
      fc.property(hhmm, hhmm, fc.integer({ min: 1, max: 72 }), fc.boolean(), (s, e, hours, skip) => {
        const input = { ...Schema.encodeSync(ReminderPolicy.Policy)(ReminderPolicy.defaults), reminders: [{ _tag: "hours-before", hours }], quietHours: { email: { start: s, end: e }, sms: { start: e, end: s } }, skipHolidays: skip }
        const r = ReminderPolicy.decode(input)
        expect(Either.isRight(r) && Schema.encodeSync(ReminderPolicy.Policy)(r.right)).toEqual(input)
      })
    )
  })

  it("keyOf names each reminder", () => {
    expect(ReminderPolicy.keyOf({ _tag: "day-before", at: "18:00" })).toBe("day-before@18:00")
    expect(ReminderPolicy.keyOf({ _tag: "hours-before", hours: 2 })).toBe("hours-before:2")
  })
})
