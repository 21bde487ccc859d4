/**
 * Consent tried as an attacker would: every known way around a refusal, a withdrawal, a minor's
 * prohibition or the disclosure proof, and a generated search for more against a reference rule.
 */
import { Consent, type ConsentPurpose, Disclosure, Participant } from "@vertaistuki/core"
import { Either } from "effect"
import fc from "fast-check"
import { DateTime } from "luxon"
import { describe, expect, it } from "vitest"

const zone = "Europe/Helsinki"
const at = (iso: string) => DateTime.fromISO(iso, { zone })
const rec = (r: Partial<Consent.ConsentRecordEncoded> & Pick<Consent.ConsentRecordEncoded, "at" | "action">): Consent.ConsentRecord =>
  Either.getOrThrow(
    Consent.record({ person: "p1", purpose: "share-participation-with-social-worker", givenBy: "person", textVersion: "v1", channel: "paper-form", ...r })
  )
const reason = <A, E extends { readonly _tag: string } | { readonly reason: { readonly _tag: string } }>(e: Either.Either<A, E>): string =>
  Either.isRight(e) ? "Allowed" : "reason" in e.left ? e.left.reason._tag : e.left._tag

const adult: Consent.Subject = { id: "p1", dateOfBirth: "1984-02-10" }
const youngChild: Consent.Subject = { id: "p1", dateOfBirth: "2016-05-01", understandsOwnData: false }
const request = (subject: Consent.Subject, recipient: Disclosure.Recipient, group?: string): Disclosure.Request => ({ subject, recipient, programme: "voikukkia", group })
const annualReport: Disclosure.Recipient = { kind: "export", name: "annual-report" }
const socialWorker: Disclosure.Recipient = { kind: "social-worker", name: "Lapsen sosiaalityöntekijä" }
const guardian: Disclosure.Recipient = { kind: "guardian", name: "huoltaja" }
const T = at("2026-05-01T10:00")

describe("attacks on scopes: a scope never weakens a refusal or a withdrawal", () => {
  it("an unscoped withdrawal after a grant scoped to an export stops the export", () => {
    const records = [
      rec({ action: "grant", scope: "export:annual-report", at: "2026-04-01T10:00:00+03:00" }),
      rec({ action: "withdraw", at: "2026-04-02T10:00:00+03:00" })
    ]
    expect(reason(Disclosure.discloseParticipation(request(adult, annualReport), records, T))).toBe("Withdrawn")
  })

  it("a minor's unscoped refusal stops an export the guardian granted for exactly that export", () => {
    const records = [
      rec({ action: "refuse", givenBy: "minor-own-view", at: "2026-04-01T10:00:00+03:00" }),
      rec({ action: "grant", givenBy: "guardian", scope: "export:annual-report", at: "2026-04-02T10:00:00+03:00" })
    ]
    expect(reason(Disclosure.discloseParticipation(request(youngChild, annualReport), records, T))).toBe("MinorForbids")
  })

  it("a minor's refusal scoped to their group stops telling the social worker, though the guardian granted", () => {
    const records = [
      rec({ action: "grant", givenBy: "guardian", at: "2026-04-01T10:00:00+03:00" }),
      rec({ action: "refuse", givenBy: "minor-own-view", scope: "group:g-1", at: "2026-04-02T10:00:00+03:00" })
    ]
    expect(reason(Disclosure.discloseParticipation(request(youngChild, socialWorker, "g-1"), records, T))).toBe("MinorForbids")
    // A disclosure that does not name the group may concern that group: refused too.
    expect(reason(Disclosure.discloseParticipation(request(youngChild, socialWorker), records, T))).toBe("MinorForbids")
    // Another group's matter is not covered by the refusal.
    expect(reason(Disclosure.discloseParticipation(request(youngChild, socialWorker, "g-2"), records, T))).toBe("Allowed")
  })

  it("RecordConsents does not record taking part against a minor's refusal scoped to the group", () => {
    const now = at("2026-03-01T10:00")
    let s = Participant.initial
    const step = (c: Participant.Command, when = now) => {
      s = Participant.replay(Either.getOrThrow(Participant.decide(c, s, when)), s)
    }
    step({ _tag: "Refer", participantId: "x1", personId: "p1", groupId: "g-1", source: "social-worker", modality: "in-person" })
    step({ _tag: "ReceiveContactDetails" })
    step({ _tag: "ScheduleIntake", intakeAt: now.plus({ days: 1 }), modality: "in-person" })
    step({ _tag: "HoldIntake", technologyRehearsed: false })
    const records = [
      rec({ action: "grant", purpose: "taking-part", givenBy: "guardian", at: "2026-02-01T10:00:00+02:00" }),
      rec({ action: "refuse", purpose: "taking-part", givenBy: "minor-own-view", scope: "group:g-1", at: "2026-02-02T10:00:00+02:00" })
    ]
    const events = Either.getOrThrow(Participant.decide({ _tag: "RecordConsents", consents: { records, subject: youngChild } }, s, now.plus({ days: 1 })))
    const recorded = events.flatMap((e) => (e._tag === "ConsentsRecorded" ? e.consents.map((c) => c.purpose) : []))
    expect(recorded).not.toContain("taking-part")
    expect(Participant.mayEnrol(Participant.replay(events, s))).toBe(false)
  })

  it("a refusal with a mistyped scope still refuses (a record made in code, not decoded)", () => {
    const grant = rec({ action: "grant", at: "2026-04-01T10:00:00+03:00" })
    const typo: Consent.ConsentRecord = { ...rec({ action: "refuse", at: "2026-04-02T10:00:00+03:00" }), scope: "socialworker" }
    expect(reason(Disclosure.discloseParticipation(request(adult, socialWorker), [grant, typo], T))).toBe("Refused")
    expect(Either.isLeft(Consent.decode([{ person: "p1", purpose: "taking-part", action: "refuse", givenBy: "person", textVersion: "v1", channel: "sms", at: "2026-04-02T10:00:00+03:00", scope: "g-1" }]))).toBe(true)
  })
})

describe("attacks on a minor's own refusal: it counts however it was recorded", () => {
  it("a refusal recorded as the young minor's own (givenBy person) blocks the guardian's grant", () => {
    const records = [
      rec({ action: "refuse", givenBy: "person", at: "2026-04-01T10:00:00+03:00" }),
      rec({ action: "grant", givenBy: "guardian", at: "2026-04-02T10:00:00+03:00" })
    ]
    expect(reason(Consent.mayWe(records, youngChild, "share-participation-with-social-worker", T))).toBe("MinorForbids")
    expect(reason(Disclosure.discloseParticipation(request(youngChild, socialWorker), records, T))).toBe("MinorForbids")
  })

  it("a young minor's own withdrawal recorded as givenBy person blocks the guardian's later grant", () => {
    const records = [
      rec({ action: "grant", givenBy: "guardian", at: "2026-04-01T10:00:00+03:00" }),
      rec({ action: "withdraw", givenBy: "person", at: "2026-04-02T10:00:00+03:00" }),
      rec({ action: "grant", givenBy: "guardian", at: "2026-04-03T10:00:00+03:00" })
    ]
    expect(reason(Consent.mayWe(records, youngChild, "share-participation-with-social-worker", T))).toBe("MinorForbids")
  })

  it("the minor forbids telling the guardian: the guardian's own grant to be told does not override it", () => {
    const records = [
      rec({ action: "grant", givenBy: "guardian", scope: "guardian", at: "2026-04-01T10:00:00+03:00" }),
      rec({ action: "refuse", givenBy: "minor-own-view", scope: "guardian", at: "2026-04-02T10:00:00+03:00" })
    ]
    expect(reason(Disclosure.discloseParticipation(request(youngChild, guardian), records, T))).toBe("MinorForbids")
    expect(reason(Disclosure.discloseParticipation(request(youngChild, guardian), records.slice(0, 1), T))).toBe("Allowed")
    // A consent for the social worker says nothing about telling the guardian.
    const forWorker = rec({ action: "grant", givenBy: "guardian", at: "2026-04-01T10:00:00+03:00" })
    expect(reason(Disclosure.discloseParticipation(request(youngChild, guardian), [forWorker], T))).toBe("NoConsent")
  })
})

describe("attacks on the disclosure proof: only discloseParticipation makes one", () => {
  const grant = rec({ action: "grant", at: "2026-04-01T10:00:00+03:00" })
  const genuine = Either.getOrThrow(Disclosure.discloseParticipation(request(adult, socialWorker), [grant], T))
  const expected = { subject: "p1", recipient: socialWorker }

  it("the genuine proof passes the check", () => {
    expect(Disclosure.isDisclosure(genuine)).toBe(true)
    expect(Either.getOrThrow(Disclosure.check(genuine, expected))).toBe(genuine)
  })

  it("a lookalike with the Symbol.for brand is not a disclosure", () => {
    const brand = Symbol.for("@vertaistuki/core/Disclosure")
    const forged = { [brand]: brand, request: request(adult, annualReport), at: T, basis: grant }
    expect(Disclosure.isDisclosure(forged)).toBe(false)
    expect(Either.isLeft(Disclosure.check(forged, { subject: "p1", recipient: annualReport }))).toBe(true)
  })

  it("a structural copy, with every own key and symbol, is not a disclosure", () => {
    const copy: unknown = Object.defineProperties({}, Object.getOwnPropertyDescriptors(genuine))
    expect(Disclosure.isDisclosure({ ...genuine })).toBe(false)
    expect(Disclosure.isDisclosure(copy)).toBe(false)
    expect(Disclosure.isDisclosure(Object.create(genuine))).toBe(false)
    const Made = Object.getPrototypeOf(genuine).constructor as new (...args: ReadonlyArray<unknown>) => unknown
    expect(Disclosure.isDisclosure(new Made(request(adult, annualReport), T, grant, Disclosure.purpose))).toBe(false)
  })

  it("a proxy around a genuine proof that lies about the recipient is not a disclosure", () => {
    const liar = new Proxy(genuine, { get: (target, key) => (key === "request" ? request(adult, annualReport) : Reflect.get(target, key)) })
    expect(Disclosure.isDisclosure(liar)).toBe(false)
    expect(Either.isLeft(Disclosure.check(liar, { subject: "p1", recipient: annualReport }))).toBe(true)
  })

  it("a genuine proof cannot be changed into one for another recipient or person", () => {
    expect(() => {
      ;(genuine.request.recipient as { kind: string }).kind = "export"
    }).toThrow(TypeError)
    expect(() => {
      ;(genuine as unknown as { request: unknown }).request = request(adult, annualReport)
    }).toThrow(TypeError)
    expect(genuine.request.recipient.kind).toBe("social-worker")
    const r = Disclosure.check(genuine, { subject: "p1", recipient: annualReport })
    expect(Either.isLeft(r) && r.left.field).toBe("recipient")
  })

  it("a proof for one person, recipient or purpose is refused for another", () => {
    const other = Disclosure.check(genuine, { subject: "p2", recipient: socialWorker })
    expect(Either.isLeft(other) && other.left.field).toBe("subject")
    const renamed = Disclosure.check(genuine, { subject: "p1", recipient: { kind: "social-worker", name: "another worker" } })
    expect(Either.isLeft(renamed) && renamed.left.field).toBe("recipient")
    const purpose = Disclosure.check(genuine, { ...expected, purpose: "evaluation-questionnaire" })
    expect(Either.isLeft(purpose) && purpose.left.field).toBe("purpose")
  })

  it("a caller changing its request afterwards does not change the proof", () => {
    const mutable = { ...request(adult, socialWorker), recipient: { ...socialWorker } }
    const proof = Either.getOrThrow(Disclosure.discloseParticipation(mutable, [grant], T))
    mutable.recipient.kind = "export" as never
    expect(Either.isRight(Disclosure.check(proof, expected))).toBe(true)
    expect(Either.isLeft(Disclosure.check(proof, { subject: "p1", recipient: { kind: "export", name: socialWorker.name } }))).toBe(true)
  })
})

// ---------------------------------------------------------------------------------------------
// Generated attacks against a reference rule
// ---------------------------------------------------------------------------------------------

type Question = { readonly scope?: string | undefined; readonly group?: string | undefined }

const birthDays = new Map<string, DateTime>()
const birthDay = (dateOfBirth: string): DateTime => {
  const known = birthDays.get(dateOfBirth)
  if (known !== undefined) return known
  const d = DateTime.fromISO(dateOfBirth, { zone })
  birthDays.set(dateOfBirth, d)
  return d
}

/** The reference rule, written out case by case. */
const reference = (records: ReadonlyArray<Consent.ConsentRecord>, subject: Consent.Subject, purpose: string, when: DateTime, q: Question) => {
  const kindOf = (scope: string | undefined) =>
    scope === undefined ? "none" : scope === "guardian" || scope === "social-worker" ? scope : /^(group|export|other-service):\S+$/.test(scope) ? scope.split(":")[0]! : "unknown"
  const covers = (scope: string | undefined): boolean => {
    if (scope === undefined) return true // an unscoped refusal covers everything
    if (kindOf(scope) === "unknown") return true // so does a mistyped one
    if (q.scope === undefined) return true // a question about the purpose as a whole
    if (scope === q.scope) return true
    if (kindOf(scope) === "group" && kindOf(q.scope) !== "group") return q.group === undefined || scope === `group:${q.group}`
    return false
  }
  const answers = (scope: string | undefined): boolean => {
    if (q.scope !== undefined && kindOf(q.scope) === "unknown") return false
    if (scope === undefined) return q.scope === undefined || kindOf(q.scope) === "group" || q.scope === "social-worker"
    return scope === q.scope
  }
  const born = subject.dateOfBirth === undefined ? undefined : birthDay(subject.dateOfBirth)
  const known = born?.isValid === true
  const minor = known && born!.plus({ years: 18 }) > when.setZone(zone).startOf("day")
  const refusers = !known
    ? ["person", "minor-own-view", "guardian"]
    : !minor
      ? ["person"]
      : subject.understandsOwnData === true
        ? ["person", "minor-own-view"]
        : ["person", "minor-own-view", "guardian"]
  const granters = !known || !minor ? ["person"] : subject.understandsOwnData === true ? ["person", "minor-own-view"] : ["guardian"]
  const speaking = records
    .map((r, i) => ({ r, i }))
    .filter(({ r }) => r.person === subject.id && r.purpose === purpose && r.at <= when && (r.action === "grant" ? answers(r.scope) : covers(r.scope)))
  const last = (by: string) => speaking.filter(({ r }) => r.givenBy === by).sort((a, b) => a.r.at.toMillis() - b.r.at.toMillis() || a.i - b.i).at(-1)
  if (refusers.some((by) => { const w = last(by); return w !== undefined && w.r.action !== "grant" })) return { allowed: false as const }
  if (known && !minor) {
    // A no given for them while a minor stands for the adult until the person's own later word.
    const own = last("person")
    const after = (w: { r: Consent.ConsentRecord; i: number }) => own === undefined || w.r.at > own.r.at || (w.r.at.toMillis() === own.r.at.toMillis() && w.i > own.i)
    if (["minor-own-view", "guardian"].some((by) => { const w = last(by); return w !== undefined && w.r.action !== "grant" && after(w) })) return { allowed: false as const }
  }
  const grants = granters.flatMap((by) => { const w = last(by); return w === undefined ? [] : [w] }).sort((a, b) => a.r.at.toMillis() - b.r.at.toMillis() || a.i - b.i)
  const basis = grants.at(-1)?.r
  if (basis === undefined || (basis.expiresAt !== undefined && basis.expiresAt <= when)) return { allowed: false as const }
  return { allowed: true as const, basis }
}

const HOUR = 3_600_000
const base = Date.UTC(2026, 0, 1)
const scopes = [undefined, "group:g-1", "group:g-2", "social-worker", "guardian", "export:annual-report", "export:other", "other-service:school", "g-1", "group"] as const
const subjects: ReadonlyArray<Consent.Subject> = [
  { id: "p1", dateOfBirth: "1984-02-10" }, // adult
  { id: "p1", dateOfBirth: "2011-05-01", understandsOwnData: true }, // minor who understands
  { id: "p1", dateOfBirth: "2016-05-01", understandsOwnData: false }, // young minor
  { id: "p1", dateOfBirth: "2008-01-10", understandsOwnData: false }, // turns 18 during the history
  { id: "p1" }, // date of birth unknown
  { id: "p1", dateOfBirth: "not-a-date" }
]
const recipients: ReadonlyArray<Disclosure.Recipient> = [socialWorker, guardian, annualReport, { kind: "export", name: "other" }, { kind: "other-service", name: "school" }]
const stepOf = (likely: ReadonlyArray<string | undefined>, giver: Consent.GivenBy) =>
  fc.record({
    person: fc.constantFrom("p1", "p1", "p1", "p2"),
    purpose: fc.constantFrom<ConsentPurpose.ConsentPurpose>("share-participation-with-social-worker", "share-participation-with-social-worker", "taking-part"),
    action: fc.constantFrom<Consent.Action>("grant", "grant", "grant", "withdraw", "refuse"),
    givenBy: fc.constantFrom<Consent.GivenBy>(giver, giver, "person", "guardian", "minor-own-view"),
    scope: fc.oneof(fc.constantFrom(...likely), fc.constantFrom(...scopes)),
    dt: fc.nat(96),
    expires: fc.option(fc.nat(300), { nil: undefined })
  })
type Step = typeof stepOf extends (...a: ReadonlyArray<never>) => fc.Arbitrary<infer A> ? A : never
const historyOf = (steps: ReadonlyArray<Step>): ReadonlyArray<Consent.ConsentRecord> => {
  let t = base
  return steps.map((s) => {
    t += s.dt * HOUR
    const r: Consent.ConsentRecord = {
      person: s.person,
      purpose: s.purpose,
      action: s.action,
      givenBy: s.givenBy,
      textVersion: "v1",
      at: DateTime.fromMillis(t, { zone }),
      channel: "paper-form",
      ...(s.scope === undefined ? {} : { scope: s.scope }),
      ...(s.expires === undefined ? {} : { expiresAt: DateTime.fromMillis(t + s.expires * HOUR, { zone }) })
    }
    return r
  })
}

describe("generated attacks: no disclosure or use the reference rule refuses", () => {
  it("mayWe and discloseParticipation agree with the reference rule: 0 bypasses, 0 wrong refusals", () => {
    let cases = 0
    let bypasses = 0
    let wrongRefusals = 0
    let allowedCases = 0
    fc.assert(
      fc.property(
        fc
          .record({
            subject: fc.constantFrom(...subjects),
            recipient: fc.constantFrom(...recipients),
            group: fc.constantFrom(undefined, "g-1", "g-2"),
            scope: fc.constantFrom(...scopes)
          })
          .chain((q) =>
            fc.record({
              q: fc.constant(q),
              steps: fc.array(stepOf([undefined, Disclosure.scopeOf(q.recipient), q.scope, q.group === undefined ? undefined : `group:${q.group}`], q.subject.understandsOwnData === false ? "guardian" : "person"), {
                maxLength: 12
              }),
              late: fc.boolean(),
              hour: fc.integer({ min: -10, max: 1500 }),
              after: fc.nat(200)
            })
          ),
        ({ q: { subject, recipient, group, scope }, steps, late, hour: anyHour, after }) => {
          const hour = late ? steps.reduce((h, s) => h + s.dt, 0) + after : anyHour
          const records = historyOf(steps)
          const when = DateTime.fromMillis(base + hour * HOUR, { zone })
          const checks: Array<readonly [boolean, { readonly allowed: boolean; readonly basis?: Consent.ConsentRecord }, Consent.ConsentRecord | undefined]> = []
          const told = Disclosure.discloseParticipation(request(subject, recipient, group), records, when)
          checks.push([
            Either.isRight(told),
            reference(records, subject, Disclosure.purpose, when, { scope: Disclosure.scopeOf(recipient), group }),
            Either.isRight(told) ? told.right.basis : undefined
          ])
          for (const purpose of ["taking-part", Disclosure.purpose] as const) {
            const asked = Consent.mayWe(records, subject, purpose, when, { scope })
            checks.push([Either.isRight(asked), reference(records, subject, purpose, when, { scope }), Either.isRight(asked) ? asked.right.basis : undefined])
          }
          for (const [allowed, ref, basis] of checks) {
            cases++
            if (ref.allowed) allowedCases++
            if (allowed && !ref.allowed) bypasses++
            if (!allowed && ref.allowed) wrongRefusals++
            if (allowed && ref.allowed && basis !== ref.basis) wrongRefusals++
          }
        }
      ),
      { numRuns: 10_000 }
    )
    expect(cases).toBe(30_000)
    // The histories are not all refusals: a good share of the questions must be allowed by the reference.
    expect(allowedCases).toBeGreaterThan(cases / 40)
    console.log(`consent attacks: ${cases} cases, ${allowedCases} allowed by the reference, ${bypasses} bypasses, ${wrongRefusals} wrong refusals`)
    expect({ bypasses, wrongRefusals }).toEqual({ bypasses: 0, wrongRefusals: 0 })
  })
})


describe("attacks through time: turning 18 revives nothing", () => {
  const turns18 = { id: "p1", dateOfBirth: "2008-05-10", understandsOwnData: false } as const
  const asked = at("2026-06-01T10:00")

  it("a grant the person signed as a young child does not come back when the guardian's later withdrawal stops counting", () => {
    const records = [
      rec({ action: "grant", givenBy: "person", at: "2020-01-01T10:00:00+02:00" }),
      rec({ action: "grant", givenBy: "guardian", at: "2026-01-01T10:00:00+02:00" }),
      rec({ action: "withdraw", givenBy: "guardian", at: "2026-03-01T10:00:00+02:00" })
    ]
    expect(Either.isLeft(Consent.mayWe(records, turns18, "share-participation-with-social-worker", asked))).toBe(true)
  })

  it("the minor's own no still stands for the adult, until they grant again themselves", () => {
    const no = [rec({ action: "grant", givenBy: "person", at: "2025-01-01T10:00:00+02:00" }), rec({ action: "refuse", givenBy: "minor-own-view", at: "2026-02-01T10:00:00+02:00" })]
    expect(Either.isLeft(Consent.mayWe(no, turns18, "share-participation-with-social-worker", asked))).toBe(true)
    const again = [...no, rec({ action: "grant", givenBy: "person", at: "2026-05-20T10:00:00+03:00" })]
    expect(Either.isRight(Consent.mayWe(again, turns18, "share-participation-with-social-worker", asked))).toBe(true)
  })
})
