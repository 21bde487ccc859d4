import type * as Facts from "../src/Facts.js"

const utc = (iso: string) => new Date(iso).toISOString()

/** The person's own grant of the consent to reporting at `from`, and their withdrawal at `until` (if any). */
export const granted = (from: string, until: string | null = null): ReadonlyArray<Facts.ReportingConsent> => [
  { purpose: "reporting", action: "grant", givenBy: "person", textVersion: "reporting-v1", at: utc(from), channel: "paper-form" },
  ...(until === null ? [] : [{ purpose: "reporting", action: "withdraw", givenBy: "person", textVersion: "reporting-v1", at: utc(until), channel: "paper-form" } as const])
]
