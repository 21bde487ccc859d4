/**
 * Projections (read models): pure folds over the global event order, kept up to date by `catchUp` and
 * rebuilt from position 0 by `rebuild`. Each projection's state and position are saved together in the
 * adapter's `projection_checkpoints` table, so a projection never misses or double-counts an event.
 *
 * Projection states hold pseudonymous person ids only, never personal fields. Each run (`catchUp`,
 * `rebuild`, the catch-up of `follow`) reads as the `Actor` in context (`AccessLog.system(…)` for a
 * process no person starts) and logs every position up to the run's end, since the state it returns sums
 * them all up, whatever the number of events: a rebuild is ONE entry; a catch-up is one entry for the
 * saved checkpoint it loads and, when there are new events, one for them.
 *
 * @since 0.1.0
 */
import { Chunk, Clock, Context, Duration, Effect, Metric, Option, Stream } from "effect"
import type { Actor } from "./AccessLog.js"
import { EventStore, type RecordedEvent } from "./EventStore.js"
import { type People, trackPeople } from "./internal/events.js"
import * as Metrics from "./Metrics.js"
import { fromParsed, own, record } from "./internal/records.js"
import { corrupt, type InvalidInput, type StoreError } from "./StoreError.js"

/**
 * A read model: a name, a fresh initial state and `evolve`. The runner owns the state, so `evolve` may
 * update it in place and return it (fast for rebuilds of millions of events); it must not do anything
 * else. `version` changes when `evolve` changes meaning; a saved state of another version is rebuilt.
 *
 * @category models
 */
export interface Projection<S> {
  readonly name: string
  readonly version: number
  readonly initial: () => S
  readonly evolve: (state: S, event: RecordedEvent) => S
  /** JSON-ready form of the state; the identity by default. */
  readonly toJson?: ((state: S) => unknown) | undefined
  readonly fromJson?: ((json: unknown) => S) | undefined
}

/** @category models */
export interface Checkpoint {
  readonly position: number
  readonly version: number
  readonly state: string
}

/**
 * Where projection states and positions are kept.
 *
 * @category models
 */
export interface ProjectionStore {
  /** The saved state, logged under the `Actor` as a read of every position up to the checkpoint's. */
  readonly load: (name: string) => Effect.Effect<Option.Option<Checkpoint>, InvalidInput | StoreError, Actor>
  readonly save: (name: string, checkpoint: Checkpoint) => Effect.Effect<void, StoreError>
  /**
   * Takes or renews the lease of running projection `name` for `owner`, for `ttlMillis`: granted when
   * nobody holds it, `owner` does, or the holder's lease has expired (a takeover starts a new epoch).
   * None while another owner holds it.
   */
  readonly acquire: (name: string, owner: string, ttlMillis: number) => Effect.Effect<Option.Option<Lease>, InvalidInput | StoreError>
  /** Gives the lease up at once (a clean shutdown), if `owner` holds it. */
  readonly release: (name: string, owner: string) => Effect.Effect<void, InvalidInput | StoreError>
  /** Who holds the lease, if anyone ever took it. */
  readonly holder: (name: string) => Effect.Effect<Option.Option<Lease>, InvalidInput | StoreError>
  /** Saves only while `lease` is still the current one: false, and nothing saved, after a takeover. */
  readonly saveAsOwner: (name: string, checkpoint: Checkpoint, lease: Lease) => Effect.Effect<boolean, StoreError>
}

/**
 * The lease of one running projection: one instance at a time runs (and saves) it.
 *
 * @category models
 */
export interface Lease {
  readonly name: string
  readonly owner: string
  readonly epoch: number
  readonly expiresAt: Date
}

/** @category tags */
export const ProjectionStore = Context.GenericTag<ProjectionStore>("@vertaistuki/store/ProjectionStore")

/** @category constructors */
export const make = <S>(projection: Projection<S>): Projection<S> => projection

/**
 * An empty record without a prototype, for projection state keyed by ids from events: an id such as
 * `__proto__` or `constructor` is then an ordinary key.
 *
 * @category constructors
 */
export const emptyRecord: <V>() => Record<string, V> = record

export type {
  /**
   * Who is who in a projection: the person each participation belongs to, and the people erased.
   *
   * @category models
   */
  People
} from "./internal/events.js"

/**
 * Extends a projection's state with `People`, learned from every event before `evolve` sees it, so that
 * queries can tell erased people (`isErased`). The state is saved as JSON as it is, and every object of
 * it is read back as a null-prototype record, so ids such as `constructor` stay ordinary keys.
 *
 * @category constructors
 */
export const withPeople = <S extends People>(projection: Omit<Projection<Omit<S, keyof People>>, "toJson" | "fromJson">): Projection<S> => ({
  name: projection.name,
  version: projection.version,
  initial: () => ({ ...projection.initial(), erased: record<true>(), personOf: record<string>() }) as S,
  fromJson: (json) => fromParsed(json) as S,
  evolve: (s, e) => {
    trackPeople(s, e)
    const next = projection.evolve(s, e)
    return (next === s ? s : { ...next, erased: s.erased, personOf: s.personOf }) as S
  }
})

/**
 * Whether the person behind a participation (or a person id itself) has been erased (crypto-shredded).
 *
 * @category queries
 */
export const isErased = (s: People, id: string): boolean => own(s.erased, own(s.personOf, id) ?? id) === true

/** @category models */
export interface Caught<S> {
  readonly state: S
  readonly position: number
  readonly applied: number
}

const fold = <S>(
  projection: Projection<S>,
  start: Caught<S>,
  batchSize: number,
  coveredFrom: number
): Effect.Effect<Caught<S>, InvalidInput | StoreError, EventStore | Actor> =>
  Effect.gen(function* () {
    const store = yield* EventStore
    let { state, position, applied } = start
    yield* Stream.runForEachChunk(store.scan(position, { batchSize, coveredFrom, detail: `projection ${projection.name}` }), (page) =>
      Effect.sync(() => {
        for (const e of page) state = projection.evolve(state, e)
        applied += page.length
        if (page.length > 0) position = Chunk.unsafeLast(page).position
      })
    )
    return { state, position, applied }
  })

const persist = <S>(projection: Projection<S>, caught: Caught<S>) =>
  Effect.flatMap(ProjectionStore, (ps) =>
    ps.save(projection.name, {
      position: caught.position,
      version: projection.version,
      state: JSON.stringify(projection.toJson ? projection.toJson(caught.state) : caught.state)
    })
  )

/** The saved state of this version of the projection, or its initial state at position 0. */
const loadSaved = <S>(projection: Projection<S>) =>
  Effect.gen(function* () {
    const ps = yield* ProjectionStore
    const saved = Option.filter(yield* ps.load(projection.name), (c) => c.version === projection.version)
    const start: Caught<S> =
      Option.isSome(saved)
        ? {
            state: yield* Effect.try({
              try: () => {
                const json: unknown = JSON.parse(saved.value.state)
                return projection.fromJson ? projection.fromJson(json) : (json as S)
              },
              catch: (cause) => corrupt(`projection ${projection.name}: saved state is not readable`, cause)
            }),
            position: saved.value.position,
            applied: 0
          }
        : { state: projection.initial(), position: 0, applied: 0 }
    return { saved, start }
  })

const checkpointOf = <S>(projection: Projection<S>, caught: Caught<S>): Checkpoint => ({
  position: caught.position,
  version: projection.version,
  state: JSON.stringify(projection.toJson ? projection.toJson(caught.state) : caught.state)
})

/**
 * The state up to the head as any instance may read it: the saved checkpoint caught up in memory,
 * saving nothing (the projection's owner saves). Logged like `catchUp`.
 *
 * @category combinators
 */
export const read = <S>(
  projection: Projection<S>,
  options: { readonly batchSize?: number } = {}
): Effect.Effect<Caught<S>, InvalidInput | StoreError, EventStore | ProjectionStore | Actor> =>
  Effect.gen(function* () {
    const { start } = yield* loadSaved(projection)
    return yield* fold(projection, start, options.batchSize ?? 5000, start.position)
  }).pipe(Metrics.span("vertaistuki.projection.read", { "vertaistuki.projection": projection.name }))

/** How `run` runs a projection. @category models */
export interface RunOptions {
  /** This instance's id, unique per process (e.g. host, process id and start time). */
  readonly owner: string
  /** How long a lease lasts without renewal; the owner renews it every third of it. Default 6,000 ms. */
  readonly leaseMillis?: number | undefined
  /**
   * How often the owner looks for new events when the database sends no notice of them (PostgreSQL does, so
   * there it is a fallback), and a standby for an expired lease. Default 200 ms and 1,000 ms.
   */
  readonly pollIntervalMillis?: number | undefined
  readonly standbyIntervalMillis?: number | undefined
  readonly batchSize?: number | undefined
  /** Called when this instance becomes the owner (`true`) or loses the lease (`false`). */
  readonly onOwnership?: ((owned: boolean, lease: Lease | undefined) => Effect.Effect<void>) | undefined
}

/**
 * Runs a projection on whichever instance holds its lease, forever: the owner catches up from the saved
 * checkpoint, applies new events as they arrive and saves each step only while its lease is current
 * (`saveAsOwner`); the other instances wait and take over when the owner's lease expires (at most
 * `leaseMillis` plus `standbyIntervalMillis` after the owner stopped renewing), starting from the last
 * checkpoint the old owner saved, so nothing is missed or counted twice. Queries on any instance read with `read`.
 *
 * @category combinators
 */
export const run = <S>(projection: Projection<S>, options: RunOptions): Effect.Effect<never, InvalidInput | StoreError, EventStore | ProjectionStore | Actor> =>
  Effect.gen(function* () {
    const ps = yield* ProjectionStore
    const ttl = options.leaseMillis ?? 6000
    const poll = Duration.millis(options.pollIntervalMillis ?? 200)
    const standby = Duration.millis(options.standbyIntervalMillis ?? Math.min(1000, Math.max(50, Math.floor(ttl / 4))))
    const notify = options.onOwnership ?? (() => Effect.void)
    for (;;) {
      const acquired = yield* ps.acquire(projection.name, options.owner, ttl)
      if (Option.isNone(acquired)) {
        yield* Effect.sleep(standby)
        continue
      }
      let lease = acquired.value
      yield* notify(true, lease)
      let current = (yield* loadSaved(projection)).start
      let renewed = yield* Clock.currentTimeMillis
      let first = true
      const store = yield* EventStore
      for (;;) {
        const signal = yield* store.appended
        const caught = yield* fold(projection, current, options.batchSize ?? 5000, current.position)
        if ((caught.applied > current.applied || first) && !(yield* ps.saveAsOwner(projection.name, checkpointOf(projection, caught), lease))) break
        first = false
        current = caught
        const now = yield* Clock.currentTimeMillis
        if (now - renewed >= ttl / 3) {
          const again = yield* ps.acquire(projection.name, options.owner, ttl)
          if (Option.isNone(again) || again.value.epoch !== lease.epoch) break
          lease = again.value
          renewed = now
        }
        // Woken by the next append's notice where the database sends them; the lease is renewed in time either way.
        yield* store.awaitAppend(signal, Math.min(Duration.toMillis(poll), Math.max(1, ttl / 3 - (now - renewed))))
      }
      yield* notify(false, undefined)
    }
  })

/**
 * Applies every event after the saved position up to the head, saves the new state and returns it.
 *
 * @category combinators
 */
export const catchUp = <S>(
  projection: Projection<S>,
  options: { readonly batchSize?: number } = {}
): Effect.Effect<Caught<S>, InvalidInput | StoreError, EventStore | ProjectionStore | Actor> =>
  Effect.gen(function* () {
    const { saved, start } = yield* loadSaved(projection)
    const lag = Metric.tagged(Metrics.projectionLag, "projection", projection.name)
    const store = yield* EventStore
    yield* Metric.set(lag, Math.max(0, (yield* store.head) - start.position))
    // The loaded checkpoint was logged up to its position; the scan logs the rest.
    const caught = yield* fold(projection, start, options.batchSize ?? 5000, start.position)
    if (caught.applied > 0 || Option.isNone(saved)) yield* persist(projection, caught)
    yield* Metric.set(lag, Math.max(0, (yield* store.head) - caught.position))
    yield* Effect.annotateCurrentSpan("vertaistuki.applied", caught.applied)
    return caught
  }).pipe(Metrics.span("vertaistuki.projection.catch-up", { "vertaistuki.projection": projection.name }))

/**
 * `catchUp` of several projections in ONE scan of the store: each event read is applied to every
 * projection whose saved position is behind it, and each state is saved with its new position (a
 * projection with nothing new is not saved again). Reading and decoding the rows is most of a catch-up's
 * cost, so catching up six projections together costs little more than one. Logged as one entry for the
 * scan (from the furthest-behind position) and one per loaded checkpoint.
 *
 * @example
 * ```ts
 * import { Attendance, GroupRoster, Projection } from "@vertaistuki/store"
 * const both = Projection.catchUpAll({ roster: GroupRoster.projection, attendance: Attendance.projection })
 * ```
 *
 * @category combinators
 */
export const catchUpAll = <S extends Record<string, unknown>>(
  projections: { readonly [K in keyof S]: Projection<S[K]> },
  options: { readonly batchSize?: number } = {}
): Effect.Effect<{ readonly [K in keyof S]: Caught<S[K]> }, InvalidInput | StoreError, EventStore | ProjectionStore | Actor> =>
  Effect.gen(function* () {
    const names = Object.keys(projections) as Array<keyof S & string>
    const runs: Array<{ key: keyof S & string; projection: Projection<unknown>; fresh: boolean; caught: Caught<unknown> }> = []
    for (const key of names) {
      const projection = projections[key] as Projection<unknown>
      const { saved, start } = yield* loadSaved(projection)
      runs.push({ key, projection, fresh: Option.isNone(saved), caught: start })
    }
    const from = runs.reduce((m, r) => Math.min(m, r.caught.position), Number.POSITIVE_INFINITY)
    const store = yield* EventStore
    if (runs.length > 0) {
      const detail = `projections ${runs.map((r) => r.projection.name).join(", ")}`
      yield* Stream.runForEachChunk(store.scan(from, { batchSize: options.batchSize ?? 5000, coveredFrom: from, detail }), (page) =>
        Effect.sync(() => {
          if (page.length === 0) return
          const last = Chunk.unsafeLast(page).position
          for (const r of runs) {
            if (r.caught.position >= last) continue
            let { state, applied } = r.caught
            for (const e of page) {
              if (e.position <= r.caught.position) continue
              state = r.projection.evolve(state, e)
              applied++
            }
            r.caught = { state, position: last, applied }
          }
        })
      )
    }
    const out: Record<string, Caught<unknown>> = {}
    for (const r of runs) {
      if (r.caught.applied > 0 || r.fresh) yield* persist(r.projection, r.caught)
      yield* Metric.set(Metric.tagged(Metrics.projectionLag, "projection", r.projection.name), Math.max(0, (yield* store.head) - r.caught.position))
      out[r.key] = r.caught
    }
    return out as { readonly [K in keyof S]: Caught<S[K]> }
  }).pipe(Metrics.span("vertaistuki.projection.catch-up-all", { "vertaistuki.projections": Object.keys(projections).length }))

/**
 * Replays every event from position 0 into the initial state and saves the result.
 *
 * @category combinators
 */
export const rebuild = <S>(
  projection: Projection<S>,
  options: { readonly batchSize?: number } = {}
): Effect.Effect<Caught<S>, InvalidInput | StoreError, EventStore | ProjectionStore | Actor> =>
  Effect.gen(function* () {
    const caught = yield* fold(projection, { state: projection.initial(), position: 0, applied: 0 }, options.batchSize ?? 5000, 0)
    yield* persist(projection, caught)
    yield* Effect.annotateCurrentSpan("vertaistuki.applied", caught.applied)
    return caught
  }).pipe(Metrics.span("vertaistuki.projection.rebuild", { "vertaistuki.projection": projection.name }))

/**
 * Keeps a projection up to date: catches up, then applies new events as they arrive, saving every
 * `saveEvery` events. Emits each new state. The catch-up is logged as `catchUp`; after it, each page of new
 * events is one entry.
 *
 * @category combinators
 */
export const follow = <S>(
  projection: Projection<S>,
  options: { readonly pollIntervalMillis?: number; readonly saveEvery?: number } = {}
): Stream.Stream<S, InvalidInput | StoreError, EventStore | ProjectionStore | Actor> =>
  Stream.unwrap(
    Effect.gen(function* () {
      const first = yield* catchUp(projection)
      const store = yield* EventStore
      let current = first
      const saveEvery = options.saveEvery ?? 100
      let unsaved = 0
      const rest = store.follow(first.position, { pollIntervalMillis: options.pollIntervalMillis }).pipe(
        Stream.mapEffect((e) => {
          current = { state: projection.evolve(current.state, e), position: e.position, applied: current.applied + 1 }
          unsaved++
          if (unsaved < saveEvery) return Effect.succeed(current.state)
          unsaved = 0
          return Effect.as(persist(projection, current), current.state)
        })
      )
      return Stream.concat(Stream.make(first.state), rest)
    })
  )
