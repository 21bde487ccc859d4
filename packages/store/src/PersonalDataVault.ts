/**
 * The personal-data vault: reveals the encrypted personal fields of events (logging every read), erases a
 * person by destroying their data key (crypto-shredding), exports everything held about a person (GDPR
 * Art. 15) and re-wraps data keys under a new master key.
 *
 * Each person has a random 256-bit data key; their personal fields are sealed with AES-256-GCM under it,
 * and the data key is stored only wrapped (AES-256-GCM) by the master key from configuration.
 *
 * @since 0.1.0
 */
import { Context, type Effect } from "effect"
import type { AccessContext, AccessEntry, Actor } from "./AccessLog.js"
import type { RecordedEvent } from "./EventStore.js"
import type { InvalidInput, StoreError } from "./StoreError.js"

/**
 * The personal fields of one event as the vault can show them.
 *
 * @category models
 */
export type Revealed =
  | { readonly _tag: "None" }
  | { readonly _tag: "Fields"; readonly fields: Readonly<Record<string, string>> }
  | { readonly _tag: "Erased" }
  | { readonly _tag: "Purged" }

/**
 * `active` while the person's data key exists, `erased` after crypto-shredding, `unknown` when no
 * personal data was ever stored for the id.
 *
 * @category models
 */
export type PersonStatus = "active" | "erased" | "unknown"

/**
 * Everything held about one person, as JSON-ready data.
 *
 * @category models
 */
export interface PersonExport {
  readonly personId: string
  readonly status: PersonStatus
  readonly exportedAt: string
  readonly events: ReadonlyArray<{
    readonly position: number
    readonly streamId: string
    readonly version: number
    readonly type: string
    readonly recordedAt: string
    readonly data: unknown
    readonly personal: Readonly<Record<string, string>> | "erased" | "purged" | null
  }>
  readonly accessLog: ReadonlyArray<Omit<AccessEntry, "at"> & { readonly at: string }>
}

/**
 * The receipt of an erasure; the erasure is also recorded as a `PersonErased` event in the `$privacy`
 * stream so that projections show the person as erased.
 *
 * @category models
 */
export interface Erasure {
  readonly personId: string
  readonly erasedAt: Date
  /** True when the key had already been destroyed; nothing more was done. */
  readonly alreadyErased: boolean
}

/** The stream privacy events (`PersonErased`, `RetentionPurged`) are written to. */
export const privacyStream = "$privacy"

/**
 * The port.
 *
 * @category models
 */
export interface PersonalDataVault {
  /** The personal fields of each event, in order; logs one `read` per person under `context`. */
  readonly reveal: (
    events: ReadonlyArray<RecordedEvent>,
    context: AccessContext
  ) => Effect.Effect<ReadonlyArray<Revealed>, InvalidInput | StoreError>
  /** Whether each person is active, erased or unknown; logs one `read` per person under the `Actor`. */
  readonly status: (personIds: ReadonlyArray<string>) => Effect.Effect<ReadonlyMap<string, PersonStatus>, InvalidInput | StoreError, Actor>
  /** Destroys the person's data key; every ciphertext for them becomes unreadable. Idempotent. */
  readonly erase: (personId: string, context: AccessContext) => Effect.Effect<Erasure, InvalidInput | StoreError>
  /**
   * Everything held about the person, including the access log; logged as an `export`. The events are
   * those naming the person or one of their participations (e.g. the attendance of a `SessionHeld` in a
   * session's stream), in any stream.
   */
  readonly exportPerson: (personId: string, context: AccessContext) => Effect.Effect<PersonExport, InvalidInput | StoreError>
  /** Re-wraps every data key under the current master key; returns how many were re-wrapped. */
  readonly rotateMasterKey: Effect.Effect<{ readonly rewrapped: number; readonly masterKeyId: string }, StoreError>
}

/** @category tags */
export const PersonalDataVault = Context.GenericTag<PersonalDataVault>("@vertaistuki/store/PersonalDataVault")
