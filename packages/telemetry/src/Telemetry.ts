/**
 * Where the spans and metrics of the store, the deciders and the dispatcher go: nowhere (the default), to
 * an OpenTelemetry collector over OTLP/HTTP, or to the console while developing. Built on
 * `@effect/opentelemetry`; every span and metric the packages emit carries counts, event types and
 * names of projections only, never personal data or an id of a person, a participation or a group
 * (`@vertaistuki/store`'s `Metrics`).
 *
 * @since 0.1.0
 */
import * as NodeSdk from "@effect/opentelemetry/NodeSdk"
import * as Otlp from "@effect/opentelemetry/Otlp"
import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
import { PeriodicExportingMetricReader } from "@opentelemetry/sdk-metrics"
import { BatchSpanProcessor } from "@opentelemetry/sdk-trace-base"
import { Config, type ConfigError, Data, Effect, Layer, Option, Redacted } from "effect"
import { scrubbing } from "./internal/scrub.js"
import { StderrMetricExporter, StderrSpanExporter } from "./internal/stderr.js"

/**
 * Where telemetry goes:
 * - `none`: nowhere (spans and metrics are recorded by Effect in memory only, at a negligible cost);
 * - `console`: spans and metrics printed to stderr as JSON lines (stdout stays the program's own), for development;
 * - `otlp`: OTLP/HTTP (JSON) to a collector at `url` (e.g. `http://127.0.0.1:4318`).
 *
 * @category models
 */
export type Exporter =
  | { readonly _tag: "none" }
  | { readonly _tag: "console" }
  | { readonly _tag: "otlp"; readonly url: Redacted.Redacted<string>; readonly headers?: Readonly<Record<string, string>> | undefined }

/** @category models */
export interface Options {
  readonly exporter: Exporter
  /** `service.name` of the resource; default `vertaistuki`. */
  readonly serviceName?: string | undefined
  readonly serviceVersion?: string | undefined
}

/**
 * A telemetry setting that is not what it must be, naming the setting and what was expected.
 *
 * @category errors
 */
export class InvalidTelemetryConfig extends Data.TaggedError("InvalidTelemetryConfig")<{ readonly field: string; readonly expected: string }> {
  override get message(): string {
    return `${this.field}: expected ${this.expected}`
  }
}

/**
 * `exporter` with its tracer wrapped so that no error text leaves: a failed span carries the error's tag
 * as its exception's type and message, never the error's own message or stack (a message may name an
 * id), and log lines are not attached to spans.
 */
const scrubbed = <E, R>(exporter: Layer.Layer<never, E, R>): Layer.Layer<never, E, R> =>
  Layer.unwrapEffect(Effect.map(Effect.tracer, (t) => Layer.setTracer(scrubbing(t)))).pipe(Layer.provide(exporter))

/**
 * Telemetry through the OpenTelemetry SDK with span processors and metric readers of your own (a
 * region's exporter, or an in-memory one in tests), with the same scrubbing of error texts.
 *
 * @category layers
 */
export const layerSdk = (configuration: NodeSdk.Configuration): Layer.Layer<never> =>
  scrubbed(Layer.discard(NodeSdk.layer(() => ({ resource: { serviceName: "vertaistuki" }, ...configuration }))))

const resource = (o: Options) => ({ serviceName: o.serviceName ?? "vertaistuki", ...(o.serviceVersion === undefined ? {} : { serviceVersion: o.serviceVersion }) })

/**
 * Telemetry as configured in code. Provide it around the program (it flushes when its scope closes).
 *
 * @example
 * ```ts
 * import { Telemetry } from "@vertaistuki/telemetry"
 * const off = Telemetry.layer({ exporter: { _tag: "none" } })
 * ```
 *
 * @category layers
 */
export const layer = (options: Options): Layer.Layer<never, InvalidTelemetryConfig> => {
  const e = options.exporter
  switch (e._tag) {
    case "none":
      return Layer.empty
    case "console":
      return layerSdk({
        resource: resource(options),
        spanProcessor: new BatchSpanProcessor(new StderrSpanExporter()),
        metricReader: new PeriodicExportingMetricReader({ exporter: new StderrMetricExporter(), exportIntervalMillis: 10_000 })
      })
    case "otlp": {
      let url: URL
      try {
        url = new URL(Redacted.value(e.url))
      } catch {
        return Layer.fail(new InvalidTelemetryConfig({ field: "VERTAISTUKI_OTLP_URL", expected: "an http:// or https:// URL of an OTLP collector" }))
      }
      if (url.protocol !== "http:" && url.protocol !== "https:") {
        return Layer.fail(new InvalidTelemetryConfig({ field: "VERTAISTUKI_OTLP_URL", expected: "an http:// or https:// URL of an OTLP collector" }))
      }
      return scrubbed(Otlp.layerJson({ baseUrl: url.href.replace(/\/$/, ""), resource: resource(options), headers: e.headers }).pipe(Layer.provide(FetchHttpClient.layer)))
    }
  }
}

/**
 * Telemetry from the environment: `VERTAISTUKI_TELEMETRY` = `none` (default) | `console` | `otlp`; for
 * `otlp`, `VERTAISTUKI_OTLP_URL` (else `OTEL_EXPORTER_OTLP_ENDPOINT`), kept redacted; `OTEL_SERVICE_NAME`.
 *
 * @category layers
 */
export const layerConfig: Layer.Layer<never, InvalidTelemetryConfig | ConfigError.ConfigError> = Layer.unwrapEffect(
  Effect.gen(function* () {
    const kind = yield* Config.string("VERTAISTUKI_TELEMETRY").pipe(Config.withDefault("none"))
    const serviceName = yield* Config.option(Config.string("OTEL_SERVICE_NAME"))
    const named = Option.isSome(serviceName) ? { serviceName: serviceName.value } : {}
    switch (kind.trim().toLowerCase()) {
      case "":
      case "none":
        return layer({ exporter: { _tag: "none" } })
      case "console":
        return layer({ exporter: { _tag: "console" }, ...named })
      case "otlp": {
        const url = yield* Config.redacted("VERTAISTUKI_OTLP_URL").pipe(Config.orElse(() => Config.redacted("OTEL_EXPORTER_OTLP_ENDPOINT")), Config.option)
        if (Option.isNone(url)) return Layer.fail(new InvalidTelemetryConfig({ field: "VERTAISTUKI_OTLP_URL", expected: "the collector's URL when VERTAISTUKI_TELEMETRY=otlp" }))
        return layer({ exporter: { _tag: "otlp", url: url.value }, ...named })
      }
      default:
        return Layer.fail(new InvalidTelemetryConfig({ field: "VERTAISTUKI_TELEMETRY", expected: "none, console or otlp" }))
    }
  })
)

/**
 * Runs a pure decision (a lifecycle's `decide`) in a span named `vertaistuki.decide` with the machine's
 * name and the command's tag as its only attributes, recording a refusal by its error's tag.
 *
 * @category tracing
 */
export const decide = <A>(machine: string, command: { readonly _tag: string }, f: () => A): Effect.Effect<A> =>
  Effect.sync(f).pipe(
    Effect.tap((r) =>
      typeof r === "object" && r !== null && "_tag" in r && r._tag === "Left" && "left" in r && typeof r.left === "object" && r.left !== null && "_tag" in r.left
        ? Effect.annotateCurrentSpan("error.type", String(r.left._tag))
        : Effect.void
    ),
    Effect.withSpan("vertaistuki.decide", { attributes: { "vertaistuki.machine": machine, "vertaistuki.command": command._tag }, kind: "internal" })
  )
