const helsinki = new Intl.DateTimeFormat("sv-SE", { timeZone: "Europe/Helsinki", year: "numeric", month: "2-digit", day: "2-digit" })

/** The Helsinki calendar date (`YYYY-MM-DD`) of a UTC ISO instant. */
export const helsinkiDate = (iso: string): string => helsinki.format(new Date(iso))
