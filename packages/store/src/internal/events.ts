import type { Lifecycle } from "@vertaistuki/core"
import type { RecordedEvent } from "../EventStore.js"
import { privacyStream } from "../PersonalDataVault.js"

type Tag = Lifecycle.LifecycleEvent["_tag"]

/** The data of a recorded event of the given lifecycle tag (sensitive fields are not in it). */
export const dataOf = <T extends Tag>(e: RecordedEvent, _tag: T): Extract<Lifecycle.LifecycleEvent, { _tag: T }> =>
  e.data as Extract<Lifecycle.LifecycleEvent, { _tag: T }>

/** An own text field of an event's data, or undefined (data of any shape, from any writer). */
export const textOf = (e: RecordedEvent, field: string): string | undefined => {
  const data = e.data
  if (typeof data !== "object" || data === null || !Object.hasOwn(data, field)) return undefined
  const v = (data as Record<string, unknown>)[field]
  return typeof v === "string" ? v : undefined
}

/** An own list field of an event's data, or an empty list. */
export const listOf = (e: RecordedEvent, field: string): ReadonlyArray<unknown> => {
  const data = e.data
  if (typeof data !== "object" || data === null || !Object.hasOwn(data, field)) return []
  const v = (data as Record<string, unknown>)[field]
  return Array.isArray(v) ? v : []
}

/** The person id of a `PersonErased` event the vault wrote (in its own stream), or undefined. */
export const erasedPerson = (e: RecordedEvent): string | undefined =>
  e.type === "PersonErased" && e.streamId === privacyStream && e.personId !== null ? e.personId : undefined

/**
 * Who is who in a projection: the person each participation belongs to, and the people erased. Both are
 * null-prototype records (`internal/records.ts`), so any id is an ordinary key.
 */
export interface People {
  readonly erased: Record<string, true>
  /** participantId → personId, learned from the events' envelopes (the data subject the vault keys on). */
  readonly personOf: Record<string, string>
}

/** Learns from any event which person a participation belongs to, and who has been erased. */
export const trackPeople = (s: People, e: RecordedEvent): void => {
  const erased = erasedPerson(e)
  if (erased !== undefined) {
    s.erased[erased] = true
    return
  }
  const participantId = textOf(e, "participantId")
  if (participantId !== undefined && e.personId !== null && e.personId !== participantId) s.personOf[participantId] = e.personId
}
