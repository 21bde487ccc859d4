/**
 * The store's metrics and spans, for OpenTelemetry through Effect's own `Metric` and tracing (no exporter
 * here: `@vertaistuki/telemetry` provides one; without it they cost next to nothing). No metric has a
 * label that names a person, a participation, a group or a stream, and no span attribute does either:
 * spans carry counts, event types and projection names only, and a failure is recorded as the error's
 * tag, never its message (messages may name an id).
 *
 * @since 0.1.0
 */
import { Effect, Metric } from "effect"

/** Appends committed. @category metrics */
export const appends = Metric.counter("vertaistuki_store_appends", { description: "appends committed", incremental: true })

/** Events written by committed appends. @category metrics */
export const eventsAppended = Metric.counter("vertaistuki_store_events_appended", { description: "events written by committed appends", incremental: true })

/** Appends refused because another writer got there first (optimistic concurrency). @category metrics */
export const conflicts = Metric.counter("vertaistuki_store_conflicts", { description: "appends refused by optimistic concurrency", incremental: true })

/** Attempts repeated by `StoreError.retryOnConflict`. @category metrics */
export const retries = Metric.counter("vertaistuki_store_retries", { description: "operations retried after a conflict or an unavailable store", incremental: true })

/**
 * How many events a projection is behind the head, labelled `projection` with the projection's name:
 * set when a catch-up begins and when it ends.
 *
 * @category metrics
 */
export const projectionLag = Metric.gauge("vertaistuki_projection_lag_events", { description: "events the projection has not applied yet" })

/** Messages waiting in the outbox as seen by the last `Outbox.pending` (at most its limit). @category metrics */
export const outboxDepth = Metric.gauge("vertaistuki_outbox_depth", { description: "messages waiting in the outbox at the last read" })

/**
 * Runs `self` in a span named `name` with `attributes` (counts and names only). A failure ends the span
 * with the attribute `error.type` set to the error's `_tag`, and is then passed on unchanged.
 *
 * @category tracing
 */
export const span =
  (name: string, attributes: Readonly<Record<string, string | number | boolean>> = {}) =>
  <A, E, R>(self: Effect.Effect<A, E, R>): Effect.Effect<A, E, R> =>
    self.pipe(
      Effect.either,
      Effect.tap((r) =>
        r._tag === "Left"
          ? Effect.annotateCurrentSpan("error.type", typeof r.left === "object" && r.left !== null && "_tag" in r.left ? String(r.left._tag) : "error")
          : Effect.void
      ),
      Effect.withSpan(name, { attributes, kind: "internal" }),
      Effect.flatMap((r) => r)
    )
