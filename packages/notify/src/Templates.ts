/**
 * Message templates in Finnish, Swedish and English, as ICU MessageFormat (`intl-messageformat`). Each template
 * has a subject, a text (paragraphs separated by a blank line; the HTML part is built from it, with the `lang`
 * attribute) and an SMS body kept to two GSM-7 segments. Dates and times are written in each language's own
 * way (`tiistaina 3.3. klo 18.00`, `tisdag 3 mars kl. 18.00`, `Tuesday 3 March at 18:00`) in Helsinki time.
 *
 * Values are ids-free: times (UTC ISO strings), counts and choices, never a name or a contact.
 *
 * @since 0.1.0
 */
import { ConsentPurpose, Language, Messages as CoreMessages } from "@vertaistuki/core"
import { Data, Either, Schema } from "effect"
import { IntlMessageFormat } from "intl-messageformat"
import type { Channel } from "./ReminderPolicy.js"
import * as Segments from "./Segments.js"

/**
 * The templates.
 *
 * @category models
 */
export const TemplateId = Schema.Literal(
  "session-reminder",
  "session-moved",
  "session-cancelled",
  "group-starting",
  "intake-scheduled",
  "consent-withdrawn"
).annotations({ identifier: "TemplateId" })
/** @category models */
export type TemplateId = typeof TemplateId.Type

/** Every template id. @category constants */
export const ids: ReadonlyArray<TemplateId> = TemplateId.literals

/**
 * What a placeholder holds: a `time` (UTC ISO string, shown in Helsinki time), a `count` (a whole number ≥ 0,
 * for plural forms) or a `choice` (one of the listed words, for `select`).
 *
 * @category models
 */
export type Kind = { readonly _tag: "time" } | { readonly _tag: "count" } | { readonly _tag: "choice"; readonly options: ReadonlyArray<string> }

/** The values a template is rendered with. @category models */
export type Values = Readonly<Record<string, string | number>>

/**
 * One language's messages of a template.
 *
 * @category models
 */
export interface Messages {
  readonly subject: string
  readonly text: string
  readonly sms: string
}

/**
 * A template: its placeholders and its messages per language (a catalogue handed to `render` may lack a
 * language; the shipped one has all three).
 *
 * @category models
 */
export interface Template {
  readonly placeholders: Readonly<Record<string, Kind>>
  readonly messages: Readonly<Partial<Record<Language.Language, Messages>>>
}

/** @category models */
export type Catalogue = Readonly<Record<string, Template>>

/**
 * A rendered message: `subject`, `text` and `html` for email, `sms` for a text message (with its segments).
 *
 * @category models
 */
export interface Rendered {
  readonly template: TemplateId
  readonly language: Language.Language
  readonly subject: string
  readonly text: string
  readonly html: string
  readonly sms: string
  readonly segments: Segments.Count
}

/**
 * A template that cannot be rendered: the field (`template`, `language`, `values.start`, …) and what was
 * expected. Never holds a value.
 *
 * @category errors
 */
export class TemplateError extends Data.TaggedError("TemplateError")<{
  readonly field: string
  readonly expected: string
}> {
  override get message(): string {
    return `${this.field}: expected ${this.expected}`
  }
}

const time: Kind = { _tag: "time" }
const countKind: Kind = { _tag: "count" }
const purposeKind: Kind = { _tag: "choice", options: ConsentPurpose.all }

const when = (fi: boolean) => (name: string) => (fi ? `{${name}, date, day} klo {${name}, time, clock}` : `{${name}, date, day} kl. {${name}, time, clock}`)
const fiWhen = when(true)
const svWhen = when(false)
const enWhen = (name: string) => `{${name}, date, day} at {${name}, time, clock}`

const fiFooter = "Tämä on automaattinen viesti, eikä siihen voi vastata."
const svFooter = "Detta är ett automatiskt meddelande som inte går att svara på."
const enFooter = "This message was sent automatically; replies are not read."

const purposeFi =
  "{purpose, select, sms_reminders {tekstiviestimuistutuksiin} email_reminders {sähköpostimuistutuksiin} messaging_group {ryhmän viestiryhmään liittämiseen} taking_part {ryhmään osallistumiseen} evaluation_questionnaire {kyselyvastausten käyttämiseen arvioinnissa} reporting {tietojen käyttämiseen tilastoissa} contact_disclosure {yhteystietojen luovuttamiseen} share_participation_with_social_worker {osallistumisesta kertomiseen sosiaalityöntekijälle} other {tietojen käyttämiseen}}"
const purposeSv =
  "{purpose, select, sms_reminders {påminnelser per sms} email_reminders {påminnelser per e-post} messaging_group {att du läggs till i gruppens chattgrupp} taking_part {deltagande i gruppen} evaluation_questionnaire {att enkätsvaren används för utvärdering} reporting {att uppgifterna används i statistik} contact_disclosure {att kontaktuppgifterna lämnas ut} share_participation_with_social_worker {att socialarbetaren får veta om ditt deltagande} other {användningen av uppgifterna}}"
const purposeEn =
  "{purpose, select, sms_reminders {reminders by text message} email_reminders {reminders by email} messaging_group {being added to the group chat} taking_part {taking part in the group} evaluation_questionnaire {your questionnaire answers being used for evaluation} reporting {your data being counted in statistics} contact_disclosure {your contact details being passed on} share_participation_with_social_worker {your social worker being told that you take part} other {the use of your data}}"

/**
 * The shipped templates. Finnish and Swedish are written as a Finnish public service writes to a family, not
 * translated word for word.
 *
 * @category constants
 */
export const catalogue: Readonly<Record<TemplateId, Template>> = {
  "session-reminder": {
    placeholders: { start: time, minutes: countKind },
    messages: {
      fi: {
        subject: `Muistutus: vertaistukiryhmä kokoontuu ${fiWhen("start")}`,
        text: `Hei,\n\nmuistutamme vertaistukiryhmän seuraavasta tapaamisesta ${fiWhen("start")}.{minutes, plural, =0 {} one { Tapaaminen kestää # minuutin.} other { Tapaaminen kestää # minuuttia.}}\n\nJos et pääse paikalle, ilmoitathan siitä ryhmän ohjaajalle.\n\n${fiFooter}`,
        sms: `Muistutus: vertaistukiryhmä kokoontuu ${fiWhen("start")}. Jos et pääse paikalle, ilmoita ohjaajalle. Tähän viestiin ei voi vastata.`
      },
      sv: {
        subject: `Påminnelse: kamratstödsgruppen träffas ${svWhen("start")}`,
        text: `Hej!\n\nVi vill påminna om kamratstödsgruppens nästa träff ${svWhen("start")}.{minutes, plural, =0 {} one { Träffen pågår i # minut.} other { Träffen pågår i # minuter.}}\n\nOm du inte har möjlighet att komma, meddela gruppens ledare.\n\n${svFooter}`,
        sms: `Påminnelse: kamratstödsgruppen träffas ${svWhen("start")}. Meddela ledaren om du inte kan komma. Det går inte att svara på detta sms.`
      },
      en: {
        subject: `Reminder: your peer support group meets on ${enWhen("start")}`,
        text: `Hello,\n\nThis is a reminder of the next meeting of your peer support group on ${enWhen("start")}.{minutes, plural, =0 {} one { The meeting lasts # minute.} other { The meeting lasts # minutes.}}\n\nIf you cannot come, please let the group leader know.\n\n${enFooter}`,
        sms: `Reminder: your peer support group meets on ${enWhen("start")}. If you cannot come, please tell the group leader. Replies are not read.`
      }
    }
  },
  "session-moved": {
    placeholders: { start: time, previousStart: time },
    messages: {
      fi: {
        subject: "Vertaistukiryhmän tapaamisen aika on muuttunut",
        text: `Hei,\n\nvertaistukiryhmän tapaaminen, jonka aika oli ${fiWhen("previousStart")}, on siirretty. Uusi aika on ${fiWhen("start")}.\n\nJos uusi aika ei sovi sinulle, ilmoitathan siitä ryhmän ohjaajalle.\n\n${fiFooter}`,
        sms: `Vertaistukiryhmän tapaaminen on siirretty. Uusi aika on ${fiWhen("start")} (aiemmin {previousStart, date, day}). Tähän viestiin ei voi vastata.`
      },
      sv: {
        subject: "Tiden för kamratstödsgruppens träff har ändrats",
        text: `Hej!\n\nKamratstödsgruppens träff som var planerad till ${svWhen("previousStart")} har flyttats. Den nya tiden är ${svWhen("start")}.\n\nOm den nya tiden inte passar dig, meddela gruppens ledare.\n\n${svFooter}`,
        sms: `Kamratstödsgruppens träff har flyttats. Ny tid: ${svWhen("start")} (tidigare {previousStart, date, day}). Det går inte att svara på detta sms.`
      },
      en: {
        subject: "The time of your peer support group meeting has changed",
        text: `Hello,\n\nThe peer support group meeting that was to be held on ${enWhen("previousStart")} has been moved. The new time is ${enWhen("start")}.\n\nIf the new time does not suit you, please let the group leader know.\n\n${enFooter}`,
        sms: `Your peer support group meeting has been moved to ${enWhen("start")} (was {previousStart, date, day}). Replies are not read.`
      }
    }
  },
  "session-cancelled": {
    placeholders: { start: time },
    messages: {
      fi: {
        subject: "Vertaistukiryhmän tapaaminen {start, date, day} on peruttu",
        text: `Hei,\n\nvertaistukiryhmän tapaaminen ${fiWhen("start")} on peruttu. Ryhmän ohjaaja kertoo seuraavasta tapaamisesta.\n\n${fiFooter}`,
        sms: `Vertaistukiryhmän tapaaminen ${fiWhen("start")} on peruttu. Ohjaaja kertoo seuraavasta tapaamisesta. Tähän viestiin ei voi vastata.`
      },
      sv: {
        subject: "Kamratstödsgruppens träff {start, date, day} är inställd",
        text: `Hej!\n\nKamratstödsgruppens träff ${svWhen("start")} är inställd. Gruppens ledare meddelar när nästa träff blir.\n\n${svFooter}`,
        sms: `Kamratstödsgruppens träff ${svWhen("start")} är inställd. Ledaren meddelar när nästa träff blir. Det går inte att svara på detta sms.`
      },
      en: {
        subject: "Your peer support group meeting on {start, date, day} is cancelled",
        text: `Hello,\n\nThe peer support group meeting on ${enWhen("start")} has been cancelled. The group leader will let you know about the next meeting.\n\n${enFooter}`,
        sms: `The peer support group meeting on ${enWhen("start")} is cancelled. The group leader will tell you about the next one. Replies are not read.`
      }
    }
  },
  "group-starting": {
    placeholders: { start: time },
    messages: {
      fi: {
        subject: "Tervetuloa vertaistukiryhmään",
        text: `Hei,\n\ntervetuloa vertaistukiryhmään! Ryhmä aloitti toimintansa {start, date, day}, ja saat muistutuksen ennen jokaista tapaamista.\n\nJos et halua muistutuksia, voit perua ne milloin tahansa kertomalla siitä ryhmän ohjaajalle.\n\n${fiFooter}`,
        sms: "Tervetuloa vertaistukiryhmään! Ryhmä aloitti {start, date, day}, ja saat muistutuksen ennen tapaamisia. Voit perua muistutukset kertomalla ohjaajalle. Tähän viestiin ei voi vastata."
      },
      sv: {
        subject: "Välkommen till kamratstödsgruppen",
        text: `Hej!\n\nVälkommen till kamratstödsgruppen! Gruppen startade {start, date, day}. Du får en påminnelse före varje träff.\n\nOm du inte vill ha påminnelser kan du när som helst avbeställa dem genom att meddela gruppens ledare.\n\n${svFooter}`,
        sms: "Välkommen till kamratstödsgruppen! Gruppen startade {start, date, day}. Du får påminnelser före träffarna; meddela ledaren om du inte vill ha dem. Det går inte att svara på detta sms."
      },
      en: {
        subject: "Welcome to the peer support group",
        text: `Hello,\n\nWelcome to the peer support group! The group started on {start, date, day}. You will get a reminder before each meeting.\n\nIf you do not want reminders, you can stop them at any time by telling the group leader.\n\n${enFooter}`,
        sms: "Welcome to the peer support group! It started on {start, date, day}. You will get reminders before meetings; tell the group leader if you do not want them. Replies are not read."
      }
    }
  },
  "intake-scheduled": {
    placeholders: { at: time },
    messages: {
      fi: {
        subject: `Alkuhaastattelu ${fiWhen("at")}`,
        text: `Hei,\n\nsinulle on varattu alkuhaastattelu ${fiWhen("at")}. Haastattelussa keskustellaan ryhmästä ja siitä, mitä toivot siltä.\n\nJos aika ei sovi sinulle, ilmoitathan siitä ohjaajalle.\n\n${fiFooter}`,
        sms: `Sinulle on varattu alkuhaastattelu ${fiWhen("at")}. Jos aika ei sovi, ilmoita ohjaajalle. Tähän viestiin ei voi vastata.`
      },
      sv: {
        subject: `Inledande samtal ${svWhen("at")}`,
        text: `Hej!\n\nDu har fått en tid för ett inledande samtal ${svWhen("at")}. Under samtalet pratar vi om gruppen och om vad du önskar dig av den.\n\nOm tiden inte passar dig, meddela ledaren.\n\n${svFooter}`,
        sms: `Du har fått en tid för ett inledande samtal ${svWhen("at")}. Meddela ledaren om tiden inte passar. Det går inte att svara på detta sms.`
      },
      en: {
        subject: `Your intake interview on ${enWhen("at")}`,
        text: `Hello,\n\nAn intake interview has been booked for you on ${enWhen("at")}. In the interview we talk about the group and what you hope to get from it.\n\nIf the time does not suit you, please let the group leader know.\n\n${enFooter}`,
        sms: `An intake interview has been booked for you on ${enWhen("at")}. If the time does not suit you, please tell the group leader. Replies are not read.`
      }
    }
  },
  "consent-withdrawn": {
    placeholders: { purpose: purposeKind, at: time },
    messages: {
      fi: {
        subject: "Suostumuksesi on peruttu",
        text: `Hei,\n\nolemme kirjanneet, että peruit ${fiWhen("at")} suostumuksesi ${purposeFi}. Peruminen on voimassa kirjaamisesta alkaen.\n\nJos et itse perunut suostumusta, ota yhteyttä ryhmän ohjaajaan.\n\n${fiFooter}`,
        sms: `Olemme kirjanneet, että peruit {at, date, day} suostumuksesi ${purposeFi}. Jos et perunut sitä itse, ota yhteyttä ohjaajaan.`
      },
      sv: {
        subject: "Ditt samtycke har återkallats",
        text: `Hej!\n\nVi har registrerat att du ${svWhen("at")} återkallade ditt samtycke till ${purposeSv}. Återkallelsen gäller från och med att den registrerades.\n\nOm det inte var du som återkallade samtycket, kontakta gruppens ledare.\n\n${svFooter}`,
        sms: `Vi har registrerat att du {at, date, day} återkallade ditt samtycke till ${purposeSv}. Kontakta ledaren om det inte var du.`
      },
      en: {
        subject: "Your consent has been withdrawn",
        text: `Hello,\n\nWe have recorded that on ${enWhen("at")} you withdrew your consent to ${purposeEn}. The withdrawal applies from the moment it was recorded.\n\nIf you did not withdraw your consent yourself, please contact the group leader.\n\n${enFooter}`,
        sms: `We have recorded that on {at, date, day} you withdrew your consent to ${purposeEn}. If this was not you, please contact the group leader.`
      }
    }
  }
}

/** The locale each language formats in: Finnish and Swedish as written in Finland, English with a 24-hour clock. */
const locales: Readonly<Record<Language.Language, string>> = { fi: "fi-FI", sv: "sv-FI", en: "en-GB" }

const zone = "Europe/Helsinki"

const formats = (language: Language.Language) => ({
  date: {
    day: { weekday: "long", day: "numeric", month: language === "fi" ? "numeric" : "long", timeZone: zone }
  },
  time: {
    clock: { hour: "numeric", minute: "2-digit", hourCycle: "h23", timeZone: zone }
  }
}) as const

const compiled: Readonly<Record<Language.Language, Map<string, IntlMessageFormat>>> = { fi: new Map(), sv: new Map(), en: new Map() }

const compile = (message: string, language: Language.Language): IntlMessageFormat => {
  const cache = compiled[language]
  let f = cache.get(message)
  if (f === undefined) {
    if (cache.size >= 1000) cache.clear()
    f = new IntlMessageFormat(message, locales[language], formats(language), { ignoreTag: true })
    cache.set(message, f)
  }
  return f
}

const escapeHtml = (s: string): string =>
  s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;")

/**
 * The HTML part of a text: one paragraph per blank-line-separated block, escaped, in a document whose `lang`
 * is the language.
 *
 * @category formatting
 */
export const toHtml = (subject: string, text: string, language: Language.Language): string => {
  const paragraphs = text
    .split(/\n{2,}/)
    .map((p) => `<p>${escapeHtml(p).replace(/\n/g, "<br>")}</p>`)
    .join("\n")
  return `<!doctype html>\n<html lang="${language}">\n<head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head>\n<body>\n${paragraphs}\n</body>\n</html>\n`
}

const hasOwn = (o: object, k: string): boolean => Object.hasOwn(o, k)

/** Checks and converts the values of a template into what the formatter takes. */
const prepare = (template: Template, values: Values): Either.Either<Record<string, string | number | Date>, TemplateError> => {
  if (typeof values !== "object" || values === null) return Either.left(new TemplateError({ field: "values", expected: "an object of values" }))
  const out: Record<string, string | number | Date> = {}
  for (const [name, kind] of Object.entries(template.placeholders)) {
    const field = `values.${name}`
    const v = hasOwn(values, name) ? values[name] : undefined
    switch (kind._tag) {
      case "time": {
        const ms = typeof v === "string" && /^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d{1,9})?)?(Z|[+-]\d\d:?\d\d)$/.test(v) ? Date.parse(v) : Number.NaN
        if (!Number.isFinite(ms)) return Either.left(new TemplateError({ field, expected: "an ISO 8601 time with an offset" }))
        out[name] = new Date(ms)
        break
      }
      case "count":
        if (typeof v !== "number" || !Number.isSafeInteger(v) || v < 0) return Either.left(new TemplateError({ field, expected: "a whole number ≥ 0" }))
        out[name] = v
        break
      case "choice":
        if (typeof v !== "string" || !kind.options.includes(v)) return Either.left(new TemplateError({ field, expected: `one of ${kind.options.join(", ")}` }))
        out[name] = v.replace(/-/g, "_")
        break
    }
  }
  return Either.right(out)
}

/**
 * Renders a template in a language with its values, for `channel` (email: subject, text, HTML; SMS: the SMS
 * body made GSM-7-friendly, with its segment count; every part is rendered either way). An unknown template,
 * a language the template lacks, or a missing or malformed value is a `TemplateError` naming the field.
 *
 * @category combinators
 */
export const render = (
  template: string,
  language: string,
  values: Values,
  _channel: Channel = "email",
  templates: Catalogue = catalogue
): Either.Either<Rendered, TemplateError> => {
  if (typeof template !== "string" || !hasOwn(templates, template) || !(ids as ReadonlyArray<string>).includes(template)) {
    return Either.left(new TemplateError({ field: "template", expected: `one of ${ids.join(", ")}` }))
  }
  if (typeof language !== "string" || !(Language.all as ReadonlyArray<string>).includes(language)) {
    return Either.left(new TemplateError({ field: "language", expected: `one of ${Language.all.join(", ")}` }))
  }
  const t = templates[template]!
  const lang = language as Language.Language
  const messages = hasOwn(t.messages, lang) ? t.messages[lang] : undefined
  if (messages === undefined) {
    return Either.left(new TemplateError({ field: "language", expected: `a language of template ${template}: ${Object.keys(t.messages).join(", ")}` }))
  }
  let prepared: Either.Either<Record<string, string | number | Date>, TemplateError>
  try {
    prepared = prepare(t, values)
  } catch {
    return Either.left(new TemplateError({ field: "values", expected: "plain values that can be read" }))
  }
  if (Either.isLeft(prepared)) return Either.left(prepared.left)
  const part = (name: keyof Messages): Either.Either<string, TemplateError> => {
    try {
      const out = compile(messages[name], lang).format(prepared.right)
      return typeof out === "string" ? Either.right(out) : Either.left(new TemplateError({ field: `messages.${lang}.${name}`, expected: "a message that formats to text" }))
    } catch {
      return Either.left(new TemplateError({ field: `messages.${lang}.${name}`, expected: "an ICU message with the template's placeholders" }))
    }
  }
  return Either.gen(function* () {
    const subject = (yield* part("subject")).replace(/\s+/g, " ").trim()
    const text = yield* part("text")
    const sms = Segments.toGsmFriendly(yield* part("sms"))
    return {
      template: template as TemplateId,
      language: lang,
      subject,
      text,
      html: toHtml(subject, text, lang),
      sms,
      segments: Segments.count(sms)
    }
  })
}

/**
 * A problem of a catalogue: a template missing a language, a message that does not parse, or one whose
 * placeholders differ from the template's.
 *
 * @category models
 */
export interface Problem {
  readonly template: string
  readonly language: Language.Language
  readonly part: keyof Messages | "(all)"
  readonly expected: string
}

/**
 * Checks a catalogue: every template in all three languages, every part parsing, and every language's part
 * using the same placeholders (all of the template's in the text; the subject and SMS within them).
 *
 * @category combinators
 */
export const check = (templates: Catalogue = catalogue): ReadonlyArray<Problem> => {
  const problems: Array<Problem> = []
  for (const [id, t] of Object.entries(templates)) {
    const declared = Object.keys(t.placeholders).sort()
    const reference = new Map<keyof Messages, string>()
    for (const language of Language.all) {
      const messages = t.messages[language]
      if (messages === undefined) {
        problems.push({ template: id, language, part: "(all)", expected: "the template in this language" })
        continue
      }
      for (const part of ["subject", "text", "sms"] as const) {
        let used: ReadonlyArray<string>
        try {
          used = CoreMessages.placeholders(messages[part])
        } catch {
          problems.push({ template: id, language, part, expected: "an ICU message that parses" })
          continue
        }
        const key = used.join(",")
        if (part === "text" && key !== declared.join(",")) {
          problems.push({ template: id, language, part, expected: `the placeholders ${declared.join(", ")}` })
        }
        if (used.some((u) => !declared.includes(u))) problems.push({ template: id, language, part, expected: `only the placeholders ${declared.join(", ")}` })
        const ref = reference.get(part)
        if (ref === undefined) reference.set(part, key)
        else if (ref !== key) problems.push({ template: id, language, part, expected: `the same placeholders as the other languages (${ref})` })
      }
    }
  }
  return problems
}
