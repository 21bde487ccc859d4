/**
 * The access log: who read or disclosed whose personal data, when, for which purpose and on which legal
 * basis. Append-only and queryable per person, so that a client can learn who processed their data and
 * to whom it was disclosed (Client Data Act 703/2023).
 *
 * @since 0.1.0
 */
import { Context, type Effect } from "effect"
import type { InvalidInput, StoreError } from "./StoreError.js"

/**
 * What was done with the data: read, disclosed to a recipient, exported to the person, erased, purged by
 * retention, or the access log itself read.
 *
 * @category models
 */
export type Action = "read" | "disclosure" | "export" | "erasure" | "retention-purge" | "access-log-read"

/**
 * Who is acting and why. Every operation that reveals personal data takes one and logs it.
 *
 * @category models
 */
export interface AccessContext {
  /** The person or system acting, e.g. a worker's user id. */
  readonly actor: string
  /** Why, e.g. `group-administration`. */
  readonly purpose: string
  /** The legal basis, e.g. `consent`, `Social Welfare Act 1301/2014`. */
  readonly legalBasis: string
  /** For a disclosure: who receives the data. */
  readonly recipient?: string | undefined
}

/**
 * One line of the access log.
 *
 * @category models
 */
export interface AccessEntry {
  readonly id: number
  readonly at: Date
  readonly actor: string
  readonly personId: string
  readonly action: Action
  readonly purpose: string
  readonly legalBasis: string
  readonly recipient: string | null
  readonly detail: string | null
}

/** @category models */
export interface NewAccessEntry {
  readonly personId: string
  readonly action: Action
  readonly detail?: string | undefined
}

/**
 * The port. There is no update and no delete.
 *
 * @category models
 */
export interface AccessLog {
  readonly record: (context: AccessContext, entries: ReadonlyArray<NewAccessEntry>) => Effect.Effect<void, InvalidInput | StoreError>
  /** Every entry about one person, oldest first. The query is itself logged under `context`. */
  readonly forPerson: (personId: string, context: AccessContext) => Effect.Effect<ReadonlyArray<AccessEntry>, InvalidInput | StoreError>
}

/** @category tags */
export const AccessLog = Context.GenericTag<AccessLog>("@vertaistuki/store/AccessLog")
