/**
 * The erasure ledger: the list of erased people kept outside the store and its backups, so that a restored
 * backup does not bring back a person erased after the backup was taken. Each erasure adds a line (the
 * pseudonymous person id and when); after a restore, `reapply` erases again everyone the ledger names. The
 * ledger holds no name, contact or free text, only the ids a restore needs. See docs/privacy.md.
 *
 * A line is JSON: `{"personId":"person-2","erasedAt":"2026-05-04T10:00:00.000Z"}`.
 *
 * @since 0.1.0
 */
import { Effect, Either, Schema } from "effect"
import type { AccessContext, Actor } from "./AccessLog.js"
import { EventStore, type RecordedEvent } from "./EventStore.js"
import { PersonalDataVault, privacyStream } from "./PersonalDataVault.js"
import { InvalidInput, type StoreError } from "./StoreError.js"
import * as V from "./internal/validate.js"

/**
 * One erasure as the ledger keeps it.
 *
 * @category models
 */
export interface Entry {
  readonly personId: string
  readonly erasedAt: Date
}

const Line = Schema.Struct({ personId: Schema.String, erasedAt: Schema.String })
const decodeLine = Schema.decodeUnknownEither(Schema.parseJson(Line))

/**
 * The ledger line of an erasure, with its line break.
 *
 * @category constructors
 */
export const line = (entry: Entry): string => `${JSON.stringify({ personId: entry.personId, erasedAt: entry.erasedAt.toISOString() })}\n`

/**
 * The entries of a ledger's text; blank lines are skipped. A line that is not an entry is refused naming
 * its number, so a damaged ledger is noticed before a restore relies on it.
 *
 * @category parsing
 */
export const parse = (text: string): Either.Either<ReadonlyArray<Entry>, InvalidInput> => {
  const entries: Array<Entry> = []
  const lines = text.split(/\r?\n/)
  for (const [i, raw] of lines.entries()) {
    if (raw.trim() === "") continue
    const field = `ledger line ${i + 1}`
    const decoded = decodeLine(raw)
    if (Either.isLeft(decoded)) return Either.left(new InvalidInput({ field, expected: 'a JSON object {"personId": …, "erasedAt": ISO time}' }))
    const id = V.id(`${field}.personId`, decoded.right.personId)
    if (id instanceof InvalidInput) return Either.left(id)
    const erasedAt = new Date(decoded.right.erasedAt)
    if (Number.isNaN(erasedAt.getTime())) return Either.left(new InvalidInput({ field: `${field}.erasedAt`, expected: "an ISO 8601 time" }))
    entries.push({ personId: id, erasedAt })
  }
  return Either.right(entries)
}

/**
 * The erasures recorded in a store's events (the `PersonErased` events of the `$privacy` stream), oldest first.
 *
 * @category constructors
 */
export const fromEvents = (events: ReadonlyArray<RecordedEvent>): ReadonlyArray<Entry> =>
  events.flatMap((e) => (e.streamId === privacyStream && e.type === "PersonErased" && e.personId !== null ? [{ personId: e.personId, erasedAt: e.recordedAt }] : []))

/**
 * The ledger of a live store: every erasure it has recorded, read under the `Actor`. Run it after each
 * erasure (or keep the lines `vertaistuki store erase --ledger` appends) and keep the result apart from the
 * backups.
 *
 * @category operations
 */
export const read: Effect.Effect<ReadonlyArray<Entry>, InvalidInput | StoreError, EventStore | Actor> = Effect.gen(function* () {
  const es = yield* EventStore
  const entries: Array<Entry> = []
  let from = 1
  for (;;) {
    const page = yield* es.readStream(privacyStream, { fromVersion: from, limit: 1000 })
    entries.push(...fromEvents(page))
    if (page.length < 1000) return entries
    from = page[page.length - 1]!.version + 1
  }
})

/**
 * What a `reapply` did: the people erased again (their keys had come back with the backup) and those the
 * restored store had already erased.
 *
 * @category models
 */
export interface Reapplied {
  readonly erasedAgain: ReadonlyArray<string>
  readonly alreadyErased: ReadonlyArray<string>
  /** True when a reader held an old copy of a key during the erasures; see `Erasure.status`. */
  readonly pending: boolean
}

/**
 * Erases again, under `context` (written to the access log), every person the ledger names. Idempotent:
 * a second run erases nobody again.
 *
 * @category operations
 */
export const reapply = (
  entries: ReadonlyArray<Entry>,
  context: AccessContext
): Effect.Effect<Reapplied, InvalidInput | StoreError, PersonalDataVault> =>
  Effect.gen(function* () {
    const vault = yield* PersonalDataVault
    const erasedAgain: Array<string> = []
    const alreadyErased: Array<string> = []
    let pending = false
    for (const personId of new Set(entries.map((e) => e.personId))) {
      const r = yield* vault.erase(personId, context)
      ;(r.alreadyErased ? alreadyErased : erasedAgain).push(personId)
      if (r.status === "pending") pending = true
    }
    return { erasedAgain, alreadyErased, pending }
  })
