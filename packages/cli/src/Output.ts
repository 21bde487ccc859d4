/**
 * What every command shares: the bad-input error (exit 2), the failure that is not bad input (exit 1),
 * reading and writing files, tables for people and JSON for scripts.
 *
 * @since 0.1.0
 */
import { readFileSync, writeFileSync } from "node:fs"
import { Options } from "@effect/cli"
import Table from "cli-table3"
import { Console, Data, Effect } from "effect"
import { parse as parseYaml } from "yaml"

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

/** The `code` of a Node.js system error (`ENOENT`, `EACCES`, …), or else the error as text. */
export const errnoCode = (e: unknown): string => {
  const code = (e as NodeJS.ErrnoException | null)?.code
  return typeof code === "string" ? code : e instanceof Error ? e.message : String(e)
}

/** Reads a UTF-8 text file, without a leading byte order mark. Fails with `<file>: cannot read (ENOENT)`. */
export const readText = (file: string): Effect.Effect<string, BadInput> =>
  Effect.try({
    try: () => readFileSync(file, "utf8").replace(/^\uFEFF/, ""),
    catch: (e) => new BadInput({ message: `${file}: cannot read (${errnoCode(e)})` })
  })

/** Reads a JSON file, or YAML when the name ends in `.yaml` or `.yml`. Fails with `<file>: not valid JSON: …`. */
export const readData = (file: string): Effect.Effect<unknown, BadInput> =>
  Effect.flatMap(readText(file), (text) => {
    const yaml = /\.ya?ml$/i.test(file)
    return Effect.try({
      try: (): unknown => (yaml ? parseYaml(text) : JSON.parse(text)),
      catch: (e) => new BadInput({ message: `${file}: not valid ${yaml ? "YAML" : "JSON"}: ${e instanceof Error ? e.message : String(e)}` })
    })
  })

/** Writes a text file, with the given permission bits if it is created. Fails with `<file>: cannot write (EACCES)`. */
export const writeText = (file: string, text: string, mode?: number): Effect.Effect<void, BadInput> =>
  Effect.try({
    try: () => writeFileSync(file, text, mode === undefined ? undefined : { mode }),
    catch: (e) => new BadInput({ message: `${file}: cannot write (${errnoCode(e)})` })
  })

/** `--json`: machine-readable output on stdout. */
export const json = Options.boolean("json").pipe(Options.withDescription("print JSON for scripts instead of a table"))

/** Prints a value as pretty JSON on stdout. */
export const printJson = (value: unknown): Effect.Effect<void> => Console.log(JSON.stringify(value, null, 2))

/** Renders a readable table with a header row. */
export const table = (head: ReadonlyArray<string>, rows: ReadonlyArray<ReadonlyArray<string | number>>): string => {
  const t = new Table({ head: [...head], style: { head: [], border: [], compact: true } })
  for (const r of rows) t.push(r.map(String))
  return t.toString()
}

/** Prints a readable table on stdout. */
export const printTable = (head: ReadonlyArray<string>, rows: ReadonlyArray<ReadonlyArray<string | number>>): Effect.Effect<void> =>
  Console.log(table(head, rows))
