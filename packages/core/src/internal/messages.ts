import { explainRefusal, type Refusal } from "../Consent.js"
import type { Language } from "../Language.js"
import type { Messages, Values } from "../Messages.js"

const en = {
  // schedule
  "skip.public-holiday": "public holiday",
  "skip.office-closed": "offices closed",
  "skip.weekend": "weekend",
  "skip.closed-by-organiser": "closed",
  "skip.not-weekday": "not a {weekday}",
  "schedule.valid-date": "The date is not a date YYYY-MM-DD.",
  "schedule.valid-time": "The time is not a time HH:MM.",
  "schedule.start-on-working-day": "A session would fall on a weekend day; start on a working day.",
  "schedule.enough-dates": "There are not enough open dates for every session.",
  "schedule.local-time-exists": "That time does not exist in Helsinki on the day the clocks go forward.",
  "schedule.no-such-session": "There is no such session.",
  "schedule.open-day": "No open day was found for the session.",
  "schedule.session-length-known": "The programme gives no length for a session: give the minutes.",
  // what a field should have held
  "field.expected": "{field}: expected {expected}",
  "expected.date": "a date YYYY-MM-DD",
  "expected.boolean": "true or false",
  "expected.text": "a non-empty text",
  "expected.languages": "a list of language codes (fi, sv, en)",
  "expected.one-of": "one of {values}",
  "expected.no-field": "no field {field}: known facts are {known}",
  "expected.facts": "an object of person facts",
  "expected.whole-number": "a whole number",
  "expected.number": "a number",
  // catalogue and decoders
  "error.unknown-programme": "Unknown programme \"{id}\". The programmes are {known}.",
  "error.money": "Not an amount in euros: expected {expected}.",
  "error.rule": "The rule set cannot be read: {path}: expected {expected}",
  "error.consent-decode": "The consent records cannot be read at {path}.",
  "error.disclosure-invalid": "Not a valid disclosure proof: {field} does not match.",
  "error.icalendar": "The calendar file cannot be made from this schedule.",
  // validation
  "validation.min-above-max": "{path}: the minimum {min, number} is larger than the maximum {max, number}.",
  "validation.session-too-long": "{path}: {minutes} is longer than the maximum of {maxMinutes}.",
  "validation.session-count": "{path}: {count, number} sessions is outside the programme's range {range}.",
  "validation.ordinal": "{path}: the session is numbered {ordinal, number}, not by its place in the plan.",
  "validation.leader-total": "{path}: the leader slots add up to {slots, number} but the total is {total, number}.",
  "validation.planned-size": "{path}: a planned size of {planned, number} is outside the template's own range.",
  "validation.programme": "{path}: the plan is for another programme (\"{programmeId}\").",
  "validation.missing": "{path} is not set; the template leaves it open, so the plan must set it.",
  "validation.outside-template": "{path}: {value, number} departs from the template's {templateValue, number}.",
  "validation.group-form": "{path}: the group form \"{groupForm}\" is not allowed; allowed: {allowed}.",
  "validation.below-minimum": "{path}: {participants, number} participants is below the minimum of {min, number}.",
  "validation.above-maximum": "{path}: {participants, number} participants is above the maximum of {max, number}.",
  "validation.waiver": "{path}: the template's minimum group size cannot be waived.",
  "validation.leaders-short": "{path}: {found, number} leaders in the role {role}, {required, number} needed.",
  "validation.training": "{path}: {leader} ({role}) has not completed the training {training}.",
  "validation.trademark": "{path}: the name {brand} may be used only when the leaders have completed {training}. Suggested name: \"{suggestedName}\".",
  "validation.modality": "{path}: the modality {modality} differs from the template's.",
  "validation.weekday": "{path}: the weekday {weekday} differs from the template's.",
  "validation.advice": "Advice: {text}",
  // lifecycle deciders
  "lifecycle.transition": "{machine}: {command} is not possible in the state {state}.",
  "lifecycle.consent": "The consent to {purpose} is missing or withdrawn; it is needed first.",
  "lifecycle.capacity": "The group is full: {enrolled, number} of {capacity, number} places are taken.",
  "lifecycle.minimum": "The group cannot start: {enrolled, number} enrolled, at least {minimum, number} needed.",
  "lifecycle.waiver-not-allowed": "The programme does not allow the minimum group size to be waived.",
  "lifecycle.waiver-needs-reason": "Waiving the minimum group size needs a reason.",
  "lifecycle.leaders": "The leaders do not make up the composition the programme requires.",
  "lifecycle.trademark": "The protected name may not be used: a leader lacks the required training.",
  "lifecycle.not-enrolled": "Attendance cannot be recorded: the person was not enrolled on {date}.",
  "lifecycle.duration": "The session is {minutes, number} min, longer than the maximum of {maximum, number} min.",
  "lifecycle.escort": "A minor's travel costs need a committed adult escort.",
  "lifecycle.rule": "The step breaks the rule {rule}."
} as const

/** The keys of the core's catalogue. */
export type Key = keyof typeof en

const fi: Record<Key, string> = {
  "skip.public-holiday": "arkipyhä",
  "skip.office-closed": "virastot suljettu",
  "skip.weekend": "viikonloppu",
  "skip.closed-by-organiser": "suljettu",
  "skip.not-weekday": "ei {weekday}",
  "schedule.valid-date": "Päivämäärä ei ole muodossa VVVV-KK-PP.",
  "schedule.valid-time": "Kellonaika ei ole muodossa HH:MM.",
  "schedule.start-on-working-day": "Tapaaminen osuisi viikonlopulle. Aloita arkipäivänä.",
  "schedule.enough-dates": "Kaikille tapaamisille ei löydy vapaita päiviä.",
  "schedule.local-time-exists": "Kellonaikaa ei ole Suomen ajassa sinä päivänä, jona kelloja siirretään eteenpäin.",
  "schedule.no-such-session": "Tällaista tapaamiskertaa ei ole.",
  "schedule.open-day": "Tapaamiselle ei löytynyt vapaata päivää.",
  "schedule.session-length-known": "Ohjelmassa ei ole määritelty tapaamisen kestoa. Anna kesto minuutteina.",
  "field.expected": "{field}: arvon pitää olla {expected}",
  "expected.date": "päivämäärä muodossa VVVV-KK-PP",
  "expected.boolean": "tosi tai epätosi (true tai false)",
  "expected.text": "tekstiä, ei tyhjä",
  "expected.languages": "luettelo kielikoodeja (fi, sv, en)",
  "expected.one-of": "jokin seuraavista: {values}",
  "expected.no-field": "kenttää {field} ei tunneta. Tunnetut tiedot ovat {known}",
  "expected.facts": "henkilön tiedot JSON-oliona",
  "expected.whole-number": "kokonaisluku",
  "expected.number": "luku",
  "error.unknown-programme": "Ohjelmaa ”{id}” ei löydy. Ohjelmat ovat {known}.",
  "error.money": "Summa ei ole euromäärä: arvon pitää olla {expected}.",
  "error.rule": "Sääntöjä ei voi lukea: {path}: arvon pitää olla {expected}",
  "error.consent-decode": "Suostumustietoja ei voi lukea kohdasta {path}.",
  "error.disclosure-invalid": "Luovutuksen peruste ei ole pätevä: {field} ei täsmää.",
  "error.icalendar": "Aikataulusta ei voi muodostaa kalenteritiedostoa.",
  "validation.min-above-max": "{path}: vähimmäismäärä {min, number} on suurempi kuin enimmäismäärä {max, number}.",
  "validation.session-too-long": "{path}: kesto {minutes} ylittää enimmäiskeston {maxMinutes}.",
  "validation.session-count": "{path}: {count, number} tapaamiskertaa ei ole ohjelman vaihteluvälillä {range}.",
  "validation.ordinal": "{path}: tapaamiskerran järjestysnumero {ordinal, number} ei vastaa sen paikkaa suunnitelmassa.",
  "validation.leader-total": "{path}: ohjaajapaikkoja on yhteensä {slots, number}, mutta ohjaajia on määritelty {total, number}.",
  "validation.planned-size": "{path}: suunniteltu ryhmäkoko {planned, number} ei ole mallin omalla vaihteluvälillä.",
  "validation.programme": "{path}: suunnitelma on laadittu toiselle ohjelmalle (”{programmeId}”).",
  "validation.missing": "{path} puuttuu. Malli jättää sen avoimeksi, joten se on määriteltävä ryhmän suunnitelmassa.",
  "validation.outside-template": "{path}: arvo {value, number} poikkeaa mallin arvosta {templateValue, number}.",
  "validation.group-form": "{path}: ryhmämuoto ”{groupForm}” ei ole sallittu. Sallitut: {allowed}.",
  "validation.below-minimum": "{path}: osallistujia on {participants, number}, vähintään {min, number} tarvitaan.",
  "validation.above-maximum": "{path}: osallistujia on {participants, number}, enintään {max, number} voi osallistua.",
  "validation.waiver": "{path}: mallin vähimmäisryhmäkoosta ei voi poiketa.",
  "validation.leaders-short": "{path}: tehtävässä {role} on {found, number} ohjaajaa, tarvitaan {required, number}.",
  "validation.training": "{path}: ohjaaja {leader} ({role}) ei ole suorittanut koulutusta {training}.",
  "validation.trademark": "{path}: nimeä {brand} saa käyttää vain, kun ohjaajat ovat suorittaneet koulutuksen {training}. Ehdotettu nimi: ”{suggestedName}”.",
  "validation.modality": "{path}: toteutustapa {modality} poikkeaa mallista.",
  "validation.weekday": "{path}: viikonpäivä {weekday} poikkeaa mallista.",
  "validation.advice": "Suositus: {text}",
  "lifecycle.transition": "{machine}: toimintoa {command} ei voi tehdä tilassa {state}.",
  "lifecycle.consent": "Suostumus ({purpose}) puuttuu tai se on peruttu. Suostumus tarvitaan ensin.",
  "lifecycle.capacity": "Ryhmä on täynnä: {capacity, number} paikasta {enrolled, number} on varattu.",
  "lifecycle.minimum": "Ryhmää ei voi aloittaa: ilmoittautuneita on {enrolled, number}, vähintään {minimum, number} tarvitaan.",
  "lifecycle.waiver-not-allowed": "Ohjelmassa vähimmäisryhmäkoosta ei voi poiketa.",
  "lifecycle.waiver-needs-reason": "Vähimmäisryhmäkoosta poikkeaminen on perusteltava.",
  "lifecycle.leaders": "Ohjaajat eivät vastaa ohjelman edellyttämää kokoonpanoa.",
  "lifecycle.trademark": "Suojattua nimeä ei saa käyttää: ohjaajalta puuttuu vaadittu koulutus.",
  "lifecycle.not-enrolled": "Läsnäoloa ei voi kirjata: henkilö ei ollut ryhmässä {date}.",
  "lifecycle.duration": "Tapaaminen kestää {minutes, number} min, mikä ylittää enimmäiskeston {maximum, number} min.",
  "lifecycle.escort": "Alaikäisen matkakulut edellyttävät, että aikuinen saattaja on sitoutunut mukaan.",
  "lifecycle.rule": "Toiminto rikkoo sääntöä {rule}."
}

const sv: Record<Key, string> = {
  "skip.public-holiday": "helgdag",
  "skip.office-closed": "ämbetsverken stängda",
  "skip.weekend": "veckoslut",
  "skip.closed-by-organiser": "stängt",
  "skip.not-weekday": "inte {weekday}",
  "schedule.valid-date": "Datumet har inte formen ÅÅÅÅ-MM-DD.",
  "schedule.valid-time": "Klockslaget har inte formen TT:MM.",
  "schedule.start-on-working-day": "En träff skulle infalla under veckoslutet. Börja på en vardag.",
  "schedule.enough-dates": "Det finns inte tillräckligt med lediga dagar för alla träffar.",
  "schedule.local-time-exists": "Klockslaget finns inte i finländsk tid den dag klockan flyttas fram.",
  "schedule.no-such-session": "Det finns ingen sådan träff.",
  "schedule.open-day": "Ingen ledig dag hittades för träffen.",
  "schedule.session-length-known": "Programmet anger inte hur länge träffen varar. Ange längden i minuter.",
  "field.expected": "{field}: värdet ska vara {expected}",
  "expected.date": "ett datum i formen ÅÅÅÅ-MM-DD",
  "expected.boolean": "sant eller falskt (true eller false)",
  "expected.text": "en text som inte är tom",
  "expected.languages": "en lista med språkkoder (fi, sv, en)",
  "expected.one-of": "något av följande: {values}",
  "expected.no-field": "fältet {field} är okänt. De kända uppgifterna är {known}",
  "expected.facts": "personens uppgifter som ett JSON-objekt",
  "expected.whole-number": "ett heltal",
  "expected.number": "ett tal",
  "error.unknown-programme": "Programmet ”{id}” finns inte. Programmen är {known}.",
  "error.money": "Beloppet är inte ett belopp i euro: värdet ska vara {expected}.",
  "error.rule": "Reglerna kan inte läsas: {path}: värdet ska vara {expected}",
  "error.consent-decode": "Samtyckesuppgifterna kan inte läsas vid {path}.",
  "error.disclosure-invalid": "Grunden för utlämnandet är inte giltig: {field} stämmer inte.",
  "error.icalendar": "Det går inte att skapa en kalenderfil av tidtabellen.",
  "validation.min-above-max": "{path}: minimiantalet {min, number} är större än maximiantalet {max, number}.",
  "validation.session-too-long": "{path}: längden {minutes} överskrider maximilängden {maxMinutes}.",
  "validation.session-count": "{path}: {count, number} träffar ligger utanför programmets intervall {range}.",
  "validation.ordinal": "{path}: träffens ordningsnummer {ordinal, number} motsvarar inte dess plats i planen.",
  "validation.leader-total": "{path}: ledarplatserna är sammanlagt {slots, number}, men antalet ledare är {total, number}.",
  "validation.planned-size": "{path}: den planerade gruppstorleken {planned, number} ligger utanför modellens eget intervall.",
  "validation.programme": "{path}: planen gäller ett annat program (”{programmeId}”).",
  "validation.missing": "{path} saknas. Modellen lämnar den öppen, så gruppens plan ska ange den.",
  "validation.outside-template": "{path}: värdet {value, number} avviker från modellens {templateValue, number}.",
  "validation.group-form": "{path}: gruppformen ”{groupForm}” är inte tillåten. Tillåtna: {allowed}.",
  "validation.below-minimum": "{path}: {participants, number} deltagare, minst {min, number} behövs.",
  "validation.above-maximum": "{path}: {participants, number} deltagare, högst {max, number} kan delta.",
  "validation.waiver": "{path}: man kan inte avvika från modellens minsta gruppstorlek.",
  "validation.leaders-short": "{path}: {found, number} ledare i uppgiften {role}, {required, number} behövs.",
  "validation.training": "{path}: ledaren {leader} ({role}) har inte gått utbildningen {training}.",
  "validation.trademark": "{path}: namnet {brand} får användas endast när ledarna har gått utbildningen {training}. Föreslaget namn: ”{suggestedName}”.",
  "validation.modality": "{path}: genomförandet {modality} avviker från modellen.",
  "validation.weekday": "{path}: veckodagen {weekday} avviker från modellen.",
  "validation.advice": "Rekommendation: {text}",
  "lifecycle.transition": "{machine}: åtgärden {command} är inte möjlig i läget {state}.",
  "lifecycle.consent": "Samtycket ({purpose}) saknas eller har återkallats. Samtycket behövs först.",
  "lifecycle.capacity": "Gruppen är full: {enrolled, number} av {capacity, number} platser är tagna.",
  "lifecycle.minimum": "Gruppen kan inte börja: {enrolled, number} anmälda, minst {minimum, number} behövs.",
  "lifecycle.waiver-not-allowed": "Programmet tillåter inte avvikelse från den minsta gruppstorleken.",
  "lifecycle.waiver-needs-reason": "En avvikelse från den minsta gruppstorleken ska motiveras.",
  "lifecycle.leaders": "Ledarna motsvarar inte den sammansättning programmet kräver.",
  "lifecycle.trademark": "Det skyddade namnet får inte användas: en ledare saknar den utbildning som krävs.",
  "lifecycle.not-enrolled": "Närvaron kan inte antecknas: personen var inte med i gruppen {date}.",
  "lifecycle.duration": "Träffen varar {minutes, number} min, vilket överskrider maximilängden {maximum, number} min.",
  "lifecycle.escort": "En minderårigs resekostnader förutsätter att en vuxen följeslagare har förbundit sig att följa med.",
  "lifecycle.rule": "Åtgärden bryter mot regeln {rule}."
}

/** The core's catalogue. */
export const catalogue = { fi, sv, en: en as Record<Key, string> }

const str = (v: unknown): string => (typeof v === "string" ? v : typeof v === "number" ? String(v) : Array.isArray(v) ? v.join(", ") : "")
const num = (v: unknown): number => (typeof v === "number" ? v : 0)

/**
 * What a field should have held, in `lang`, for the phrases the decoders use; another phrase stays as it is.
 */
export const expectedIn = (m: Messages<Key>, expected: string, lang: Language): string => {
  if (lang === "en") return expected
  const fixed: Record<string, Key> = {
    "a date YYYY-MM-DD": "expected.date",
    "true or false": "expected.boolean",
    "a non-empty text": "expected.text",
    "a list of language codes (fi, sv, en)": "expected.languages",
    "an object of person facts": "expected.facts",
    "a JSON object of person facts": "expected.facts",
    "person facts": "expected.facts",
    "a whole number": "expected.whole-number",
    "an integer": "expected.whole-number",
    "a number": "expected.number"
  }
  if (Object.hasOwn(fixed, expected)) return m.format(lang, fixed[expected]!)
  const oneOf = /^one of (.+)$/.exec(expected)
  if (oneOf !== null) return m.format(lang, "expected.one-of", { values: oneOf[1]! })
  const noField = /^no field (.+?): known facts are (.+)$/.exec(expected)
  if (noField !== null) return m.format(lang, "expected.no-field", { field: noField[1]!, known: noField[2]! })
  return expected
}

const validation: Readonly<Record<string, (e: Readonly<Record<string, unknown>>) => readonly [Key, Values]>> = {
  MinAboveMax: (e) => ["validation.min-above-max", { path: str(e.path), min: num(e.min), max: num(e.max) }],
  SessionLongerThanMaximum: (e) => ["validation.session-too-long", { path: str(e.path), minutes: minutes(num(e.minutes)), maxMinutes: minutes(num(e.maxMinutes)) }],
  SessionCountOutsideRange: (e) => [
    "validation.session-count",
    { path: str(e.path), count: num(e.count), range: e.max === null ? `${num(e.min)}–` : `${num(e.min)}–${num(e.max)}` }
  ],
  SessionOrdinalMismatch: (e) => ["validation.ordinal", { path: str(e.path), ordinal: num(e.ordinal) }],
  LeaderTotalMismatch: (e) => ["validation.leader-total", { path: str(e.path), slots: num(e.slots), total: num(e.total) }],
  PlannedSizeOutsideRange: (e) => ["validation.planned-size", { path: str(e.path), planned: num(e.planned) }],
  ProgrammeMismatch: (e) => ["validation.programme", { path: str(e.path), programmeId: str(e.programmeId) }],
  MissingSetting: (e) => ["validation.missing", { path: str(e.path) }],
  SettingOutsideTemplate: (e) => ["validation.outside-template", { path: str(e.path), value: num(e.value), templateValue: num(e.templateValue) }],
  GroupFormNotAllowed: (e) => ["validation.group-form", { path: str(e.path), groupForm: str(e.groupForm), allowed: str(e.allowed) }],
  GroupSizeBelowMinimum: (e) => ["validation.below-minimum", { path: str(e.path), participants: num(e.participants), min: num(e.min) }],
  GroupSizeAboveMaximum: (e) => ["validation.above-maximum", { path: str(e.path), participants: num(e.participants), max: num(e.max) }],
  WaiverNotAllowed: (e) => ["validation.waiver", { path: str(e.path) }],
  LeadersShortOfComposition: (e) => ["validation.leaders-short", { path: str(e.path), role: str(e.role), found: num(e.found), required: num(e.required) }],
  LeaderTrainingMissing: (e) => ["validation.training", { path: str(e.path), leader: str(e.leader), role: str(e.role), training: str(e.training) }],
  TrademarkRequiresTraining: (e) => [
    "validation.trademark",
    { path: str(e.path), brand: str(e.brand), training: str(e.training), suggestedName: str(e.suggestedName) }
  ],
  ModalityMismatch: (e) => ["validation.modality", { path: str(e.path), modality: str(e.modality) }],
  WeekdayMismatch: (e) => ["validation.weekday", { path: str(e.path), weekday: str(e.weekday) }]
}

const minutes = (m: number): string => {
  const h = Math.floor(m / 60)
  const rest = m % 60
  return h === 0 ? `${rest} min` : rest === 0 ? `${h} h` : `${h} h ${rest} min`
}

const lifecycle = (e: Readonly<Record<string, unknown>>): readonly [Key, Values] | undefined => {
  switch (e._tag) {
    case "TransitionRefused":
      return ["lifecycle.transition", { machine: str(e.machine), command: str(e.command), state: str(e.state) }]
    case "ConsentMissing":
      return ["lifecycle.consent", { purpose: str(e.purpose) }]
    case "CapacityExceeded":
      return ["lifecycle.capacity", { capacity: num(e.capacity), enrolled: num(e.enrolled) }]
    case "MinimumNotMet":
      return e.rule === "waiver-not-allowed"
        ? ["lifecycle.waiver-not-allowed", {}]
        : e.rule === "waiver-needs-reason"
          ? ["lifecycle.waiver-needs-reason", {}]
          : ["lifecycle.minimum", { minimum: num(e.minimum), enrolled: num(e.enrolled) }]
    case "LeaderCompositionInvalid":
      return ["lifecycle.leaders", {}]
    case "TrademarkRuleViolated":
      return ["lifecycle.trademark", {}]
    case "NotEnrolledOnDate":
      return ["lifecycle.not-enrolled", { date: str(e.date) }]
    case "DurationExceeded":
      return ["lifecycle.duration", { minutes: num(e.minutes), maximum: num(e.maximum) }]
    case "EscortRequired":
      return ["lifecycle.escort", {}]
    case "RuleViolated":
      return ["lifecycle.rule", { rule: str(e.rule) }]
    default:
      return undefined
  }
}

const refusals = new Set(["NoConsent", "Withdrawn", "Refused", "Expired", "MinorForbids"])

/** A core error in words in `lang` (see `Messages.describe`). */
export const describe = (m: Messages<Key>, error: { readonly _tag: string } & Readonly<Record<string, unknown>>, lang: Language): string => {
  const e = error
  const message: unknown = (e as { readonly message?: unknown }).message
  const fallback = typeof message === "string" ? message : e._tag
  // English is the error's own message, written for developers and people alike.
  if (lang === "en" && typeof message === "string") return message
  const v = validation[e._tag]
  if (v !== undefined && Object.hasOwn(validation, e._tag)) {
    const [key, values] = v(e)
    const text = m.format(lang, key, values)
    return e.severity === "advice" ? m.format(lang, "validation.advice", { text }) : text
  }
  const l = lifecycle(e)
  if (l !== undefined) return m.format(lang, l[0], l[1])
  if (refusals.has(e._tag)) return explainRefusal(e as unknown as Refusal, lang)
  switch (e._tag) {
    case "ParticipationDisclosureRefused":
      return explainRefusal(e.reason as Refusal, lang)
    case "UnknownProgramme":
      return m.format(lang, "error.unknown-programme", { id: str(e.id), known: str(e.known) })
    case "FactsDecodeError":
      return m.format(lang, "field.expected", { field: str(e.path), expected: expectedIn(m, str(e.expected), lang) })
    case "InvalidPlanSettings":
    case "ConsentAppendError":
      return m.format(lang, "field.expected", { field: str(e.field), expected: expectedIn(m, str(e.expected), lang) })
    case "RuleLoadError":
      return m.format(lang, "error.rule", { path: str(e.path), expected: expectedIn(m, str(e.expected), lang) })
    case "MoneyParseError":
      return m.format(lang, "error.money", { expected: expectedIn(m, str(e.expected), lang) })
    case "ConsentDecodeError":
      return m.format(lang, "error.consent-decode", { path: str(e.path) })
    case "DisclosureInvalid":
      return m.format(lang, "error.disclosure-invalid", { field: str(e.field) })
    case "ICalendarError":
      return lang === "en" ? fallback : m.format(lang, "error.icalendar")
    case "ScheduleError": {
      const key = `schedule.${str(e.rule)}` as Key
      return lang === "en" || !Object.hasOwn(en, key) ? fallback : m.format(lang, key)
    }
    default:
      return fallback
  }
}
