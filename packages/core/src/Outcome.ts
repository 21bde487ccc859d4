/**
 * Outcomes measured with the 3X10D® life-situation questionnaire (elämäntilannemittari; Kainulainen,
 * Diak 2019), filled in at the start and end of a group (seed 002_66c02f855fe66a53.txt): 10 items,
 * each 0–10, about the present moment. No total score is computed; item 10 is the measure of overall
 * well-being. The item wording belongs to Diak, so the organisation supplies the licensed item texts.
 *
 * @since 0.1.0
 */
import { Either, Schema } from "effect"
import type { DateTime } from "luxon"
import { ConsentMissing, RuleViolated } from "./internal/lifecycle/errors.js"
import { Id, IsoDateTime, iso, SensitiveAnnotationId } from "./internal/lifecycle/fields.js"
import * as Participant from "./Participant.js"

/** An answer on 0 (very dissatisfied) – 5 (neither) – 10 (very satisfied). @category models */
export const Score = Schema.Int.pipe(Schema.between(0, 10))

/** The questionnaire's ten answers, in item order. @category models */
export const Answers = Schema.Array(Score).pipe(Schema.itemsCount(10)).annotations({
  description: "one answer 0–10 per item; ratings of one's own health and life are special-category data: encrypt at rest",
  [SensitiveAnnotationId]: true
})
/** @category models */
export type Answers = typeof Answers.Type

const isAnswers = Schema.is(Answers)

/** The age versions of the questionnaire. @category models */
export const Version = Schema.Literal("7-9", "10-13", "14-17", "18+", "family")
/** @category models */
export type Version = typeof Version.Type

/**
 * An organisation's licensed copy of the instrument: ten item texts it supplies.
 *
 * @category models
 */
export const Instrument = Schema.Struct({ id: Id, version: Version, items: Schema.Array(Schema.String).pipe(Schema.itemsCount(10)) })
/** @category models */
export type Instrument = typeof Instrument.Type

/** Short item labels (not the licensed wording), in item order. @category constants */
export const itemLabels: ReadonlyArray<string> = [
  "health",
  "perseverance",
  "housing",
  "everyday coping",
  "family and close ones",
  "friends",
  "finances",
  "developing one's strengths",
  "self-esteem",
  "life as a whole"
]

/** Guidance bands: 0–5 dissatisfied, 6–7 moderately satisfied, 8–10 satisfied. @category models */
export type Band = "dissatisfied" | "moderately-satisfied" | "satisfied"

/** @category combinators */
export const band = (score: number): Band => (score <= 5 ? "dissatisfied" : score <= 7 ? "moderately-satisfied" : "satisfied")

/** When the questionnaire was filled in. @category models */
export const Phase = Schema.Literal("start", "interim", "end")
/** @category models */
export type Phase = typeof Phase.Type

/** @category events */
export const OutcomeMeasured = Schema.TaggedStruct("OutcomeMeasured", {
  groupId: Id,
  participantId: Id,
  at: IsoDateTime,
  instrumentId: Id,
  phase: Phase,
  answers: Answers
})

/** Every outcome event (so far the one kind). @category events */
export const OutcomeEvent = OutcomeMeasured
/** @category events */
export type OutcomeEvent = typeof OutcomeEvent.Type

/**
 * Records a questionnaire, which needs the participant's consent to evaluation use.
 *
 * @category deciders
 */
export const record = (
  participant: Participant.State,
  instrument: Instrument,
  phase: Phase,
  answers: ReadonlyArray<number>,
  now: DateTime
): Either.Either<OutcomeEvent, ConsentMissing | RuleViolated> => {
  if (!Participant.hasConsent(participant, "evaluation-questionnaire")) {
    return Either.left(
      new ConsentMissing({
        rule: "evaluation-consent-before-questionnaire",
        participantId: participant.participantId,
        purpose: "evaluation-questionnaire",
        message: "questionnaire answers are recorded only with the consent to their evaluation use"
      })
    )
  }
  if (!isAnswers(answers)) return Either.left(new RuleViolated({ rule: "3x10d-ten-items-0-to-10", message: "3X10D has ten answers, each a whole number 0–10" }))
  return Either.right(
    OutcomeMeasured.make({ groupId: participant.groupId, participantId: participant.participantId, at: iso(now), instrumentId: instrument.id, phase, answers: [...answers] })
  )
}

/** The change in one item between two measurements. @category models */
export interface ItemChange {
  readonly item: number
  readonly label: string
  readonly start: number
  readonly end: number
  readonly change: number
  readonly startBand: Band
  readonly endBand: Band
}

/**
 * The change per item from the start to the end measurement. There is deliberately no total.
 *
 * @category combinators
 */
export const changePerItem = (start: Answers, end: Answers, labels: ReadonlyArray<string> = itemLabels): ReadonlyArray<ItemChange> =>
  start.map((s, i) => {
    const e = end[i]!
    return { item: i + 1, label: labels[i] ?? `item ${i + 1}`, start: s, end: e, change: e - s, startBand: band(s), endBand: band(e) }
  })
