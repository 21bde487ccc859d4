import { join } from "node:path"
import { describe, expect, it } from "vitest"
import { messages } from "../src/Messages.js"
import { repoRoot, runApp } from "./helpers.js"

/** Every command of the tree, as the words that name it (the root is `[]`). */
const commands: ReadonlyArray<ReadonlyArray<string>> = [
  [],
  ["programmes"],
  ["programmes", "list"],
  ["programmes", "show"],
  ["costs"],
  ["costs", "compare"],
  ["costs", "sensitivity"],
  ["costs", "simulate"],
  ["eligibility"],
  ["eligibility", "check"],
  ["eligibility", "which"],
  ["schedule"],
  ["store"],
  ["store", "migrate"],
  ["store", "export"],
  ["store", "erase"],
  ["store", "access-log"],
  ["store", "backup"],
  ["store", "restore"],
  ["store", "reapply-erasures"],
  ["store", "erasures"],
  ["report"],
  ["notify"],
  ["notify", "dispatch"],
  ["notify", "status"],
  ["notify", "requeue"],
  ["notify", "preview"]
]

const esc = String.fromCharCode(27)
/** Text without its ANSI styles. */
const plain = (text: string) => text.split(esc).map((part, i) => (i === 0 ? part : part.replace(/^\[[0-9;]*m/, ""))).join("")
const lines = (text: string) =>
  plain(text)
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l !== "")

/** A line of help made of names only: a usage line, an option's or argument's names, the programme's name. */
const namesOnly = (line: string) => /^(\$ |--|\(-|<)/.test(line) || line === "vertaistuki" || line === "vertaistuki 0.1.0"

const headings = {
  fi: ["KÄYTTÖ", "PALUUARVOT"],
  sv: ["ANVÄNDNING", "RETURKODER"],
  en: ["USAGE", "EXIT CODES"]
} as const

const scenario = join(repoRoot, "examples/cost-comparison/region-structure.yaml")

describe("--help in the run's language", () => {
  it("the root's and every command's help: in fi and sv no description line is the English one", async () => {
    for (const words of commands) {
      const en = await runApp([...words, "--help"])
      expect(en.code, words.join(" ")).toBe(0)
      for (const h of headings.en) expect(en.stdout).toContain(h)
      const english = new Set(lines(en.stdout))
      for (const lang of ["fi", "sv"] as const) {
        const r = await runApp([...words, "--help", "--lang", lang])
        expect(r.code, `${lang} ${words.join(" ")}`).toBe(0)
        expect(r.stderr).toBe("")
        for (const h of headings[lang]) expect(plain(r.stdout), `${lang} ${words.join(" ")}`).toContain(h)
        const same = lines(r.stdout).filter((l) => english.has(l) && !namesOnly(l))
        expect(same, `${lang} ${words.join(" ")}`).toEqual([])
      }
    }
  }, 120_000)

  it("a command's own descriptions come from the catalogue in each language", async () => {
    for (const lang of ["fi", "sv", "en"] as const) {
      const r = plain((await runApp(["costs", "simulate", "--help", "--lang", lang])).stdout)
      expect(r).toContain(messages.format(lang, "describe.costs.simulate"))
      expect(r).toContain(messages.format(lang, "describe.costs.draws"))
      expect(r).toContain(messages.format(lang, "describe.costs.seed"))
      expect(r).toContain(messages.format(lang, "describe.lang"))
      expect(r).toContain(messages.format(lang, "cli.integer"))
    }
  })

  it("VERTAISTUKI_LANG chooses the help's language when --lang is not given", async () => {
    const r = await runApp(["schedule", "--help"], { env: { VERTAISTUKI_LANG: "sv", LC_ALL: undefined, LANG: undefined } })
    expect(r.code).toBe(0)
    expect(plain(r.stdout)).toContain(messages.format("sv", "describe.schedule.start"))
  })

  it("a command given without its subcommand prints its help in the language, also with --lang", async () => {
    for (const args of [["costs", "--lang", "fi"], ["costs"], ["--lang", "sv"]]) {
      const r = await runApp(args)
      expect(r.code, args.join(" ")).toBe(0)
      expect(r.stderr).toBe("")
    }
    expect(plain((await runApp(["costs", "--lang", "fi"])).stdout)).toContain(messages.format("fi", "describe.costs.compare"))
    expect(plain((await runApp(["--lang", "sv"])).stdout)).toContain(messages.format("sv", "describe.vertaistuki"))
  })
})

/** The run's one line on stderr, after checking that the run exited 2 with nothing on stdout. */
const rejected = async (args: ReadonlyArray<string>) => {
  const r = await runApp(args)
  expect(r.code, args.join(" ")).toBe(2)
  expect(r.stdout).toBe("")
  expect(r.stderr.split("\n"), r.stderr).toHaveLength(2)
  expect(r.stderr).toMatch(/^vertaistuki: /)
  return r.stderr
}

describe("the parser's errors in the run's language, naming the option, exit 2", () => {
  it("a missing value", async () => {
    const expected = { fi: "--time: arvo puuttuu", sv: "--time: värdet saknas", en: "--time: the value is missing" }
    for (const lang of ["fi", "sv", "en"] as const) {
      const e = await rejected(["schedule", "--programme", "voikukkia", "--start", "2026-04-02", "--lang", lang, "--time"])
      expect(e).toContain(expected[lang])
      expect(e).toContain(messages.format(lang, "args.expected.text"))
      expect(e).toContain("vertaistuki schedule --help")
    }
  })

  it("an invalid number and an invalid choice, with what was expected and what was given", async () => {
    const number = { fi: "--draws: arvon pitää olla kokonaisluku, annettu ”abc”", sv: "--draws: värdet ska vara ett heltal, angivet ”abc”", en: '--draws: expected a whole number, got "abc"' }
    const choice = {
      fi: "--cadence: arvon pitää olla jokin seuraavista: weekly, fortnightly, annettu ”daily”",
      sv: "--cadence: värdet ska vara något av följande: weekly, fortnightly, angivet ”daily”",
      en: '--cadence: expected one of weekly, fortnightly, got "daily"'
    }
    for (const lang of ["fi", "sv", "en"] as const) {
      expect(await rejected(["costs", "simulate", scenario, "--draws", "abc", "--lang", lang])).toContain(number[lang])
      expect(await rejected(["costs", "simulate", scenario, `--lang=${lang}`, "--draws=abc"])).toContain(number[lang])
      const args = ["schedule", "--programme", "voikukkia", "--start", "2026-04-02", "--time", "17:00", "--cadence", "daily", "--lang", lang]
      expect(await rejected(args)).toContain(choice[lang])
    }
    expect(await rejected(["programmes", "list", "--lang", "de"])).toContain('--lang: expected one of fi, sv, en, got "de"')
  })

  it("missing options, a missing argument, an unknown argument and a missing command", async () => {
    expect(await rejected(["schedule", "--lang", "fi"])).toContain("valitsimet puuttuvat: --programme, --start, --time")
    expect(await rejected(["schedule", "--programme", "voikukkia", "--start", "2026-04-02", "--lang", "sv"])).toContain("alternativ saknas: --time")
    expect(await rejected(["schedule"])).toContain("missing options: --programme, --start, --time")
    expect(await rejected(["costs", "simulate", "--lang", "fi"])).toContain("argumentti <scenario> puuttuu")
    expect(await rejected(["costs", "simulate"])).toContain("missing argument <scenario>")
    expect(await rejected(["programmes", "list", "extra", "--lang", "sv"])).toContain("okänt argument ”extra”")
    expect(await rejected(["programmes", "list", "--jsn"])).toContain('unknown argument "--jsn" (see vertaistuki programmes list --help)')
  })

  it("the language from the environment", async () => {
    const r = await runApp(["costs", "simulate", scenario, "--draws", "abc"], { env: { VERTAISTUKI_LANG: "fi", LC_ALL: undefined, LANG: undefined } })
    expect(r.code).toBe(2)
    expect(r.stderr).toContain("--draws: arvon pitää olla kokonaisluku")
  })
})
