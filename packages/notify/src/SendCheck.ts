/**
 * The rule at the moment of sending, checked again right before the transport is called: the person is not
 * erased, the deadline has not passed, the session is still scheduled at the time the reminder speaks of,
 * the person is still enrolled, has a contact on the channel, and (for non-transactional messages) their
 * consent for reminders on that channel holds now, within the group's scope (core's `Consent.mayWe`: a
 * refusal or withdrawal wins). Quiet hours defer. A `Send` names the consent record relied on.
 *
 * @since 0.1.0
 */
import { createHash } from "node:crypto"
import { Consent } from "@vertaistuki/core"
import { Either } from "effect"
import { DateTime } from "luxon"
import type { DeliveryIntent } from "./Planner.js"
import { helsinki, millisOf, utcIso } from "./internal/zone.js"
import * as QuietHours from "./QuietHours.js"
import * as ReminderPolicy from "./ReminderPolicy.js"

/**
 * The session as it stands now (from a projection). `start`: UTC ISO, the current one. `rescheduled` counts as
 * scheduled (at its new start).
 *
 * @category models
 */
export interface SessionNow {
  readonly status: "scheduled" | "rescheduled" | "cancelled" | "held"
  readonly start: string
}

/**
 * What the check reads at send time. `person.birthDate` (YYYY-MM-DD) and `understandsOwnData` let `mayWe`
 * decide whose word counts for a minor. `session`: for intents about a session (absent: the session is
 * unknown, which suppresses a session message).
 *
 * @category models
 */
export interface Input {
  readonly intent: DeliveryIntent
  readonly consents: ReadonlyArray<Consent.ConsentRecord>
  readonly person: { readonly id: string; readonly birthDate?: string | undefined; readonly understandsOwnData?: boolean | undefined }
  readonly enrolled: boolean
  readonly session?: SessionNow | undefined
  readonly erased: boolean
  readonly hasContact: boolean
}

/**
 * Why a message is not sent and never will be.
 *
 * @category models
 */
export type SuppressReason =
  | "erased"
  | "not-enrolled"
  | "session-cancelled"
  | "session-held"
  | "session-moved"
  | "session-unknown"
  | "no-contact"
  | "person-mismatch"
  | "no-consent"
  | "consent-withdrawn"
  | "consent-refused"
  | "consent-expired"
  | "minor-forbids"

/** Why a message is too late: its deadline, or quiet hours that last until it. @category models */
export type ExpireReason = "past-deadline" | "quiet-until-deadline"

/**
 * The verdict: `Send` (with the consent record relied on and its id; both `null` for a transactional message),
 * `Suppress` or `Expire` with the reason, or `Defer` until a moment (quiet hours, or not yet due).
 *
 * @category models
 */
export type Verdict =
  | { readonly _tag: "Send"; readonly consentRecordId: string | null; readonly consentRecord: Consent.ConsentRecord | null }
  | { readonly _tag: "Suppress"; readonly reason: SuppressReason }
  | { readonly _tag: "Expire"; readonly reason: ExpireReason }
  | { readonly _tag: "Defer"; readonly until: string; readonly reason: "quiet-hours" | "not-yet-due" }

/**
 * A stable id of a consent record (records have none of their own): `c-` and 32 hex digits of the SHA-256 of
 * its fields. What a delivery stores as the record it relied on.
 *
 * @category constructors
 */
export const consentRecordId = (record: Consent.ConsentRecord): string =>
  `c-${createHash("sha256")
    .update(
      JSON.stringify([
        record.person,
        record.purpose,
        record.action,
        record.givenBy,
        record.textVersion,
        record.at.toMillis(),
        record.channel,
        record.scope ?? null,
        record.expiresAt?.toMillis() ?? null
      ])
    )
    .digest("hex")
    .slice(0, 32)}`

const refusalReason = (r: Consent.Refusal): SuppressReason => {
  switch (r._tag) {
    case "NoConsent":
      return "no-consent"
    case "Withdrawn":
      return "consent-withdrawn"
    case "Refused":
      return "consent-refused"
    case "Expired":
      return "consent-expired"
    case "MinorForbids":
      return "minor-forbids"
  }
}

/** The options of the check: whether holidays are quiet too (the policy's `skipHolidays`). @category models */
export interface Options {
  readonly skipHolidays?: boolean | undefined
  readonly isHoliday?: ((isoDate: string) => boolean) | undefined
}

const millis = millisOf

/**
 * Decides whether the intent may be sent at `now`, in that order: erased → `Suppress`; at or past the deadline
 * → `Expire`; a session message whose session is no longer scheduled at that time, or a person no longer
 * enrolled → `Suppress`; no contact → `Suppress`; consent refused → `Suppress`; before `deliverAt` or in quiet
 * hours → `Defer` (or `Expire` when quiet hours last until the deadline); else `Send`.
 *
 * @category combinators
 */
export const decide = (input: Input, now: DateTime, window: QuietHours.Window, options?: Options): Verdict => {
  const { intent } = input
  if (input.erased) return { _tag: "Suppress", reason: "erased" }
  if (input.person.id !== intent.personId) return { _tag: "Suppress", reason: "person-mismatch" }
  const deadline = millis(intent.deadline)
  if (!(now.toMillis() < deadline)) return { _tag: "Expire", reason: "past-deadline" }
  if (intent.sessionId !== undefined) {
    const s = input.session
    if (s === undefined) return { _tag: "Suppress", reason: "session-unknown" }
    if (s.status === "cancelled" && intent.template !== "session-cancelled") return { _tag: "Suppress", reason: "session-cancelled" }
    if (s.status === "held") return { _tag: "Suppress", reason: "session-held" }
    if (intent.template !== "session-cancelled" && (s.status === "scheduled" || s.status === "rescheduled")) {
      const spoken = intent.values.start
      if (typeof spoken !== "string" || millis(spoken) !== millis(s.start)) return { _tag: "Suppress", reason: "session-moved" }
    }
  }
  if (!intent.transactional && !input.enrolled) return { _tag: "Suppress", reason: "not-enrolled" }
  if (!input.hasContact) return { _tag: "Suppress", reason: "no-contact" }
  let basis: Consent.ConsentRecord | null = null
  if (!intent.transactional) {
    const answer = Consent.mayWe(
      input.consents,
      { id: input.person.id, dateOfBirth: input.person.birthDate, understandsOwnData: input.person.understandsOwnData },
      intent.purpose,
      now,
      intent.scope === undefined ? undefined : { scope: intent.scope }
    )
    if (Either.isLeft(answer)) return { _tag: "Suppress", reason: refusalReason(answer.left) }
    basis = answer.right.basis
  }
  const due = millis(intent.deliverAt)
  if (now.toMillis() < due) return { _tag: "Defer", until: intent.deliverAt, reason: "not-yet-due" }
  const placed = QuietHours.place(now, DateTime.fromMillis(deadline, { zone: helsinki }), window, { ...options, notBefore: now })
  if (placed._tag === "Drop") return { _tag: "Expire", reason: placed.reason }
  if (placed.at.toMillis() > now.toMillis()) return { _tag: "Defer", until: utcIso(placed.at.toMillis()), reason: "quiet-hours" }
  return { _tag: "Send", consentRecordId: basis === null ? null : consentRecordId(basis), consentRecord: basis }
}

/**
 * `decide` with the quiet window of the intent's channel and the holiday rule taken from the policy, so the
 * check at send time can never use other quiet hours than the planner did.
 *
 * @category combinators
 */
export const decideFor = (input: Input, now: DateTime, policy: ReminderPolicy.Policy): Verdict =>
  decide(input, now, ReminderPolicy.windowOf(policy, input.intent.channel), { skipHolidays: policy.skipHolidays })
