import type * as Report from "../src/Report.js"

/**
 * Which hidden counts of a published table the published values determine, found by solving: the
 * unknowns are the hidden counts and the margins not published; the equations are "cells of a row
 * sum to its total" and the same for columns and the grand total. An unknown is determined when its
 * unit vector lies in the row space of the system (Gauss–Jordan elimination over exact fractions).
 */
export const determined = (t: Report.Table): ReadonlyArray<string> => {
  const n = t.columns.length
  const rows = [...t.rows, t.total]
  const m = t.rows.length
  // Position (i, j) of the augmented array; i = m is the total row, j = n the row total.
  const value = (i: number, j: number): number | null => {
    const r = rows[i]!
    const c = j === n ? (n === 1 && r.total === null ? (r.counts?.[0] ?? null) : r.total) : (r.counts?.[j] ?? null)
    return c === null || c.hidden ? null : c.value
  }
  const unknown = new Map<number, number>()
  const key = (i: number, j: number) => i * (n + 1) + j
  for (let i = 0; i <= m; i++) for (let j = 0; j <= n; j++) if (value(i, j) === null) unknown.set(key(i, j), unknown.size)
  const u = unknown.size
  const eqs: Array<Array<bigint>> = []
  const equation = (parts: ReadonlyArray<readonly [number, number, 1 | -1]>) => {
    const e = new Array<bigint>(u + 1).fill(0n)
    for (const [i, j, s] of parts) {
      const v = value(i, j)
      if (v === null) e[unknown.get(key(i, j))!]! += BigInt(s)
      else e[u]! -= BigInt(s * v)
    }
    eqs.push(e)
  }
  for (let i = 0; i <= m; i++) equation([...Array.from({ length: n }, (_, j) => [i, j, 1] as const), [i, n, -1]])
  for (let j = 0; j <= n; j++) equation([...Array.from({ length: m }, (_, i) => [i, j, 1] as const), [m, j, -1]])
  // Integer Gauss–Jordan (fraction-free): each pivot row eliminates its column from every other row.
  let r = 0
  const pivots: Array<number> = []
  for (let c = 0; c < u && r < eqs.length; c++) {
    const p = eqs.findIndex((e, i) => i >= r && e[c] !== 0n)
    if (p < 0) continue
    ;[eqs[r], eqs[p]] = [eqs[p]!, eqs[r]!]
    for (let i = 0; i < eqs.length; i++) {
      if (i === r || eqs[i]![c] === 0n) continue
      const a = eqs[r]![c]!
      const b = eqs[i]![c]!
      eqs[i] = eqs[i]!.map((x, k) => x * a - eqs[r]![k]! * b)
    }
    pivots.push(c)
    r++
  }
  const names = [...unknown.keys()]
  const out: Array<string> = []
  for (let i = 0; i < r; i++) {
    const c = pivots[i]!
    if (eqs[i]!.slice(0, u).every((x, k) => k === c || x === 0n)) {
      const pos = names[c]!
      const row = Math.floor(pos / (n + 1))
      const col = pos % (n + 1)
      // A margin left out of a one-column table is the cell itself, not a count of its own.
      const published = col === n ? (row === m ? t.total.total : rows[row]!.total) : (rows[row]!.counts?.[col] ?? null)
      if (published !== null) out.push(`${t.id}[${rows[row]!.key}][${col === n ? "total" : t.columns[col]}]`)
    }
  }
  return out
}

/** Every published count of a table. */
export const publishedCounts = (t: Report.Table): ReadonlyArray<number> =>
  [...t.rows, t.total].flatMap((r) => [...(r.counts ?? []), ...(r.total === null ? [] : [r.total])]).flatMap((c) => (c.hidden || c.value === null ? [] : [c.value]))

/** Every hidden cell of a table shows no value. */
export const hiddenShowNothing = (t: Report.Table): boolean =>
  [...t.rows, t.total].every((r) => [...(r.counts ?? []), ...(r.total === null ? [] : [r.total]), ...Object.values(r.figures)].every((c) => !c.hidden || c.value === null))
