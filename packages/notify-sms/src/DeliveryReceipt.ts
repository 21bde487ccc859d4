/**
 * Delivery receipts: what an SMS gateway posts back later about a message it took (delivered to the
 * handset, failed, expired). `parse` reads one callback body with Schema into a `DeliveryReceipt` that
 * names our delivery id (the client reference the adapter sent), or says which field is wrong.
 *
 * @since 0.1.0
 */
import { Data, Either, Schema } from "effect"
import { at, isPath } from "./internal/json.js"

/**
 * The normalised outcome: `delivered` (final), `failed`, `expired` and `rejected` (final, not delivered),
 * `pending` (the gateway or the network still has it).
 *
 * @category models
 */
export type Status = "delivered" | "failed" | "expired" | "rejected" | "pending"

/**
 * One receipt: our delivery id, the provider's message id, the outcome, when (UTC ISO), and the gateway's
 * own error code, if it gave one.
 *
 * @category models
 */
export interface DeliveryReceipt {
  readonly reference: string
  readonly providerMessageId: string | null
  readonly status: Status
  readonly at: string | null
  readonly errorCode: string | null
}

/**
 * A receipt that cannot be read, naming the field (its path in the body) and what was expected; never the
 * value (a gateway may put the number there).
 *
 * @category errors
 */
export class InvalidReceipt extends Data.TaggedError("InvalidReceipt")<{
  readonly field: string
  readonly expected: string
}> {
  override get message(): string {
    return `${this.field}: expected ${this.expected}`
  }
}

/**
 * Where a gateway's callback holds each field, and what its status words mean.
 *
 * @category models
 */
export interface Format {
  readonly reference: string
  readonly providerMessageId: string
  readonly status: string
  readonly at: string
  readonly errorCode: string
  /** The gateway's status words (compared in lower case) and the outcome each means. */
  readonly statuses: Readonly<Record<string, Status>>
}

/**
 * The common shape: `{ "reference": "d-…", "id": "…", "status": "delivered", "timestamp": "…", "errorCode": … }`,
 * with the status words most gateways use (`delivered`, `undelivered`, `failed`, `expired`, `rejected`,
 * `accepted`, `queued`, `sent`, `buffered`, `enroute`).
 *
 * @category constructors
 */
export const defaultFormat: Format = {
  reference: "reference",
  providerMessageId: "id",
  status: "status",
  at: "timestamp",
  errorCode: "errorCode",
  statuses: {
    delivered: "delivered",
    delivrd: "delivered",
    undelivered: "failed",
    undeliv: "failed",
    failed: "failed",
    expired: "expired",
    rejected: "rejected",
    rejectd: "rejected",
    accepted: "pending",
    queued: "pending",
    sent: "pending",
    buffered: "pending",
    enroute: "pending"
  }
}

const Reference = Schema.String.pipe(Schema.pattern(/^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/))
const Id = Schema.Union(Schema.NonEmptyTrimmedString.pipe(Schema.maxLength(256)), Schema.Int.pipe(Schema.nonNegative()))
const Word = Schema.String.pipe(Schema.minLength(1), Schema.maxLength(32))
const When = Schema.Union(
  Schema.String.pipe(Schema.filter((s) => /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})$/.test(s) && !Number.isNaN(Date.parse(s)))),
  Schema.Int.pipe(Schema.between(0, 32503680000000))
)
const Code = Schema.Union(Schema.String.pipe(Schema.maxLength(64), Schema.pattern(/^[\x21-\x7e]*$/)), Schema.Int)

const decode = <A, I>(schema: Schema.Schema<A, I>, field: string, expected: string, value: unknown): Either.Either<A, InvalidReceipt> =>
  Either.mapLeft(Schema.decodeUnknownEither(schema)(value), () => new InvalidReceipt({ field, expected }))

/**
 * Reads one callback body (the raw JSON text or its parsed value) into a receipt, or the first field that
 * is wrong. The reference is required and must look like a delivery id; the status must be one of the
 * format's words; the id, the time (ISO 8601 with an offset, or epoch milliseconds) and the error code are
 * optional but checked when present. Paths follow own properties only (`__proto__` finds nothing).
 *
 * @example
 * ```ts
 * import { DeliveryReceipt } from "@vertaistuki/notify-sms"
 * const r = DeliveryReceipt.parse('{"reference":"d-0a1b","id":"m-77","status":"DELIVERED","timestamp":"2026-12-01T09:00:00Z"}')
 * ```
 *
 * @category constructors
 */
export const parse = (body: unknown, format: Format = defaultFormat): Either.Either<DeliveryReceipt, InvalidReceipt> =>
  Either.gen(function* () {
    for (const [k, p] of [["reference", format.reference], ["providerMessageId", format.providerMessageId], ["status", format.status], ["at", format.at], ["errorCode", format.errorCode]] as const) {
      if (!isPath(p)) return yield* Either.left(new InvalidReceipt({ field: `format.${k}`, expected: "a dotted path such as status or data.0.status" }))
    }
    let value = body
    if (typeof body === "string" || body instanceof Uint8Array) {
      const text = typeof body === "string" ? body : new TextDecoder("utf-8", { fatal: false }).decode(body)
      value = yield* decode(Schema.parseJson(), "body", "JSON", text)
    }
    if (typeof value !== "object" || value === null || Array.isArray(value)) return yield* Either.left(new InvalidReceipt({ field: "body", expected: "a JSON object" }))
    const reference = yield* decode(Reference, format.reference, "the delivery id sent as the client reference", at(value, format.reference))
    const word = yield* decode(Word, format.status, "a status word", at(value, format.status))
    const key = word.toLowerCase()
    const status = Object.hasOwn(format.statuses, key) ? format.statuses[key] : undefined
    if (status === undefined) return yield* Either.left(new InvalidReceipt({ field: format.status, expected: `one of ${Object.keys(format.statuses).join(", ")}` }))
    const optional = <A, I>(schema: Schema.Schema<A, I>, path: string, expected: string) => {
      const v = at(value, path)
      return v === undefined || v === null ? Either.right(null) : decode(schema, path, expected, v)
    }
    const id = yield* optional(Id, format.providerMessageId, "a non-empty string or a whole number")
    const when = yield* optional(When, format.at, "an ISO 8601 time with an offset, or epoch milliseconds")
    const code = yield* optional(Code, format.errorCode, "a short code")
    return {
      reference,
      providerMessageId: id === null ? null : String(id),
      status,
      at: when === null ? null : new Date(typeof when === "number" ? when : Date.parse(when)).toISOString(),
      errorCode: code === null ? null : String(code)
    }
  })
