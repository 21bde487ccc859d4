import type { Lifecycle } from "@vertaistuki/core"
import type { RecordedEvent } from "../EventStore.js"

type Tag = Lifecycle.LifecycleEvent["_tag"]

/** The data of a recorded event of the given lifecycle tag (sensitive fields are not in it). */
export const dataOf = <T extends Tag>(e: RecordedEvent, _tag: T): Extract<Lifecycle.LifecycleEvent, { _tag: T }> =>
  e.data as Extract<Lifecycle.LifecycleEvent, { _tag: T }>

/** The person id of a `PersonErased` event, or undefined. */
export const erasedPerson = (e: RecordedEvent): string | undefined =>
  e.type === "PersonErased" && e.personId !== null ? e.personId : undefined
