/**
 * Load, decide, append: one step of a lifecycle over the event store. The stream is read and replayed with
 * the core's `evolve`; the core's `decide` turns the command into events; they are appended expecting the
 * version read, with the notifier's notices in the same transaction (`Notice.fromEvents`). When another
 * writer got there first (`ConcurrencyConflict`), the stream is read again and the command decided again
 * on the new state, a bounded number of times: two app instances on one database never lose an update,
 * and a decision such as "the group has a free place" is always made on the latest state.
 *
 * Streams are named as the store's projections and the demo name them: `group-<groupId>`,
 * `participant-<participantId>`, `session-<sessionId>`, `feedback-<sessionId>` (anonymous batches) and
 * `outcomes-<participantId>` (3X10D and feedback in one's own name).
 *
 * @since 0.1.0
 */
import { Feedback, Group, Lifecycle, Outcome, Participant, Session } from "@vertaistuki/core"
import { Notice } from "@vertaistuki/notify"
import { AccessLog, EventStore, LifecycleCodec, type Outbox, PersonalDataVault, type StoreError, Streams } from "@vertaistuki/store"
import { Effect, Either, Random, Schema } from "effect"
import type { DateTime } from "luxon"

/**
 * A lifecycle as the workflow needs it: the initial state, `evolve`, `decide`, and which stored events are
 * its own.
 *
 * @category models
 */
export interface Decider<S, C, E extends Lifecycle.LifecycleEvent, Err> {
  readonly name: string
  readonly initial: S
  readonly evolve: (state: S, event: E) => S
  readonly decide: (command: C, state: S, now: DateTime) => Either.Either<ReadonlyArray<E>, Err>
  readonly is: (event: Lifecycle.LifecycleEvent) => event is E
}

/** The group lifecycle. @category deciders */
export const group: Decider<Group.State, Group.Command, Group.GroupEvent, Group.DecideError> = {
  name: "group",
  initial: Group.initial,
  evolve: Group.evolve,
  decide: Group.decide,
  is: Schema.is(Group.GroupEvent)
}

/** The participant journey. @category deciders */
export const participant: Decider<Participant.State, Participant.Command, Participant.ParticipantEvent, Participant.DecideError> = {
  name: "participant",
  initial: Participant.initial,
  evolve: Participant.evolve,
  decide: Participant.decide,
  is: Schema.is(Participant.ParticipantEvent)
}

/** The session lifecycle. @category deciders */
export const session: Decider<Session.State, Session.Command, Session.SessionEvent, Session.DecideError> = {
  name: "session",
  initial: Session.initial,
  evolve: Session.evolve,
  decide: Session.decide,
  is: Schema.is(Session.SessionEvent)
}

/** A participant's measurements and feedback in their own name: kept as the list of events. @category models */
export type Entries = ReadonlyArray<Outcome.OutcomeEvent | Feedback.FeedbackEvent>

const isRecordEvent = Schema.is(Schema.Union(Outcome.OutcomeEvent, Feedback.FeedbackEvent))

/**
 * An append-only record (`outcomes-<participantId>`, `feedback-<sessionId>`): the command is the event
 * itself, decided by the caller's pure function (e.g. `Outcome.record`).
 *
 * @category deciders
 */
export const record = <Err>(
  decide: (command: Outcome.OutcomeEvent | Feedback.FeedbackEvent, state: Entries) => Either.Either<ReadonlyArray<Outcome.OutcomeEvent | Feedback.FeedbackEvent>, Err>
): Decider<Entries, Outcome.OutcomeEvent | Feedback.FeedbackEvent, Outcome.OutcomeEvent | Feedback.FeedbackEvent, Err> => ({
  name: "record",
  initial: [],
  evolve: (s, e) => [...s, e],
  decide: (c, s) => decide(c, s),
  is: (e): e is Outcome.OutcomeEvent | Feedback.FeedbackEvent => isRecordEvent(e)
})

/** @category streams */
export const groupStream = Streams.group
/** @category streams */
export const participantStream = Streams.participant
/** @category streams */
export const sessionStream = Streams.session
/** @category streams */
export const feedbackStream = Streams.feedback
/** @category streams */
export const outcomesStream = Streams.outcomes

/**
 * A stream read and replayed: its state, its version (0 when empty) and its events.
 *
 * @category models
 */
export interface Loaded<S, E> {
  readonly streamId: string
  readonly state: S
  readonly version: number
  readonly events: ReadonlyArray<E>
}

/** The sealed fields that hold lists: read without the vault as empty lists. */
const sealedLists: ReadonlySet<string> = new Set(["recommendationsUnmet", "responses", "answers"])

/** What an event's sealed fields read as without the vault: `[sealed]` texts and empty lists. */
const placeholders = (type: string): PersonalDataVault.Revealed => {
  const fields: Record<string, string> = {}
  const sensitive = Object.hasOwn(Lifecycle.sensitiveFields, type) ? (Lifecycle.sensitiveFields[type] ?? []) : []
  for (const f of sensitive) {
    if (sealedLists.has(f)) fields[`${f}:json`] = "[]"
    else fields[f] = LifecycleCodec.SEALED
  }
  return { _tag: "Fields", fields }
}

/**
 * Decodes stored lifecycle events. Without the vault, sensitive texts read as `[sealed]` and sealed lists
 * (a start's unmet recommendations) as empty: no decision depends on them. An event that cannot be read so
 * (3X10D answers must be ten) is revealed through the vault, logged under the `Actor` as every read of
 * sealed data is; if its person has been erased (or its retention has passed), it is left out. A stored
 * event that is not a lifecycle event is a `Corrupt` store error.
 *
 * @category combinators
 */
export const decodeAll = (
  stored: ReadonlyArray<EventStore.RecordedEvent>
): Effect.Effect<ReadonlyArray<Lifecycle.LifecycleEvent>, StoreError.StoreError | StoreError.InvalidInput, PersonalDataVault.PersonalDataVault | AccessLog.Actor> =>
  Effect.gen(function* () {
    const out: Array<Lifecycle.LifecycleEvent | undefined> = []
    const unread: Array<number> = []
    for (const [i, recorded] of stored.entries()) {
      const decoded = Either.orElse(LifecycleCodec.decode(recorded), (e) => (recorded.sealed === null ? Either.left(e) : LifecycleCodec.decode(recorded, placeholders(recorded.type))))
      if (Either.isRight(decoded)) out.push(decoded.right)
      else if (recorded.sealed !== null) {
        out.push(undefined)
        unread.push(i)
      } else return yield* Effect.fail(decoded.left)
    }
    if (unread.length > 0) {
      const vault = yield* PersonalDataVault.PersonalDataVault
      const context = yield* AccessLog.Actor
      const events = unread.map((i) => stored[i]!)
      const revealed = yield* Effect.catchTag(vault.reveal(events, context), "DisclosureRefused", (e) => Effect.die(e))
      for (const [k, i] of unread.entries()) {
        const shown = revealed[k]
        const decoded = LifecycleCodec.decode(stored[i]!, shown)
        if (Either.isRight(decoded)) out[i] = decoded.right
        // An erased or purged person's answers are gone: the event is left out, as if never recorded.
        else if (shown?._tag !== "Erased" && shown?._tag !== "Purged") return yield* Effect.fail(decoded.left)
      }
    }
    return out.filter((e): e is Lifecycle.LifecycleEvent => e !== undefined)
  })

/**
 * Replays the decider's events among decoded ones (events of other lifecycles are skipped).
 *
 * @category combinators
 */
export const replay = <S, C, E extends Lifecycle.LifecycleEvent, Err>(
  decider: Decider<S, C, E, Err>,
  events: ReadonlyArray<Lifecycle.LifecycleEvent>
): { readonly state: S; readonly events: ReadonlyArray<E> } => {
  let state = decider.initial
  const own: Array<E> = []
  for (const e of events) {
    if (!decider.is(e)) continue
    own.push(e)
    state = decider.evolve(state, e)
  }
  return { state, events: own }
}

/**
 * Reads a stream (logged under the `Actor`) and replays the decider's events in it (`decodeAll`).
 *
 * @category combinators
 */
export const load = <S, C, E extends Lifecycle.LifecycleEvent, Err>(
  streamId: string,
  decider: Decider<S, C, E, Err>
): Effect.Effect<Loaded<S, E>, StoreError.StoreError | StoreError.InvalidInput, EventStore.EventStore | PersonalDataVault.PersonalDataVault | AccessLog.Actor> =>
  Effect.gen(function* () {
    const es = yield* EventStore.EventStore
    const stored = yield* es.readStream(streamId)
    const { state, events } = replay(decider, yield* decodeAll(stored))
    return { streamId, state, version: stored.length === 0 ? 0 : stored[stored.length - 1]!.version, events }
  })

/**
 * What `run` is asked: the stream, the lifecycle, the command (a function of the state read, decided again on
 * every attempt, with the events read; a `Left` refuses without writing), the moment, how to seal events (`LifecycleCodec.encode`'s
 * options: the person, their personal fields, the group) and the notices to write with them.
 *
 * @category models
 */
export interface Step<S, C, E extends Lifecycle.LifecycleEvent, Err, Err2> {
  readonly streamId: string
  readonly decider: Decider<S, C, E, Err>
  readonly command: (state: S, events: ReadonlyArray<E>) => Either.Either<C, Err2>
  readonly now: DateTime
  readonly encode?: ((event: E, state: S) => Parameters<typeof LifecycleCodec.encode>[1]) | undefined
  /** The group the events belong to, for the notices (`Notice.fromEvents`). */
  readonly groupId?: ((state: S) => string) | undefined
  /** The person behind a participation, for the notices. */
  readonly personOf?: ((participantId: string, state: S) => string | undefined) | undefined
  /** Attempts after the first one when another writer appended in between; default 12. */
  readonly retries?: number | undefined
}

/**
 * What a step did: the state before and after, the events appended (none when the command decided nothing)
 * and the stream's version after.
 *
 * @category models
 */
export interface Done<S, E> {
  readonly before: S
  readonly state: S
  /** The stream's events as read (before this step's). */
  readonly read: ReadonlyArray<E>
  readonly events: ReadonlyArray<E>
  readonly version: number
  readonly attempts: number
}

/**
 * Runs one step: load, decide, append expecting the version read; on a `ConcurrencyConflict`, again from
 * the load (with a short random pause), at most `retries` more times, after which the conflict is returned.
 *
 * @category combinators
 */
export const run = <S, C, E extends Lifecycle.LifecycleEvent, Err, Err2>(
  step: Step<S, C, E, Err, Err2>
): Effect.Effect<Done<S, E>, Err | Err2 | StoreError.ConcurrencyConflict | StoreError.StoreError | StoreError.InvalidInput, EventStore.EventStore | PersonalDataVault.PersonalDataVault | AccessLog.Actor> =>
  Effect.gen(function* () {
    const es = yield* EventStore.EventStore
    const retries = step.retries ?? 12
    for (let attempt = 1; ; attempt++) {
      const loaded = yield* load(step.streamId, step.decider)
      const command = step.command(loaded.state, loaded.events)
      if (Either.isLeft(command)) return yield* Effect.fail(command.left)
      const decided = step.decider.decide(command.right, loaded.state, step.now)
      if (Either.isLeft(decided)) return yield* Effect.fail(decided.left)
      const events = decided.right
      let state = loaded.state
      for (const e of events) state = step.decider.evolve(state, e)
      if (events.length === 0) return { before: loaded.state, state, read: loaded.events, events, version: loaded.version, attempts: attempt }
      const encoded: Array<EventStore.NewEvent> = []
      for (const e of events) {
        const one = LifecycleCodec.encode(e, step.encode?.(e, loaded.state) ?? {})
        if (Either.isLeft(one)) return yield* Effect.fail(one.left)
        encoded.push(one.right)
      }
      const outbox: ReadonlyArray<Outbox.OutboxMessage> =
        step.groupId === undefined ? [] : Notice.fromEvents(events, { groupId: step.groupId(state), personOf: (p) => step.personOf?.(p, state) })
      const appended = yield* Effect.either(es.append(step.streamId, loaded.version === 0 ? "no-stream" : loaded.version, encoded, { outbox }))
      if (Either.isRight(appended)) return { before: loaded.state, state, read: loaded.events, events, version: appended.right.nextVersion, attempts: attempt }
      const failure = appended.left
      if (failure._tag !== "ConcurrencyConflict" || attempt > retries) return yield* Effect.fail(failure)
      // Another writer appended in between: read again and decide on what it wrote.
      yield* Effect.sleep(`${yield* Random.nextIntBetween(1, 5 + 5 * attempt)} millis`)
    }
  })

/**
 * Appends events of another kind than the lifecycles' (the API's own index and refusal streams), expecting
 * any version: an append-only log where order matters but no decision rests on the version.
 *
 * @category combinators
 */
export const appendLog = (
  streamId: string,
  events: ReadonlyArray<EventStore.NewEvent>
): Effect.Effect<EventStore.AppendResult, StoreError.ConcurrencyConflict | StoreError.StoreError | StoreError.InvalidInput, EventStore.EventStore> =>
  Effect.flatMap(EventStore.EventStore, (es) => es.append(streamId, "any", events))
