/**
 * What the API's refusals expect, in Finnish and Swedish beside the English the errors carry: a page or a
 * client shows `expected(error.expected, lang)`. Texts of the core's (`one of …`, a date, a number) are
 * put in words by the core's `Messages.expected`; a text neither knows stays as it is.
 *
 * @since 0.1.0
 */
import { type Language, Messages as Core } from "@vertaistuki/core"

/** The API's own texts, by their English wording: Finnish and Swedish. @category constants */
export const texts: Readonly<Record<string, { readonly fi: string; readonly sv: string }>> = {
  "1 to 100 of a-z, 0-9, . _ @ -, starting with a letter or digit": {
    fi: "1–100 merkkiä a–z, 0–9, . _ @ -, alkaen kirjaimella tai numerolla",
    sv: "1–100 tecken a–z, 0–9, . _ @ -, som börjar med en bokstav eller siffra"
  },
  "a non-empty text": { fi: "tekstiä (ei tyhjä)", sv: "en text (inte tom)" },
  "a password": { fi: "salasana", sv: "ett lösenord" },
  "a phone number, e.g. +358401234567": { fi: "puhelinnumero, esimerkiksi +358401234567", sv: "ett telefonnummer, till exempel +358401234567" },
  "a request from this site": { fi: "pyyntö tältä sivustolta", sv: "en begäran från denna webbplats" },
  "a scenario with at least one cost": { fi: "laskelma, jossa on vähintään yksi kustannus", sv: "en kalkyl med minst en kostnad" },
  "a text without control characters": { fi: "tekstiä ilman ohjausmerkkejä", sv: "en text utan styrtecken" },
  "a time HH:MM": { fi: "kellonaika muodossa TT:MM", sv: "en tid i formen TT:MM" },
  "a user name and password that match an account": {
    fi: "käyttäjätunnus ja salasana, jotka vastaavat käyttäjätiliä",
    sv: "ett användarnamn och lösenord som hör till ett konto"
  },
  "a user name not taken": { fi: "käyttäjätunnus, joka ei ole jo käytössä", sv: "ett användarnamn som inte redan används" },
  "a user name": { fi: "käyttäjätunnus", sv: "ett användarnamn" },
  "an e-mail address": { fi: "sähköpostiosoite", sv: "en e-postadress" },
  "an id of 1–120 letters, digits or . _ : @ -, starting with a letter or a digit": {
    fi: "tunniste, jossa on 1–120 kirjainta, numeroa tai merkkiä . _ : @ - ja joka alkaa kirjaimella tai numerolla",
    sv: "en identifierare med 1–120 bokstäver, siffror eller tecknen . _ : @ - som börjar med en bokstav eller siffra"
  },
  "at least 12 characters": { fi: "vähintään 12 merkkiä", sv: "minst 12 tecken" },
  "the purpose contact-disclosure": { fi: "käyttötarkoitus contact-disclosure", sv: "ändamålet contact-disclosure" },
  "fewer sign-in attempts": { fi: "vähemmän kirjautumisyrityksiä", sv: "färre inloggningsförsök" },
  "the CSRF token of the session": { fi: "istunnon lomaketunniste (CSRF)", sv: "sessionens formulärnyckel (CSRF)" },
  "the hourly cost of a leader in cents, or a whole scenario": {
    fi: "ohjaajan tuntikustannus sentteinä tai kokonainen laskelma",
    sv: "ledarens timkostnad i cent eller en hel kalkyl"
  },
  "the person's consent to the institution handing over their contact details (seed 000)": {
    fi: "henkilön suostumus siihen, että laitos luovuttaa hänen yhteystietonsa",
    sv: "personens samtycke till att institutionen lämnar ut hens kontaktuppgifter"
  },
  "the reason the follow-up meeting is skipped": { fi: "syy, miksi jälkitapaaminen jätetään pitämättä", sv: "orsaken till att uppföljningsträffen inte hålls" },
  "this site's origin": { fi: "tämän sivuston alkuperä", sv: "denna webbplats ursprung" }
}

const atMost = /^at most (\d+) characters$/

/**
 * What a refusal expected, in `lang`: the API's texts, `at most N characters`, else the core's wording.
 *
 * @category formatting
 */
export const expected = (text: string, lang: Language.Language): string => {
  if (lang === "en") return text
  if (Object.hasOwn(texts, text)) return texts[text]![lang]
  const n = atMost.exec(text)?.[1]
  if (n !== undefined) return lang === "fi" ? `enintään ${n} merkkiä` : `högst ${n} tecken`
  return Core.expected(text, lang)
}
