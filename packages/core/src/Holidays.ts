/**
 * Days when groups do not meet: Finnish public holidays (pyhäpäivät) and the days offices are closed
 * although they are not official holidays (Midsummer Eve, juhannusaatto; Christmas Eve, jouluaatto),
 * from the maintained `date-holidays` package (country `FI`), where the two eves are of type `bank`.
 *
 * @since 0.1.0
 */
import Holidays from "date-holidays"

/**
 * A day groups do not meet on, with its name in Finnish, Swedish and English (from `date-holidays`).
 *
 * @category models
 */
export interface ClosedDay {
  readonly date: string
  readonly kind: "public-holiday" | "office-closed"
  readonly name: { readonly fi: string; readonly sv: string; readonly en: string }
}

/** `date-holidays` names (Finnish) of the `bank` days on which offices are closed. */
const officeClosed: ReadonlyArray<string> = ["juhannusaatto", "jouluaatto"]

const fi = new Holidays("FI")
const cache = new Map<number, ReadonlyMap<string, ClosedDay>>()

const build = (year: number): ReadonlyMap<string, ClosedDay> => {
  const inFi = fi.getHolidays(year, "fi")
  const inSv = fi.getHolidays(year, "sv")
  const inEn = fi.getHolidays(year, "en")
  const days = new Map<string, ClosedDay>()
  inFi.forEach((h, i) => {
    const kind = h.type === "public" ? "public-holiday" : h.type === "bank" && officeClosed.includes(h.name.toLowerCase()) ? "office-closed" : null
    if (kind === null) return
    const date = h.date.slice(0, 10)
    days.set(date, { date, kind, name: { fi: h.name, sv: inSv[i]?.name ?? h.name, en: inEn[i]?.name ?? h.name } })
  })
  return days
}

/**
 * The closed days of a year, in date order.
 *
 * @example
 * import { Holidays } from "@vertaistuki/core"
 * Holidays.closedDays(2026).find((d) => d.name.en === "Midsummer Eve")?.date // "2026-06-19"
 *
 * @category queries
 */
export const closedDays = (year: number): ReadonlyArray<ClosedDay> => [...yearMap(year).values()].sort((a, b) => (a.date < b.date ? -1 : 1))

const yearMap = (year: number): ReadonlyMap<string, ClosedDay> => {
  let m = cache.get(year)
  if (m === undefined) {
    m = build(year)
    cache.set(year, m)
  }
  return m
}

/**
 * The closed day on an ISO date (`YYYY-MM-DD`), if it is one.
 *
 * @category queries
 */
export const closedDay = (date: string): ClosedDay | undefined => yearMap(Number(date.slice(0, 4))).get(date)

/** Whether the ISO date is a public holiday or an office-closed day. @category guards */
export const isClosed = (date: string): boolean => closedDay(date) !== undefined
