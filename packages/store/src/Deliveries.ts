/**
 * The deliveries port: the notifications planned from the outbox and the state of each one's sending,
 * shared by every dispatcher instance. Outbox entries and due deliveries are claimed with a lease (a claim
 * names its owner and lasts until the lease ends; an owner that dies leaves its claims to be taken again
 * when the lease is over). Planning an entry records its deliveries and marks the entry planned in one
 * transaction, idempotent on the delivery id, so an entry planned twice (after a crash) is recorded once.
 *
 * A delivery row holds ids, times and the template's values only: never a name, an address or a number.
 * Contact details are read through the `PersonalDataVault` when the message is sent.
 *
 * @since 0.1.0
 */
import { Context, type Effect } from "effect"
import type { Actor } from "./AccessLog.js"
import type { OutboxEntry } from "./Outbox.js"
import type { InvalidInput, StoreError } from "./StoreError.js"

/**
 * Where a delivery is: waiting (`pending`, until `nextAttemptAt`), being sent under a lease (`sending`),
 * and its ends: `sent`, `suppressed` (not to be sent: consent, erasure, a cancelled session), `expired`
 * (past its deadline), `failed` (a permanent error), `parked` (too many attempts; `requeueParked` sends
 * it again).
 *
 * @category models
 */
export type Status = "pending" | "sending" | "sent" | "suppressed" | "expired" | "failed" | "parked"

/** Every status, in the order of a delivery's life. @category models */
export const statuses: ReadonlyArray<Status> = ["pending", "sending", "sent", "suppressed", "expired", "failed", "parked"]

/** @category models */
export type Channel = "email" | "sms"

/**
 * A delivery to record when an outbox entry is planned. `status` is `pending` unless the planner dropped it
 * (`expired` or `suppressed`, with its `reason`), so that nothing is dropped without a trace. `intent` is
 * the planner's intent as JSON, without personal data.
 *
 * @category models
 */
export interface NewDelivery {
  readonly deliveryId: string
  readonly participantId: string
  readonly personId: string
  readonly channel: Channel
  readonly template: string
  readonly language: string
  /** UTC ISO instant: not sent before. */
  readonly deliverAt: string
  /** UTC ISO instant: never sent after. */
  readonly deadline: string
  readonly intent: unknown
  readonly status?: "pending" | "expired" | "suppressed" | undefined
  /** Why a dropped delivery was dropped (no personal data). */
  readonly reason?: string | undefined
}

/**
 * A stored delivery.
 *
 * @category models
 */
export interface Delivery {
  readonly deliveryId: string
  readonly outboxId: number
  readonly participantId: string
  readonly personId: string
  readonly channel: Channel
  readonly template: string
  readonly language: string
  readonly deliverAt: Date
  readonly deadline: Date
  readonly status: Status
  /** Sending attempts begun (a claim begins one). */
  readonly attempts: number
  readonly nextAttemptAt: Date | null
  readonly leaseOwner: string | null
  readonly leaseUntil: Date | null
  readonly providerMessageId: string | null
  /** The last error or the reason of a drop, without personal data. */
  readonly lastError: string | null
  /** The id of the consent record the sending relied on. */
  readonly consentRecord: string | null
  readonly intent: unknown
  readonly createdAt: Date
  readonly updatedAt: Date
}

/**
 * How a claimed delivery ended, as the owner of its lease records it:
 * - `Sent`: accepted by the transport, with the provider's id and the consent record relied on;
 * - `Suppressed` / `Expired`: not sent, with the reason;
 * - `Retry`: a transient failure, tried again at `nextAttemptAt`;
 * - `Defer`: not yet (e.g. inside quiet hours): waits until `until` without counting the attempt;
 * - `Failed`: a permanent failure; `Parked`: too many attempts.
 *
 * @category models
 */
export type Outcome =
  | { readonly _tag: "Sent"; readonly providerMessageId: string | null; readonly consentRecord: string | null }
  | { readonly _tag: "Suppressed"; readonly reason: string }
  | { readonly _tag: "Expired"; readonly reason: string }
  | { readonly _tag: "Retry"; readonly error: string; readonly nextAttemptAt: Date }
  | { readonly _tag: "Defer"; readonly until: Date }
  | { readonly _tag: "Failed"; readonly error: string }
  | { readonly _tag: "Parked"; readonly error: string }

/** A claim's owner and how long its lease lasts. @category models */
export interface ClaimOptions {
  /** Who claims: a dispatcher instance's id (an id: letters, digits, `._:@$/-`). */
  readonly owner: string
  /** At most this many; default 100, at most 10,000. */
  readonly limit?: number | undefined
  /** How long the lease lasts; default 60,000 ms. */
  readonly leaseMillis?: number | undefined
}

/** @category models */
export interface OutboxClaimOptions extends ClaimOptions {
  /** Only entries of these topics (default: every topic). */
  readonly topics?: ReadonlyArray<string> | undefined
}

/** What `plan` recorded: how many deliveries were new (a repeated plan records none). @category models */
export interface Planned {
  readonly outboxId: number
  readonly inserted: number
}

/** The deliveries by status and the oldest pending one's `nextAttemptAt`. @category models */
export interface Counts {
  readonly byStatus: Readonly<Record<Status, number>>
  readonly oldestPending: Date | null
}

/**
 * The port. Reads that return rows naming people (`claimOutbox`, `claimDue`, `list`) log one `read`
 * per person under the `Actor` in context, as the outbox does. Times are the Effect `Clock`'s.
 *
 * @category models
 */
export interface Deliveries {
  /**
   * Claims outbox entries not yet planned whose lease is free or over, oldest first (on PostgreSQL with
   * `FOR UPDATE SKIP LOCKED`, so concurrent claimers never get the same entry).
   */
  readonly claimOutbox: (options: OutboxClaimOptions) => Effect.Effect<ReadonlyArray<OutboxEntry>, InvalidInput | StoreError, Actor>
  /**
   * In one transaction: records the entry's deliveries (those whose id is already stored are left as they
   * are) and marks the entry planned, releasing its lease.
   */
  readonly plan: (outboxId: number, deliveries: ReadonlyArray<NewDelivery>) => Effect.Effect<Planned, InvalidInput | StoreError>
  /**
   * Claims deliveries due now (`pending` with `nextAttemptAt` reached, or `sending` whose lease is over),
   * oldest first: each becomes `sending` under the owner's lease and counts one more attempt.
   */
  readonly claimDue: (options: ClaimOptions) => Effect.Effect<ReadonlyArray<Delivery>, InvalidInput | StoreError, Actor>
  /**
   * Records how a claimed delivery ended, if the owner still holds its lease; false when it does not (the
   * lease ended and another instance took it over), and nothing is changed.
   */
  readonly settle: (deliveryId: string, owner: string, outcome: Outcome) => Effect.Effect<boolean, InvalidInput | StoreError>
  /** Puts every parked delivery back to `pending`, due now, with its attempts reset; how many. */
  readonly requeueParked: Effect.Effect<number, StoreError>
  readonly counts: Effect.Effect<Counts, StoreError>
  /** Deliveries (of one status, or of one outbox entry), oldest first, at most `limit` (default 1000). */
  readonly list: (options?: {
    readonly status?: Status | undefined
    readonly outboxId?: number | undefined
    readonly limit?: number | undefined
  }) => Effect.Effect<ReadonlyArray<Delivery>, InvalidInput | StoreError, Actor>
}

/** @category tags */
export const Deliveries = Context.GenericTag<Deliveries>("@vertaistuki/store/Deliveries")
