/**
 * The report as one self-contained HTML page in Finnish, Swedish or English: for each chart an
 * ECharts SVG drawn on the server, a text alternative saying what it shows, and the data table
 * beside it; every table of the report below, hidden cells with the hidden mark. No script, nothing
 * loaded.
 *
 * @since 0.1.0
 */
import * as Svg from "./internal/charts.js"
import * as Labels from "./Labels.js"
import type * as Report from "./Report.js"

const esc = (s: string): string => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;")

const intlLocale = { fi: "fi-FI", sv: "sv-FI", en: "en-GB" } as const

/** A calendar date (`YYYY-MM-DD`) as the language writes it, e.g. 1.1.2026, 1.1.2026, 1/1/2026. */
const day = (locale: Labels.Locale, date: string): string =>
  new Intl.DateTimeFormat(intlLocale[locale], { timeZone: "UTC", day: "numeric", month: "numeric", year: "numeric" }).format(new Date(`${date}T00:00:00Z`))

/** An instant in Helsinki time as the language writes it. */
const moment = (locale: Labels.Locale, iso: string): string =>
  new Intl.DateTimeFormat(intlLocale[locale], { timeZone: "Europe/Helsinki", dateStyle: "short", timeStyle: "short" }).format(new Date(iso))

const isShare = (name: string) => name.endsWith("share") || name === "completion-rate"

/** One figure as text in the locale: the hidden mark, a dash for nothing, a percentage for shares. @category combinators */
export const text = (locale: Labels.Locale, k: number, c: Report.Cell, name = ""): string =>
  c.hidden ? Labels.hidden(locale, k) : c.value === null ? Labels.none : isShare(name) ? Labels.percent(locale, c.value) : Labels.number(locale, c.value)

const rowLabel = (locale: Labels.Locale, t: Report.Table, key: string) =>
  key === "total" || key === "unknown" || t.rowsBy === "band"
    ? Labels.word(locale, key)
    : t.rowsBy === "item" || t.rowsBy === "session"
      ? `${Labels.word(locale, t.rowsBy)} ${key}`
      : key

/** A table of the report as HTML. @category combinators */
export const table = (locale: Labels.Locale, k: number, t: Report.Table): string => {
  const hasTotal = t.rows.some((r) => r.total !== null) || t.total.total !== null
  const head = [Labels.word(locale, t.rowsBy), ...t.columns.map((c) => Labels.word(locale, c)), ...(hasTotal && t.columns.length > 1 ? [Labels.word(locale, "total")] : []), ...t.figures.map((f) => Labels.word(locale, f))]
  const body = [...t.rows, t.total].map((r) => {
    const counts = t.columns.map((_, j) => (r.counts === null ? "" : text(locale, k, r.counts[j]!)))
    const total = hasTotal && t.columns.length > 1 ? [r.total === null ? "" : text(locale, k, r.total)] : []
    const figures = t.figures.map((f) => (r.figures[f] === undefined ? "" : text(locale, k, r.figures[f]!, f)))
    return `<tr${r.key === "total" ? ' class="total"' : ""}><th scope="row">${esc(rowLabel(locale, t, r.key))}</th>${[...counts, ...total, ...figures].map((c) => `<td class="num">${esc(c)}</td>`).join("")}</tr>`
  })
  return `<table id="table-${esc(t.id)}"><caption>${esc(Labels.tableTitle(locale, t.id))}</caption><thead><tr>${head.map((h) => `<th scope="col">${esc(h)}</th>`).join("")}</tr></thead><tbody>${body.join("")}</tbody></table>`
}

/** The sentence that says what a chart shows, row by row, in words. @category combinators */
export const textAlternative = (title: string, rows: ReadonlyArray<{ readonly label: string; readonly parts: ReadonlyArray<readonly [string, string]> }>): string =>
  `${title}. ${rows.map((r) => `${r.label}: ${r.parts.map(([n, v]) => `${n} ${v}`).join(", ")}`).join("; ")}.`

const chart = (
  locale: Labels.Locale,
  k: number,
  t: Report.Table,
  id: string,
  pick: { readonly from: "counts" | "figures"; readonly names: ReadonlyArray<string>; readonly stack: boolean }
): string => {
  const title = Labels.tableTitle(locale, t.id)
  const cellFor = (r: Report.Row, name: string): Report.Cell =>
    pick.from === "counts" ? (r.counts?.[t.columns.indexOf(name)] ?? { value: null, hidden: false }) : (r.figures[name] ?? { value: null, hidden: false })
  const rows = t.rows
  const percent = pick.names.every(isShare)
  const svg = Svg.bars(
    id,
    title,
    rows.map((r) => rowLabel(locale, t, r.key)),
    pick.names.map((n) => ({ name: Labels.word(locale, n), values: rows.map((r) => cellFor(r, n).value) })),
    { stack: pick.stack, percent }
  )
  const alt = textAlternative(
    title,
    rows.map((r) => ({ label: rowLabel(locale, t, r.key), parts: pick.names.map((n) => [Labels.word(locale, n), text(locale, k, cellFor(r, n), n)] as const) }))
  )
  return `<figure id="chart-${esc(id)}" aria-describedby="alt-${esc(id)}"><div role="img" aria-label="${esc(alt)}">${svg}</div><figcaption id="alt-${esc(id)}">${esc(alt)}</figcaption></figure>
${table(locale, k, t)}`
}

const style = `body{font-family:"DejaVu Sans",Arial,sans-serif;max-width:1000px;margin:2em auto;padding:0 1em;color:#1d2733}
h1{font-size:1.6em}h2{font-size:1.2em;margin-top:2em;border-bottom:1px solid #ccd}
table{border-collapse:collapse;margin:.5em 0 1.5em;font-size:.85em;display:block;max-width:100%;overflow-x:auto}td,th{border:1px solid #ccd;padding:.3em .5em;text-align:left}
caption{text-align:left;font-weight:bold;padding:.3em 0}td.num{text-align:right;white-space:nowrap}tr.total{font-weight:bold}
figure{margin:1em 0}figure svg{max-width:100%;height:auto}figcaption,.note{color:#445;font-size:.85em}`

/** The whole report as one HTML document. @category combinators */
export const html = (r: Report.Report, locale: Labels.Locale = "fi"): string => {
  const k = r.k
  const d = r.by[0]
  const t = (id: string) => r.tables.find((x) => x.id === id)
  const charts: Array<string> = []
  if (d !== undefined) {
    const p = t(`participants-by-${d}`)
    if (p !== undefined) charts.push(chart(locale, k, p, "participants", { from: "counts", names: p.columns, stack: true }))
    const a = t(`attendance-by-${d}`)
    if (a !== undefined) charts.push(chart(locale, k, a, "attendance", { from: "figures", names: ["present-share", "excused-share", "absent-share"], stack: true }))
    const h = t(`outcomes-by-${d}`)
    if (h !== undefined) charts.push(chart(locale, k, h, "item-10", { from: "counts", names: h.columns, stack: true }))
  }
  const items = t("items")
  if (items !== undefined) charts.push(chart(locale, k, items, "items", { from: "figures", names: ["median-before", "median-after"], stack: false }))
  const sessions = t("attendance-by-session")
  if (sessions !== undefined && sessions.rows.length > 0) charts.push(chart(locale, k, sessions, "sessions", { from: "figures", names: ["present-share", "excused-share", "absent-share"], stack: true }))
  const shown = new Set([`participants-by-${d}`, `attendance-by-${d}`, `outcomes-by-${d}`, "items", "attendance-by-session"])
  const rest = r.tables.filter((x) => !shown.has(x.id)).map((x) => table(locale, k, x))
  const money = (c: Report.CentsCell) => (c.hidden ? Labels.hidden(locale, k) : c.value === null ? Labels.none : range(locale, c.value))
  const costs =
    r.costs.length === 0
      ? ""
      : `<h2>${esc(Labels.word(locale, "costs"))}</h2><table id="table-costs"><thead><tr>${[
          "programme",
          "groups-run",
          "per-group",
          "cost-total",
          "per-participant",
          "per-completed"
        ]
          .map((h) => `<th scope="col">${esc(Labels.word(locale, h))}</th>`)
          .join("")}</tr></thead><tbody>${r.costs
          .map(
            (c) =>
              `<tr><th scope="row">${esc(c.programmeId)}</th>${[text(locale, k, c.groups), range(locale, c.perGroup), money(c.total), money(c.perParticipant), money(c.perCompletedParticipant)]
                .map((x) => `<td class="num">${esc(x)}</td>`)
                .join("")}</tr>`
          )
          .join("")}</tbody></table>
<table id="table-alternatives"><thead><tr><th scope="col">${esc(Labels.word(locale, "alternative"))}</th><th scope="col">€</th><th scope="col">source</th></tr></thead><tbody>${r.costs
          .flatMap((c) => c.alternatives.map((a) => `<tr><th scope="row">${esc(a.label)}</th><td class="num">${esc(range(locale, a.perParticipant))}</td><td>${esc(a.source ?? "")}</td></tr>`))
          .join("")}</tbody></table>`
  return `<!doctype html>
<html lang="${locale}"><head><meta charset="utf-8"><title>${esc(Labels.word(locale, "title"))}</title><style>${style}</style></head><body>
<h1>${esc(Labels.word(locale, "title"))}</h1>
<p>${esc(Labels.word(locale, "period"))}: ${esc(day(locale, r.period.from))} – ${esc(day(locale, r.period.to))} · ${esc(Labels.word(locale, "asOf"))}: ${esc(moment(locale, r.asOf))} · k = ${k}</p>
<p class="note">${esc(Labels.hiddenNote(locale, k))}</p>
<p>${esc(Labels.word(locale, "excluded"))}: ${esc(text(locale, k, r.excludedForConsent))}</p>
${charts.join("\n")}
${rest.join("\n")}
${costs}
</body></html>
`
}

const range = (locale: Labels.Locale, r: { readonly min: number; readonly likely: number; readonly max: number }) =>
  r.min === r.max ? Labels.euros(locale, r.likely) : `${Labels.euros(locale, r.min)} – ${Labels.euros(locale, r.max)}`
