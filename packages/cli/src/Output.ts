/**
 * What every command shares: the bad-input error (exit 2), tables for people and JSON for scripts.
 *
 * @since 0.1.0
 */
import { Options } from "@effect/cli"
import Table from "cli-table3"
import { Console, Data, type Effect } from "effect"

/**
 * Input the command could not use: a bad argument, file, row or scenario. Printed to stderr; the
 * process exits with code 2.
 *
 * @category errors
 */
export class BadInput extends Data.TaggedError("BadInput")<{ readonly message: string }> {}

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
