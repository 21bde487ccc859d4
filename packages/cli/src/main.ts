/**
 * The `vertaistuki` command and its subcommands, and `main`: one run of the command line as an exit code.
 *
 * @since 0.1.0
 */
import { type CliApp, Command, HelpDoc, ValidationError } from "@effect/cli"
import type { Language } from "@vertaistuki/core"
import { Cause, Effect, HashMap } from "effect"
import { costs } from "./commands/costs.js"
import { eligibility } from "./commands/eligibility.js"
import { notify } from "./commands/notify.js"
import { programmes } from "./commands/programmes.js"
import { report } from "./commands/report.js"
import { schedule } from "./commands/schedule.js"
import { simulate } from "./commands/simulate.js"
import { store } from "./commands/store.js"
import { choose, Lang, type Say, say, sayIn } from "./Messages.js"
import { BadInput, maxDepth, printError } from "./Output.js"
import * as Parser from "./Parser.js"

/** Every subcommand of `vertaistuki`, its help in `h`'s language; each lives in `commands/`. */
const subcommandsIn = (h: Say) => [programmes(h), costs(h), eligibility(h), schedule(h), store(h), report(h), notify(h), simulate(h)] as const

/** The root command with its help in `h`'s language, and its subcommands. */
const treeIn = (h: Say) => {
  const subcommands = subcommandsIn(h)
  return { root: Command.make("vertaistuki").pipe(Command.withDescription(h("describe.vertaistuki")), Command.withSubcommands(subcommands)), subcommands }
}

type Tree = ReturnType<typeof treeIn>
type Root = Tree["root"]
const trees = new Map<Language.Language, Tree>()

/** The command tree with its help in `lang`, built once per language. */
const treeOf = (lang: Language.Language): Tree => {
  let t = trees.get(lang)
  if (t === undefined) {
    t = treeIn(sayIn(lang))
    trees.set(lang, t)
  }
  return t
}

/** The root command with its help in `lang`. */
export const commandIn = (lang: Language.Language): Root => treeOf(lang).root

/** The root command, its help in English. */
export const vertaistuki: Root = commandIn("en")

/** What every help ends with: the exit codes, and how to keep pnpm's own lines out of a redirected output. */
export const helpFooterIn = (m: Say): HelpDoc.HelpDoc =>
  HelpDoc.blocks([
    HelpDoc.h1(m("help.exit-codes")),
    HelpDoc.p(`0  ${m("help.exit-0")}`),
    HelpDoc.p(`1  ${m("help.exit-1")}`),
    HelpDoc.p(`2  ${m("help.exit-2")}`),
    HelpDoc.h1(m("help.output")),
    HelpDoc.p(m("help.output-text")),
    HelpDoc.h1(m("help.language")),
    HelpDoc.p(m("help.language-text"))
  ])

/** The help's footer in English. */
export const helpFooter = helpFooterIn(sayIn("en"))

/** The names of a command's subcommands. */
const namesOf = (command: Command.Command<string, never, unknown, unknown>): ReadonlyArray<string> => [
  ...HashMap.keys(Command.getSubcommands(command))
]

const runWith = (lang: Language.Language) => {
  const { root, subcommands } = treeOf(lang)
  const footer = helpFooterIn(sayIn(lang))
  const names = subcommands.map((s) => {
    const [name = ""] = Command.getNames(s as never)
    return { name, below: namesOf(s as never).filter((n) => n !== name) }
  })
  return Parser.runIn(root.descriptor, names, Command.run(root, { name: "vertaistuki", version: "0.1.0", footer }), footer, sayIn(lang))
}
const runs = new Map<string, ReturnType<typeof runWith>>()

/**
 * Runs the command line with `process.argv`-shaped arguments, its help and the parser's errors in `lang`
 * (see `Parser.runIn`).
 */
export const runIn = (lang: Language.Language): ReturnType<typeof runWith> => {
  let r = runs.get(lang)
  if (r === undefined) {
    r = runWith(lang)
    runs.set(lang, r)
  }
  return r
}

/** Runs the command line with `process.argv`-shaped arguments. */
export const run = runIn("en")

/**
 * A word where a subcommand belongs that names none, also with `--help` (which the parser would otherwise
 * answer with the parent's help and exit 0).
 */
const unknownSubcommand = (args: ReadonlyArray<string>, m: Say): BadInput | undefined => {
  const [first, second] = args
  if (first === undefined || first.startsWith("-")) return undefined
  const { subcommands } = treeOf(m.lang)
  const known = subcommands.flatMap((s) => [...Command.getNames(s as never)])
  if (!known.includes(first)) return new BadInput({ message: m("main.unknown-command", { command: first, known: known.join(", ") }) })
  const sub = subcommands.find((s) => [...Command.getNames(s as never)].includes(first))
  if (sub === undefined || second === undefined || second.startsWith("-")) return undefined
  const below = namesOf(sub as never).toSorted()
  if (below.length === 0 || (below.length === 1 && below[0] === first) || below.includes(second)) return undefined
  return new BadInput({ message: m("main.unknown-subcommand", { command: `${first} ${second}`, parent: first, known: below.join(", ") }) })
}

/** A defect as one line that quotes no input: the kind of error, never its message or stack. */
const defectLine = (defect: unknown, m: Say): string =>
  defect instanceof RangeError
    ? m("main.too-deep", { max: maxDepth })
    : m("main.unexpected", { name: defect instanceof Error ? defect.name : "failure" })

/**
 * The exit code of a run, with its message on stderr: 0 on success, 2 on bad input (a rejected argument,
 * file, row or scenario, or input too large or deep to process, and any defect), 1 on any other failure.
 * A message is one line that quotes no input, never a stack trace.
 */
export const exitCodeOf = <R>(program: Effect.Effect<void, unknown, R>): Effect.Effect<number, never, R> =>
  Effect.flatMap(say, (m) =>
    program.pipe(
      Effect.as(0),
      Effect.catchAll((e) => {
        if (ValidationError.isValidationError(e)) return Effect.succeed(2)
        if (e instanceof BadInput) return Effect.as(printError(`vertaistuki: ${e.message}`), 2)
        const tag = (e as { _tag?: unknown } | null)?._tag
        if (tag === "CommandFailed") return Effect.as(printError(`vertaistuki: ${(e as { message: string }).message}`), 1)
        return Effect.as(printError(`vertaistuki: ${m("main.failed", { tag: typeof tag === "string" ? tag : "unknown error" })}`), 1)
      }),
      Effect.catchAllCause((cause) =>
        Cause.isInterruptedOnly(cause) ? Effect.succeed(130) : Effect.as(printError(`vertaistuki: ${defectLine(Cause.squash(cause), m)}`), 2)
      )
    )
  )

/**
 * One run of the command line with `process.argv`-shaped arguments, as its exit code (see {@link exitCodeOf}),
 * in the language `--lang` or else `env` (default `process.env`) chooses.
 */
export const main = (
  argv: ReadonlyArray<string>,
  env: Readonly<Record<string, string | undefined>> = process.env
): Effect.Effect<number, never, CliApp.CliApp.Environment> => {
  const chosen = choose(argv.slice(2), env)
  const unknown = unknownSubcommand(argv.slice(2), sayIn(chosen.lang))
  return exitCodeOf(unknown === undefined ? runIn(chosen.lang)(argv) : Effect.fail(unknown)).pipe(Effect.provideService(Lang, chosen))
}
