/**
 * The transport ports: how a rendered message leaves the system. Adapters (`@vertaistuki/notify-smtp`,
 * `@vertaistuki/notify-sms`) implement them and wrap every driver error into `TransportError`, saying
 * whether a retry may succeed; callers never see a driver's exception.
 *
 * @since 0.1.0
 */
import { Context, Data, type Effect } from "effect"

/**
 * Why a send failed:
 * - `Rejected`: the server or gateway refused this message for good (SMTP 5xx, HTTP 4xx other than 408/429);
 * - `InvalidRecipient`: the address or number cannot receive (permanent);
 * - `RateLimited`: told to slow down (HTTP 429, SMTP 421/450/451/452); see `retryAfterMillis`;
 * - `Unavailable`: the server could not be reached, dropped the connection or answered 5xx over HTTP (transient);
 * - `Timeout`: no answer in time (transient);
 * - `Malformed`: the answer could not be understood (a receipt without the expected fields);
 * - `Misconfigured`: the adapter's own settings are wrong (permanent until fixed).
 *
 * @category models
 */
export type Reason = "Rejected" | "InvalidRecipient" | "RateLimited" | "Unavailable" | "Timeout" | "Malformed" | "Misconfigured"

/**
 * A send that failed. `retryable` says whether the same message may succeed later; `retryAfterMillis` is
 * the server's own hint (`Retry-After`), when it gave one. `message` never holds the recipient's address
 * or the message's text.
 *
 * @category errors
 */
export class TransportError extends Data.TaggedError("TransportError")<{
  readonly reason: Reason
  readonly retryable: boolean
  readonly message: string
  readonly retryAfterMillis?: number | undefined
  /** The server's own code (an SMTP reply code, an HTTP status), when there was one. */
  readonly code?: number | undefined
  readonly cause?: unknown
}> {}

/**
 * A setting of an adapter that is not what it must be (a malformed URL, a missing field), naming the
 * setting and what was expected. Raised when the adapter is built, before anything is sent.
 *
 * @category errors
 */
export class InvalidTransportConfig extends Data.TaggedError("InvalidTransportConfig")<{
  readonly field: string
  readonly expected: string
}> {
  override get message(): string {
    return `${this.field}: expected ${this.expected}`
  }
}

/**
 * What the transport reports of an accepted message: the id the provider gave it, if any.
 *
 * @category models
 */
export interface Receipt {
  readonly providerMessageId: string | null
}

/**
 * An email ready to send. `deliveryId` is deterministic per (outbox entry, person, channel, template) and is
 * used as the `Message-ID` (`<deliveryId@domain>`), so a retry after a crash is recognisable downstream.
 * `unsubscribeUrl`, when set, becomes a `List-Unsubscribe` header (non-transactional messages only).
 *
 * @category models
 */
export interface Email {
  readonly deliveryId: string
  readonly to: string
  readonly subject: string
  readonly text: string
  readonly html: string
  /** The BCP 47 tag of the message's language (`fi`, `sv`, `en`), for `Content-Language` and the HTML `lang`. */
  readonly language: string
  readonly unsubscribeUrl?: string | undefined
}

/**
 * An SMS ready to send. `to` is E.164 (`+358401234567`); `deliveryId` is the gateway's client reference.
 *
 * @category models
 */
export interface Sms {
  readonly deliveryId: string
  readonly to: string
  readonly text: string
}

/**
 * The email port.
 *
 * @category models
 */
export interface EmailTransport {
  readonly send: (email: Email) => Effect.Effect<Receipt, TransportError>
}

/** @category tags */
export const EmailTransport = Context.GenericTag<EmailTransport>("@vertaistuki/notify/EmailTransport")

/**
 * The SMS port.
 *
 * @category models
 */
export interface SmsTransport {
  readonly send: (sms: Sms) => Effect.Effect<Receipt, TransportError>
}

/** @category tags */
export const SmsTransport = Context.GenericTag<SmsTransport>("@vertaistuki/notify/SmsTransport")
