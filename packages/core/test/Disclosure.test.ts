import { Consent, Disclosure } from "@vertaistuki/core"
import { Either } from "effect"
import { DateTime } from "luxon"
import { describe, expect, it } from "vitest"

const at = (iso: string) => DateTime.fromISO(iso, { zone: "Europe/Helsinki" })
const record = (r: Partial<Consent.ConsentRecordEncoded> & Pick<Consent.ConsentRecordEncoded, "at" | "action">) =>
  Either.getOrThrow(
    Consent.record({
      person: "parent-1",
      purpose: "share-participation-with-social-worker",
      givenBy: "person",
      textVersion: "share-v2",
      channel: "paper-form",
      ...r
    })
  )

const toSocialWorker: Disclosure.Request = {
  subject: { id: "parent-1", dateOfBirth: "1984-02-10" },
  recipient: { kind: "social-worker", name: "Lapsen sosiaalityöntekijä" },
  programme: "voikukkia"
}

describe("Disclosure: voluntariness as code (seed 001)", () => {
  it("refuses with ParticipationDisclosureRefused when there is no consent", () => {
    const r = Disclosure.discloseParticipation(toSocialWorker, [], at("2026-05-01T10:00"))
    expect(Either.isLeft(r)).toBe(true)
    if (Either.isLeft(r)) {
      expect(r.left).toBeInstanceOf(Disclosure.ParticipationDisclosureRefused)
      expect(r.left._tag).toBe("ParticipationDisclosureRefused")
      expect(r.left.reason._tag).toBe("NoConsent")
      expect(r.left.message).toContain("may not be disclosed")
    }
  })

  it("consent to another purpose (taking part) does not allow telling the social worker", () => {
    const r = Disclosure.discloseParticipation(
      toSocialWorker,
      [record({ action: "grant", purpose: "taking-part", at: "2026-04-01T10:00:00+03:00" })],
      at("2026-05-01T10:00")
    )
    expect(Either.isLeft(r) && r.left.reason._tag).toBe("NoConsent")
  })

  it("discloses while the consent is valid, with the consent as the logged basis, and refuses after a withdrawal", () => {
    const grant = record({ action: "grant", at: "2026-04-01T10:00:00+03:00" })
    const records = Either.getOrThrow(Consent.append([grant], record({ action: "withdraw", at: "2026-06-01T09:00:00+03:00" })))
    const ok = Disclosure.discloseParticipation(toSocialWorker, records, at("2026-05-01T10:00"))
    expect(Either.isRight(ok)).toBe(true)
    if (Either.isRight(ok)) {
      expect(ok.right.basis).toBe(grant)
      expect(Disclosure.isDisclosure(ok.right)).toBe(true)
    }
    const no = Disclosure.discloseParticipation(toSocialWorker, records, at("2026-06-01T09:00"))
    expect(Either.isLeft(no) && no.left.reason._tag).toBe("Withdrawn")
  })

  it("refuses after the consent has expired", () => {
    const grant = record({ action: "grant", at: "2026-04-01T10:00:00+03:00", expiresAt: "2026-04-30T00:00:00+03:00" })
    const r = Disclosure.discloseParticipation(toSocialWorker, [grant], at("2026-05-01T10:00"))
    expect(Either.isLeft(r) && r.left.reason._tag).toBe("Expired")
  })

  it("an export or another service needs a consent scoped to exactly it", () => {
    const grant = record({ action: "grant", at: "2026-04-01T10:00:00+03:00" })
    const exportReq: Disclosure.Request = { ...toSocialWorker, recipient: { kind: "export", name: "annual-report" } }
    const refused = Disclosure.discloseParticipation(exportReq, [grant], at("2026-05-01T10:00"))
    expect(Either.isLeft(refused) && refused.left.reason._tag).toBe("NoConsent")
    const scoped = record({ action: "grant", at: "2026-04-02T10:00:00+03:00", scope: "export:annual-report" })
    expect(Either.isRight(Disclosure.discloseParticipation(exportReq, [grant, scoped], at("2026-05-01T10:00")))).toBe(true)
  })

  it("a minor's own prohibition stops the disclosure even with the guardian's consent", () => {
    const child: Disclosure.Request = { ...toSocialWorker, subject: { id: "parent-1", dateOfBirth: "2013-01-01", understandsOwnData: false } }
    const records = [
      record({ action: "grant", givenBy: "guardian", at: "2026-04-01T10:00:00+03:00" }),
      record({ action: "refuse", givenBy: "minor-own-view", at: "2026-04-02T10:00:00+03:00" })
    ]
    const r = Disclosure.discloseParticipation(child, records, at("2026-05-01T10:00"))
    expect(Either.isLeft(r) && r.left.reason._tag).toBe("MinorForbids")
  })

  it("each recipient kind asks for its own scope; a grant for the social worker tells nobody else", () => {
    expect(Disclosure.scopeOf({ kind: "social-worker", name: "x" })).toBe("social-worker")
    expect(Disclosure.scopeOf({ kind: "guardian", name: "huoltaja" })).toBe("guardian")
    expect(Disclosure.scopeOf({ kind: "other-service", name: "school" })).toBe("other-service:school")
    expect(Disclosure.scopeOf({ kind: "export", name: "annual-report" })).toBe("export:annual-report")
    expect(Disclosure.questionOf({ ...toSocialWorker, group: "g-1" })).toEqual({ scope: "social-worker", group: "g-1" })
    const forWorker = record({ action: "grant", at: "2026-04-01T10:00:00+03:00" })
    const scopedWorker = record({ action: "grant", scope: "social-worker", at: "2026-04-01T10:00:00+03:00" })
    expect(Either.isRight(Disclosure.discloseParticipation(toSocialWorker, [scopedWorker], at("2026-05-01T10:00")))).toBe(true)
    for (const recipient of [{ kind: "guardian", name: "huoltaja" }, { kind: "other-service", name: "school" }, { kind: "export", name: "x" }] as const) {
      const r = Disclosure.discloseParticipation({ ...toSocialWorker, recipient }, [forWorker, scopedWorker], at("2026-05-01T10:00"))
      expect(Either.isLeft(r) && r.left.reason._tag).toBe("NoConsent")
    }
    const toGuardian = { ...toSocialWorker, recipient: { kind: "guardian", name: "huoltaja" } } as const
    const proof = Either.getOrThrow(Disclosure.discloseParticipation(toGuardian, [record({ action: "grant", scope: "guardian", at: "2026-04-01T10:00:00+03:00" })], at("2026-05-01T10:00")))
    expect(Either.isRight(Disclosure.check(proof, { subject: "parent-1", recipient: toGuardian.recipient }))).toBe(true)
  })
})
