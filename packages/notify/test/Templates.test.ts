import { ConsentPurpose, Language, Messages } from "@vertaistuki/core"
import { Either } from "effect"
import fc from "fast-check"
import { DateTime } from "luxon"
import { describe, expect, it } from "vitest"
import { Templates } from "@vertaistuki/notify"

const values = {
  start: "2026-03-03T16:00:00.000Z",
  previousStart: "2026-03-02T16:00:00.000Z",
  minutes: 120,
  at: "2026-10-25T07:05:00.000Z",
  purpose: "sms-reminders"
}
const ok = (r: Either.Either<Templates.Rendered, Templates.TemplateError>): Templates.Rendered => {
  if (Either.isLeft(r)) throw new Error(`${r.left.field}: ${r.left.expected}`)
  return r.right
}

describe("Templates", () => {
  it("parity: every template exists in fi, sv and en with the same placeholders in every part", () => {
    expect(Templates.check()).toEqual([])
    for (const id of Templates.ids) {
      const t = Templates.catalogue[id]
      const declared = Object.keys(t.placeholders).sort()
      for (const language of Language.all) {
        const m = t.messages[language]!
        expect(Messages.placeholders(m.text)).toEqual(declared)
        for (const other of Language.all) {
          const o = t.messages[other]!
          expect(Messages.placeholders(m.subject)).toEqual(Messages.placeholders(o.subject))
          expect(Messages.placeholders(m.sms)).toEqual(Messages.placeholders(o.sms))
        }
      }
    }
  })

  it("check finds a missing language and differing placeholders", () => {
    const base = Templates.catalogue["session-cancelled"]
    const broken: Templates.Catalogue = {
      "session-cancelled": { ...base, messages: { fi: base.messages.fi!, en: { ...base.messages.en!, sms: "Cancelled {at, date, day}." } } }
    }
    const problems = Templates.check(broken)
    expect(problems).toContainEqual({ template: "session-cancelled", language: "sv", part: "(all)", expected: "the template in this language" })
    expect(problems.some((p) => p.language === "en" && p.part === "sms")).toBe(true)
  })

  it("dates and times in each language's own way, in Helsinki time across DST", () => {
    const fi = ok(Templates.render("session-reminder", "fi", values, "sms"))
    expect(fi.sms).toContain("tiistaina 3.3. klo 18.00")
    const sv = ok(Templates.render("session-reminder", "sv", values, "sms"))
    expect(sv.sms).toContain("tisdag 3 mars kl. 18.00")
    const en = ok(Templates.render("session-reminder", "en", values, "sms"))
    expect(en.sms).toContain("Tuesday 3 March at 18:00")
    // 07:05 UTC on the autumn change day is 09:05 winter time in Helsinki.
    expect(ok(Templates.render("intake-scheduled", "fi", values)).subject).toBe("Alkuhaastattelu sunnuntaina 25.10. klo 9.05")
    expect(ok(Templates.render("intake-scheduled", "sv", { at: "2026-06-01T06:00:00.000Z" })).subject).toBe("Inledande samtal måndag 1 juni kl. 9.00")
  })

  it("plural forms of the session's length, and no sentence when it is unknown", () => {
    expect(ok(Templates.render("session-reminder", "fi", { ...values, minutes: 1 })).text).toContain("kestää 1 minuutin.")
    expect(ok(Templates.render("session-reminder", "fi", { ...values, minutes: 90 })).text).toContain("kestää 90 minuuttia.")
    expect(ok(Templates.render("session-reminder", "sv", { ...values, minutes: 1 })).text).toContain("pågår i 1 minut.")
    expect(ok(Templates.render("session-reminder", "sv", { ...values, minutes: 150 })).text).toContain("pågår i 150 minuter.")
    expect(ok(Templates.render("session-reminder", "en", { ...values, minutes: 1 })).text).toContain("lasts 1 minute.")
    expect(ok(Templates.render("session-reminder", "en", { ...values, minutes: 0 })).text).not.toContain("lasts")
  })

  it("the consent confirmation names the purpose in each language", () => {
    expect(ok(Templates.render("consent-withdrawn", "fi", values)).text).toContain("tekstiviestimuistutuksiin")
    expect(ok(Templates.render("consent-withdrawn", "sv", { ...values, purpose: "email-reminders" })).text).toContain("påminnelser per e-post")
    expect(ok(Templates.render("consent-withdrawn", "en", { ...values, purpose: "taking-part" })).text).toContain("taking part in the group")
  })

  it("HTML has the lang attribute, escapes, and one paragraph per block of the text", () => {
    for (const language of Language.all) {
      const r = ok(Templates.render("session-moved", language, values, "email"))
      expect(r.html).toContain(`<html lang="${language}">`)
      expect(r.html.match(/<p>/g)?.length).toBe(r.text.split(/\n{2,}/).length)
    }
    expect(Templates.toHtml("a<b", "x & <y>\n\nz", "fi")).toContain("<p>x &amp; &lt;y&gt;</p>\n<p>z</p>")
    expect(Templates.toHtml("a<b", "x", "fi")).toContain("<title>a&lt;b</title>")
  })

  it("unknown template, language or a missing value: a typed error naming the field, never the value", () => {
    const e = (r: Either.Either<Templates.Rendered, Templates.TemplateError>) => (Either.isLeft(r) ? r.left : null)
    expect(e(Templates.render("session-remind", "fi", values))?.field).toBe("template")
    expect(e(Templates.render("__proto__", "fi", values))?.field).toBe("template")
    expect(e(Templates.render("toString", "fi", values))?.field).toBe("template")
    expect(e(Templates.render("session-reminder", "de", values))?.field).toBe("language")
    expect(e(Templates.render("session-reminder", "__proto__", values))?.field).toBe("language")
    const { start: _, ...noStart } = values
    expect(e(Templates.render("session-reminder", "fi", noStart))).toMatchObject({ _tag: "TemplateError", field: "values.start" })
    expect(e(Templates.render("session-reminder", "fi", { ...values, start: "Matti Meikäläinen" }))?.message).not.toContain("Matti")
    expect(e(Templates.render("session-reminder", "fi", { ...values, minutes: -1 }))?.field).toBe("values.minutes")
    expect(e(Templates.render("consent-withdrawn", "fi", { ...values, purpose: "marketing" }))?.field).toBe("values.purpose")
    const hostile = { get start(): string { throw new Error("boom") } }
    expect(e(Templates.render("session-cancelled", "fi", hostile))).toMatchObject({ field: "values" })
    const base = Templates.catalogue["group-starting"]
    const onlyFi: Templates.Catalogue = { "group-starting": { ...base, messages: { fi: base.messages.fi! } } }
    expect(e(Templates.render("group-starting", "sv", values, "email", onlyFi))).toMatchObject({ field: "language" })
    expect(Either.isRight(Templates.render("group-starting", "fi", values, "email", onlyFi))).toBe(true)
  })

  /** The longest values: every day of two years (all weekday and month names, both offsets), every purpose. */
  it("every SMS, in every language and with every date and purpose, is GSM-7 in at most two segments", () => {
    const longest = new Map<string, number>()
    const first = DateTime.fromISO("2026-01-01T21:45:00", { zone: "Europe/Helsinki" })
    for (let d = 0; d < 730; d += 1) {
      const t = first.plus({ days: d }).toUTC().toISO()!
      for (const id of Templates.ids) {
        for (const language of Language.all) {
          for (const purpose of id === "consent-withdrawn" ? ConsentPurpose.all : ["sms-reminders"]) {
            if (d % 7 !== 0 && id === "consent-withdrawn") continue
            const r = ok(Templates.render(id, language, { start: t, previousStart: first.plus({ days: d + 3 }).toUTC().toISO()!, minutes: 150, at: t, purpose }, "sms"))
            expect(r.segments.encoding).toBe("GSM-7")
            expect(r.segments.segments).toBeLessThanOrEqual(2)
            const key = `${id}/${language}`
            longest.set(key, Math.max(longest.get(key) ?? 0, r.segments.units))
          }
        }
      }
    }
    expect(longest.get("session-reminder/fi")).toBeLessThanOrEqual(160)
  })

  it("property: any valid time renders in every template and language without throwing", () => {
    fc.assert(
      fc.property(fc.date({ min: new Date("2000-01-01"), max: new Date("2100-01-01"), noInvalidDate: true }), fc.constantFrom(...Templates.ids), fc.constantFrom(...Language.all), fc.nat(10_000), (d, id, language, minutes) => {
        const t = d.toISOString()
        const r = Templates.render(id, language, { start: t, previousStart: t, at: t, minutes, purpose: "reporting" })
        expect(Either.isRight(r)).toBe(true)
      }),
      { numRuns: 200 }
    )
  })
})
