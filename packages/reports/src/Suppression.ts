/**
 * Small-cell suppression (pienten solujen suojaus) of a table of counts of people, with its row
 * totals, column totals and grand total, so that a region can publish it:
 *
 * - primary: a count 1 … k−1 is hidden (k = 5 by default; k < 2 is refused);
 * - a row or column whose total is under k is hidden whole, and a table whose total is under k is
 *   hidden entirely;
 * - secondary: more cells are hidden until no hidden cell can be worked out from the published cells
 *   and totals.
 *
 * "Worked out" is judged by solving, not by a rule of thumb. Write the table with its margins as an
 * (m+1)×(n+1) array; the published values and the equations "a row's cells sum to its total" (and the
 * same for columns, and for the totals themselves) are all a reader has, with every count ≥ 0. A
 * hidden cell is protected when there is another table, equal to this one in every published value,
 * satisfying every equation, with no negative count, in which that cell has a different value. Such
 * a table differs from this one by ±1 around a cycle of hidden cells (alternating between a row and a
 * column); `witness` finds that cycle as a directed cycle in the graph of rows and columns whose arcs
 * are the hidden cells that may move in that direction without going negative. A hidden cell that
 * lies on no such cycle is determined, and the suppression hides more cells until none is.
 *
 * Every hidden cell carries the same mark, so a reader cannot tell a small count from one hidden to
 * protect it.
 *
 * @since 0.1.0
 */
import { Data, Either } from "effect"

/** The smallest number of people a published count may show, by default. @category constants */
export const defaultK = 5

/** A threshold k < 2 (or not a whole number) was asked for. @category errors */
export class InvalidThreshold extends Data.TaggedError("InvalidThreshold")<{ readonly field: "k"; readonly expected: string; readonly actual: number }> {
  override get message() {
    return `k must be ${this.expected}, got ${this.actual}`
  }
}

/** Checks a threshold: a whole number ≥ 2. @category constructors */
export const threshold = (k: number): Either.Either<number, InvalidThreshold> =>
  Number.isInteger(k) && k >= 2 ? Either.right(k) : Either.left(new InvalidThreshold({ field: "k", expected: "a whole number ≥ 2", actual: k }))

/**
 * Which margins a table publishes. Without row totals (a one-column table, where the row total is
 * the cell itself) or without column totals, the missing margins are unknowns to the reader.
 *
 * @category models
 */
export interface Shape {
  readonly rowTotals: boolean
  readonly columnTotals: boolean
  /** Positions other tables of the report publish: never hidden to protect a cell. */
  readonly fixed?: ((row: number, column: number) => boolean) | undefined
}

/**
 * A table with its margins: `values[i][j]` for i < m, j < n are the cells, `values[i][n]` the row
 * totals, `values[m][j]` the column totals and `values[m][n]` the grand total.
 *
 * @category models
 */
export interface Augmented {
  readonly m: number
  readonly n: number
  readonly values: ReadonlyArray<ReadonlyArray<number>>
}

/** What a reader sees of each position of the augmented array. @category models */
export type Status = "published" | "hidden" | "omitted"

/** The suppression of one table: a status per position of the augmented array. @category models */
export interface Suppressed {
  readonly table: Augmented
  readonly k: number
  readonly status: ReadonlyArray<ReadonlyArray<Status>>
}

/** One change of a witness: the position and by how much it moves. @category models */
export interface Move {
  readonly row: number
  readonly column: number
  readonly delta: 1 | -1
}

/** The table with its row, column and grand totals. @category constructors */
export const augment = (cells: ReadonlyArray<ReadonlyArray<number>>, columns: number): Augmented => {
  const m = cells.length
  const n = columns
  const values: Array<Array<number>> = []
  const colTotals = new Array<number>(n + 1).fill(0)
  for (const row of cells) {
    const r = new Array<number>(n + 1).fill(0)
    let total = 0
    for (let j = 0; j < n; j++) {
      const v = row[j] ?? 0
      r[j] = v
      total += v
      colTotals[j]! += v
    }
    r[n] = total
    colTotals[n]! += total
    values.push(r)
  }
  values.push(colTotals)
  return { m, n, values }
}

/** Whether a position is a margin (row total, column total or grand total). @category guards */
export const isMargin = (t: Augmented, row: number, column: number): boolean => row === t.m || column === t.n

const sign = (t: Augmented, row: number, column: number): 1 | -1 => ((row === t.m ? -1 : 1) * (column === t.n ? -1 : 1)) as 1 | -1

/**
 * A cycle of hidden (or omitted) positions along which the position `(row, column)` can move by
 * `direction` while every published value and every equation stays as it is and no count goes
 * negative; `null` when there is none (the position is determined in that direction).
 *
 * @category combinators
 */
export const witness = (s: Suppressed, row: number, column: number, direction: 1 | -1): ReadonlyArray<Move> | null => {
  const t = s.table
  const a = t.values
  if (direction === -1 && a[row]![column]! < 1) return null
  const rows = t.m + 1
  const nodes = rows + t.n + 1
  // arcs[node] = list of [to, row, column, deltaA]
  const arcs: Array<Array<readonly [number, number, number, 1 | -1]>> = Array.from({ length: nodes }, () => [])
  for (let i = 0; i <= t.m; i++) {
    for (let j = 0; j <= t.n; j++) {
      if (s.status[i]![j] === "published" || (i === row && j === column)) continue
      const sg = sign(t, i, j)
      const v = a[i]![j]!
      // Row node i → column node j moves the position by +1 in the signed array, that is by `sg`.
      if (sg === 1 || v >= 1) arcs[i]!.push([rows + j, i, j, sg])
      if (sg === -1 || v >= 1) arcs[rows + j]!.push([i, i, j, -sg as 1 | -1])
    }
  }
  // Moving (row, column) by `direction` uses the arc row → column when the signed move is +1.
  const signed = direction * sign(t, row, column)
  const from = signed === 1 ? rows + column : row
  const to = signed === 1 ? row : rows + column
  const via = new Array<readonly [number, number, number, 1 | -1] | null>(nodes).fill(null)
  const seen = new Uint8Array(nodes)
  seen[from] = 1
  const queue = [from]
  for (let q = 0; q < queue.length && seen[to] === 0; q++) {
    const x = queue[q]!
    for (const arc of arcs[x]!) {
      if (seen[arc[0]] === 1) continue
      seen[arc[0]] = 1
      via[arc[0]] = [x, arc[1], arc[2], arc[3]]
      queue.push(arc[0])
    }
  }
  if (seen[to] === 0) return null
  const moves: Array<Move> = [{ row, column, delta: direction }]
  for (let x = to; x !== from; ) {
    const step = via[x]!
    moves.push({ row: step[1], column: step[2], delta: step[3] })
    x = step[0]
  }
  return moves
}

/** Whether a hidden position can take another value (up or down). @category guards */
export const isProtected = (s: Suppressed, row: number, column: number): boolean =>
  witness(s, row, column, 1) !== null || witness(s, row, column, -1) !== null

const primary = (t: Augmented, k: number, shape: Shape): Array<Array<Status>> => {
  const status: Array<Array<Status>> = t.values.map((r) => r.map(() => "published" as Status))
  const small = (v: number) => v >= 1 && v < k
  for (let i = 0; i <= t.m; i++) for (let j = 0; j <= t.n; j++) if (small(t.values[i]![j]!)) status[i]![j] = "hidden"
  const total = t.values[t.m]![t.n]!
  if (shape.rowTotals) for (let i = 0; i < t.m; i++) if (small(t.values[i]![t.n]!)) for (let j = 0; j <= t.n; j++) status[i]![j] = "hidden"
  if (shape.columnTotals) for (let j = 0; j < t.n; j++) if (small(t.values[t.m]![j]!)) for (let i = 0; i <= t.m; i++) status[i]![j] = "hidden"
  if (small(total)) for (const r of status) r.fill("hidden")
  // A cell of a column or row whose published total is 0 is 0 for every reader: it stays shown.
  for (let i = 0; i < t.m; i++)
    for (let j = 0; j < t.n; j++)
      if ((status[t.m]![j] === "published" && t.values[t.m]![j] === 0) || (status[i]![t.n] === "published" && t.values[i]![t.n] === 0)) status[i]![j] = "published"
  if (!shape.rowTotals) for (let i = 0; i < t.m; i++) status[i]![t.n] = "omitted"
  if (!shape.columnTotals) for (let j = 0; j < t.n; j++) status[t.m]![j] = "omitted"
  return status
}

/**
 * Suppresses a table: primary, whole small rows, columns and tables, then secondary until every
 * hidden position is protected. Secondary cells are chosen from the unprotected cell's row and
 * column, preferring one that protects it at once, then non-zero counts, then the smallest, then
 * inner cells over totals.
 *
 * @category combinators
 */
export const suppress = (table: Augmented, k: number, shape: Shape): Suppressed => {
  const status = primary(table, k, shape)
  const s: Suppressed = { table, k, status }
  const done = new Set<number>()
  const key = (i: number, j: number) => i * (table.n + 1) + j
  for (;;) {
    let open: readonly [number, number] | null = null
    for (let i = 0; i <= table.m && open === null; i++) {
      for (let j = 0; j <= table.n; j++) {
        if (status[i]![j] !== "hidden" || done.has(key(i, j))) continue
        if (isProtected(s, i, j)) done.add(key(i, j))
        else {
          open = [i, j]
          break
        }
      }
    }
    if (open === null) return s
    const [oi, oj] = open
    const near: Array<readonly [number, number]> = []
    // A position in a row or column whose published total is 0 is 0 for every reader and protects nothing.
    const zero = (i: number, j: number) =>
      (status[i]![table.n] === "published" && table.values[i]![table.n] === 0 && j !== table.n) ||
      (status[table.m]![j] === "published" && table.values[table.m]![j] === 0 && i !== table.m)
    const free = (i: number, j: number) => status[i]![j] === "published" && shape.fixed?.(i, j) !== true && !zero(i, j)
    for (let j = 0; j <= table.n; j++) if (free(oi, j)) near.push([oi, j])
    for (let i = 0; i <= table.m; i++) if (free(i, oj)) near.push([i, oj])
    if (near.length === 0) for (let i = 0; i <= table.m; i++) for (let j = 0; j <= table.n; j++) if (free(i, j)) near.push([i, j])
    let best: readonly [number, number] | null = null
    let bestScore: ReadonlyArray<number> = []
    for (const [i, j] of near) {
      status[i]![j] = "hidden"
      const score = [isProtected(s, oi, oj) ? 0 : 1, table.values[i]![j]! === 0 ? 1 : 0, table.values[i]![j]!, isMargin(table, i, j) ? 1 : 0]
      status[i]![j] = "published"
      if (best === null || less(score, bestScore)) {
        best = [i, j]
        bestScore = score
      }
    }
    // With nothing left to hide, every position that could protect another is hidden.
    if (best === null) return s
    status[best[0]]![best[1]] = "hidden"
  }
}

const less = (a: ReadonlyArray<number>, b: ReadonlyArray<number>): boolean => {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i]! < b[i]!
  return false
}
