/**
 * Hostile input for decoders: `fc.anything` with BigInt, boxed values, dates, maps and null-prototype
 * objects; nesting far beyond any limit; getters that throw; proxies that throw, are revoked or answer
 * differently each time; cycles. `mutated(valid)` plants one of them somewhere inside a valid value.
 */
import fc from "fast-check"

/** A value nested `n` levels deep (lists or objects), built without recursion. */
export const deep = (n: number, kind: "list" | "object" = "list"): unknown => {
  let v: unknown = "leaf"
  for (let i = 0; i < n; i++) v = kind === "list" ? [v] : { a: v }
  return v
}

const deepValues = [deep(63), deep(65, "object"), deep(6_100), deep(6_100, "object"), deep(200_000)]

const boom = () => {
  throw new Error("hostile")
}

const cyclic = (): unknown => {
  const c: Record<string, unknown> = { id: "c", rules: [] }
  c.self = c
  ;(c.rules as Array<unknown>).push(c)
  return c
}

const revoked = (): unknown => {
  const r = Proxy.revocable({ role: "parent" }, {})
  r.revoke()
  // fast-check itself asks a generated value for its clone method, so the revoked proxy sits one level down.
  return { value: r.proxy }
}

/** Makers of hostile objects (some are stateful, so each case gets its own). */
const specials: ReadonlyArray<() => unknown> = [
  () => Object.defineProperty({}, "role", { get: boom, enumerable: true }),
  () => Object.defineProperty([], "0", { get: boom, enumerable: true }),
  () => new Proxy({}, { ownKeys: boom }),
  () => new Proxy({ role: "parent" }, { get: boom }),
  () => new Proxy({ role: "parent" }, { getPrototypeOf: boom }),
  () => new Proxy([1, 2, 3], { get: (t, k) => (k === "length" ? 1e9 : Reflect.get(t, k)) }),
  () => {
    let reads = 0
    return new Proxy({ id: "x", rules: [] }, { get: (t, k) => (reads++ % 2 === 0 ? Reflect.get(t, k) : 17n) })
  },
  revoked,
  cyclic,
  () => 10n ** 30n,
  () => Symbol("s"),
  () => () => "function",
  () => new Date(Number.NaN),
  () => Object.create(null),
  () => JSON.parse('{"__proto__": {"polluted": true}, "constructor": {"prototype": {"polluted": true}}}'),
  ...deepValues.map((v) => () => v)
]

/** Any hostile value. */
export const hostile: fc.Arbitrary<unknown> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.integer({ min: 0, max: specials.length - 1 }).map((i) => specials[i]!())
  },
  {
    weight: 3,
    arbitrary: fc.anything({
      withBigInt: true,
      withBoxedValues: true,
      withDate: true,
      withMap: true,
      withSet: true,
      withNullPrototype: true,
      withObjectString: true,
      withSparseArray: true,
      withTypedArray: true,
      withUnicodeString: true,
      maxDepth: 2
    })
  },
  { weight: 1, arbitrary: fc.constantFrom("constructor", "__proto__", "toString", "valueOf", "hasOwnProperty", "", "\u0000", "x".repeat(10_000)) }
)

const containers = (root: unknown): Array<Record<string, unknown> | Array<unknown>> => {
  const out: Array<Record<string, unknown> | Array<unknown>> = []
  const stack = [root]
  while (stack.length > 0) {
    const v = stack.pop()
    if (typeof v !== "object" || v === null) continue
    out.push(v as Record<string, unknown>)
    for (const x of Object.values(v)) stack.push(x)
  }
  return out
}

/**
 * A JSON copy of a valid value with one place (the whole, a field's value, or a new field) replaced by a
 * hostile value, or a container wrapped in a proxy that throws.
 */
export const mutated = <A>(valid: fc.Arbitrary<A>): fc.Arbitrary<unknown> =>
  fc.tuple(valid, fc.nat(), fc.nat(), hostile, fc.constantFrom("replace", "add", "proxy")).map(([v, at, key, h, how]) => {
    const copy: unknown = JSON.parse(JSON.stringify(v) ?? "null")
    const places = containers(copy)
    if (places.length === 0 || at % (places.length + 1) === 0) return h
    const c = places[at % places.length]!
    const keys = Object.keys(c)
    const k = how === "add" || keys.length === 0 ? ["constructor", "__proto__", "extra", "toString"][key % 4]! : keys[key % keys.length]!
    if (how === "proxy" && keys.length > 0) {
      ;(c as Record<string, unknown>)[k] = new Proxy(Object((c as Record<string, unknown>)[k]), { get: boom, ownKeys: boom })
    } else Object.defineProperty(c, k, { value: h, enumerable: true, writable: true, configurable: true })
    return copy
  })

/** Runs a decoder on each input and counts what it threw; every other answer must be an Either. */
export const tally = () => {
  const counts = { cases: 0, throws: 0, notEither: 0 }
  const run = (decode: () => unknown, isTyped: (failure: unknown) => boolean): void => {
    counts.cases++
    try {
      const r = decode() as { _tag?: unknown; left?: unknown }
      if (r === null || typeof r !== "object" || (r._tag !== "Left" && r._tag !== "Right") || (r._tag === "Left" && !isTyped(r.left))) counts.notEither++
    } catch {
      counts.throws++
    }
  }
  return { counts, run }
}
