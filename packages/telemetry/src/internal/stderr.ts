// Console exporters that write to stderr, one JSON line per span or metric, so that stdout stays the
// command's own output (`vertaistuki … --json > file` with telemetry on still writes valid JSON).
import { type ExportResult, ExportResultCode } from "@opentelemetry/core"
import { AggregationTemporality, type PushMetricExporter, type ResourceMetrics } from "@opentelemetry/sdk-metrics"
import type { ReadableSpan, SpanExporter } from "@opentelemetry/sdk-trace-base"

const write = (line: unknown) => process.stderr.write(`${JSON.stringify(line)}\n`)
const millis = ([s, ns]: readonly [number, number]) => Math.round((s * 1e3 + ns / 1e6) * 1000) / 1000

export class StderrSpanExporter implements SpanExporter {
  export(spans: Array<ReadableSpan>, done: (result: ExportResult) => void): void {
    for (const s of spans) {
      write({ span: s.name, traceId: s.spanContext().traceId, durationMs: millis(s.duration), attributes: s.attributes, status: s.status.code })
    }
    done({ code: ExportResultCode.SUCCESS })
  }
  shutdown(): Promise<void> {
    return Promise.resolve()
  }
}

export class StderrMetricExporter implements PushMetricExporter {
  export(metrics: ResourceMetrics, done: (result: ExportResult) => void): void {
    for (const scope of metrics.scopeMetrics) {
      for (const m of scope.metrics) {
        for (const p of m.dataPoints) write({ metric: m.descriptor.name, attributes: p.attributes, value: p.value })
      }
    }
    done({ code: ExportResultCode.SUCCESS })
  }
  selectAggregationTemporality(): AggregationTemporality {
    return AggregationTemporality.CUMULATIVE
  }
  forceFlush(): Promise<void> {
    return Promise.resolve()
  }
  shutdown(): Promise<void> {
    return Promise.resolve()
  }
}
