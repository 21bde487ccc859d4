import { StoreError } from "@vertaistuki/store"

const codeOf = (cause: unknown): string =>
  typeof cause === "object" && cause !== null && "code" in cause && typeof cause.code === "string" ? cause.code : ""

const causeOf = (e: unknown): unknown => {
  let c = e
  while (typeof c === "object" && c !== null && "cause" in c && c.cause !== undefined && codeOf(c) === "") c = c.cause
  return c
}

/** Wraps a pg error (inside an `SqlError`) into the port's `StoreError`, by SQLSTATE or socket error code. */
export const toStoreError = (e: unknown): StoreError.StoreError => {
  const cause = causeOf(e)
  const code = codeOf(cause)
  const detail = cause instanceof Error ? cause.message : e instanceof Error ? e.message : String(cause)
  const make = (reason: StoreError.Reason, retryable: boolean) =>
    new StoreError.StoreError({ reason, retryable, message: `PostgreSQL ${code || "error"}: ${detail}`, cause })
  if (code === "23505" || code === "40001" || code === "40P01") return make("Conflict", true)
  if (code.startsWith("08") || ["57P01", "57P02", "57P03", "53300", "55P03", "57014"].includes(code)) return make("Unavailable", true)
  if (["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "ENOTFOUND", "EPIPE", "EAI_AGAIN"].includes(code)) return make("Unavailable", true)
  if (code === "28P01" || code === "28000" || code === "3D000") return make("Unavailable", false)
  if (code === "XX001" || code === "XX002") return make("Corrupt", false)
  if (code === "" && /connect|terminat|timeout/i.test(detail)) return make("Unavailable", true)
  return make("Unknown", false)
}
