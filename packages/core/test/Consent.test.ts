import { Consent, ConsentPurpose } from "@vertaistuki/core"
import { Either } from "effect"
import fc from "fast-check"
import { DateTime } from "luxon"
import { describe, expect, it } from "vitest"

const at = (iso: string) => DateTime.fromISO(iso, { zone: "Europe/Helsinki" })
const rec = (r: Partial<Consent.ConsentRecordEncoded> & Pick<Consent.ConsentRecordEncoded, "at" | "action">): Consent.ConsentRecord =>
  Either.getOrThrow(
    Consent.record({ person: "p1", purpose: "messaging-group", givenBy: "person", textVersion: "v1", channel: "in-person", ...r })
  )
const tag = (e: Either.Either<Consent.Allowed, Consent.Refusal>) => (Either.isRight(e) ? "Allowed" : e.left._tag)

const adult: Consent.Subject = { id: "p1", dateOfBirth: "1980-05-01" }
const youngChild: Consent.Subject = { id: "p1", dateOfBirth: "2016-05-01", understandsOwnData: false }
const teenager: Consent.Subject = { id: "p1", dateOfBirth: "2011-05-01", understandsOwnData: true }

describe("Consent.mayWe", () => {
  it("no record: refused with NoConsent", () => {
    expect(tag(Consent.mayWe([], adult, "taking-part", at("2026-01-01T10:00")))).toBe("NoConsent")
  })

  it("a grant allows from its moment, with the grant as the basis", () => {
    const g = rec({ action: "grant", at: "2026-03-01T10:00:00+02:00" })
    expect(tag(Consent.mayWe([g], adult, "messaging-group", at("2026-03-01T09:59")))).toBe("NoConsent")
    const yes = Consent.mayWe([g], adult, "messaging-group", at("2026-03-01T10:00"))
    expect(Either.isRight(yes) && yes.right.basis).toBe(g)
    expect(tag(Consent.mayWe([g], adult, "sms-reminders", at("2026-03-02T10:00")))).toBe("NoConsent")
    expect(tag(Consent.mayWe([g], { id: "p2" }, "messaging-group", at("2026-03-02T10:00")))).toBe("NoConsent")
  })

  it("a withdrawal refuses from its moment and leaves the time before it unchanged", () => {
    const rs = [rec({ action: "grant", at: "2026-03-01T10:00:00+02:00" }), rec({ action: "withdraw", at: "2026-04-01T12:00:00+03:00" })]
    expect(tag(Consent.mayWe(rs, adult, "messaging-group", at("2026-04-01T11:59")))).toBe("Allowed")
    const after = Consent.mayWe(rs, adult, "messaging-group", at("2026-04-01T12:00"))
    expect(Either.isLeft(after) && after.left._tag === "Withdrawn" && after.left.since.toISO()).toBe("2026-04-01T12:00:00.000+03:00")
  })

  it("an expired grant is refused with Expired", () => {
    const rs = [rec({ action: "grant", at: "2026-03-01T10:00:00+02:00", expiresAt: "2026-09-01T00:00:00+03:00" })]
    expect(tag(Consent.mayWe(rs, adult, "messaging-group", at("2026-08-31T23:59")))).toBe("Allowed")
    expect(tag(Consent.mayWe(rs, adult, "messaging-group", at("2026-09-01T00:00")))).toBe("Expired")
  })

  it("for an adult a guardian's consent does not count", () => {
    const rs = [rec({ action: "grant", givenBy: "guardian", at: "2026-03-01T10:00:00+02:00" })]
    expect(tag(Consent.mayWe(rs, adult, "messaging-group", at("2026-03-02T10:00")))).toBe("NoConsent")
  })

  it("a young child: the guardian consents; the child's own prohibition wins over it", () => {
    const guardian = rec({ action: "grant", givenBy: "guardian", at: "2026-03-01T10:00:00+02:00" })
    expect(tag(Consent.mayWe([guardian], youngChild, "messaging-group", at("2026-03-02T10:00")))).toBe("Allowed")
    const forbids = rec({ action: "refuse", givenBy: "minor-own-view", at: "2026-03-03T10:00:00+02:00" })
    const later = rec({ action: "grant", givenBy: "guardian", at: "2026-03-04T10:00:00+02:00" })
    expect(tag(Consent.mayWe([guardian, forbids, later], youngChild, "messaging-group", at("2026-03-05T10:00")))).toBe("MinorForbids")
    expect(tag(Consent.mayWe([guardian, forbids, later], youngChild, "messaging-group", at("2026-03-02T10:00")))).toBe("Allowed")
  })

  it("a minor who understands decides for themselves: the guardian alone cannot consent", () => {
    const guardian = rec({ action: "grant", givenBy: "guardian", at: "2026-03-01T10:00:00+02:00" })
    expect(tag(Consent.mayWe([guardian], teenager, "share-participation-with-social-worker", at("2026-03-02T10:00")))).toBe("NoConsent")
    const own = rec({ action: "grant", givenBy: "minor-own-view", purpose: "share-participation-with-social-worker", at: "2026-03-02T10:00:00+02:00" })
    const g2 = { ...guardian, purpose: "share-participation-with-social-worker" as const }
    expect(tag(Consent.mayWe([g2, own], teenager, "share-participation-with-social-worker", at("2026-03-03T10:00")))).toBe("Allowed")
  })

  it("minority ends on the 18th birthday: then only the person's own records count", () => {
    const guardian = rec({ action: "grant", givenBy: "guardian", at: "2026-03-01T10:00:00+02:00" })
    const child: Consent.Subject = { id: "p1", dateOfBirth: "2008-03-05" }
    expect(tag(Consent.mayWe([guardian], child, "messaging-group", at("2026-03-04T10:00")))).toBe("Allowed")
    expect(tag(Consent.mayWe([guardian], child, "messaging-group", at("2026-03-05T10:00")))).toBe("NoConsent")
  })

  it("a scoped grant answers only its scope; an unscoped one answers every group but not an export", () => {
    const scoped = rec({ action: "grant", scope: "group:7", at: "2026-03-01T10:00:00+02:00" })
    const t = at("2026-03-02T10:00")
    expect(tag(Consent.mayWe([scoped], adult, "messaging-group", t, { scope: "group:7" }))).toBe("Allowed")
    expect(tag(Consent.mayWe([scoped], adult, "messaging-group", t, { scope: "group:8" }))).toBe("NoConsent")
    expect(tag(Consent.mayWe([scoped], adult, "messaging-group", t))).toBe("NoConsent")
    const unscoped = rec({ action: "grant", at: "2026-03-01T10:00:00+02:00" })
    expect(tag(Consent.mayWe([unscoped], adult, "messaging-group", t, { scope: "group:8" }))).toBe("Allowed")
    expect(tag(Consent.mayWe([unscoped], adult, "messaging-group", t, { scope: "export:annual-report" }))).toBe("NoConsent")
  })

  it("explains every refusal in Finnish, Swedish and English", () => {
    const rs = [rec({ action: "grant", at: "2026-03-01T10:00:00+02:00" }), rec({ action: "withdraw", at: "2026-04-01T12:00:00+03:00" })]
    const r = Consent.mayWe(rs, adult, "messaging-group", at("2026-05-01T10:00"))
    if (Either.isRight(r)) throw new Error("expected a refusal")
    expect(Consent.explainRefusal(r.left, "fi")).toBe("Suostumus on peruttu 1.4.2026.")
    expect(Consent.explainRefusal(r.left, "sv")).toBe("Samtycket återkallades 1.4.2026.")
    expect(Consent.explainRefusal(r.left, "en")).toBe("The consent was withdrawn on 1.4.2026.")
  })
})

describe("Consent records", () => {
  it("append refuses a record dated before the person's last one: history is never rewritten", () => {
    const g = rec({ action: "grant", at: "2026-03-01T10:00:00+02:00" })
    const back = rec({ action: "withdraw", at: "2026-02-01T10:00:00+02:00" })
    const r = Consent.append([g], back)
    expect(Either.isLeft(r) && r.left.field).toBe("at")
    expect(Either.getOrThrow(Consent.append([g], rec({ action: "withdraw", at: "2026-03-01T10:00:00+02:00" })))).toHaveLength(2)
  })

  it("decode names the path of a bad field", () => {
    const r = Consent.decode([{ person: "p1", purpose: "messaging-group", action: "grant", givenBy: "person", textVersion: "v1", channel: "fax", at: "2026-03-01T10:00:00+02:00" }])
    expect(Either.isLeft(r) && r.left.path).toBe("0.channel")
    const t = Consent.decode([{ person: "p1", purpose: "messaging-group", action: "grant", givenBy: "person", textVersion: "v1", channel: "sms", at: "2026-03-01 10:00" }])
    expect(Either.isLeft(t) && t.left.path).toBe("0.at")
  })

  it("decode never throws on arbitrary JSON", () => {
    fc.assert(
      fc.property(fc.jsonValue(), (json) => {
        const r = Consent.decode(json)
        expect(Either.isLeft(r) || Array.isArray(r.right)).toBe(true)
      })
    )
  })
})

const base = Date.UTC(2026, 0, 1)
const HOUR = 3_600_000
const action = fc.constantFrom<Consent.Action>("grant", "withdraw", "refuse")
const givenBy = fc.constantFrom<Consent.GivenBy>("person", "guardian", "minor-own-view")
const history = fc.array(fc.record({ dt: fc.nat(200), action, givenBy, expires: fc.option(fc.nat(400), { nil: undefined }) }), { maxLength: 12 })
const subject = fc.record({
  id: fc.constant("p1"),
  dateOfBirth: fc.constantFrom("1980-01-01", "2012-06-15", "2020-02-02", undefined),
  understandsOwnData: fc.boolean()
})

describe("Consent laws", () => {
  it("after a withdrawal at T every query after T is refused and every query before T is unchanged", () => {
    fc.assert(
      fc.property(history, subject, fc.constantFrom(...ConsentPurpose.all), fc.nat(100), fc.array(fc.integer({ min: -300, max: 300 }), { minLength: 1, maxLength: 10 }), (steps, who, purpose, gap, probes) => {
        let t = base
        let records: ReadonlyArray<Consent.ConsentRecord> = []
        for (const s of steps) {
          t += s.dt * HOUR
          const r = rec({
            purpose,
            action: s.action,
            givenBy: s.givenBy,
            at: DateTime.fromMillis(t).toISO()!,
            ...(s.expires === undefined ? {} : { expiresAt: DateTime.fromMillis(t + s.expires * HOUR).toISO()! })
          })
          records = Either.getOrThrow(Consent.append(records, r))
        }
        const T = t + gap * HOUR
        // The withdrawal is made by whoever decides for this person at T.
        const decider: Consent.GivenBy = !Consent.isMinorAt(who, DateTime.fromMillis(T))
          ? "person"
          : who.understandsOwnData
            ? "minor-own-view"
            : "guardian"
        const withdrawal = rec({ purpose, action: "withdraw", givenBy: decider, at: DateTime.fromMillis(T).toISO()! })
        const after = Either.getOrThrow(Consent.append(records, withdrawal))
        for (const p of probes) {
          const q = DateTime.fromMillis(T + p * HOUR)
          const ask = (rs: ReadonlyArray<Consent.ConsentRecord>) => Consent.mayWe(rs, who, purpose, q)
          if (p >= 0) expect(Either.isLeft(ask(after))).toBe(true)
          else expect(ask(after)).toEqual(ask(records))
        }
      }),
      { numRuns: 300 }
    )
  })

  it("a guardian's consent never overrides a minor's standing prohibition", () => {
    fc.assert(
      fc.property(history, fc.constantFrom("2012-06-15", "2020-02-02"), fc.boolean(), (steps, dateOfBirth, understandsOwnData) => {
        let t = base
        let records: ReadonlyArray<Consent.ConsentRecord> = [rec({ action: "refuse", givenBy: "minor-own-view", at: DateTime.fromMillis(t).toISO()! })]
        for (const s of steps) {
          t += s.dt * HOUR
          records = [...records, rec({ action: s.action, givenBy: s.givenBy === "minor-own-view" ? "guardian" : s.givenBy, at: DateTime.fromMillis(t).toISO()! })]
        }
        const r = Consent.mayWe(records, { id: "p1", dateOfBirth, understandsOwnData }, "messaging-group", DateTime.fromMillis(t))
        expect(Either.isLeft(r) && r.left._tag).toBe("MinorForbids")
      })
    )
  })
})

// ---------------------------------------------------------------------------------------------
// The scope rule as laws
// ---------------------------------------------------------------------------------------------

const scopes = [undefined, "group:g-1", "group:g-2", "social-worker", "guardian", "export:annual-report", "other-service:school"] as const
const question = fc.record({ scope: fc.constantFrom(...scopes), group: fc.constantFrom(undefined, "g-1", "g-2") })
const anySubject = fc.record({
  id: fc.constant("p1"),
  dateOfBirth: fc.constantFrom("1980-01-01", "2008-01-20", "2012-06-15", "2020-02-02", undefined),
  understandsOwnData: fc.boolean()
})
const scopedHistory = fc.array(
  fc.record({ dt: fc.nat(100), action, givenBy, scope: fc.constantFrom(...scopes), expires: fc.option(fc.nat(400), { nil: undefined }) }),
  { maxLength: 12 }
)
const build = (steps: ReadonlyArray<{ dt: number; action: Consent.Action; givenBy: Consent.GivenBy; scope: string | undefined; expires: number | undefined }>) => {
  let t = base
  const records = steps.map((s) => {
    t += s.dt * HOUR
    return rec({
      action: s.action,
      givenBy: s.givenBy,
      at: DateTime.fromMillis(t).toISO()!,
      ...(s.scope === undefined ? {} : { scope: s.scope }),
      ...(s.expires === undefined ? {} : { expiresAt: DateTime.fromMillis(t + s.expires * HOUR).toISO()! })
    })
  })
  return { records, end: t }
}
/** Whose refusal counts for the subject at that moment (the table of `Consent.mayWe`). */
const refuses = (who: Consent.Subject, q: DateTime): ReadonlyArray<Consent.GivenBy> =>
  who.dateOfBirth === undefined ? ["person", "minor-own-view", "guardian"] : !Consent.isMinorAt(who, q) ? ["person"] : who.understandsOwnData ? ["person", "minor-own-view"] : ["person", "minor-own-view", "guardian"]

describe("Consent scope laws", () => {
  it("a refusal or withdrawal whose scope covers the question, by anyone whose refusal counts, wins over every earlier grant of anyone", () => {
    fc.assert(
      fc.property(scopedHistory, anySubject, question, fc.constantFrom<Consent.Action>("withdraw", "refuse"), fc.nat(3), fc.nat(300), (steps, who, q, no, pick, later) => {
        const { records, end } = build(steps)
        const T = DateTime.fromMillis(end + HOUR)
        const by = refuses(who, T)[pick % refuses(who, T).length]!
        // Unscoped, of exactly the question's scope, or (for a recipient) of the group concerned.
        const recipient = q.scope !== undefined && !q.scope.startsWith("group:")
        const covering = [undefined, q.scope, recipient && q.group !== undefined ? `group:${q.group}` : undefined][pick % 3]
        const refusal = rec({ action: no, givenBy: by, at: T.toISO()!, ...(covering === undefined ? {} : { scope: covering }) })
        expect(Consent.refusalCovers(refusal.scope, q)).toBe(true)
        expect(Either.isLeft(Consent.mayWe([...records, refusal], who, "messaging-group", T.plus({ hours: later }), q))).toBe(true)
      }),
      { numRuns: 500 }
    )
  })

  it("adding a refusal or withdrawal anywhere, of any scope, by anyone, never turns a no into a yes", () => {
    fc.assert(
      fc.property(scopedHistory, anySubject, question, fc.nat(12), fc.constantFrom<Consent.Action>("withdraw", "refuse"), givenBy, fc.constantFrom(...scopes), fc.integer({ min: -50, max: 1300 }), (steps, who, q, index, no, by, scope, hour) => {
        const { records } = build(steps)
        const i = index % (records.length + 1)
        const when = i < records.length ? records[i]!.at : DateTime.fromMillis(base + 1300 * HOUR)
        const refusal = rec({ action: no, givenBy: by, at: when.toISO()!, ...(scope === undefined ? {} : { scope }) })
        const q2 = DateTime.fromMillis(base + hour * HOUR)
        const before = Consent.mayWe(records, who, "messaging-group", q2, q)
        const after = Consent.mayWe([...records.slice(0, i), refusal, ...records.slice(i)], who, "messaging-group", q2, q)
        if (Either.isLeft(before)) expect(Either.isLeft(after)).toBe(true)
      }),
      { numRuns: 500 }
    )
  })

  it("a grant answers only the scope it names: a grant that does not answer the question never changes the answer", () => {
    fc.assert(
      fc.property(scopedHistory, anySubject, question, givenBy, fc.constantFrom(...scopes), fc.integer({ min: -50, max: 1300 }), (steps, who, q, by, scope, hour) => {
        fc.pre(!Consent.grantAnswers(scope, q))
        const { records, end } = build(steps)
        const grant = rec({ action: "grant", givenBy: by, at: DateTime.fromMillis(end).toISO()!, ...(scope === undefined ? {} : { scope }) })
        const q2 = DateTime.fromMillis(base + hour * HOUR)
        const tagOf = (rs: ReadonlyArray<Consent.ConsentRecord>) => tag(Consent.mayWe(rs, who, "messaging-group", q2, q))
        expect(tagOf([...records, grant])).toBe(tagOf(records))
      }),
      { numRuns: 500 }
    )
  })

  it("a guardian, another service or an export is answered only by a grant of exactly its scope", () => {
    fc.assert(
      fc.property(scopedHistory, anySubject, fc.constantFrom("guardian", "export:annual-report", "other-service:school"), fc.integer({ min: 0, max: 1300 }), (steps, who, scope, hour) => {
        const r = Consent.mayWe(build(steps).records, who, "messaging-group", DateTime.fromMillis(base + hour * HOUR), { scope })
        if (Either.isRight(r)) expect(r.right.basis.scope).toBe(scope)
      }),
      { numRuns: 500 }
    )
  })

  it("a minor's own standing no, recorded as person or minor-own-view with any covering scope, is never overridden by the guardian", () => {
    fc.assert(
      fc.property(scopedHistory, fc.constantFrom("2012-06-15", "2020-02-02"), fc.boolean(), question, fc.constantFrom<Consent.GivenBy>("person", "minor-own-view"), fc.constantFrom<Consent.Action>("withdraw", "refuse"), (steps, dateOfBirth, understandsOwnData, q, by, no) => {
        const guardianOnly = steps.map((s) => ({ ...s, givenBy: "guardian" as const }))
        const { records, end } = build(guardianOnly)
        const own = rec({ action: no, givenBy: by, at: DateTime.fromMillis(base).toISO()! })
        const r = Consent.mayWe([own, ...records], { id: "p1", dateOfBirth, understandsOwnData }, "messaging-group", DateTime.fromMillis(end), q)
        expect(Either.isLeft(r) && r.left._tag).toBe("MinorForbids")
      }),
      { numRuns: 500 }
    )
  })
})
