/**
 * Realistic emails for tests and benchmarks: reminders in Finnish, Swedish and English of about the size
 * the templates render, each with its own delivery id and a made-up address under `example.test` (a
 * reserved domain). Deterministic: the same index gives the same email.
 *
 * @since 0.1.0
 */
import type { Transport } from "@vertaistuki/notify"

const WORDS = {
  fi: {
    subject: "Muistutus: vertaistukiryhmän tapaaminen huomenna",
    text: "Hei! Vertaistukiryhmänne seuraava tapaaminen on huomenna klo 17.30. Tervetuloa! Jos et pääse paikalle, ilmoitathan ohjaajalle."
  },
  sv: {
    subject: "Påminnelse: kamratstödsgruppens träff i morgon",
    text: "Hej! Er kamratstödsgrupps nästa träff är i morgon kl. 17.30. Välkommen! Om du inte kan komma, meddela gärna gruppledaren."
  },
  en: {
    subject: "Reminder: your peer-support group meets tomorrow",
    text: "Hello! Your peer-support group's next session is tomorrow at 5:30 pm. Welcome! If you cannot come, please let the group leader know."
  }
} as const

/** The languages in the order `email` cycles through them. */
export const languages = ["fi", "sv", "en"] as const

/**
 * The `i`-th sample email (0-based): delivery id `d-<i in hex, 12 digits>`, language cycling fi, sv, en,
 * an unsubscribe URL on every message (reminders are not transactional).
 *
 * @category constructors
 */
export const email = (i: number): Transport.Email => {
  const language = languages[i % languages.length] as (typeof languages)[number]
  const w = WORDS[language]
  const deliveryId = `d-${i.toString(16).padStart(12, "0")}`
  const text = `${w.text}\n\n(${deliveryId})`
  return {
    deliveryId,
    to: `person${i}@example.test`,
    subject: w.subject,
    text,
    html: `<!doctype html><html lang="${language}"><head><meta charset="utf-8"><title>${w.subject}</title></head><body><p>${w.text}</p><p><small>${deliveryId}</small></p></body></html>`,
    language,
    unsubscribeUrl: `https://vertaistuki.example.test/unsubscribe/${deliveryId}`
  }
}

/**
 * `n` sample emails from index `start` (default 0): a benchmark gives each run its own range, so that a
 * `Message-ID` arriving twice is a duplicate, not the next run.
 *
 * @category constructors
 */
export const emails = (n: number, start = 0): ReadonlyArray<Transport.Email> => Array.from({ length: n }, (_, i) => email(start + i))
