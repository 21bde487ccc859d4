/**
 * What only the store itself may write: the vault's privacy events, and the streams whose id starts
 * with `$` (the vault's `$privacy`). The public `append` refuses both; the vault writes them through
 * the driver.
 */

/** The event types of the vault (erasure, retention purge), valid only in its own stream. */
export const privacyEventTypes: ReadonlySet<string> = new Set(["PersonErased", "RetentionPurged"])

/** Whether a stream is one of the store's own (`$privacy`). */
export const isStoreStream = (streamId: string): boolean => streamId.startsWith("$")
