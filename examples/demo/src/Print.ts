/** How the chapters print: indented story lines and plain aligned tables. */

/** One line of the story, indented under the chapter heading. */
export const say = (text: string): void => console.log(`  ${text}`)

/** A plain table with a rule under the header; the columns listed in `right` are right-aligned. */
export const printTable = (head: ReadonlyArray<string>, rows: ReadonlyArray<ReadonlyArray<string>>, right: ReadonlyArray<number> = []): void => {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)))
  const line = (cells: ReadonlyArray<string>) => cells.map((c, i) => (right.includes(i) ? c.padStart(widths[i] ?? 0) : c.padEnd(widths[i] ?? 0))).join("  ")
  console.log(line(head))
  console.log(widths.map((w) => "─".repeat(w)).join("  "))
  for (const r of rows) console.log(line(r))
}
