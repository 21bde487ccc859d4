/**
 * Dates, times and money for people in each language, always in Helsinki time: Finnish `1.12.2026 klo 17.00`,
 * Swedish `1.12.2026 kl. 17:00`, English `1 Dec 2026, 17:00`; money `3 555,00 €` (fi, sv) and `€3,555.00` (en).
 *
 * @since 0.1.0
 */
import { type Language as Lang, Messages } from "@vertaistuki/core"
import { DateTime } from "luxon"

/** The time zone of every date the app shows. @category constants */
export const zone = "Europe/Helsinki"

const cache = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat>()
const cached = <T extends Intl.NumberFormat | Intl.DateTimeFormat>(id: string, make: () => T): T => {
  let f = cache.get(id) as T | undefined
  if (f === undefined) {
    f = make()
    cache.set(id, f)
  }
  return f
}

/** English dates as written in Europe (`6 Mar 2027`), Finnish and Swedish as in Finland. */
const dateLocale = (lang: Lang.Language): string => (lang === "en" ? "en-GB" : Messages.locale(lang))

const instant = (at: DateTime | Date | string): Date =>
  at instanceof Date ? at : typeof at === "string" ? DateTime.fromISO(at, { zone }).toJSDate() : at.toJSDate()

/**
 * Money in whole cents as the language writes it.
 *
 * @category formatting
 */
export const money = (cents: number, lang: Lang.Language): string =>
  (cached(`m:${lang}`, () => new Intl.NumberFormat(Messages.locale(lang), { style: "currency", currency: "EUR" })) as Intl.NumberFormat).format(cents / 100)

/**
 * A calendar date (`2026-12-01` or an instant) as the language writes it, in Helsinki.
 *
 * @category formatting
 */
export const date = (at: DateTime | Date | string, lang: Lang.Language): string =>
  (
    cached(
      `d:${lang}`,
      () => new Intl.DateTimeFormat(dateLocale(lang), { timeZone: zone, day: "numeric", month: lang === "en" ? "short" : "numeric", year: "numeric" })
    ) as Intl.DateTimeFormat
  ).format(instant(at))

/**
 * The weekday of an instant in Helsinki, as the language names it.
 *
 * @category formatting
 */
export const weekday = (at: DateTime | Date | string, lang: Lang.Language): string =>
  (cached(`w:${lang}`, () => new Intl.DateTimeFormat(dateLocale(lang), { timeZone: zone, weekday: "long" })) as Intl.DateTimeFormat).format(instant(at))

/**
 * A time of day in Helsinki, 24-hour.
 *
 * @category formatting
 */
export const time = (at: DateTime | Date | string, lang: Lang.Language): string =>
  (
    cached(`t:${lang}`, () => new Intl.DateTimeFormat(dateLocale(lang), { timeZone: zone, hour: "2-digit", minute: "2-digit", hourCycle: "h23" })) as Intl.DateTimeFormat
  ).format(instant(at))

/**
 * Date and time of an instant in Helsinki.
 *
 * @category formatting
 */
export const dateTime = (at: DateTime | Date | string, lang: Lang.Language): string =>
  `${weekday(at, lang)} ${date(at, lang)} ${lang === "fi" ? "klo" : lang === "sv" ? "kl." : "at"} ${time(at, lang)}`

/**
 * A number in the language's notation.
 *
 * @category formatting
 */
export const number = (n: number, lang: Lang.Language, maximumFractionDigits = 1): string => Messages.formatNumber(n, lang, maximumFractionDigits)
