import { Effect } from "effect"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { StoreDriver } from "../src/index.js"

const label = fc.string({ minLength: 1, maxLength: 12 })
const newRow: fc.Arbitrary<StoreDriver.NewAccessRow> = fc.record({
  at: fc.nat(),
  actor: label,
  personId: fc.option(label, { nil: null }),
  action: fc.constantFrom("read", "disclosure", "export", "erasure", "retention-purge", "access-log-read"),
  purpose: label,
  legalBasis: label,
  recipient: fc.option(label, { nil: null }),
  detail: fc.option(label, { nil: null }),
  streamId: fc.option(label, { nil: null }),
  fromPosition: fc.option(fc.nat(), { nil: null }),
  toPosition: fc.option(fc.nat(), { nil: null })
})

const verify = (rows: ReadonlyArray<StoreDriver.AccessRow>) =>
  Effect.runSync(StoreDriver.verifyWith((after, limit) => Effect.succeed(rows.filter((r) => r.id > after).slice(0, limit))))

const fields = ["at", "actor", "personId", "action", "purpose", "legalBasis", "recipient", "detail", "streamId", "fromPosition", "toPosition"] as const

describe("the access log's hash chain", () => {
  it("property: a chain built in any number of appends verifies; changing any field of any entry is reported at that entry", () => {
    fc.assert(
      fc.property(fc.array(fc.array(newRow, { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 6 }), fc.nat(), fc.constantFrom(...fields), (appends, pick, field) => {
        const rows: Array<StoreDriver.AccessRow> = []
        for (const batch of appends) rows.push(...StoreDriver.chainAccess(rows.at(-1), batch))
        expect(rows.map((r) => r.id)).toEqual(rows.map((_, i) => i + 1))
        expect(verify(rows)).toEqual({ checked: rows.length, broken: null, head: rows.at(-1)!.hash })
        const k = pick % rows.length
        const original = rows[k]!
        const value = original[field]
        const changed = { ...original, [field]: typeof value === "number" ? value + 1 : value === null ? "x" : `${value}!` } as StoreDriver.AccessRow
        const tampered = rows.map((r, i) => (i === k ? changed : r))
        expect(verify(tampered)).toMatchObject({ checked: k, broken: { id: original.id } })
        // Rehashing the changed entry only moves the break to the next one.
        const rehashed = rows.map((r, i) => (i === k ? { ...changed, hash: StoreDriver.accessHash(changed) } : r))
        if (k < rows.length - 1) expect(verify(rehashed).broken?.id).toBe(rows[k + 1]!.id)
      })
    )
  })
})

describe("subjectsOf", () => {
  it("finds every participant in a SessionHeld's attendance, companions included, and not the event's own person", () => {
    const data = {
      sessionId: "s-1",
      attendance: [{ participantId: "parent-1", status: "present" }, { participantId: "parent-2", status: "absent" }],
      companions: [{ personId: "child-1", withParticipantId: "parent-1" }],
      note: { text: "parent-3" }
    }
    expect(StoreDriver.subjectsOf(null, data)).toEqual(["parent-1", "parent-2", "child-1"])
    expect(StoreDriver.subjectsOf("parent-2", data)).toEqual(["parent-1", "child-1"])
  })

  it("property: never throws, never returns the event's person, returns only ids that are in the data, at most 1000", () => {
    fc.assert(
      fc.property(fc.option(fc.string(), { nil: null }), fc.anything(), (personId, data) => {
        const found = StoreDriver.subjectsOf(personId, data)
        expect(found.length).toBeLessThanOrEqual(1000)
        expect(new Set(found).size).toBe(found.length)
        for (const id of found) {
          expect(id).not.toBe(personId)
          expect(JSON.stringify(data) ?? "").toContain(JSON.stringify(id))
        }
      }),
      { numRuns: 2000 }
    )
  })
})
