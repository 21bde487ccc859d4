import { Input } from "@vertaistuki/core"
import { Either } from "effect"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { deep } from "./arbitraries/hostile.js"

describe("Input.plain", () => {
  it("property: JSON data comes back as an equal copy, never the same object", () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 6 }), (v) => {
        const r = Input.plain(v)
        expect(Either.isRight(r) && r.right).toEqual(v)
        if (typeof v === "object" && v !== null) expect(Either.isRight(r) && r.right).not.toBe(v)
      })
    )
  })

  it("a __proto__ key from JSON.parse stays an own key of the copy and pollutes nothing", () => {
    const r = Either.getOrThrow(Input.plain(JSON.parse('{"__proto__": {"polluted": true}, "a": [{"__proto__": 1}]}'))) as Record<string, unknown>
    expect(Object.hasOwn(r, "__proto__")).toBe(true)
    expect(Object.getPrototypeOf(r)).toBe(Object.prototype)
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
  })

  it("refuses at exactly the limits, with the path of the bad part", () => {
    expect(Either.isRight(Input.plain(deep(Input.maxDepth - 1)))).toBe(true)
    expect(Input.plain({ a: deep(Input.maxDepth) })).toEqual(Either.left({ path: `a${"[0]".repeat(Input.maxDepth - 1)}`, expected: "nesting of at most 64 levels" }))
    expect(Either.isRight(Input.plain(Array.from({ length: Input.maxValues - 1 }, () => 0)))).toBe(true)
    expect(Input.plain(Array.from({ length: Input.maxValues }, () => 0))).toEqual(Either.left({ path: "(root)", expected: "at most 100000 values" }))
    expect(Input.plain({ list: [1, { n: 2n }] })).toMatchObject({ left: { path: "list[1].n" } })
    expect(Input.plain({ when: new Date(0) })).toMatchObject({ left: { path: "when" } })
    expect(Input.plain({ m: new Map() }, { maxDepth: 1 })).toMatchObject({ left: { path: "m", expected: "nesting of at most 1 levels" } })
  })

  it("a proxy is read once: what the decoder sees cannot change after the check", () => {
    let reads = 0
    const shifty = new Proxy({ role: "parent" }, { get: (t, k) => (reads++ === 0 ? Reflect.get(t, k) : 10n) })
    const copy = Either.getOrThrow(Input.plain(shifty)) as Record<string, unknown>
    expect(copy).toEqual({ role: "parent" })
    expect(copy.role).toBe("parent")
    expect(reads).toBe(1)
  })

  it("issues drop the value found from a schema's messages", () => {
    expect(Input.withoutValue("Expected string, actual 19830601")).toBe("expected string")
    expect(Input.withoutValue('Expected "a" | "b", actual "Virtanen"')).toBe('expected "a" | "b"')
    expect(Input.withoutValue("is missing")).toBe("is missing")
  })
})
