/**
 * The `vertaistuki` command and its subcommands, and `main`: one run of the command line as an exit code.
 *
 * @since 0.1.0
 */
import { type CliApp, Command, HelpDoc, ValidationError } from "@effect/cli"
import { Cause, Effect, HashMap } from "effect"
import { costs } from "./commands/costs.js"
import { eligibility } from "./commands/eligibility.js"
import { notify } from "./commands/notify.js"
import { programmes } from "./commands/programmes.js"
import { report } from "./commands/report.js"
import { schedule } from "./commands/schedule.js"
import { store } from "./commands/store.js"
import { BadInput, maxDepth, printError } from "./Output.js"

/** Every subcommand of `vertaistuki`; each lives in `commands/`. */
const subcommands = [programmes, costs, eligibility, schedule, store, report, notify] as const

/** The root command. */
export const vertaistuki = Command.make("vertaistuki").pipe(
  Command.withDescription("Peer-support group programmes for Finnish child protection."),
  Command.withSubcommands(subcommands)
)

/** What every help ends with: the exit codes, and how to keep pnpm's own lines out of a redirected output. */
export const helpFooter = HelpDoc.blocks([
  HelpDoc.h1("EXIT CODES"),
  HelpDoc.p("0  success"),
  HelpDoc.p("1  a failure that is not the input's, e.g. an unavailable store"),
  HelpDoc.p("2  bad input: an argument, file, row or scenario the command could not use"),
  HelpDoc.h1("OUTPUT"),
  HelpDoc.p("Results go to stdout, messages and progress to stderr. From the repository, run `pnpm -s vertaistuki …` when the output goes to a file or a pipe (`> file.csv`, `| head`): without -s, pnpm writes its own banner into it.")
])

/** Runs the command line with `process.argv`-shaped arguments. */
export const run = Command.run(vertaistuki, { name: "vertaistuki", version: "0.1.0", footer: helpFooter })

const namesOf = (command: Command.Command<string, never, unknown, unknown>): ReadonlyArray<string> => [
  ...HashMap.keys(Command.getSubcommands(command))
]

/**
 * A word where a subcommand belongs that names none, also with `--help` (which the parser would otherwise
 * answer with the parent's help and exit 0).
 */
const unknownSubcommand = (args: ReadonlyArray<string>): BadInput | undefined => {
  const [first, second] = args
  if (first === undefined || first.startsWith("-")) return undefined
  const known = subcommands.flatMap((s) => [...Command.getNames(s as never)])
  if (!known.includes(first)) return new BadInput({ message: `unknown command "${first}"; the commands are ${known.join(", ")}` })
  const sub = subcommands.find((s) => [...Command.getNames(s as never)].includes(first))
  if (sub === undefined || second === undefined || second.startsWith("-")) return undefined
  const below = namesOf(sub as never).toSorted()
  if (below.length === 0 || (below.length === 1 && below[0] === first) || below.includes(second)) return undefined
  return new BadInput({ message: `unknown command "${first} ${second}"; the commands of ${first} are ${below.join(", ")}` })
}

/** A defect as one line that quotes no input: the kind of error, never its message or stack. */
const defectLine = (defect: unknown): string =>
  defect instanceof RangeError
    ? `the input is too large or nested too deeply to process (at most ${maxDepth} levels; see docs/getting-started.md)`
    : `unexpected ${defect instanceof Error ? defect.name : "failure"}; nothing more is printed because the message could quote the input`

/**
 * The exit code of a run, with its message on stderr: 0 on success, 2 on bad input (a rejected argument,
 * file, row or scenario, or input too large or deep to process, and any defect), 1 on any other failure.
 * A message is one line that quotes no input, never a stack trace.
 */
export const exitCodeOf = <R>(program: Effect.Effect<void, unknown, R>): Effect.Effect<number, never, R> =>
  program.pipe(
    Effect.as(0),
    Effect.catchAll((e) => {
      if (ValidationError.isValidationError(e)) return Effect.succeed(2)
      if (e instanceof BadInput) return Effect.as(printError(`vertaistuki: ${e.message}`), 2)
      const tag = (e as { _tag?: unknown } | null)?._tag
      if (tag === "CommandFailed") return Effect.as(printError(`vertaistuki: ${(e as { message: string }).message}`), 1)
      return Effect.as(printError(`vertaistuki: failed (${typeof tag === "string" ? tag : "unknown error"})`), 1)
    }),
    Effect.catchAllCause((cause) =>
      Cause.isInterruptedOnly(cause) ? Effect.succeed(130) : Effect.as(printError(`vertaistuki: ${defectLine(Cause.squash(cause))}`), 2)
    )
  )

/** One run of the command line with `process.argv`-shaped arguments, as its exit code (see {@link exitCodeOf}). */
export const main = (argv: ReadonlyArray<string>): Effect.Effect<number, never, CliApp.CliApp.Environment> => {
  const unknown = unknownSubcommand(argv.slice(2))
  return exitCodeOf(unknown === undefined ? run(argv) : Effect.fail(unknown))
}
