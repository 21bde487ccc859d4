/**
 * What an adapter supplies: the storage primitives that differ per database. Everything the port
 * promises on top of them (validation, encryption of personal fields, the access log's rules,
 * projections) is built once here by `make`, so every adapter behaves the same.
 *
 * @since 0.1.0
 */
import { createHash, timingSafeEqual } from "node:crypto"
import { Chunk, Clock, Context, Data, Deferred, Duration, Effect, Layer, Metric, Option, Redacted, Schedule, type Scope, Stream } from "effect"
import { type AccessContext, type AccessEntry, AccessLog, type Action, Actor, type Range, type Verification } from "./AccessLog.js"
import { type AppendItem, type AppendOptions, EventStore, type AppendResult, type ExpectedVersion, type NewEvent, type RecordedEvent } from "./EventStore.js"
import { envelopeAad, newDataKeys, OWNER_CLASS, OWNER_PERIOD, open, periodOf, periodStart, type Slot, seal, slotKey, wrapAad } from "./internal/crypto.js"
import { isStoreStream, privacyEventTypes } from "./internal/reserved.js"
import * as Sealer from "./internal/sealer.js"
import * as V from "./internal/validate.js"
import { checkValue, type Keyring, type MasterKey } from "./MasterKey.js"
import * as Metrics from "./Metrics.js"
import { type Counts, Deliveries, type Delivery, type NewDelivery, type Outcome, type Status, statuses } from "./Deliveries.js"
import { Outbox, type OutboxEntry } from "./Outbox.js"
import {
  disclosureProblem,
  type ErasureStatus,
  type PersonExport,
  type PersonStatus,
  PersonalDataVault,
  privacyStream,
  type Revealed
} from "./PersonalDataVault.js"
import { type Checkpoint, ProjectionStore } from "./Projection.js"
import { Retention } from "./Retention.js"
import { ConcurrencyConflict, corrupt, InvalidInput, StoreError } from "./StoreError.js"

/**
 * An event row as the database holds it.
 *
 * @category models
 */
export interface EventRow {
  readonly position: number
  readonly streamId: string
  readonly version: number
  readonly type: string
  readonly data: string
  readonly personId: string | null
  readonly sealed: string | null
  readonly recordType: string
  readonly recordedAt: number
}

/**
 * An event row before the database gives it a position and a version. `subjects` are the ids of the
 * people and participations it names besides `personId` (`subjectsOf`), written to the adapter's
 * `event_people` index in the append's transaction.
 */
export type PendingEvent = Omit<EventRow, "position" | "streamId" | "version"> & { readonly subjects?: ReadonlyArray<string> | undefined }

/** @category models */
export interface PendingOutbox {
  readonly topic: string
  readonly payload: string
  readonly personId: string | null
  readonly createdAt: number
}

/** One append of `StoreDriver.appendMany`. @category models */
export interface ManyItem {
  readonly streamId: string
  readonly expected: ExpectedVersion
  readonly events: ReadonlyArray<PendingEvent>
  readonly outbox: ReadonlyArray<PendingOutbox>
}

/** @category models */
export interface OutboxRow extends PendingOutbox {
  readonly id: number
  readonly position: number
}

/**
 * A data key of one owner (a person, a group), retention class and month, wrapped by a master key;
 * `wrappedKey` is null once destroyed (by erasure or a retention purge). The row with class `""` and
 * period 0 is the owner's key of the first format (one key per person) and, once destroyed, marks the
 * owner erased.
 *
 * @category models
 */
export interface KeyRow {
  readonly personId: string
  /** The record type whose envelopes the key seals; `""` for the owner's first-format key. */
  readonly retentionClass: string
  /** The UTC month (yyyymm) of the envelopes it seals; 0 for the owner's first-format key. */
  readonly period: number
  readonly wrappedKey: string | null
  readonly createdAt: number
  readonly erasedAt: number | null
}

/**
 * An access-log row as the database holds it; a read of events has `personId` null and its range in
 * `streamId`, `fromPosition` and `toPosition`.
 *
 * @category models
 */
export interface AccessRow extends Omit<AccessEntry, "at" | "range"> {
  /** Epoch milliseconds. */
  readonly at: number
  readonly streamId: string | null
  readonly fromPosition: number | null
  readonly toPosition: number | null
}

/** An access-log row before it is chained (`chainAccess`). */
export type NewAccessRow = Omit<AccessRow, "id" | "previousHash" | "hash">

/** The `previousHash` of the first entry. */
export const GENESIS = "0".repeat(64)

/**
 * SHA-256 (hex) over the canonical encoding of an entry (a JSON array of its fields in a fixed order,
 * its id and `previousHash` included).
 *
 * @category combinators
 */
export const accessHash = (r: Omit<AccessRow, "hash">): string =>
  createHash("sha256")
    .update(
      JSON.stringify([
        "vertaistuki-access-log-v1",
        r.id,
        r.at,
        r.actor,
        r.personId,
        r.action,
        r.purpose,
        r.legalBasis,
        r.recipient,
        r.detail,
        r.streamId,
        r.fromPosition,
        r.toPosition,
        r.previousHash
      ])
    )
    .digest("hex")

/**
 * Gives new rows the ids and hashes that continue the chain after `last` (the newest stored entry, if
 * any). An adapter calls it under a lock that keeps other writers out until its insert commits.
 *
 * @category combinators
 */
export const chainAccess = (
  last: { readonly id: number; readonly hash: string } | undefined,
  rows: ReadonlyArray<NewAccessRow>
): ReadonlyArray<AccessRow> => {
  let id = last?.id ?? 0
  let previousHash = last?.hash ?? GENESIS
  return rows.map((r) => {
    id++
    const chained = { ...r, id, previousHash }
    const hash = accessHash(chained)
    previousHash = hash
    return { ...chained, hash }
  })
}

/**
 * Checks the rows of a log page by page from the start: the first whose `previousHash` is not the hash
 * of the row before or whose `hash` is not its own.
 *
 * @category combinators
 */
export const verifyWith = <E>(page: (afterId: number, limit: number) => Effect.Effect<ReadonlyArray<AccessRow>, E>): Effect.Effect<Verification, E> =>
  Effect.gen(function* () {
    let previous = GENESIS
    let after = 0
    let checked = 0
    for (;;) {
      const rows = yield* page(after, 1000)
      for (const r of rows) {
        if (r.previousHash !== previous) return { checked, broken: { id: r.id, reason: "does not link to the entry before it (an entry was changed, removed or inserted)" }, head: previous }
        if (accessHash(r) !== r.hash) return { checked, broken: { id: r.id, reason: "its content does not match its hash (the entry was changed)" }, head: previous }
        previous = r.hash
        after = r.id
        checked++
      }
      if (rows.length < 1000) return { checked, broken: null, head: previous }
    }
  })

const isSubjectKey = (k: string) =>
  k === "participantId" || k === "personId" || k.endsWith("ParticipantId") || k.endsWith("PersonId")

const NO_SUBJECTS: ReadonlyArray<string> = Object.freeze([])

/**
 * Collects the subjects of an event while `V.data` checks its ids (one pass over the data); `start`
 * begins the next event, so that one collector serves a whole append.
 */
const subjectCollector = () => {
  let personId: string | null = null
  let out: Set<string> | undefined
  return {
    start: (person: string | null) => {
      personId = person
      out = undefined
    },
    onId: (key: string, id: string) => {
      if (id === personId || !isSubjectKey(key)) return
      out ??= new Set()
      if (out.size < 1000) out.add(id)
    },
    subjects: (): ReadonlyArray<string> => (out === undefined ? NO_SUBJECTS : [...out])
  }
}

/**
 * The ids of the people and participations an event names besides its `personId` (which the events
 * table indexes itself): every valid id under a key `participantId`, `personId` or ending in
 * `ParticipantId`/`PersonId` in `data`, at any depth (e.g. each attendance of a `SessionHeld`). At most
 * 1000 per event. The append finds them in the pass that checks the ids; this is the same rule for data
 * already stored.
 *
 * @category combinators
 */
export const subjectsOf = (personId: string | null, data: unknown): ReadonlyArray<string> => {
  const c = subjectCollector()
  c.start(personId)
  V.data("data", data, c.onId)
  return c.subjects()
}

/**
 * An append whose personal fields were sealed with data keys read before an erasure that committed
 * since: the store re-reads the keys and seals again.
 *
 * @category errors
 */
export class KeysChanged extends Data.TaggedError("KeysChanged")<{}> {}

/**
 * The personal fields of an append still being sealed (off the main thread for large appends): `ready(n)`
 * completes once the first `n` events carry their sealed values. An adapter that inserts at most `chunk`
 * events at a time and waits for each chunk just before inserting it overlaps the sealing with its writes.
 *
 * @category models
 */
export interface Sealing {
  readonly chunk: number
  readonly ready: (upTo: number) => Effect.Effect<void>
}

/** The marker a retention purge leaves in place of the sealed personal fields. */
export const PURGED = "purged"

/**
 * The primitives. `append` must be atomic: it checks the expected version, gives the events the next
 * versions and global positions, and writes the outbox rows, all in one transaction; readers must never
 * see a position before all smaller ones are visible. The store counts erasures (`keyEpoch`); an append
 * given the count its data keys were read at fails with `KeysChanged` if an erasure has committed since,
 * so that data keys can be cached between appends without ever sealing data under a destroyed key.
 * When `sealing` is given, the events' `sealed` values are filled in as it gets ready; the adapter must
 * wait for each event's before writing it.
 *
 * @category models
 */
export interface StoreDriver {
  readonly append: (
    streamId: string,
    expected: ExpectedVersion,
    events: ReadonlyArray<PendingEvent>,
    outbox: ReadonlyArray<PendingOutbox>,
    keyEpoch?: number,
    sealing?: Sealing
  ) => Effect.Effect<AppendResult, ConcurrencyConflict | KeysChanged | StoreError>
  /**
   * Several appends to different streams (or one stream several times, in order) in ONE transaction that
   * takes the write lock once: every expected version is checked and every event, subject and outbox row
   * written in as few statements as the adapter can, all or nothing. Optional: without it the port offers
   * no `appendMany`. Each item's personal fields are sealed before the call.
   */
  readonly appendMany?: ((items: ReadonlyArray<ManyItem>, keyEpoch?: number) => Effect.Effect<ReadonlyArray<AppendResult>, ConcurrencyConflict | KeysChanged | StoreError>) | undefined
  readonly readStream: (streamId: string, fromVersion: number, limit: number) => Effect.Effect<ReadonlyArray<EventRow>, StoreError>
  readonly readAll: (after: number, limit: number) => Effect.Effect<ReadonlyArray<EventRow>, StoreError>
  readonly readByPerson: (personId: string) => Effect.Effect<ReadonlyArray<EventRow>, StoreError>
  /** Every event whose `personId` is one of `subjects` or whose `event_people` index holds one, in position order. */
  readonly readBySubjects: (subjects: ReadonlyArray<string>) => Effect.Effect<ReadonlyArray<EventRow>, StoreError>
  readonly streamVersion: (streamId: string) => Effect.Effect<number, StoreError>
  readonly head: Effect.Effect<number, StoreError>
  /**
   * The new head after each committed append, pushed by the database (PostgreSQL's `LISTEN`), where the
   * adapter can; readers then wait for it instead of polling blindly. It may go silent (a dropped
   * connection): readers keep polling at their interval as well.
   */
  readonly headChanges?: Stream.Stream<number, unknown> | undefined
  /** How many erasures have committed; `destroyKey` increments it in its transaction. */
  readonly keyEpoch: Effect.Effect<number, StoreError>
  /** Runs `effect` in one transaction, its appends as savepoints (see `EventStore.transaction`), where the adapter can. */
  readonly transaction?: (<A, E, R>(effect: Effect.Effect<A, E, R>) => Effect.Effect<A, E | StoreError, R>) | undefined
  /** Inserts the keys whose person has none yet; returns the stored rows of all of them. */
  readonly ensureKeys: (rows: ReadonlyArray<KeyRow>) => Effect.Effect<ReadonlyArray<KeyRow>, StoreError>
  readonly getKeys: (personIds: ReadonlyArray<string>) => Effect.Effect<ReadonlyArray<KeyRow>, StoreError>
  readonly allKeys: Effect.Effect<ReadonlyArray<KeyRow>, StoreError>
  readonly rewrapKeys: (rows: ReadonlyArray<RewrapRow>) => Effect.Effect<void, StoreError>
  /**
   * Overwrites every data key of the person (every class and month) with nothing, marks the person erased
   * (the row of class `""`, period 0) and counts an erasure; leaves no copy behind.
   */
  readonly destroyKey: (personId: string, at: number) => Effect.Effect<void, StoreError>
  /**
   * Removes the copies of destroyed keys that the database may still hold outside the live rows (SQLite's
   * WAL, PostgreSQL's old row versions): `complete` when none remains, `pending` while a reader still
   * holds them (it is tried again later).
   */
  readonly settleErasures: Effect.Effect<ErasureStatus, StoreError>
  /** The key-check values stored per master key id. */
  readonly masterKeyChecks: Effect.Effect<ReadonlyArray<MasterKeyCheck>, StoreError>
  /** Stores the key-check values of master keys that have none yet. */
  readonly addMasterKeyChecks: (rows: ReadonlyArray<MasterKeyCheck>) => Effect.Effect<void, StoreError>
  /**
   * In one transaction: destroys the data keys of class `recordType` of every month before `period`,
   * replaces the envelopes of that record type recorded before `before` (the start of `period`) with
   * `PURGED`, and counts an erasure; returns the owners of either. Leaves no copy of the keys behind.
   */
  readonly purgePersonal: (recordType: string, before: number, period: number, at: number) => Effect.Effect<ReadonlyArray<string>, StoreError>
  /** Appends rows to the log, chained (`chainAccess`) after the newest entry under a lock held until commit. */
  readonly insertAccess: (rows: ReadonlyArray<NewAccessRow>) => Effect.Effect<void, StoreError>
  /**
   * The entries naming `personId`, and the entries of reads whose range holds an event of `readBySubjects(subjects)`
   * (in the stream of the range, if it names one), by id.
   */
  readonly accessFor: (personId: string, subjects: ReadonlyArray<string>) => Effect.Effect<ReadonlyArray<AccessRow>, StoreError>
  /** Entries after id `afterId`, by id, at most `limit`. */
  readonly accessPage: (afterId: number, limit: number) => Effect.Effect<ReadonlyArray<AccessRow>, StoreError>
  readonly outboxPending: (limit: number) => Effect.Effect<ReadonlyArray<OutboxRow>, StoreError>
  readonly outboxMarkDone: (ids: ReadonlyArray<number>, at: number) => Effect.Effect<void, StoreError>
  readonly loadCheckpoint: (name: string) => Effect.Effect<Option.Option<Checkpoint>, StoreError>
  readonly saveCheckpoint: (name: string, checkpoint: Checkpoint) => Effect.Effect<void, StoreError>
  /**
   * Claims at most `limit` outbox entries not yet dispatched (planned) whose lease is free or ended before
   * `now` (of `topics`, when given), oldest first, setting their lease to `owner` until `until`. Concurrent
   * claimers never get the same entry (PostgreSQL: `FOR UPDATE SKIP LOCKED`; SQLite: the write lock).
   */
  readonly outboxClaim: (owner: string, now: number, until: number, limit: number, topics: ReadonlyArray<string> | null) => Effect.Effect<ReadonlyArray<OutboxRow>, StoreError>
  /**
   * In one transaction: inserts the rows whose delivery id is new, marks the outbox entry dispatched and
   * frees its lease; how many rows were inserted, or undefined when there is no such entry.
   */
  readonly deliveriesPlan: (outboxId: number, rows: ReadonlyArray<DeliveryRow>, now: number) => Effect.Effect<number | undefined, StoreError>
  /**
   * Claims at most `limit` deliveries `pending` with `next_attempt_at` ≤ `now`, or `sending` whose lease
   * ended before `now`, oldest first: each becomes `sending` under `owner` until `until`, attempts + 1.
   */
  readonly deliveriesClaim: (owner: string, now: number, until: number, limit: number) => Effect.Effect<ReadonlyArray<DeliveryRow>, StoreError>
  /** Applies a settlement to a delivery that is `sending` under `owner`'s lease; false when it is not. */
  readonly deliveriesSettle: (deliveryId: string, owner: string, settlement: Settlement, now: number) => Effect.Effect<boolean, StoreError>
  /** Every `parked` delivery back to `pending` due at `now`, attempts 0; how many. */
  readonly deliveriesRequeue: (now: number) => Effect.Effect<number, StoreError>
  /** Counts per status, with the smallest `next_attempt_at` of each. */
  readonly deliveriesCounts: Effect.Effect<ReadonlyArray<{ readonly status: string; readonly count: number; readonly oldest: number | null }>, StoreError>
  /** Deliveries of a status and/or an outbox entry (null: any), by creation then id, at most `limit`. */
  readonly deliveriesList: (status: Status | null, outboxId: number | null, limit: number) => Effect.Effect<ReadonlyArray<DeliveryRow>, StoreError>
  /**
   * Takes or renews the lease of projection `name` for `owner` until `ttlMillis` from now (the database's
   * clock where there is one): granted when nobody holds it, `owner` holds it, or the holder's lease has
   * expired. A new holder gets the next epoch; a renewal keeps it. None when another owner holds it.
   */
  readonly acquireLease: (name: string, owner: string, ttlMillis: number) => Effect.Effect<Option.Option<LeaseRow>, StoreError>
  /** Ends `owner`'s lease of `name` at once, if it holds it. */
  readonly releaseLease: (name: string, owner: string) => Effect.Effect<void, StoreError>
  readonly leaseOf: (name: string) => Effect.Effect<Option.Option<LeaseRow>, StoreError>
  /**
   * Saves the checkpoint only while the lease row still names `owner` with `epoch`, in one transaction
   * that locks the lease row: false (nothing saved) once another owner has taken over.
   */
  readonly saveCheckpointAsOwner: (name: string, checkpoint: Checkpoint, owner: string, epoch: number) => Effect.Effect<boolean, StoreError>
}

/**
 * A delivery as the database holds it (times as epoch milliseconds, the intent as JSON text).
 *
 * @category models
 */
export interface DeliveryRow {
  readonly deliveryId: string
  readonly outboxId: number
  readonly participantId: string
  readonly personId: string
  readonly channel: string
  readonly template: string
  readonly language: string
  readonly deliverAt: number
  readonly deadline: number
  readonly status: string
  readonly attempts: number
  readonly nextAttemptAt: number | null
  readonly leaseOwner: string | null
  readonly leaseUntil: number | null
  readonly providerMessageId: string | null
  readonly lastError: string | null
  readonly consentRecord: string | null
  readonly intent: string
  readonly createdAt: number
  readonly updatedAt: number
}

/**
 * What a settled delivery becomes: its new status and fields (null keeps a stored provider id or consent
 * record), its lease freed; `attemptDelta` -1 un-counts the attempt of a deferral.
 *
 * @category models
 */
export interface Settlement {
  readonly status: Status
  readonly providerMessageId: string | null
  readonly consentRecord: string | null
  readonly lastError: string | null
  readonly nextAttemptAt: number | null
  readonly attemptDelta: 0 | -1
}

/** A delivery row as `sql.insert` takes it (the tables' column names). */
export const deliveryColumns = (r: DeliveryRow) => ({
  delivery_id: r.deliveryId,
  outbox_id: r.outboxId,
  participant_id: r.participantId,
  person_id: r.personId,
  channel: r.channel,
  template: r.template,
  language: r.language,
  deliver_at: r.deliverAt,
  deadline: r.deadline,
  status: r.status,
  attempts: r.attempts,
  next_attempt_at: r.nextAttemptAt,
  lease_owner: r.leaseOwner,
  lease_until: r.leaseUntil,
  provider_message_id: r.providerMessageId,
  last_error: r.lastError,
  consent_record: r.consentRecord,
  intent: r.intent,
  created_at: r.createdAt,
  updated_at: r.updatedAt
})

/** The deliveries' columns as an adapter selects them into a `DeliveryRow`; `n` wraps a numeric column (e.g. a cast). */
export const deliverySelect = (n: (column: string) => string = (c) => c): string =>
  `delivery_id AS "deliveryId", ${n("outbox_id")} AS "outboxId", participant_id AS "participantId", person_id AS "personId", channel, template, language,
  ${n("deliver_at")} AS "deliverAt", ${n("deadline")} AS "deadline", status, attempts, ${n("next_attempt_at")} AS "nextAttemptAt", lease_owner AS "leaseOwner",
  ${n("lease_until")} AS "leaseUntil", provider_message_id AS "providerMessageId", last_error AS "lastError", consent_record AS "consentRecord", intent,
  ${n("created_at")} AS "createdAt", ${n("updated_at")} AS "updatedAt"`

/** The settlement an outcome makes (`Deliveries.settle`). @category combinators */
export const settlementOf = (o: Outcome): Settlement => {
  const base = { providerMessageId: null, consentRecord: null, lastError: null, nextAttemptAt: null, attemptDelta: 0 } as const
  switch (o._tag) {
    case "Sent":
      return { ...base, status: "sent", providerMessageId: o.providerMessageId, consentRecord: o.consentRecord }
    case "Suppressed":
      return { ...base, status: "suppressed", lastError: o.reason }
    case "Expired":
      return { ...base, status: "expired", lastError: o.reason }
    case "Retry":
      return { ...base, status: "pending", lastError: o.error, nextAttemptAt: o.nextAttemptAt.getTime() }
    case "Defer":
      return { ...base, status: "pending", nextAttemptAt: o.until.getTime(), attemptDelta: -1 }
    case "Failed":
      return { ...base, status: "failed", lastError: o.error }
    case "Parked":
      return { ...base, status: "parked", lastError: o.error }
  }
}

/**
 * A projection's lease: who runs it, since which takeover (`epoch`) and until when (epoch milliseconds).
 *
 * @category models
 */
export interface LeaseRow {
  readonly owner: string
  readonly epoch: number
  readonly expiresAt: number
}

/**
 * A master key's id and its key-check value (`MasterKey.checkValue`).
 *
 * @category models
 */
export interface MasterKeyCheck {
  readonly id: string
  readonly check: string
}

/** A data key re-wrapped under the current master key. @category models */
export interface RewrapRow {
  readonly personId: string
  readonly retentionClass: string
  readonly period: number
  readonly wrappedKey: string
}

/** @category tags */
export const StoreDriver = Context.GenericTag<StoreDriver>("@vertaistuki/store/StoreDriver")

/** Every service the store layers provide. */
export type Services = EventStore | PersonalDataVault | AccessLog | Outbox | Deliveries | ProjectionStore | Retention

const MAX_BATCH = 10_000

/** A UTC ISO instant as the core writes them (`Z` or an offset). */
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/

type ClaimOptionsLike = { readonly owner: string; readonly limit?: number | undefined; readonly leaseMillis?: number | undefined }

type Mutable<A> = { -readonly [K in keyof A]: A[K] }

const toRecorded = (row: EventRow): RecordedEvent => {
  let data: unknown
  try {
    data = JSON.parse(row.data)
  } catch (cause) {
    throw corrupt(`event ${row.streamId}@${row.version} has unreadable data`, cause)
  }
  return {
    position: row.position,
    streamId: row.streamId,
    version: row.version,
    type: row.type,
    data,
    personId: row.personId,
    sealed: row.sealed,
    recordType: row.recordType,
    recordedAt: new Date(row.recordedAt)
  }
}

const toRecordedAll = (rows: ReadonlyArray<EventRow>): Effect.Effect<ReadonlyArray<RecordedEvent>, StoreError> =>
  Effect.try({ try: () => rows.map(toRecorded), catch: (e) => (e instanceof StoreError ? e : corrupt("unreadable event", e)) })

const checkContext = (context: AccessContext): Effect.Effect<AccessContext, InvalidInput> =>
  Effect.gen(function* () {
    yield* V.lift(V.line("context.actor", context?.actor, 200))
    yield* V.lift(V.line("context.purpose", context?.purpose))
    yield* V.lift(V.line("context.legalBasis", context?.legalBasis))
    if (context.recipient !== undefined) yield* V.lift(V.line("context.recipient", context.recipient, 200))
    return context
  })

/** What a store operation logs; the context adds who, why and on what basis. */
interface NewAccessEntry {
  readonly personId: string | null
  readonly action: Action
  readonly detail?: string | null | undefined
  readonly range?: Range | undefined
}

/** The `Actor` in context, checked. */
const actor: Effect.Effect<AccessContext, InvalidInput, Actor> = Effect.flatMap(Actor, checkContext)

/** Splits a list into lists of at most `n`. */
export const chunks = <A>(xs: ReadonlyArray<A>, n: number): ReadonlyArray<ReadonlyArray<A>> => {
  const out: Array<ReadonlyArray<A>> = []
  for (let i = 0; i < xs.length; i += n) out.push(xs.slice(i, i + n))
  return out
}

/**
 * `ensureKeys` from an adapter's `INSERT … ON CONFLICT DO NOTHING RETURNING` of a list of keys and its
 * `getKeys`: the rows inserted come back from the insert, and only the people whose key another writer
 * inserted first are read again, so keys for new people take one round trip.
 *
 * @category constructors
 */
export const ensureKeysWith =
  <E>(
    insertReturning: (rows: ReadonlyArray<KeyRow>) => Effect.Effect<ReadonlyArray<KeyRow>, E>,
    getKeys: (personIds: ReadonlyArray<string>) => Effect.Effect<ReadonlyArray<KeyRow>, E>
  ) =>
  (rows: ReadonlyArray<KeyRow>): Effect.Effect<ReadonlyArray<KeyRow>, E> =>
    Effect.flatMap(insertReturning(rows), (inserted) => {
      if (inserted.length === rows.length) return Effect.succeed(inserted)
      const got = new Set(inserted.map((r) => slotKey(r.personId, r.retentionClass, r.period)))
      const wanted = new Set(rows.map((r) => slotKey(r.personId, r.retentionClass, r.period)))
      const owners = [...new Set(rows.flatMap((r) => (got.has(slotKey(r.personId, r.retentionClass, r.period)) ? [] : [r.personId])))]
      return Effect.map(getKeys(owners), (others) => [
        ...inserted,
        ...others.filter((r) => {
          const k = slotKey(r.personId, r.retentionClass, r.period)
          return wanted.has(k) && !got.has(k)
        })
      ])
    })

/** A data key's row as `sql.insert` takes it (the tables' column names). */
export const keyColumns = (r: KeyRow) => ({
  person_id: r.personId,
  retention_class: r.retentionClass,
  period: r.period,
  wrapped_key: r.wrappedKey,
  created_at: r.createdAt,
  erased_at: r.erasedAt
})

/** Whether a key row is its owner's erasure tombstone. */
export const isTombstone = (r: KeyRow): boolean => r.retentionClass === OWNER_CLASS && r.period === OWNER_PERIOD && r.wrappedKey === null

/** An outbox message's row as `sql.insert` takes it. */
export const outboxColumns = (m: PendingOutbox & { readonly position: number }) => ({
  position: m.position,
  topic: m.topic,
  payload: m.payload,
  person_id: m.personId,
  created_at: m.createdAt
})

/** An access-log entry's row as `sql.insert` takes it. */
export const accessColumns = (r: AccessRow) => ({
  id: r.id,
  at: r.at,
  actor: r.actor,
  person_id: r.personId,
  action: r.action,
  purpose: r.purpose,
  legal_basis: r.legalBasis,
  recipient: r.recipient,
  detail: r.detail,
  stream_id: r.streamId,
  from_position: r.fromPosition,
  to_position: r.toPosition,
  previous_hash: r.previousHash,
  hash: r.hash
})

/** The access log's columns as an adapter selects them into an `AccessRow` (positions and times as numbers). */
export const ACCESS_COLUMNS = `id, at, actor, person_id AS "personId", action, purpose, legal_basis AS "legalBasis", recipient, detail,
  stream_id AS "streamId", from_position AS "fromPosition", to_position AS "toPosition", previous_hash AS "previousHash", hash`

/** `INSERT INTO <table> (position, subject_id) VALUES …` for `n` rows, with the adapter's placeholder for parameter `i` (from 0). */
export const insertSubjectsCached = (table: string, placeholder: (i: number) => string): ((n: number) => string) => {
  const statements = new Map<number, string>()
  return (n) => {
    let text = statements.get(n)
    if (text === undefined) {
      const rows = new Array<string>(n)
      for (let r = 0; r < n; r++) rows[r] = `(${placeholder(2 * r)}, ${placeholder(2 * r + 1)})`
      text = `INSERT INTO ${table} (position, subject_id) VALUES ${rows.join(", ")}`
      statements.set(n, text)
    }
    return text
  }
}

/** The columns of an event, in the order of the parameters `appendWith` passes to `insertEvents`. */
export const EVENT_INSERT_COLUMNS = "position, stream_id, version, type, data, person_id, sealed, record_type, recorded_at"

/** `INSERT INTO <table> (…) VALUES (…), …` for `n` events, with the adapter's placeholder for parameter `i` (from 0). */
export const insertEventsSql = (table: string, n: number, placeholder: (i: number) => string): string => {
  const rows = new Array<string>(n)
  for (let r = 0; r < n; r++) rows[r] = `(${Array.from({ length: 9 }, (_, k) => placeholder(r * 9 + k)).join(", ")})`
  return `INSERT INTO ${table} (${EVENT_INSERT_COLUMNS}) VALUES ${rows.join(", ")}`
}

/**
 * `insertEventsSql` for a table, built once per number of events (the SQL clients cache the prepared
 * statement by its text).
 *
 * @category constructors
 */
export const insertEventsCached = (table: string, placeholder: (i: number) => string): ((n: number) => string) => {
  const statements = new Map<number, string>()
  return (n) => {
    let text = statements.get(n)
    if (text === undefined) {
      text = insertEventsSql(table, n, placeholder)
      statements.set(n, text)
    }
    return text
  }
}

/**
 * An adapter's mapping of its database errors, keeping the failures that already are `StoreError`s.
 *
 * @category constructors
 */
export const storeErrorWith =
  (toStoreError: (e: unknown) => StoreError) =>
  (e: unknown): StoreError =>
    e instanceof StoreError ? e : toStoreError(e)

/**
 * What every adapter's `append` checks under its write lock: that no erasure has committed since the
 * data keys were read at `keyEpoch` (when given), then that the stream is at the expected version.
 * Undefined when the append may go ahead.
 *
 * @category combinators
 */
export const checkAppend = (
  streamId: string,
  expected: ExpectedVersion,
  current: number,
  keyEpoch: number | undefined,
  erasures: number
): ConcurrencyConflict | KeysChanged | undefined => {
  if (keyEpoch !== undefined && keyEpoch !== erasures) return new KeysChanged()
  const want = expected === "no-stream" ? 0 : expected
  if (want !== "any" && want !== current) return new ConcurrencyConflict({ streamId, expectedVersion: expected, actualVersion: current })
  return undefined
}

/**
 * The statements of an SQL adapter's append; `appendWith` builds the append from them.
 *
 * @category models
 */
export interface AppendStatements<E> {
  readonly transaction: <A, E1, R>(effect: Effect.Effect<A, E1, R>) => Effect.Effect<A, E1 | E, R>
  /** Adds `n` to the `store_head` counter, which takes the write lock; returns the new head and the erasure count. */
  readonly bumpHead: (n: number) => Effect.Effect<{ readonly position: number; readonly erasures: number }, E>
  readonly streamVersion: (streamId: string) => Effect.Effect<number, E>
  /** The current versions of many streams in one statement (a stream with no events is missing or 0); else one `streamVersion` each. */
  readonly streamVersions?: ((streamIds: ReadonlyArray<string>) => Effect.Effect<ReadonlyMap<string, number>, E>) | undefined
  /** Inserts `n` events; `params` holds 9 values per event, in the order of `EVENT_INSERT_COLUMNS`. */
  readonly insertEvents: (n: number, params: ReadonlyArray<string | number | null>) => Effect.Effect<unknown, E>
  readonly insertOutbox: (rows: ReadonlyArray<PendingOutbox & { readonly position: number }>) => Effect.Effect<unknown, E>
  /** Inserts `n` rows of the `event_people` index; `params` holds position and subject id per row. */
  readonly insertSubjects: (n: number, params: ReadonlyArray<string | number>) => Effect.Effect<unknown, E>
  readonly toStoreError: (e: unknown) => StoreError
  /** Events per INSERT statement. */
  readonly chunk: number
  /**
   * Events per INSERT while the envelopes are still being sealed. By default the sealer's chunk: each is
   * inserted as soon as it is sealed, which suits a database in the process (SQLite), where a statement
   * is cheap. `chunk` waits for the envelopes and inserts them in full statements, which suits a server
   * (PostgreSQL), where every statement is a round trip; the sealing then overlaps the round trips before it.
   */
  readonly sealedChunk?: number | undefined
}

/**
 * An SQL adapter's `append`, in one transaction: takes the write lock by bumping the head, checks the
 * erasure count and the expected version, then inserts the events `chunk` at a time (each as soon as
 * its personal fields are sealed) and the outbox rows. A unique violation is reported as `ConcurrencyConflict`.
 *
 * @category constructors
 */
export const appendWith =
  <E>(s: AppendStatements<E>): StoreDriver["append"] =>
  (streamId, expected, events, outbox, keyEpoch, sealing) =>
    s
      .transaction(
        Effect.gen(function* () {
          const head = yield* s.bumpHead(events.length)
          const current = yield* s.streamVersion(streamId)
          const rejected = checkAppend(streamId, expected, current, keyEpoch, head.erasures)
          if (rejected !== undefined) return yield* rejected
          const last = head.position
          const first = last - events.length + 1
          const step = Math.min(s.chunk, Math.max(sealing?.chunk ?? s.chunk, s.sealedChunk ?? 0))
          for (let c = 0; c < events.length; c += step) {
            const n = Math.min(step, events.length - c)
            if (sealing !== undefined) yield* sealing.ready(c + n)
            const params: Array<string | number | null> = new Array(n * 9)
            for (let i = 0; i < n; i++) {
              const e = events[c + i]!
              const o = i * 9
              params[o] = first + c + i
              params[o + 1] = streamId
              params[o + 2] = current + c + i + 1
              params[o + 3] = e.type
              params[o + 4] = e.data
              params[o + 5] = e.personId
              params[o + 6] = e.sealed
              params[o + 7] = e.recordType
              params[o + 8] = e.recordedAt
            }
            yield* s.insertEvents(n, params)
          }
          const subjects: Array<string | number> = []
          for (let i = 0; i < events.length; i++) for (const id of events[i]!.subjects ?? []) subjects.push(first + i, id)
          for (let c = 0; c < subjects.length; c += 1000) yield* s.insertSubjects(Math.min(1000, subjects.length - c) / 2, subjects.slice(c, c + 1000))
          if (outbox.length > 0) yield* s.insertOutbox(outbox.map((m) => ({ ...m, position: last })))
          return { streamId, nextVersion: current + events.length, firstPosition: first, lastPosition: last }
        })
      )
      .pipe(
        Effect.mapError((e) => {
          if (e instanceof ConcurrencyConflict || e instanceof KeysChanged) return e
          const mapped = storeErrorWith(s.toStoreError)(e)
          return mapped.reason === "Conflict" ? new ConcurrencyConflict({ streamId, expectedVersion: expected, actualVersion: -1 }) : mapped
        })
      )

/**
 * An SQL adapter's `appendMany`, in one transaction: bumps the head once by every event of every item,
 * checks the erasure count and every expected version (read in one statement where the adapter has
 * `streamVersions`), then inserts all the events `chunk` at a time, their subjects and the outbox rows
 * (each message at the last position of its own item). The first version that does not match fails the
 * whole transaction with that stream's `ConcurrencyConflict`.
 *
 * @category constructors
 */
export const appendManyWith =
  <E>(s: AppendStatements<E>): NonNullable<StoreDriver["appendMany"]> =>
  (items, keyEpoch) =>
    s
      .transaction(
        Effect.gen(function* () {
          let total = 0
          for (const it of items) total += it.events.length
          const head = yield* s.bumpHead(total)
          if (keyEpoch !== undefined && keyEpoch !== head.erasures) return yield* new KeysChanged()
          const ids = [...new Set(items.map((it) => it.streamId))]
          const stored = new Map<string, number>()
          if (s.streamVersions !== undefined) for (const [k, v] of yield* s.streamVersions(ids)) stored.set(k, v)
          else for (const id of ids) stored.set(id, yield* s.streamVersion(id))
          let position = head.position - total + 1
          const results: Array<AppendResult> = []
          const params: Array<string | number | null> = []
          const subjects: Array<string | number> = []
          const outbox: Array<PendingOutbox & { readonly position: number }> = []
          let n = 0
          for (const it of items) {
            const current = stored.get(it.streamId) ?? 0
            const rejected = checkAppend(it.streamId, it.expected, current, undefined, head.erasures)
            if (rejected !== undefined) return yield* rejected
            const first = position
            for (let i = 0; i < it.events.length; i++) {
              const e = it.events[i]!
              params.push(position, it.streamId, current + i + 1, e.type, e.data, e.personId, e.sealed, e.recordType, e.recordedAt)
              for (const id of e.subjects ?? []) subjects.push(position, id)
              position++
              if (++n === s.chunk) {
                yield* s.insertEvents(n, params.splice(0))
                n = 0
              }
            }
            for (const m of it.outbox) outbox.push({ ...m, position: position - 1 })
            stored.set(it.streamId, current + it.events.length)
            results.push({ streamId: it.streamId, nextVersion: current + it.events.length, firstPosition: first, lastPosition: position - 1 })
          }
          if (n > 0) yield* s.insertEvents(n, params)
          for (let c = 0; c < subjects.length; c += 1000) yield* s.insertSubjects(Math.min(1000, subjects.length - c) / 2, subjects.slice(c, c + 1000))
          for (let c = 0; c < outbox.length; c += 500) yield* s.insertOutbox(outbox.slice(c, c + 500))
          return results
        })
      )
      .pipe(
        Effect.mapError((e) => {
          if (e instanceof ConcurrencyConflict || e instanceof KeysChanged) return e
          const mapped = storeErrorWith(s.toStoreError)(e)
          return mapped.reason === "Conflict" ? new ConcurrencyConflict({ streamId: items[0]?.streamId ?? "", expectedVersion: items[0]?.expected ?? "any", actualVersion: -1 }) : mapped
        })
      )

/**
 * Checks the keyring against the key-check values the store holds, before anything is written: a
 * configured key whose id is known must have the same check value, and a store that has master keys must
 * know the current or one of the previous ones (a store from before key checks: its wrapped data keys
 * name the ids). Then records the check values of the configured keys that are new to the store.
 *
 * @category combinators
 */
export const verifyKeyring = (driver: StoreDriver, keyring: Keyring): Effect.Effect<void, InvalidInput | StoreError> =>
  Effect.gen(function* () {
    const variable = keyring.variable ?? "VERTAISTUKI_MASTER_KEY"
    const wrong = (key: MasterKey, why: string) =>
      new InvalidInput({ field: variable, expected: `the master key this store's data keys are wrapped with (${why})`, actual: `a key with id ${key.id}` })
    const stored = new Map((yield* driver.masterKeyChecks).map((r) => [r.id, r.check]))
    const configured = [keyring.current, ...keyring.previous]
    for (const key of configured) {
      const check = stored.get(key.id)
      if (check === undefined) continue
      const mine = Buffer.from(checkValue(key), "utf8")
      const theirs = Buffer.from(check, "utf8")
      if (mine.length !== theirs.length || !timingSafeEqual(mine, theirs)) return yield* wrong(key, "its key-check value does not match")
    }
    const known = new Set(stored.keys())
    if (known.size === 0) {
      for (const r of yield* driver.allKeys) if (r.wrappedKey !== null) known.add(r.wrappedKey.slice(0, r.wrappedKey.indexOf(":")))
    }
    if (known.size > 0 && !configured.some((k) => known.has(k.id))) {
      return yield* wrong(keyring.current, `the store knows master key ids ${[...known].sort().join(", ")}`)
    }
    const fresh = configured.filter((k) => !stored.has(k.id)).map((k) => ({ id: k.id, check: checkValue(k) }))
    if (fresh.length > 0) yield* driver.addMasterKeyChecks(fresh)
  })

/**
 * Builds every service of the port over a driver, with personal fields sealed under keys wrapped by
 * the keyring's current master key. Refuses a keyring that does not match the store (`verifyKeyring`).
 * Large appends are sealed on a worker thread, which the scope ends; an erasure still `pending` is
 * settled by a fiber of the scope.
 *
 * @category constructors
 */
export const make = (driver: StoreDriver, keyring: Keyring): Effect.Effect<Context.Context<Services>, InvalidInput | StoreError, Scope.Scope> =>
  Effect.gen(function* () {
    yield* verifyKeyring(driver, keyring)
    // Each notice of a new head completes the current latch and puts a new one in its place; a reader takes
    // the latch before it reads, so an append committed after its read wakes it.
    let latch = yield* Deferred.make<void>()
    const storeScope = yield* Effect.scope
    // The store listens from the first wait on: an instance that only appends never holds a listening
    // connection, and a database's notices reach only the instances that read as they come.
    let listening = false
    const listen = Effect.suspend(() => {
      if (listening || driver.headChanges === undefined) return Effect.void
      listening = true
      return Effect.asVoid(
        Effect.forkIn(
          driver.headChanges.pipe(
            Stream.runForEach(() =>
              Effect.flatMap(Deferred.make<void>(), (next) => {
                const current = latch
                latch = next
                return Deferred.succeed(current, undefined)
              })
            ),
            Effect.catchAllCause(() => Effect.void)
          ),
          storeScope
        )
      )
    })
    /** Waits for an append's notice (taken before the read that found nothing) or `millis`, whichever comes first. */
    const waitAfter = (taken: Deferred.Deferred<void>, millis: number) =>
      driver.headChanges === undefined
        ? Effect.sleep(Duration.millis(millis))
        : Effect.zipRight(listen, Effect.raceFirst(Deferred.await(taken), Effect.sleep(Duration.millis(millis))))
    const sealer = yield* Effect.acquireRelease(
      Effect.sync(() => Sealer.make()),
      (sealer) => sealer.close
    )
    const scope = yield* Effect.scope
    const services = makeWith(driver, keyring, sealer, scope, { latest: () => latch, waitAfter })
    // An erasure left pending when the store was last closed is settled now.
    yield* services.settleLater
    return services.context
  })

/** How often and how long a pending erasure is tried again: every 250 ms for up to 10 minutes. */
const SETTLE_SCHEDULE = Schedule.spaced("250 millis").pipe(Schedule.intersect(Schedule.recurs(2400)))

/** The latest append signal and how to wait for it (see `EventStore.appended`). */
interface Wake {
  readonly latest: () => Deferred.Deferred<void>
  readonly waitAfter: (taken: Deferred.Deferred<void>, millis: number) => Effect.Effect<void>
}

const makeWith = (driver: StoreDriver, keyring: Keyring, sealer: Sealer.Sealer, scope: Scope.Scope, wake: Wake) => {
  const masters = new Map([keyring.current, ...keyring.previous].map((k) => [k.id, Redacted.value(k.key)]))
  const currentKey = Redacted.value(keyring.current.key)

  const slotOf = (r: KeyRow): Slot => ({ owner: r.personId, retentionClass: r.retentionClass, period: r.period })
  const wrap = (slot: Slot, dataKey: Uint8Array): string => `${keyring.current.id}:${seal(currentKey, dataKey, wrapAad(slot))}`

  // Unwrapped keys by their wrapped form. The wrapped key is always read from the database first, so an
  // erasure by any instance takes effect at once; the cache only saves the unwrapping.
  const unwrapped = new Map<string, Uint8Array>()
  const remember = (wrappedKey: string, key: Uint8Array) => {
    if (unwrapped.size >= 50_000) unwrapped.clear()
    unwrapped.set(wrappedKey, key)
  }
  const unwrapSync = (row: KeyRow): Uint8Array | undefined | StoreError => {
    if (row.wrappedKey === null) return undefined
    const cached = unwrapped.get(row.wrappedKey)
    if (cached !== undefined) return cached
    const sep = row.wrappedKey.indexOf(":")
    const master = masters.get(row.wrappedKey.slice(0, sep))
    if (master === undefined) {
      return new StoreError({ reason: "Corrupt", retryable: false, message: `the data key of ${row.personId} is wrapped by a master key that is not configured` })
    }
    const key = open(master, row.wrappedKey.slice(sep + 1), wrapAad(slotOf(row)))
    if (key === undefined) return corrupt(`the data key of ${row.personId} does not authenticate`)
    remember(row.wrappedKey, key)
    return key
  }
  const unwrap = (row: KeyRow): Effect.Effect<Uint8Array | undefined, StoreError> => {
    const r = unwrapSync(row)
    return r instanceof StoreError ? Effect.fail(r) : Effect.succeed(r)
  }

  // Data keys for sealing by slot, valid while no erasure or purge has committed since `cacheEpoch`
  // (checked by the append).
  const sealingKeys = new Map<string, Uint8Array>()
  let cacheEpoch: number | undefined

  /** Whether every one of `slots` has a data key in the cache, so that sealing needs no read. */
  const hasSealingKeys = (slots: ReadonlyMap<string, Slot>) => {
    if (cacheEpoch === undefined) return false
    for (const k of slots.keys()) if (!sealingKeys.has(k)) return false
    return true
  }

  const sealingKeysFor = (slots: ReadonlyMap<string, Slot>) =>
    Effect.gen(function* () {
      if (cacheEpoch !== undefined && hasSealingKeys(slots)) return { keys: sealingKeys as ReadonlyMap<string, Uint8Array | undefined>, epoch: cacheEpoch }
      const epoch = yield* driver.keyEpoch
      if (epoch !== cacheEpoch) {
        sealingKeys.clear()
        cacheEpoch = epoch
      }
      const result = new Map<string, Uint8Array | undefined>()
      const missing: Array<Slot> = []
      for (const [k, slot] of slots) {
        const key = sealingKeys.get(k)
        if (key === undefined) missing.push(slot)
        else result.set(k, key)
      }
      const { keys } = yield* keysFor(
        [...new Set(missing.map((s) => s.owner))],
        missing
      )
      if (sealingKeys.size + missing.length > 50_000) sealingKeys.clear()
      for (const slot of missing) {
        const k = slotKey(slot.owner, slot.retentionClass, slot.period)
        const key = keys.get(k)
        const usable = key instanceof Uint8Array ? key : undefined
        result.set(k, usable)
        if (usable !== undefined) sealingKeys.set(k, usable)
      }
      return { keys: result as ReadonlyMap<string, Uint8Array | undefined>, epoch }
    })

  /**
   * Every key row of the owners, unwrapped lazily: `erased` holds the owners whose tombstone is set, and
   * `keys` maps each slot to its key, or `null` when it was destroyed. The slots in `create` that have no
   * row yet get a fresh key, unless their owner is erased.
   */
  const keysFor = (owners: ReadonlyArray<string>, create: ReadonlyArray<Slot> = []) =>
    Effect.gen(function* () {
      const rows = new Map<string, KeyRow>()
      const erased = new Set<string>()
      const add = (r: KeyRow) => {
        rows.set(slotKey(r.personId, r.retentionClass, r.period), r)
        if (isTombstone(r)) erased.add(r.personId)
      }
      for (const r of yield* driver.getKeys(owners)) add(r)
      const missing = create.filter((s) => !erased.has(s.owner) && !rows.has(slotKey(s.owner, s.retentionClass, s.period)))
      if (missing.length > 0) {
        const now = yield* Clock.currentTimeMillis
        const fresh = newDataKeys(missing.length)
        const created = missing.map((s, i): KeyRow => ({ personId: s.owner, retentionClass: s.retentionClass, period: s.period, wrappedKey: wrap(s, fresh[i]!), createdAt: now, erasedAt: null }))
        for (const r of yield* driver.ensureKeys(created)) add(r)
        // The keys just made need no unwrapping; a row another writer inserted first is unwrapped below.
        for (let i = 0; i < created.length; i++) {
          const c = created[i]!
          if (rows.get(slotKey(c.personId, c.retentionClass, c.period))?.wrappedKey === c.wrappedKey) remember(c.wrappedKey!, fresh[i]!)
        }
      }
      const keys = new Map<string, Uint8Array | null>()
      for (const [k, r] of rows) {
        if (erased.has(r.personId)) continue
        const key = unwrapSync(r)
        if (key instanceof StoreError) return yield* key
        keys.set(k, key ?? null)
      }
      return { erased: erased as ReadonlySet<string>, keys: keys as ReadonlyMap<string, Uint8Array | null> }
    })

  /**
   * Checks each event's person, type, record type and personal fields and serialises the fields, once
   * per append; the slot of each event's envelope is its person, record type and the month of `now`.
   * The rest of each row is filled in by `checkRest`, which may run while the envelopes are being sealed.
   */
  const checkPersonal = (events: ReadonlyArray<NewEvent>, now: number) =>
    Effect.gen(function* () {
      if (!Array.isArray(events) || events.length === 0 || events.length > MAX_BATCH) {
        return yield* new InvalidInput({ field: "events", expected: `a list of 1 to ${MAX_BATCH} events`, actual: Array.isArray(events) ? `${events.length} events` : typeof events })
      }
      const rows: Array<Mutable<PendingEvent>> = new Array(events.length)
      const personal: Array<string | null> = new Array(events.length)
      // The slot of each event with personal fields, as its map key (null for the others).
      const slotKeys: Array<string | null> = new Array(events.length)
      const slots = new Map<string, Slot>()
      const period = periodOf(now)
      let lastType: string | undefined
      let lastRecordType: string | undefined
      for (let i = 0; i < events.length; i++) {
        const e = events[i]
        const personId = e?.personId === undefined ? null : V.id(`events[${i}].personId`, e.personId)
        if (personId instanceof InvalidInput) return yield* personId
        // An append's events mostly share a type: one accepted already needs no second look.
        let type: string | InvalidInput
        if (lastType !== undefined && e!.type === lastType) type = lastType
        else {
          type = V.id(`events[${i}].type`, e!.type)
          if (type instanceof InvalidInput) return yield* type
          if (privacyEventTypes.has(type)) {
            return yield* new InvalidInput({ field: `events[${i}].type`, expected: "an event type the vault does not reserve for itself", actual: type })
          }
          lastType = type
        }
        let recordType: string | InvalidInput = type
        if (e!.recordType !== undefined) {
          if (lastRecordType !== undefined && e!.recordType === lastRecordType) recordType = lastRecordType
          else {
            recordType = V.id(`events[${i}].recordType`, e!.recordType)
            if (recordType instanceof InvalidInput) return yield* recordType
            lastRecordType = recordType
          }
        }
        personal[i] = null
        slotKeys[i] = null
        if (e!.personal !== undefined) {
          if (personId === null) return yield* new InvalidInput({ field: `events[${i}].personId`, expected: "the person's id when personal fields are given" })
          const fields = V.stringRecord(`events[${i}].personal`, e!.personal)
          if (fields instanceof InvalidInput) return yield* fields
          personal[i] = JSON.stringify(fields)
          const k = slotKey(personId, recordType, period)
          slotKeys[i] = k
          if (!slots.has(k)) slots.set(k, { owner: personId, retentionClass: recordType, period })
        }
        rows[i] = { type, data: "", personId, sealed: null, recordType, recordedAt: now }
      }
      return { rows, personal, slotKeys, slots: slots as ReadonlyMap<string, Slot>, period }
    })

  /** Checks and serialises the data of each event into its row. */
  const checkRest = (events: ReadonlyArray<NewEvent>, rows: ReadonlyArray<Mutable<PendingEvent>>) =>
    Effect.gen(function* () {
      const subjects = subjectCollector()
      for (let i = 0; i < events.length; i++) {
        subjects.start(rows[i]!.personId)
        const data = V.data(`events[${i}].data`, events[i]!.data, subjects.onId)
        if (data instanceof InvalidInput) return yield* data
        rows[i]!.data = data
        rows[i]!.subjects = subjects.subjects()
      }
    })

  /**
   * Starts sealing each checked event's personal fields into one envelope under the data key of its
   * slot, valid at the returned erasure count; an erased person (or a purged slot) refuses the append
   * before anything is sealed.
   */
  const sealRows = (
    streamId: string,
    checked: {
      readonly rows: ReadonlyArray<Mutable<PendingEvent>>
      readonly personal: ReadonlyArray<string | null>
      readonly slotKeys: ReadonlyArray<string | null>
      readonly slots: ReadonlyMap<string, Slot>
    }
  ) =>
    Effect.gen(function* () {
      const { slots, slotKeys, personal, rows } = checked
      if (slots.size === 0) return { epoch: undefined, sealing: undefined }
      const { keys, epoch } = yield* sealingKeysFor(slots)
      const jobs: Array<Sealer.SealJob> = []
      for (let i = 0; i < rows.length; i++) {
        const plain = personal[i]
        if (plain === null || plain === undefined) continue
        const row = rows[i]!
        const k = slotKeys[i]!
        const slot = slots.get(k)!
        const key = keys.get(k)
        if (key === undefined) {
          return yield* new InvalidInput({ field: `events[${i}].personId`, expected: "a person who has not been erased, with a record type not purged this month", actual: row.personId! })
        }
        jobs.push({ index: i, key, plain, aad: envelopeAad(slot, streamId, row.type) })
      }
      const sealing = sealer.start(jobs, (i, sealed) => {
        rows[i]!.sealed = sealed
      })
      return { epoch, sealing }
    })

  /** The checks of one append's stream id, expected version and outbox messages (see `append`). */
  const checkHead = (streamId: string, expectedVersion: ExpectedVersion, options: AppendOptions, now: number) =>
    Effect.gen(function* () {
      const sid = yield* V.lift(V.id("streamId", streamId))
      if (isStoreStream(sid)) return yield* new InvalidInput({ field: "streamId", expected: "a stream not starting with $ (the store's own)", actual: sid })
      if (expectedVersion !== "any" && expectedVersion !== "no-stream") yield* V.lift(V.nonNegativeInt("expectedVersion", expectedVersion))
      const outbox: Array<PendingOutbox> = []
      for (const [i, m] of (options.outbox ?? []).entries()) {
        const topic = yield* V.lift(V.id(`outbox[${i}].topic`, m?.topic))
        const payload = yield* V.lift(V.json(`outbox[${i}].payload`, m.payload))
        const personId = m.personId === undefined ? null : yield* V.lift(V.id(`outbox[${i}].personId`, m.personId))
        outbox.push({ topic, payload, personId, createdAt: now })
      }
      return { sid, outbox }
    })

  const appendMany = (primitive: NonNullable<StoreDriver["appendMany"]>, items: ReadonlyArray<AppendItem>) =>
    Effect.gen(function* () {
      if (!Array.isArray(items) || items.length === 0 || items.length > MAX_BATCH) {
        return yield* new InvalidInput({ field: "items", expected: `a list of 1 to ${MAX_BATCH} appends`, actual: Array.isArray(items) ? `${items.length} appends` : typeof items })
      }
      const now = yield* Clock.currentTimeMillis
      const checked: Array<{ readonly sid: string; readonly item: AppendItem; readonly outbox: ReadonlyArray<PendingOutbox>; readonly personal: Effect.Effect.Success<ReturnType<typeof checkPersonal>> }> = []
      const slots = new Map<string, Slot>()
      for (const item of items) {
        const { sid, outbox } = yield* checkHead(item.streamId, item.expectedVersion, item.options ?? {}, now)
        const personal = yield* checkPersonal(item.events, now)
        yield* checkRest(item.events, personal.rows)
        for (const [k, v] of personal.slots) slots.set(k, v)
        checked.push({ sid, item, outbox, personal })
      }
      for (;;) {
        // Every data key of the batch read (or made) at once; each item then seals from the cache, one after another.
        const epoch = slots.size === 0 ? undefined : (yield* sealingKeysFor(slots)).epoch
        const many: Array<ManyItem> = []
        for (const c of checked) {
          const { sealing } = yield* sealRows(c.sid, c.personal)
          if (sealing !== undefined) yield* sealing.ready(c.personal.rows.length)
          many.push({ streamId: c.sid, expected: c.item.expectedVersion, events: c.personal.rows, outbox: c.outbox })
        }
        const result = yield* Effect.either(primitive(many, epoch))
        if (result._tag === "Right") {
          yield* Metric.incrementBy(Metrics.appends, items.length)
          yield* Metric.incrementBy(Metrics.eventsAppended, many.reduce((n, m) => n + m.events.length, 0))
          return result.right
        }
        if (result.left._tag === "ConcurrencyConflict") yield* Metric.increment(Metrics.conflicts)
        if (result.left._tag !== "KeysChanged") return yield* result.left
        cacheEpoch = undefined
      }
    }).pipe(Metrics.span("vertaistuki.store.append-many", { "vertaistuki.appends": Array.isArray(items) ? items.length : 0 }))

  const eventStore: EventStore = {
    // A transaction that fails undoes the data keys its appends created, so the keys cached for sealing are
    // forgotten with it: the next append reads them again (and creates them again where they are gone).
    ...(driver.transaction === undefined
      ? {}
      : {
          transaction: <A, E, R>(effect: Effect.Effect<A, E, R>) =>
            driver.transaction!(effect).pipe(
              Effect.onError(() =>
                Effect.sync(() => {
                  cacheEpoch = undefined
                  sealingKeys.clear()
                })
              )
            )
        }),
    append: (streamId, expectedVersion, events, options = {}) =>
      Effect.gen(function* () {
        const sid = yield* V.lift(V.id("streamId", streamId))
        if (isStoreStream(sid)) return yield* new InvalidInput({ field: "streamId", expected: "a stream not starting with $ (the store's own)", actual: sid })
        if (expectedVersion !== "any" && expectedVersion !== "no-stream") yield* V.lift(V.nonNegativeInt("expectedVersion", expectedVersion))
        const now = yield* Clock.currentTimeMillis
        const outbox: Array<PendingOutbox> = []
        for (const [i, m] of (options.outbox ?? []).entries()) {
          const topic = yield* V.lift(V.id(`outbox[${i}].topic`, m?.topic))
          const payload = yield* V.lift(V.json(`outbox[${i}].payload`, m.payload))
          const personId = m.personId === undefined ? null : yield* V.lift(V.id(`outbox[${i}].personId`, m.personId))
          outbox.push({ topic, payload, personId, createdAt: now })
        }
        const checked = yield* checkPersonal(events, now)
        // Everything is checked before anything (even a data key) is written. With every key at hand, the
        // sealing starts first and the rest is checked meanwhile; an append it refuses is then not written.
        const keysAtHand = checked.slots.size === 0 || hasSealingKeys(checked.slots)
        let started = keysAtHand ? yield* sealRows(sid, checked) : undefined
        yield* checkRest(events, checked.rows)
        // An erasure that commits between reading the keys and appending makes the append re-read them.
        for (;;) {
          const { epoch, sealing } = started ?? (yield* sealRows(sid, checked))
          started = undefined
          const result = yield* Effect.either(driver.append(sid, expectedVersion, checked.rows, outbox, epoch, sealing))
          if (result._tag === "Right") {
            yield* Metric.increment(Metrics.appends)
            yield* Metric.incrementBy(Metrics.eventsAppended, checked.rows.length)
            return result.right
          }
          if (result.left._tag === "ConcurrencyConflict") yield* Metric.increment(Metrics.conflicts)
          if (result.left._tag !== "KeysChanged") return yield* result.left
          cacheEpoch = undefined
        }
      }).pipe(Metrics.span("vertaistuki.store.append", { "vertaistuki.events": Array.isArray(events) ? events.length : 0, "vertaistuki.outbox": Array.isArray(options?.outbox) ? options.outbox.length : 0 })),
    ...(driver.appendMany === undefined ? {} : { appendMany: (items: ReadonlyArray<AppendItem>) => appendMany(driver.appendMany!, items) }),
    readStream: (streamId, options = {}) =>
      Effect.gen(function* () {
        const context = yield* actor
        const sid = yield* V.lift(V.id("streamId", streamId))
        const from = options.fromVersion === undefined ? 1 : yield* V.lift(V.positiveInt("fromVersion", options.fromVersion, Number.MAX_SAFE_INTEGER))
        const limit = options.limit === undefined ? 1_000_000 : yield* V.lift(V.positiveInt("limit", options.limit, 1_000_000))
        const rows = yield* driver.readStream(sid, from, limit)
        const events = yield* toRecordedAll(rows)
        yield* logRead(context, sid, rows)
        yield* Effect.annotateCurrentSpan("vertaistuki.events", events.length)
        return events
      }).pipe(Metrics.span("vertaistuki.store.read-stream")),
    readStreams: (streamIds) =>
      Effect.gen(function* () {
        const context = yield* actor
        if (!Array.isArray(streamIds)) return yield* new InvalidInput({ field: "streamIds", expected: "a list of stream ids", actual: typeof streamIds })
        if (streamIds.length > 10_000) return yield* new InvalidInput({ field: "streamIds", expected: "at most 10,000 stream ids", actual: String(streamIds.length) })
        const ids: Array<string> = []
        for (const [i, id] of streamIds.entries()) ids.push(yield* V.lift(V.id(`streamIds[${i}]`, id)))
        const out = new Map<string, ReadonlyArray<RecordedEvent>>()
        const entries: Array<NewAccessEntry> = []
        for (const sid of new Set(ids)) {
          const rows = yield* driver.readStream(sid, 1, 1_000_000)
          out.set(sid, yield* toRecordedAll(rows))
          if (rows.length > 0) entries.push({ personId: null, action: "read", range: { streamId: sid, from: rows[0]!.position, to: rows[rows.length - 1]!.position } })
        }
        yield* log(context, entries)
        yield* Effect.annotateCurrentSpan("vertaistuki.streams", out.size)
        return out as ReadonlyMap<string, ReadonlyArray<RecordedEvent>>
      }).pipe(Metrics.span("vertaistuki.store.read-streams")),
    readAll: (after, limit = 1000) =>
      Effect.gen(function* () {
        const context = yield* actor
        yield* V.lift(V.nonNegativeInt("after", after))
        yield* V.lift(V.positiveInt("limit", limit, 100_000))
        const rows = yield* driver.readAll(after, limit)
        const events = yield* toRecordedAll(rows)
        yield* logRead(context, null, rows)
        yield* Effect.annotateCurrentSpan("vertaistuki.events", events.length)
        return events
      }).pipe(Metrics.span("vertaistuki.store.read-all")),
    scan: (after, options = {}) =>
      Stream.unwrap(
        Effect.gen(function* () {
          const context = yield* actor
          yield* V.lift(V.nonNegativeInt("after", after))
          const batch = options.batchSize === undefined ? 5000 : yield* V.lift(V.positiveInt("batchSize", options.batchSize, 100_000))
          const coveredFrom = options.coveredFrom === undefined ? after : yield* V.lift(V.nonNegativeInt("coveredFrom", options.coveredFrom))
          if (coveredFrom > after) return yield* new InvalidInput({ field: "coveredFrom", expected: `a position ≤ after (${after})`, actual: String(coveredFrom) })
          const detail = options.detail === undefined ? null : yield* V.lift(V.line("detail", options.detail))
          const end = yield* driver.head
          // Logged before anything is read, for the whole range up to the head as it is now.
          if (end > coveredFrom) yield* log(context, [{ personId: null, action: "read", detail, range: { streamId: null, from: coveredFrom + 1, to: end } }])
          return Stream.paginateChunkEffect(after, (pos) =>
            pos >= end
              ? Effect.succeed([Chunk.empty<RecordedEvent>(), Option.none()] as const)
              : Effect.flatMap(driver.readAll(pos, Math.min(batch, end - pos)), (rows) => {
                  const within = rows.length > 0 && rows[rows.length - 1]!.position > end ? rows.filter((r) => r.position <= end) : rows
                  return Effect.map(toRecordedAll(within), (events) => {
                    const last = events[events.length - 1]?.position
                    return [Chunk.fromIterable(events), last === undefined || last >= end ? Option.none() : Option.some(last)] as const
                  })
                })
          )
        })
      ),
    streamVersion: (streamId) => Effect.flatMap(V.lift(V.id("streamId", streamId)), driver.streamVersion),
    head: driver.head,
    appended: Effect.sync(wake.latest),
    awaitAppend: (since, millis) => wake.waitAfter(since, millis),
    follow: (after, options = {}) => {
      const batch = options.batchSize ?? 1000
      const pause = Duration.millis(options.pollIntervalMillis ?? 200)
      return Stream.unwrap(
        Effect.map(actor, (context) =>
          Stream.paginateChunkEffect(after, (pos) =>
            Effect.flatMap(Effect.zip(Effect.sync(wake.latest), driver.readAll(pos, batch)), ([taken, rows]) =>
              rows.length === 0
                ? Effect.as(wake.waitAfter(taken, Duration.toMillis(pause)), [Chunk.empty<RecordedEvent>(), Option.some(pos)] as const)
                : Effect.flatMap(toRecordedAll(rows), (events) =>
                    Effect.as(logRead(context, null, rows), [Chunk.fromIterable(events), Option.some(events[events.length - 1]!.position)] as const)
                  )
            )
          )
        )
      )
    }
  }

  const appendAny = (streamId: string, events: ReadonlyArray<PendingEvent>) =>
    Effect.catchTags(driver.append(streamId, "any", events, []), { ConcurrencyConflict: (e) => Effect.die(e), KeysChanged: (e) => Effect.die(e) })

  const log = (context: AccessContext, entries: ReadonlyArray<NewAccessEntry>) =>
    Effect.gen(function* () {
      if (entries.length === 0) return
      const at = yield* Clock.currentTimeMillis
      yield* driver.insertAccess(
        entries.map((e) => ({
          at,
          actor: context.actor,
          personId: e.personId,
          action: e.action,
          purpose: context.purpose,
          legalBasis: context.legalBasis,
          recipient: context.recipient ?? null,
          detail: e.detail ?? null,
          streamId: e.range?.streamId ?? null,
          fromPosition: e.range?.from ?? null,
          toPosition: e.range?.to ?? null
        }))
      )
    })

  /** One `read` entry for the rows a read returned (none for an empty read), over their positions. */
  const logRead = (context: AccessContext, streamId: string | null, rows: ReadonlyArray<EventRow>) =>
    rows.length === 0
      ? Effect.void
      : log(context, [{ personId: null, action: "read", range: { streamId, from: rows[0]!.position, to: rows[rows.length - 1]!.position } }])

  /** An event as the vault opens it: the columns its envelope's slot and AAD are made of. */
  type Sealed = {
    readonly personId: string | null
    readonly sealed: string | null
    readonly streamId: string
    readonly type: string
    readonly recordType: string
    readonly recordedAt: number | Date
  }

  const revealRows = (events: ReadonlyArray<Sealed>) =>
    Effect.gen(function* () {
      const people = [...new Set(events.flatMap((e) => (e.sealed !== null && e.personId !== null && e.sealed !== PURGED ? [e.personId] : [])))]
      const { erased, keys } = yield* keysFor(people)
      const revealedFor = new Set<string>()
      const out: Array<Revealed> = []
      for (const e of events) {
        if (e.sealed === null || e.personId === null) out.push({ _tag: "None" })
        else if (e.sealed === PURGED) out.push({ _tag: "Purged" })
        else if (erased.has(e.personId)) out.push({ _tag: "Erased" })
        else {
          // `v1.` is the first format, sealed under the person's one key; `v2.` an envelope under its slot's key.
          const legacy = e.sealed.startsWith("v1.")
          const at = typeof e.recordedAt === "number" ? e.recordedAt : e.recordedAt.getTime()
          const slot: Slot = legacy
            ? { owner: e.personId, retentionClass: OWNER_CLASS, period: OWNER_PERIOD }
            : { owner: e.personId, retentionClass: e.recordType, period: periodOf(at) }
          const key = keys.get(slotKey(slot.owner, slot.retentionClass, slot.period))
          if (key === undefined) {
            if (legacy) out.push({ _tag: "Erased" })
            else return yield* corrupt(`the envelope of ${e.streamId} has no data key`)
          } else if (key === null) out.push({ _tag: legacy ? "Erased" : "Purged" })
          else {
            const plain = legacy ? open(key, e.sealed, `pd:${e.personId}`) : open(key, e.sealed, envelopeAad(slot, e.streamId, e.type), "v2.")
            if (plain === undefined) return yield* corrupt(`personal fields of ${e.personId} do not authenticate`)
            out.push({ _tag: "Fields", fields: JSON.parse(plain.toString("utf8")) as Record<string, string> })
            revealedFor.add(e.personId)
          }
        }
      }
      return { out, revealedFor }
    })

  const accessEntry = (r: AccessRow): AccessEntry => ({
    id: r.id,
    at: new Date(r.at),
    actor: r.actor,
    personId: r.personId,
    action: r.action,
    purpose: r.purpose,
    legalBasis: r.legalBasis,
    recipient: r.recipient,
    detail: r.detail,
    range: r.fromPosition === null || r.toPosition === null ? null : { streamId: r.streamId, from: r.fromPosition, to: r.toPosition },
    previousHash: r.previousHash,
    hash: r.hash
  })

  /** The person and their participations: the `participantId` of every event whose envelope names them. */
  const subjectsFor = (personId: string) =>
    Effect.flatMap(driver.readByPerson(personId), (rows) =>
      Effect.map(toRecordedAll(rows), (events) => {
        const ids = new Set([personId])
        for (const e of events) {
          const participantId = (e.data as { readonly participantId?: unknown } | null)?.participantId
          if (typeof participantId === "string" && !(V.id("participantId", participantId) instanceof InvalidInput)) ids.add(participantId)
        }
        return [...ids]
      })
    )

  const status = (personIds: ReadonlyArray<string>) =>
    Effect.map(driver.getKeys(personIds), (rows) => {
      const m = new Map<string, PersonStatus>(personIds.map((p) => [p, "unknown"]))
      for (const r of rows) if (m.get(r.personId) !== "erased") m.set(r.personId, isTombstone(r) ? "erased" : "active")
      return m as ReadonlyMap<string, PersonStatus>
    })

  // One fiber at a time tries a pending erasure again until it completes (or the schedule ends).
  let settling = false
  const settleLater = Effect.suspend(() => {
    if (settling) return Effect.void
    settling = true
    return driver.settleErasures.pipe(
      Effect.repeat({ schedule: SETTLE_SCHEDULE, until: (s) => s === "complete" }),
      Effect.ignore,
      Effect.ensuring(Effect.sync(() => (settling = false))),
      Effect.forkIn(scope),
      Effect.asVoid
    )
  })
  const settle = Effect.flatMap(
    Effect.catchAll(driver.settleErasures, () => Effect.succeed<ErasureStatus>("pending")),
    (status): Effect.Effect<ErasureStatus> => (status === "complete" ? Effect.succeed(status) : Effect.as(settleLater, status))
  )

  const vault: PersonalDataVault = {
    reveal: (events, context, proof) =>
      Effect.gen(function* () {
        yield* checkContext(context)
        if (context.recipient !== undefined) {
          const people = [...new Set(events.flatMap((e) => (e.sealed !== null && e.personId !== null && e.sealed !== PURGED ? [e.personId] : [])))]
          const refused = disclosureProblem(proof, context.recipient, context.purpose, people)
          if (refused !== undefined) return yield* refused
        }
        const { out, revealedFor } = yield* revealRows(events)
        yield* log(context, [...revealedFor].map((personId) => ({ personId, action: context.recipient === undefined ? "read" : "disclosure" })))
        return out
      }).pipe(Metrics.span("vertaistuki.vault.reveal", { "vertaistuki.events": Array.isArray(events) ? events.length : 0 })),
    status: (personIds) =>
      Effect.gen(function* () {
        const context = yield* actor
        if (!Array.isArray(personIds)) return yield* new InvalidInput({ field: "personIds", expected: "a list of person ids", actual: typeof personIds })
        for (const [i, p] of personIds.entries()) yield* V.lift(V.id(`personIds[${i}]`, p))
        const result = yield* status(personIds)
        yield* log(context, [...new Set(personIds)].map((personId) => ({ personId, action: "read" as const, detail: "status" })))
        return result
      }),
    erase: (personId, context) =>
      Effect.gen(function* () {
        const pid = yield* V.lift(V.id("personId", personId))
        yield* checkContext(context)
        const at = yield* Clock.currentTimeMillis
        const held = yield* driver.getKeys([pid])
        const tombstone = held.find(isTombstone)
        const alreadyErased = tombstone !== undefined
        if (!alreadyErased) {
          yield* driver.destroyKey(pid, at)
          for (const r of held) if (r.wrappedKey !== null) unwrapped.delete(r.wrappedKey)
          // The erasure count has moved on: the next append re-reads it and drops the cached sealing keys.
          cacheEpoch = undefined
        }
        const erasedAt = alreadyErased ? (tombstone.erasedAt ?? at) : at
        // The key is destroyed first; each later step is done unless done already, so a rerun after a
        // failure between the steps completes them.
        const recorded = (yield* driver.readByPerson(pid)).some((r) => r.streamId === privacyStream && r.type === "PersonErased")
        if (!recorded) {
          yield* appendAny(privacyStream, [
            { type: "PersonErased", data: JSON.stringify({ personId: pid }), personId: pid, sealed: null, recordType: "PersonErased", recordedAt: erasedAt }
          ])
        }
        const logged = (yield* driver.accessFor(pid, [pid])).some((a) => a.action === "erasure" && a.personId === pid)
        if (!logged) yield* log(context, [{ personId: pid, action: "erasure" }])
        const status = yield* settle
        return { personId: pid, erasedAt: new Date(erasedAt), alreadyErased, status }
      }).pipe(Metrics.span("vertaistuki.vault.erase")),
    exportPerson: (personId, context) =>
      Effect.gen(function* () {
        const pid = yield* V.lift(V.id("personId", personId))
        yield* checkContext(context)
        yield* log(context, [{ personId: pid, action: "export" }])
        const subjects = yield* subjectsFor(pid)
        const rows = yield* driver.readBySubjects(subjects)
        const events = yield* toRecordedAll(rows)
        // Only the person's own personal fields: an event of someone else that names one of their participations shows none.
        const { out } = yield* revealRows(rows.map((r) => (r.personId === pid ? r : { ...r, sealed: null })))
        const st = (yield* status([pid])).get(pid) ?? "unknown"
        const access = (yield* driver.accessFor(pid, subjects)).map(accessEntry)
        const now = yield* Clock.currentTimeMillis
        const result: PersonExport = {
          personId: pid,
          status: st,
          exportedAt: new Date(now).toISOString(),
          events: events.map((e, i) => {
            const r = out[i]!
            return {
              position: e.position,
              streamId: e.streamId,
              version: e.version,
              type: e.type,
              recordedAt: e.recordedAt.toISOString(),
              data: e.data,
              personal: r._tag === "Fields" ? r.fields : r._tag === "Erased" ? "erased" : r._tag === "Purged" ? "purged" : null
            }
          }),
          accessLog: access.map((a) => ({ ...a, at: a.at.toISOString() }))
        }
        return result
      }).pipe(Metrics.span("vertaistuki.vault.export")),
    rotateMasterKey: Effect.gen(function* () {
      const rows = yield* driver.allKeys
      const rewrap: Array<RewrapRow> = []
      for (const r of rows) {
        if (r.wrappedKey === null || r.wrappedKey.startsWith(`${keyring.current.id}:`)) continue
        const key = yield* unwrap(r)
        if (key !== undefined) rewrap.push({ personId: r.personId, retentionClass: r.retentionClass, period: r.period, wrappedKey: wrap(slotOf(r), key) })
      }
      if (rewrap.length > 0) yield* driver.rewrapKeys(rewrap)
      return { rewrapped: rewrap.length, masterKeyId: keyring.current.id }
    })
  }

  const accessLog: AccessLog = {
    forPerson: (personId, context) =>
      Effect.gen(function* () {
        const pid = yield* V.lift(V.id("personId", personId))
        yield* checkContext(context)
        const rows = yield* driver.accessFor(pid, yield* subjectsFor(pid))
        yield* log(context, [{ personId: pid, action: "access-log-read" }])
        return rows.map(accessEntry)
      }),
    verify: verifyWith(driver.accessPage)
  }

  const outbox: Outbox = {
    pending: (limit = 100) =>
      Effect.gen(function* () {
        const context = yield* actor
        const rows = yield* driver.outboxPending(yield* V.lift(V.positiveInt("limit", limit, 100_000)))
        const people = [...new Set(rows.flatMap((r) => (r.personId === null ? [] : [r.personId])))]
        yield* log(context, people.map((personId) => ({ personId, action: "read" as const, detail: "outbox" })))
        yield* Metric.set(Metrics.outboxDepth, rows.length)
        return rows
      }).pipe(
        Metrics.span("vertaistuki.store.outbox-pending"),
        Effect.flatMap((rows) =>
        Effect.try({
          try: () =>
            rows.map(
              (r): OutboxEntry => ({
                id: r.id,
                position: r.position,
                topic: r.topic,
                payload: JSON.parse(r.payload),
                personId: r.personId,
                createdAt: new Date(r.createdAt)
              })
            ),
          catch: (e) => corrupt("unreadable outbox message", e)
        })
      )),
    markDispatched: (ids) =>
      Effect.gen(function* () {
        for (const [i, id] of ids.entries()) yield* V.lift(V.positiveInt(`ids[${i}]`, id, Number.MAX_SAFE_INTEGER))
        if (ids.length > 0) yield* driver.outboxMarkDone(ids, yield* Clock.currentTimeMillis)
      })
  }

  const toEntry = (r: OutboxRow): OutboxEntry => ({
    id: r.id,
    position: r.position,
    topic: r.topic,
    payload: JSON.parse(r.payload),
    personId: r.personId,
    createdAt: new Date(r.createdAt)
  })

  const toDelivery = (r: DeliveryRow): Delivery => ({
    deliveryId: r.deliveryId,
    outboxId: r.outboxId,
    participantId: r.participantId,
    personId: r.personId,
    channel: r.channel as Delivery["channel"],
    template: r.template,
    language: r.language,
    deliverAt: new Date(r.deliverAt),
    deadline: new Date(r.deadline),
    status: r.status as Status,
    attempts: r.attempts,
    nextAttemptAt: r.nextAttemptAt === null ? null : new Date(r.nextAttemptAt),
    leaseOwner: r.leaseOwner,
    leaseUntil: r.leaseUntil === null ? null : new Date(r.leaseUntil),
    providerMessageId: r.providerMessageId,
    lastError: r.lastError,
    consentRecord: r.consentRecord,
    intent: JSON.parse(r.intent),
    createdAt: new Date(r.createdAt),
    updatedAt: new Date(r.updatedAt)
  })

  /** Logs one `read` per person the rows name, under the context, with `detail`. */
  const logPeople = (context: AccessContext, personIds: ReadonlyArray<string | null>, detail: string) =>
    log(context, [...new Set(personIds.flatMap((p) => (p === null ? [] : [p])))].map((personId) => ({ personId, action: "read" as const, detail })))

  const claimOptions = (options: ClaimOptionsLike) =>
    Effect.gen(function* () {
      const owner = yield* V.lift(V.id("owner", options?.owner))
      const limit = options.limit === undefined ? 100 : yield* V.lift(V.positiveInt("limit", options.limit, 10_000))
      const lease = options.leaseMillis === undefined ? 60_000 : yield* V.lift(V.positiveInt("leaseMillis", options.leaseMillis, 86_400_000))
      return { owner, limit, lease }
    })

  const instant = (field: string, value: unknown): Effect.Effect<number, InvalidInput> => {
    const ms = typeof value === "string" && ISO_INSTANT.test(value) ? Date.parse(value) : Number.NaN
    return Number.isFinite(ms) ? Effect.succeed(ms) : Effect.fail(new InvalidInput({ field, expected: "a UTC ISO instant, e.g. 2026-03-01T08:00:00.000Z", actual: typeof value === "string" ? JSON.stringify(value.slice(0, 40)) : typeof value }))
  }

  const reasonText = (field: string, value: unknown) => V.lift(V.line(field, value, 500))

  const checkDelivery = (i: number, d: NewDelivery, outboxId: number, now: number) =>
    Effect.gen(function* () {
      const f = (name: string) => `deliveries[${i}].${name}`
      if (typeof d !== "object" || d === null) return yield* new InvalidInput({ field: `deliveries[${i}]`, expected: "a delivery", actual: typeof d })
      const deliveryId = yield* V.lift(V.id(f("deliveryId"), d.deliveryId))
      const participantId = yield* V.lift(V.id(f("participantId"), d.participantId))
      const personId = yield* V.lift(V.id(f("personId"), d.personId))
      if (d.channel !== "email" && d.channel !== "sms") return yield* new InvalidInput({ field: f("channel"), expected: "email or sms", actual: String(d.channel).slice(0, 40) })
      const template = yield* V.lift(V.id(f("template"), d.template))
      const language = yield* V.lift(V.id(f("language"), d.language))
      const deliverAt = yield* instant(f("deliverAt"), d.deliverAt)
      const deadline = yield* instant(f("deadline"), d.deadline)
      const status = d.status ?? "pending"
      if (status !== "pending" && status !== "expired" && status !== "suppressed") {
        return yield* new InvalidInput({ field: f("status"), expected: "pending, expired or suppressed", actual: String(status).slice(0, 40) })
      }
      const reason = d.reason === undefined ? null : yield* reasonText(f("reason"), d.reason)
      if (status !== "pending" && reason === null) return yield* new InvalidInput({ field: f("reason"), expected: "the reason a dropped delivery was dropped" })
      const intent = yield* V.lift(V.data(f("intent"), d.intent))
      const row: DeliveryRow = {
        deliveryId,
        outboxId,
        participantId,
        personId,
        channel: d.channel,
        template,
        language,
        deliverAt,
        deadline,
        status,
        attempts: 0,
        nextAttemptAt: status === "pending" ? deliverAt : null,
        leaseOwner: null,
        leaseUntil: null,
        providerMessageId: null,
        lastError: reason,
        consentRecord: null,
        intent,
        createdAt: now,
        updatedAt: now
      }
      return row
    })

  const checkOutcome = (o: Outcome): Effect.Effect<Outcome, InvalidInput> =>
    Effect.gen(function* () {
      switch (o?._tag) {
        case "Sent":
          if (o.providerMessageId !== null) yield* reasonText("outcome.providerMessageId", o.providerMessageId)
          if (o.consentRecord !== null) yield* V.lift(V.id("outcome.consentRecord", o.consentRecord))
          return o
        case "Suppressed":
        case "Expired":
          yield* reasonText("outcome.reason", o.reason)
          return o
        case "Retry":
          yield* reasonText("outcome.error", o.error)
          if (!(o.nextAttemptAt instanceof Date) || Number.isNaN(o.nextAttemptAt.getTime())) return yield* new InvalidInput({ field: "outcome.nextAttemptAt", expected: "a valid Date" })
          return o
        case "Defer":
          if (!(o.until instanceof Date) || Number.isNaN(o.until.getTime())) return yield* new InvalidInput({ field: "outcome.until", expected: "a valid Date" })
          return o
        case "Failed":
        case "Parked":
          yield* reasonText("outcome.error", o.error)
          return o
        default:
          return yield* new InvalidInput({ field: "outcome._tag", expected: "Sent, Suppressed, Expired, Retry, Defer, Failed or Parked", actual: String((o as { _tag?: unknown })?._tag).slice(0, 40) })
      }
    })

  const deliveries: Deliveries = {
    claimOutbox: (options) =>
      Effect.gen(function* () {
        const context = yield* actor
        const { owner, limit, lease } = yield* claimOptions(options)
        let topics: Array<string> | null = null
        if (options.topics !== undefined) {
          if (!Array.isArray(options.topics)) return yield* new InvalidInput({ field: "topics", expected: "a list of topics", actual: typeof options.topics })
          topics = []
          for (const [i, t] of options.topics.entries()) topics.push(yield* V.lift(V.id(`topics[${i}]`, t)))
        }
        const now = yield* Clock.currentTimeMillis
        const rows = yield* driver.outboxClaim(owner, now, now + lease, limit, topics)
        yield* logPeople(context, rows.map((r) => r.personId), "outbox")
        return yield* Effect.try({ try: () => rows.map(toEntry), catch: (e) => corrupt("unreadable outbox message", e) })
      }),
    plan: (outboxId, list) =>
      Effect.gen(function* () {
        const id = yield* V.lift(V.positiveInt("outboxId", outboxId, Number.MAX_SAFE_INTEGER))
        if (!Array.isArray(list) || list.length > MAX_BATCH) {
          return yield* new InvalidInput({ field: "deliveries", expected: `a list of at most ${MAX_BATCH} deliveries`, actual: Array.isArray(list) ? `${list.length}` : typeof list })
        }
        const now = yield* Clock.currentTimeMillis
        const rows: Array<DeliveryRow> = []
        const seen = new Set<string>()
        for (const [i, d] of list.entries()) {
          const row = yield* checkDelivery(i, d, id, now)
          if (seen.has(row.deliveryId)) continue
          seen.add(row.deliveryId)
          rows.push(row)
        }
        const inserted = yield* driver.deliveriesPlan(id, rows, now)
        if (inserted === undefined) return yield* new InvalidInput({ field: "outboxId", expected: "the id of a stored outbox entry", actual: String(id) })
        return { outboxId: id, inserted }
      }),
    claimDue: (options) =>
      Effect.gen(function* () {
        const context = yield* actor
        const { owner, limit, lease } = yield* claimOptions(options)
        const now = yield* Clock.currentTimeMillis
        const rows = [...(yield* driver.deliveriesClaim(owner, now, now + lease, limit))].sort(
          (a, b) => (a.nextAttemptAt ?? 0) - (b.nextAttemptAt ?? 0) || (a.deliveryId < b.deliveryId ? -1 : a.deliveryId > b.deliveryId ? 1 : 0)
        )
        yield* logPeople(context, rows.map((r) => r.personId), "deliveries")
        return yield* Effect.try({ try: () => rows.map(toDelivery), catch: (e) => corrupt("unreadable delivery", e) })
      }),
    settle: (deliveryId, owner, outcome) =>
      Effect.gen(function* () {
        const id = yield* V.lift(V.id("deliveryId", deliveryId))
        const o = yield* V.lift(V.id("owner", owner))
        const checked = yield* checkOutcome(outcome)
        const now = yield* Clock.currentTimeMillis
        return yield* driver.deliveriesSettle(id, o, settlementOf(checked), now)
      }),
    requeueParked: Effect.flatMap(Clock.currentTimeMillis, driver.deliveriesRequeue),
    counts: Effect.map(driver.deliveriesCounts, (rows): Counts => {
      const byStatus = Object.fromEntries(statuses.map((s) => [s, 0])) as Record<Status, number>
      let oldestPending: Date | null = null
      for (const r of rows) {
        if (!(statuses as ReadonlyArray<string>).includes(r.status)) continue
        byStatus[r.status as Status] += r.count
        if (r.status === "pending" && r.oldest !== null) oldestPending = new Date(r.oldest)
      }
      return { byStatus, oldestPending }
    }),
    list: (options = {}) =>
      Effect.gen(function* () {
        const context = yield* actor
        const status = options.status ?? null
        if (status !== null && !statuses.includes(status)) return yield* new InvalidInput({ field: "status", expected: statuses.join(", "), actual: String(status).slice(0, 40) })
        const outboxId = options.outboxId === undefined ? null : yield* V.lift(V.positiveInt("outboxId", options.outboxId, Number.MAX_SAFE_INTEGER))
        const limit = options.limit === undefined ? 1000 : yield* V.lift(V.positiveInt("limit", options.limit, 100_000))
        const rows = yield* driver.deliveriesList(status, outboxId, limit)
        yield* logPeople(context, rows.map((r) => r.personId), "deliveries")
        return yield* Effect.try({ try: () => rows.map(toDelivery), catch: (e) => corrupt("unreadable delivery", e) })
      })
  }

  const projections: ProjectionStore = {
    load: (name) =>
      Effect.gen(function* () {
        const context = yield* actor
        const checked = yield* V.lift(V.line("name", name, 200))
        const saved = yield* driver.loadCheckpoint(checked)
        if (Option.isSome(saved) && saved.value.position > 0) {
          yield* log(context, [{ personId: null, action: "read", detail: `projection checkpoint ${checked}`, range: { streamId: null, from: 1, to: saved.value.position } }])
        }
        return saved
      }),
    save: driver.saveCheckpoint,
    acquire: (name, owner, ttlMillis) =>
      Effect.gen(function* () {
        const n = yield* V.lift(V.line("name", name, 200))
        const o = yield* V.lift(V.line("owner", owner, 200))
        const ttl = yield* V.lift(V.positiveInt("ttlMillis", ttlMillis, 3_600_000))
        return Option.map(yield* driver.acquireLease(n, o, ttl), (r) => ({ name: n, owner: r.owner, epoch: r.epoch, expiresAt: new Date(r.expiresAt) }))
      }),
    release: (name, owner) =>
      Effect.gen(function* () {
        yield* driver.releaseLease(yield* V.lift(V.line("name", name, 200)), yield* V.lift(V.line("owner", owner, 200)))
      }),
    holder: (name) =>
      Effect.gen(function* () {
        const n = yield* V.lift(V.line("name", name, 200))
        return Option.map(yield* driver.leaseOf(n), (r) => ({ name: n, owner: r.owner, epoch: r.epoch, expiresAt: new Date(r.expiresAt) }))
      }),
    saveAsOwner: (name, checkpoint, lease) => driver.saveCheckpointAsOwner(name, checkpoint, lease.owner, lease.epoch)
  }

  const retention: Retention = {
    purge: (rules, context) =>
      Effect.gen(function* () {
        yield* checkContext(context)
        const now = yield* Clock.currentTimeMillis
        const checked = []
        for (const [i, r] of rules.entries()) {
          const recordType = yield* V.lift(V.id(`rules[${i}].recordType`, r?.recordType))
          const keepFor = Duration.decodeUnknown(r.keepFor)
          if (Option.isNone(keepFor) || !Duration.isFinite(keepFor.value)) {
            return yield* new InvalidInput({ field: `rules[${i}].keepFor`, expected: "a finite duration, e.g. '3650 days' or a number of milliseconds" })
          }
          // Whole months only: a month's key is destroyed once all of that month is past the cut-off.
          const period = periodOf(now - Duration.toMillis(keepFor.value))
          checked.push({ recordType, before: periodStart(period), period })
        }
        const reports = []
        for (const { recordType, before, period } of checked) {
          const people = yield* driver.purgePersonal(recordType, before, period, now)
          // The purge counted as an erasure: the next append re-reads its keys.
          cacheEpoch = undefined
          const r = yield* appendAny(
            privacyStream,
            [
              {
                type: "RetentionPurged",
                data: JSON.stringify({ recordType, before: new Date(before).toISOString(), purgedPeople: people.length, actor: context.actor, legalBasis: context.legalBasis }),
                personId: null,
                sealed: null,
                recordType: "RetentionPurged",
                recordedAt: now
              }
            ]
          )
          yield* log(context, people.map((personId) => ({ personId, action: "retention-purge" as const, detail: recordType })))
          reports.push({ recordType, before: new Date(before), purged: people.length, position: r.lastPosition })
        }
        // Like an erasure: complete only when no copy of a destroyed key is left in the store's files.
        const status = checked.length === 0 ? "complete" : yield* settle
        return reports.map((r) => ({ ...r, status }))
      })
  }

  const context: Context.Context<Services> = Context.make(EventStore, eventStore)
    .pipe(Context.add(PersonalDataVault, vault))
    .pipe(Context.add(AccessLog, accessLog))
    .pipe(Context.add(Outbox, outbox))
    .pipe(Context.add(Deliveries, deliveries))
    .pipe(Context.add(ProjectionStore, projections))
    .pipe(Context.add(Retention, retention))
  return { context, settleLater }
}

/**
 * Every service of the port over the `StoreDriver` in context.
 *
 * @category layers
 */
export const layer = (keyring: Keyring): Layer.Layer<Services, InvalidInput | StoreError, StoreDriver> =>
  Layer.scopedContext(Effect.flatMap(StoreDriver, (driver) => make(driver, keyring)))
