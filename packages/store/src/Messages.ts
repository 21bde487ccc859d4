/**
 * The store's errors for people in Finnish, Swedish or English. The errors' own `message` stays the English
 * text for developers and logs; {@link describe} renders one in a language, naming the field and what was
 * expected (never a stored value).
 *
 * @since 0.1.0
 */
import { type Language, Messages as Core } from "@vertaistuki/core"

const en = {
  "invalid-input": "{field}: expected {expected}",
  "reason.Unavailable": "the store is unavailable",
  "reason.Conflict": "a write collided with another writer",
  "reason.Corrupt": "stored data cannot be read back as it was written",
  "reason.Erased": "the person's data has been erased",
  "reason.Unknown": "the store failed",
  "store-error": "{reason}{retryable, select, yes { (try again)} other {}}: {detail}",
  conflict: "the stream {streamId} has changed meanwhile (version {actual}); read it again and retry",
  "disclosure-refused": "disclosure to {recipient} refused: expected {expected}",
  "keys-changed": "the master keys changed while the store was open; open it again"
} as const

/** The keys of the store's catalogue. @category models */
export type Key = keyof typeof en

const fi: Record<Key, string> = {
  "invalid-input": "{field}: arvon pitää olla {expected}",
  "reason.Unavailable": "tietovarasto ei ole käytettävissä",
  "reason.Conflict": "tallennus osui samaan aikaan toisen tallennuksen kanssa",
  "reason.Corrupt": "tallennettuja tietoja ei voi lukea sellaisina kuin ne tallennettiin",
  "reason.Erased": "henkilön tiedot on poistettu",
  "reason.Unknown": "tietovarasto ei toiminut",
  "store-error": "{reason}{retryable, select, yes { (yritä uudelleen)} other {}}: {detail}",
  conflict: "tietovirta {streamId} on muuttunut välillä (versio {actual}). Lue se uudelleen ja yritä uudelleen",
  "disclosure-refused": "tietojen luovuttaminen vastaanottajalle {recipient} estettiin: edellytetään {expected}",
  "keys-changed": "pääavaimet vaihtuivat tietovaraston ollessa auki. Avaa se uudelleen"
}

const sv: Record<Key, string> = {
  "invalid-input": "{field}: värdet ska vara {expected}",
  "reason.Unavailable": "datalagret är inte tillgängligt",
  "reason.Conflict": "sparandet krockade med ett annat sparande",
  "reason.Corrupt": "sparade uppgifter kan inte läsas så som de sparades",
  "reason.Erased": "personens uppgifter har raderats",
  "reason.Unknown": "datalagret fungerade inte",
  "store-error": "{reason}{retryable, select, yes { (försök igen)} other {}}: {detail}",
  conflict: "dataströmmen {streamId} har ändrats under tiden (version {actual}). Läs den på nytt och försök igen",
  "disclosure-refused": "utlämnandet till {recipient} förhindrades: det förutsätter {expected}",
  "keys-changed": "huvudnycklarna byttes medan datalagret var öppet. Öppna det på nytt"
}

/** The store's catalogue and its lookup. @category constants */
export const messages: Core.Messages<Key> = Core.make({ fi, sv, en: en as Record<Key, string> })

/** An error of the store that {@link describe} renders. @category models */
export type Describable = { readonly _tag: string }

const str = (v: unknown): string => (typeof v === "string" ? v : typeof v === "number" ? String(v) : "")

/**
 * A store error in words for people in `lang`: `InvalidInput` names the field and what was expected (the
 * phrases of the core's decoders in `lang`, see `Messages.expected` of the core); `StoreError` says why in
 * `lang`, its English detail after it; `ConcurrencyConflict`, `DisclosureRefused` and `KeysChanged` have
 * texts of their own. An error this does not know gives its `message`.
 *
 * @example
 * import { Messages, StoreError } from "@vertaistuki/store"
 * Messages.describe(new StoreError.InvalidInput({ field: "streamId", expected: "a non-empty text" }), "fi")
 * // "streamId: arvon pitää olla tekstiä, ei tyhjä"
 *
 * @category formatting
 */
export const describe = (error: Describable, lang: Language.Language): string => {
  const e = error as Describable & Readonly<Record<string, unknown>>
  const message = typeof e.message === "string" ? e.message : e._tag
  switch (e._tag) {
    case "InvalidInput":
      return messages.format(lang, "invalid-input", { field: str(e.field), expected: Core.expected(str(e.expected), lang) })
    case "StoreError": {
      const reason = (["Unavailable", "Conflict", "Corrupt", "Erased", "Unknown"] as const).find((r) => r === e.reason) ?? "Unknown"
      return messages.format(lang, "store-error", { reason: messages.format(lang, `reason.${reason}`), retryable: e.retryable === true ? "yes" : "no", detail: message })
    }
    case "ConcurrencyConflict":
      return messages.format(lang, "conflict", { streamId: str(e.streamId), actual: str(e.actualVersion) })
    case "DisclosureRefused":
      return messages.format(lang, "disclosure-refused", { recipient: str(e.recipient), expected: str(e.expected) })
    case "KeysChanged":
      return messages.format(lang, "keys-changed")
    default:
      return message
  }
}
