/**
 * Stores the core's lifecycle events: the sensitive free-text fields (`Lifecycle.sensitiveFields`) are
 * moved out of the event data into its personal fields, encrypted under the person's data key, and put
 * back when the event is read through the vault.
 *
 * @since 0.1.0
 */
import { Lifecycle } from "@vertaistuki/core"
import { Either, Schema } from "effect"
import type { NewEvent, RecordedEvent } from "./EventStore.js"
import type { Revealed } from "./PersonalDataVault.js"
import { corrupt, InvalidInput, type StoreError } from "./StoreError.js"

/** @category models */
export type LifecycleEvent = Lifecycle.LifecycleEvent

/** What a sensitive field reads as once its person is erased or its retention has passed. */
export const ERASED = "[erased]"
/** @category constants */
export const PURGED = "[purged]"
/** What a sensitive field reads as when read without the vault (e.g. in projections). */
export const SEALED = "[sealed]"

const encodeEvent = Schema.encodeEither(Lifecycle.LifecycleEvent)
const decodeEvent = Schema.decodeUnknownEither(Lifecycle.LifecycleEvent)

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
 * @category combinators
 */
export const encode = (
  event: LifecycleEvent,
  options: { readonly personId?: string; readonly personal?: Readonly<Record<string, string>>; readonly recordType?: string } = {}
): Either.Either<NewEvent, InvalidInput> =>
  Either.flatMap(
    Either.mapLeft(encodeEvent(event), (e) => new InvalidInput({ field: "event", expected: `a valid lifecycle event`, actual: e.message.slice(0, 200) })),
    (encoded) => {
      const data: Record<string, unknown> = { ...(encoded as Record<string, unknown>) }
      const personal: Record<string, string> = { ...options.personal }
      for (const field of Lifecycle.sensitiveFields[event._tag] ?? []) {
        const v = data[field]
        if (typeof v === "string") personal[field] = v
        else if (v !== null && v !== undefined) personal[`${field}:json`] = JSON.stringify(v)
        delete data[field]
      }
      // Anonymous feedback has no person; its texts are sealed under a key of their own session.
      const personId = options.personId ?? subjectOf(event) ?? ("sessionId" in event ? `anonymous:${event.sessionId}` : undefined)
      const hasPersonal = Object.keys(personal).length > 0
      if (hasPersonal && personId === undefined) {
        return Either.left(new InvalidInput({ field: "personId", expected: `the subject of a ${event._tag} with sensitive fields` }))
      }
      return Either.right({
        type: event._tag,
        data,
        personId,
        personal: hasPersonal ? personal : undefined,
        recordType: options.recordType
      })
    }
  )

const restore = (event: RecordedEvent, revealed: Revealed): Record<string, unknown> => {
  const data: Record<string, unknown> = { ...(event.data as Record<string, unknown>) }
  for (const field of Lifecycle.sensitiveFields[event.type] ?? []) {
    if (revealed._tag === "Fields") {
      const text = revealed.fields[field]
      const json = revealed.fields[`${field}:json`]
      data[field] = text !== undefined ? text : json !== undefined ? (JSON.parse(json) as unknown) : null
    } else data[field] = revealed._tag === "Erased" ? ERASED : revealed._tag === "Purged" ? PURGED : event.sealed === null ? null : SEALED
  }
  return data
}

/**
 * Decodes a stored lifecycle event, putting back the sensitive fields the vault revealed (or
 * `[erased]`, `[purged]`, `[sealed]`).
 *
 * @category combinators
 */
export const decode = (event: RecordedEvent, revealed: Revealed = { _tag: "None" }): Either.Either<LifecycleEvent, StoreError> =>
  Either.mapLeft(decodeEvent(restore(event, revealed)), (e) => corrupt(`${event.streamId}@${event.version} is not a lifecycle event: ${e.message.slice(0, 200)}`))
