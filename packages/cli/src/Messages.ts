/**
 * The command line's words in Finnish, Swedish and English, and the language a run speaks: `--lang`
 * (on every command), else `VERTAISTUKI_LANG`, else the language of `LC_ALL` or `LANG`, else English.
 *
 * @since 0.1.0
 */
import { Options } from "@effect/cli"
import { Language, Messages as Core } from "@vertaistuki/core"
import { Context, Effect } from "effect"
import { catalogue, type Key } from "./internal/messages.js"

/** The command line's catalogue. @category constants */
export const messages: Core.Messages<Key> = Core.make(catalogue)

/** Where a run's language came from: `--lang`, the environment, or neither (English). @category models */
export type Source = "option" | "environment" | "default"

/** The language of a run and where it came from. @category models */
export interface Chosen {
  readonly lang: Language.Language
  readonly source: Source
}

/** The language a run speaks; `main` provides the one its arguments and environment choose. @category services */
export class Lang extends Context.Reference<Lang>()("@vertaistuki/cli/Lang", {
  defaultValue: (): Chosen => ({ lang: "en", source: "default" })
}) {}

const isLanguage = (s: string | undefined): s is Language.Language => s === "fi" || s === "sv" || s === "en"

/**
 * The language of a run: the last `--lang fi|sv|en` (or `--lang=…`) of its arguments, else the environment's
 * (see `Messages.fromEnvironment` of the core), else English.
 *
 * @category constructors
 */
export const choose = (args: ReadonlyArray<string>, env: Readonly<Record<string, string | undefined>>): Chosen => {
  let fromArgs: Language.Language | undefined
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!
    if (a === "--") break
    const value = a === "--lang" ? args[i + 1] : a.startsWith("--lang=") ? a.slice("--lang=".length) : undefined
    if (isLanguage(value)) fromArgs = value
  }
  if (fromArgs !== undefined) return { lang: fromArgs, source: "option" }
  const fromEnv = Core.fromEnvironment(env)
  const set = [env.VERTAISTUKI_LANG, env.LC_ALL, env.LANG].some((v) => v !== undefined && v.trim() !== "" && v !== "C" && v !== "POSIX")
  return { lang: fromEnv, source: set ? "environment" : "default" }
}

/** A lookup in one language, and that language. @category models */
export type Say = ((key: Key, values?: Core.Values) => string) & { readonly lang: Language.Language }

const lookups = new Map<Language.Language, Say>()

/** The lookup in a language. @category combinators */
export const sayIn = (lang: Language.Language): Say => {
  let m = lookups.get(lang)
  if (m === undefined) {
    m = Object.assign((key: Key, values?: Core.Values) => messages.format(lang, key, values), { lang })
    lookups.set(lang, m)
  }
  return m
}

/** The lookup in the run's language. @category combinators */
export const say: Effect.Effect<Say> = Effect.map(Lang, (c) => sayIn(c.lang))

/** The run's language. @category combinators */
export const lang: Effect.Effect<Language.Language> = Effect.map(Lang, (c) => c.lang)

/**
 * `--lang fi|sv|en`, accepted by every command, its help in `h`'s language. The run's language is chosen from
 * the arguments before the parser runs (so that its own errors speak it too); this option makes the parser
 * accept it and shows it in help.
 *
 * @category options
 */
export const langOptionIn = (h: Say) => Options.choice("lang", Language.all).pipe(Options.optional, Options.withDescription(h("describe.lang")))

/** A count or decimal in the run's language: `1 000` and `0,5` in fi and sv, `1,000` and `0.5` in en. @category formatting */
export const num = (n: number, lang: Language.Language, maximumFractionDigits = 2): string => Core.formatNumber(n, lang, maximumFractionDigits)
