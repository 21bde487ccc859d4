/**
 * The report as CSV, one figure a line (table, rows by, row, column, value). By default for
 * Finnish Excel: UTF-8 with a byte-order mark, `;` between fields, decimal comma and CRLF; plain
 * CSV (`,`, decimal point, no mark) on request. A hidden figure shows the hidden mark, never 0. A
 * text that starts with `=`, `+`, `-`, `@`, a tab or a carriage return is prefixed with `'`, so a
 * spreadsheet never runs it as a formula.
 *
 * @since 0.1.0
 */
import * as Labels from "./Labels.js"
import type * as Report from "./Report.js"

/** @category models */
export interface Options {
  readonly locale?: Labels.Locale | undefined
  /** `excel-fi` (default) or `plain`. */
  readonly dialect?: "excel-fi" | "plain" | undefined
}

/** A text field made safe for a spreadsheet and quoted when it must be. @category combinators */
export const field = (text: string, separator: string): string => {
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text
  return /["\n\r]/.test(safe) || safe.includes(separator) ? `"${safe.replace(/"/g, '""')}"` : safe
}

/** @category combinators */
export const csv = (r: Report.Report, options: Options = {}): string => {
  const locale = options.locale ?? "fi"
  const excel = (options.dialect ?? "excel-fi") === "excel-fi"
  const sep = excel ? ";" : ","
  const num = (x: number) => (excel ? String(x).replace(".", ",") : String(x))
  const cell = (c: Report.Cell) => (c.hidden ? field(Labels.hidden(locale, r.k), sep) : c.value === null ? "" : num(c.value))
  const lines: Array<string> = [["table", "rows_by", "row", "column", "value"].join(sep)]
  const line = (t: Pick<Report.Table, "id" | "rowsBy">, row: string, column: string, value: string): void => {
    lines.push([field(t.id, sep), field(t.rowsBy, sep), field(row, sep), field(column, sep), value].join(sep))
  }
  for (const t of r.tables) {
    for (const row of [...t.rows, t.total]) {
      if (row.counts !== null) for (const [j, c] of t.columns.entries()) line(t, row.key, c, cell(row.counts[j]!))
      if (row.total !== null) line(t, row.key, "total", cell(row.total))
      for (const f of t.figures) {
        const c = row.figures[f]
        if (c !== undefined) line(t, row.key, f, cell(c))
      }
    }
  }
  for (const c of r.costs) {
    const t = { id: "costs", rowsBy: "programme" }
    line(t, c.programmeId, "groups", cell(c.groups))
    for (const b of ["min", "likely", "max"] as const) {
      line(t, c.programmeId, `per-group-${b}-cents`, num(c.perGroup[b]))
      for (const [name, x] of [
        ["total", c.total],
        ["per-participant", c.perParticipant],
        ["per-completed-participant", c.perCompletedParticipant]
      ] as const) {
        line(t, c.programmeId, `${name}-${b}-cents`, x.hidden ? field(Labels.hidden(locale, r.k), sep) : x.value === null ? "" : num(x.value[b]))
      }
      for (const a of c.alternatives) line(t, c.programmeId, `${a.id}-per-participant-${b}-cents`, num(a.perParticipant[b]))
    }
  }
  line({ id: "consent", rowsBy: "all" }, "total", "excluded-for-consent", cell(r.excludedForConsent))
  const body = lines.join(excel ? "\r\n" : "\n") + (excel ? "\r\n" : "\n")
  return excel ? `\ufeff${body}` : body
}
