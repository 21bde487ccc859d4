/**
 * The reports package's errors for people in Finnish, Swedish or English: a bad period, dimension or
 * threshold names the field and what was expected; a refused report says why. The errors' own `message`
 * stays the English text for developers.
 *
 * @since 0.1.0
 */
import { type Language, Messages as Core } from "@vertaistuki/core"

const en = {
  period: "period must be a year (2026), a half-year (2026-H1), a month (2026-03) or a date range (2026-01-01..2026-06-30), got \"{actual}\"",
  dimension: "dimension must be one of {known}, got \"{actual}\"",
  k: "k must be a whole number ≥ 2, got {actual}",
  "change-threshold": "changeThreshold must be a whole number ≥ 1, got {actual}",
  differencing: "the report differs from the published report {against} by {expected} ({where}); the difference would single people out",
  "in-all": "in all"
} as const

/** The keys of the reports catalogue. @category models */
export type Key = keyof typeof en

const fi: Record<Key, string> = {
  period: "ajanjakson pitää olla vuosi (2026), vuosipuolisko (2026-H1), kuukausi (2026-03) tai aikaväli (2026-01-01..2026-06-30), annettu ”{actual}”",
  dimension: "jaottelun pitää olla jokin seuraavista: {known}, annettu ”{actual}”",
  k: "k:n pitää olla kokonaisluku, vähintään 2, annettu {actual}",
  "change-threshold": "changeThreshold-arvon pitää olla kokonaisluku, vähintään 1, annettu {actual}",
  differencing: "raportti eroaa jo julkaistusta raportista {against} vain {expected} verran ({where}). Ero voisi paljastaa yksittäisiä henkilöitä",
  "in-all": "kaikissa"
}

const sv: Record<Key, string> = {
  period: "perioden ska vara ett år (2026), ett halvår (2026-H1), en månad (2026-03) eller ett datumintervall (2026-01-01..2026-06-30), angivet ”{actual}”",
  dimension: "indelningen ska vara något av följande: {known}, angivet ”{actual}”",
  k: "k ska vara ett heltal, minst 2, angivet {actual}",
  "change-threshold": "changeThreshold ska vara ett heltal, minst 1, angivet {actual}",
  differencing: "rapporten skiljer sig från den publicerade rapporten {against} endast med {expected} ({where}). Skillnaden kunde röja enskilda personer",
  "in-all": "i alla"
}

/** The reports catalogue and its lookup. @category constants */
export const messages: Core.Messages<Key> = Core.make({ fi, sv, en: en as Record<Key, string> })

const str = (v: unknown): string => (typeof v === "string" ? v : typeof v === "number" ? String(v) : "")

/**
 * An error of the reports package in words for people in `lang`; in English, and for an error this does
 * not know, its own `message`.
 *
 * @example
 * import { Messages, Period } from "@vertaistuki/reports"
 * import { Either } from "effect"
 * const p = Period.parse("spring")
 * if (Either.isLeft(p)) Messages.describe(p.left, "sv") // "perioden ska vara ett år (2026), …"
 *
 * @category formatting
 */
export const describe = (error: { readonly _tag: string }, lang: Language.Language): string => {
  const e = error as { readonly _tag: string } & Readonly<Record<string, unknown>>
  const message = typeof e.message === "string" ? e.message : e._tag
  if (lang === "en") return message
  switch (e._tag) {
    case "InvalidPeriod":
      return messages.format(lang, "period", { actual: str(e.actual) })
    case "UnknownDimension":
      return messages.format(lang, "dimension", { known: str(e.expected).replace(/^one of /, ""), actual: str(e.actual) })
    case "InvalidThreshold":
      return messages.format(lang, "k", { actual: str(e.actual) })
    case "InvalidChangeThreshold":
      return messages.format(lang, "change-threshold", { actual: str(e.actual) })
    case "DifferencingRefused":
      return messages.format(lang, "differencing", {
        against: str(e.against),
        expected: str(e.expected),
        where: e.dimension === "all" ? messages.format(lang, "in-all") : `${str(e.dimension)} ${str(e.key)}`
      })
    default:
      return message
  }
}
