/**
 * Chapter: who can join which group, and why; consent that can be withdrawn; and the voluntariness rule
 * (seed 001) refusing to tell the social worker without a valid consent.
 */
import { Catalogue, Consent, Disclosure, Eligibility, type PersonFacts, Rule } from "@vertaistuki/core"
import { Either } from "effect"
import { DateTime } from "luxon"

const families: ReadonlyArray<readonly [name: string, facts: PersonFacts.PersonFacts]> = [
  [
    "Aino, mother of a 15-year-old placed in a substance-rehabilitation institution",
    {
      role: "parent",
      childSituation: "placement",
      placementSetting: "substance-rehabilitation-institution",
      referredBy: "institution",
      commitsToWholeProcess: true,
      lifeSituationAllows: true,
      specialSupportNeed: "none"
    }
  ],
  ["Mikko, father whose child was taken into care; not yet asked about his life situation", { role: "parent", childSituation: "custody", commitsToWholeProcess: true }],
  ["Ella, 10, Swedish-speaking; her father has a substance problem", { role: "child", dateOfBirth: "2016-04-12", languages: ["sv", "fi"], familySubstanceProblem: true, childSituation: "open-care" }],
  [
    "Leo, 15, in the final year of comprehensive school, neuropsychiatric support need, referred by a nurse",
    { role: "young-person", schoolStage: "final-year-comprehensive", specialSupportNeed: "neuropsychiatric", referredBy: "health-professional" }
  ]
]

export const eligibility = (): void => {
  const at = "2026-11-22"
  const sets = Catalogue.all.map((t) => Either.getOrThrow(Rule.compile(t.eligibility)))
  console.log(`Each family checked against every programme of the catalogue in one call (Eligibility.whichProgrammes), at ${at}:\n`)
  const mark = { eligible: "✓ eligible", ineligible: "✗ ineligible", undetermined: "? undetermined" }
  for (const [name, facts] of families) {
    console.log(name)
    for (const d of Either.getOrThrow(Eligibility.whichProgrammes(Catalogue.all, facts, { at }))) console.log(`  ${mark[d.outcome].padEnd(15)} ${d.programme}`)
    console.log("")
  }

  const [, mikko] = families[1]!
  const voikukkia = Eligibility.decide(sets[0]!, mikko, { at, places: { capacity: 8, enrolled: 8, waitlist: 1 } })
  console.log("Mikko and VOIKUKKIA: an undetermined decision names the question to ask (a full group only adds a note):\n")
  console.log(Eligibility.format(voikukkia, "fi").replace(/^/gm, "  "))
  console.log("")
  console.log(Eligibility.format(Eligibility.decide(sets[0]!, { ...mikko, lifeSituationAllows: true }, { at }), "en").replace(/^/gm, "  "))

  console.log("\nConsent: Aino agrees to the WhatsApp group (seed 000) and to telling her child's social worker, then withdraws the latter.\n")
  const aino: Consent.Subject = { id: "aino", dateOfBirth: "1983-06-01" }
  const base = { person: "aino", givenBy: "person", textVersion: "2026-01", channel: "video-call" } as const
  let records: ReadonlyArray<Consent.ConsentRecord> = []
  for (const r of [
    { ...base, purpose: "messaging-group", action: "grant", at: "2026-09-01T18:00:00+03:00" },
    { ...base, purpose: "share-participation-with-social-worker", action: "grant", at: "2026-09-01T18:05:00+03:00" },
    { ...base, purpose: "share-participation-with-social-worker", action: "withdraw", channel: "phone", at: "2026-10-15T09:30:00+03:00" }
  ] as const) {
    records = Either.getOrThrow(Consent.append(records, Either.getOrThrow(Consent.record(r))))
  }
  const request: Disclosure.Request = { subject: aino, recipient: { kind: "social-worker", name: "the child's social worker" }, programme: "online-parents-of-placed-youth" }
  for (const when of ["2026-10-01T12:00:00+03:00", "2026-10-20T12:00:00+03:00"]) {
    const t = DateTime.fromISO(when, { setZone: true })
    const whatsapp = Consent.mayWe(records, aino, "messaging-group", t)
    const told = Disclosure.discloseParticipation(request, records, t)
    console.log(`  ${t.toFormat("d.M.yyyy")}: messaging group ${Either.isRight(whatsapp) ? "allowed" : "refused"}; tell the social worker: ${
      Either.isRight(told)
        ? `allowed (basis: consent of ${told.right.basis.at.toFormat("d.M.yyyy")}, text ${told.right.basis.textVersion})`
        : `refused, ${told.left._tag} / ${told.left.reason._tag}: ${Consent.explainRefusal(told.left.reason, "fi")}`
    }`)
  }
  console.log("\n  The withdrawal acts from its moment: the answer for 1.10. is unchanged, and taking part is never a condition for other services.")
}
