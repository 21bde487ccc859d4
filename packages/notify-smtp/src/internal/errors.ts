import { Transport } from "@vertaistuki/notify"

/** The parts of a nodemailer error this adapter reads (none of them is the recipient or the message). */
interface DriverError {
  readonly code?: unknown
  readonly originalCode?: unknown
  readonly responseCode?: unknown
  readonly command?: unknown
  readonly response?: unknown
  readonly permanent?: unknown
}

const field = (e: unknown, key: keyof DriverError): unknown =>
  typeof e === "object" && e !== null && Object.hasOwn(e, key) ? (e as DriverError)[key] : undefined

const COMMANDS = new Set(["CONN", "EHLO", "HELO", "LHLO", "AUTH", "AUTH PLAIN", "AUTH LOGIN", "STARTTLS", "MAIL FROM", "RCPT TO", "DATA", "RSET", "QUIT"])

/** The SMTP command that was in flight, only when it is one of the commands' plain names (never an argument). */
const commandOf = (e: unknown): string | undefined => {
  const c = field(e, "command")
  return typeof c === "string" && COMMANDS.has(c.toUpperCase()) ? c.toUpperCase() : undefined
}

/** The enhanced status code (`5.1.1`) of a reply, the only part of the server's text that is kept. */
const enhancedOf = (e: unknown): string | undefined => {
  const r = field(e, "response")
  const m = typeof r === "string" ? /^\d{3}[ -]([245]\.\d{1,3}\.\d{1,3})\b/.exec(r) : null
  return m?.[1]
}

/** A driver's error code (`ECONNRESET`), only when it looks like one. */
const token = (v: unknown): string | undefined => (typeof v === "string" && /^[A-Z][A-Z0-9_]{1,31}$/.test(v) ? v : undefined)

const RATE_LIMITED = new Set([421, 450, 451, 452])
const RECIPIENT = new Set([550, 551, 553])

/**
 * A nodemailer error as the port's `TransportError`. The message holds only the reply code, the enhanced
 * status code, the command and the driver's error code: the server's text may quote the address and is
 * dropped, and so is the driver's error itself (it is not kept as `cause`).
 */
export const toTransportError = (e: unknown): Transport.TransportError => {
  const responseCode = field(e, "responseCode")
  const code = token(field(e, "code"))
  const originalCode = token(field(e, "originalCode"))
  const command = commandOf(e)
  const at = command === undefined ? "" : ` at ${command}`
  if (typeof responseCode === "number" && Number.isInteger(responseCode) && responseCode >= 400 && responseCode < 600) {
    const enhanced = enhancedOf(e)
    const reply = `SMTP ${responseCode}${enhanced === undefined ? "" : ` ${enhanced}`}${at}`
    if (responseCode < 500) {
      return RATE_LIMITED.has(responseCode)
        ? new Transport.TransportError({ reason: "RateLimited", retryable: true, code: responseCode, message: `${reply}: the server asked to try again later` })
        : new Transport.TransportError({ reason: "Unavailable", retryable: true, code: responseCode, message: `${reply}: a transient failure` })
    }
    if (responseCode === 503) {
      return new Transport.TransportError({ reason: "Unavailable", retryable: true, code: responseCode, message: `${reply}: the session was out of step, a new connection may succeed` })
    }
    if (responseCode === 530 || responseCode === 534 || responseCode === 535 || responseCode === 538 || code === "EAUTH") {
      return new Transport.TransportError({ reason: "Misconfigured", retryable: false, code: responseCode, message: `${reply}: authentication was refused` })
    }
    const recipient = (RECIPIENT.has(responseCode) && command === "RCPT TO") || enhanced?.startsWith("5.1.") === true
    return recipient
      ? new Transport.TransportError({ reason: "InvalidRecipient", retryable: false, code: responseCode, message: `${reply}: the recipient was refused` })
      : new Transport.TransportError({ reason: "Rejected", retryable: false, code: responseCode, message: `${reply}: the message was refused` })
  }
  const driver = `SMTP ${code ?? "error"}${originalCode === undefined || originalCode === code ? "" : ` (${originalCode})`}${at}`
  switch (code) {
    case "ETIMEDOUT":
      return new Transport.TransportError({ reason: "Timeout", retryable: true, message: `${driver}: no answer in time` })
    case "ECONNREFUSED":
    case "ECONNRESET":
    case "ECONNECTION":
    case "ESOCKET":
    case "EDNS":
    case "EPIPE":
    case "EHOSTUNREACH":
    case "ENETUNREACH":
    case "EPROXY":
      return originalCode === "ETIMEDOUT"
        ? new Transport.TransportError({ reason: "Timeout", retryable: true, message: `${driver}: no answer in time` })
        : new Transport.TransportError({ reason: "Unavailable", retryable: true, message: `${driver}: the server could not be reached or dropped the connection` })
    case "EAUTH":
    case "ENOAUTH":
    case "EOAUTH2":
      return new Transport.TransportError({ reason: "Misconfigured", retryable: false, message: `${driver}: authentication failed` })
    case "ETLS":
    case "EREQUIRETLS":
    case "ECONFIG":
      return new Transport.TransportError({ reason: "Misconfigured", retryable: false, message: `${driver}: the connection settings do not fit the server` })
    case "EPROTOCOL":
      return new Transport.TransportError({ reason: "Malformed", retryable: true, message: `${driver}: the server's answer could not be understood` })
    case "EENVELOPE":
    case "EMAXRECIPIENTS":
      return new Transport.TransportError({ reason: "InvalidRecipient", retryable: false, message: `${driver}: the envelope was refused` })
    case "EABORT":
      return new Transport.TransportError({ reason: "Timeout", retryable: true, message: `${driver}: the send was abandoned` })
    default:
      return field(e, "permanent") === true
        ? new Transport.TransportError({ reason: "Rejected", retryable: false, message: `${driver}: the message was refused` })
        : new Transport.TransportError({ reason: "Unavailable", retryable: true, message: `${driver}: the send failed` })
  }
}
