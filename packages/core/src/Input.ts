/**
 * Untrusted input (syöte) before it reaches a decoder: a JSON-like value is copied once, without
 * recursion, into plain data of bounded depth and size, so that no decoder ever sees a getter, a
 * `Proxy`, a cycle, a `BigInt` or nesting that would overflow the stack. Every public decoder of the
 * library reads its input through `plain` and reports what went wrong as a typed failure, never a throw.
 *
 * The limits: at most `maxDepth` (64) levels of nesting and `maxValues` (100,000) values in all.
 *
 * @since 0.1.0
 */
import { Either, ParseResult, type SchemaAST } from "effect"

/**
 * The deepest nesting a decoder accepts: an object or list inside another counts one level.
 *
 * @category constants
 */
export const maxDepth = 64

/**
 * The most values (objects, lists, texts, numbers, …) a decoder accepts in one input.
 *
 * @category constants
 */
export const maxValues = 100_000

/** @category models */
export interface Limits {
  readonly maxDepth?: number | undefined
  readonly maxValues?: number | undefined
}

/**
 * What made an input unreadable: the path of the bad part (`(root)` for the whole) and what was expected.
 *
 * @category models
 */
export interface Problem {
  readonly path: string
  readonly expected: string
}

const JSON_DATA = "JSON data: objects, lists, texts, numbers, true, false or null"

const segment = (path: string, key: string | number): string =>
  typeof key === "number"
    ? `${path === "(root)" ? "" : path}[${key}]`
    : /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(key)
      ? path === "(root)"
        ? key
        : `${path}.${key}`
      : `${path === "(root)" ? "" : path}[${JSON.stringify(key.length > 40 ? `${key.slice(0, 40)}…` : key)}]`

const isPlainObject = (u: object): boolean => {
  const proto = Object.getPrototypeOf(u)
  return proto === Object.prototype || proto === null
}

interface Frame {
  readonly source: unknown
  readonly target: Record<string, unknown> | Array<unknown>
  readonly key: string | number
  readonly depth: number
  /** The frame of the containing value; the path is built from these only when there is a problem. */
  readonly parent: Frame | undefined
}

const pathOf = (frame: Frame): string => {
  const keys: Array<string | number> = []
  for (let f: Frame | undefined = frame; f?.parent !== undefined; f = f.parent) keys.push(f.key)
  let path = "(root)"
  for (let i = keys.length - 1; i >= 0; i--) path = segment(path, keys[i]!)
  return path
}

/**
 * A copy of the input as plain data (objects with only their own enumerable text keys, lists, texts,
 * numbers, booleans, null), read once and without recursion; or the first problem: a `BigInt`, symbol
 * or function, an object that is not a plain object or list, a property that throws when read, nesting
 * deeper than `maxDepth` (a cycle is such nesting) or more than `maxValues` values. A `__proto__` key
 * stays an own key of the copy, as `JSON.parse` gives it.
 *
 * @category constructors
 */
export const plain = (input: unknown, limits: Limits = {}): Either.Either<unknown, Problem> => {
  const depthLimit = limits.maxDepth ?? maxDepth
  const valueLimit = limits.maxValues ?? maxValues
  const root: Record<string, unknown> = {}
  const stack: Array<Frame> = [{ source: input, target: root, key: "value", depth: 0, parent: undefined }]
  let values = 0
  let current = stack[0]!
  try {
    while (stack.length > 0) {
      const frame = stack.pop()!
      current = frame
      const { source, target, key, depth } = frame
      if (++values > valueLimit) return Either.left({ path: "(root)", expected: `at most ${valueLimit} values` })
      let copy: unknown
      switch (typeof source) {
        case "string":
        case "number":
        case "boolean":
        case "undefined":
          copy = source
          break
        case "bigint":
        case "symbol":
        case "function":
          return Either.left({ path: pathOf(frame), expected: `${JSON_DATA}, not a ${typeof source === "bigint" ? "BigInt" : typeof source}` })
        case "object": {
          if (source === null) {
            copy = null
            break
          }
          if (depth >= depthLimit) return Either.left({ path: pathOf(frame), expected: `nesting of at most ${depthLimit} levels` })
          if (Array.isArray(source)) {
            const length = source.length
            if (values + length > valueLimit) return Either.left({ path: "(root)", expected: `at most ${valueLimit} values` })
            const list = new Array<unknown>(length)
            for (let i = length - 1; i >= 0; i--) stack.push({ source: source[i], target: list, key: i, depth: depth + 1, parent: frame })
            copy = list
            break
          }
          if (!isPlainObject(source)) return Either.left({ path: pathOf(frame), expected: JSON_DATA })
          const keys = Object.keys(source)
          if (values + keys.length > valueLimit) return Either.left({ path: "(root)", expected: `at most ${valueLimit} values` })
          const object: Record<string, unknown> = {}
          for (let i = keys.length - 1; i >= 0; i--) {
            const k = keys[i]!
            stack.push({ source: (source as Record<string, unknown>)[k], target: object, key: k, depth: depth + 1, parent: frame })
          }
          copy = object
          break
        }
      }
      if (Array.isArray(target)) target[key as number] = copy
      else Object.defineProperty(target, key, { value: copy, writable: true, enumerable: true, configurable: true })
    }
  } catch {
    // A getter, a Proxy trap or a revoked Proxy threw while the input was read.
    return Either.left({ path: pathOf(current), expected: `${JSON_DATA} that can be read` })
  }
  return Either.right(root.value)
}

/**
 * Runs a decoder on the plain copy of the input, turning a problem of the input, or anything the decoder
 * throws, into its typed failure.
 *
 * @category combinators
 */
export const decodeWith = <A, E>(
  input: unknown,
  decode: (plain: unknown) => Either.Either<A, E>,
  fail: (problem: Problem) => E,
  limits?: Limits
): Either.Either<A, E> => {
  const p = plain(input, limits)
  if (Either.isLeft(p)) return Either.left(fail(p.left))
  try {
    return decode(p.right)
  } catch {
    return Either.left(fail({ path: "(root)", expected: "a value the decoder can read" }))
  }
}

/**
 * One problem of a schema's parse error, without the value that was found (which may be personal data):
 * `Expected a string, actual 19830601` becomes `Expected a string`.
 *
 * @category models
 */
export interface Issue {
  readonly path: ReadonlyArray<PropertyKey>
  readonly message: string
}

/**
 * A message of a schema issue without the value found.
 *
 * @category combinators
 */
export const withoutValue = (message: string): string => message.replace(/,? actual [\s\S]*$/, "").replace(/^Expected /, "expected ")

/**
 * The problems of a parse error, each without the value found.
 *
 * @category combinators
 */
export const issues = (error: ParseResult.ParseError): ReadonlyArray<Issue> =>
  ParseResult.ArrayFormatter.formatErrorSync(error).map((i) => ({ path: i.path, message: withoutValue(i.message) }))

/**
 * A path as text, e.g. `sessions[2].minutes`; `(root)` when empty.
 *
 * @category combinators
 */
export const pathText = (path: ReadonlyArray<PropertyKey>): string =>
  path.length === 0 ? "(root)" : path.reduce<string>((acc, k) => segment(acc, typeof k === "number" ? k : String(k)), "(root)")

/**
 * A parse error whose message is the problem (for decoders that fail with `ParseResult.ParseError`).
 *
 * @category constructors
 */
export const parseError = (ast: SchemaAST.AST, problem: Problem): ParseResult.ParseError =>
  new ParseResult.ParseError({ issue: new ParseResult.Type(ast, undefined, `${problem.path}: expected ${problem.expected}`) })
