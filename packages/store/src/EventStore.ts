/**
 * The event-store port: append to a stream with an expected version, read a stream, read everything
 * from a global position, and follow new events.
 *
 * Events reference people by a pseudonymous person id. Personal fields (names, contact details, date of
 * birth, free text) travel beside the event in `personal` and are stored encrypted under that person's
 * data key; `data` itself must hold no personal data.
 *
 * @since 0.1.0
 */
import { Context, type Deferred, type Effect, Either, ParseResult, Schema, type Stream } from "effect"
import type { Actor } from "./AccessLog.js"
import type { OutboxMessage } from "./Outbox.js"
import { type ConcurrencyConflict, corrupt, InvalidInput, type StoreError } from "./StoreError.js"

/**
 * What the stream's current version must be for an append to succeed: a number (0 for an empty
 * stream), `"no-stream"` (same as 0) or `"any"` (no check).
 *
 * @category models
 */
export type ExpectedVersion = number | "any" | "no-stream"

/**
 * An event to append.
 *
 * @category models
 */
export interface NewEvent {
  /** The event's type, e.g. `ParticipantEnrolled`. */
  readonly type: string
  /** JSON-serialisable payload without personal data. */
  readonly data: unknown
  /** The pseudonymous id of the person the event is about, if any. */
  readonly personId?: string | undefined
  /** Personal fields, encrypted at rest under `personId`'s data key. Needs `personId`. */
  readonly personal?: Readonly<Record<string, string>> | undefined
  /** The record type retention rules apply to; defaults to `type`. */
  readonly recordType?: string | undefined
}

/**
 * An event as stored. `sealed` is the encrypted personal payload (opaque; read it through the
 * `PersonalDataVault`), `"purged"` after a retention purge, or `null`.
 *
 * @category models
 */
export interface RecordedEvent {
  readonly position: number
  readonly streamId: string
  readonly version: number
  readonly type: string
  readonly data: unknown
  readonly personId: string | null
  readonly sealed: string | null
  readonly recordType: string
  readonly recordedAt: Date
}

/**
 * Where an append landed: the stream's new version and the global positions of its first and last event.
 *
 * @category models
 */
export interface AppendResult {
  readonly streamId: string
  readonly nextVersion: number
  readonly firstPosition: number
  readonly lastPosition: number
}

/** @category models */
export interface AppendOptions {
  /** Messages written to the outbox in the same transaction as the events. */
  readonly outbox?: ReadonlyArray<OutboxMessage> | undefined
}

/** @category models */
export interface FollowOptions {
  /** How long to wait between polls when there is nothing new; default 200 ms. */
  readonly pollIntervalMillis?: number | undefined
  /** Page size; default 1000. */
  readonly batchSize?: number | undefined
}

/**
 * The port. Every read needs the `Actor` in context and is logged under it, once per call, before the
 * events are returned: one entry whose range covers the events read (`readStream`, `readAll`, each page
 * `follow` emits, a whole `scan`). Reads that return nothing are not logged.
 *
 * @category models
 */
export interface EventStore {
  readonly append: (
    streamId: string,
    expectedVersion: ExpectedVersion,
    events: ReadonlyArray<NewEvent>,
    options?: AppendOptions
  ) => Effect.Effect<AppendResult, ConcurrencyConflict | InvalidInput | StoreError>
  /** Events of one stream from `fromVersion` (inclusive, default 1), in version order. */
  readonly readStream: (
    streamId: string,
    options?: { readonly fromVersion?: number; readonly limit?: number }
  ) => Effect.Effect<ReadonlyArray<RecordedEvent>, InvalidInput | StoreError, Actor>
  /**
   * Every event of each stream, by stream id (missing streams read as empty), logged as one entry per
   * stream read, all written at once: for a reader that needs many streams at a time (a dispatcher reading
   * the contact details of a batch of people).
   */
  readonly readStreams: (streamIds: ReadonlyArray<string>) => Effect.Effect<ReadonlyMap<string, ReadonlyArray<RecordedEvent>>, InvalidInput | StoreError, Actor>
  /** Events of every stream after global position `after` (exclusive; 0 reads from the start). */
  readonly readAll: (after: number, limit?: number) => Effect.Effect<ReadonlyArray<RecordedEvent>, InvalidInput | StoreError, Actor>
  /**
   * Every event after `after` up to the head as it is when the scan starts, page by page, logged as ONE
   * entry written before the first page (a rebuild of a million events costs one entry). The entry's range
   * starts after `coveredFrom` (default `after`): a projection whose state also sums up the events before
   * `after` passes 0.
   */
  readonly scan: (
    after: number,
    options?: { readonly batchSize?: number; readonly coveredFrom?: number; readonly detail?: string }
  ) => Stream.Stream<RecordedEvent, InvalidInput | StoreError, Actor>
  /** The stream's current version (0 when it has no events). */
  readonly streamVersion: (streamId: string) => Effect.Effect<number, InvalidInput | StoreError>
  /** The highest global position written. */
  readonly head: Effect.Effect<number, StoreError>
  /**
   * A signal of the next committed append: take it before reading, then `awaitAppend` it when the read
   * found nothing new. Where the database pushes notices of new events (PostgreSQL), it completes as the
   * append commits, in any instance; elsewhere only the timeout ends the wait.
   */
  readonly appended: Effect.Effect<Deferred.Deferred<void>>
  /** Waits until the signal taken by `appended` completes or `millis` pass, whichever comes first. */
  readonly awaitAppend: (since: Deferred.Deferred<void>, millis: number) => Effect.Effect<void>
  /** Every event after `after`, then new ones as they are written (woken by the database's notices where it sends them, else polling); one entry per page read. Never ends. */
  readonly follow: (after: number, options?: FollowOptions) => Stream.Stream<RecordedEvent, InvalidInput | StoreError, Actor>
  /**
   * Runs `effect` in one database transaction, where the adapter has them (SQLite, PostgreSQL): each
   * `append` inside it is a savepoint of that transaction, so a refused append (a conflict) undoes only
   * itself, and everything commits at once, or nothing does when `effect` fails. For a writer that
   * appends many streams at a time (a bulk import, the simulation): one commit instead of one per
   * stream. The transaction holds the write lock until it ends, so keep it short (a few thousand events).
   * Absent in the in-memory store, whose appends commit one by one; use `inTransaction`.
   */
  readonly transaction?: <A, E, R>(effect: Effect.Effect<A, E, R>) => Effect.Effect<A, E | StoreError, R>
  /**
   * Many appends at once, in order, in ONE transaction taking the write lock once: each item is checked
   * and sealed as `append` does, then every expected version is checked and everything written with as
   * few statements as the adapter can; all or nothing (the first version that does not match fails the
   * whole call with its `ConcurrencyConflict`). Where the adapter has it (SQLite, PostgreSQL): for bulk
   * writers, whose cost is otherwise the statements and round trips of each append.
   */
  readonly appendMany?: (items: ReadonlyArray<AppendItem>) => Effect.Effect<ReadonlyArray<AppendResult>, ConcurrencyConflict | InvalidInput | StoreError>
}

/** One append of `appendMany`. @category models */
export interface AppendItem {
  readonly streamId: string
  readonly expectedVersion: ExpectedVersion
  readonly events: ReadonlyArray<NewEvent>
  readonly options?: AppendOptions | undefined
}

/** @category tags */
export const EventStore = Context.GenericTag<EventStore>("@vertaistuki/store/EventStore")

/**
 * Runs `effect` in one transaction of `store` where it has them (`EventStore.transaction`), else as it is.
 *
 * @category combinators
 */
export const inTransaction = <A, E, R>(store: EventStore, effect: Effect.Effect<A, E, R>): Effect.Effect<A, E | StoreError, R> =>
  store.transaction === undefined ? effect : store.transaction(effect)

/**
 * Encodes a `Schema`-typed tagged event into a `NewEvent`, failing with `InvalidInput` when the value
 * does not match the schema.
 *
 * @example
 * ```ts
 * import { Schema } from "effect"
 * import { EventStore } from "@vertaistuki/store"
 * const Joined = Schema.TaggedStruct("Joined", { participantId: Schema.String })
 * const encode = EventStore.encoder(Joined, { personId: (e) => e.participantId })
 * const event = encode({ _tag: "Joined", participantId: "p-1" })
 * ```
 *
 * @category combinators
 */
export const encoder =
  <A extends { readonly _tag: string }, I>(
    schema: Schema.Schema<A, I>,
    options: { readonly personId?: (a: A) => string | undefined; readonly recordType?: (a: A) => string | undefined } = {}
  ) =>
  (a: A, personal?: Readonly<Record<string, string>>): Either.Either<NewEvent, InvalidInput> =>
    Either.map(
      Either.mapLeft(
        Schema.encodeEither(schema)(a),
        (e) => new InvalidInput({ field: "event", expected: `a valid ${String(a?._tag ?? "event")}`, actual: ParseResult.TreeFormatter.formatErrorSync(e) })
      ),
      (data): NewEvent => ({
        type: a._tag,
        data,
        personId: options.personId?.(a),
        personal,
        recordType: options.recordType?.(a)
      })
    )

/**
 * Decodes a recorded event's `data` with a schema; a mismatch is a `Corrupt` store error.
 *
 * @category combinators
 */
export const decoder =
  <A, I>(schema: Schema.Schema<A, I>) =>
  (event: RecordedEvent): Either.Either<A, StoreError> =>
    Either.mapLeft(
      Schema.decodeUnknownEither(schema)(event.data),
      (e) => corrupt(`event ${event.streamId}@${event.version} does not match its schema: ${ParseResult.TreeFormatter.formatErrorSync(e)}`)
    )
