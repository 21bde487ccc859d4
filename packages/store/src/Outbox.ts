/**
 * The outbox: messages written in the same transaction as the events that caused them, read later by a
 * dispatcher (e.g. notifications). A message is in the outbox if and only if its events are stored.
 *
 * @since 0.1.0
 */
import { Context, type Effect } from "effect"
import type { Actor } from "./AccessLog.js"
import type { InvalidInput, StoreError } from "./StoreError.js"

/**
 * A message to send later. `payload` must hold no personal data; a dispatcher that needs contact
 * details reads them through the `PersonalDataVault`, which logs the access.
 *
 * @category models
 */
export interface OutboxMessage {
  readonly topic: string
  readonly payload: unknown
  readonly personId?: string | undefined
}

/**
 * A stored message, with the global position of the last event of the append that wrote it.
 *
 * @category models
 */
export interface OutboxEntry {
  readonly id: number
  readonly position: number
  readonly topic: string
  readonly payload: unknown
  readonly personId: string | null
  readonly createdAt: Date
}

/**
 * The port.
 *
 * @category models
 */
export interface Outbox {
  /** Messages not yet marked dispatched, oldest first; logs one `read` per person the messages name under the `Actor`. */
  readonly pending: (limit?: number) => Effect.Effect<ReadonlyArray<OutboxEntry>, InvalidInput | StoreError, Actor>
  readonly markDispatched: (ids: ReadonlyArray<number>) => Effect.Effect<void, InvalidInput | StoreError>
}

/** @category tags */
export const Outbox = Context.GenericTag<Outbox>("@vertaistuki/store/Outbox")
