/**
 * The command line's parser in the run's language: `--help` with the parser's own words (headings, value
 * kinds, "optional", defaults, the built-in options) translated, and the parser's errors (a missing or
 * invalid value, an unknown argument or flag, a missing command) as one message naming the option or
 * argument and what was expected. The commands' own descriptions come translated from their modules.
 *
 * @since 0.1.0
 */
import { type CliApp, CliConfig, CommandDescriptor, HelpDoc, Span, Usage, ValidationError } from "@effect/cli"
import { Effect, Either, Option } from "effect"
import type { Say } from "./Messages.js"
import { BadInput, printLine } from "./Output.js"

/** The parser's fixed sentences in its help (`@effect/cli` 0.77), each with its key in the catalogue. */
const sentences: Readonly<Record<string, Parameters<Say>[0]>> = {
  USAGE: "cli.usage",
  DESCRIPTION: "cli.description",
  ARGUMENTS: "cli.arguments",
  OPTIONS: "cli.options",
  COMMANDS: "cli.commands",
  "<command>": "cli.command",
  text: "cli.type.text",
  integer: "cli.type.integer",
  float: "cli.type.float",
  file: "cli.type.file",
  directory: "cli.type.directory",
  path: "cli.type.path",
  date: "cli.type.date",
  boolean: "cli.type.boolean",
  "A true or false value.": "cli.bool",
  "A date without a time-zone in the ISO-8601 format, such as 2007-12-03T10:15:30.": "cli.datetime",
  "A floating point number.": "cli.float",
  "An integer.": "cli.integer",
  "A user-defined piece of text.": "cli.text",
  "A user-defined piece of text that is confidential.": "cli.secret",
  "An existing file or directory.": "cli.path.existing-either",
  "An existing file.": "cli.path.existing-file",
  "An existing directory.": "cli.path.existing-directory",
  "A file or directory that must not exist.": "cli.path.new-either",
  "A file that must not exist.": "cli.path.new-file",
  "A directory that must not exist.": "cli.path.new-directory",
  "A file or directory.": "cli.path.either",
  "A file.": "cli.path.file",
  "A directory.": "cli.path.directory",
  "This setting is optional.": "cli.optional",
  "This option can be set from environment variables.": "cli.from-env",
  "This argument can be set from environment variables.": "cli.from-env",
  "This option may be repeated zero or more times.": "cli.option-any",
  "This argument may be repeated zero or more times.": "cli.argument-any",
  "Generate a completion script for a specific shell.": "cli.completions",
  "Sets the minimum log level for a command.": "cli.log-level",
  "Show the help documentation for a command.": "cli.help",
  "Show the version of the application.": "cli.version",
  "Start wizard mode for a command.": "cli.wizard"
}

/** One of the parser's sentences in the run's language; any other text (a name, a description) as it is. */
const sentence = (text: string, m: Say): string => {
  const key = sentences[text]
  if (key !== undefined) return m(key)
  let r = /^One of the following: (.*)$/.exec(text)
  if (r !== null) return m("cli.choice", { choices: r[1]! })
  r = /^This setting is optional\. Defaults to: (.*)$/s.exec(text)
  if (r !== null) return m("cli.default", { value: r[1]! })
  r = /^This (option|argument) must be repeated at least (\d+) times\.$/.exec(text)
  if (r !== null) return m(r[1] === "option" ? "cli.option-at-least" : "cli.argument-at-least", { min: Number(r[2]) })
  return text
}

const translateSpan = (span: Span.Span, m: Say): Span.Span => {
  switch (span._tag) {
    case "Text":
      return { ...span, value: sentence(span.value, m) }
    case "URI":
      return span
    case "Sequence":
      return { ...span, left: translateSpan(span.left, m), right: translateSpan(span.right, m) }
    default:
      return { ...span, value: translateSpan(span.value, m) }
  }
}

/** A help document with the parser's sentences in the run's language. */
export const translate = (doc: HelpDoc.HelpDoc, m: Say): HelpDoc.HelpDoc => {
  switch (doc._tag) {
    case "Empty":
      return doc
    case "Header":
    case "Paragraph":
      return { ...doc, value: translateSpan(doc.value, m) }
    case "DescriptionList":
      return { ...doc, definitions: [...doc.definitions].map(([term, block]) => [translateSpan(term, m), translate(block, m)] as const) as never }
    case "Enumeration":
      return { ...doc, elements: doc.elements.map((e) => translate(e, m)) as never }
    case "Sequence":
      return { ...doc, left: translate(doc.left, m), right: translate(doc.right, m) }
  }
}

const spanText = (span: Span.Span): string => {
  switch (span._tag) {
    case "Text":
    case "URI":
      return span.value
    case "Sequence":
      return spanText(span.left) + spanText(span.right)
    default:
      return spanText(span.value)
  }
}

/** The paragraphs of a help document as plain text, in order. */
const paragraphs = (doc: HelpDoc.HelpDoc): ReadonlyArray<string> => {
  switch (doc._tag) {
    case "Empty":
      return []
    case "Header":
    case "Paragraph":
      return [spanText(doc.value)]
    case "DescriptionList":
      return doc.definitions.flatMap(([term, block]) => [spanText(term), ...paragraphs(block)])
    case "Enumeration":
      return doc.elements.flatMap(paragraphs)
    case "Sequence":
      return [...paragraphs(doc.left), ...paragraphs(doc.right)]
  }
}

/** One option or argument of a command as its help shows it: its names and the kind of value it takes. */
interface Parameter {
  readonly names: ReadonlyArray<string>
  /** The parser's sentence for its kind of value, e.g. "An integer." or "One of the following: a, b". */
  readonly kind: string
}

/** The options and arguments of a command, from its help. */
const parametersOf = (doc: HelpDoc.HelpDoc): ReadonlyArray<Parameter> => {
  switch (doc._tag) {
    case "DescriptionList":
      return doc.definitions.map(([term, block]) => ({
        names: spanText(term).replace(/[()]/g, "").split(/[\s,]+/).filter((w) => w.startsWith("-") || w.startsWith("<")),
        kind: paragraphs(block)[0] ?? ""
      }))
    case "Sequence":
      return [...parametersOf(doc.left), ...parametersOf(doc.right)]
    default:
      return []
  }
}

/** What a parameter of this kind expects, in the run's language. */
const expectedOf = (kind: string, m: Say): string => {
  const choice = /^One of the following: (.*)$/.exec(kind)
  if (choice !== null) return m("args.expected.choice", { choices: choice[1]! })
  if (kind === "An integer.") return m("args.expected.integer")
  if (kind === "A floating point number.") return m("args.expected.float")
  if (kind === "A true or false value.") return m("args.expected.boolean")
  if (kind.startsWith("A date")) return m("args.expected.date")
  if (/^An? (existing )?file\b/.test(kind)) return m("args.expected.file")
  if (/file or directory|directory/.test(kind)) return m("args.expected.path")
  if (kind.startsWith("A user-defined piece of text")) return m("args.expected.text")
  return m("args.expected.value")
}

/** What the parser was given: the words after the command's path, and the command the path leads to. */
interface Given {
  /** `vertaistuki costs simulate`: the command whose options were parsed. */
  readonly command: string
  readonly args: ReadonlyArray<string>
  readonly parameters: ReadonlyArray<Parameter>
  /** The commands that may follow when the command has subcommands. */
  readonly known: ReadonlyArray<string>
}

/** The option a value was given to (`--draws abc` or `--draws=abc`), if it was given to one. */
const optionWithValue = (value: string, args: ReadonlyArray<string>): string | undefined => {
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!
    if (a === "--") break
    const eq = /^(--?[^=]+)=(.*)$/s.exec(a)
    if (eq !== null && eq[2] === value) return eq[1]
    if (a.startsWith("-") && args[i + 1] === value) return a
  }
  return undefined
}

/** The value given to an option, if any. */
const givenTo = (option: string, args: ReadonlyArray<string>): string | undefined => {
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!
    if (a === "--") break
    if (a === option) return args[i + 1]
    if (a.startsWith(`${option}=`)) return a.slice(option.length + 1)
  }
  return undefined
}

/** One paragraph of a parser error as a message in the run's language, or `undefined` for one it does not know. */
const messageOf = (text: string, given: Given, m: Say): { readonly missing: string } | string | undefined => {
  const named = (value: string) => optionWithValue(value, given.args) ?? m("args.the-argument")
  const parameter = (name: string) => given.parameters.find((p) => p.names.includes(name))
  let r = /^Expected to find option: '(.*)'$/.exec(text)
  if (r !== null) return { missing: r[1]! }
  r = /^Expected a value following option: '(.*)'$/.exec(text)
  if (r !== null) return m("args.missing-value", { option: r[1]!, expected: expectedOf(parameter(r[1]!)?.kind ?? "", m) })
  r = /^'(.*)' is not a (\w+)$/s.exec(text)
  if (r !== null) {
    const expected = r[2] === "integer" ? m("args.expected.integer") : r[2] === "float" ? m("args.expected.float") : r[2] === "date" ? m("args.expected.date") : m("args.expected.value")
    return m("args.invalid", { option: named(r[1]!), expected, value: r[1]! })
  }
  r = /^Expected one of the following cases: (.*)$/.exec(text)
  if (r !== null) {
    const choices = r[1]!
    const options = given.parameters.filter((p) => p.kind === `One of the following: ${choices}`).flatMap((p) => p.names)
    const allowed = choices.split(", ")
    const option = options.find((o) => {
      const v = givenTo(o, given.args)
      return v !== undefined && !allowed.includes(v)
    })
    const value = option === undefined ? undefined : givenTo(option, given.args)
    const expected = m("args.expected.choice", { choices })
    return option === undefined || value === undefined
      ? m("args.missing-value", { option: options[0] ?? m("args.the-argument"), expected })
      : m("args.invalid", { option, expected, value })
  }
  r = /^Unable to recognize '(.*)' as a valid boolean$/s.exec(text)
  if (r !== null) return m("args.invalid", { option: named(r[1]!), expected: m("args.expected.boolean"), value: r[1]! })
  r = /^Path '(.*)' must (not )?exist$/s.exec(text)
  if (r !== null) return m(r[2] === undefined ? "args.path-missing" : "args.path-exists", { option: named(r[1]!), value: r[1]! })
  r = /^Expected path '(.*)' to be a (regular file|directory)$/s.exec(text)
  if (r !== null) return m(r[2] === "directory" ? "args.not-directory" : "args.not-file", { option: named(r[1]!), value: r[1]! })
  r = /^Missing argument <([^>]*)>/.exec(text)
  if (r !== null) return m("args.missing-argument", { name: r[1]! })
  r = /^Missing argument (\w+)/.exec(text)
  if (r !== null) return m("args.missing-argument", { name: r[1]! })
  r = /^Received unknown argument: '(.*)'$/s.exec(text)
  if (r !== null) return m("args.unknown-argument", { argument: r[1]! })
  r = /^The flag '(.*)' is not recognized\. Did you mean '(.*)'\?$/.exec(text)
  if (r !== null) return m("args.did-you-mean", { flag: r[1]!, option: r[2]! })
  r = /^More than one reference to option '(.*)' detected$/.exec(text)
  if (r !== null) return m("args.repeated", { option: r[1]! })
  r = /^Expected at (least|most) (\d+) value\(s\) for option: '(.*)'$/.exec(text)
  if (r !== null) return r[1] === "least" ? m("args.at-least", { option: r[3]!, min: Number(r[2]) }) : m("args.at-most", { option: r[3]!, max: Number(r[2]) })
  r = /^Collision between two options detected - you can only specify one of either: \['(.*)', '(.*)'\]$/.exec(text)
  if (r !== null) return m("args.collision", { first: r[1]!, second: r[2]! })
  r = /^Invalid subcommand for (\S+) - use one of (.*)$/.exec(text)
  if (r !== null) return m("args.missing-command", { command: given.command, known: given.known.length > 0 ? given.known.join(", ") : r[2]!.replace(/'/g, "") })
  return undefined
}

/**
 * A parser error as one line in the run's language, naming the option or argument and what was expected,
 * and pointing to the command's help.
 */
export const describe = (error: ValidationError.ValidationError, given: Given, m: Say): string => {
  const missing: Array<string> = []
  const lines: Array<string> = []
  for (const text of paragraphs(error.error)) {
    const message = messageOf(text, given, m)
    if (message === undefined) continue
    if (typeof message === "string") lines.push(message)
    else if (!missing.includes(message.missing)) missing.push(message.missing)
  }
  if (missing.length > 0) lines.unshift(m("args.missing-options", { n: missing.length, options: missing.join(", ") }))
  const message = lines.length > 0 ? [...new Set(lines)].join("; ") : m("args.rejected", { tag: error._tag })
  return m("args.see-help", { message, command: given.command })
}

/** The names of the root's subcommands, each with the names of its own subcommands (none for a command that has none). */
export type Names = ReadonlyArray<{ readonly name: string; readonly below: ReadonlyArray<string> }>

/**
 * The words of a run that name commands (`costs simulate`), whether the last one has subcommands of its
 * own (and which), and the words after them.
 */
const follow = (names: Names, args: ReadonlyArray<string>) => {
  const [first, second] = args
  const sub = names.find((s) => s.name === first)
  if (sub === undefined) return { words: [], known: names.map((s) => s.name), rest: args }
  if (sub.below.length === 0) return { words: [sub.name], known: [], rest: args.slice(1) }
  if (second !== undefined && sub.below.includes(second)) return { words: [sub.name, second], known: [], rest: args.slice(2) }
  return { words: [sub.name], known: sub.below, rest: args.slice(1) }
}

/** Whether words are only `--lang` options, which every command takes. */
const onlyLang = (words: ReadonlyArray<string>): boolean =>
  words.every((w, i) => w === "--lang" || w.startsWith("--lang=") || (i > 0 && words[i - 1] === "--lang" && !w.startsWith("-")))

/**
 * The help of a command in the run's language, as the parser prints it, with `footer` at its end; its usage
 * lines start with the commands above it (`$ vertaistuki costs simulate …`, where the parser has `$ simulate …`).
 */
const helpText = (usage: Usage.Usage, doc: HelpDoc.HelpDoc, above: ReadonlyArray<string>, footer: HelpDoc.HelpDoc, config: CliConfig.CliConfig, m: Say): string =>
  HelpDoc.toAnsiText(
    HelpDoc.blocks([
      HelpDoc.h1(Span.code("vertaistuki")),
      HelpDoc.p("vertaistuki 0.1.0"),
      HelpDoc.h1(m("cli.usage")),
      ...Usage.enumerate(usage, config).map((span) => HelpDoc.p(Span.concat(Span.text(["$", ...above, ""].join(" ")), translateSpan(span, m)))),
      translate(doc, m),
      footer
    ])
  )

/**
 * Runs the command line in the run's language: the parser's errors become a `BadInput` naming the option
 * (exit 2), `--help` (and a command given without its subcommand) prints the help in the language, and
 * anything else is `app`'s to run (the command, or the parser's other built-in options). `subcommands` are
 * the root's.
 */
export const runIn =
  <A, E, R>(root: CommandDescriptor.Command<A>, names: Names, app: (argv: ReadonlyArray<string>) => Effect.Effect<void, E, R>, footer: HelpDoc.HelpDoc, m: Say) =>
  (argv: ReadonlyArray<string>): Effect.Effect<void, E | BadInput, R | CliApp.CliApp.Environment> =>
    Effect.gen(function* () {
      const config = Option.getOrElse(yield* Effect.serviceOption(CliConfig.CliConfig), () => CliConfig.defaultConfig)
      const args = argv.slice(2)
      const parse = (words: ReadonlyArray<string>) => Effect.either(CommandDescriptor.parse(root, ["vertaistuki", ...words], config))
      /** The help of the command `words` name, in the language, or `undefined` if they name none. */
      const helpOf = (words: ReadonlyArray<string>) =>
        Effect.map(parse([...words, "--help"]), (r) =>
          Either.isRight(r) && r.right._tag === "BuiltIn" && r.right.option._tag === "ShowHelp" ? r.right.option : undefined
        )
      const { words, known, rest } = follow(names, args)
      const above = words.length === 0 ? [] : ["vertaistuki", ...words.slice(0, -1)]
      const printHelp = (help: { readonly usage: Usage.Usage; readonly helpDoc: HelpDoc.HelpDoc }) =>
        printLine(helpText(help.usage, help.helpDoc, above, footer, config, m))
      const command = ["vertaistuki", ...words].join(" ")
      if (known.length > 0 && onlyLang(rest)) {
        const help = yield* helpOf(words)
        if (help !== undefined) return yield* printHelp(help)
      }
      const parsed = yield* parse(args)
      if (Either.isLeft(parsed)) {
        const e = parsed.left
        if (!ValidationError.isValidationError(e)) return yield* new BadInput({ message: m("args.rejected", { tag: "unknown" }) })
        const help = yield* helpOf(words)
        return yield* new BadInput({ message: describe(e, { command, args: rest, parameters: help === undefined ? [] : parametersOf(help.helpDoc), known }, m) })
      }
      const directive = parsed.right
      if (directive._tag === "BuiltIn") return yield* directive.option._tag === "ShowHelp" ? printHelp(directive.option) : app(argv)
      const [extra] = directive.leftover
      if (extra !== undefined) return yield* new BadInput({ message: m("args.see-help", { message: m("args.unknown-argument", { argument: extra }), command }) })
      return yield* app(argv)
    })
