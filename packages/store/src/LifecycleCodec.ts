/**
 * Stores the core's lifecycle events: the sensitive free-text fields (`Lifecycle.sensitiveFields`) are
 * moved out of the event data into its personal fields, sealed under the person's data key (or, for a
 * group's or a session's own texts, a key of the group), and put back when the event is read through
 * the vault.
 *
 * @since 0.1.0
 */
import { Input, Lifecycle } from "@vertaistuki/core"
import { Either, type ParseResult, Schema } from "effect"
import type { NewEvent, RecordedEvent } from "./EventStore.js"
import type { Revealed } from "./PersonalDataVault.js"
import { corrupt, InvalidInput, type StoreError } from "./StoreError.js"

/** @category models */
export type LifecycleEvent = Lifecycle.LifecycleEvent

/** What a sensitive field reads as once its person is erased or its retention has passed. */
export const ERASED = "[erased]"
/** @category constants */
export const PURGED = "[purged]"
/**
 * The record type, and so the retention class, of the texts a group or a session records about itself
 * (cancellation and rescheduling reasons, a start's waiver reason and unmet recommendations, a skipped
 * follow-up's reason), unless `encode` is given another.
 *
 * @category constants
 */
export const GROUP_TEXT = "group-text"

/** What a sensitive field reads as when read without the vault (e.g. in projections). */
export const SEALED = "[sealed]"

const encodeEvent = Schema.encodeEither(Lifecycle.LifecycleEvent)
const decodeEvent = Schema.decodeUnknownEither(Lifecycle.LifecycleEvent)

/** The sensitive fields of an event type: an own-property lookup, so `constructor` or `toString` has none. */
const sensitiveOf = (type: string): ReadonlyArray<string> =>
  Object.hasOwn(Lifecycle.sensitiveFields, type) ? (Lifecycle.sensitiveFields[type] ?? []) : []

/** Every problem of a parse error, whole, without the values found (they may be personal). */
const problems = (e: ParseResult.ParseError): string =>
  Input.issues(e)
    .map((i) => `${Input.pathText(i.path)}: ${i.message}`)
    .join("; ")

/**
 * The data subject of an event: its `personId` or else its `participantId`.
 *
 * @category combinators
 */
export const subjectOf = (event: LifecycleEvent): string | undefined =>
  "personId" in event && typeof event.personId === "string"
    ? event.personId
    : "participantId" in event && typeof event.participantId === "string"
      ? event.participantId
      : undefined

/**
 * Encodes a lifecycle event for `EventStore.append`, with its sensitive fields as personal fields.
 *
 * Pass `personId` (the person, not the participation) for events that carry only a `participantId`:
 * the person is the data subject whose key seals the fields, whose export includes the event, and whose
 * erasure the projections apply to every participation of theirs. Without it the participation id stands
 * in for the person.
 *
 * An event about no person (a group's or a session's) has its texts sealed under the key of its group,
 * `group:<groupId>`, with record type `GROUP_TEXT`; pass `groupId` for a session's events.
 *
 * @category combinators
 */
export const encode = (
  event: LifecycleEvent,
  options: {
    readonly personId?: string
    readonly personal?: Readonly<Record<string, string>>
    readonly recordType?: string
    /** The group a session's event belongs to, whose key seals its texts. */
    readonly groupId?: string
  } = {}
): Either.Either<NewEvent, InvalidInput> =>
  Either.flatMap(
    Either.mapLeft(encodeEvent(event), (e) => new InvalidInput({ field: "event", expected: `a valid lifecycle event`, actual: problems(e) })),
    (encoded) => {
      const data: Record<string, unknown> = { ...(encoded as Record<string, unknown>) }
      const personal: Record<string, string> = { ...options.personal }
      for (const field of sensitiveOf(event._tag)) {
        const v = data[field]
        if (typeof v === "string") personal[field] = v
        else if (v !== null && v !== undefined) personal[`${field}:json`] = JSON.stringify(v)
        delete data[field]
      }
      const hasPersonal = Object.keys(personal).length > 0
      // Anonymous feedback has no person; its texts are sealed under a key of their own session. A group's
      // and a session's texts are sealed under a key of the group.
      const person = options.personId ?? subjectOf(event)
      const groupId = person !== undefined ? undefined : (options.groupId ?? ("groupId" in event ? event.groupId : undefined))
      const anonymous = "sessionId" in event ? `anonymous:${event.sessionId}` : undefined
      const groupOwned = person === undefined && hasPersonal && event._tag !== "AnonymousFeedbackBatchClosed"
      const personId = person ?? (groupOwned ? (groupId === undefined ? undefined : `group:${groupId}`) : anonymous)
      if (hasPersonal && personId === undefined) {
        return Either.left(
          new InvalidInput({ field: "sessionId" in event ? "groupId" : "personId", expected: `the subject or the group of a ${event._tag} with sensitive fields` })
        )
      }
      return Either.right({
        type: event._tag,
        data,
        personId,
        personal: hasPersonal ? personal : undefined,
        recordType: options.recordType ?? (groupOwned ? GROUP_TEXT : undefined)
      })
    }
  )

const ownText = (fields: Readonly<Record<string, string>>, key: string): string | undefined =>
  Object.hasOwn(fields, key) && typeof fields[key] === "string" ? fields[key] : undefined

const restore = (event: RecordedEvent, plain: unknown, revealed: Revealed): Record<string, unknown> | undefined => {
  if (typeof plain !== "object" || plain === null || Array.isArray(plain)) return undefined
  const data = plain as Record<string, unknown>
  for (const field of sensitiveOf(event.type)) {
    let value: unknown
    if (revealed._tag === "Fields") {
      const text = ownText(revealed.fields, field)
      const json = ownText(revealed.fields, `${field}:json`)
      if (text !== undefined) value = text
      else if (json === undefined) value = null
      else {
        try {
          value = JSON.parse(json) as unknown
        } catch {
          return undefined
        }
      }
    } else value = revealed._tag === "Erased" ? ERASED : revealed._tag === "Purged" ? PURGED : event.sealed === null ? null : SEALED
    Object.defineProperty(data, field, { value, writable: true, enumerable: true, configurable: true })
  }
  return data
}

/**
 * Decodes a stored lifecycle event, putting back the sensitive fields the vault revealed (or
 * `[erased]`, `[purged]`, `[sealed]`). An event that is not one (an unknown type, even `constructor`;
 * data of another shape; data beyond `Input`'s limits) is a `Corrupt` `StoreError` naming every
 * problem's path, without the values found; nothing throws.
 *
 * @category combinators
 */
export const decode = (event: RecordedEvent, revealed: Revealed = { _tag: "None" }): Either.Either<LifecycleEvent, StoreError> => {
  const where = `${event.streamId}@${event.version}`
  const plain = Input.plain(event.data)
  if (Either.isLeft(plain)) return Either.left(corrupt(`${where} is not a lifecycle event: ${plain.left.path}: expected ${plain.left.expected}`))
  const data = restore(event, plain.right, revealed)
  if (data === undefined) return Either.left(corrupt(`${where} is not a lifecycle event: its data is not an object of fields`))
  return Input.decodeWith(
    data,
    (u) => Either.mapLeft(decodeEvent(u), (e) => corrupt(`${where} is not a lifecycle event: ${problems(e)}`)),
    (p) => corrupt(`${where} is not a lifecycle event: ${p.path}: expected ${p.expected}`)
  )
}
