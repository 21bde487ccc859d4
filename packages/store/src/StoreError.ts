/**
 * The errors of the storage port. Adapters wrap every driver error into `StoreError`; callers never see
 * a driver's exception.
 *
 * @since 0.1.0
 */
import { Data, Effect, Metric, Schedule } from "effect"
import { retries } from "./Metrics.js"

/**
 * Why a storage operation failed:
 * - `Unavailable`: the database could not be reached or was busy (retryable);
 * - `Conflict`: a write collided with another writer (retryable);
 * - `Corrupt`: stored data could not be read back as written;
 * - `Erased`: the person's data key has been destroyed;
 * - `Unknown`: anything else the driver reported.
 *
 * @category models
 */
export type Reason = "Unavailable" | "Conflict" | "Corrupt" | "Erased" | "Unknown"

/**
 * A storage operation that failed for a reason outside the caller's input.
 *
 * @category errors
 */
export class StoreError extends Data.TaggedError("StoreError")<{
  readonly reason: Reason
  readonly retryable: boolean
  readonly message: string
  readonly cause?: unknown
}> {}

/**
 * An append whose expected version did not match the stream's current version (optimistic concurrency).
 *
 * @category errors
 */
export class ConcurrencyConflict extends Data.TaggedError("ConcurrencyConflict")<{
  readonly streamId: string
  readonly expectedVersion: number | "any" | "no-stream"
  readonly actualVersion: number
}> {
  override get message(): string {
    return `stream ${this.streamId} is at version ${this.actualVersion}, expected ${String(this.expectedVersion)}`
  }
}

/**
 * Input the store refuses, naming the field and what was expected. Nothing is written when it is raised.
 *
 * @category errors
 */
export class InvalidInput extends Data.TaggedError("InvalidInput")<{
  readonly field: string
  readonly expected: string
  readonly actual?: string
}> {
  override get message(): string {
    return `${this.field}: expected ${this.expected}${this.actual === undefined ? "" : `, got ${this.actual}`}`
  }
}

/** @category constructors */
export const unavailable = (message: string, cause?: unknown): StoreError =>
  new StoreError({ reason: "Unavailable", retryable: true, message, cause })

/** @category constructors */
export const corrupt = (message: string, cause?: unknown): StoreError =>
  new StoreError({ reason: "Corrupt", retryable: false, message, cause })

/** @category guards */
export const isRetryable = (e: unknown): boolean =>
  (e instanceof StoreError && e.retryable) || e instanceof ConcurrencyConflict

/**
 * Re-runs an effect that failed with a `ConcurrencyConflict` (or a retryable `StoreError`): the effect
 * must re-read the stream and decide again, so that the retry uses the new expected version.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { StoreError } from "@vertaistuki/store"
 * declare const decideAndAppend: Effect.Effect<void, StoreError.ConcurrencyConflict>
 * const safe = StoreError.retryOnConflict(decideAndAppend, { times: 5 })
 * ```
 *
 * @category combinators
 */
export const retryOnConflict = <A, E, R>(
  self: Effect.Effect<A, E, R>,
  options: { readonly times?: number; readonly base?: number } = {}
): Effect.Effect<A, E, R> =>
  Effect.retry(self, {
    while: (e) => (isRetryable(e) ? Effect.as(Metric.increment(retries), true) : false),
    schedule: Schedule.exponential(options.base ?? 5, 1.5).pipe(Schedule.jittered, Schedule.intersect(Schedule.recurs(options.times ?? 10)))
  })
