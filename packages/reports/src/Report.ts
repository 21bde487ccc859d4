/**
 * A report for decision-makers (raportti päättäjille), built from `Facts` with small-cell
 * suppression applied to every count of people:
 *
 * - groups planned, not started, running, completed and cancelled, cancellations by category;
 * - participants referred and where each path stands (not decided, ineligible, not enrolled, in
 *   the group, completed, withdrawn, dropped out), eligible, enrolled and the completion rate;
 *   waiting lists with the median days waited;
 * - attendance: shares of present, excused and absent marks, and the median participant's share
 *   of sessions present, per row and per session number;
 * - 3X10D (seed 002_66c02f855fe66a53.txt): only pairs measured at both the start and the end
 *   count; per item the paired n, medians before and after, the median change, improved / same /
 *   worse by a threshold and movement between the bands 0–5 / 6–7 / 8–10; item 10 as the headline;
 *   never a sum of items; start-only participants as a count of their own;
 * - feedback: anonymous responses per session (never their text);
 * - costs per group, per participant and per completed participant, against the alternatives.
 *
 * A person's data counts only while their consent to reporting holds at `asOf`; how many were left
 * out is shown. Rows are dated by their group: its start, or its planning when it never started.
 *
 * @since 0.1.0
 */
import { Outcome } from "@vertaistuki/core"
import { Data, Either } from "effect"
import * as Facts from "./Facts.js"
import { daysBetween, helsinkiDate, median } from "./internal/dates.js"
import * as Period from "./Period.js"
import * as Suppression from "./Suppression.js"

/**
 * One published figure: its value, or `hidden` (shown as "< k"); `value: null` with `hidden: false`
 * means there is nothing to show (no people).
 *
 * @category models
 */
export interface Cell {
  readonly value: number | null
  readonly hidden: boolean
}

/** One row of a table: the counts, the row total when published, and figures derived from them. @category models */
export interface Row {
  readonly key: string
  readonly counts: ReadonlyArray<Cell> | null
  readonly total: Cell | null
  readonly figures: Readonly<Record<string, Cell>>
}

/** A table of counts of people by a dimension, with its total row. @category models */
export interface Table {
  readonly id: string
  /** What the rows follow: a dimension, or `item`, `session`, `band`. */
  readonly rowsBy: string
  readonly columns: ReadonlyArray<string>
  readonly figures: ReadonlyArray<string>
  readonly rows: ReadonlyArray<Row>
  readonly total: Row
}

/** A range of euro cents, or hidden. @category models */
export interface CentsCell {
  readonly value: { readonly min: number; readonly likely: number; readonly max: number } | null
  readonly hidden: boolean
}

/** What one programme's groups cost over the period, against the alternatives. @category models */
export interface CostRow {
  readonly programmeId: string
  /** Groups run (started, not cancelled): hidden with the groups table's count. */
  readonly groups: Cell
  readonly perGroup: { readonly min: number; readonly likely: number; readonly max: number }
  readonly total: CentsCell
  readonly perParticipant: CentsCell
  readonly perCompletedParticipant: CentsCell
  readonly alternatives: ReadonlyArray<{ readonly id: string; readonly label: string; readonly perParticipant: { readonly min: number; readonly likely: number; readonly max: number }; readonly source: string | null }>
}

/**
 * What a programme's group costs and what one participant's course of each alternative costs, in
 * cents, e.g. from `CostModel.summarize(model).total` and `Comparison.compare(model, alternatives)`
 * of `@vertaistuki/costs` (`Costs.fromModel`).
 *
 * @category models
 */
export interface ProgrammeCosts {
  readonly programmeId: string
  readonly perGroup: { readonly min: number; readonly likely: number; readonly max: number }
  readonly alternatives: CostRow["alternatives"]
}

/** Which groups a report covers, besides its period. @category models */
export interface Where {
  readonly programme?: ReadonlyArray<string> | undefined
  readonly organiser?: ReadonlyArray<string> | undefined
  readonly region?: ReadonlyArray<string> | undefined
  readonly language?: ReadonlyArray<string> | undefined
}

/** What to report. @category models */
export interface Options {
  /** The report's date: consent to reporting must hold at this instant (ISO). */
  readonly asOf: string
  readonly period: Period.Period
  /** The dimensions the tables are broken down by; each gives its own set of tables. */
  readonly by: ReadonlyArray<Period.Dimension>
  readonly where?: Where | undefined
  /** The smallest count published; default 5. */
  readonly k?: number | undefined
  /** How many points an item must rise (fall) to count as improved (worse); default 1. */
  readonly changeThreshold?: number | undefined
  readonly costs?: ReadonlyArray<ProgrammeCosts> | undefined
}

/** The published report. @category models */
export interface Report {
  readonly k: number
  readonly asOf: string
  readonly period: Period.Period
  readonly by: ReadonlyArray<Period.Dimension>
  readonly where: Where
  readonly changeThreshold: number
  /** People of the covered groups left out because their consent to reporting did not hold at `asOf`. */
  readonly excludedForConsent: Cell
  readonly tables: ReadonlyArray<Table>
  readonly costs: ReadonlyArray<CostRow>
}

/** A change threshold that is not a whole number ≥ 1. @category errors */
export class InvalidThreshold extends Data.TaggedError("InvalidChangeThreshold")<{ readonly field: "changeThreshold"; readonly expected: string; readonly actual: number }> {
  override get message() {
    return `changeThreshold must be ${this.expected}, got ${this.actual}`
  }
}

/** Why a report was refused. @category errors */
export type ReportError = Suppression.InvalidThreshold | InvalidThreshold | Period.UnknownDimension

/** The people and groups a report covers. @category models */
export interface Scope {
  readonly groups: ReadonlyArray<Facts.GroupFacts & { readonly date: string }>
  readonly participants: ReadonlyArray<Facts.ParticipantFacts>
  readonly excluded: number
}

const pick = (list: ReadonlyArray<string> | undefined, v: string | null) => list === undefined || list.length === 0 || list.includes(v ?? "unknown")

/**
 * The groups in the period that match `where`, their people whose consent to reporting holds at
 * `asOf`, and how many people were left out for want of that consent.
 *
 * @category combinators
 */
export const scope = (facts: Facts.Facts, options: Pick<Options, "asOf" | "period" | "where">): Scope => {
  const w = options.where ?? {}
  const groups = facts.groups
    .map((g) => ({ ...g, date: helsinkiDate(g.startedAt ?? g.plannedAt) }))
    .filter(
      (g) =>
        Period.contains(options.period, g.date) && pick(w.programme, g.programmeId) && pick(w.organiser, g.organiserId) && pick(w.region, g.region) && pick(w.language, g.language)
    )
  const ids = new Set(groups.map((g) => g.groupId))
  const all = facts.participants.filter((p) => ids.has(p.groupId))
  const participants = all.filter(Facts.consentingAt(options.asOf))
  return { groups, participants, excluded: all.length - participants.length }
}

/** The row key of a group for a dimension; groups without the attribute fall under `unknown`. @category combinators */
export const keyOf = (d: Period.Dimension, g: Facts.GroupFacts & { readonly date: string }): string =>
  d === "programme"
    ? g.programmeId
    : d === "organiser"
      ? (g.organiserId ?? "unknown")
      : d === "region"
        ? (g.region ?? "unknown")
        : d === "language"
          ? (g.language ?? "unknown")
          : Period.keyOf(d, g.date)

/** A derived figure: hidden with any count it depends on, or when it comes from fewer than k people. */
const fig = (value: number | null, n: number, deps: ReadonlyArray<Cell | null>, k: number): Cell =>
  deps.some((c) => c === null || c.hidden) ? { value: null, hidden: true } : value === null || n === 0 ? { value: null, hidden: false } : n < k ? { value: null, hidden: true } : { value, hidden: false }

const share = (a: number, b: number) => (b === 0 ? null : Math.round((a / b) * 1000) / 1000)

const cellOf = (s: Suppression.Suppressed, i: number, j: number): Cell =>
  s.status[i]![j] === "published" ? { value: s.table.values[i]![j]!, hidden: false } : { value: null, hidden: true }

interface Entry<X> {
  readonly key: string
  readonly counts: ReadonlyArray<number>
  readonly data: X
}

/** A figure's counts by column name; a column merged into another or absent reads as hidden. */
type Columns = (name: string) => Cell

interface TableOptions {
  /**
   * The table is one of a family by different dimensions whose total rows are the same counts:
   * categories whose overall count is 1 … k−1 are merged (with the smallest others until the merged
   * count reaches k), so the total row is published whole in every table of the family and no table
   * can give away what another hides.
   */
  readonly recode?: boolean
  /** Hide every cell (the table's counts could be worked out together with another table's). */
  readonly hideAll?: boolean
}

/** Which columns a family of tables merges, from the overall count of each: the same for every table of the family. */
export const recoding = (columns: ReadonlyArray<string>, totals: ReadonlyArray<number>, k: number): ReadonlyArray<ReadonlyArray<number>> => {
  const all = totals.reduce((a, b) => a + b, 0)
  const small = totals.flatMap((v, j) => (v >= 1 && v < k ? [j] : []))
  if (all < k || small.length === 0) return columns.map((_, j) => [j])
  const merged = new Set(small)
  let sum = small.reduce((a, j) => a + totals[j]!, 0)
  while (sum < k) {
    const next = totals.map((v, j) => [v, j] as const).filter(([v, j]) => v > 0 && !merged.has(j)).sort((a, b) => a[0] - b[0] || a[1] - b[1])[0]
    if (next === undefined) break
    merged.add(next[1])
    sum += next[0]
  }
  const first = Math.min(...merged)
  return columns.flatMap((_, j) => (j === first ? [[...merged].sort((a, b) => a - b)] : merged.has(j) ? [] : [[j]]))
}

/**
 * Builds one suppressed table: counts per row, margins as `shape` says, and the derived figures of
 * each row (and of the total row, whose data is every row's together).
 */
const countTable = <X>(
  id: string,
  rowsBy: string,
  names: ReadonlyArray<string>,
  raw: ReadonlyArray<Entry<X>>,
  shape: Suppression.Shape,
  k: number,
  figures: ReadonlyArray<string>,
  derive: (data: ReadonlyArray<X>, col: Columns, total: Cell) => Record<string, Cell>,
  options: TableOptions = {}
): Table => {
  const groups = options.recode === true ? recoding(names, names.map((_, j) => raw.reduce((a, e) => a + e.counts[j]!, 0)), k) : names.map((_, j) => [j])
  const columns = groups.map((g) => g.map((j) => names[j]!).join("+"))
  const entries = raw.map((e) => ({ ...e, counts: groups.map((g) => g.reduce((a, j) => a + e.counts[j]!, 0)) }))
  const s = Suppression.suppress(
    Suppression.augment(
      entries.map((e) => e.counts),
      columns.length
    ),
    k,
    options.recode === true ? { ...shape, fixed: (i) => i === entries.length } : shape
  )
  if (options.hideAll === true) for (const r of s.status as Array<Array<Suppression.Status>>) r.fill("hidden")
  const { m, n } = s.table
  const lookup =
    (counts: ReadonlyArray<Cell>): Columns =>
    (name) => {
      const j = columns.indexOf(name)
      return j < 0 ? { value: null, hidden: true } : counts[j]!
    }
  const rows = entries.map((e, i): Row => {
    const counts = columns.map((_, j) => cellOf(s, i, j))
    const total = cellOf(s, i, n)
    return { key: e.key, counts, total: shape.rowTotals ? total : null, figures: derive([e.data], lookup(counts), columns.length === 1 ? counts[0]! : total) }
  })
  const totalCounts = columns.map((_, j) => cellOf(s, m, j))
  const grand = cellOf(s, m, n)
  return {
    id,
    rowsBy,
    columns,
    figures,
    rows,
    total: {
      key: "total",
      counts: shape.columnTotals ? totalCounts : null,
      total: grand,
      figures: derive(
        entries.map((e) => e.data),
        lookup(totalCounts),
        grand
      )
    }
  }
}

const groupStatuses = ["not-started", "running", "completed", "cancelled"] as const
const groupStatus = (g: Facts.GroupFacts): (typeof groupStatuses)[number] =>
  g.cancelledAt !== null ? "cancelled" : g.completedAt !== null ? "completed" : g.startedAt !== null ? "running" : "not-started"

/** Where a participation's path stands. @category constants */
export const paths = ["not-decided", "ineligible", "not-enrolled", "in-group", "completed", "withdrawn", "dropped-out"] as const
/** @category models */
export type Path = (typeof paths)[number]

/** @category combinators */
export const pathOf = (p: Facts.ParticipantFacts): Path =>
  p.enrolledAt !== null
    ? (p.ending ?? "in-group")
    : p.ineligibleAt !== null
      ? "ineligible"
      : p.eligibleAt !== null || p.waitlistedAt !== null || p.declinedAt !== null
        ? "not-enrolled"
        : "not-decided"

/** The change of one item between the start and the end, as improved, same or worse. @category models */
export type Direction = "improved" | "same" | "worse"

/** @category combinators */
export const direction = (change: number, threshold: number): Direction => (change >= threshold ? "improved" : change <= -threshold ? "worse" : "same")

/** A person's pair: the first start measurement and the last end measurement, or null when either is missing. @category combinators */
export const pairOf = (p: Facts.ParticipantFacts): { readonly start: Outcome.Answers | null; readonly end: Outcome.Answers | null } => {
  let start: Facts.Measurement | null = null
  let end: Facts.Measurement | null = null
  for (const x of p.measurements) {
    if (x.phase === "start" && (start === null || x.at < start.at)) start = x
    if (x.phase === "end" && (end === null || x.at > end.at)) end = x
  }
  return { start: start?.answers ?? null, end: end?.answers ?? null }
}

const bands: ReadonlyArray<Outcome.Band> = ["dissatisfied", "moderately-satisfied", "satisfied"]
const directions: ReadonlyArray<Direction> = ["improved", "same", "worse"]

type Pair = { readonly start: Outcome.Answers; readonly end: Outcome.Answers }

const itemFigures = (pairs: ReadonlyArray<Pair>, item: number, n: Cell, k: number): Record<string, Cell> => {
  const before = pairs.map((p) => p.start[item]!)
  const after = pairs.map((p) => p.end[item]!)
  return {
    "median-before": fig(median(before), pairs.length, [n], k),
    "median-after": fig(median(after), pairs.length, [n], k),
    "median-change": fig(median(pairs.map((p) => p.end[item]! - p.start[item]!)), pairs.length, [n], k)
  }
}

/**
 * Builds the report, or says which option is wrong.
 *
 * @category constructors
 */
export const build = (facts: Facts.Facts, options: Options): Either.Either<Report, ReportError> => {
  const k = options.k ?? Suppression.defaultK
  const t = options.changeThreshold ?? 1
  const checkedK = Suppression.threshold(k)
  if (Either.isLeft(checkedK)) return Either.left(checkedK.left)
  if (!Number.isInteger(t) || t < 1) return Either.left(new InvalidThreshold({ field: "changeThreshold", expected: "a whole number ≥ 1", actual: t }))
  for (const d of options.by) {
    const ok = Period.dimension(d)
    if (Either.isLeft(ok)) return Either.left(ok.left)
  }
  const sc = scope(facts, options)
  const peopleByGroup = new Map<string, Array<Facts.ParticipantFacts>>()
  for (const p of sc.participants) {
    const list = peopleByGroup.get(p.groupId)
    if (list === undefined) peopleByGroup.set(p.groupId, [p])
    else list.push(p)
  }
  const consented = new Set(sc.participants.map((p) => p.participantId))
  const pairs = new Map<string, { start: Outcome.Answers | null; end: Outcome.Answers | null }>()
  for (const p of sc.participants) pairs.set(p.participantId, pairOf(p))

  const tables: Array<Table> = []
  const costs: Array<CostRow> = []
  let outcomesOverall: Table | null = null
  for (const d of options.by) {
    const byKey = new Map<string, Array<Facts.GroupFacts & { readonly date: string }>>()
    for (const g of sc.groups) {
      const key = keyOf(d, g)
      const list = byKey.get(key)
      if (list === undefined) byKey.set(key, [g])
      else list.push(g)
    }
    const keys = [...byKey.keys()].sort()
    const groupsOf = (key: string) => byKey.get(key) ?? []
    const peopleCache = new Map<string, ReadonlyArray<Facts.ParticipantFacts>>()
    const peopleOf = (key: string) => {
      let people = peopleCache.get(key)
      if (people === undefined) peopleCache.set(key, (people = groupsOf(key).flatMap((g) => peopleByGroup.get(g.groupId) ?? [])))
      return people
    }

    const groupColumns = [...groupStatuses.slice(0, 3), ...Facts.cancellationCategories.map((c) => `cancelled:${c}`)]
    const groupColumnOf = (g: Facts.GroupFacts) => (g.cancelledAt !== null ? 3 + Facts.cancellationCategories.indexOf(g.cancellation ?? "other") : groupStatuses.indexOf(groupStatus(g)))
    const groupsTable = countTable(
      `groups-by-${d}`,
      d,
      groupColumns,
      keys.map((key) => {
        const counts = groupColumns.map(() => 0)
        for (const g of groupsOf(key)) counts[groupColumnOf(g)]!++
        return { key, counts, data: null }
      }),
      { rowTotals: true, columnTotals: true },
      k,
      ["started", "cancelled"],
      (_, c) => {
        const cancelled = Facts.cancellationCategories.map((x) => c(`cancelled:${x}`))
        return { started: fig(sumOf([c("running"), c("completed")]), 1, [c("running"), c("completed")], 1), cancelled: fig(sumOf(cancelled), 1, cancelled, 1) }
      },
      { recode: true }
    )
    tables.push(groupsTable)
    const participantRows = keys.map((key) => {
      const people = peopleOf(key)
      const counts = paths.map(() => 0)
      for (const p of people) counts[paths.indexOf(pathOf(p))]!++
      return { key, counts, data: people }
    })
    const participants = countTable(
      `participants-by-${d}`,
      d,
      paths,
      participantRows,
      { rowTotals: true, columnTotals: true },
      k,
      ["eligible", "enrolled", "completion-rate"],
      (_, c) => {
        const enrolled = [c("in-group"), c("completed"), c("withdrawn"), c("dropped-out")]
        const ended = [c("completed"), c("withdrawn"), c("dropped-out")]
        const endedN = sumOf(ended) ?? 0
        return {
          eligible: fig(sumOf([c("not-enrolled"), ...enrolled]), 1, [c("not-enrolled"), ...enrolled], 1),
          enrolled: fig(sumOf(enrolled), 1, enrolled, 1),
          "completion-rate": fig(share(c("completed").value ?? 0, endedN), endedN, ended, k)
        }
      },
      { recode: true }
    )
    tables.push(participants)

    const asOf = options.asOf
    tables.push(
      countTable(
        `waitlist-by-${d}`,
        d,
        ["waitlisted"],
        keys.map((key) => {
          const waited = peopleOf(key).filter((p) => p.waitlistedAt !== null)
          return { key, counts: [waited.length], data: waited.map((p) => daysBetween(p.waitlistedAt!, p.waitlistEndedAt ?? p.enrolledAt ?? asOf)) }
        }),
        { rowTotals: false, columnTotals: true },
        k,
        ["median-waiting-days"],
        (data, c) => {
          const days = data.flat()
          return { "median-waiting-days": fig(median(days), days.length, [c("waitlisted")], k) }
        }
      ,
        { recode: true }
      )
    )

    type Marks = { people: Map<string, [number, number, number]>; sessions: number }
    const marksOf = (groups: ReadonlyArray<Facts.GroupFacts>, onlyNumber?: number): Marks => {
      const people = new Map<string, [number, number, number]>()
      let sessions = 0
      for (const g of groups) {
        for (const s of g.sessions) {
          if (s.date === null || (onlyNumber !== undefined && s.number !== onlyNumber)) continue
          sessions++
          const lists = [s.present, s.excused, s.absent]
          for (let x = 0; x < 3; x++) {
            for (const id of lists[x]!) {
              if (!consented.has(id)) continue
              let t = people.get(id)
              if (t === undefined) people.set(id, (t = [0, 0, 0]))
              t[x]!++
            }
          }
        }
      }
      return { people, sessions }
    }
    const attendanceFigures = (data: ReadonlyArray<Marks>, col: Columns): Record<string, Cell> => {
      const c = [col("participants-marked")]
      const tally = [0, 0, 0]
      const perPerson: Array<number> = []
      let sessions = 0
      let people = 0
      for (const m of data) {
        sessions += m.sessions
        people += m.people.size
        for (const t of m.people.values()) {
          tally[0]! += t[0]
          tally[1]! += t[1]
          tally[2]! += t[2]
          perPerson.push(t[0] / (t[0] + t[1] + t[2]))
        }
      }
      const marks = tally[0]! + tally[1]! + tally[2]!
      const medianShare = median(perPerson)
      return {
        "sessions-held": { value: sessions, hidden: false },
        "present-share": fig(share(tally[0]!, marks), people, [c[0]!], k),
        "excused-share": fig(share(tally[1]!, marks), people, [c[0]!], k),
        "absent-share": fig(share(tally[2]!, marks), people, [c[0]!], k),
        "median-participant-present-share": fig(medianShare === null ? null : Math.round(medianShare * 1000) / 1000, people, [c[0]!], k)
      }
    }
    const attendanceNames = ["sessions-held", "present-share", "excused-share", "absent-share", "median-participant-present-share"]
    tables.push(
      countTable(
        `attendance-by-${d}`,
        d,
        ["participants-marked"],
        keys.map((key) => {
          const data = marksOf(groupsOf(key))
          return { key, counts: [data.people.size], data }
        }),
        { rowTotals: false, columnTotals: true },
        k,
        attendanceNames,
        attendanceFigures,
        { recode: true }
      )
    )

    const outcomeColumns = [...directions.map((x) => `item-10-${x}`), "start-only"]
    const outcomes = countTable(
      `outcomes-by-${d}`,
      d,
      outcomeColumns,
      keys.map((key) => {
        const people = peopleOf(key).map((p) => pairs.get(p.participantId)!)
        const ps = pairedOf(peopleOf(key), pairs)
        return {
          key,
          counts: [
            ...directions.map((x) => ps.filter((p) => direction(p.end[9]! - p.start[9]!, t) === x).length),
            people.filter((x) => x.start !== null && x.end === null).length
          ],
          data: ps
        }
      }),
      { rowTotals: true, columnTotals: true },
      k,
      ["paired", "median-before", "median-after", "median-change"],
      (data, c) => {
        const parts = directions.map((x) => c(`item-10-${x}`))
        const paired = fig(sumOf(parts), 1, parts, 1)
        return { paired, ...itemFigures(data.flat(), 9, paired, k) }
      },
      { recode: true }
    )
    tables.push(outcomes)
    if (outcomesOverall === null) outcomesOverall = outcomes

    tables.push(
      countTable(
        `feedback-by-${d}`,
        d,
        ["anonymous-responses"],
        keys.map((key) => {
          const perSession = groupsOf(key).flatMap((g) => g.sessions.flatMap((s) => (s.anonymousResponses === null ? [] : [s.anonymousResponses])))
          return { key, counts: [perSession.reduce((a, b) => a + b, 0)], data: perSession }
        }),
        { rowTotals: false, columnTotals: true },
        k,
        ["sessions-with-box", "median-responses-per-session"],
        (data, c) => {
          const xs = data.flat()
          return {
            "sessions-with-box": { value: xs.length, hidden: false },
            "median-responses-per-session": fig(median(xs), xs.length, [c("anonymous-responses")], 1)
          }
        }
      ,
        { recode: true }
      )
    )

    if (d === "programme" && options.costs !== undefined) {
      for (const c of options.costs) {
        const i = keys.indexOf(c.programmeId)
        const started = i < 0 ? { value: 0, hidden: false } : groupsTable.rows[i]!.figures.started!
        const total = started.hidden ? null : scale(c.perGroup, started.value ?? 0)
        const row = i < 0 ? null : participants.rows[i]!
        const enrolled = row?.figures.enrolled ?? { value: 0, hidden: false }
        const completedIndex = participants.columns.indexOf("completed")
        const completed = row === null ? { value: 0, hidden: false } : completedIndex < 0 ? { value: null, hidden: true } : row.counts![completedIndex]!
        costs.push({
          programmeId: c.programmeId,
          groups: started,
          perGroup: c.perGroup,
          total: total === null ? { value: null, hidden: true } : { value: total, hidden: false },
          perParticipant: total === null ? { value: null, hidden: true } : perCell(total, enrolled),
          perCompletedParticipant: total === null ? { value: null, hidden: true } : perCell(total, completed),
          alternatives: c.alternatives
        })
      }
    }
  }

  // The items, overall: improved / same / worse per item, and the band movement of each item.
  const allPairs = pairedOf(sc.participants, pairs)
  // The paired n and item 10's improved / same / worse are in the outcomes tables' total row; the
  // items and band tables repeat them, so they are published here only when published there too.
  const overall = outcomesOverall as Table | null
  const item10 = overall === null ? null : directions.map((x) => overall.total.counts?.[overall.columns.indexOf(`item-10-${x}`)])
  const pairedPublic = item10 === null || item10.every((c) => c !== undefined && c !== null && !c.hidden)
  const itemsShape: Suppression.Shape = { rowTotals: true, columnTotals: false, fixed: (i, j) => j === directions.length || (item10 !== null && i === 9) }
  tables.push(
    countTable(
      "items",
      "item",
      directions,
      Outcome.itemLabels.map((_, item) => ({
        key: String(item + 1),
        counts: directions.map((x) => allPairs.filter((p) => direction(p.end[item]! - p.start[item]!, t) === x).length),
        data: item
      })),
      itemsShape,
      k,
      ["median-before", "median-after", "median-change"],
      (data, _, n) => (data.length === 1 ? itemFigures(allPairs, data[0]!, n, k) : {}),
      { hideAll: !pairedPublic }
    )
  )
  const bandPairs = Outcome.itemLabels.map((_, item) => allPairs.map((p) => [Outcome.band(p.start[item]!), Outcome.band(p.end[item]!)] as const))
  for (let item = 0; item < 10; item++) {
    tables.push(
      countTable(
        `bands-item-${item + 1}`,
        "band",
        bands,
        bands.map((from) => ({
          key: from,
          counts: bands.map((to) => bandPairs[item]!.filter((p) => p[0] === from && p[1] === to).length),
          data: null
        })),
        { rowTotals: true, columnTotals: true, fixed: (i, j) => i === bands.length && j === bands.length },
        k,
        [],
        () => ({}),
        { hideAll: !pairedPublic }
      )
    )
  }

  const bySession = new Map<number, Array<Facts.GroupFacts>>()
  for (const g of sc.groups) {
    for (const num of new Set(g.sessions.flatMap((s) => (s.date === null ? [] : [s.number])))) {
      const list = bySession.get(num)
      if (list === undefined) bySession.set(num, [g])
      else list.push(g)
    }
  }
  const numbers = [...bySession.keys()].sort((a, b) => a - b)
  {
    const entries = numbers.map((num) => {
      const people = new Map<string, [number, number, number]>()
      let sessions = 0
      for (const g of bySession.get(num)!) {
        for (const s of g.sessions) {
          if (s.number !== num || s.date === null) continue
          sessions++
          const lists = [s.present, s.excused, s.absent]
          for (let x = 0; x < 3; x++)
            for (const id of lists[x]!) {
              if (!consented.has(id)) continue
              let tt = people.get(id)
              if (tt === undefined) people.set(id, (tt = [0, 0, 0]))
              tt[x]!++
            }
        }
      }
      return { key: String(num), counts: [people.size], data: { people, sessions } }
    })
    tables.push(
      countTable("attendance-by-session", "session", ["participants-marked"], entries, { rowTotals: false, columnTotals: false }, k, ["sessions-held", "present-share", "excused-share", "absent-share"], (data, col) => {
        const c = [col("participants-marked")]
        const tally = [0, 0, 0]
        let sessions = 0
        let people = 0
        for (const m of data) {
          sessions += m.sessions
          people += m.people.size
          for (const x of m.people.values()) for (let i = 0; i < 3; i++) tally[i]! += x[i]!
        }
        const marks = tally[0]! + tally[1]! + tally[2]!
        const n = data.length === 1 ? c[0]! : { value: people, hidden: false }
        return {
          "sessions-held": { value: sessions, hidden: false },
          "present-share": fig(share(tally[0]!, marks), people, [n], k),
          "excused-share": fig(share(tally[1]!, marks), people, [n], k),
          "absent-share": fig(share(tally[2]!, marks), people, [n], k)
        }
      })
    )
  }

  const excluded = sc.excluded
  return Either.right({
    k,
    asOf: options.asOf,
    period: options.period,
    by: options.by,
    where: options.where ?? {},
    changeThreshold: t,
    excludedForConsent: excluded >= 1 && excluded < k ? { value: null, hidden: true } : { value: excluded, hidden: false },
    tables,
    costs
  })
}

const pairedOf = (people: ReadonlyArray<Facts.ParticipantFacts>, pairs: ReadonlyMap<string, { start: Outcome.Answers | null; end: Outcome.Answers | null }>): Array<Pair> =>
  people.flatMap((p) => {
    const x = pairs.get(p.participantId)
    return x !== undefined && x.start !== null && x.end !== null ? [{ start: x.start, end: x.end }] : []
  })

const sumOf = (cells: ReadonlyArray<Cell>): number | null => (cells.some((c) => c.hidden) ? null : cells.reduce((a, c) => a + (c.value ?? 0), 0))

const scale = (r: { readonly min: number; readonly likely: number; readonly max: number }, n: number) => ({ min: r.min * n, likely: r.likely * n, max: r.max * n })

const perCell = (total: { readonly min: number; readonly likely: number; readonly max: number }, n: Cell): CentsCell =>
  n.hidden ? { value: null, hidden: true } : n.value === null || n.value === 0 ? { value: null, hidden: false } : { value: { min: Math.round(total.min / n.value), likely: Math.round(total.likely / n.value), max: Math.round(total.max / n.value) }, hidden: false }

/** The table of a report with this id. @category queries */
export const table = (r: Report, id: string): Table | undefined => r.tables.find((x) => x.id === id)
