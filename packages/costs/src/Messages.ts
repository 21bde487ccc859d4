/**
 * The cost tables' and the cost report's words in Finnish, Swedish and English: table heads and rows,
 * headings, notes and chart titles. `Table` and `Report` take a language and look their words up here.
 *
 * @since 0.1.0
 */
import { type Language, Messages as Core } from "@vertaistuki/core"

const en = {
  min: "min",
  likely: "most likely",
  max: "max",
  mean: "mean",
  total: "total",
  "total-year": "total per year",
  "per-participant": "per participant",
  "per-session-hour": "per session-hour",
  "title.group": "What the group costs",
  "title.year": "What a year costs",
  option: "option",
  "option.total": "total for the participants",
  source: "source",
  alternative: "alternative",
  unit: "unit",
  "unit-price": "unit price",
  "units.year": "avoided units that pay for a year",
  "units.group": "avoided units that pay for one group",
  "units.per-participant": "of them per participant",
  "source.line": "Source: {source}",
  "report.title": "{name}: costs",
  "report.every-line": "Every line",
  category: "category",
  line: "line",
  "report.split": "Split between the organisers",
  organiser: "organiser",
  share: "share",
  "report.share-of-likely": "share of the most likely total",
  "report.alternatives": "Against the alternatives",
  "report.alternative-note.year": "An alternative's total is one participant's course times the participants of a year's groups.",
  "report.alternative-note.group": "An alternative's total is one participant's course times the group's participants.",
  "report.pays.year": "What pays for a year",
  "report.pays.group": "What pays for one group",
  "report.inputs": "Which inputs matter",
  input: "input",
  range: "range",
  "at-min": "{measure} at its min",
  "at-max": "{measure} at its max",
  "report.uncertain": "How uncertain the total is",
  "report.draws-note": "{draws} draws, {distribution} distribution per range, seed {seed}; the same seed gives the same draws.",
  "chart.per-participant": "Cost per participant",
  "chart.per-participant-year": "Cost per participant in a year",
  "chart.total": "Total cost",
  "chart.total-year": "Total cost per year",
  "chart.tornado.total": "What moves the total: each input from its min to its max",
  "chart.tornado.per-participant": "What moves the cost per participant: each input from its min to its max",
  "chart.histogram": "Simulated total, {draws} draws ({distribution}, seed {seed})",
  "chart.histogram-year": "Simulated total per year, {draws} draws ({distribution}, seed {seed})",
  "issue.at": "{path}: {text}",
  "issue.expected": "expected {expected}",
  "issue.order": "expected min <= likely <= max",
  "issue.not-a-field": "is not a field of this object",
  "issue.missing-participants": "is missing: costs are counted per participant",
  "issue.missing-sessions": "is missing: costs are counted per session",
  "issue.range": "{text}, or a range '{' min, likely, max '}' of them",
  "issue.positive": "expected a positive number",
  "issue.positive-share": "expected a positive share, e.g. 1 or 0.5",
  "issue.hours": "expected a non-negative number of hours, e.g. 2.5",
  "issue.non-negative": "expected a non-negative number",
  "issue.share": "expected a non-negative share, e.g. 0.25 for 25 %"
} as const

/** The keys of the costs catalogue. @category models */
export type Key = keyof typeof en

const fi: Record<Key, string> = {
  min: "vähintään",
  likely: "todennäköisin",
  max: "enintään",
  mean: "keskiarvo",
  total: "yhteensä",
  "total-year": "yhteensä vuodessa",
  "per-participant": "osallistujaa kohden",
  "per-session-hour": "tapaamistuntia kohden",
  "title.group": "Ryhmän kustannukset",
  "title.year": "Vuoden kustannukset",
  option: "vaihtoehto",
  "option.total": "osallistujien yhteensä",
  source: "lähde",
  alternative: "vaihtoehto",
  unit: "yksikkö",
  "unit-price": "yksikköhinta",
  "units.year": "vältettyjä yksiköitä, jotka kattavat vuoden kustannukset",
  "units.group": "vältettyjä yksiköitä, jotka kattavat yhden ryhmän kustannukset",
  "units.per-participant": "niistä osallistujaa kohden",
  "source.line": "Lähde: {source}",
  "report.title": "{name}: kustannukset",
  "report.every-line": "Kaikki kustannuserät",
  category: "luokka",
  line: "erä",
  "report.split": "Kustannusten jako järjestäjien kesken",
  organiser: "järjestäjä",
  share: "osuus",
  "report.share-of-likely": "osuus todennäköisimmästä kokonaiskustannuksesta",
  "report.alternatives": "Verrattuna muihin vaihtoehtoihin",
  "report.alternative-note.year": "Vaihtoehdon kokonaiskustannus on yhden osallistujan jakson hinta kerrottuna vuoden ryhmien osallistujamäärällä.",
  "report.alternative-note.group": "Vaihtoehdon kokonaiskustannus on yhden osallistujan jakson hinta kerrottuna ryhmän osallistujamäärällä.",
  "report.pays.year": "Milloin vuoden ryhmät maksavat itsensä takaisin",
  "report.pays.group": "Milloin yksi ryhmä maksaa itsensä takaisin",
  "report.inputs": "Mitkä lähtötiedot vaikuttavat eniten",
  input: "lähtötieto",
  range: "vaihteluväli",
  "at-min": "{measure} pienimmällä arvolla",
  "at-max": "{measure} suurimmalla arvolla",
  "report.uncertain": "Kokonaiskustannuksen epävarmuus",
  "report.draws-note": "{draws} arvontaa, jakauma {distribution} kullekin vaihteluvälille, siemenluku {seed}. Sama siemenluku tuottaa samat arvonnat.",
  "chart.per-participant": "Kustannus osallistujaa kohden",
  "chart.per-participant-year": "Kustannus osallistujaa kohden vuodessa",
  "chart.total": "Kokonaiskustannus",
  "chart.total-year": "Kokonaiskustannus vuodessa",
  "chart.tornado.total": "Mikä muuttaa kokonaiskustannusta: kukin lähtötieto pienimmästä suurimpaan",
  "chart.tornado.per-participant": "Mikä muuttaa kustannusta osallistujaa kohden: kukin lähtötieto pienimmästä suurimpaan",
  "chart.histogram": "Simuloitu kokonaiskustannus, {draws} arvontaa ({distribution}, siemenluku {seed})",
  "chart.histogram-year": "Simuloitu kokonaiskustannus vuodessa, {draws} arvontaa ({distribution}, siemenluku {seed})",
  "issue.at": "{path}: {text}",
  "issue.expected": "arvon pitää olla {expected}",
  "issue.order": "pitää olla min <= likely <= max",
  "issue.not-a-field": "ei ole tämän kohdan kenttä",
  "issue.missing-participants": "puuttuu: kustannukset lasketaan osallistujaa kohden",
  "issue.missing-sessions": "puuttuu: kustannukset lasketaan tapaamiskertaa kohden",
  "issue.range": "{text} tai niiden vaihteluväli '{' min, likely, max '}'",
  "issue.positive": "arvon pitää olla positiivinen luku",
  "issue.positive-share": "arvon pitää olla positiivinen osuus, esimerkiksi 1 tai 0.5",
  "issue.hours": "arvon pitää olla tuntimäärä, vähintään 0, esimerkiksi 2.5",
  "issue.non-negative": "arvon pitää olla luku, vähintään 0",
  "issue.share": "arvon pitää olla osuus, vähintään 0, esimerkiksi 0.25 eli 25 %"
}

const sv: Record<Key, string> = {
  min: "minst",
  likely: "troligast",
  max: "högst",
  mean: "medelvärde",
  total: "totalt",
  "total-year": "totalt per år",
  "per-participant": "per deltagare",
  "per-session-hour": "per träfftimme",
  "title.group": "Gruppens kostnader",
  "title.year": "Årets kostnader",
  option: "alternativ",
  "option.total": "totalt för deltagarna",
  source: "källa",
  alternative: "alternativ",
  unit: "enhet",
  "unit-price": "enhetspris",
  "units.year": "undvikna enheter som täcker ett års kostnader",
  "units.group": "undvikna enheter som täcker en grupps kostnader",
  "units.per-participant": "av dem per deltagare",
  "source.line": "Källa: {source}",
  "report.title": "{name}: kostnader",
  "report.every-line": "Alla kostnadsposter",
  category: "kategori",
  line: "post",
  "report.split": "Kostnadsfördelning mellan arrangörerna",
  organiser: "arrangör",
  share: "andel",
  "report.share-of-likely": "andel av den troligaste totalkostnaden",
  "report.alternatives": "Jämfört med alternativen",
  "report.alternative-note.year": "Ett alternativs totalkostnad är priset för en deltagares period gånger deltagarna i årets grupper.",
  "report.alternative-note.group": "Ett alternativs totalkostnad är priset för en deltagares period gånger gruppens deltagare.",
  "report.pays.year": "När årets grupper betalar sig",
  "report.pays.group": "När en grupp betalar sig",
  "report.inputs": "Vilka ingångsvärden som betyder mest",
  input: "ingångsvärde",
  range: "intervall",
  "at-min": "{measure} vid det lägsta värdet",
  "at-max": "{measure} vid det högsta värdet",
  "report.uncertain": "Hur osäker totalkostnaden är",
  "report.draws-note": "{draws} dragningar, fördelningen {distribution} för varje intervall, fröet {seed}. Samma frö ger samma dragningar.",
  "chart.per-participant": "Kostnad per deltagare",
  "chart.per-participant-year": "Kostnad per deltagare under ett år",
  "chart.total": "Totalkostnad",
  "chart.total-year": "Totalkostnad per år",
  "chart.tornado.total": "Vad som påverkar totalkostnaden: varje ingångsvärde från lägsta till högsta",
  "chart.tornado.per-participant": "Vad som påverkar kostnaden per deltagare: varje ingångsvärde från lägsta till högsta",
  "chart.histogram": "Simulerad totalkostnad, {draws} dragningar ({distribution}, fröet {seed})",
  "chart.histogram-year": "Simulerad totalkostnad per år, {draws} dragningar ({distribution}, fröet {seed})",
  "issue.at": "{path}: {text}",
  "issue.expected": "värdet ska vara {expected}",
  "issue.order": "ska vara min <= likely <= max",
  "issue.not-a-field": "är inte ett fält här",
  "issue.missing-participants": "saknas: kostnaderna räknas per deltagare",
  "issue.missing-sessions": "saknas: kostnaderna räknas per träff",
  "issue.range": "{text} eller ett intervall '{' min, likely, max '}' av dem",
  "issue.positive": "värdet ska vara ett positivt tal",
  "issue.positive-share": "värdet ska vara en positiv andel, till exempel 1 eller 0.5",
  "issue.hours": "värdet ska vara ett antal timmar, minst 0, till exempel 2.5",
  "issue.non-negative": "värdet ska vara ett tal, minst 0",
  "issue.share": "värdet ska vara en andel, minst 0, till exempel 0.25 för 25 %"
}

/**
 * The costs package's catalogue and its lookup: `messages.format("sv", "title.group")` is `Gruppens kostnader`.
 *
 * @category constants
 */
export const messages: Core.Messages<Key> = Core.make({ fi, sv, en: en as Record<Key, string> })

/** A word of the catalogue in `lang`. @category formatting */
export const say = (lang: Language.Language, key: Key, values?: Core.Values): string => messages.format(lang, key, values)

const fixedIssues: Readonly<Record<string, Key>> = {
  "expected min <= likely <= max": "issue.order",
  "is not a field of this object": "issue.not-a-field",
  "is missing: costs are counted per participant": "issue.missing-participants",
  "is missing: costs are counted per session": "issue.missing-sessions",
  "expected a positive number": "issue.positive",
  "expected a positive share, e.g. 1 or 0.5": "issue.positive-share",
  "expected a non-negative number of hours, e.g. 2.5": "issue.hours",
  "expected a non-negative number": "issue.non-negative",
  "expected a non-negative share, e.g. 0.25 for 25 %": "issue.share"
}

const rangeSuffix = ", or a range { min, likely, max } of them"

/**
 * One problem of a scenario file (`Scenario.decode`'s issues) in `lang`, with its path: the decoder's own
 * phrases have texts of their own, `expected …` takes the core's words for what was expected; in English,
 * and for a phrase not known, its own message.
 *
 * @category formatting
 */
export const issue = (i: { readonly path: string; readonly message: string }, lang: Language.Language): string => {
  const text = (m: string): string => {
    if (lang === "en") return m
    if (m.endsWith(rangeSuffix)) return messages.format(lang, "issue.range", { text: text(m.slice(0, -rangeSuffix.length)) })
    if (Object.hasOwn(fixedIssues, m)) return messages.format(lang, fixedIssues[m]!)
    const expected = /^expected (.+)$/.exec(m)?.[1]
    return expected === undefined ? m : messages.format(lang, "issue.expected", { expected: Core.expected(expected, lang) })
  }
  return i.path === "" ? text(i.message) : messages.format(lang, "issue.at", { path: i.path, text: text(i.message) })
}
