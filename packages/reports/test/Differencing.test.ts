import { Either } from "effect"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import * as Differencing from "../src/Differencing.js"
import type * as Facts from "../src/Facts.js"
import { granted } from "./consents.js"
import * as Period from "../src/Period.js"
import * as Report from "../src/Report.js"

const asOf = "2027-01-15T10:00:00Z"
const p = (text: string) => Either.getOrThrow(Period.parse(text))

const groupAt = (id: string, region: string, startedAt: string): Facts.GroupFacts => ({
  groupId: id,
  programmeId: "voikukkia",
  organiserId: "org",
  region,
  language: "fi",
  plannedAt: startedAt,
  startedAt,
  completedAt: null,
  cancelledAt: null,
  cancellation: null,
  sessions: []
})
const people = (groupId: string, n: number): ReadonlyArray<Facts.ParticipantFacts> =>
  Array.from({ length: n }, (_, i) => ({
    participantId: `${groupId}-${i}`,
    groupId,
    referredAt: "2026-01-01T10:00:00Z",
    eligibleAt: null,
    ineligibleAt: null,
    declinedAt: null,
    enrolledAt: "2026-01-02T10:00:00Z",
    waitlistedAt: null,
    waitlistEndedAt: null,
    ending: null,
    endedAt: null,
    measurements: [],
    consents: granted("2026-01-01T10:00:00Z")
  }))

const facts = (julyPeople: number, kainuuPeople: number): Facts.Facts => ({
  groups: [groupAt("a", "Pirkanmaa", "2026-02-01T10:00:00Z"), groupAt("b", "Pirkanmaa", "2026-07-10T10:00:00Z"), groupAt("c", "Kainuu", "2026-03-01T10:00:00Z")],
  participants: [...people("a", 12), ...people("b", julyPeople), ...people("c", kainuuPeople)]
})

const published = (f: Facts.Facts, period: string, region?: ReadonlyArray<string>) => {
  const r = Either.getOrThrow(Report.build(f, { asOf, period: p(period), by: ["region"], where: { region } }))
  return Differencing.register([], "earlier", r)
}

describe("Differencing.check", () => {
  it("refuses the same table for two periods whose difference is 1 … k−1 people, and accepts it at k or more", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 12 }), (july) => {
        const f = facts(july, 0)
        const r = Differencing.check(f, { asOf, period: p("2026-01-01..2026-07-31"), by: ["region"] }, published(f, "2026-H1"))
        expect(Either.isLeft(r)).toBe(july < 5)
        if (Either.isLeft(r)) expect(r.left).toMatchObject({ _tag: "DifferencingRefused", field: "filter", against: "earlier" })
      })
    )
  })

  it("refuses two overlapping sets of regions whose difference is 1 … k−1 people", () => {
    const f = facts(0, 3)
    const r = Differencing.check(f, { asOf, period: p("2026"), by: ["region"], where: { region: ["Pirkanmaa", "Kainuu"] } }, published(f, "2026", ["Pirkanmaa"]))
    expect(Either.getOrThrow(Either.flip(r))).toMatchObject({ dimension: "all" })
    const g = facts(0, 6)
    expect(Either.isRight(Differencing.check(g, { asOf, period: p("2026"), by: ["region"], where: { region: ["Pirkanmaa", "Kainuu"] } }, published(g, "2026", ["Pirkanmaa"])))).toBe(true)
  })

  it("refuses a difference that is large in all but small in one row", () => {
    const f: Facts.Facts = { groups: [...facts(8, 0).groups, groupAt("d", "Kainuu", "2026-07-05T10:00:00Z")], participants: [...facts(8, 0).participants, ...people("d", 2)] }
    const r = Differencing.check(f, { asOf, period: p("2026-01-01..2026-07-31"), by: ["region"] }, published(f, "2026-H1"))
    expect(Either.getOrThrow(Either.flip(r))).toMatchObject({ dimension: "region", key: "Kainuu" })
  })

  it("lets reports that share nobody through, and the same report again", () => {
    const f = facts(2, 0)
    expect(Either.isRight(Differencing.check(f, { asOf, period: p("2026-H2"), by: ["region"] }, published(f, "2026-H1")))).toBe(true)
    expect(Either.isRight(Differencing.check(f, { asOf, period: p("2026-H1"), by: ["region"] }, published(f, "2026-H1")))).toBe(true)
  })

  it("decodes its registry from JSON", () => {
    const reg = published(facts(5, 0), "2026-H1")
    expect(Either.getOrThrow(Differencing.decodeRegistry(JSON.parse(JSON.stringify(reg))))).toEqual(reg)
  })
})
