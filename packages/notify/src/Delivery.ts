/**
 * A delivery's state machine, as a decider: `decide(command, state, now) → Either<Event[], DeliveryError>` and
 * `evolve(state, event)`. Statuses: `pending` (waiting for its next attempt), `sending` (claimed), and the ends
 * `sent`, `suppressed`, `expired`, `failed` (a permanent error) and `parked` (out of attempts; `Requeue` gives
 * it a new round). A transient failure backs off exponentially with jitter (passed in, so the decider stays
 * pure), never earlier than the server's `Retry-After`; a retry that could only come at or after the deadline
 * expires the delivery instead, so nothing is sent late.
 *
 * @since 0.1.0
 */
import { Data, Either } from "effect"
import { DateTime } from "luxon"
import { millisOf, utcIso } from "./internal/zone.js"
import type * as Transport from "./Transport.js"

/** @category models */
export type Status = "pending" | "sending" | "sent" | "suppressed" | "expired" | "failed" | "parked"

/** Every status. @category constants */
export const statuses: ReadonlyArray<Status> = ["pending", "sending", "sent", "suppressed", "expired", "failed", "parked"]

/** Statuses a delivery leaves only by `Requeue` (`failed`, `parked`) or never. @category constants */
export const terminal: ReadonlyArray<Status> = ["sent", "suppressed", "expired", "failed", "parked"]

/**
 * Retry settings: at most `maxAttempts` transport calls per round; the n-th retry waits
 * `min(maxDelayMillis, baseDelayMillis · factor^(n-1))`, scaled by a jitter in [0.5, 1].
 *
 * @category models
 */
export interface Config {
  readonly maxAttempts: number
  readonly baseDelayMillis: number
  readonly factor: number
  readonly maxDelayMillis: number
}

/** 6 attempts, 30 s doubling, at most 1 h. @category constants */
export const defaultConfig: Config = { maxAttempts: 6, baseDelayMillis: 30_000, factor: 2, maxDelayMillis: 3_600_000 }

/**
 * The failure of the last attempt, without personal data: the transport's reason and code.
 *
 * @category models
 */
export interface LastError {
  readonly reason: Transport.Reason
  readonly code?: number | undefined
}

/**
 * A delivery's state. Times UTC ISO. `reason`: why it was suppressed or expired.
 *
 * @category models
 */
export interface State {
  readonly deliveryId: string
  readonly status: Status
  readonly attempts: number
  readonly nextAttemptAt: string | null
  readonly deadline: string
  readonly providerMessageId: string | null
  readonly consentRecordId: string | null
  readonly lastError: LastError | null
  readonly reason: string | null
}

/**
 * A new delivery, pending from `deliverAt` until `deadline`.
 *
 * @category constructors
 */
export const initial = (intent: { readonly deliveryId: string; readonly deliverAt: string; readonly deadline: string }): State => ({
  deliveryId: intent.deliveryId,
  status: "pending",
  attempts: 0,
  nextAttemptAt: intent.deliverAt,
  deadline: intent.deadline,
  providerMessageId: null,
  consentRecordId: null,
  lastError: null,
  reason: null
})

/**
 * The commands:
 * - `Claim`: a dispatcher takes a due pending delivery (or one whose `sending` lease ran out after a crash);
 * - `Succeed`: the transport accepted it; `consentRecordId`: the record the send check relied on;
 * - `Fail`: the transport failed (`retryable`, `retryAfterMillis` as in `Transport.TransportError`), with a
 *   jitter from 0 to 1 drawn by the caller (e.g. `Math.random()`, or Effect's `Random`);
 * - `Suppress`, `Expire`: the send check said so;
 * - `Defer`: the send check said not yet (quiet hours): back to pending without using an attempt;
 * - `Requeue`: a parked or failed delivery gets a new round of attempts.
 *
 * @category models
 */
export type Command =
  | { readonly _tag: "Claim" }
  | { readonly _tag: "Succeed"; readonly providerMessageId: string | null; readonly consentRecordId: string | null }
  | {
      readonly _tag: "Fail"
      readonly reason: Transport.Reason
      readonly retryable: boolean
      readonly retryAfterMillis?: number | undefined
      readonly code?: number | undefined
      readonly jitter: number
    }
  | { readonly _tag: "Suppress"; readonly reason: string }
  | { readonly _tag: "Expire"; readonly reason: string }
  | { readonly _tag: "Defer"; readonly until: string }
  | { readonly _tag: "Requeue" }

/**
 * The events. Times UTC ISO.
 *
 * @category models
 */
export type Event =
  | { readonly _tag: "Claimed"; readonly at: string }
  | { readonly _tag: "Sent"; readonly at: string; readonly providerMessageId: string | null; readonly consentRecordId: string | null }
  | { readonly _tag: "RetryScheduled"; readonly at: string; readonly error: LastError; readonly nextAttemptAt: string }
  | { readonly _tag: "Failed"; readonly at: string; readonly error: LastError }
  | { readonly _tag: "Parked"; readonly at: string; readonly error: LastError }
  | { readonly _tag: "Suppressed"; readonly at: string; readonly reason: string }
  | { readonly _tag: "Expired"; readonly at: string; readonly reason: string }
  | { readonly _tag: "Deferred"; readonly at: string; readonly until: string }
  | { readonly _tag: "Requeued"; readonly at: string }

/**
 * A command that does not apply in the delivery's status, or a bad value in one, naming the field.
 *
 * @category errors
 */
export class DeliveryError extends Data.TaggedError("DeliveryError")<{
  readonly field: string
  readonly expected: string
}> {
  override get message(): string {
    return `${this.field}: expected ${this.expected}`
  }
}

const iso = (d: DateTime): string => utcIso(d.toMillis())
const ms = millisOf

/**
 * The wait before retry number `attempts` (1 for the first retry): exponential, capped, scaled by the jitter
 * (a value from 0 to 1, clamped) into [0.5, 1] of the step, and never shorter than `retryAfterMillis`.
 *
 * @category accessors
 */
export const backoffMillis = (attempts: number, retryAfterMillis: number | undefined, jitter01: number, config: Config = defaultConfig): number => {
  const n = Math.max(1, Math.floor(attempts))
  const step = Math.min(config.maxDelayMillis, config.baseDelayMillis * config.factor ** (n - 1))
  const j = Number.isFinite(jitter01) ? Math.min(1, Math.max(0, jitter01)) : 1
  const wait = Math.round(step * (0.5 + j / 2))
  const hint = retryAfterMillis !== undefined && Number.isFinite(retryAfterMillis) && retryAfterMillis > 0 ? Math.ceil(retryAfterMillis) : 0
  return Math.max(wait, hint)
}

/**
 * When the next attempt may be made after `attempts` failed ones.
 *
 * @category accessors
 */
export const nextAttemptAt = (attempts: number, retryAfterMillis: number | undefined, jitter01: number, now: DateTime, config: Config = defaultConfig): DateTime =>
  now.plus({ milliseconds: backoffMillis(attempts, retryAfterMillis, jitter01, config) })

/**
 * Whether a pending delivery is due at `now`.
 *
 * @category guards
 */
export const isDue = (state: State, now: DateTime): boolean =>
  state.status === "pending" && (state.nextAttemptAt === null || ms(state.nextAttemptAt) <= now.toMillis())

const refuse = (command: Command, state: State): Either.Either<never, DeliveryError> =>
  Either.left(new DeliveryError({ field: "status", expected: `a status in which ${command._tag} applies (the delivery is ${state.status})` }))

/**
 * Decides a command in a state at `now`.
 *
 * @category combinators
 */
export const decide = (command: Command, state: State, now: DateTime, config: Config = defaultConfig): Either.Either<ReadonlyArray<Event>, DeliveryError> => {
  const at = iso(now)
  switch (command._tag) {
    case "Claim":
      if (state.status === "sending") return Either.right([{ _tag: "Claimed", at }])
      if (state.status !== "pending") return refuse(command, state)
      if (!isDue(state, now)) return Either.left(new DeliveryError({ field: "nextAttemptAt", expected: "a time at or before now" }))
      if (now.toMillis() >= ms(state.deadline)) return Either.right([{ _tag: "Expired", at, reason: "past-deadline" }])
      return Either.right([{ _tag: "Claimed", at }])
    case "Succeed":
      if (state.status !== "sending") return refuse(command, state)
      return Either.right([{ _tag: "Sent", at, providerMessageId: command.providerMessageId, consentRecordId: command.consentRecordId }])
    case "Fail": {
      if (state.status !== "sending") return refuse(command, state)
      if (!Number.isFinite(command.jitter) || command.jitter < 0 || command.jitter > 1) {
        return Either.left(new DeliveryError({ field: "jitter", expected: "a number from 0 to 1" }))
      }
      const error: LastError = command.code === undefined ? { reason: command.reason } : { reason: command.reason, code: command.code }
      if (!command.retryable) return Either.right([{ _tag: "Failed", at, error }])
      const attempts = state.attempts + 1
      if (attempts >= config.maxAttempts) return Either.right([{ _tag: "Parked", at, error }])
      const next = nextAttemptAt(attempts, command.retryAfterMillis, command.jitter, now, config)
      if (next.toMillis() >= ms(state.deadline)) {
        return Either.right([
          { _tag: "RetryScheduled", at, error, nextAttemptAt: iso(next) },
          { _tag: "Expired", at, reason: "retry-past-deadline" }
        ])
      }
      return Either.right([{ _tag: "RetryScheduled", at, error, nextAttemptAt: iso(next) }])
    }
    case "Suppress":
      if (state.status !== "pending" && state.status !== "sending") return refuse(command, state)
      return Either.right([{ _tag: "Suppressed", at, reason: command.reason }])
    case "Expire":
      if (state.status !== "pending" && state.status !== "sending") return refuse(command, state)
      return Either.right([{ _tag: "Expired", at, reason: command.reason }])
    case "Defer": {
      if (state.status !== "pending" && state.status !== "sending") return refuse(command, state)
      const until = DateTime.fromISO(command.until, { zone: "utc" })
      if (!until.isValid || !/(Z|[+-]\d\d:?\d\d)$/.test(command.until)) return Either.left(new DeliveryError({ field: "until", expected: "an ISO 8601 time with an offset" }))
      if (until.toMillis() >= ms(state.deadline)) return Either.right([{ _tag: "Expired", at, reason: "deferred-past-deadline" }])
      return Either.right([{ _tag: "Deferred", at, until: iso(until) }])
    }
    case "Requeue":
      if (state.status !== "parked" && state.status !== "failed") return refuse(command, state)
      if (now.toMillis() >= ms(state.deadline)) return Either.right([{ _tag: "Expired", at, reason: "past-deadline" }])
      return Either.right([{ _tag: "Requeued", at }])
  }
}

/**
 * Applies an event.
 *
 * @category combinators
 */
export const evolve = (state: State, event: Event): State => {
  switch (event._tag) {
    case "Claimed":
      return { ...state, status: "sending" }
    case "Sent":
      return {
        ...state,
        status: "sent",
        attempts: state.attempts + 1,
        nextAttemptAt: null,
        providerMessageId: event.providerMessageId,
        consentRecordId: event.consentRecordId
      }
    case "RetryScheduled":
      return { ...state, status: "pending", attempts: state.attempts + 1, nextAttemptAt: event.nextAttemptAt, lastError: event.error }
    case "Failed":
      return { ...state, status: "failed", attempts: state.attempts + 1, nextAttemptAt: null, lastError: event.error }
    case "Parked":
      return { ...state, status: "parked", attempts: state.attempts + 1, nextAttemptAt: null, lastError: event.error }
    case "Suppressed":
      return { ...state, status: "suppressed", nextAttemptAt: null, reason: event.reason }
    case "Expired":
      return { ...state, status: "expired", nextAttemptAt: null, reason: event.reason }
    case "Deferred":
      return { ...state, status: "pending", nextAttemptAt: event.until }
    case "Requeued":
      return { ...state, status: "pending", attempts: 0, nextAttemptAt: event.at, reason: null }
  }
}

/**
 * Decides and applies: the new state and the events, or the error.
 *
 * @category combinators
 */
export const step = (command: Command, state: State, now: DateTime, config: Config = defaultConfig): Either.Either<{ readonly state: State; readonly events: ReadonlyArray<Event> }, DeliveryError> =>
  Either.map(decide(command, state, now, config), (events) => ({ state: events.reduce(evolve, state), events }))
