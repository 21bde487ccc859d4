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
import { Catalogue, Eligibility, Messages as CoreMessages, PersonFacts, Rule } from "@vertaistuki/core"
import { parse as parseCsv } from "csv-parse/sync"
import { Effect, Either, Option } from "effect"
import { DateTime } from "luxon"
import {
  BadInput,
  errnoCode,
  jsonIn,
  langIn,
  maxDepth,
  parseJson,
  printError,
  printJson,
  printJsonStream,
  printLine,
  printTable,
  readData
} from "../Output.js"
import * as Messages from "../Messages.js"
import { type Say, say } from "../Messages.js"

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
const decoded = (decode: () => Either.Either<PersonFacts.PersonFacts, PersonFacts.FactsDecodeError>, m: Say): Row["facts"] => {
  try {
    return Either.mapLeft(decode(), (e) => ({
      field: e.path,
      expected: CoreMessages.expected(withoutValue(e.expected), m.lang)
    }))
  } catch {
    return Either.left({ field: "(row)", expected: m("eligibility.nested", { max: maxDepth }) })
  }
}

const factsOf = (line: number, value: unknown, m: Say): Row => {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    return { line, id: undefined, facts: Either.left({ field: "(row)", expected: m("eligibility.json-object") }) }
  }
  const { id, ...facts } = value as Record<string, unknown>
  return { line, id: idOf(id), facts: decoded(() => PersonFacts.decode(facts), m) }
}

const jsonLines = (text: string, m: Say): ReadonlyArray<Row> =>
  text.split(/\r?\n/).flatMap((raw, i): ReadonlyArray<Row> => {
    const line = i + 1
    if (raw.trim() === "") return []
    const parsed = parseJson(raw, m)
    if (!parsed.ok) return [{ line, id: undefined, facts: Either.left({ field: "(row)", expected: `${m("eligibility.json-object")} (${parsed.problem})` }) }]
    return [factsOf(line, parsed.value, m)]
  })

const csvRows = (file: string, text: string): Effect.Effect<ReadonlyArray<Row>, BadInput> =>
  Effect.gen(function* () {
    const m = yield* say
    const records = yield* Effect.try({
      try: () =>
        parseCsv(text, { columns: true, skip_empty_lines: true, delimiter: [",", ";"], info: true, relax_column_count: false }) as Array<{
          record: Record<string, string>
          info: { lines: number }
        }>,
      catch: (e) => {
        // csv-parse quotes the offending field in its messages; the code and the line say enough.
        const { code, lines } = e as { code?: unknown; lines?: unknown }
        return new BadInput({
          message: `${file}: ${m("eligibility.csv-invalid")}${typeof lines === "number" ? m("eligibility.at-line", { line: lines }) : ""}${typeof code === "string" ? ` (${code})` : ""}`
        })
      }
    })
    const known = new Set(["id", ...Object.keys(PersonFacts.PersonFacts.fields)])
    const header = Object.keys(records[0]?.record ?? {})
    const unknown = header.filter((h) => !known.has(h))
    if (unknown.length > 0) {
      return yield* new BadInput({
        message: m("eligibility.unknown-column", { file, columns: unknown.map((u) => `"${u}"`).join(", "), known: [...known].join(", ") })
      })
    }
    return records.map(({ record, info }) => {
      const { id, ...facts } = record
      return { line: info.lines, id: id === undefined || id === "" ? undefined : id, facts: decoded(() => PersonFacts.decodeFlat(facts), m) }
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
  Effect.flatMap(say, (m) =>
    Effect.try({ try: () => readFileSync(file), catch: (e) => new BadInput({ message: m("file.cannot-read", { file, code: errnoCode(e) }) }) }).pipe(
      Effect.map(decodePeople),
      Effect.tap(({ encoding }) =>
        encoding === "UTF-8"
          ? Effect.void
          : printError(encoding === "Windows-1252" ? m("eligibility.windows-1252", { file }) : m("eligibility.bom", { file, encoding }))
      ),
      Effect.map(({ text }) => text.replace(/^\uFEFF/, ""))
    )
  )

const rowsOfText = (file: string, text: string): Effect.Effect<ReadonlyArray<Row>, BadInput> => {
  const csv = /\.csv$/i.test(file) || (!/\.(jsonl|ndjson|json)$/i.test(file) && !text.trimStart().startsWith("{"))
  return csv ? csvRows(file, text) : Effect.map(say, (m) => jsonLines(text, m))
}

const rowsOf = (file: string): Effect.Effect<ReadonlyArray<Row>, BadInput> => Effect.flatMap(readPeople(file), (text) => rowsOfText(file, text))

/** One JSON object (possibly over several lines), or else JSON Lines or CSV. */
const personRows = (file: string): Effect.Effect<ReadonlyArray<Row>, BadInput> =>
  Effect.flatMap(Effect.zip(readPeople(file), say), ([text, m]) => {
    const whole = parseJson(text, m)
    if (!whole.ok) return whole.problem === m("parse.nested", { max: maxDepth }) ? Effect.fail(new BadInput({ message: `${file}: ${whole.problem}` })) : rowsOfText(file, text)
    if (typeof whole.value !== "object" || whole.value === null || Array.isArray(whole.value)) {
      return Effect.fail(new BadInput({ message: `${file}: ${m("eligibility.one-object")}` }))
    }
    return Effect.succeed([factsOf(1, whole.value, m)])
  })

const referenceOf = (o: Option.Option<string>, m: Say): Effect.Effect<string, BadInput> =>
  Option.match(o, {
    onNone: () => Effect.succeed(DateTime.now().setZone(PersonFacts.zone).toISODate()!),
    onSome: (s) =>
      /^\d{4}-\d{2}-\d{2}$/.test(s) && DateTime.fromISO(s).isValid
        ? Effect.succeed(s)
        : Effect.fail(new BadInput({ message: m("eligibility.bad-at", { value: s }) }))
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
    const m = yield* say
    if (Option.isSome(own)) {
      const data = yield* readData(own.value)
      if (moreRulesThan(data, maxRules)) return yield* new BadInput({ message: `${own.value}: ${m("eligibility.too-many-rules", { max: maxRules })}` })
      const r = yield* Effect.try({
        try: () => Rule.compile(data),
        catch: () => new BadInput({ message: `${own.value}: ${m("eligibility.rules-too-deep", { max: maxDepth })}` })
      })
      if (Either.isLeft(r)) return yield* new BadInput({ message: `${own.value}: ${CoreMessages.describe(r.left, m.lang)}` })
      return r.right
    }
    const t = Catalogue.find(id)
    if (Either.isLeft(t)) return yield* new BadInput({ message: CoreMessages.describe(t.left, m.lang) })
    const r = Rule.compile(t.right.eligibility)
    if (Either.isLeft(r)) return yield* new BadInput({ message: `${id}: ${CoreMessages.describe(r.left, m.lang)}` })
    return r.right
  })

const badRow = (file: string, r: Row & { facts: Either.Left<{ field: string; expected: string }, PersonFacts.PersonFacts> }, m: Say) =>
  m("eligibility.bad-row", { file, line: r.line, id: r.id === undefined ? "" : ` (${r.id})`, field: r.facts.left.field, expected: r.facts.left.expected })

/** The options of `eligibility check` and `which`, their help in `h`'s language. */
const optionsIn = (h: Say) => ({
  programme: Options.text("programme").pipe(Options.withDescription(h("describe.programme-id", { ids: Catalogue.ids.join(", ") }))),
  rules: Options.file("rules").pipe(Options.optional, Options.withDescription(h("describe.eligibility.rules"))),
  people: Options.file("people").pipe(Options.withDescription(h("describe.eligibility.people"))),
  person: Options.file("person").pipe(Options.withDescription(h("describe.eligibility.person"))),
  at: Options.text("at").pipe(Options.optional, Options.withDescription(h("describe.eligibility.at"))),
  json: jsonIn(h),
  lang: langIn(h)
})

interface CheckOptions {
  readonly programme: string
  readonly rules: Option.Option<string>
  readonly people: string
  readonly at: Option.Option<string>
  readonly json: boolean
}

const checking = (o: CheckOptions) =>
  Effect.gen(function* () {
    const m = yield* say
    const lang = m.lang
    const compiled = yield* compiledFor(o.programme, o.rules)
    const reference = yield* referenceOf(o.at, m)
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
      yield* printLine(`${compiled.ruleSet.title?.[lang] ?? compiled.id} — ${reference}\n`)
      yield* printTable(
        [m("eligibility.line"), m("eligibility.person"), m("eligibility.outcome"), m("eligibility.explanation")],
        decided.map(({ row, decision }) => [
          Messages.num(row.line, lang),
          row.id ?? "–",
          Either.isRight(decision) ? m(`outcome.${decision.right.outcome}`) : m("eligibility.bad-row-outcome"),
          Either.isRight(decision)
            ? Eligibility.format(decision.right, lang)
            : m("eligibility.field-expected", { field: decision.left.field, expected: decision.left.expected })
        ])
      )
      const counts = { eligible: 0, ineligible: 0, undetermined: 0 }
      for (const { decision } of decided) if (Either.isRight(decision)) counts[decision.right.outcome]++
      yield* printLine(`\n${m("eligibility.counts", { ...counts, bad: bad.length })}`)
    }
    if (bad.length > 0) return yield* new BadInput({ message: bad.map((r) => badRow(o.people, r, m)).join("\n") })
  })

const choosing = (o: { readonly person: string; readonly at: Option.Option<string>; readonly json: boolean }) =>
  Effect.gen(function* () {
    const m = yield* say
    const lang = m.lang
    const reference = yield* referenceOf(o.at, m)
    const rows = yield* personRows(o.person)
    if (rows.length !== 1) return yield* new BadInput({ message: `${o.person}: ${m("eligibility.exactly-one", { n: rows.length })}` })
    const row = rows[0]!
    if (Either.isLeft(row.facts)) return yield* new BadInput({ message: badRow(o.person, { ...row, facts: row.facts }, m) })
    const found = Eligibility.whichProgrammes(Catalogue.all, row.facts.right, { at: reference })
    if (Either.isLeft(found)) return yield* new BadInput({ message: CoreMessages.describe(found.left, lang) })
    const decisions = found.right
    const order = { eligible: 0, undetermined: 1, ineligible: 2 }
    const sorted = [...decisions].sort((a, b) => order[a.outcome] - order[b.outcome])
    if (o.json) {
      yield* printJson({ reference, programmes: sorted.map((d) => d.toJSON()) })
      return
    }
    const name = (id: string) => Option.match(Catalogue.get(id), { onNone: () => id, onSome: (t) => t.name[lang] })
    yield* printTable(
      [m("eligibility.programme"), m("eligibility.outcome"), m("eligibility.why")],
      sorted.map((d) => {
        const e = Eligibility.explain(d, lang)
        const failed = e.rules.filter((r) => r.depth === 1 && r.outcome === "ineligible").map((r) => `✗ ${r.text}`)
        return [`${name(d.programme)}\n(${d.programme})`, m(`outcome.${d.outcome}`), d.outcome === "undetermined" ? e.questions.join("\n") : failed.join("\n") || "✓"]
      })
    )
    const could = sorted.filter((d) => d.outcome === "eligible").map((d) => d.programme)
    yield* printLine(`\n${could.length === 0 ? m("eligibility.none") : m("eligibility.could-join", { programmes: could.join(", ") })}`)
  })

/** `vertaistuki eligibility`: eligibility decisions with explanations, the help in `h`'s language. */
export const eligibility = (h: Say) => {
  const { programme, rules, people, person, at, json, lang } = optionsIn(h)
  const check = Command.make("check", { programme, rules, people, at, json, lang }, checking).pipe(Command.withDescription(h("describe.eligibility.check")))
  const which = Command.make("which", { person, at, json, lang }, choosing).pipe(Command.withDescription(h("describe.eligibility.which")))
  return Command.make("eligibility").pipe(Command.withDescription(h("describe.eligibility")), Command.withSubcommands([check, which]))
}
