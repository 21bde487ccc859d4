import { Either } from "effect"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import * as Suppression from "../src/Suppression.js"

const shapes = fc.record({ rowTotals: fc.boolean(), columnTotals: fc.boolean() })
/** Small counts are the interesting ones: many zeros, many under k, some large. */
const count = fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 6 }), fc.integer({ min: 0, max: 40 }))
const tables = fc
  .record({ m: fc.integer({ min: 1, max: 6 }), n: fc.integer({ min: 1, max: 5 }) })
  .chain(({ m, n }) => fc.array(fc.array(count, { minLength: n, maxLength: n }), { minLength: m, maxLength: m }).map((cells) => ({ cells, n })))
const ks = fc.integer({ min: 2, max: 8 })

/** Everything a reader can check of another table: the published values, the equations, no negative count. */
const consistent = (s: Suppression.Suppressed, other: ReadonlyArray<ReadonlyArray<number>>): boolean => {
  const { m, n, values } = s.table
  for (let i = 0; i <= m; i++) {
    for (let j = 0; j <= n; j++) {
      if (other[i]![j]! < 0) return false
      if (s.status[i]![j] === "published" && other[i]![j] !== values[i]![j]) return false
    }
  }
  for (let i = 0; i <= m; i++) if (other[i]!.slice(0, n).reduce((a, b) => a + b, 0) !== other[i]![n]) return false
  for (let j = 0; j <= n; j++) if (other.slice(0, m).reduce((a, r) => a + r[j]!, 0) !== other[m]![j]) return false
  return true
}

const apply = (s: Suppression.Suppressed, moves: ReadonlyArray<Suppression.Move>) => {
  const other = s.table.values.map((r) => [...r])
  for (const mv of moves) other[mv.row]![mv.column]! += mv.delta
  return other
}

describe("Suppression.suppress", () => {
  it("refuses k < 2 and names it", () => {
    for (const k of [1, 0, -3, 2.5]) expect(Either.getOrThrow(Either.flip(Suppression.threshold(k))).field).toBe("k")
    expect(Either.getOrThrow(Suppression.threshold(2))).toBe(2)
  })

  it("law: every hidden position has another table consistent with everything published that gives it another value", () => {
    fc.assert(
      fc.property(tables, ks, shapes, ({ cells, n }, k, shape) => {
        const s = Suppression.suppress(Suppression.augment(cells, n), k, shape)
        for (let i = 0; i <= s.table.m; i++) {
          for (let j = 0; j <= s.table.n; j++) {
            if (s.status[i]![j] !== "hidden") continue
            const w = Suppression.witness(s, i, j, 1) ?? Suppression.witness(s, i, j, -1)
            expect(w, `position ${i},${j} is determined`).not.toBeNull()
            const other = apply(s, w!)
            expect(consistent(s, other)).toBe(true)
            expect(other[i]![j]).not.toBe(s.table.values[i]![j])
          }
        }
      }),
      { numRuns: 400 }
    )
  })

  it("law: no published count is 1 … k−1, and a published row or column total under k shows nothing of its row or column", () => {
    fc.assert(
      fc.property(tables, ks, shapes, ({ cells, n }, k, shape) => {
        const s = Suppression.suppress(Suppression.augment(cells, n), k, shape)
        const { m, values } = s.table
        for (let i = 0; i <= m; i++) {
          for (let j = 0; j <= n; j++) {
            const v = values[i]![j]!
            if (s.status[i]![j] === "published") expect(v === 0 || v >= k).toBe(true)
            // A zero in a small row or column may show: it is 0 for every reader, as its other total is 0.
            if (v === 0) continue
            if (shape.rowTotals && i < m && values[i]![n]! > 0 && values[i]![n]! < k) expect(s.status[i]![j]).not.toBe("published")
            if (shape.columnTotals && j < n && values[m]![j]! > 0 && values[m]![j]! < k) expect(s.status[i]![j]).not.toBe("published")
          }
        }
      }),
      { numRuns: 400 }
    )
  })

  it("law: with the total row fixed (a family of tables, small categories merged), it stays shown and every hidden cell is still protected", () => {
    fc.assert(
      fc.property(tables, ks, fc.boolean(), ({ cells, n }, k, rowTotals) => {
        const t = Suppression.augment(cells, n)
        fc.pre(!t.values[t.m]!.some((v) => v > 0 && v < k))
        const s = Suppression.suppress(t, k, { rowTotals, columnTotals: true, fixed: (i) => i === t.m })
        expect(s.status[t.m]!.every((x) => x === "published")).toBe(true)
        for (let i = 0; i < t.m; i++) for (let j = 0; j <= t.n; j++) if (s.status[i]![j] === "hidden") expect(Suppression.isProtected(s, i, j)).toBe(true)
      }),
      { numRuns: 300 }
    )
  })

  it("law: every total is the sum of its published and hidden parts", () => {
    fc.assert(
      fc.property(tables, ks, shapes, ({ cells, n }, k, shape) => {
        const s = Suppression.suppress(Suppression.augment(cells, n), k, shape)
        const { m, values } = s.table
        for (let i = 0; i <= m; i++) {
          const parts = values[i]!.slice(0, n)
          const published = parts.filter((_, j) => s.status[i]![j] === "published").reduce((a, b) => a + b, 0)
          const hidden = parts.filter((_, j) => s.status[i]![j] !== "published").reduce((a, b) => a + b, 0)
          expect(published + hidden).toBe(values[i]![n])
        }
      }),
      { numRuns: 200 }
    )
  })

  it("hides a second cell of the row and column of a lone small cell, and a total that would give it away", () => {
    // 3 is alone in its row and column: hiding it alone would let the totals give it back.
    const s = Suppression.suppress(Suppression.augment([[3, 10, 12], [20, 30, 25], [15, 18, 40]], 3), 5, { rowTotals: true, columnTotals: true })
    expect(s.status[0]![0]).toBe("hidden")
    const hidden = s.status.flat().filter((x) => x === "hidden").length
    expect(hidden).toBeGreaterThanOrEqual(4)
    expect(s.status[0]!.slice(0, 3).filter((x) => x === "hidden").length).toBeGreaterThanOrEqual(2)
  })

  it("catches a chain a row-and-column rule would miss: two small cells in one row, both of value 1, beside zeros", () => {
    // Row 0: 1, 1 and the rest zero; column totals published. Hiding only the two 1s leaves them determined by the columns.
    const s = Suppression.suppress(Suppression.augment([[1, 1, 0], [9, 9, 9], [8, 8, 8]], 3), 5, { rowTotals: true, columnTotals: true })
    for (let i = 0; i <= s.table.m; i++) for (let j = 0; j <= s.table.n; j++) if (s.status[i]![j] === "hidden") expect(Suppression.isProtected(s, i, j)).toBe(true)
    expect(s.status[1]![0] === "hidden" || s.status[2]![0] === "hidden" || s.status[3]![0] === "hidden").toBe(true)
  })
})
