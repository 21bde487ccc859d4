/**
 * Retention: how long personal data of each record type is kept. The law sets it per service task
 * (National Archives guidance under Client Data Act 703/2023), so rules are configuration, not code.
 * A purge destroys the data keys of the record type for every month that ended before the cut-off
 * (crypto-shredding: no copy of those envelopes decrypts any more), marks those envelopes purged, keeps
 * the pseudonymous events, and records itself as a `RetentionPurged` event in the `$privacy` stream.
 *
 * @since 0.1.0
 */
import { Context, type Duration, type Effect } from "effect"
import type { AccessContext } from "./AccessLog.js"
import type { ErasureStatus } from "./PersonalDataVault.js"
import type { InvalidInput, StoreError } from "./StoreError.js"

/**
 * Keep personal data of `recordType` for `keepFor` after it was recorded.
 *
 * @category models
 */
export interface Rule {
  readonly recordType: string
  readonly keepFor: Duration.DurationInput
}

/** @category models */
export interface PurgeReport {
  readonly recordType: string
  /** The effective cut-off: the start (UTC) of the month `now − keepFor` falls in. */
  readonly before: Date
  readonly purged: number
  readonly position: number
  /**
   * `complete` when no copy of a destroyed key is left in the store's files; `pending` while another
   * connection's reader still holds one (retried, as after an erasure).
   */
  readonly status: ErasureStatus
}

/**
 * The port.
 *
 * @category models
 */
export interface Retention {
  readonly purge: (rules: ReadonlyArray<Rule>, context: AccessContext) => Effect.Effect<ReadonlyArray<PurgeReport>, InvalidInput | StoreError>
}

/** @category tags */
export const Retention = Context.GenericTag<Retention>("@vertaistuki/store/Retention")
