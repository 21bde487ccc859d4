import { Catalogue, Duration, GroupPlan, Holidays, Language, Messages, PersonFacts, Schedule, Validation } from "@vertaistuki/core"
import { Either } from "effect"
import * as fc from "fast-check"
import { describe, expect, it } from "vitest"

describe("Messages", () => {
  it("parity: every key of the core's catalogue is in fi, sv and en with the same placeholders", () => {
    expect(Messages.problems(Messages.messages.catalogue)).toEqual([])
    for (const lang of Language.all) expect(Object.keys(Messages.messages.catalogue[lang]).sort()).toEqual([...Messages.messages.keys].sort())
  })

  it("problems names a missing key, a text that does not parse and a placeholder that differs", () => {
    const found = Messages.problems({ fi: { a: "{x} ja {y}", b: "{" }, sv: { a: "{x}" }, en: { a: "{x} and {y}", b: "b" } })
    expect(found).toEqual(expect.arrayContaining(["sv: a has {x} where en has {x}, {y}", "sv: b is missing"]))
    expect(found.some((p) => p.startsWith("fi: b does not parse"))).toBe(true)
  })

  it("placeholders finds the arguments inside plural branches too", () => {
    expect(Messages.placeholders("{n, plural, one {# rivi {who}} other {# riviä}} {x}")).toEqual(["n", "who", "x"])
  })

  it("format writes numbers in the language's notation: 1 000 (no-break space) in fi and sv, 1,000 in en", () => {
    const m = Messages.make({ fi: { k: "{n, number} riviä" }, sv: { k: "{n, number} rader" }, en: { k: "{n, number} rows" } })
    expect(m.format("fi", "k", { n: 1000 })).toBe("1\u00a0000 riviä")
    expect(m.format("sv", "k", { n: 1000 })).toBe("1\u00a0000 rader")
    expect(m.format("en", "k", { n: 1000 })).toBe("1,000 rows")
  })

  it("formatNumber: 0,5 in fi and sv, 0.5 in en", () => {
    expect(Messages.formatNumber(0.5, "fi")).toBe("0,5")
    expect(Messages.formatNumber(0.5, "sv")).toBe("0,5")
    expect(Messages.formatNumber(0.5, "en")).toBe("0.5")
    expect(Messages.formatNumber(1234567.25, "fi")).toBe("1\u00a0234\u00a0567,25")
  })

  it("formatNumber round-trips through parseNumber in every language (two decimals)", () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e12, max: 1e12 }), fc.constantFrom(...Language.all), (hundredths, lang) => {
        const n = hundredths / 100
        expect(Messages.parseNumber(Messages.formatNumber(n, lang), lang)).toBe(n)
      })
    )
  })

  it("parseNumber refuses the other notation's thousands where it would misread it", () => {
    expect(Messages.parseNumber("1,000", "fi")).toBe(1)
    expect(Messages.parseNumber("1.000", "fi")).toBeUndefined()
    expect(Messages.parseNumber("1 000", "en")).toBeUndefined()
    expect(Messages.parseNumber("abc", "sv")).toBeUndefined()
  })

  it("fromEnvironment: VERTAISTUKI_LANG first, then LC_ALL, then LANG, else en", () => {
    expect(Messages.fromEnvironment({})).toBe("en")
    expect(Messages.fromEnvironment({ LANG: "fi_FI.UTF-8" })).toBe("fi")
    expect(Messages.fromEnvironment({ LANG: "sv_FI.UTF-8" })).toBe("sv")
    expect(Messages.fromEnvironment({ LANG: "sv_SE" })).toBe("sv")
    expect(Messages.fromEnvironment({ LC_ALL: "sv_FI.UTF-8", LANG: "fi_FI.UTF-8" })).toBe("sv")
    expect(Messages.fromEnvironment({ VERTAISTUKI_LANG: "fi", LC_ALL: "sv_FI.UTF-8" })).toBe("fi")
    expect(Messages.fromEnvironment({ LANG: "de_DE.UTF-8" })).toBe("en")
    expect(Messages.fromEnvironment({ LC_ALL: "C", LANG: "fi_FI.UTF-8" })).toBe("fi")
    expect(Messages.fromEnvironment({ VERTAISTUKI_LANG: "de", LANG: "sv_FI" })).toBe("sv")
  })

  it("fromEnvironment gives a language for any environment", () => {
    fc.assert(
      fc.property(fc.dictionary(fc.constantFrom("VERTAISTUKI_LANG", "LC_ALL", "LANG", "__proto__"), fc.string()), (env) => {
        expect(Language.all).toContain(Messages.fromEnvironment(env))
      })
    )
  })

  it("describe: an unknown programme in each language, in English its own message", () => {
    const e = Catalogue.find("nosuch")
    if (Either.isRight(e)) throw new Error("expected an unknown programme")
    expect(Messages.describe(e.left, "en")).toBe(e.left.message)
    expect(Messages.describe(e.left, "fi")).toContain("Ohjelmaa ”nosuch” ei löydy")
    expect(Messages.describe(e.left, "sv")).toContain("Programmet ”nosuch” finns inte")
  })

  it("describe: a decode error names the field and what was expected, in the language", () => {
    const e = PersonFacts.decode({ dateOfBirth: "yesterday" })
    if (Either.isRight(e)) throw new Error("expected a decode error")
    expect(Messages.describe(e.left, "fi")).toBe("dateOfBirth: arvon pitää olla päivämäärä muodossa VVVV-KK-PP")
    expect(Messages.describe(e.left, "sv")).toBe("dateOfBirth: värdet ska vara ett datum i formen ÅÅÅÅ-MM-DD")
    expect(Messages.describe(e.left, "en")).toBe(e.left.message)
    const choice = PersonFacts.decode({ role: "uncle" })
    if (Either.isRight(choice)) throw new Error("expected a decode error")
    expect(Messages.describe(choice.left, "fi")).toMatch(/^role: arvon pitää olla jokin seuraavista: /)
  })

  it("describe: a schedule error in Finnish and Swedish, its own message in English", () => {
    const e = Schedule.plan({ start: "2026-13-40", time: "18:00", cadence: Schedule.weekly, slots: [{ minutes: 90, weekday: null }] })
    if (Either.isRight(e)) throw new Error("expected a schedule error")
    expect(Messages.describe(e.left, "fi")).toBe("Päivämäärä ei ole muodossa VVVV-KK-PP.")
    expect(Messages.describe(e.left, "sv")).toBe("Datumet har inte formen ÅÅÅÅ-MM-DD.")
    expect(Messages.describe(e.left, "en")).toBe(e.left.message)
  })

  it("describe: every Validation problem of a faulty plan has a text of its own in fi and sv, never the English", () => {
    const valid = Either.getOrThrow(
      GroupPlan.fromTemplate(Catalogue.voikukkia, {
        name: "VOIKUKKIA-ryhmä Tampere kevät 2027",
        organisers: [{ kind: "municipality", name: "Tampere" }],
        leaders: [
          { name: "Anna", role: "professional", trainings: [] },
          { name: "Cecilia", role: "peer-leader", trainings: ["voikukkia-peer-leader"] }
        ],
        expectedParticipants: 6
      })
    )
    const faulty = new GroupPlan.GroupPlan({
      ...valid,
      expectedParticipants: 9,
      minimumWaiver: { reason: "a small start" },
      groupForm: "open",
      sessions: [...valid.sessions.map((x, i) => (i === 0 ? { ...x, minutes: Duration.minutes(181) } : x)), { minutes: Duration.minutes(150) }]
    })
    const problems = Validation.groupPlanProblems(Catalogue.voikukkia, faulty)
    expect(new Set(problems.map((p) => p._tag)).size).toBeGreaterThanOrEqual(5)
    for (const p of problems) {
      for (const lang of ["fi", "sv"] as const) {
        const text = Messages.describe(p, lang)
        expect(text).not.toBe(p.message)
        expect(text).toContain(p.path)
      }
    }
  })

  it("describe: a lifecycle refusal in each language", () => {
    const refusal = { _tag: "CapacityExceeded", rule: "capacity", capacity: 1000, enrolled: 1000, message: "full" }
    expect(Messages.describe(refusal, "fi")).toBe("Ryhmä on täynnä: 1\u00a0000 paikasta 1\u00a0000 on varattu.")
    expect(Messages.describe(refusal, "sv")).toBe("Gruppen är full: 1\u00a0000 av 1\u00a0000 platser är tagna.")
    expect(Messages.describe(refusal, "en")).toBe("full")
    expect(Messages.messages.format("en", "lifecycle.capacity", { capacity: 1000, enrolled: 1000 })).toBe("The group is full: 1,000 of 1,000 places are taken.")
  })

  it("an error describe does not know gives its message; a hostile tag gives no text from the prototype", () => {
    expect(Messages.describe({ _tag: "Other", message: "as it is" } as Messages.Describable, "fi")).toBe("as it is")
    expect(Messages.expected("toString", "fi")).toBe("toString")
    expect(Messages.expected("__proto__", "sv")).toBe("__proto__")
    expect(Messages.describe({ _tag: "__proto__" }, "sv")).toBe("__proto__")
    expect(Messages.describe({ _tag: "toString" }, "fi")).toBe("toString")
  })
})

describe("Holidays in three languages", () => {
  it("keeps the Swedish names of date-holidays: midsommarafton, julafton, självständighetsdagen", () => {
    expect(Holidays.closedDay("2026-06-19")?.name).toEqual({ fi: "juhannusaatto", sv: "midsommarafton", en: "Midsummer Eve" })
    expect(Holidays.closedDay("2026-12-24")?.name.sv).toBe("julafton")
    expect(Holidays.closedDay("2026-12-06")?.name.sv).toBe("självständighetsdagen")
  })

  it("every closed day of 2026–2035 has a name in fi, sv and en", () => {
    for (let y = 2026; y <= 2035; y++) {
      for (const d of Holidays.closedDays(y)) for (const lang of Language.all) expect(d.name[lang].length).toBeGreaterThan(0)
    }
  })

  it("Schedule.skipName gives a skipped closed day its name in each language, and skipReason why", () => {
    for (let y = 2026; y <= 2030; y++) {
      for (const d of Holidays.closedDays(y)) {
        const skip = { date: d.date, reason: d.kind, name: d.name.en }
        for (const lang of Language.all) expect(Schedule.skipName(skip, lang)).toBe(d.name[lang])
      }
    }
    const holiday = { date: "2026-05-14", reason: "public-holiday", name: "Ascension Day" } as const
    expect(Schedule.skipReason(holiday, "fi")).toBe("arkipyhä")
    expect(Schedule.skipReason(holiday, "sv")).toBe("helgdag")
    expect(Schedule.skipReason(holiday, "en")).toBe("public holiday")
    const saturday = { date: "2026-11-07", reason: "weekend", name: "Saturday" } as const
    expect(Schedule.skipName(saturday, "fi")).toBe("lauantai")
    expect(Schedule.skipName(saturday, "sv")).toBe("lördag")
    const wrong = { date: "2026-11-03", reason: "closed-by-organiser", name: "not a monday" } as const
    expect(Schedule.skipName(wrong, "fi")).toBe("ei maanantai")
    expect(Schedule.skipName(wrong, "sv")).toBe("inte måndag")
    expect(Schedule.skipName({ date: "2026-11-04", reason: "closed-by-organiser", name: "staff day" }, "fi")).toBe("staff day")
  })
})
