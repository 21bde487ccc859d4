import { Effect } from "effect"
import { InvalidInput } from "../StoreError.js"

const ID = /^[A-Za-z0-9$][A-Za-z0-9._:@$/-]{0,199}$/

const show = (u: unknown): string => {
  if (typeof u === "string") return JSON.stringify(u.length > 40 ? `${u.slice(0, 40)}…` : u)
  try {
    return String(JSON.stringify(u)).slice(0, 60)
  } catch {
    return typeof u
  }
}

const ID_EXPECTED = "an id of 1–200 letters, digits or . _ : @ $ / -, starting with a letter, a digit or $"

export const id = (field: string, value: unknown): string | InvalidInput =>
  typeof value === "string" && ID.test(value)
    ? (value)
    : (new InvalidInput({ field, expected: ID_EXPECTED, actual: show(value) }))

export const text = (field: string, value: unknown, max = 500): string | InvalidInput =>
  typeof value === "string" && value.trim().length > 0 && value.length <= max
    ? (value)
    : (new InvalidInput({ field, expected: `a non-empty text of at most ${max} characters`, actual: show(value) }))

// C0 and C1 controls (newlines, ESC, DEL), line and paragraph separators, and the bidirectional controls
// that can make a terminal show other text than is stored.
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is what it is for
export const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g

/** A one-line label (an actor, a purpose, a legal basis, a recipient): `text` without control characters. */
export const line = (field: string, value: unknown, max = 500): string | InvalidInput => {
  const checked = text(field, value, max)
  if (checked instanceof InvalidInput) return checked
  const at = checked.search(CONTROL)
  return at === -1
    ? checked
    : new InvalidInput({ field, expected: "a text without control characters or line breaks", actual: `a control character at index ${at}` })
}

export const nonNegativeInt = (field: string, value: unknown): number | InvalidInput =>
  typeof value === "number" && Number.isSafeInteger(value) && value >= 0
    ? (value)
    : (new InvalidInput({ field, expected: "a whole number ≥ 0", actual: show(value) }))

export const positiveInt = (field: string, value: unknown, max: number): number | InvalidInput =>
  typeof value === "number" && Number.isSafeInteger(value) && value >= 1 && value <= max
    ? (value)
    : (new InvalidInput({ field, expected: `a whole number from 1 to ${max}`, actual: show(value) }))

export const json = (field: string, value: unknown): string | InvalidInput => {
  try {
    const s = JSON.stringify(value)
    if (typeof s === "string") return (s)
  } catch {
    // falls through to the typed error
  }
  return (new InvalidInput({ field, expected: "a JSON-serialisable value", actual: typeof value }))
}

const isIdKey = (key: string): boolean => key === "id" || (key.length > 2 && key.endsWith("Id"))
const isIdListKey = (key: string): boolean => key === "ids" || (key.length > 3 && key.endsWith("Ids"))

/**
 * `data`'s checks on a value parsed from JSON (plain objects, arrays and primitives, nothing else):
 * false at the first text under an id key or in a list of ids that is not an id. Calls `onId` like `data`.
 */
const idsValid = (v: unknown, onId: ((key: string, id: string) => void) | undefined): boolean => {
  if (typeof v !== "object" || v === null) return true
  if (Array.isArray(v)) {
    for (const x of v) if (!idsValid(x, onId)) return false
    return true
  }
  const o = v as Record<string, unknown>
  for (const key of Object.keys(o)) {
    const x = o[key]
    if (typeof x === "string") {
      if (isIdKey(key)) {
        if (!ID.test(x)) return false
        onId?.(key, x)
      }
    } else if (Array.isArray(x) && isIdListKey(key)) {
      for (const y of x) {
        if (typeof y === "string") {
          if (!ID.test(y)) return false
        } else if (!idsValid(y, onId)) return false
      }
    } else if (!idsValid(x, onId)) return false
  }
  return true
}

/**
 * An event's data as JSON, with every id in it checked: a text under a key `id` or ending in `Id`, and
 * each text of a list under a key `ids` or ending in `Ids`, at any depth, must be an id. `onId` sees
 * every checked id under an object's key, in the same pass.
 *
 * The text is made by `JSON.stringify` without a replacer (the engine's fast path) and the checks run on
 * that text parsed back, so what is checked is exactly what is stored, whatever getters, proxies or
 * `toJSON` the value has. Anything that fails there (or cannot be serialised) goes through
 * `dataChecked`, which gives the typed error naming the path of the bad id.
 */
export const data = (field: string, value: unknown, onId?: (key: string, id: string) => void): string | InvalidInput => {
  let s: string | undefined
  try {
    s = JSON.stringify(value)
  } catch {
    s = undefined
  }
  if (typeof s === "string") {
    try {
      if (idsValid(JSON.parse(s), onId)) return s
    } catch {
      // nesting too deep for the walk: the replacer's pass decides
    }
  }
  return dataChecked(field, value, onId)
}

/** `data` in one pass of `JSON.stringify` with a replacer that checks each id and tracks the paths for the error. */
export const dataChecked = (field: string, value: unknown, onId?: (key: string, id: string) => void): string | InvalidInput => {
  let bad: InvalidInput | undefined
  // The paths of nested objects and the lists of ids, made only for data that has them.
  let paths: Map<object, string> | undefined
  let idLists: Set<object> | undefined
  const pathOf = (holder: object, key: string) => `${paths?.get(holder) ?? field}${Array.isArray(holder) ? `[${key}]` : `.${key}`}`
  function check(this: unknown, key: string, v: unknown): unknown {
    if (bad !== undefined) return undefined
    if (key === "") return v
    const holder = this as object
    if (typeof v === "string") {
      const listed = Array.isArray(holder)
      if (listed ? idLists?.has(holder) === true : isIdKey(key)) {
        if (!ID.test(v)) bad = new InvalidInput({ field: pathOf(holder, key), expected: ID_EXPECTED, actual: show(v) })
        else if (!listed) onId?.(key, v)
      }
    } else if (typeof v === "object" && v !== null) {
      paths ??= new Map()
      paths.set(v, pathOf(holder, key))
      if (Array.isArray(v) && isIdListKey(key)) {
        idLists ??= new Set()
        idLists.add(v)
      }
    }
    return v
  }
  try {
    const s = JSON.stringify(value, check)
    if (bad !== undefined) return bad
    if (typeof s === "string") return s
  } catch {
    // falls through to the typed error
  }
  return new InvalidInput({ field, expected: "a JSON-serialisable value", actual: typeof value })
}

export const stringRecord = (field: string, value: unknown): Readonly<Record<string, string>> | InvalidInput => {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    return (new InvalidInput({ field, expected: "an object of text fields", actual: show(value) }))
  }
  for (const k in value) {
    if (!Object.hasOwn(value, k)) continue
    const v = (value as Record<string, unknown>)[k]
    if (typeof v !== "string") return (new InvalidInput({ field: `${field}.${k}`, expected: "a text", actual: show(v) }))
  }
  return (value as Record<string, string>)
}

/** Lifts a checked value into an effect. */
export const lift = <A>(a: A | InvalidInput): Effect.Effect<A, InvalidInput> =>
  a instanceof InvalidInput ? Effect.fail(a) : Effect.succeed(a)
