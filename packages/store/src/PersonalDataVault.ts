/**
 * The personal-data vault: reveals the encrypted personal fields of events (logging every read), erases a
 * person by destroying their data key (crypto-shredding), exports everything held about a person (GDPR
 * Art. 15) and re-wraps data keys under a new master key.
 *
 * Each event's personal fields are sealed together in one AES-256-GCM envelope under a random 256-bit
 * data key of its owner, record type (retention class) and month; the data keys are stored only wrapped
 * (AES-256-GCM) by the master key from configuration.
 *
 * @since 0.1.0
 */
import { Disclosure } from "@vertaistuki/core"
import { Context, Data, type Effect } from "effect"
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
 * Whether an erasure is final in the store's files: `complete` when no copy of the destroyed key remains
 * in them (live rows, SQLite's WAL, PostgreSQL's old row versions), `pending` while another connection's
 * open read still holds a copy; the store retries until that reader ends, and again when it is next
 * opened. What lies outside the store's files (backups, archived WAL) is the operator's: docs/privacy.md.
 *
 * @category models
 */
export type ErasureStatus = "complete" | "pending"

/**
 * The receipt of an erasure (tietojen poisto); the erasure is also recorded as a `PersonErased` event in
 * the `$privacy` stream so that projections show the person as erased, and in the access log.
 *
 * @category models
 */
export interface Erasure {
  readonly personId: string
  readonly erasedAt: Date
  /**
   * True when the key had already been destroyed. The steps an earlier erasure did not finish (its
   * `PersonErased` event, its access-log entry) are completed all the same.
   */
  readonly alreadyErased: boolean
  readonly status: ErasureStatus
}

/**
 * A reveal to a recipient (luovutus) without a `Disclosure` that permits telling that recipient about
 * that person for that purpose. Nothing is revealed and nothing is logged.
 *
 * @category errors
 */
export class DisclosureRefused extends Data.TaggedError("DisclosureRefused")<{
  readonly recipient: string
  readonly personId: string | undefined
  readonly expected: string
}> {
  override get message(): string {
    return `disclosure to ${this.recipient}${this.personId === undefined ? "" : ` of ${this.personId}'s data`} refused: expected ${this.expected}`
  }
}

/**
 * Why `proof` does not permit disclosing the data of `people` to `recipient` under `purpose`; undefined
 * when it does. A proof names one recipient (by name) and one subject.
 *
 * @category guards
 */
export const disclosureProblem = (
  proof: unknown,
  recipient: string,
  purpose: string,
  people: ReadonlyArray<string>
): DisclosureRefused | undefined => {
  if (!Disclosure.isDisclosure(proof)) {
    return new DisclosureRefused({ recipient, personId: people[0], expected: "a Disclosure made by Disclosure.discloseParticipation for this recipient" })
  }
  if (proof.request.recipient.name !== recipient) {
    return new DisclosureRefused({ recipient, personId: people[0], expected: `a Disclosure for this recipient, not for ${proof.request.recipient.kind} "${proof.request.recipient.name}"` })
  }
  if (proof.basis.purpose !== purpose) {
    return new DisclosureRefused({ recipient, personId: people[0], expected: `a Disclosure for the purpose ${purpose}, not ${proof.basis.purpose}` })
  }
  const other = people.find((p) => p !== proof.request.subject.id)
  if (other !== undefined) return new DisclosureRefused({ recipient, personId: other, expected: "a Disclosure whose subject is this person" })
  return undefined
}

/** The stream privacy events (`PersonErased`, `RetentionPurged`) are written to. */
export const privacyStream = "$privacy"

/**
 * The port.
 *
 * @category models
 */
export interface PersonalDataVault {
  /**
   * The personal fields of each event, in order; logs one `read` per person under `context`. With
   * `context.recipient` (anyone outside the processing organisation) it is a disclosure, refused with
   * `DisclosureRefused` unless `proof` is a `Disclosure` for that recipient, whose consent purpose is
   * `context.purpose` and whose subject is the one person revealed; logged as a `disclosure`.
   */
  readonly reveal: (
    events: ReadonlyArray<RecordedEvent>,
    context: AccessContext,
    proof?: Disclosure.Disclosure
  ) => Effect.Effect<ReadonlyArray<Revealed>, InvalidInput | DisclosureRefused | StoreError>
  /** Whether each person is active, erased or unknown; logs one `read` per person under the `Actor`. */
  readonly status: (personIds: ReadonlyArray<string>) => Effect.Effect<ReadonlyMap<string, PersonStatus>, InvalidInput | StoreError, Actor>
  /**
   * Destroys every data key of the person (all classes and months); every ciphertext for them becomes
   * unreadable. Idempotent: a rerun after a failure part-way completes the missing steps.
   */
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
