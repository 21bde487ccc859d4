import { DateTime } from "luxon"
import { Schema } from "effect"
import { zone as ZONE } from "../zone.js"

/** Marks free text that may hold personal data and must be encrypted at rest. */
export const SensitiveAnnotationId: unique symbol = Symbol.for("@vertaistuki/core/Sensitive")

export const SensitiveText = Schema.String.annotations({
  identifier: "SensitiveText",
  description: "free text that may hold personal data: encrypt at rest",
  [SensitiveAnnotationId]: true
})

/** An instant as a UTC ISO 8601 string of fixed width (`2026-01-15T15:00:00.000Z`), so string order is time order. */
export const IsoDateTime = Schema.String.pipe(Schema.pattern(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/)).annotations({
  identifier: "IsoDateTime",
  description: "an instant as a UTC ISO 8601 string, e.g. 2026-01-15T15:00:00.000Z"
})
export const Id = Schema.NonEmptyString.annotations({ identifier: "Id" })

export const iso = (dt: DateTime): string => dt.toUTC().toISO()!
export const isoDate = (dt: DateTime): string => dt.setZone(ZONE).toISODate()!
export const fromIso = (s: string): DateTime => DateTime.fromISO(s, { zone: ZONE })
/** Start and end (exclusive) of a Helsinki date as UTC ISO strings. */
export const dayBounds = (date: string): readonly [string, string] => {
  const d = DateTime.fromISO(date, { zone: ZONE }).startOf("day")
  return [iso(d), iso(d.plus({ days: 1 }))]
}
