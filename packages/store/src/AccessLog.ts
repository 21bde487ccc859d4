/**
 * The access log: who read or disclosed whose personal data, when, for which purpose and on which legal
 * basis. Append-only and queryable per person, so that a client can learn who processed their data and
 * to whom it was disclosed (Client Data Act 703/2023).
 *
 * @since 0.1.0
 */
import { Context, Effect } from "effect"
import type { InvalidInput, StoreError } from "./StoreError.js"
import { CONTROL } from "./internal/validate.js"

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
 * Who is reading, in the Effect context: every read of the event store, the outbox, a person's status and
 * every projection run needs it (a missing `Actor` is a type error) and logs under it.
 *
 * @example
 * ```ts
 * import { Effect } from "effect"
 * import { AccessLog, EventStore } from "@vertaistuki/store"
 * const read = Effect.flatMap(EventStore.EventStore, (es) => es.readStream("participant-p-1")).pipe(
 *   AccessLog.actingAs({ actor: "worker-anna", purpose: "group-administration", legalBasis: "Social Welfare Act 1301/2014" })
 * )
 * ```
 *
 * @category tags
 */
export class Actor extends Context.Tag("@vertaistuki/store/Actor")<Actor, AccessContext>() {}

/**
 * Runs `self` with `context` as the `Actor`.
 *
 * @category combinators
 */
export const actingAs =
  (context: AccessContext) =>
  <A, E, R>(self: Effect.Effect<A, E, R>): Effect.Effect<A, E, Exclude<R, Actor>> =>
    Effect.provideService(self, Actor, context)

/**
 * The system actor (`system`), for processes no person starts, e.g. a projection runner catching up.
 *
 * @category constructors
 */
export const system = (purpose: string, legalBasis = "Client Data Act 703/2023"): AccessContext => ({ actor: "system", purpose, legalBasis })

/**
 * The events a bulk read covered: the global positions `from`…`to` (inclusive) of one stream, or of
 * every stream when `streamId` is null. One entry stands for the whole read however many events it held.
 *
 * @category models
 */
export interface Range {
  readonly streamId: string | null
  readonly from: number
  readonly to: number
}

/**
 * One line of the access log. `personId` names the person for reads of one person's data (reveal,
 * disclosure, export, erasure, purge, status, outbox, access-log reads); a read of events has
 * `personId` null and a `range` instead. `previousHash` is the `hash` of the entry before (64 zeros for
 * the first) and `hash` is SHA-256 over the entry's canonical encoding and `previousHash`, so that a
 * changed, removed or inserted entry breaks the chain (`verify`).
 *
 * @category models
 */
export interface AccessEntry {
  readonly id: number
  readonly at: Date
  readonly actor: string
  readonly personId: string | null
  readonly action: Action
  readonly purpose: string
  readonly legalBasis: string
  readonly recipient: string | null
  readonly detail: string | null
  readonly range: Range | null
  readonly previousHash: string
  readonly hash: string
}

/**
 * The result of checking the chain: how many entries were checked, and the first that does not link
 * (its id and why), if any.
 *
 * @category models
 */
export interface Verification {
  readonly checked: number
  readonly broken: { readonly id: number; readonly reason: string } | null
  /** The newest entry's hash (64 zeros for an empty log): kept elsewhere, it also shows that no newest entry was cut off. */
  readonly head: string
}

/**
 * The port. Entries are written only by the store's own operations; there is no way to add, update or
 * delete one through it.
 *
 * @category models
 */
export interface AccessLog {
  /**
   * Every entry about one person, oldest first: the entries naming them, and the reads of events whose
   * range holds an event naming them or one of their participations. The query is itself logged under
   * `context`.
   */
  readonly forPerson: (personId: string, context: AccessContext) => Effect.Effect<ReadonlyArray<AccessEntry>, InvalidInput | StoreError>
  /** Checks every entry's hash and link to the one before, oldest first; reveals no entry. */
  readonly verify: Effect.Effect<Verification, StoreError>
}

/** @category tags */
export const AccessLog = Context.GenericTag<AccessLog>("@vertaistuki/store/AccessLog")

/**
 * A text of the log as it may be shown on a terminal or page: every character the log refuses in new
 * entries (controls, line breaks, bidirectional controls), which an entry stored before that rule may
 * still hold, written as `\u` and four hex digits (ESC as `\u001b`); the characters of `keep` stay.
 *
 * @category formatting
 */
export const printable = (text: string, keep = ""): string =>
  text.replace(CONTROL, (c) => (keep.includes(c) ? c : `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`))
