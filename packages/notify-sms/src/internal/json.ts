/** A dotted path (`messages.0.id`) into parsed JSON, following only own properties (never a prototype). */
export const at = (value: unknown, path: string): unknown => {
  let v = value
  for (const step of path.split(".")) {
    if (Array.isArray(v)) {
      if (!/^(?:0|[1-9]\d{0,8})$/.test(step)) return undefined
      v = v[Number(step)]
    } else if (typeof v === "object" && v !== null && Object.hasOwn(v, step)) {
      v = (v as Record<string, unknown>)[step]
    } else {
      return undefined
    }
  }
  return v
}

/** A path is dot-separated names of letters, digits, `_` or `-`. */
export const isPath = (path: string): boolean => /^[A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)*$/.test(path)

const PLACEHOLDER = /\{(to|text|reference|sender)\}/g
const ANY_PLACEHOLDER = /\{([A-Za-z]+)\}/g

/** The placeholder names a template uses anywhere in its strings (keys included). */
export const placeholders = (template: unknown): ReadonlySet<string> => {
  const found = new Set<string>()
  const walk = (v: unknown): void => {
    if (typeof v === "string") for (const m of v.matchAll(ANY_PLACEHOLDER)) found.add(m[1] as string)
    else if (Array.isArray(v)) v.forEach(walk)
    else if (typeof v === "object" && v !== null) {
      for (const [k, x] of Object.entries(v)) {
        walk(k)
        walk(x)
      }
    }
  }
  walk(template)
  return found
}

/**
 * The template with its placeholders filled in, in one pass (an inserted value is never scanned again, so
 * a text holding `{to}` stays as it is). Keys are copied as they are, onto objects without a prototype
 * check needed: `JSON.stringify` writes own properties only.
 */
export const fill = (template: unknown, values: Readonly<Record<"to" | "text" | "reference" | "sender", string>>): unknown => {
  if (typeof template === "string") return template.replace(PLACEHOLDER, (_, k: keyof typeof values) => values[k])
  if (Array.isArray(template)) return template.map((v) => fill(v, values))
  if (typeof template === "object" && template !== null) {
    const out: Record<string, unknown> = {}
    for (const [k, v] of Object.entries(template)) Object.defineProperty(out, k, { value: fill(v, values), enumerable: true, writable: true, configurable: true })
    return out
  }
  return template
}
