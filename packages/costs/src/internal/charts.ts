/**
 * Charts rendered to SVG strings with Apache ECharts' server-side renderer: no DOM, no script in
 * the output.
 */
import { Money } from "@vertaistuki/core"
import { BarChart } from "echarts/charts"
import { GridComponent, LegendComponent, TitleComponent } from "echarts/components"
import * as echarts from "echarts/core"
import { SVGRenderer } from "echarts/renderers"

/** Registered once, when the module loads. */
echarts.use([BarChart, GridComponent, LegendComponent, TitleComponent, SVGRenderer])

/** The languages whose notation numbers in charts follow. */
export type Lang = "fi" | "sv" | "en"

const locales: Record<Lang, string> = { fi: "fi-FI", sv: "sv-FI", en: "en-GB" }

/** How a chart writes numbers: whole euros (`3 555 €`, `€3,555`) and counts (`10 000`, `10,000`). */
export interface Numbers {
  readonly euros: (cents: number) => string
  readonly count: (n: number) => string
  /** The words on the charts themselves, in the same language. */
  readonly words: { readonly base: string; readonly below: string; readonly above: string; readonly draws: string }
}

const words: Record<Lang, Numbers["words"]> = {
  fi: { base: "perustaso", below: "alle perustason", above: "yli perustason", draws: "arvontoja" },
  sv: { base: "basnivå", below: "under basnivån", above: "över basnivån", draws: "dragningar" },
  en: { base: "base", below: "below base", above: "above base", draws: "draws" }
}

/** The notation of numbers in a language: Finnish and Swedish (as in Finland) or English; the charts' words in `wordsIn`. */
export const numbers = (lang: Lang = "fi", wordsIn: Lang = "en"): Numbers => {
  const whole = new Intl.NumberFormat(locales[lang], { style: "currency", currency: "EUR", maximumFractionDigits: 0 })
  const count = new Intl.NumberFormat(locales[lang], { maximumFractionDigits: 2 })
  return {
    euros: lang === "fi" ? Money.formatWholeEuros : (cents) => whole.format(cents / 100),
    count: (n) => count.format(n),
    words: words[wordsIn]
  }
}

/** Whole euros for labels in Finnish notation: `3 555 €`. */
export const euros = Money.formatWholeEuros

/** The widest line of a category label, in characters; a longer label wraps at spaces, never cut. */
export const labelWidth = 32

/**
 * A label broken into lines of at most `width` characters at spaces (a longer word stays whole), so
 * that a chart shows all of it: two labels never read the same.
 */
export const wrap = (label: string, width: number = labelWidth): string => {
  const lines: Array<string> = []
  for (const word of label.split(/\s+/).filter((w) => w !== "")) {
    const last = lines.at(-1)
    if (last !== undefined && last.length + 1 + word.length <= width) lines[lines.length - 1] = `${last} ${word}`
    else lines.push(word)
  }
  return lines.join("\n")
}

/** The height of a chart's row that fits its longest wrapped label. */
const rowHeight = (labels: ReadonlyArray<string>, least: number): number => Math.max(least, 10 + 15 * Math.max(1, ...labels.map((l) => wrap(l).split("\n").length)))

/** A category axis whose labels are shown whole, wrapped at spaces. */
const categoryAxis = (labels: ReadonlyArray<string>) => ({ type: "category", data: labels.map((l) => wrap(l)), axisLabel: { overflow: "none", lineHeight: 15 } })

const colors = { group: "#2f7d4f", alternative: "#7a8ca3", lower: "#3c78b4", higher: "#c8553d", bars: "#5b7fa8" }

/**
 * Renders one chart option to an SVG string. The renderer numbers its instances globally; their
 * ids and class names are renamed after `key`, so that the same chart gives the same SVG.
 */
export const render = (key: string, option: Record<string, unknown>, width: number, height: number): string => {
  const chart = echarts.init(null, null, { renderer: "svg", ssr: true, width, height })
  chart.setOption({ animation: false, textStyle: { fontFamily: "DejaVu Sans, Arial, sans-serif" }, ...option })
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

/** A floating bar per option from its min to its max, the peer group in green. */
export const comparison = (
  title: string,
  rows: ReadonlyArray<{ readonly label: string; readonly min: number; readonly max: number; readonly highlight: boolean }>,
  n: Numbers = numbers()
): string => {
  const ordered = [...rows].reverse()
  const height = 110 + rowHeight(rows.map((r) => r.label), 38) * rows.length
  const tick = Math.max(1, ...rows.map((r) => r.max)) / 100 / 250
  return render(
    "comparison",
    {
      title: { text: title, left: "center", textStyle: { fontSize: 15 } },
      grid: { left: 290, right: 150, top: 45, bottom: 30 },
      xAxis: { type: "value", axisLabel: { formatter: (v: number) => n.euros(v * 100) } },
      yAxis: categoryAxis(ordered.map((r) => r.label)),
      series: [
        { type: "bar", stack: "range", silent: true, itemStyle: { color: "transparent" }, data: ordered.map((r) => r.min / 100) },
        {
          type: "bar",
          stack: "range",
          barMaxWidth: 22,
          data: ordered.map((r) => ({
            value: (r.max - r.min) / 100 || tick,
            itemStyle: { color: r.highlight ? colors.group : colors.alternative }
          })),
          label: {
            show: true,
            position: "right",
            formatter: (p: { dataIndex: number }) => {
              const r = ordered[p.dataIndex]!
              return r.min === r.max ? n.euros(r.min) : `${n.euros(r.min)} – ${n.euros(r.max)}`
            }
          }
        }
      ]
    },
    900,
    height
  )
}

/** A tornado: for each input a bar from the lower to the higher outcome around the base. */
export const tornado = (
  title: string,
  base: number,
  rows: ReadonlyArray<{ readonly label: string; readonly low: number; readonly high: number }>,
  n: Numbers = numbers()
): string => {
  const ordered = [...rows].reverse()
  const lows = ordered.map((r) => Math.min(r.low, base))
  const floor = Math.max(0, Math.min(base, ...lows))
  const height = 120 + rowHeight(rows.map((r) => r.label), 34) * Math.max(1, rows.length)
  return render(
    "tornado",
    {
      title: { text: title, subtext: `${n.words.base} ${n.euros(base)}`, left: "center", textStyle: { fontSize: 15 } },
      legend: { bottom: 0, data: ["below base", "above base"] },
      grid: { left: 290, right: 40, top: 60, bottom: 40 },
      xAxis: { type: "value", min: Math.floor((floor * 0.95) / 100), axisLabel: { formatter: (v: number) => n.euros(v * 100) } },
      yAxis: categoryAxis(ordered.map((r) => r.label)),
      series: [
        { type: "bar", stack: "t", silent: true, itemStyle: { color: "transparent" }, data: ordered.map((r) => Math.min(r.low, r.high, base) / 100) },
        {
          name: n.words.below,
          type: "bar",
          stack: "t",
          barMaxWidth: 20,
          itemStyle: { color: colors.lower },
          data: ordered.map((r) => (base - Math.min(r.low, r.high, base)) / 100)
        },
        {
          name: n.words.above,
          type: "bar",
          stack: "t",
          barMaxWidth: 20,
          itemStyle: { color: colors.higher },
          data: ordered.map((r) => (Math.max(r.low, r.high, base) - base) / 100)
        }
      ]
    },
    900,
    height
  )
}

/** A histogram of draws. */
export const histogram = (
  title: string,
  subtitle: string,
  bins: ReadonlyArray<{ readonly from: number; readonly to: number; readonly count: number }>,
  n: Numbers = numbers()
): string =>
  render(
    "histogram",
    {
      title: { text: title, subtext: subtitle, left: "center", textStyle: { fontSize: 15 } },
      grid: { left: 70, right: 30, top: 65, bottom: 70 },
      xAxis: { type: "category", data: bins.map((b) => n.euros((b.from + b.to) / 2)), axisLabel: { rotate: 35 } },
      yAxis: { type: "value", name: n.words.draws, axisLabel: { formatter: (v: number) => n.count(v) } },
      series: [{ type: "bar", barCategoryGap: "5%", itemStyle: { color: colors.bars }, data: bins.map((b) => b.count) }]
    },
    900,
    420
  )
