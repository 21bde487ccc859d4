/**
 * The words of a report in Finnish, Swedish and English: table titles, columns, figures, the mark
 * of a hidden cell and number formats.
 *
 * @since 0.1.0
 */

/** A report's language. @category models */
export type Locale = "fi" | "sv" | "en"

/** @category constants */
export const locales: ReadonlyArray<Locale> = ["fi", "sv", "en"]

type Words = Readonly<Record<Locale, string>>
const w = (fi: string, sv: string, en: string): Words => ({ fi, sv, en })

const words: Readonly<Record<string, Words>> = {
  // tables
  groups: w("Ryhmät", "Grupper", "Groups"),
  cancellations: w("Perutut ryhmät syyn mukaan", "Inställda grupper efter orsak", "Cancelled groups by reason"),
  participants: w("Osallistujat: missä kunkin polku on", "Deltagare: var var och ens väg står", "Participants: where each path stands"),
  waitlist: w("Jonotus", "Kö", "Waiting lists"),
  attendance: w("Läsnäolo", "Närvaro", "Attendance"),
  outcomes: w(
    "3X10D: kohta 10 (elämä kokonaisuutena) alku- ja loppumittauksen pareista, ja vain alussa mitatut",
    "3X10D: punkt 10 (livet som helhet) för par av start- och slutmätning, och de som mättes endast vid start",
    "3X10D: item 10 (life as a whole) of the pairs measured at start and end, and those measured at the start only"
  ),
  paired: w("pareja", "par", "pairs"),
  "item-10": w("kohta 10", "punkt 10", "item 10"),
  feedback: w("Nimetön palaute", "Anonym respons", "Anonymous feedback"),
  items: w("3X10D kohdittain (vain alku- ja loppumittauksen parit)", "3X10D per punkt (endast par av start- och slutmätning)", "3X10D by item (pairs measured at start and end only)"),
  bands: w("Siirtymät vyöhykkeiden 0–5, 6–7 ja 8–10 välillä", "Förflyttning mellan zonerna 0–5, 6–7 och 8–10", "Movement between the bands 0–5, 6–7 and 8–10"),
  "attendance-by-session": w("Läsnäolo tapaamiskerroittain", "Närvaro per träff", "Attendance by session"),
  costs: w("Kustannukset", "Kostnader", "Costs"),
  // row dimensions
  programme: w("ohjelma", "program", "programme"),
  organiser: w("järjestäjä", "arrangör", "organiser"),
  region: w("hyvinvointialue", "välfärdsområde", "region"),
  language: w("kieli", "språk", "language"),
  year: w("vuosi", "år", "year"),
  "half-year": w("puolivuotis", "halvår", "half-year"),
  month: w("kuukausi", "månad", "month"),
  item: w("kohta", "punkt", "item"),
  session: w("tapaaminen", "träff", "session"),
  band: w("alussa", "vid start", "at the start"),
  total: w("yhteensä", "totalt", "total"),
  unknown: w("tuntematon", "okänd", "unknown"),
  // columns
  "not-started": w("ei alkanut", "inte startat", "not started"),
  running: w("käynnissä", "pågår", "running"),
  completed: w("päättynyt", "slutförd", "completed"),
  cancelled: w("peruttu", "inställd", "cancelled"),
  "too-few-participants": w("liian vähän osallistujia", "för få deltagare", "too few participants"),
  "leaders-unavailable": w("ohjaajat estyneet", "ledare förhindrade", "leaders unavailable"),
  "premises-or-schedule": w("tila tai aikataulu", "lokal eller schema", "premises or schedule"),
  funding: w("rahoitus", "finansiering", "funding"),
  other: w("muu", "annan", "other"),
  "not-decided": w("ei vielä päätetty", "inte avgjort", "not yet decided"),
  ineligible: w("ei soveltuva", "inte lämplig", "ineligible"),
  "not-enrolled": w("ei aloittanut", "inte inskriven", "not enrolled"),
  "in-group": w("ryhmässä", "i gruppen", "in the group"),
  withdrawn: w("keskeyttänyt", "avbrutit", "withdrawn"),
  "dropped-out": w("pudonnut pois", "fallit bort", "dropped out"),
  waitlisted: w("jonossa olleet", "köat", "waitlisted"),
  "participants-marked": w("henkilöitä", "personer", "people"),
  "start-only": w("vain alku", "endast start", "start only"),
  improved: w("parani", "förbättrades", "improved"),
  same: w("ennallaan", "oförändrad", "same"),
  worse: w("heikkeni", "försämrades", "worse"),
  "anonymous-responses": w("vastauksia", "svar", "responses"),
  dissatisfied: w("0–5", "0–5", "0–5"),
  "moderately-satisfied": w("6–7", "6–7", "6–7"),
  satisfied: w("8–10", "8–10", "8–10"),
  // figures
  started: w("alkaneet", "startade", "started"),
  eligible: w("soveltuvat", "lämpliga", "eligible"),
  enrolled: w("aloittaneet", "inskrivna", "enrolled"),
  "completion-rate": w("loppuun asti", "slutförandegrad", "completion rate"),
  "median-waiting-days": w("jonotus, mediaani pv", "kötid, median dagar", "median days waited"),
  "sessions-held": w("tapaamisia", "träffar", "sessions held"),
  "present-share": w("läsnä", "närvarande", "present"),
  "excused-share": w("poissa ilmoittaen", "anmäld frånvaro", "excused"),
  "absent-share": w("poissa", "frånvarande", "absent"),
  "median-participant-present-share": w("osallistujan läsnäolo, mediaani", "deltagarens närvaro, median", "median participant present"),
  "median-before": w("mediaani alussa", "median vid start", "median at start"),
  "median-after": w("mediaani lopussa", "median vid slut", "median at end"),
  "median-change": w("muutoksen mediaani", "median förändring", "median change"),
  "sessions-with-box": w("tapaamisia, joissa palautelaatikko", "träffar med svarslåda", "sessions with a box"),
  "median-responses-per-session": w("vastauksia tapaamista kohden, mediaani", "svar per träff, median", "median responses per session"),
  // costs
  "groups-run": w("ryhmiä", "grupper", "groups"),
  "per-group": w("ryhmää kohden", "per grupp", "per group"),
  "cost-total": w("yhteensä", "totalt", "total"),
  "per-participant": w("aloittanutta kohden", "per inskriven", "per participant"),
  "per-completed": w("loppuun asti osallistunutta kohden", "per deltagare som slutförde", "per completed participant"),
  alternative: w("vaihtoehto, yhden osallistujan hoito", "alternativ, en deltagares vård", "alternative, one participant's course"),
  // notes
  title: w("Vertaistukiryhmät: raportti päättäjille", "Kamratstödsgrupper: rapport för beslutsfattare", "Peer-support groups: report for decision-makers"),
  period: w("Kausi", "Period", "Period"),
  asOf: w("Tilanne", "Läge", "As of"),
  excluded: w(
    "Henkilöitä jätetty pois, koska suostumus raportointiin ei ollut voimassa",
    "Personer som lämnats bort eftersom samtycket till rapportering inte gällde",
    "People left out because their consent to reporting did not hold"
  ),
  table: w("Taulukko", "Tabell", "Table"),
  chart: w("Kaavio", "Diagram", "Chart")
}

/** The keys of the report's words, each in fi, sv and en. @category constants */
export const keys: ReadonlyArray<string> = Object.keys(words)

/**
 * The word for a key (a table, column, figure or dimension); the key itself when there is none.
 * Merged columns (`a+b`), cancellation reasons (`cancelled:…`) and item 10's directions (`item-10-…`) are put together from their parts.
 *
 * @category combinators
 */
export const word = (locale: Locale, key: string): string => {
  if (key.includes("+")) return key.split("+").map((k) => word(locale, k)).join(" + ")
  if (key.startsWith("cancelled:")) return `${word(locale, "cancelled")}: ${word(locale, key.slice("cancelled:".length))}`
  if (key.startsWith("item-10-")) return `${word(locale, "item-10")}: ${word(locale, key.slice("item-10-".length))}`
  return words[key]?.[locale] ?? key
}

/** The title of a table from its id, e.g. `participants-by-region`. @category combinators */
export const tableTitle = (locale: Locale, id: string): string => {
  const m = /^(.*)-by-(.*)$/.exec(id)
  if (m !== null && id !== "attendance-by-session") return `${word(locale, m[1]!)} / ${word(locale, m[2]!)}`
  const b = /^bands-item-(\d+)$/.exec(id)
  if (b !== null) return `${word(locale, "bands")}: ${word(locale, "item")} ${b[1]}`
  return word(locale, id)
}

/**
 * What a hidden cell shows: the same mark for every hidden cell, so a small count cannot be told
 * from one hidden to protect it.
 *
 * @category combinators
 */
export const hidden = (locale: Locale, k: number): string => (locale === "fi" ? `alle ${k}*` : `under ${k}*`)

/** The note that explains the mark. @category combinators */
export const hiddenNote = (locale: Locale, k: number): string =>
  locale === "fi"
    ? `* Alle ${k} henkilöä, tai salattu, jottei pienempää lukua voi laskea summista. Osuudet ja mediaanit alle ${k} henkilöstä salataan.`
    : locale === "sv"
      ? `* Under ${k} personer, eller dold så att ett mindre tal inte kan räknas ut ur summorna. Andelar och medianer av under ${k} personer döljs.`
      : `* Fewer than ${k} people, or hidden so that a smaller count cannot be worked out from the totals. Shares and medians of fewer than ${k} people are hidden.`

/** What a figure with nothing to show displays. @category constants */
export const none = "–"

/** A number in the locale's notation: decimal comma in Finnish and Swedish. @category combinators */
export const number = (locale: Locale, x: number, digits = 1): string => {
  const s = Number.isInteger(x) ? String(x) : x.toFixed(digits).replace(/0+$/, "").replace(/\.$/, "")
  return locale === "en" ? s : s.replace(".", ",")
}

/** A share as a percentage. @category combinators */
export const percent = (locale: Locale, x: number): string => `${number(locale, Math.round(x * 1000) / 10)} %`

/** Euro cents as whole euros with a space between thousands: `3 555 €`. @category combinators */
export const euros = (locale: Locale, cents: number): string => {
  const e = Math.round(cents / 100)
  const s = String(Math.abs(e)).replace(/\B(?=(\d{3})+(?!\d))/g, locale === "en" ? "," : "\u00a0")
  return `${e < 0 ? "−" : ""}${s} €`
}
