/**
 * The SMS transport on an HTTP gateway, through `@effect/platform`'s `HttpClient`: one JSON `POST` per
 * message, its body built from a template (`{to}`, `{text}`, `{reference}`, `{sender}`), the delivery id as
 * the gateway's client reference (so a retry after a crash is recognisable there), an optional bearer
 * token, and the provider's message id read from the answer with Schema.
 *
 * Errors: `429` → `RateLimited` with `Retry-After` (seconds or an HTTP date); `408` → `Timeout`; `5xx` →
 * `Unavailable` (all three retryable); `401`/`403`/`404`/`405` → `Misconfigured`; the statuses in
 * `invalidRecipientStatuses` (default `422`) → `InvalidRecipient`; other `4xx` → `Rejected`; no answer in
 * `timeoutMillis` → `Timeout`; the network failing → `Unavailable`; a `2xx` whose answer cannot be read →
 * `Malformed`, not retryable (the gateway took the message; resending it could send it twice); a redirect
 * is not followed (the number and the text would go to another address) and is `Misconfigured`. A number
 * that is not E.164 is refused before anything is sent.
 *
 * @since 0.1.0
 */
import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
import * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import { Transport } from "@vertaistuki/notify"
import { Config as C, type ConfigError, Effect, Either, Layer, Option, Redacted, Schema } from "effect"
import { fromStatus, retryAfterMillis } from "./internal/errors.js"
import { at, fill, isPath, placeholders } from "./internal/json.js"

/**
 * A JSON value: the body template's shape.
 *
 * @category models
 */
export type Json = string | number | boolean | null | ReadonlyArray<Json> | { readonly [key: string]: Json }

/**
 * The adapter's settings.
 *
 * @category models
 */
export interface Options {
  /** The gateway's endpoint, `https://sms.example.fi/v1/messages` (`http:` for a local gateway). */
  readonly url: Redacted.Redacted<string> | string
  /** Sent as `Authorization: Bearer <token>` when set. */
  readonly token?: Redacted.Redacted<string> | string | undefined
  /** The sender name or number the gateway shows, for `{sender}`. */
  readonly sender?: string | undefined
  /**
   * The request body with placeholders `{to}`, `{text}`, `{reference}` and `{sender}` in its strings (a JSON
   * string of it from configuration); default `{ "to": "{to}", "text": "{text}", "reference": "{reference}" }`
   * (with `"sender": "{sender}"` when a sender is set). `{to}` and `{text}` must appear.
   */
  readonly body?: Json | undefined
  /** Where the answer holds the provider's message id (`id`, `messages.0.id`); default `id`. */
  readonly messageIdPath?: string | undefined
  /** How long the gateway may take to answer; default 10000 ms. */
  readonly timeoutMillis?: number | undefined
  /** The 4xx statuses by which the gateway says the number cannot receive; default `[422]`. */
  readonly invalidRecipientStatuses?: ReadonlyArray<number> | undefined
}

/**
 * What `layerConfig` reads by default: `VERTAISTUKI_SMS_URL` (redacted), and optionally
 * `VERTAISTUKI_SMS_TOKEN` (redacted), `VERTAISTUKI_SMS_SENDER`, `VERTAISTUKI_SMS_BODY` (the template as
 * JSON), `VERTAISTUKI_SMS_MESSAGE_ID_PATH`, `VERTAISTUKI_SMS_TIMEOUT_MS`.
 *
 * @category constructors
 */
export const config: C.Config<Omit<Options, "body"> & { readonly body?: string | Json | undefined }> = C.all({
  url: C.redacted("VERTAISTUKI_SMS_URL"),
  token: C.option(C.redacted("VERTAISTUKI_SMS_TOKEN")),
  sender: C.option(C.string("VERTAISTUKI_SMS_SENDER")),
  body: C.option(C.string("VERTAISTUKI_SMS_BODY")),
  messageIdPath: C.option(C.string("VERTAISTUKI_SMS_MESSAGE_ID_PATH")),
  timeoutMillis: C.option(C.integer("VERTAISTUKI_SMS_TIMEOUT_MS"))
}).pipe(
  C.map((c) => ({
    url: c.url,
    token: Option.getOrUndefined(c.token),
    sender: Option.getOrUndefined(c.sender),
    body: Option.getOrUndefined(c.body),
    messageIdPath: Option.getOrUndefined(c.messageIdPath),
    timeoutMillis: Option.getOrUndefined(c.timeoutMillis)
  }))
)

/**
 * The settings once checked.
 *
 * @category models
 */
export interface Settings {
  readonly url: Redacted.Redacted<string>
  readonly token: Redacted.Redacted<string> | undefined
  readonly sender: string
  readonly body: Json
  readonly messageIdPath: string
  readonly timeoutMillis: number
  readonly invalidRecipientStatuses: ReadonlySet<number>
}

const invalid = (field: string, expected: string) => new Transport.InvalidTransportConfig({ field, expected })

const isJson = (v: unknown, depth = 0): v is Json =>
  depth < 32 &&
  (v === null ||
    typeof v === "string" ||
    typeof v === "boolean" ||
    (typeof v === "number" && Number.isFinite(v)) ||
    (Array.isArray(v) && v.every((x) => isJson(x, depth + 1))) ||
    (typeof v === "object" && Object.getPrototypeOf(v) === Object.prototype && Object.values(v).every((x) => isJson(x, depth + 1))))

const templateOf = (body: string | Json | undefined, sender: boolean): Effect.Effect<Json, Transport.InvalidTransportConfig> => {
  const expected = "a JSON object with {to} and {text} (and optionally {reference}, {sender}) in its strings"
  if (body === undefined) return Effect.succeed(sender ? { to: "{to}", text: "{text}", reference: "{reference}", sender: "{sender}" } : { to: "{to}", text: "{text}", reference: "{reference}" })
  let parsed: unknown = body
  if (typeof body === "string") {
    try {
      parsed = JSON.parse(body)
    } catch {
      return Effect.fail(invalid("body", expected))
    }
  }
  if (!isJson(parsed) || typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) return Effect.fail(invalid("body", expected))
  const used = placeholders(parsed)
  const known = new Set(["to", "text", "reference", "sender"])
  if (!used.has("to") || !used.has("text") || [...used].some((p) => !known.has(p))) return Effect.fail(invalid("body", expected))
  return Effect.succeed(parsed)
}

/**
 * Checks the settings; a wrong one is an `InvalidTransportConfig` naming it (the URL and the token are
 * never repeated).
 *
 * @category constructors
 */
export const settings = (options: Omit<Options, "body"> & { readonly body?: string | Json | undefined }): Effect.Effect<Settings, Transport.InvalidTransportConfig> =>
  Effect.gen(function* () {
    const raw = typeof options.url === "string" ? options.url : Redacted.value(options.url)
    const url = URL.canParse(raw) ? new URL(raw) : undefined
    if (url === undefined || (url.protocol !== "https:" && url.protocol !== "http:") || url.hostname === "" || url.username !== "" || url.password !== "") {
      return yield* Effect.fail(invalid("url", "an https:// (or http://) URL with a host and no credentials (give a token instead)"))
    }
    const token = options.token === undefined ? undefined : typeof options.token === "string" ? Redacted.make(options.token) : options.token
    if (token !== undefined && !/^[\x21-\x7e]{1,4096}$/.test(Redacted.value(token))) return yield* Effect.fail(invalid("token", "printable ASCII without spaces"))
    const sender = options.sender ?? ""
    if (sender.length > 64 || /[\p{Cc}]/u.test(sender)) return yield* Effect.fail(invalid("sender", "at most 64 characters without control characters"))
    const messageIdPath = options.messageIdPath ?? "id"
    if (!isPath(messageIdPath)) return yield* Effect.fail(invalid("messageIdPath", "a dotted path such as id or messages.0.id"))
    const timeoutMillis = options.timeoutMillis ?? 10_000
    if (!Number.isSafeInteger(timeoutMillis) || timeoutMillis < 1 || timeoutMillis > 600_000) return yield* Effect.fail(invalid("timeoutMillis", "a whole number from 1 to 600000"))
    const statuses = options.invalidRecipientStatuses ?? [422]
    if (!statuses.every((s) => Number.isInteger(s) && s >= 400 && s < 500 && s !== 408 && s !== 429)) {
      return yield* Effect.fail(invalid("invalidRecipientStatuses", "4xx statuses other than 408 and 429"))
    }
    return {
      url: Redacted.make(url.href),
      token,
      sender,
      body: yield* templateOf(options.body, options.sender !== undefined),
      messageIdPath,
      timeoutMillis,
      invalidRecipientStatuses: new Set(statuses)
    }
  })

/**
 * E.164: `+`, a country code not starting with 0, at most 15 digits in all.
 *
 * @category guards
 */
export const isE164 = (to: unknown): to is string => typeof to === "string" && /^\+[1-9]\d{1,14}$/.test(to)

const DELIVERY_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/

/** The gateway's answer: the provider's id at the configured path, a non-empty string or a whole number. */
const ProviderId = Schema.Union(Schema.NonEmptyTrimmedString.pipe(Schema.maxLength(256)), Schema.Int.pipe(Schema.nonNegative()))
const Answer = Schema.parseJson()

/**
 * The request body for an SMS (the template filled in), or the field that cannot be sent: `to` not E.164 →
 * `InvalidRecipient`; `deliveryId` or `text` unusable → `Rejected`. Neither is retryable.
 *
 * @category constructors
 */
export const request = (s: Settings, sms: Transport.Sms): Either.Either<unknown, Transport.TransportError> => {
  if (!isE164(sms.to)) return Either.left(new Transport.TransportError({ reason: "InvalidRecipient", retryable: false, message: "to: expected an E.164 number (+ and up to 15 digits, e.g. +358401234567)" }))
  if (typeof sms.deliveryId !== "string" || !DELIVERY_ID.test(sms.deliveryId)) {
    return Either.left(new Transport.TransportError({ reason: "Rejected", retryable: false, message: "deliveryId: expected letters, digits, '.', '_' or '-' (at most 128)" }))
  }
  if (typeof sms.text !== "string" || sms.text.length === 0 || sms.text.length > 1600) {
    return Either.left(new Transport.TransportError({ reason: "Rejected", retryable: false, message: "text: expected 1 to 1600 characters" }))
  }
  return Either.right(fill(s.body, { to: sms.to, text: sms.text, reference: sms.deliveryId, sender: s.sender }))
}

const timeout = (s: Settings) =>
  new Transport.TransportError({ reason: "Timeout", retryable: true, message: `SMS gateway: no answer within ${s.timeoutMillis} ms` })

/**
 * The SMS transport on a given `HttpClient` (the platform's fetch, Node's `http`, or a test's).
 *
 * @category constructors
 */
export const make = (
  options: Omit<Options, "body"> & { readonly body?: string | Json | undefined }
): Effect.Effect<Transport.SmsTransport, Transport.InvalidTransportConfig, HttpClient.HttpClient> =>
  Effect.gen(function* () {
    const s = yield* settings(options)
    const client = (yield* HttpClient.HttpClient).pipe(HttpClient.withTracerPropagation(false))
    const send = (sms: Transport.Sms): Effect.Effect<Transport.Receipt, Transport.TransportError> =>
      Effect.gen(function* () {
        const body = yield* request(s, sms)
        let req = HttpClientRequest.post(Redacted.value(s.url)).pipe(
          HttpClientRequest.acceptJson,
          HttpClientRequest.bodyUnsafeJson(body)
        )
        if (s.token !== undefined) req = HttpClientRequest.bearerToken(req, Redacted.value(s.token))
        const exchange = Effect.gen(function* () {
          const response = yield* client.execute(req)
          const text = yield* response.text
          return { status: response.status, retryAfter: response.headers["retry-after"], text }
        }).pipe(
          Effect.catchAll(() => Effect.fail(new Transport.TransportError({ reason: "Unavailable", retryable: true, message: "SMS gateway: the gateway could not be reached or dropped the connection" }))),
          Effect.timeoutFail({ duration: s.timeoutMillis, onTimeout: () => timeout(s) })
        )
        const answer = yield* exchange
        if (answer.status < 200 || answer.status >= 300) {
          const now = yield* Effect.clockWith((c) => c.currentTimeMillis)
          return yield* Effect.fail(fromStatus(answer.status, retryAfterMillis(answer.retryAfter, Number(now)), s.invalidRecipientStatuses))
        }
        const malformed = (what: string) =>
          new Transport.TransportError({ reason: "Malformed", retryable: false, code: answer.status, message: `SMS gateway: HTTP ${answer.status} but ${what}; the message may have been sent` })
        const json = yield* Schema.decodeUnknown(Answer)(answer.text).pipe(Effect.mapError(() => malformed("the answer is not JSON")))
        const id = yield* Schema.decodeUnknown(ProviderId)(at(json, s.messageIdPath)).pipe(Effect.mapError(() => malformed(`the answer has no message id at ${s.messageIdPath}`)))
        return { providerMessageId: String(id) }
      })
    return Transport.SmsTransport.of({ send })
  })

/** The platform's `fetch`, not following redirects. */
const fetchClient = FetchHttpClient.layer.pipe(Layer.provide(Layer.succeed(FetchHttpClient.RequestInit, { redirect: "manual" })))

/**
 * The SMS port on an HTTP gateway, with the platform's `fetch` as the client (redirects not followed).
 *
 * @example
 * ```ts
 * import { SmsGateway } from "@vertaistuki/notify-sms"
 * const layer = SmsGateway.layer({ url: "https://sms.example.fi/v1/messages", token: "…", body: { recipient: "{to}", message: "{text}", clientRef: "{reference}" } })
 * ```
 *
 * @category layers
 */
export const layer = (options: Options): Layer.Layer<Transport.SmsTransport, Transport.InvalidTransportConfig> =>
  Layer.effect(Transport.SmsTransport, make(options)).pipe(Layer.provide(fetchClient))

/**
 * `layer` from configuration, by default `config` (`VERTAISTUKI_SMS_URL`, …).
 *
 * @category layers
 */
export const layerConfig = (
  options: C.Config<Omit<Options, "body"> & { readonly body?: string | Json | undefined }> = config
): Layer.Layer<Transport.SmsTransport, Transport.InvalidTransportConfig | ConfigError.ConfigError> =>
  Layer.effect(Transport.SmsTransport, Effect.flatMap(options, make)).pipe(Layer.provide(fetchClient))
