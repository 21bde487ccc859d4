/**
 * What every command shares: the bad-input error (exit 2), the failure that is not bad input (exit 1),
 * reading and writing files, stdout and stderr, tables for people and JSON and CSV for scripts.
 *
 * @since 0.1.0
 */
import { closeSync, constants, fchmodSync, fstatSync, ftruncateSync, openSync, readFileSync, writeSync } from "node:fs"
import { Options } from "@effect/cli"
import Table from "cli-table3"
import { Context, Data, Effect } from "effect"
import { parse as parseYaml } from "yaml"
import { type Say, say, sayIn } from "./Messages.js"

/**
 * Input the command could not use: a bad argument, file, row or scenario. Printed to stderr; the
 * process exits with code 2.
 *
 * @category errors
 */
export class BadInput extends Data.TaggedError("BadInput")<{ readonly message: string }> {}

/**
 * A failure that is not the input's fault, e.g. an unavailable or broken store. Printed to stderr;
 * the process exits with code 1.
 *
 * @category errors
 */
export class CommandFailed extends Data.TaggedError("CommandFailed")<{ readonly message: string }> {}

/** Where a command's text goes: `write` returns when the text is handed over (after `drain` on a full pipe). */
export interface Sink {
  readonly write: (text: string) => Effect.Effect<void>
}

const streamSink = (stream: () => NodeJS.WritableStream): Sink => ({
  write: (text) =>
    Effect.async<void>((resume) => {
      const s = stream()
      if (s.write(text)) resume(Effect.void)
      else s.once("drain", () => resume(Effect.void))
    })
})

/** Results: the process's stdout unless a runner provides another sink. */
export class Stdout extends Context.Reference<Stdout>()("@vertaistuki/cli/Stdout", {
  defaultValue: (): Sink => streamSink(() => process.stdout)
}) {}

/** Messages and progress: the process's stderr unless a runner provides another sink. */
export class Stderr extends Context.Reference<Stderr>()("@vertaistuki/cli/Stderr", {
  defaultValue: (): Sink => streamSink(() => process.stderr)
}) {}

/** Writes text to stdout as it is. */
export const write = (text: string): Effect.Effect<void> => Effect.flatMap(Stdout, (s) => s.write(text))

/** Writes one line to stdout. */
export const printLine = (text: string): Effect.Effect<void> => write(`${text}\n`)

/** Writes one line to stderr. */
export const printError = (text: string): Effect.Effect<void> => Effect.flatMap(Stderr, (s) => s.write(`${text}\n`))

/** The `code` of a Node.js system error (`ENOENT`, `EACCES`, …), or else the error's name. */
export const errnoCode = (e: unknown): string => {
  const code = (e as NodeJS.ErrnoException | null)?.code
  return typeof code === "string" ? code : e instanceof Error ? e.name : "unknown error"
}

/**
 * The deepest nesting of objects and arrays an input file may have (person facts need 2, rule files a
 * few dozen). Deeper input is refused before anything recursive reads it.
 */
export const maxDepth = 100

/** Whether a parsed value nests objects or arrays deeper than `max` levels; walks without recursion. */
export const nestedDeeperThan = (value: unknown, max: number = maxDepth): boolean => {
  const stack: Array<[unknown, number]> = [[value, 1]]
  while (stack.length > 0) {
    const [v, depth] = stack.pop()!
    if (typeof v !== "object" || v === null) continue
    if (depth > max) return true
    for (const child of Array.isArray(v) ? v : Object.values(v)) if (typeof child === "object" && child !== null) stack.push([child, depth + 1])
  }
  return false
}

/** A parse error's position without the input text that V8 or the YAML parser quote in their messages. */
const whereIn = (e: unknown, m: Say): string => {
  const linePos = (e as { linePos?: ReadonlyArray<{ line: number; col: number }> } | null)?.linePos?.[0]
  if (linePos !== undefined) return m("parse.at-line", { line: linePos.line, col: linePos.col })
  const message = e instanceof Error ? e.message : ""
  const lineCol = /line (\d+) column (\d+)/.exec(message)
  if (lineCol) return m("parse.at-line", { line: Number(lineCol[1]), col: Number(lineCol[2]) })
  const position = /at position (\d+)/.exec(message)
  if (position) return m("parse.at-position", { position: Number(position[1]) })
  if (/end of (JSON )?input/i.test(message)) return m("parse.too-early")
  return ""
}

/**
 * Parses JSON text; the message (in the language of `m`, default English) names where it is wrong but never
 * quotes the text (it may be personal data). Input nested deeper than {@link maxDepth} is refused.
 */
export const parseJson = (
  text: string,
  m: Say = sayIn("en")
): { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly problem: string } => {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch (e) {
    return { ok: false, problem: e instanceof RangeError ? m("parse.nested", { max: maxDepth }) : m("parse.json", { where: whereIn(e, m) }) }
  }
  return nestedDeeperThan(value) ? { ok: false, problem: m("parse.nested", { max: maxDepth }) } : { ok: true, value }
}

/** Reads a UTF-8 text file, without a leading byte order mark. Fails with `<file>: cannot read (ENOENT)`. */
export const readText = (file: string): Effect.Effect<string, BadInput> =>
  Effect.flatMap(say, (m) =>
    Effect.try({
      try: () => readFileSync(file, "utf8").replace(/^\uFEFF/, ""),
      catch: (e) => new BadInput({ message: m("file.cannot-read", { file, code: errnoCode(e) }) })
    })
  )

/**
 * Reads a JSON file, or YAML when the name ends in `.yaml` or `.yml`. Fails with `<file>: not valid JSON at
 * line 3, column 7` (never quoting the file) or `<file>: nested deeper than 100 levels`.
 */
export const readData = (file: string): Effect.Effect<unknown, BadInput> =>
  Effect.flatMap(Effect.zip(readText(file), say), ([text, m]) => {
    if (!/\.ya?ml$/i.test(file)) {
      const parsed = parseJson(text, m)
      return parsed.ok ? Effect.succeed(parsed.value) : Effect.fail(new BadInput({ message: `${file}: ${parsed.problem}` }))
    }
    return Effect.try({
      try: (): unknown => parseYaml(text),
      catch: (e) => new BadInput({ message: `${file}: ${e instanceof RangeError ? m("parse.nested", { max: maxDepth }) : m("parse.yaml", { where: whereIn(e, m) })}` })
    }).pipe(
      Effect.filterOrFail(
        (value) => !nestedDeeperThan(value),
        () => new BadInput({ message: `${file}: ${m("parse.nested", { max: maxDepth })}` })
      )
    )
  })

/**
 * Writes a file that only its owner can read or write (mode 0600 unless `mode` says otherwise, also when
 * the file already existed). It refuses a symbolic link (`O_NOFOLLOW`) and anything that is not a regular
 * file with one name (a device, a pipe, a hard link to another file), so the text cannot be redirected.
 */
export const writeText = (file: string, text: string, mode = 0o600): Effect.Effect<void, BadInput> =>
  Effect.flatMap(say, (m) => Effect.try({
    try: () => {
      const fd = openSync(file, constants.O_WRONLY | constants.O_CREAT | constants.O_NOFOLLOW, mode)
      try {
        const stat = fstatSync(fd)
        if (!stat.isFile() || stat.nlink > 1) throw Object.assign(new Error("not a regular file"), { code: "NOT_A_FILE" })
        fchmodSync(fd, mode)
        ftruncateSync(fd, 0)
        const bytes = Buffer.from(text, "utf8")
        for (let at = 0; at < bytes.length; ) at += writeSync(fd, bytes, at, bytes.length - at, at)
      } finally {
        closeSync(fd)
      }
    },
    catch: (e) => {
      const code = errnoCode(e)
      return new BadInput({
        message: code === "ELOOP" ? m("file.symlink", { file }) : code === "NOT_A_FILE" ? m("file.not-regular", { file }) : m("file.cannot-write", { file, code })
      })
    }
  }))

/** `--json`: machine-readable output on stdout, its help in `h`'s language. */
export const jsonIn = (h: Say) => Options.boolean("json").pipe(Options.withDescription(h("describe.json")))

export { langOptionIn as langIn } from "./Messages.js"

/** Prints a value as pretty JSON on stdout. */
export const printJson = (value: unknown): Effect.Effect<void> => printLine(JSON.stringify(value, null, 2))

const indent = (text: string, by: string): string => text.replace(/\n/g, `\n${by}`)

/**
 * Prints `{ ...head, [key]: items }` as the same pretty JSON as {@link printJson}, one item at a time, so
 * that hundreds of thousands of items never become one string. `items` is read once, lazily.
 */
export const printJsonStream = (head: Readonly<Record<string, unknown>>, key: string, items: Iterable<unknown>): Effect.Effect<void> =>
  Effect.gen(function* () {
    const fields = Object.entries(head).map(([k, v]) => `  ${JSON.stringify(k)}: ${indent(JSON.stringify(v, null, 2), "  ")}`)
    let buffer = `{\n${[...fields, ""].join(",\n")}  ${JSON.stringify(key)}: [`
    let first = true
    for (const item of items) {
      buffer += `${first ? "\n" : ",\n"}    ${indent(JSON.stringify(item, null, 2), "    ")}`
      first = false
      if (buffer.length > 1 << 16) {
        yield* write(buffer)
        buffer = ""
      }
    }
    yield* write(`${buffer}${first ? "]" : "\n  ]"}\n}\n`)
  })

/**
 * A CSV text cell that a spreadsheet will not run as a formula: a cell starting with `=`, `+`, `-`, `@`, a
 * tab or a carriage return gets a leading `'`. Numbers are not text cells: a negative number is written
 * as it is and stays a number.
 */
export const csvText = (cell: string): string => (/^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell)

/** Renders a readable table with a header row. */
export const table = (head: ReadonlyArray<string>, rows: ReadonlyArray<ReadonlyArray<string | number>>): string => {
  const t = new Table({ head: [...head], style: { head: [], border: [], compact: true } })
  for (const r of rows) t.push(r.map(String))
  return t.toString()
}

/** Prints a readable table on stdout. */
export const printTable = (head: ReadonlyArray<string>, rows: ReadonlyArray<ReadonlyArray<string | number>>): Effect.Effect<void> =>
  printLine(table(head, rows))
