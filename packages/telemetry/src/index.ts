/**
 * Traces and metrics of vertaistuki through OpenTelemetry: off by default, OTLP when configured, the
 * console for development.
 *
 * @since 0.1.0
 */

/** Where the spans and metrics go, and a span for a decision. */
export * as Telemetry from "./Telemetry.js"
