import { Transport } from "@vertaistuki/notify"

/**
 * The milliseconds a `Retry-After` value asks to wait: whole seconds, or an HTTP date measured from `now`
 * (never below 0); `undefined` when it is neither.
 */
export const retryAfterMillis = (value: string | undefined, now: number): number | undefined => {
  if (value === undefined) return undefined
  const v = value.trim()
  if (/^\d{1,10}$/.test(v)) return Number(v) * 1000
  if (!/^[A-Za-z]{3}, \d{2} [A-Za-z]{3} \d{4} \d{2}:\d{2}:\d{2} GMT$/.test(v)) return undefined
  const t = Date.parse(v)
  return Number.isNaN(t) ? undefined : Math.max(0, t - now)
}

/**
 * A gateway's non-2xx answer as the port's error. The message holds the status only, never the body (a
 * gateway may quote the number or the text back).
 */
export const fromStatus = (status: number, retryAfter: number | undefined, invalidRecipientStatuses: ReadonlySet<number>): Transport.TransportError => {
  const http = `SMS gateway: HTTP ${status}`
  const hint = retryAfter === undefined ? {} : { retryAfterMillis: retryAfter }
  if (status === 429) return new Transport.TransportError({ reason: "RateLimited", retryable: true, code: status, message: `${http}: asked to slow down`, ...hint })
  if (status === 408) return new Transport.TransportError({ reason: "Timeout", retryable: true, code: status, message: `${http}: the gateway timed out the request`, ...hint })
  if (status >= 500 && status < 600) return new Transport.TransportError({ reason: "Unavailable", retryable: true, code: status, message: `${http}: the gateway failed`, ...hint })
  if (invalidRecipientStatuses.has(status)) return new Transport.TransportError({ reason: "InvalidRecipient", retryable: false, code: status, message: `${http}: the number was refused` })
  if (status === 401 || status === 403 || status === 404 || status === 405) {
    return new Transport.TransportError({ reason: "Misconfigured", retryable: false, code: status, message: `${http}: check the gateway's URL and token` })
  }
  if (status >= 300 && status < 400) {
    return new Transport.TransportError({ reason: "Misconfigured", retryable: false, code: status, message: `${http}: the gateway redirects; configure the URL it redirects to` })
  }
  if (status >= 400 && status < 500) return new Transport.TransportError({ reason: "Rejected", retryable: false, code: status, message: `${http}: the message was refused` })
  return new Transport.TransportError({ reason: "Malformed", retryable: false, code: status, message: `${http}: not an answer the adapter understands` })
}
