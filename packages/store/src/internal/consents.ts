/**
 * The consent records in the participant streams, read the same way by every projection that answers
 * a consent question (`ConsentRegistry`, `ReportFacts`): a `ConsentRecorded` carries one record; a
 * journey's `ConsentWithdrawn` counts as the person's unscoped withdrawal; nothing else is a record.
 */
import { Participant } from "@vertaistuki/core"
import { Either, Schema } from "effect"
import type { RecordedEvent } from "../EventStore.js"
import { textOf } from "./events.js"

/** The consent text a journey's `ConsentWithdrawn` is recorded under. */
export const JOURNEY_TEXT = "participant-journey"

const decodeEntry = Schema.decodeUnknownEither(Participant.ConsentEntry)

const fieldOf = (e: RecordedEvent, field: string): unknown => {
  const data = e.data
  return typeof data === "object" && data !== null && Object.hasOwn(data, field) ? (data as Record<string, unknown>)[field] : undefined
}

/** One consent record of a participation, as the participant's stream keeps it. */
export interface Recorded {
  readonly participantId: string
  readonly entry: Participant.ConsentEntry
}

/**
 * The consent record an event carries, with the participation it is about; undefined for any other
 * event, and for data of another shape.
 */
export const consentRecordOf = (e: RecordedEvent): Recorded | undefined => {
  if (e.type !== "ConsentRecorded" && e.type !== "ConsentWithdrawn") return undefined
  const participantId = textOf(e, "participantId")
  if (participantId === undefined) return undefined
  const entry =
    e.type === "ConsentRecorded"
      ? decodeEntry(fieldOf(e, "record"))
      : decodeEntry({ purpose: fieldOf(e, "purpose"), action: "withdraw", givenBy: "person", textVersion: JOURNEY_TEXT, at: fieldOf(e, "at"), channel: "electronic-form" })
  return Either.isRight(entry) ? { participantId, entry: entry.right } : undefined
}
