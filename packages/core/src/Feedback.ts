/**
 * Feedback (palaute): after each session, face to face or anonymously (seed 002_66c02f855fe66a53.txt),
 * and written and oral feedback at the last session (seed 001_b24d0be2c52c8a44.txt).
 *
 * Anonymous responses cannot be linked back to a person, not even by timing: they are collected in an
 * in-memory box per session and stored only as one batch when the box is closed, with no participant
 * id, no per-response time and the responses in a canonical order (sorted by content), so neither the
 * order nor the time of storage tells who answered. A batch smaller than `minimumResponses` is
 * discarded, because one answer among few attendees is not anonymous.
 *
 * @since 0.1.0
 */
import { Either, Schema } from "effect"
import type { DateTime } from "luxon"
import { RuleViolated } from "./internal/lifecycle/errors.js"
import { Id, IsoDateTime, iso, SensitiveText } from "./internal/lifecycle/fields.js"
import type * as Session from "./Session.js"

/** A rating on 1–5 (optional in a response). @category models */
export const Rating = Schema.Int.pipe(Schema.between(1, 5))

const isRating = Schema.is(Rating)

/** One anonymous response: a rating and/or free text, nothing else. @category models */
export const AnonymousResponse = Schema.Struct({ rating: Schema.NullOr(Rating), text: Schema.NullOr(SensitiveText) })
/** @category models */
export type AnonymousResponse = typeof AnonymousResponse.Type

// ---------------------------------------------------------------------------------------------
// Events
// ---------------------------------------------------------------------------------------------

/** Feedback given in one's own name, e.g. face to face after a session. `text` is sensitive. @category events */
export const SessionFeedbackGiven = Schema.TaggedStruct("SessionFeedbackGiven", {
  sessionId: Id,
  participantId: Id,
  at: IsoDateTime,
  rating: Schema.NullOr(Rating),
  text: Schema.NullOr(SensitiveText)
})
/**
 * The anonymous responses of one session, stored once when the box closes: no participant id, no
 * per-response time, canonical order. `withheld` counts responses discarded below the minimum.
 *
 * @category events
 */
export const AnonymousFeedbackBatchClosed = Schema.TaggedStruct("AnonymousFeedbackBatchClosed", {
  sessionId: Id,
  closedAt: IsoDateTime,
  responses: Schema.Array(AnonymousResponse),
  withheld: Schema.NonNegativeInt
})
/** Final feedback at the last session, written or oral; `text` is sensitive. @category events */
export const FinalFeedbackRecorded = Schema.TaggedStruct("FinalFeedbackRecorded", {
  groupId: Id,
  participantId: Id,
  at: IsoDateTime,
  form: Schema.Literal("written", "oral"),
  text: SensitiveText
})
/** A personal feedback discussion between a member and the leaders (good practice, seed 001). @category events */
export const FeedbackDiscussionHeld = Schema.TaggedStruct("FeedbackDiscussionHeld", { groupId: Id, participantId: Id, at: IsoDateTime })

/** Every feedback event. @category events */
export const FeedbackEvent = Schema.Union(SessionFeedbackGiven, AnonymousFeedbackBatchClosed, FinalFeedbackRecorded, FeedbackDiscussionHeld).annotations({
  identifier: "FeedbackEvent"
})
/** @category events */
export type FeedbackEvent = typeof FeedbackEvent.Type

// ---------------------------------------------------------------------------------------------
// Anonymous box
// ---------------------------------------------------------------------------------------------

/**
 * The open box of anonymous responses for one session. It lives only in memory until `close`; it
 * holds no ids and no times.
 *
 * @category models
 */
export interface AnonymousBox {
  readonly sessionId: string
  readonly responses: ReadonlyArray<AnonymousResponse>
}

/** @category constructors */
export const openBox = (sessionId: string): AnonymousBox => ({ sessionId, responses: [] })

/** Adds a response to the box. @category combinators */
export const submit = (box: AnonymousBox, response: { readonly rating?: number; readonly text?: string }): Either.Either<AnonymousBox, RuleViolated> => {
  const r = { rating: response.rating ?? null, text: response.text ?? null }
  if (r.rating === null && (r.text === null || r.text.trim() === "")) return Either.left(new RuleViolated({ rule: "response-not-empty", message: "an empty response" }))
  if (r.rating !== null && !isRating(r.rating)) return Either.left(new RuleViolated({ rule: "rating-1-to-5", message: "a rating is a whole number 1–5" }))
  return Either.right({ sessionId: box.sessionId, responses: [...box.responses, r] })
}

const canonical = (a: AnonymousResponse, b: AnonymousResponse): number => {
  const ka = `${a.rating ?? 0}\u0000${a.text ?? ""}`
  const kb = `${b.rating ?? 0}\u0000${b.text ?? ""}`
  return ka < kb ? -1 : ka > kb ? 1 : 0
}

/**
 * Closes the box into one batch event, in canonical order; below `minimumResponses` (default 3) the
 * responses are withheld and only their count is kept.
 *
 * @category combinators
 */
export const closeBox = (box: AnonymousBox, now: DateTime, options?: { readonly minimumResponses?: number }): FeedbackEvent => {
  const minimum = options?.minimumResponses ?? 3
  const enough = box.responses.length >= minimum
  return AnonymousFeedbackBatchClosed.make({
    sessionId: box.sessionId,
    closedAt: iso(now),
    responses: enough ? [...box.responses].sort(canonical) : [],
    withheld: enough ? 0 : box.responses.length
  })
}

// ---------------------------------------------------------------------------------------------
// Identified feedback
// ---------------------------------------------------------------------------------------------

/** Feedback in one's own name after a held session, from someone present. @category deciders */
export const giveSessionFeedback = (
  session: Session.State,
  participantId: string,
  feedback: { readonly rating?: number; readonly text?: string },
  now: DateTime
): Either.Either<FeedbackEvent, RuleViolated> => {
  if (session.status !== "held") return Either.left(new RuleViolated({ rule: "feedback-after-held-session", message: "feedback follows a held session" }))
  if (!session.attendance.some((a) => a.participantId === participantId && a.status === "present")) {
    return Either.left(new RuleViolated({ rule: "feedback-from-attendee", message: `${participantId} was not present` }))
  }
  const rating = feedback.rating ?? null
  if (rating !== null && !isRating(rating)) return Either.left(new RuleViolated({ rule: "rating-1-to-5", message: "a rating is a whole number 1–5" }))
  return Either.right(SessionFeedbackGiven.make({ sessionId: session.sessionId, participantId, at: iso(now), rating, text: feedback.text ?? null }))
}

/** Final written or oral feedback. @category deciders */
export const recordFinalFeedback = (
  groupId: string,
  participantId: string,
  form: "written" | "oral",
  text: string,
  now: DateTime
): Either.Either<FeedbackEvent, RuleViolated> =>
  text.trim() === ""
    ? Either.left(new RuleViolated({ rule: "final-feedback-not-empty", message: "empty feedback" }))
    : Either.right(FinalFeedbackRecorded.make({ groupId, participantId, at: iso(now), form, text }))
