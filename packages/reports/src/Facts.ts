/**
 * What a report is made from (raportin lähtötiedot): the groups with their programme, organiser,
 * region, language, dates and status; each participation with its referral, eligibility,
 * enrolment, waiting and ending; attendance marks per session; 3X10D answers at the start and the
 * end (seed 002_66c02f855fe66a53.txt); how many anonymous feedback responses each session had; and
 * each person's consent records for the purpose `reporting`. The store's `ReportFacts` projection
 * produces it; it holds pseudonymous ids only, never names or free text.
 *
 * @since 0.1.0
 */
import { Consent, Outcome, Participant } from "@vertaistuki/core"
import { Either, Option, Schema } from "effect"

/**
 * Why a group was cancelled, as a category; the free-text reason never reaches a report.
 *
 * @category models
 */
export const CancellationCategory = Schema.Literal("too-few-participants", "leaders-unavailable", "premises-or-schedule", "funding", "other").annotations({
  identifier: "CancellationCategory"
})
/** @category models */
export type CancellationCategory = typeof CancellationCategory.Type

/** @category constants */
export const cancellationCategories: ReadonlyArray<CancellationCategory> = CancellationCategory.literals

const patterns: ReadonlyArray<readonly [CancellationCategory, RegExp]> = [
  ["too-few-participants", /minim|too few|participants|osallistuj|ilmoittautu|vähän|för få|deltagare/i],
  ["leaders-unavailable", /leader|ohjaaj|vetäj|ledare|sick|sairas/i],
  ["premises-or-schedule", /premises|room|tila|schedule|aikataulu|lokal|schema/i],
  ["funding", /fund|rahoitu|budget|budjet|finansier/i]
]

/**
 * The category of a free-text cancellation reason, by keywords in Finnish, Swedish and English.
 *
 * @category combinators
 */
export const categorise = (reason: string): CancellationCategory => patterns.find(([, re]) => re.test(reason))?.[0] ?? "other"

const Instant = Schema.String.annotations({ description: "an ISO instant (UTC)" })

/** One held session of a group. @category models */
export const SessionFacts = Schema.Struct({
  sessionId: Schema.String,
  number: Schema.Int,
  /** The Helsinki date it was held, `YYYY-MM-DD`; null while not held. */
  date: Schema.NullOr(Schema.String),
  present: Schema.Array(Schema.String),
  excused: Schema.Array(Schema.String),
  absent: Schema.Array(Schema.String),
  /** How many anonymous responses the session's feedback box kept; null when no box closed. */
  anonymousResponses: Schema.NullOr(Schema.NonNegativeInt)
})
/** @category models */
export type SessionFacts = typeof SessionFacts.Type

/** One group. @category models */
export const GroupFacts = Schema.Struct({
  groupId: Schema.String,
  programmeId: Schema.String,
  organiserId: Schema.NullOr(Schema.String),
  region: Schema.NullOr(Schema.String),
  language: Schema.NullOr(Schema.String),
  plannedAt: Instant,
  startedAt: Schema.NullOr(Instant),
  completedAt: Schema.NullOr(Instant),
  cancelledAt: Schema.NullOr(Instant),
  cancellation: Schema.NullOr(CancellationCategory),
  sessions: Schema.Array(SessionFacts)
})
/** @category models */
export type GroupFacts = typeof GroupFacts.Type

/** One 3X10D questionnaire: ten answers 0–10. @category models */
export const Measurement = Schema.Struct({ phase: Outcome.Phase, at: Instant, answers: Outcome.Answers })
/** @category models */
export type Measurement = typeof Measurement.Type

/**
 * One consent record for the purpose `reporting` (raportointi), as the participant's stream keeps it
 * (`Participant.ConsentEntry`: action, giver, consent text version, time, channel, scope, expiry):
 * grants, withdrawals and refusals alike. A record of another purpose is refused.
 *
 * @category models
 */
export const ReportingConsent = Participant.ConsentEntry.pipe(
  Schema.filter((e) => e.purpose === "reporting" || "expected a consent record of the purpose reporting")
).annotations({ identifier: "ReportingConsent" })
/** @category models */
export type ReportingConsent = typeof ReportingConsent.Type

/** How an enrolment ended. @category models */
export const Ending = Schema.Literal("completed", "withdrawn", "dropped-out")
/** @category models */
export type Ending = typeof Ending.Type

/** One participation (a person's path in one group). @category models */
export const ParticipantFacts = Schema.Struct({
  participantId: Schema.String,
  groupId: Schema.String,
  referredAt: Instant,
  /** When the person was found eligible (intake held, consents recorded, waitlisted or enrolled). */
  eligibleAt: Schema.NullOr(Instant),
  ineligibleAt: Schema.NullOr(Instant),
  declinedAt: Schema.NullOr(Instant),
  enrolledAt: Schema.NullOr(Instant),
  waitlistedAt: Schema.NullOr(Instant),
  /** When the person left the waiting list (enrolled, declined, ineligible or withdrew); null while waiting. */
  waitlistEndedAt: Schema.NullOr(Instant),
  ending: Schema.NullOr(Ending),
  endedAt: Schema.NullOr(Instant),
  measurements: Schema.Array(Measurement),
  /** The person's consent records for the purpose `reporting`, in the order recorded. */
  consents: Schema.Array(ReportingConsent)
})
/** @category models */
export type ParticipantFacts = typeof ParticipantFacts.Type

/** Everything a report is made from. @category models */
export const Facts = Schema.Struct({ groups: Schema.Array(GroupFacts), participants: Schema.Array(ParticipantFacts) })
/** @category models */
export type Facts = typeof Facts.Type

/** @category decoding */
export const decode = Schema.decodeUnknownEither(Facts)

/**
 * The person a participation's consent question is about: `{ id: participantId }`. The events carry
 * no date of birth, so `Consent.mayWe` treats the person as of unknown age: only their own grant
 * counts, and every recorded no (their own, a guardian's or a minor's own view) counts.
 *
 * @category combinators
 */
export const subjectOf = (p: Pick<ParticipantFacts, "participantId">): Consent.Subject => ({ id: p.participantId })

/**
 * The participation's consent records for the purpose `reporting` as `Consent.ConsentRecord`s of the
 * person `participantId`, in the order recorded.
 *
 * @category combinators
 */
export const recordsOf = (p: Pick<ParticipantFacts, "participantId" | "consents">): ReadonlyArray<Consent.ConsentRecord> =>
  p.consents.map((e) => Participant.recordOf(p.participantId, e))

const decodeInstant = Schema.decodeUnknownOption(Consent.Instant)

/**
 * The check of whether a person may be counted in a report dated `at` (an ISO instant): the core's
 * one consent rule, `Consent.mayWe(recordsOf(p), subjectOf(p), "reporting", at)`, for the purpose as
 * a whole. A time that is not an instant counts nobody. Reads `at` once, for checking many people.
 *
 * @category guards
 */
export const consentingAt = (at: string): ((p: Pick<ParticipantFacts, "participantId" | "consents">) => boolean) => {
  const ms = Date.parse(at)
  const instant = Number.isNaN(ms) ? Option.none() : decodeInstant(new Date(ms).toISOString())
  if (Option.isNone(instant)) return () => false
  return (p) => p.consents.length > 0 && Either.isRight(Consent.mayWe(recordsOf(p), subjectOf(p), "reporting", instant.value))
}

/**
 * Whether the person may be counted in a report dated `at`: `consentingAt(at)(p)`.
 *
 * @category guards
 */
export const consentsAt = (p: Pick<ParticipantFacts, "participantId" | "consents">, at: string): boolean => consentingAt(at)(p)
