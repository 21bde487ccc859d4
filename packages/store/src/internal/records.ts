/**
 * Records keyed by ids that come from events: null-prototype objects, so that an id such as `__proto__`,
 * `constructor` or `toString` is an ordinary key, never a property of `Object.prototype`.
 */

/** An empty record without a prototype. */
export const record = <V>(): Record<string, V> => Object.create(null) as Record<string, V>

/** The value at an own key of a record, or undefined (never an inherited property). */
export const own = <V>(r: Readonly<Record<string, V>>, key: string): V | undefined => (Object.hasOwn(r, key) ? r[key] : undefined)

/**
 * A copy of parsed JSON with every object a null-prototype record (its `__proto__` key, as `JSON.parse`
 * gives it, stays an own key); iterative, so no depth overflows the stack.
 */
export const fromParsed = (json: unknown): unknown => {
  if (typeof json !== "object" || json === null) return json
  const root: { value: unknown } = { value: undefined }
  const stack: Array<readonly [source: unknown, target: Record<string, unknown> | Array<unknown>, key: string | number]> = [[json, root as unknown as Record<string, unknown>, "value"]]
  while (stack.length > 0) {
    const [source, target, key] = stack.pop()!
    let copy: unknown = source
    if (Array.isArray(source)) {
      const a = new Array<unknown>(source.length)
      for (let i = 0; i < source.length; i++) stack.push([source[i], a, i])
      copy = a
    } else if (typeof source === "object" && source !== null) {
      const r = record<unknown>()
      for (const k of Object.keys(source)) stack.push([(source as Record<string, unknown>)[k], r, k])
      copy = r
    }
    if (Array.isArray(target)) target[key as number] = copy
    else Object.defineProperty(target, key, { value: copy, writable: true, enumerable: true, configurable: true })
  }
  return root.value
}
