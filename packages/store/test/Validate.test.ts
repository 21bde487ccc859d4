import fc from "fast-check"
import { describe, expect, it } from "vitest"
import * as V from "../src/internal/validate.js"
import { InvalidInput } from "../src/StoreError.js"

/** The result of a check and every id it reported, in order. */
const run = (check: typeof V.data, value: unknown) => {
  const seen: Array<[string, string]> = []
  const r = check("data", value, (k, id) => seen.push([k, id]))
  return r instanceof InvalidInput ? { error: { field: r.field, expected: r.expected, actual: r.actual } } : { text: r, seen }
}

const goodId = fc.stringMatching(/^[A-Za-z0-9$][A-Za-z0-9._:@$/-]{0,12}$/)
const badId = fc.oneof(fc.constant(""), fc.constant("__proto__"), fc.constant("a b"), fc.constant("x\n"), fc.string())
const key = fc.oneof(
  fc.constantFrom("id", "participantId", "groupId", "personId", "ids", "memberIds", "at", "name", "__proto__", "constructor", "0", "Id", "Ids"),
  fc.string({ maxLength: 6 })
)
/** Event data shaped like the store's: id keys holding ids (mostly valid), lists of ids, nesting. */
const dataArb = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: "small" },
    fc.oneof(goodId, goodId, badId),
    fc.integer(),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie("value"), { maxLength: 4 }),
    fc.dictionary(key, tie("value"), { maxKeys: 5 })
  )
})).value

describe("validate.data", () => {
  it("gives the same text, the same ids in the same order and the same error as the replacer's pass", () => {
    fc.assert(
      fc.property(fc.oneof(dataArb, fc.anything({ withBigInt: true, withDate: true, withMap: true, withNullPrototype: true, withTypedArray: true, withSparseArray: true })), (value) => {
        expect(run(V.data, value)).toEqual(run(V.dataChecked, value))
      }),
      { numRuns: 3000 }
    )
  })

  it("checks what it stores: whatever a getter answers on each read, a text returned holds only valid ids", () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(goodId, badId), { minLength: 1, maxLength: 4 }), (answers) => {
        let calls = 0
        const hostile = {
          get participantId() {
            return answers[calls++ % answers.length]
          }
        }
        const r = V.data("data", hostile)
        if (typeof r === "string") expect(V.id("participantId", JSON.parse(r).participantId)).toBeTypeOf("string")
        else expect(r.field).toBe("data.participantId")
      })
    )
  })

  it("sees the value a toJSON gives, like JSON does", () => {
    expect(V.data("data", { groupId: { toJSON: () => "g-1" } })).toBe('{"groupId":"g-1"}')
    expect(V.data("data", { groupId: { toJSON: () => "g 1" } })).toBeInstanceOf(InvalidInput)
  })

  it("refuses a bad id in a list of ids and names its place", () => {
    const r = V.data("events[0].data", { groups: [{ memberIds: ["p-1", "p 2"] }] })
    expect(r).toBeInstanceOf(InvalidInput)
    expect((r as InvalidInput).field).toBe("events[0].data.groups[0].memberIds[1]")
  })

  it("does not throw on data nested deeper than the walk goes", () => {
    let deep: unknown = { participantId: "p-1" }
    for (let i = 0; i < 100_000; i++) deep = [deep]
    expect(() => V.data("data", deep)).not.toThrow()
  })
})
