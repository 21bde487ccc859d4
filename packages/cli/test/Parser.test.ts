import { HelpDoc, ValidationError } from "@effect/cli"
import { Language } from "@vertaistuki/core"
import { describe, expect, it } from "vitest"
import { sayIn } from "../src/Messages.js"
import { describe as describeError, translate } from "../src/Parser.js"

/** `vertaistuki costs simulate s.yaml …` with the options its help lists. */
const given = (args: ReadonlyArray<string>) => ({
  command: "vertaistuki costs simulate",
  args,
  parameters: [
    { names: ["--draws"], kind: "An integer." },
    { names: ["--metric"], kind: "One of the following: total, per-participant" },
    { names: ["--index"], kind: "A file." },
    { names: ["--json"], kind: "A true or false value." }
  ],
  known: []
})

/** Each of the parser's errors (as `@effect/cli` 0.77 words them), the run's words, and what each language's message must name. */
const cases: ReadonlyArray<readonly [ValidationError.ValidationError, ReadonlyArray<string>, ReadonlyArray<string>]> = [
  [ValidationError.missingValue(HelpDoc.p("Expected to find option: '--draws'")), [], ["--draws"]],
  [
    ValidationError.missingValue(HelpDoc.sequence(HelpDoc.p("Expected to find option: '--draws'"), HelpDoc.p("Expected to find option: '--index'"))),
    [],
    ["--draws, --index"]
  ],
  [ValidationError.missingValue(HelpDoc.p("Expected a value following option: '--draws'")), ["--draws"], ["--draws"]],
  [ValidationError.invalidValue(HelpDoc.p("'abc' is not a integer")), ["--draws", "abc"], ["--draws", "abc"]],
  [ValidationError.invalidValue(HelpDoc.p("'abc' is not a integer")), ["--draws=abc"], ["--draws", "abc"]],
  [ValidationError.invalidValue(HelpDoc.p("Expected one of the following cases: total, per-participant")), ["--metric", "x"], ["--metric", "total, per-participant", "x"]],
  [ValidationError.invalidValue(HelpDoc.p("Unable to recognize 'maybe' as a valid boolean")), ["--json", "maybe"], ["--json", "maybe"]],
  [ValidationError.invalidValue(HelpDoc.p("Path 'a.yaml' must exist")), ["--index", "a.yaml"], ["--index", "a.yaml"]],
  [ValidationError.invalidValue(HelpDoc.p("Path 'a.yaml' must not exist")), ["--index", "a.yaml"], ["--index", "a.yaml"]],
  [ValidationError.invalidValue(HelpDoc.p("Expected path 'dir' to be a regular file")), ["--index", "dir"], ["--index", "dir"]],
  [ValidationError.missingValue(HelpDoc.p("Missing argument <scenario>")), [], ["<scenario>"]],
  [ValidationError.invalidValue(HelpDoc.p("Received unknown argument: 'extra'")), ["extra"], ["extra"]],
  [ValidationError.correctedFlag(HelpDoc.p("The flag '--drws' is not recognized. Did you mean '--draws'?")), ["--drws"], ["--drws", "--draws"]],
  [ValidationError.invalidValue(HelpDoc.p("More than one reference to option '--draws' detected")), [], ["--draws"]],
  [ValidationError.invalidValue(HelpDoc.p("Expected at least 2 value(s) for option: '--index'")), [], ["--index", "2"]],
  [ValidationError.invalidValue(HelpDoc.p("Expected at most 3 value(s) for option: '--index'")), [], ["--index", "3"]],
  [
    ValidationError.invalidValue(HelpDoc.p("Collision between two options detected - you can only specify one of either: ['--csv', '--json']")),
    [],
    ["--csv", "--json"]
  ],
  [ValidationError.commandMismatch(HelpDoc.p("Invalid subcommand for vertaistuki - use one of 'programmes', 'costs'")), [], ["programmes, costs"]]
]

/** Words of the parser's own English that no message in another language keeps. */
const english = /\b(Expected|expected|Missing|missing|Received|unknown|recognize|Path|must|given more|value\(s\))\b/

describe("the parser's errors as messages", () => {
  it("each names the option or argument (and the value given) in every language, pointing to the command's help", () => {
    for (const [error, args, names] of cases) {
      const en = describeError(error, given(args), sayIn("en"))
      for (const lang of Language.all) {
        const text = describeError(error, given(args), sayIn(lang))
        for (const name of names) expect(text, `${lang}: ${text}`).toContain(name)
        expect(text).toContain("vertaistuki costs simulate --help")
        expect(text.split("\n")).toHaveLength(1)
        if (lang !== "en") {
          expect(text, lang).not.toBe(en)
          expect(text, `${lang}: ${text}`).not.toMatch(english)
        }
      }
    }
  })

  it("what the parser does not word as above is still a message in the language, without its English", () => {
    const odd = ValidationError.invalidValue(HelpDoc.p("Something the parser says one day"))
    for (const lang of Language.all) {
      const text = describeError(odd, given([]), sayIn(lang))
      expect(text).not.toContain("Something")
      expect(text).toContain("InvalidValue")
    }
  })
})

/** The parser's sentences in its help (`@effect/cli` 0.77). */
const sentences = [
  "USAGE",
  "DESCRIPTION",
  "ARGUMENTS",
  "OPTIONS",
  "COMMANDS",
  "A true or false value.",
  "One of the following: a, b",
  "A floating point number.",
  "An integer.",
  "A user-defined piece of text.",
  "A user-defined piece of text that is confidential.",
  "An existing file.",
  "A file.",
  "A directory.",
  "A file or directory.",
  "This setting is optional.",
  "This setting is optional. Defaults to: 5",
  "This option can be set from environment variables.",
  "This argument must be repeated at least 1 times.",
  "Generate a completion script for a specific shell.",
  "Sets the minimum log level for a command.",
  "Show the help documentation for a command.",
  "Show the version of the application.",
  "Start wizard mode for a command."
]

const textOf = (doc: HelpDoc.HelpDoc): string => {
  switch (doc._tag) {
    case "Paragraph":
    case "Header":
      return JSON.stringify(doc.value)
    case "Sequence":
      return textOf(doc.left) + textOf(doc.right)
    default:
      return ""
  }
}

describe("the parser's help in the language", () => {
  it("every sentence of the parser's help reads otherwise in fi and sv; names and descriptions stay", () => {
    for (const s of sentences) {
      const doc = HelpDoc.p(s)
      const en = textOf(translate(doc, sayIn("en")))
      for (const lang of ["fi", "sv"] as const) expect(textOf(translate(doc, sayIn(lang))), `${lang}: ${s}`).not.toBe(en)
    }
    const own = HelpDoc.blocks([HelpDoc.h1("--draws"), HelpDoc.p("kuinka usein ryhmä kokoontuu")])
    expect(textOf(translate(own, sayIn("sv")))).toBe(textOf(own))
  })
})
