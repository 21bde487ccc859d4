/** Helsinki calendar dates of UTC instants, without a clock and without a date library. */
const format = new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/Helsinki", year: "numeric", month: "2-digit", day: "2-digit" })
const cache = new Map<string, string>()

/** The `YYYY-MM-DD` date in Europe/Helsinki of an ISO instant (a bare date is returned as it is). */
export const helsinkiDate = (iso: string): string => {
  if (/^\d{4}-\d{2}-\d{2}$/.test(iso)) return iso
  const hour = iso.slice(0, 13)
  const known = cache.get(hour)
  // Helsinki's offset is whole hours, so every instant of one UTC hour falls on the same Helsinki date.
  if (known !== undefined && /Z$/.test(iso)) return known
  const d = new Date(iso)
  if (Number.isNaN(d.getTime())) return "invalid"
  const date = format.format(d)
  if (/Z$/.test(iso)) cache.set(hour, date)
  return date
}

/** Whole days from one instant to a later one. */
export const daysBetween = (from: string, to: string): number => Math.max(0, Math.floor((Date.parse(to) - Date.parse(from)) / 86_400_000))

/** The median of numbers (the mean of the middle two for an even count); null for none. */
export const median = (xs: ReadonlyArray<number>): number | null => {
  if (xs.length === 0) return null
  const s = [...xs].sort((a, b) => a - b)
  const h = s.length >> 1
  return s.length % 2 === 1 ? s[h]! : (s[h - 1]! + s[h]!) / 2
}
