/**
 * Notices: what the outbox carries for notifications. A notice holds ids and times only, never a name, an
 * address or free text, so the outbox payload is no personal data; the dispatcher reads contacts at send time
 * through the `PersonalDataVault`.
 *
 * The outbox message's `topic` is the notice's `_tag` and its `payload` the encoded notice (with or
 * without the `_tag`). `fromEvents` builds them from the lifecycle events an app appends; `decode` reads
 * them back from an outbox entry.
 *
 * @since 0.1.0
 */
import { type ConsentPurpose, Input, Lifecycle, ConsentPurpose as Purpose } from "@vertaistuki/core"
import { Data, Either, Schema } from "effect"

const Id = Schema.NonEmptyString.pipe(Schema.maxLength(200)).annotations({ identifier: "NoticeId", description: "an id (as core's events hold it), at most 200 characters" })
const Time = Lifecycle.IsoDateTime

/** A session got its time: reminders are planned from it. @category models */
export const SessionScheduled = Schema.TaggedStruct("session-scheduled", {
  groupId: Id,
  sessionId: Id,
  start: Time,
  /** The planned length of the session in minutes. */
  minutes: Schema.optional(Schema.NonNegativeInt)
}).annotations({ identifier: "SessionScheduledNotice" })
/** @category models */
export type SessionScheduled = typeof SessionScheduled.Type

/** A session moved to a new time: the members are told, and reminders are planned for the new time. @category models */
export const SessionMoved = Schema.TaggedStruct("session-moved", {
  groupId: Id,
  sessionId: Id,
  start: Time,
  previousStart: Time,
  minutes: Schema.optional(Schema.NonNegativeInt)
}).annotations({ identifier: "SessionMovedNotice" })
/** @category models */
export type SessionMoved = typeof SessionMoved.Type

/** A session was cancelled (its reason stays in the stream, encrypted; it is not told here). @category models */
export const SessionCancelled = Schema.TaggedStruct("session-cancelled", {
  groupId: Id,
  sessionId: Id,
  start: Time
}).annotations({ identifier: "SessionCancelledNotice" })
/** @category models */
export type SessionCancelled = typeof SessionCancelled.Type

/** The group starts. @category models */
export const GroupStarting = Schema.TaggedStruct("group-starting", {
  groupId: Id,
  start: Time
}).annotations({ identifier: "GroupStartingNotice" })
/** @category models */
export type GroupStarting = typeof GroupStarting.Type

/** An intake interview (alkuhaastattelu) was booked for one person. @category models */
export const IntakeScheduled = Schema.TaggedStruct("intake-scheduled", {
  participantId: Id,
  personId: Id,
  at: Time
}).annotations({ identifier: "IntakeScheduledNotice" })
/** @category models */
export type IntakeScheduled = typeof IntakeScheduled.Type

/** A person withdrew a consent: the confirmation (transactional) is sent to them. @category models */
export const ConsentWithdrawn = Schema.TaggedStruct("consent-withdrawn", {
  participantId: Id,
  personId: Id,
  purpose: Purpose.ConsentPurpose,
  at: Time
}).annotations({ identifier: "ConsentWithdrawnNotice" })
/** @category models */
export type ConsentWithdrawn = typeof ConsentWithdrawn.Type

/**
 * Every notice, a union on `_tag`.
 *
 * @category models
 */
export const Notice = Schema.Union(SessionScheduled, SessionMoved, SessionCancelled, GroupStarting, IntakeScheduled, ConsentWithdrawn).annotations({
  identifier: "Notice"
})
/** @category models */
export type Notice = typeof Notice.Type
/** The JSON form of a notice. @category models */
export type Encoded = typeof Notice.Encoded

/** The tags (and outbox topics) of notices. @category models */
export type Topic = Notice["_tag"]

/**
 * Every topic, in the order of the union.
 *
 * @category constants
 */
export const topics: ReadonlyArray<Topic> = ["session-scheduled", "session-moved", "session-cancelled", "group-starting", "intake-scheduled", "consent-withdrawn"]

/**
 * Whether an outbox topic is a notice's.
 *
 * @category guards
 */
export const isTopic = (topic: string): topic is Topic => (topics as ReadonlyArray<string>).includes(topic)

/**
 * An outbox entry that is not a notice: the field that is wrong (`topic`, `payload`, `payload.start`, …) and
 * what was expected. Never holds the value found.
 *
 * @category errors
 */
export class InvalidNotice extends Data.TaggedError("InvalidNotice")<{
  readonly field: string
  readonly expected: string
}> {
  override get message(): string {
    return `${this.field}: expected ${this.expected}`
  }
}

/**
 * The shape of the store's `Outbox.OutboxMessage`: what an app passes as `append(..., { outbox })`.
 *
 * @category models
 */
export interface OutboxMessage {
  readonly topic: Topic
  readonly payload: Encoded
  readonly personId?: string | undefined
}

const decodeNotice = Schema.decodeUnknownEither(Notice)

/**
 * Reads an outbox entry's topic and payload as a notice. The payload goes through core's `Input` guard (no
 * getter, cycle or `BigInt` reaches the decoder) and the schema; a payload's `_tag`, when present, must be
 * the topic. The error names the field.
 *
 * @category constructors
 */
export const decode = (topic: string, payload: unknown): Either.Either<Notice, InvalidNotice> => {
  if (typeof topic !== "string" || !isTopic(topic)) return Either.left(new InvalidNotice({ field: "topic", expected: `one of ${topics.join(", ")}` }))
  return Input.decodeWith(
    payload,
    (plain) => {
      if (typeof plain !== "object" || plain === null || Array.isArray(plain)) {
        return Either.left(new InvalidNotice({ field: "payload", expected: "an object" }))
      }
      const record = plain as Record<string, unknown>
      if (Object.hasOwn(record, "_tag") && record._tag !== topic) {
        return Either.left(new InvalidNotice({ field: "payload._tag", expected: `the topic (${topic}) or nothing` }))
      }
      return decodeNotice({ ...record, _tag: topic }, { errors: "first", onExcessProperty: "error" }).pipe(
        Either.mapLeft((e) => {
          const issue = Input.issues(e)[0]
          const path = issue === undefined ? [] : issue.path
          return new InvalidNotice({
            field: path.length === 0 ? "payload" : `payload.${Input.pathText(path)}`,
            expected: issue === undefined ? "a notice" : issue.message.startsWith("is unexpected") ? "no such field" : issue.message.replace(/^expected /, "")
          })
        })
      )
    },
    (p) => new InvalidNotice({ field: p.path === "(root)" ? "payload" : `payload.${p.path}`, expected: p.expected })
  )
}

/**
 * The outbox message of a notice: topic = `_tag`, payload = the encoded notice, `personId` for the notices
 * that concern one person (so the outbox logs who is read).
 *
 * @category constructors
 */
export const toOutbox = (notice: Notice): OutboxMessage => {
  const payload = Schema.encodeSync(Notice)(notice)
  return "personId" in notice ? { topic: notice._tag, payload, personId: notice.personId } : { topic: notice._tag, payload }
}

/**
 * What `fromEvents` needs to know beyond the events: the group the events belong to, the person of a
 * participant, and (optional) the start of a session scheduled in an earlier append, for a cancellation.
 *
 * @category models
 */
export interface Context {
  readonly groupId: string
  readonly personOf: (participantId: string) => string | undefined
  /** The current start (UTC ISO) of a session whose scheduling is not among the events. */
  readonly sessionStart?: ((sessionId: string) => string | undefined) | undefined
}

/**
 * The notices of the lifecycle events of one append, as outbox messages:
 * - `SessionScheduled` → `session-scheduled`; `SessionRescheduled` → `session-moved`;
 * - `SessionCancelled` → `session-cancelled` (with the start from the same events or `ctx.sessionStart`;
 *   a session that never had a time has had no one told of it, so it gives no notice);
 * - `GroupStarted` → `group-starting` (start: the moment the group started);
 * - `IntakeScheduled` → `intake-scheduled` (the person from `ParticipantReferred` among the events or `ctx.personOf`);
 * - `ConsentWithdrawn`, and `ConsentRecorded` of a withdrawal → `consent-withdrawn`.
 * Every other event gives nothing. A person-bound event whose person is unknown gives nothing either (there is
 * no one to send to).
 *
 * @category constructors
 */
export const fromEvents = (events: ReadonlyArray<Lifecycle.LifecycleEvent>, ctx: Context): ReadonlyArray<OutboxMessage> => {
  const starts = new Map<string, string>()
  const persons = new Map<string, string>()
  const out: Array<Notice> = []
  const personOf = (participantId: string): string | undefined => persons.get(participantId) ?? ctx.personOf(participantId)
  const withdrawn = (participantId: string, purpose: ConsentPurpose.ConsentPurpose, at: string): void => {
    const personId = personOf(participantId)
    if (personId !== undefined) out.push(ConsentWithdrawn.make({ participantId, personId, purpose, at }))
  }
  for (const e of events) {
    switch (e._tag) {
      case "ParticipantReferred":
        persons.set(e.participantId, e.personId)
        break
      case "SessionScheduled":
        starts.set(e.sessionId, e.start)
        out.push(SessionScheduled.make({ groupId: ctx.groupId, sessionId: e.sessionId, start: e.start, minutes: e.minutes }))
        break
      case "SessionRescheduled":
        starts.set(e.sessionId, e.start)
        out.push(
          SessionMoved.make({ groupId: ctx.groupId, sessionId: e.sessionId, start: e.start, previousStart: e.previousStart, minutes: e.minutes })
        )
        break
      case "SessionCancelled": {
        const start = starts.get(e.sessionId) ?? ctx.sessionStart?.(e.sessionId)
        if (start !== undefined) out.push(SessionCancelled.make({ groupId: ctx.groupId, sessionId: e.sessionId, start }))
        break
      }
      case "GroupStarted":
        out.push(GroupStarting.make({ groupId: e.groupId, start: e.at }))
        break
      case "IntakeScheduled": {
        const personId = personOf(e.participantId)
        if (personId !== undefined) out.push(IntakeScheduled.make({ participantId: e.participantId, personId, at: e.intakeAt }))
        break
      }
      case "ConsentWithdrawn":
        withdrawn(e.participantId, e.purpose, e.at)
        break
      case "ConsentRecorded":
        if (e.record.action === "withdraw") withdrawn(e.participantId, e.record.purpose, e.record.at)
        break
      default:
        break
    }
  }
  return out.map(toOutbox)
}
