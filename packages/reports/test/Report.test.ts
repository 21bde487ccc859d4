import { Either } from "effect"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import * as Facts from "../src/Facts.js"
import * as Period from "../src/Period.js"
import * as Report from "../src/Report.js"
import * as Suppression from "../src/Suppression.js"
import { population } from "./arbitraries.js"
import { granted } from "./consents.js"
import { determined, hiddenShowNothing, publishedCounts } from "./laws.js"

const year = Either.getOrThrow(Period.parse("2026"))
const asOf = "2027-01-15T10:00:00Z"
const build = (facts: Facts.Facts, k = 5, by: ReadonlyArray<Period.Dimension> = ["region", "programme", "half-year"]) =>
  Either.getOrThrow(Report.build(facts, { asOf, period: year, by, k }))

describe("Report.build: suppression laws for any population", () => {
  it("no hidden count can be solved from the published cells and totals; no published count is 1 … k−1; hidden shows no value", () => {
    fc.assert(
      fc.property(population, fc.integer({ min: 2, max: 6 }), (facts, k) => {
        const r = build(facts, k)
        for (const t of r.tables) {
          expect(determined(t)).toEqual([])
          for (const v of publishedCounts(t)) expect(v === 0 || v >= k, `${t.id}: ${v}`).toBe(true)
          expect(hiddenShowNothing(t)).toBe(true)
        }
        expect(r.excludedForConsent.hidden || r.excludedForConsent.value === 0 || r.excludedForConsent.value! >= k).toBe(true)
      }),
      { numRuns: 150 }
    )
  })

  it("each hidden count of the participants table has a second population, consistent with all that is published, giving it another value; totals are published plus hidden parts", () => {
    fc.assert(
      fc.property(population, (facts) => {
        const r = build(facts)
        const t = Report.table(r, "participants-by-region")!
        // The true counts, worked out here from the facts on their own.
        const sc = Report.scope(facts, { asOf, period: year })
        const people = facts.participants.filter((p) => Facts.consentsAt(p, asOf) && sc.groups.some((g) => g.groupId === p.groupId))
        const regionOf = new Map(facts.groups.map((g) => [g.groupId, g.region ?? "unknown"]))
        // Columns may be merged ("a+b") when a path has fewer than k people overall.
        const cells = t.rows.map((row) =>
          t.columns.map((column) => people.filter((p) => regionOf.get(p.groupId) === row.key && column.split("+").includes(Report.pathOf(p))).length)
        )
        const table = Suppression.augment(cells, t.columns.length)
        const status = [...t.rows, t.total].map((row, i) =>
          [...row.counts!, row.total!].map((c, j): Suppression.Status => {
            if (!c.hidden) expect(c.value).toBe(table.values[i]![j])
            return c.hidden ? "hidden" : "published"
          })
        )
        const s: Suppression.Suppressed = { table, k: 5, status }
        for (let i = 0; i <= table.m; i++) {
          expect(table.values[i]!.slice(0, table.n).reduce((a, b) => a + b, 0)).toBe(table.values[i]![table.n])
          for (let j = 0; j <= table.n; j++) {
            if (status[i]![j] !== "hidden") continue
            const w = Suppression.witness(s, i, j, 1) ?? Suppression.witness(s, i, j, -1)
            expect(w).not.toBeNull()
            const other = table.values.map((row) => [...row])
            for (const mv of w!) other[mv.row]![mv.column]! += mv.delta
            expect(other.flat().every((v) => v >= 0)).toBe(true)
            for (let a = 0; a <= table.m; a++) for (let b = 0; b <= table.n; b++) if (status[a]![b] === "published") expect(other[a]![b]).toBe(table.values[a]![b])
            for (let a = 0; a < table.m; a++) expect(other[a]!.slice(0, table.n).reduce((x, y) => x + y, 0)).toBe(other[a]![table.n])
            expect(other[i]![j]).not.toBe(table.values[i]![j])
          }
        }
      }),
      { numRuns: 100 }
    )
  })

  it("rates and medians from fewer than k people are hidden, or with a count they depend on", () => {
    fc.assert(
      fc.property(population, (facts) => {
        const r = build(facts)
        for (const id of ["waitlist-by-region", "attendance-by-region", "outcomes-by-region"]) {
          const t = Report.table(r, id)!
          for (const row of [...t.rows, t.total]) {
            const n = id === "outcomes-by-region" ? row.figures.paired! : row.counts![0]!
            for (const [name, f] of Object.entries(row.figures)) {
              if (name === "sessions-held" || name === "paired") continue
              if (n.hidden || (n.value !== null && n.value > 0 && n.value < 5)) expect(f.hidden, `${id} ${row.key} ${name}`).toBe(true)
            }
          }
        }
      }),
      { numRuns: 100 }
    )
  })
})

const answers = (x: number, item10 = x): ReadonlyArray<number> => [...Array.from({ length: 9 }, () => x), item10]
const person = (id: string, start: ReadonlyArray<number> | null, end: ReadonlyArray<number> | null): Facts.ParticipantFacts => ({
  participantId: id,
  groupId: "g1",
  referredAt: "2026-01-05T10:00:00Z",
  eligibleAt: "2026-01-10T10:00:00Z",
  ineligibleAt: null,
  declinedAt: null,
  enrolledAt: "2026-01-20T10:00:00Z",
  waitlistedAt: null,
  waitlistEndedAt: null,
  ending: end === null ? null : "completed",
  endedAt: end === null ? null : "2026-04-20T10:00:00Z",
  measurements: [
    ...(start === null ? [] : [{ phase: "start" as const, at: "2026-02-01T10:00:00Z", answers: start }]),
    ...(end === null ? [] : [{ phase: "end" as const, at: "2026-04-20T10:00:00Z", answers: end }])
  ],
  consents: granted("2026-01-05T10:00:00Z")
})
const group: Facts.GroupFacts = {
  groupId: "g1",
  programmeId: "voikukkia",
  organiserId: "org",
  region: "Pirkanmaa",
  language: "fi",
  plannedAt: "2025-12-01T10:00:00Z",
  startedAt: "2026-02-01T10:00:00Z",
  completedAt: "2026-04-20T10:00:00Z",
  cancelledAt: null,
  cancellation: null,
  sessions: []
}

describe("Report.build: 3X10D with known answers (seed 002_66c02f855fe66a53.txt)", () => {
  // Each person five times over, so that k = 5 hides nothing; the medians are those of the six.
  const five = <A>(f: (copy: number) => ReadonlyArray<A>): ReadonlyArray<A> => [0, 1, 2, 3, 4].flatMap(f)
  // Six pairs on the band edges, item 10 apart, and two people measured only at the start.
  const pairs: ReadonlyArray<readonly [number, number, number, number]> = [
    [0, 5, 5, 10],
    [5, 6, 5, 8],
    [6, 7, 4, 3],
    [7, 8, 6, 6],
    [8, 8, 10, 10],
    [5, 10, 2, 9]
  ]
  const facts: Facts.Facts = {
    groups: [group],
    participants: [
      ...five((c) => pairs.map(([s, e, s10, e10], i) => person(`p${i}-${c}`, answers(s, s10), answers(e, e10)))),
      ...five((c) => [person(`only-start-1-${c}`, answers(1), null), person(`only-start-2-${c}`, answers(10, 0), null)])
    ]
  }
  const r = Either.getOrThrow(Report.build(facts, { asOf, period: year, by: ["region"] }))

  it("counts only pairs; the start-only people are a count of their own and move no median", () => {
    const t = Report.table(r, "outcomes-by-region")!
    expect(t.columns).toEqual(["item-10-improved", "item-10-same", "item-10-worse", "start-only"])
    expect(t.rows[0]!.counts!.map((c) => c.value)).toEqual([15, 10, 5, 10])
    expect(t.rows[0]!.figures.paired!.value).toBe(30)
    const items = Report.table(r, "items")!
    expect(items.rows[0]!.total!.value).toBe(30)
    // Item 1 before: 0 5 5 6 7 8 → 5.5; after: 5 6 7 8 8 10 → 7.5; change: 5 1 1 1 0 5 → 1.
    expect(items.rows[0]!.figures["median-before"]!.value).toBe(5.5)
    expect(items.rows[0]!.figures["median-after"]!.value).toBe(7.5)
    expect(items.rows[0]!.figures["median-change"]!.value).toBe(1)
    expect(items.rows[0]!.counts!.map((c) => c.value)).toEqual([25, 5, 0])
  })

  it("item 10 is the headline, on its own answers: before 2 4 5 5 6 10 → 5, after 3 6 8 9 10 10 → 8.5", () => {
    const t = Report.table(r, "outcomes-by-region")!
    expect(t.rows[0]!.figures["median-before"]!.value).toBe(5)
    expect(t.rows[0]!.figures["median-after"]!.value).toBe(8.5)
    expect(t.rows[0]!.counts!.slice(0, 3).map((c) => c.value)).toEqual([15, 10, 5])
    expect(Report.table(r, "items")!.rows[9]!.counts!.map((c) => c.value)).toEqual([15, 10, 5])
  })

  it("moves between the bands 0–5, 6–7 and 8–10 as the scale is 0–10 (a 1–11 coding would shift every edge)", () => {
    const b = Report.table(r, "bands-item-1")!
    // Item 1 pairs: 0→5 (d→d), 5→6 (d→m), 6→7 (m→m), 7→8 (m→s), 8→8 (s→s), 5→10 (d→s).
    expect(b.rows.map((row) => row.counts!.map((c) => c.value))).toEqual([
      [5, 5, 5],
      [0, 5, 5],
      [0, 0, 5]
    ])
    expect(Either.isLeft(Facts.decode({ groups: [], participants: [person("x", answers(11), answers(5))] }))).toBe(true)
    expect(Either.isRight(Facts.decode({ groups: [], participants: [person("x", answers(0), answers(10))] }))).toBe(true)
  })

  it("a threshold of 2 counts a rise of 1 as the same", () => {
    const r2 = Either.getOrThrow(Report.build(facts, { asOf, period: year, by: ["region"], changeThreshold: 2 }))
    expect(Report.table(r2, "items")!.rows[0]!.counts!.map((c) => c.value)).toEqual([10, 20, 0])
  })

  it("never sums the items: no figure of the report is a total score", () => {
    const items = Report.table(r, "items")!
    expect(items.total.figures).toEqual({})
    expect(JSON.stringify(r)).not.toMatch(/sum|total-score|overall-score/)
  })

  it("leaves out the people whose consent to reporting does not hold at the report's date, and says how many", () => {
    const withdrawn = five((c) => [{ ...person(`w${c}`, answers(3), answers(9)), consents: granted("2026-01-05T10:00:00Z", "2026-06-01T00:00:00Z") }])
    const all = { ...facts, participants: [...facts.participants, ...withdrawn] }
    const r3 = Either.getOrThrow(Report.build(all, { asOf, period: year, by: ["region"] }))
    expect(r3.excludedForConsent.value).toBe(5)
    expect(Report.table(r3, "outcomes-by-region")!.rows[0]!.figures.paired!.value).toBe(30)
    const before = Either.getOrThrow(Report.build(all, { asOf: "2026-05-01T00:00:00Z", period: year, by: ["region"] }))
    expect(before.excludedForConsent.value).toBe(0)
    expect(Report.table(before, "outcomes-by-region")!.rows[0]!.figures.paired!.value).toBe(35)
    const one = Either.getOrThrow(Report.build({ ...facts, participants: [...facts.participants, withdrawn[0]!] }, { asOf, period: year, by: ["region"] }))
    expect(one.excludedForConsent).toEqual({ value: null, hidden: true })
  })
})

describe("Report.build: bad options", () => {
  it("refuses k < 2, an unknown dimension and a period that is not one, naming the field", () => {
    const bad = Either.getOrThrow(Either.flip(Report.build({ groups: [], participants: [] }, { asOf, period: year, by: ["region"], k: 1 })))
    expect(bad).toMatchObject({ _tag: "InvalidThreshold", field: "k" })
    const dim = Either.getOrThrow(Either.flip(Report.build({ groups: [], participants: [] }, { asOf, period: year, by: ["county" as Period.Dimension] })))
    expect(dim).toMatchObject({ _tag: "UnknownDimension", field: "dimension", actual: "county" })
    for (const p of ["2026-13", "2026-H3", "26", "2026-02-30..2026-03-01", "2026-05-01..2026-04-01", "last year"]) {
      expect(Either.getOrThrow(Either.flip(Period.parse(p)))).toMatchObject({ _tag: "InvalidPeriod", field: "period" })
    }
    expect(Either.getOrThrow(Period.parse("2024-02"))).toEqual({ from: "2024-02-01", to: "2024-02-29" })
    expect(Either.getOrThrow(Period.parse("2026-H2"))).toEqual({ from: "2026-07-01", to: "2026-12-31" })
  })
})

describe("Report.build: tables that share counts", () => {
  it("law: the tables of one family by different dimensions publish the same total row, whole or not at all, so none gives away what another hides", () => {
    fc.assert(
      fc.property(population, fc.integer({ min: 2, max: 6 }), (facts, k) => {
        const r = build(facts, k, ["region", "programme", "half-year", "language"])
        for (const family of ["groups", "participants", "waitlist", "attendance", "outcomes", "feedback"]) {
          const members = r.tables.filter((t) => t.id.startsWith(`${family}-by-`) && t.id !== "attendance-by-session")
          const totals = members.map((t) => JSON.stringify([t.columns, t.total.counts, t.total.total]))
          expect(new Set(totals).size, family).toBe(1)
          const t = members[0]!
          const shown = [...(t.total.counts ?? []), t.total.total!]
          expect(shown.every((c) => !c.hidden) || shown.every((c) => c.hidden), family).toBe(true)
        }
        // The items and band tables repeat the paired n and item 10: shown only as the outcomes tables show them.
        const outcomes = Report.table(r, "outcomes-by-region")!
        const items = Report.table(r, "items")!
        const paired = outcomes.total.figures.paired!
        for (const row of items.rows) expect(row.total).toEqual(paired.hidden ? { value: null, hidden: true } : row.total!.hidden ? row.total : paired)
        if (!paired.hidden) expect(items.rows[9]!.counts).toEqual(outcomes.total.counts!.slice(0, 3))
      }),
      { numRuns: 100 }
    )
  })
})

describe("Report.build: a national year", () => {
  it("from the national simulation decodes and passes the suppression laws, by every dimension", async () => {
    const { national } = await import("./national.js")
    const { Json } = await import("../src/index.js")
    const r = build(national({ groupsPerRegion: 20, people: 8 }), 5, Period.dimensions)
    const back = Either.getOrThrow(Json.decode(Json.encode(r)))
    for (const t of back.tables) {
      expect(determined(t)).toEqual([])
      for (const v of publishedCounts(t)) expect(v === 0 || v >= 5).toBe(true)
      expect(hiddenShowNothing(t)).toBe(true)
    }
  })
})
