/**
 * The email transport on SMTP, through nodemailer's pooled SMTP transport: a few long-lived connections
 * that every send shares, closed when the layer's scope closes.
 *
 * Each message carries `Message-ID: <deliveryId@domain>` (so a retry after a crash is recognisable
 * downstream), a text and an HTML part, `Content-Language`, and, when the email has an `unsubscribeUrl`,
 * `List-Unsubscribe` with `List-Unsubscribe-Post: List-Unsubscribe=One-Click` (RFC 8058). Every driver error
 * becomes a `TransportError` whose message holds reply codes only, never the address or the text.
 *
 * Retries belong to the caller (the dispatcher counts attempts and backs off): by default the pool does not
 * requeue a message whose connection dropped, it reports `Unavailable`.
 *
 * @since 0.1.0
 */
import { domainToASCII } from "node:url"
import { Transport } from "@vertaistuki/notify"
import { Config as C, type ConfigError, Effect, Layer, Option, Redacted, type Scope } from "effect"
import nodemailer, { type SendMailOptions, type SMTPPoolOptions, type Transporter } from "nodemailer"
import { parseConnectionUrl } from "nodemailer/lib/shared"
import { toTransportError } from "./internal/errors.js"

/**
 * The adapter's settings.
 *
 * @category models
 */
export interface Options {
  /**
   * `smtp://user:password@host:587` (STARTTLS when offered) or `smtps://…:465` (TLS from the start);
   * nodemailer's query parameters (`?requireTLS=true`, `?tls.rejectUnauthorized=false`) are honoured.
   */
  readonly url: Redacted.Redacted<string> | string
  /** The sender, `noreply@example.fi` or `Vertaistuki <noreply@example.fi>`. */
  readonly from: string
  /** The domain of `Message-ID: <deliveryId@domain>`; default the domain of `from`. */
  readonly messageIdDomain?: string | undefined
  /** Connections the pool keeps open at most; default 5. */
  readonly poolSize?: number | undefined
  /** Messages one connection sends before it is replaced; default 100. */
  readonly maxMessagesPerConnection?: number | undefined
  /** How long to wait for the TCP (and TLS) connection; default 10000 ms. */
  readonly connectionTimeoutMillis?: number | undefined
  /** How long to wait for the server's greeting; default 10000 ms. */
  readonly greetingTimeoutMillis?: number | undefined
  /** How long the server may stay silent during a command (including after the message's data); default 30000 ms. */
  readonly socketTimeoutMillis?: number | undefined
  /** How long one send may take in all, queueing in the pool included; default 60000 ms. */
  readonly sendTimeoutMillis?: number | undefined
  /** How often the pool resends a message whose connection dropped before reporting the failure; default 0. */
  readonly requeues?: number | undefined
}

/**
 * What the adapter reads from the environment in `layerConfig`: `VERTAISTUKI_SMTP_URL` (redacted),
 * `VERTAISTUKI_SMTP_FROM`, and optionally `VERTAISTUKI_SMTP_MESSAGE_ID_DOMAIN`, `VERTAISTUKI_SMTP_POOL_SIZE`,
 * `VERTAISTUKI_SMTP_CONNECTION_TIMEOUT_MS`, `VERTAISTUKI_SMTP_GREETING_TIMEOUT_MS`,
 * `VERTAISTUKI_SMTP_SOCKET_TIMEOUT_MS`, `VERTAISTUKI_SMTP_SEND_TIMEOUT_MS`.
 *
 * @category constructors
 */
export const config: C.Config<Options> = C.all({
  url: C.redacted("VERTAISTUKI_SMTP_URL"),
  from: C.string("VERTAISTUKI_SMTP_FROM"),
  messageIdDomain: C.option(C.string("VERTAISTUKI_SMTP_MESSAGE_ID_DOMAIN")),
  poolSize: C.option(C.integer("VERTAISTUKI_SMTP_POOL_SIZE")),
  connectionTimeoutMillis: C.option(C.integer("VERTAISTUKI_SMTP_CONNECTION_TIMEOUT_MS")),
  greetingTimeoutMillis: C.option(C.integer("VERTAISTUKI_SMTP_GREETING_TIMEOUT_MS")),
  socketTimeoutMillis: C.option(C.integer("VERTAISTUKI_SMTP_SOCKET_TIMEOUT_MS")),
  sendTimeoutMillis: C.option(C.integer("VERTAISTUKI_SMTP_SEND_TIMEOUT_MS"))
}).pipe(
  C.map((c) => ({
    url: c.url,
    from: c.from,
    messageIdDomain: Option.getOrUndefined(c.messageIdDomain),
    poolSize: Option.getOrUndefined(c.poolSize),
    connectionTimeoutMillis: Option.getOrUndefined(c.connectionTimeoutMillis),
    greetingTimeoutMillis: Option.getOrUndefined(c.greetingTimeoutMillis),
    socketTimeoutMillis: Option.getOrUndefined(c.socketTimeoutMillis),
    sendTimeoutMillis: Option.getOrUndefined(c.sendTimeoutMillis)
  }))
)

/**
 * The settings once checked, with the defaults applied (the URL stays redacted).
 *
 * @category models
 */
export interface Settings {
  readonly url: Redacted.Redacted<string>
  readonly from: string
  readonly messageIdDomain: string
  readonly poolSize: number
  readonly maxMessagesPerConnection: number
  readonly connectionTimeoutMillis: number
  readonly greetingTimeoutMillis: number
  readonly socketTimeoutMillis: number
  readonly sendTimeoutMillis: number
  readonly requeues: number
}

const invalid = (field: string, expected: string) => new Transport.InvalidTransportConfig({ field, expected })

const count = (field: string, value: number | undefined, fallback: number, min: number, max: number): Effect.Effect<number, Transport.InvalidTransportConfig> =>
  value === undefined
    ? Effect.succeed(fallback)
    : Number.isSafeInteger(value) && value >= min && value <= max
      ? Effect.succeed(value)
      : Effect.fail(invalid(field, `a whole number from ${min} to ${max}`))

const DOMAIN = /^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/
const LOCAL = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/

/**
 * `local@domain` with a dot-atom local part and a host name as domain (no quoting, no comments, no lists);
 * an internationalised domain (`äänekoski.fi`) is checked and returned in its ASCII form (`xn--…`), which is
 * what is sent, so no server needs SMTPUTF8 for it.
 */
const plainAddress = (s: string): { readonly local: string; readonly domain: string } | undefined => {
  if (s.length > 254) return undefined
  const at = s.lastIndexOf("@")
  if (at <= 0) return undefined
  const local = s.slice(0, at)
  const domain = s.slice(at + 1)
  const ascii = /^[ -~]*$/.test(domain) ? domain : /[\s@<>,;]/.test(domain) ? "" : domainToASCII(domain)
  return local.length <= 64 && LOCAL.test(local) && DOMAIN.test(ascii) ? { local, domain: ascii } : undefined
}

/** `addr` or `Display Name <addr>` (the name without quotes, angle brackets, commas or line breaks). */
const parseFrom = (from: string): { readonly address: string; readonly domain: string } | undefined => {
  const m = /^([^"<>,;\r\n\0]*)<([^<>\s]+)>$/.exec(from.trim())
  const address = m === null ? from.trim() : (m[2] as string)
  const parsed = plainAddress(address)
  return parsed === undefined ? undefined : { address, domain: parsed.domain }
}

/**
 * Checks the settings: the URL, the sender and the numbers; a wrong one is an `InvalidTransportConfig`
 * naming it (the URL itself is never repeated, it may hold a password).
 *
 * @category constructors
 */
export const settings = (options: Options): Effect.Effect<Settings, Transport.InvalidTransportConfig> =>
  Effect.gen(function* () {
    const raw = typeof options.url === "string" ? options.url : Redacted.value(options.url)
    const url = URL.canParse(raw) ? new URL(raw) : undefined
    if (url === undefined || (url.protocol !== "smtp:" && url.protocol !== "smtps:") || url.hostname === "" || url.hash !== "") {
      return yield* Effect.fail(invalid("url", "an smtp:// or smtps:// URL with a host, e.g. smtp://user:password@mail.example.fi:587"))
    }
    const from = parseFrom(options.from)
    if (from === undefined) return yield* Effect.fail(invalid("from", "one email address, optionally with a display name: Name <noreply@example.fi>"))
    const messageIdDomain = options.messageIdDomain ?? from.domain
    if (!DOMAIN.test(messageIdDomain)) return yield* Effect.fail(invalid("messageIdDomain", "a host name such as example.fi"))
    return {
      url: Redacted.make(raw),
      from: options.from.trim(),
      messageIdDomain,
      poolSize: yield* count("poolSize", options.poolSize, 5, 1, 100),
      maxMessagesPerConnection: yield* count("maxMessagesPerConnection", options.maxMessagesPerConnection, 100, 1, 1_000_000),
      connectionTimeoutMillis: yield* count("connectionTimeoutMillis", options.connectionTimeoutMillis, 10_000, 1, 600_000),
      greetingTimeoutMillis: yield* count("greetingTimeoutMillis", options.greetingTimeoutMillis, 10_000, 1, 600_000),
      socketTimeoutMillis: yield* count("socketTimeoutMillis", options.socketTimeoutMillis, 30_000, 1, 3_600_000),
      sendTimeoutMillis: yield* count("sendTimeoutMillis", options.sendTimeoutMillis, 60_000, 1, 3_600_000),
      requeues: yield* count("requeues", options.requeues, 0, 0, 10)
    }
  })

/**
 * The nodemailer pool options for these settings: the URL's own parameters first, the pool's after them.
 *
 * @category constructors
 */
export const poolOptions = (s: Settings): SMTPPoolOptions & { pool: true } => ({
  ...parseConnectionUrl(Redacted.value(s.url)),
  pool: true,
  maxConnections: s.poolSize,
  maxMessages: s.maxMessagesPerConnection,
  maxRequeues: s.requeues,
  connectionTimeout: s.connectionTimeoutMillis,
  greetingTimeout: s.greetingTimeoutMillis,
  socketTimeout: s.socketTimeoutMillis,
  disableFileAccess: true,
  disableUrlAccess: true,
  logger: false
})

const DELIVERY_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/
const LANGUAGE = /^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$/

const refuse = (field: string, expected: string) =>
  new Transport.TransportError({ reason: field === "to" ? "InvalidRecipient" : "Rejected", retryable: false, message: `${field}: expected ${expected}` })

/**
 * The nodemailer message for an email, or the field that cannot be sent as it is (a `TransportError`,
 * not retryable, naming the field): `to` must be one plain address (no list, no display name, so nothing
 * reaches a second recipient), `deliveryId` a token usable in a `Message-ID`, `language` a BCP 47 tag,
 * `unsubscribeUrl` an `https:` or `mailto:` URL.
 *
 * @category constructors
 */
export const message = (s: Settings, email: Transport.Email): Effect.Effect<SendMailOptions, Transport.TransportError> => {
  const to = typeof email.to === "string" ? plainAddress(email.to) : undefined
  if (to === undefined) return Effect.fail(refuse("to", "one email address (local@domain)"))
  if (typeof email.deliveryId !== "string" || !DELIVERY_ID.test(email.deliveryId)) return Effect.fail(refuse("deliveryId", "letters, digits, '.', '_' or '-' (at most 128)"))
  if (typeof email.language !== "string" || !LANGUAGE.test(email.language)) return Effect.fail(refuse("language", "a BCP 47 language tag such as fi, sv or en"))
  if (typeof email.subject !== "string" || typeof email.text !== "string" || typeof email.html !== "string") {
    return Effect.fail(refuse(typeof email.subject !== "string" ? "subject" : typeof email.text !== "string" ? "text" : "html", "a string"))
  }
  const headers: Record<string, string> = { "Content-Language": email.language }
  if (email.unsubscribeUrl !== undefined) {
    const u = URL.canParse(email.unsubscribeUrl) ? new URL(email.unsubscribeUrl) : undefined
    if (u === undefined || (u.protocol !== "https:" && u.protocol !== "mailto:") || /[\s<>]/.test(email.unsubscribeUrl)) {
      return Effect.fail(refuse("unsubscribeUrl", "an https: or mailto: URL"))
    }
    headers["List-Unsubscribe"] = `<${u.href}>`
    if (u.protocol === "https:") headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
  }
  return Effect.succeed({
    from: s.from,
    to: `${to.local}@${to.domain}`,
    subject: email.subject.replace(/[\r\n]+/g, " "),
    text: email.text,
    html: email.html,
    messageId: `<${email.deliveryId}@${s.messageIdDomain}>`,
    headers,
    disableFileAccess: true,
    disableUrlAccess: true
  })
}

/** The queue id a server gives in its `250` answer (`250 2.0.0 Ok: queued as 4F1x9…`), when it names one. */
const queueId = (response: unknown): string | null => {
  const m = typeof response === "string" ? /\bqueued as ([A-Za-z0-9._-]{1,64})\b/i.exec(response) : null
  return m?.[1] ?? null
}

/**
 * Sends one message through a transporter, as an Effect. After `sendTimeoutMillis` (or when the fiber is
 * interrupted) the send is aborted through nodemailer's `AbortSignal`; one timer per send, no extra fiber.
 *
 * @category combinators
 */
export const sendWith = (transporter: Transporter, s: Settings) => (email: Transport.Email): Effect.Effect<Transport.Receipt, Transport.TransportError> =>
  Effect.flatMap(message(s, email), (mail) =>
    Effect.async<Transport.Receipt, Transport.TransportError>((resume) => {
      const abort = new AbortController()
      let done = false
      const timer = setTimeout(() => {
        if (done) return
        done = true
        abort.abort()
        resume(Effect.fail(new Transport.TransportError({ reason: "Timeout", retryable: true, message: `SMTP: no answer within ${s.sendTimeoutMillis} ms` })))
      }, s.sendTimeoutMillis)
      transporter.sendMail({ ...mail, signal: abort.signal }, (err, info) => {
        if (done) return
        done = true
        clearTimeout(timer)
        if (err !== null) resume(Effect.fail(toTransportError(err)))
        else resume(Effect.succeed({ providerMessageId: queueId((info as { readonly response?: unknown } | undefined)?.response) }))
      })
      return Effect.sync(() => {
        if (done) return
        done = true
        clearTimeout(timer)
        abort.abort()
      })
    })
  )

/**
 * The email transport on a pool that lives as long as the scope: the pool is closed (its idle connections
 * quit) when the scope closes.
 *
 * @category constructors
 */
export const make = (options: Options): Effect.Effect<Transport.EmailTransport, Transport.InvalidTransportConfig, Scope.Scope> =>
  Effect.gen(function* () {
    const s = yield* settings(options)
    const transporter = yield* Effect.acquireRelease(
      Effect.try({
        try: () => nodemailer.createTransport(poolOptions(s)),
        catch: () => invalid("url", "settings nodemailer accepts")
      }),
      (t) => Effect.sync(() => t.close())
    )
    return Transport.EmailTransport.of({ send: sendWith(transporter as Transporter, s) })
  })

/**
 * The email port on SMTP.
 *
 * @example
 * ```ts
 * import { SmtpTransport } from "@vertaistuki/notify-smtp"
 * const layer = SmtpTransport.layer({ url: "smtp://127.0.0.1:2525", from: "Vertaistuki <noreply@example.fi>", poolSize: 4 })
 * ```
 *
 * @category layers
 */
export const layer = (options: Options): Layer.Layer<Transport.EmailTransport, Transport.InvalidTransportConfig> =>
  Layer.scoped(Transport.EmailTransport, make(options))

/**
 * `layer` from configuration, by default `config` (`VERTAISTUKI_SMTP_URL`, `VERTAISTUKI_SMTP_FROM`, …).
 *
 * @example
 * ```ts
 * import { Config } from "effect"
 * import { SmtpTransport } from "@vertaistuki/notify-smtp"
 * const fromEnv = SmtpTransport.layerConfig()
 * const own = SmtpTransport.layerConfig(Config.all({ url: Config.redacted("MAIL_URL"), from: Config.string("MAIL_FROM") }))
 * ```
 *
 * @category layers
 */
export const layerConfig = (
  options: C.Config<Options> = config
): Layer.Layer<Transport.EmailTransport, Transport.InvalidTransportConfig | ConfigError.ConfigError> =>
  Layer.unwrapEffect(Effect.map(options, layer))
