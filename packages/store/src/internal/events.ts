import type { Lifecycle } from "@vertaistuki/core"
import type { RecordedEvent } from "../EventStore.js"

type Tag = Lifecycle.LifecycleEvent["_tag"]

/** The data of a recorded event of the given lifecycle tag (sensitive fields are not in it). */
export const dataOf = <T extends Tag>(e: RecordedEvent, _tag: T): Extract<Lifecycle.LifecycleEvent, { _tag: T }> =>
  e.data as Extract<Lifecycle.LifecycleEvent, { _tag: T }>

/** The person id of a `PersonErased` event, or undefined. */
export const erasedPerson = (e: RecordedEvent): string | undefined =>
  e.type === "PersonErased" && e.personId !== null ? e.personId : undefined

/** Who is who in a projection: the person each participation belongs to, and the people erased. */
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
  const participantId = (e.data as { readonly participantId?: unknown } | null)?.participantId
  if (typeof participantId === "string" && e.personId !== null && e.personId !== participantId) s.personOf[participantId] = e.personId
}
