/**
 * Charts rendered to SVG strings with Apache ECharts' server-side renderer: no DOM, no script in
 * the output (as the cost report draws its charts).
 */
import { BarChart } from "echarts/charts"
import { GridComponent, LegendComponent, TitleComponent } from "echarts/components"
import * as echarts from "echarts/core"
import { SVGRenderer } from "echarts/renderers"

/** Registered once, when the module loads. */
echarts.use([BarChart, GridComponent, LegendComponent, TitleComponent, SVGRenderer])

const palette = ["#2f7d4f", "#7a8ca3", "#c8553d", "#3c78b4", "#d9a441", "#6b4e9b", "#444b55"]

/** Renders one option to SVG; the renderer's global instance numbers are renamed after `key`, so the same chart gives the same SVG. */
const render = (key: string, option: Record<string, unknown>, width: number, height: number): string => {
  const chart = echarts.init(null, null, { renderer: "svg", ssr: true, width, height })
  chart.setOption({ animation: false, textStyle: { fontFamily: "DejaVu Sans, Arial, sans-serif" }, color: palette, ...option })
  const names = new Map<string, string>()
  const svg = chart.renderToSVGString().replace(/\bzr\d+-[a-z-]*\d+/g, (name) => {
    const known = names.get(name)
    if (known !== undefined) return known
    const fresh = `${key}-${names.size}`
    names.set(name, fresh)
    return fresh
  })
  chart.dispose()
  return svg
}

/** Horizontal bars, one bar per row stacked from its series (or side by side when `stack` is false); null values draw nothing. */
export const bars = (
  key: string,
  title: string,
  rows: ReadonlyArray<string>,
  series: ReadonlyArray<{ readonly name: string; readonly values: ReadonlyArray<number | null> }>,
  options: { readonly stack: boolean; readonly percent: boolean }
): string => {
  const ordered = [...rows].reverse()
  const height = 120 + (options.stack ? 30 : 16 * series.length + 14) * Math.max(1, rows.length)
  return render(
    key,
    {
      title: { text: title, left: "center", textStyle: { fontSize: 15 } },
      legend: { bottom: 0, data: series.map((s) => s.name) },
      grid: { left: 200, right: 40, top: 45, bottom: 50 },
      xAxis: { type: "value", ...(options.percent ? { max: 1, axisLabel: { formatter: (v: number) => `${Math.round(v * 100)} %` } } : {}) },
      yAxis: { type: "category", data: ordered, axisLabel: { width: 180, overflow: "truncate" } },
      series: series.map((s) => ({ name: s.name, type: "bar", ...(options.stack ? { stack: "all" } : {}), barMaxWidth: 22, data: [...s.values].reverse().map((v) => v ?? "-") }))
    },
    900,
    height
  )
}
