/**
 * `vertaistuki eligibility check --programme <id> --people <file>` decides every person of a JSON Lines
 * or CSV file against one programme; `vertaistuki eligibility which --person <file>` lists the
 * programmes one person could join. A bad row is reported with its line, field and what was expected;
 * the other rows are still decided, and the exit code is 2.
 *
 * @since 0.1.0
 */
import { readFileSync } from "node:fs"
import { Command, Options } from "@effect/cli"
import { Catalogue, Eligibility, Language, PersonFacts, Rule } from "@vertaistuki/core"
import { parse as parseCsv } from "csv-parse/sync"
import { Effect, Either, Option } from "effect"
import { DateTime } from "luxon"
import {
  BadInput,
  errnoCode,
  json,
  maxDepth,
  parseJson,
  printError,
  printJson,
  printJsonStream,
  printLine,
  printTable,
  readData
} from "../Output.js"

const programme = Options.text("programme").pipe(Options.withDescription(`programme id: ${Catalogue.ids.join(", ")}`))
const rules = Options.file("rules").pipe(
  Options.optional,
  Options.withDescription("an organisation's own rule set (JSON, see docs/eligibility.md) instead of the programme's")
)
const people = Options.file("people").pipe(Options.withDescription("person facts: JSON Lines (.jsonl) or CSV with fact names as headers"))
const person = Options.file("person").pipe(Options.withDescription("one person's facts: a JSON object (or a one-row JSON Lines or CSV file)"))
const at = Options.text("at").pipe(Options.optional, Options.withDescription("the reference date YYYY-MM-DD (default: today in Helsinki)"))
const lang = Options.choice("lang", Language.all).pipe(
  Options.withDefault("en" as Language.Language),
  Options.withDescription("language of the explanations: fi, sv or en (default en)")
)

/** One row of the input: its line, an optional `id`, and its facts or what was wrong with it. */
interface Row {
  readonly line: number
  readonly id: string | undefined
  readonly facts: Either.Either<PersonFacts.PersonFacts, { readonly field: string; readonly expected: string }>
}

const idOf = (v: unknown): string | undefined => (typeof v === "string" || typeof v === "number" ? String(v) : undefined)

/**
 * What a fact should have been, without the value it had: a message may be printed, logged or mailed, and
 * the value is personal data (`dateOfBirth: expected a date YYYY-MM-DD`, never the date).
 */
const withoutValue = (expected: string): string => expected.replace(/,\s*(got|actual)\b[\s\S]*$/, "")

/** Decodes one row's facts; a row too deep or too large for the decoder is a bad row, not a crash. */
const decoded = (decode: () => Either.Either<PersonFacts.PersonFacts, PersonFacts.FactsDecodeError>): Row["facts"] => {
  try {
    return Either.mapLeft(decode(), (e) => ({ field: e.path, expected: withoutValue(e.expected) }))
  } catch {
    return Either.left({ field: "(row)", expected: `person facts nested at most ${maxDepth} levels` })
  }
}

const factsOf = (line: number, value: unknown): Row => {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    return { line, id: undefined, facts: Either.left({ field: "(row)", expected: "a JSON object of person facts" }) }
  }
  const { id, ...facts } = value as Record<string, unknown>
  return { line, id: idOf(id), facts: decoded(() => PersonFacts.decode(facts)) }
}

const jsonLines = (text: string): ReadonlyArray<Row> =>
  text.split(/\r?\n/).flatMap((raw, i): ReadonlyArray<Row> => {
    const line = i + 1
    if (raw.trim() === "") return []
    const parsed = parseJson(raw)
    if (!parsed.ok) return [{ line, id: undefined, facts: Either.left({ field: "(row)", expected: `a JSON object of person facts (${parsed.problem})` }) }]
    return [factsOf(line, parsed.value)]
  })

const csvRows = (file: string, text: string): Effect.Effect<ReadonlyArray<Row>, BadInput> =>
  Effect.gen(function* () {
    const records = yield* Effect.try({
      try: () =>
        parseCsv(text, { columns: true, skip_empty_lines: true, delimiter: [",", ";"], info: true, relax_column_count: false }) as Array<{
          record: Record<string, string>
          info: { lines: number }
        }>,
      catch: (e) => {
        // csv-parse quotes the offending field in its messages; the code and the line say enough.
        const { code, lines } = e as { code?: unknown; lines?: unknown }
        return new BadInput({ message: `${file}: not valid CSV${typeof lines === "number" ? ` at line ${lines}` : ""}${typeof code === "string" ? ` (${code})` : ""}` })
      }
    })
    const known = new Set(["id", ...Object.keys(PersonFacts.PersonFacts.fields)])
    const header = Object.keys(records[0]?.record ?? {})
    const unknown = header.filter((h) => !known.has(h))
    if (unknown.length > 0) {
      return yield* new BadInput({
        message: `${file} line 1: unknown column ${unknown.map((u) => `"${u}"`).join(", ")}; expected fact names: ${[...known].join(", ")}`
      })
    }
    return records.map(({ record, info }) => {
      const { id, ...facts } = record
      return { line: info.lines, id: id === undefined || id === "" ? undefined : id, facts: decoded(() => PersonFacts.decodeFlat(facts)) }
    })
  })

/** The encodings person files are read in. */
type Encoding = "UTF-8" | "UTF-16LE" | "UTF-16BE" | "Windows-1252"

/**
 * Decodes a person file: UTF-8 (with or without a byte order mark), UTF-16 with a byte order mark
 * (Excel's "Unicode text"), or, when the bytes are not valid UTF-8, Windows-1252: what Excel writes
 * for "CSV (semicolon delimited)" on a Finnish Windows, where `kyllä` is the byte E4 for `ä`.
 */
const decodePeople = (bytes: Uint8Array): { readonly text: string; readonly encoding: Encoding } => {
  const [a, b] = bytes
  if (a === 0xff && b === 0xfe) return { text: new TextDecoder("utf-16le").decode(bytes), encoding: "UTF-16LE" }
  if (a === 0xfe && b === 0xff) return { text: new TextDecoder("utf-16be").decode(bytes), encoding: "UTF-16BE" }
  try {
    return { text: new TextDecoder("utf-8", { fatal: true }).decode(bytes), encoding: "UTF-8" }
  } catch {
    return { text: new TextDecoder("windows-1252").decode(bytes), encoding: "Windows-1252" }
  }
}

/** Reads a person file in its encoding (see {@link decodePeople}); any encoding but UTF-8 is said on stderr. */
const readPeople = (file: string): Effect.Effect<string, BadInput> =>
  Effect.try({ try: () => readFileSync(file), catch: (e) => new BadInput({ message: `${file}: cannot read (${errnoCode(e)})` }) }).pipe(
    Effect.map(decodePeople),
    Effect.tap(({ encoding }) =>
      encoding === "UTF-8"
        ? Effect.void
        : printError(
            encoding === "Windows-1252"
              ? `${file}: not UTF-8, read as Windows-1252 (Excel's "CSV (semicolon delimited)"); to avoid guessing, save it in Excel as "CSV UTF-8 (comma delimited)"`
              : `${file}: read as ${encoding} (it starts with that byte order mark)`
          )
    ),
    Effect.map(({ text }) => text.replace(/^\uFEFF/, ""))
  )

const rowsOfText = (file: string, text: string): Effect.Effect<ReadonlyArray<Row>, BadInput> => {
  const csv = /\.csv$/i.test(file) || (!/\.(jsonl|ndjson|json)$/i.test(file) && !text.trimStart().startsWith("{"))
  return csv ? csvRows(file, text) : Effect.succeed(jsonLines(text))
}

const rowsOf = (file: string): Effect.Effect<ReadonlyArray<Row>, BadInput> => Effect.flatMap(readPeople(file), (text) => rowsOfText(file, text))

/** One JSON object (possibly over several lines), or else JSON Lines or CSV. */
const personRows = (file: string): Effect.Effect<ReadonlyArray<Row>, BadInput> =>
  Effect.flatMap(readPeople(file), (text) => {
    const whole = parseJson(text)
    if (!whole.ok) return whole.problem.startsWith("nested") ? Effect.fail(new BadInput({ message: `${file}: ${whole.problem}` })) : rowsOfText(file, text)
    if (typeof whole.value !== "object" || whole.value === null || Array.isArray(whole.value)) {
      return Effect.fail(new BadInput({ message: `${file}: expected one JSON object of person facts` }))
    }
    return Effect.succeed([factsOf(1, whole.value)])
  })

const referenceOf = (o: Option.Option<string>): Effect.Effect<string, BadInput> =>
  Option.match(o, {
    onNone: () => Effect.succeed(DateTime.now().setZone(PersonFacts.zone).toISODate()!),
    onSome: (s) =>
      /^\d{4}-\d{2}-\d{2}$/.test(s) && DateTime.fromISO(s).isValid
        ? Effect.succeed(s)
        : Effect.fail(new BadInput({ message: `--at: expected a date YYYY-MM-DD, got "${s}"` }))
  })

/**
 * The most rules an organisation's rule file may hold, counting every `all`, `any`, `not` and fact rule.
 * Each decision explains every rule in three languages, so a larger set is refused before it is compiled.
 */
export const maxRules = 1000

/** Whether a rule file's data holds more than `max` rules; walks without recursion and stops early. */
const moreRulesThan = (data: unknown, max: number): boolean => {
  const stack: Array<unknown> = [data]
  let count = 0
  while (stack.length > 0) {
    const node = stack.pop()
    if (Array.isArray(node)) {
      stack.push(...node.slice(0, max + 1))
      continue
    }
    if (typeof node !== "object" || node === null) continue
    const r = node as Record<string, unknown>
    if (node !== data || !("rules" in r)) count++
    if (count > max) return true
    for (const key of ["rules", "all", "any", "not"]) if (key in r) stack.push(r[key])
  }
  return false
}

const compiledFor = (id: string, own: Option.Option<string>): Effect.Effect<Rule.Compiled, BadInput> =>
  Effect.gen(function* () {
    if (Option.isSome(own)) {
      const data = yield* readData(own.value)
      if (moreRulesThan(data, maxRules)) return yield* new BadInput({ message: `${own.value}: more than ${maxRules} rules; split the rule set` })
      const r = yield* Effect.try({
        try: () => Rule.compile(data),
        catch: () => new BadInput({ message: `${own.value}: rules nested too deeply to compile (at most ${maxDepth} levels)` })
      })
      if (Either.isLeft(r)) return yield* new BadInput({ message: `${own.value}: ${r.left.message}` })
      return r.right
    }
    const t = Catalogue.find(id)
    if (Either.isLeft(t)) return yield* new BadInput({ message: t.left.message })
    const r = Rule.compile(t.right.eligibility)
    if (Either.isLeft(r)) return yield* new BadInput({ message: `${id}: ${r.left.message}` })
    return r.right
  })

const badRow = (file: string, r: Row & { facts: Either.Left<{ field: string; expected: string }, PersonFacts.PersonFacts> }) =>
  `${file} line ${r.line}${r.id === undefined ? "" : ` (${r.id})`}: field ${r.facts.left.field}: expected ${r.facts.left.expected}`

const check = Command.make("check", { programme, rules, people, at, json, lang }, (o) =>
  Effect.gen(function* () {
    const compiled = yield* compiledFor(o.programme, o.rules)
    const reference = yield* referenceOf(o.at)
    const rows = yield* rowsOf(o.people)
    const evaluator = Eligibility.at(compiled, reference)
    const decide = (r: Row) => ({ row: r, decision: Either.map(r.facts, (f) => evaluator.decide(PersonFacts.prepare(f))) })
    const bad = rows.filter((r): r is Row & { facts: Either.Left<{ field: string; expected: string }, PersonFacts.PersonFacts> } =>
      Either.isLeft(r.facts)
    )
    if (o.json) {
      // Decided one row at a time while printing: 200,000 rows never become one string.
      const decisions = function* () {
        for (const r of rows) {
          const { row, decision } = decide(r)
          yield Either.isRight(decision)
            ? { line: row.line, id: row.id ?? null, ...decision.right.toJSON() }
            : { line: row.line, id: row.id ?? null, error: { field: decision.left.field, expected: decision.left.expected } }
        }
      }
      yield* printJsonStream({ programme: compiled.id, reference }, "decisions", decisions())
    } else {
      const decided = rows.map(decide)
      yield* printLine(`${compiled.ruleSet.title?.[o.lang] ?? compiled.id} — ${reference}\n`)
      yield* printTable(
        ["line", "person", "outcome", "explanation"],
        decided.map(({ row, decision }) => [
          row.line,
          row.id ?? "–",
          Either.isRight(decision) ? decision.right.outcome : "bad row",
          Either.isRight(decision) ? Eligibility.format(decision.right, o.lang) : `field ${decision.left.field}: expected ${decision.left.expected}`
        ])
      )
      const counts = { eligible: 0, ineligible: 0, undetermined: 0 }
      for (const { decision } of decided) if (Either.isRight(decision)) counts[decision.right.outcome]++
      yield* printLine(`\n${counts.eligible} eligible, ${counts.ineligible} ineligible, ${counts.undetermined} undetermined, ${bad.length} bad rows`)
    }
    if (bad.length > 0) return yield* new BadInput({ message: bad.map((r) => badRow(o.people, r)).join("\n") })
  })
).pipe(Command.withDescription("Decide every person of a file against one programme, with an explanation per rule."))

const which = Command.make("which", { person, at, json, lang }, (o) =>
  Effect.gen(function* () {
    const reference = yield* referenceOf(o.at)
    const rows = yield* personRows(o.person)
    if (rows.length !== 1) return yield* new BadInput({ message: `${o.person}: expected the facts of exactly one person, found ${rows.length}` })
    const row = rows[0]!
    if (Either.isLeft(row.facts)) return yield* new BadInput({ message: badRow(o.person, { ...row, facts: row.facts }) })
    const found = Eligibility.whichProgrammes(Catalogue.all, row.facts.right, { at: reference })
    if (Either.isLeft(found)) return yield* new BadInput({ message: found.left.message })
    const decisions = found.right
    const order = { eligible: 0, undetermined: 1, ineligible: 2 }
    const sorted = [...decisions].sort((a, b) => order[a.outcome] - order[b.outcome])
    if (o.json) {
      yield* printJson({ reference, programmes: sorted.map((d) => d.toJSON()) })
      return
    }
    const name = (id: string) => Option.match(Catalogue.get(id), { onNone: () => id, onSome: (t) => t.name[o.lang] })
    yield* printTable(
      ["programme", "outcome", "why / what to ask"],
      sorted.map((d) => {
        const e = Eligibility.explain(d, o.lang)
        const failed = e.rules.filter((r) => r.depth === 1 && r.outcome === "ineligible").map((r) => `✗ ${r.text}`)
        return [`${name(d.programme)}\n(${d.programme})`, d.outcome, d.outcome === "undetermined" ? e.questions.join("\n") : failed.join("\n") || "✓"]
      })
    )
    const could = sorted.filter((d) => d.outcome === "eligible").map((d) => d.programme)
    yield* printLine(`\n${could.length === 0 ? "No programme admits this person on what is known." : `Could join: ${could.join(", ")}`}`)
  })
).pipe(Command.withDescription("List the programmes of the catalogue one person could join."))

/** `vertaistuki eligibility`: eligibility decisions with explanations. */
export const eligibility = Command.make("eligibility").pipe(
  Command.withDescription("Who can join which programme, and why."),
  Command.withSubcommands([check, which])
)
