import type { SqlError } from "@effect/sql/SqlError"
import { StoreError } from "@vertaistuki/store"

const codeOf = (cause: unknown): string =>
  typeof cause === "object" && cause !== null && "code" in cause && typeof cause.code === "string" ? cause.code : ""

/** Wraps a better-sqlite3 error (inside an `SqlError`) into the port's `StoreError`. */
export const toStoreError = (e: SqlError | unknown): StoreError.StoreError => {
  const cause = typeof e === "object" && e !== null && "cause" in e ? e.cause : e
  const code = codeOf(cause)
  const detail = cause instanceof Error ? cause.message : String(cause)
  const make = (reason: StoreError.Reason, retryable: boolean) =>
    new StoreError.StoreError({ reason, retryable, message: `SQLite ${code || "error"}: ${detail}`, cause })
  if (code.startsWith("SQLITE_BUSY") || code.startsWith("SQLITE_LOCKED")) return make("Unavailable", true)
  if (code.startsWith("SQLITE_CONSTRAINT_UNIQUE") || code.startsWith("SQLITE_CONSTRAINT_PRIMARYKEY")) return make("Conflict", true)
  if (code.startsWith("SQLITE_CORRUPT") || code === "SQLITE_NOTADB") return make("Corrupt", false)
  if (code.startsWith("SQLITE_CANTOPEN") || code.startsWith("SQLITE_IOERR") || code === "SQLITE_FULL" || code.startsWith("SQLITE_READONLY")) {
    return make("Unavailable", false)
  }
  return make("Unknown", false)
}
