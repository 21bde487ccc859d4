/**
 * Message catalogues in Finnish, Swedish and English, looked up by key and formatted as ICU messages
 * (`intl-messageformat`): placeholders, plurals and numbers in the language's own notation. Each package
 * keeps its own catalogue and builds its lookup with {@link make}; {@link problems} is what its parity test
 * checks. Also: numbers for people in each language ({@link formatNumber}, {@link parseNumber}), the language
 * a command line's environment asks for ({@link fromEnvironment}), and the core's errors for people
 * ({@link describe}).
 *
 * @since 0.1.0
 */
import { IntlMessageFormat } from "intl-messageformat"
import * as core from "./internal/messages.js"
import type { Language } from "./Language.js"

/**
 * One text per key in each language. Every language has the same keys and each text the same placeholders.
 *
 * @category models
 */
export type Catalogue<K extends string> = { readonly [L in Language]: { readonly [key in K]: string } }

/** The values of a message's placeholders. @category models */
export type Values = Readonly<Record<string, string | number>>

/**
 * A catalogue's lookup: `format(lang, key, values)` gives the text in `lang`.
 *
 * @category models
 */
export interface Messages<K extends string> {
  readonly catalogue: Catalogue<K>
  readonly keys: ReadonlyArray<K>
  readonly format: (lang: Language, key: K, values?: Values) => string
}

/**
 * The locale whose notation a language's numbers and dates follow: Finnish and Swedish as in Finland
 * (`1 000`, `0,5`), English unchanged (`1,000`, `0.5`).
 *
 * @category constants
 */
export const locale = (lang: Language): string => (lang === "fi" ? "fi-FI" : lang === "sv" ? "sv-FI" : "en")

/**
 * The lookup of a catalogue. A message is compiled once, on first use.
 *
 * @example
 * import { Messages } from "@vertaistuki/core"
 * const m = Messages.make({ fi: { rows: "{n, number} riviä" }, sv: { rows: "{n, number} rader" }, en: { rows: "{n, number} rows" } })
 * m.format("fi", "rows", { n: 1000 }) // "1 000 riviä" (with a no-break space)
 *
 * @category constructors
 */
export const make = <K extends string>(catalogue: Catalogue<K>): Messages<K> => {
  const compiled = new Map<string, IntlMessageFormat>()
  const compile = (lang: Language, key: K): IntlMessageFormat => {
    const id = `${lang}\u0000${key}`
    let m = compiled.get(id)
    if (m === undefined) {
      m = new IntlMessageFormat(catalogue[lang][key], locale(lang), undefined, { ignoreTag: true })
      compiled.set(id, m)
    }
    return m
  }
  return {
    catalogue,
    keys: Object.keys(catalogue.en) as Array<K>,
    format: (lang, key, values) => String(compile(lang, key).format(values as Record<string, string | number> | undefined))
  }
}

/** An element of a parsed ICU message. */
type Element = ReturnType<IntlMessageFormat["getAst"]>[number]

const collect = (nodes: ReadonlyArray<Element>, into: Set<string>): void => {
  for (const n of nodes) {
    // 0 literal, 7 pound; every other element names an argument (tags are not parsed).
    if (n.type !== 0 && n.type !== 7 && "value" in n && typeof n.value === "string") into.add(n.value)
    if ("options" in n) for (const o of Object.values(n.options)) collect(o.value, into)
    if ("children" in n) collect(n.children, into)
  }
}

/**
 * The names of a message's placeholders, sorted; also those inside plural and select branches.
 *
 * @category queries
 */
export const placeholders = (message: string): ReadonlyArray<string> => {
  const names = new Set<string>()
  collect(new IntlMessageFormat(message, "en", undefined, { ignoreTag: true }).getAst(), names)
  return [...names].sort()
}

/**
 * What is wrong with a catalogue: a key missing from a language, a text that does not parse, or a text
 * whose placeholders differ from the English one's. Empty when every key is in every language with the
 * same placeholders (what each package's parity test asserts).
 *
 * @category queries
 */
export const problems = (catalogue: { readonly [L in Language]: Readonly<Record<string, string>> }): ReadonlyArray<string> => {
  const out: Array<string> = []
  const keys = new Set([...Object.keys(catalogue.fi), ...Object.keys(catalogue.sv), ...Object.keys(catalogue.en)])
  const names = (text: string): ReadonlyArray<string> | string => {
    try {
      return placeholders(text)
    } catch (e) {
      return `does not parse (${e instanceof Error ? e.message : "?"})`
    }
  }
  for (const key of keys) {
    const en = Object.hasOwn(catalogue.en, key) ? catalogue.en[key] : undefined
    const expected = en === undefined ? undefined : names(en)
    for (const lang of ["fi", "sv", "en"] as const) {
      if (!Object.hasOwn(catalogue[lang], key)) {
        out.push(`${lang}: ${key} is missing`)
        continue
      }
      const got = names(catalogue[lang][key]!)
      if (typeof got === "string") out.push(`${lang}: ${key} ${got}`)
      else if (lang !== "en" && Array.isArray(expected) && got.join(",") !== expected.join(",")) {
        out.push(`${lang}: ${key} has {${got.join("}, {")}} where en has {${expected.join("}, {")}}`)
      }
    }
  }
  return out
}

const formats = new Map<string, Intl.NumberFormat>()

/**
 * A number for people in the language's notation: Finnish and Swedish `1 000,5` (a no-break space between
 * thousands, a decimal comma), English `1,000.5`. At most `maximumFractionDigits` decimals (default 2).
 *
 * @category formatting
 */
export const formatNumber = (n: number, lang: Language, maximumFractionDigits = 2): string => {
  const id = `${lang}:${maximumFractionDigits}`
  let f = formats.get(id)
  if (f === undefined) {
    f = new Intl.NumberFormat(locale(lang), { maximumFractionDigits })
    formats.set(id, f)
  }
  return f.format(n)
}

/**
 * Reads a number written by {@link formatNumber} in the same language back, or `undefined` if the text is
 * not one. Finnish and Swedish take the space or no-break space between thousands and a decimal comma (and
 * the minus sign U+2212 they print); English a comma between thousands and a decimal point.
 *
 * @category formatting
 */
export const parseNumber = (text: string, lang: Language): number | undefined => {
  const t = text.trim().replace(/\u2212/g, "-")
  const plain =
    lang === "en"
      ? /^-?\d{1,3}(,\d{3})*(\.\d+)?$|^-?\d+(\.\d+)?$/.test(t)
        ? t.replace(/,/g, "")
        : null
      : /^-?\d{1,3}([ \u00a0\u202f]\d{3})*(,\d+)?$|^-?\d+(,\d+)?$/.test(t)
        ? t.replace(/[ \u00a0\u202f]/g, "").replace(",", ".")
        : null
  return plain === null ? undefined : Number(plain)
}

/**
 * The language of a command line's environment: `VERTAISTUKI_LANG` (`fi`, `sv` or `en`) if set, else
 * the language of `LC_ALL`, then `LANG` (`fi_FI.UTF-8` → `fi`, `sv_FI…` or `sv_SE…` → `sv`, `en_…` → `en`),
 * else English. The environment is passed in; nothing is read here.
 *
 * @example
 * import { Messages } from "@vertaistuki/core"
 * Messages.fromEnvironment({ LANG: "sv_FI.UTF-8" }) // "sv"
 *
 * @category constructors
 */
export const fromEnvironment = (env: Readonly<Record<string, string | undefined>>): Language => {
  const own = env.VERTAISTUKI_LANG?.trim().toLowerCase()
  if (own === "fi" || own === "sv" || own === "en") return own
  for (const name of ["LC_ALL", "LANG"] as const) {
    const value = env[name]?.trim()
    if (value === undefined || value === "") continue
    const lang = /^([a-z]{2})(?:[_.@-]|$)/i.exec(value)?.[1]?.toLowerCase()
    if (lang === "fi" || lang === "sv" || lang === "en") return lang
    if (value !== "C" && value !== "POSIX") return "en"
  }
  return "en"
}

/**
 * The core's own texts for people: holiday and weekday names, schedule notes and its errors.
 *
 * @category constants
 */
export const messages: Messages<core.Key> = make(core.catalogue)

/**
 * What a field should have held (an error's `expected`, in English) in `lang`, for the phrases the core's
 * decoders use (`a date YYYY-MM-DD`, `one of …`, `true or false`, …); another phrase is returned as it is.
 *
 * @category formatting
 */
export const expected = (text: string, lang: Language): string => core.expectedIn(messages, text, lang)

/** An error of the core that {@link describe} can put in words. @category models */
export type Describable = { readonly _tag: string }

/**
 * A core error in words for people in `lang`: `Validation`'s problems, the lifecycle deciders' refusals,
 * the decoders' errors (naming the field and what was expected), unknown programmes and schedule errors.
 * Its `message` stays the English text for developers; an error this does not know gives that message.
 *
 * @example
 * import { Catalogue, Messages } from "@vertaistuki/core"
 * import { Either } from "effect"
 * const e = Catalogue.find("nosuch")
 * if (Either.isLeft(e)) Messages.describe(e.left, "fi") // 'Tuntematon ohjelma "nosuch". …'
 *
 * @category formatting
 */
export const describe = (error: Describable, lang: Language): string =>
  core.describe(messages, error as Describable & Readonly<Record<string, unknown>>, lang)
