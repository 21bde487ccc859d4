import { Either } from "effect"
import { DateTime } from "luxon"
import { type Consent, type Group, Participant } from "@vertaistuki/core"

export const zone = "Europe/Helsinki"
export const t0 = DateTime.fromISO("2026-01-12T10:00:00", { zone })

export const rules = (over: Partial<Group.GroupRules> = {}): Group.GroupRules => ({
  programmeId: "voikukkia",
  minimum: 4,
  maximum: 8,
  minimumWaiverAllowed: false,
  leaders: [
    { role: "professional", min: 2, required: false },
    { role: "peer-leader", min: 1, required: false }
  ],
  protectedName: { name: "VOIKUKKIA", training: "voikukkia-leader", roles: ["professional"] },
  ...over
})

export const trainedLeaders: ReadonlyArray<Group.Leader> = [
  { leaderId: "L1", role: "professional", trainings: ["voikukkia-leader"] },
  { leaderId: "L2", role: "professional", trainings: ["voikukkia-leader"] },
  { leaderId: "L3", role: "peer-leader", trainings: ["voikukkia-peer-leader"] }
]

/** Consent records granting `purposes` to a person at `at`. */
export const grants = (person: string, purposes: ReadonlyArray<Consent.ConsentRecord["purpose"]>, at: DateTime): Participant.ConsentEvidence => ({
  subject: { id: person },
  records: purposes.map((purpose) => ({ person, purpose, action: "grant", givenBy: "person", textVersion: "v1", at, channel: "in-person" }) as Consent.ConsentRecord)
})

/** Runs a command through a decider and evolve, throwing on refusal (for building fixtures). */
export const run = <S, C, E>(
  decide: (c: C, s: S, now: DateTime) => Either.Either<ReadonlyArray<E>, unknown>,
  evolve: (s: S, e: E) => S,
  log: Array<E>
) => (s: S, c: C, now: DateTime): S => {
  const r = decide(c, s, now)
  if (Either.isLeft(r)) throw new Error(`refused: ${JSON.stringify(r.left)}`)
  let next = s
  for (const e of r.right) {
    log.push(e)
    next = evolve(next, e)
  }
  return next
}

/** A participant taken from referral to consents recorded (intake held, consents given). */
export const readyParticipant = (id: string, groupId: string, at: DateTime, purposes: ReadonlyArray<Consent.ConsentRecord["purpose"]> = ["taking-part", "messaging-group", "evaluation-questionnaire"]) => {
  const log: Array<Participant.ParticipantEvent> = []
  const step = run(Participant.decide, Participant.evolve, log)
  let s = step(Participant.initial, { _tag: "Refer", participantId: id, personId: `person-${id}`, groupId, source: "social-worker", modality: "in-person" }, at)
  s = step(s, { _tag: "ReceiveContactDetails" }, at)
  s = step(s, { _tag: "ScheduleIntake", intakeAt: at.plus({ days: 1 }), modality: "in-person" }, at)
  s = step(s, { _tag: "HoldIntake", technologyRehearsed: false }, at.plus({ days: 1 }))
  s = step(s, { _tag: "RecordConsents", consents: grants(`person-${id}`, purposes, at.plus({ days: 1 })) }, at.plus({ days: 1, minutes: 5 }))
  return { state: s, log }
}
