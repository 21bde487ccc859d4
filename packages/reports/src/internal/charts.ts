/**
 * The report's charts, drawn as the cost report draws its own (`Chart.svg` of @vertaistuki/costs):
 * SVG strings, no DOM, no script in the output; labels and titles wrap, never cut.
 */
import { Chart } from "@vertaistuki/costs"

const palette = ["#2f7d4f", "#7a8ca3", "#c8553d", "#3c78b4", "#d9a441", "#6b4e9b", "#444b55"]

const lines = (text: string) => text.split("\n").length

/** Horizontal bars, one bar per row stacked from its series (or side by side when `stack` is false); null values draw nothing. */
export const bars = (
  key: string,
  title: string,
  rows: ReadonlyArray<string>,
  series: ReadonlyArray<{ readonly name: string; readonly values: ReadonlyArray<number | null> }>,
  options: { readonly stack: boolean; readonly percent: boolean }
): string => {
  const ordered = [...rows].reverse().map((r) => Chart.wrap(r, 28))
  const heading = Chart.wrap(title, 80)
  // A legend entry per line, so that long names never run into each other.
  const legend = 22 * series.length
  const perRow = Math.max(options.stack ? 30 : 16 * series.length + 14, 10 + 15 * Math.max(1, ...ordered.map(lines)))
  const top = 25 + 20 * lines(heading)
  return Chart.svg(
    key,
    {
      color: palette,
      title: { text: heading, left: "center", textStyle: { fontSize: 15 } },
      legend: { bottom: 0, left: "center", orient: "vertical", data: series.map((s) => s.name) },
      grid: { left: 200, right: 40, top, bottom: 35 + legend },
      xAxis: { type: "value", ...(options.percent ? { max: 1, axisLabel: { formatter: (v: number) => `${Math.round(v * 100)} %` } } : {}) },
      yAxis: { type: "category", data: ordered },
      series: series.map((s) => ({ name: s.name, type: "bar", ...(options.stack ? { stack: "all" } : {}), barMaxWidth: 22, data: [...s.values].reverse().map((v) => v ?? "-") }))
    },
    900,
    top + 35 + legend + perRow * Math.max(1, rows.length)
  )
}
