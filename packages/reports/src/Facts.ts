/**
 * What a report is made from (raportin lähtötiedot): the groups with their programme, organiser,
 * region, language, dates and status; each participation with its referral, eligibility,
 * enrolment, waiting and ending; attendance marks per session; 3X10D answers at the start and the
 * end (seed 002_66c02f855fe66a53.txt); how many anonymous feedback responses each session had; and
 * each person's consent to reporting over time. The store's `ReportFacts` projection produces it;
 * it holds pseudonymous ids only, never names or free text.
 *
 * @since 0.1.0
 */
import { Outcome } from "@vertaistuki/core"
import { Schema } from "effect"

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

/** A time during which the consent to reporting held: from its grant until its withdrawal (exclusive) or open. @category models */
export const ConsentSpan = Schema.Struct({ from: Instant, until: Schema.NullOr(Instant) })
/** @category models */
export type ConsentSpan = typeof ConsentSpan.Type

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
  reporting: Schema.Array(ConsentSpan)
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
 * Whether the person's consent to reporting holds at an instant.
 *
 * @category guards
 */
export const consentsAt = (p: Pick<ParticipantFacts, "reporting">, at: string): boolean => {
  const t = Date.parse(at)
  return p.reporting.some((s) => Date.parse(s.from) <= t && (s.until === null || t < Date.parse(s.until)))
}
