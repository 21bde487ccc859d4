/**
 * The planner: turns one outbox entry (a `Notice`, ids only) into delivery intents, one per person, channel,
 * template and reminder, each with its language, `deliverAt`, `deadline` and the consent to ask at send time.
 * It decides and performs nothing. Quiet hours are applied here (deferring or sending earlier), and an intent
 * that cannot be placed before its deadline is returned in `dropped` with the reason, never lost silently.
 *
 * @since 0.1.0
 */
import { createHash } from "node:crypto"
import { type ConsentPurpose, Consent, type Language } from "@vertaistuki/core"
import { Data, Either } from "effect"
import { DateTime } from "luxon"
import * as Notice from "./Notice.js"
import { helsinki, utcIso } from "./internal/zone.js"
import * as QuietHours from "./QuietHours.js"
import * as ReminderPolicy from "./ReminderPolicy.js"
import type { TemplateId } from "./Templates.js"

/**
 * One person to notify: the participant, their person id, and their own language if they have one.
 * `channels` narrows the policy's channels for them (absent: all of the policy's).
 *
 * @category models
 */
export interface Recipient {
  readonly participantId: string
  readonly personId: string
  readonly language?: Language.Language | undefined
  readonly channels?: ReadonlyArray<ReminderPolicy.Channel> | undefined
}

/**
 * Who a notice goes to: the group's roster on the day (the dispatcher builds it), or the one person of an
 * intake or consent notice; and the group's language, the fallback after the person's own.
 *
 * @category models
 */
export interface Audience {
  readonly groupLanguage?: Language.Language | undefined
  readonly recipients: ReadonlyArray<Recipient>
}

/**
 * What should be sent: to whom (ids only), by which channel, with which template, language and values, when
 * (`deliverAt`) and until when at the latest (`deadline`, exclusive). `transactional` messages need no
 * reminder consent; the others need `purpose` within `scope` at the moment of sending. `values` hold times and
 * counts, never names or contacts.
 *
 * @category models
 */
export interface DeliveryIntent {
  readonly deliveryId: string
  readonly outboxId: number
  readonly participantId: string
  readonly personId: string
  readonly channel: ReminderPolicy.Channel
  readonly template: TemplateId
  readonly language: Language.Language
  /** UTC ISO. */
  readonly deliverAt: string
  /** UTC ISO, exclusive. */
  readonly deadline: string
  readonly transactional: boolean
  readonly purpose: ConsentPurpose.ConsentPurpose
  readonly scope?: string | undefined
  readonly values: Readonly<Record<string, string | number>>
  readonly sessionId?: string | undefined
  readonly groupId?: string | undefined
  /** The reminder this intent is (`day-before@18:00`, `hours-before:2`), for session reminders. */
  readonly reminder?: string | undefined
  /** How quiet hours moved it: `none`, `deferred` or `earlier`. */
  readonly moved?: "none" | "deferred" | "earlier" | undefined
}

/**
 * Why an intent was not planned: its deadline has passed, quiet hours last until the deadline, or (for a
 * reminder) its time has passed already, so sending it now would be a second, late reminder.
 *
 * @category models
 */
export type DropReason = QuietHours.DropReason | "reminder-time-passed"

/** An intent not planned, with the reason. @category models */
export interface Dropped {
  readonly intent: DeliveryIntent
  readonly reason: DropReason
}

/**
 * What a plan gives: the intents to store, and the ones dropped with their reasons (to store as such).
 *
 * @category models
 */
export interface Planned {
  readonly intents: ReadonlyArray<DeliveryIntent>
  readonly dropped: ReadonlyArray<Dropped>
}

/**
 * An entry or audience that cannot be planned, naming the field and what was expected.
 *
 * @category errors
 */
export class PlanError extends Data.TaggedError("PlanError")<{
  readonly field: string
  readonly expected: string
}> {
  override get message(): string {
    return `${this.field}: expected ${this.expected}`
  }
}

/** An outbox entry as the planner takes it. @category models */
export interface Entry {
  readonly outboxId: number
  readonly notice: Notice.Notice
}

/**
 * The entry of a stored outbox message (the store's `OutboxEntry` shape): its id and its notice, or the
 * `InvalidNotice` naming the field (`topic` for a message that is not a notification's).
 *
 * @category constructors
 */
export const entryOf = (message: { readonly id: number; readonly topic: string; readonly payload: unknown }): Either.Either<Entry, Notice.InvalidNotice> =>
  Either.map(Notice.decode(message.topic, message.payload), (notice) => ({ outboxId: message.id, notice }))

/**
 * The delivery id: `d-` and the first 32 hex digits of the SHA-256 of the outbox id, person, channel, template
 * and (for reminders) the reminder's key. The same inputs always give the same id, so a retry or a second
 * planning of the entry is recognisable (the email `Message-ID`, the SMS gateway's reference).
 *
 * @category constructors
 */
export const deliveryId = (outboxId: number, personId: string, channel: ReminderPolicy.Channel, template: TemplateId, reminder?: string): string =>
  `d-${createHash("sha256")
    .update(JSON.stringify([outboxId, personId, channel, template, reminder ?? null]))
    .digest("hex")
    .slice(0, 32)}`

/**
 * The language of a message: the person's own, else the group's, else Finnish.
 *
 * @category accessors
 */
export const languageOf = (recipient: Pick<Recipient, "language">, groupLanguage?: Language.Language): Language.Language =>
  recipient.language ?? groupLanguage ?? "fi"

/** The consent purpose of reminders on a channel. @category accessors */
export const purposeOf = (channel: ReminderPolicy.Channel): ConsentPurpose.ConsentPurpose => (channel === "email" ? "email-reminders" : "sms-reminders")

const zone = helsinki
const utc = (d: DateTime): string => utcIso(d.toMillis())
const read = (iso: string): DateTime => DateTime.fromISO(iso, { zone })

/**
 * When a reminder is due for a session starting at `start`: the day before at the wall-clock time, or the
 * hours before.
 *
 * @category accessors
 */
export const reminderAt = (reminder: ReminderPolicy.Reminder, start: DateTime): DateTime => {
  if (reminder._tag === "hours-before") return start.minus({ hours: reminder.hours })
  const day = start.setZone(zone).minus({ days: 1 }).startOf("day")
  return day.set({ hour: Number(reminder.at.slice(0, 2)), minute: Number(reminder.at.slice(3, 5)) })
}

interface Draft {
  readonly template: TemplateId
  readonly at: DateTime
  readonly deadline: DateTime
  readonly transactional: boolean
  readonly values: Readonly<Record<string, string | number>>
  readonly reminder?: string
  /** A reminder whose time is past is dropped, not sent late. */
  readonly onTime: boolean
}

const draftsOf = (notice: Notice.Notice, policy: ReminderPolicy.Policy, now: DateTime): ReadonlyArray<Draft> => {
  const reminders = (start: string, minutes: number | undefined): ReadonlyArray<Draft> => {
    const s = read(start)
    return policy.reminders.map((r) => ({
      template: "session-reminder" as const,
      at: reminderAt(r, s),
      deadline: s,
      transactional: false,
      values: { start, minutes: minutes ?? 0 },
      reminder: ReminderPolicy.keyOf(r),
      onTime: true
    }))
  }
  const soon = now.plus({ hours: policy.noticeHours })
  switch (notice._tag) {
    case "session-scheduled":
      return reminders(notice.start, notice.minutes)
    case "session-moved":
      return [
        {
          template: "session-moved",
          at: now,
          deadline: read(notice.start),
          transactional: false,
          values: { start: notice.start, previousStart: notice.previousStart },
          onTime: false
        },
        ...reminders(notice.start, notice.minutes)
      ]
    case "session-cancelled":
      return [{ template: "session-cancelled", at: now, deadline: read(notice.start), transactional: false, values: { start: notice.start }, onTime: false }]
    case "group-starting":
      return [{ template: "group-starting", at: now, deadline: soon, transactional: false, values: { start: notice.start }, onTime: false }]
    case "intake-scheduled":
      return [{ template: "intake-scheduled", at: now, deadline: read(notice.at), transactional: true, values: { at: notice.at }, onTime: false }]
    case "consent-withdrawn":
      return [
        {
          template: "consent-withdrawn",
          at: now,
          deadline: soon,
          transactional: true,
          values: { purpose: notice.purpose, at: notice.at },
          onTime: false
        }
      ]
  }
}

const validId = (s: unknown): s is string => typeof s === "string" && s !== "" && s.length <= 200

/**
 * Plans an outbox entry for its audience under a policy, at `now`. For a person-bound notice (intake, consent)
 * only the recipient with that person id is planned for, and an audience without them is an error (nothing is
 * skipped silently). The error names the field of the entry or audience
 * that is wrong.
 *
 * @category combinators
 */
export const plan = (entry: Entry, audience: Audience, policy: ReminderPolicy.Policy, now: DateTime): Either.Either<Planned, PlanError> => {
  if (!Number.isSafeInteger(entry.outboxId) || entry.outboxId < 0) return Either.left(new PlanError({ field: "outboxId", expected: "a whole number ≥ 0" }))
  if (!now.isValid) return Either.left(new PlanError({ field: "now", expected: "a valid time" }))
  if (!Array.isArray(audience.recipients)) return Either.left(new PlanError({ field: "audience.recipients", expected: "a list" }))
  const seen = new Set<string>()
  for (const [i, r] of audience.recipients.entries()) {
    if (!validId(r.personId)) return Either.left(new PlanError({ field: `audience.recipients[${i}].personId`, expected: "an id" }))
    if (!validId(r.participantId)) return Either.left(new PlanError({ field: `audience.recipients[${i}].participantId`, expected: "an id" }))
    if (seen.has(r.personId)) return Either.left(new PlanError({ field: `audience.recipients[${i}].personId`, expected: "each person once" }))
    seen.add(r.personId)
  }
  const notice = entry.notice
  const recipients = "personId" in notice ? audience.recipients.filter((r) => r.personId === notice.personId) : audience.recipients
  if ("personId" in notice && recipients.length === 0) {
    return Either.left(new PlanError({ field: "audience.recipients", expected: "the person the notice is about" }))
  }
  const groupId = "groupId" in notice ? notice.groupId : undefined
  const sessionId = "sessionId" in notice ? notice.sessionId : undefined
  const scope = groupId === undefined ? undefined : Consent.groupScope(groupId)
  const drafts = draftsOf(notice, policy, now)
  const intents: Array<DeliveryIntent> = []
  const dropped: Array<Dropped> = []
  for (const r of recipients) {
    const language = languageOf(r, audience.groupLanguage)
    const chosen = policy.channels.filter((c) => r.channels === undefined || r.channels.includes(c))
    for (const channel of chosen) {
      for (const d of drafts) {
        const base: DeliveryIntent = {
          deliveryId: deliveryId(entry.outboxId, r.personId, channel, d.template, d.reminder),
          outboxId: entry.outboxId,
          participantId: r.participantId,
          personId: r.personId,
          channel,
          template: d.template,
          language,
          deliverAt: utc(d.at),
          deadline: utc(d.deadline),
          transactional: d.transactional,
          purpose: purposeOf(channel),
          ...(scope === undefined ? {} : { scope }),
          values: d.values,
          ...(sessionId === undefined ? {} : { sessionId }),
          ...(groupId === undefined ? {} : { groupId }),
          ...(d.reminder === undefined ? {} : { reminder: d.reminder })
        }
        if (d.onTime && d.at < now) {
          dropped.push({ intent: base, reason: d.deadline <= now ? "past-deadline" : "reminder-time-passed" })
          continue
        }
        const placed = QuietHours.place(d.at, d.deadline, ReminderPolicy.windowOf(policy, channel), { skipHolidays: policy.skipHolidays, notBefore: now })
        if (placed._tag === "Drop") dropped.push({ intent: base, reason: placed.reason })
        else intents.push({ ...base, deliverAt: utc(placed.at), moved: placed.moved })
      }
    }
  }
  return Either.right({ intents, dropped })
}
