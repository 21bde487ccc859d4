/**
 * The in-memory adapter, on a `Ref`: for tests and examples. Nothing survives the process.
 *
 * @since 0.1.0
 */
import { Effect, Layer, Option, Ref } from "effect"
import type { ConcurrencyConflict, InvalidInput, StoreError } from "./StoreError.js"
import type { AppendResult } from "./EventStore.js"
import type { Keyring } from "./MasterKey.js"
import * as StoreDriver from "./StoreDriver.js"
import type { Checkpoint } from "./Projection.js"

interface State {
  readonly checks: Map<string, string>
  readonly events: Array<StoreDriver.EventRow>
  readonly streams: Map<string, Array<StoreDriver.EventRow>>
  readonly keys: Map<string, StoreDriver.KeyRow>
  readonly access: Array<StoreDriver.AccessRow>
  /** The `event_people` index: the positions of the events naming each person or participation. */
  readonly subjects: Map<string, Array<number>>
  readonly outbox: Array<StoreDriver.OutboxRow & { doneAt: number | null; claimedBy: string | null; claimedUntil: number | null }>
  /** Deliveries by id, in the order recorded. */
  readonly deliveries: Map<string, StoreDriver.DeliveryRow>
  readonly checkpoints: Map<string, Checkpoint>
  readonly leases: Map<string, StoreDriver.LeaseRow>
  erasures: number
}

/** A key row's slot as one map key. */
const slot = (r: { readonly personId: string; readonly retentionClass: string; readonly period: number }) => `${r.personId}|${r.retentionClass}|${r.period}`

/** The positions of the events whose person or `event_people` index is one of `ids`, in order. */
const positionsOf = (s: State, ids: ReadonlyArray<string>): ReadonlyArray<number> => {
  const wanted = new Set(ids)
  const positions = new Set(ids.flatMap((id) => s.subjects.get(id) ?? []))
  for (const e of s.events) if (e.personId !== null && wanted.has(e.personId)) positions.add(e.position)
  return [...positions].sort((a, b) => a - b)
}

const outboxRow = ({ doneAt: _, claimedBy: _b, claimedUntil: _u, ...m }: State["outbox"][number]): StoreDriver.OutboxRow => m

/**
 * A driver whose state lives in a `Ref`.
 *
 * @category constructors
 */
export const makeDriver: Effect.Effect<StoreDriver.StoreDriver> = Effect.map(
  Effect.suspend(() => Ref.make<State>({ checks: new Map(), events: [], streams: new Map(), keys: new Map(), access: [], subjects: new Map(), outbox: [], deliveries: new Map(), checkpoints: new Map(), leases: new Map(), erasures: 0 })),
  (ref): StoreDriver.StoreDriver => {
    const read = <A>(f: (s: State) => A) => Ref.get(ref).pipe(Effect.map(f))
    const write = <A>(f: (s: State) => A) => Ref.modify(ref, (s) => [f(s), s] as const)
    return {
      append: (streamId, expected, events, outbox, keyEpoch, sealing) =>
        Effect.andThen(
          sealing === undefined ? Effect.void : sealing.ready(events.length),
          Effect.flatten(
            write((s): Effect.Effect<AppendResult, ConcurrencyConflict | StoreDriver.KeysChanged> => {
              const stream = s.streams.get(streamId) ?? []
              const current = stream.length
              const rejected = StoreDriver.checkAppend(streamId, expected, current, keyEpoch, s.erasures)
              if (rejected !== undefined) return Effect.fail(rejected)
              const first = s.events.length + 1
              events.forEach((e, i) => {
                const { subjects, ...rest } = e
                const row = { ...rest, streamId, version: current + i + 1, position: first + i }
                s.events.push(row)
                stream.push(row)
                for (const id of subjects ?? []) {
                  const positions = s.subjects.get(id)
                  if (positions === undefined) s.subjects.set(id, [row.position])
                  else positions.push(row.position)
                }
              })
              s.streams.set(streamId, stream)
              const last = s.events.length
              for (const m of outbox) s.outbox.push({ ...m, id: s.outbox.length + 1, position: last, doneAt: null, claimedBy: null, claimedUntil: null })
              return Effect.succeed({ streamId, nextVersion: stream.length, firstPosition: first, lastPosition: last })
            })
          )
        ),
      readStream: (streamId, fromVersion, limit) => read((s) => (s.streams.get(streamId) ?? []).slice(fromVersion - 1, fromVersion - 1 + limit)),
      readAll: (after, limit) => read((s) => s.events.slice(after, after + limit)),
      readByPerson: (personId) => read((s) => s.events.filter((e) => e.personId === personId)),
      readBySubjects: (ids) => read((s) => positionsOf(s, ids).map((p) => s.events[p - 1]!)),
      streamVersion: (streamId) => read((s) => s.streams.get(streamId)?.length ?? 0),
      head: read((s) => s.events.length),
      keyEpoch: read((s) => s.erasures),
      ensureKeys: (rows) =>
        write((s) => {
          const erased = (owner: string) => s.keys.get(slot({ personId: owner, retentionClass: "", period: 0 }))?.wrappedKey === null
          for (const r of rows) if (!s.keys.has(slot(r)) && !erased(r.personId)) s.keys.set(slot(r), r)
          return rows.flatMap((r) => Option.toArray(Option.fromNullable(s.keys.get(slot(r)))))
        }),
      getKeys: (ids) =>
        read((s) => {
          const owners = new Set(ids)
          return [...s.keys.values()].filter((k) => owners.has(k.personId))
        }),
      allKeys: read((s) => [...s.keys.values()]),
      rewrapKeys: (rows) =>
        write((s) => {
          for (const r of rows) {
            const k = s.keys.get(slot(r))
            if (k !== undefined && k.wrappedKey !== null) s.keys.set(slot(r), { ...k, wrappedKey: r.wrappedKey })
          }
        }),
      destroyKey: (personId, at) =>
        write((s) => {
          const tombstone = { personId, retentionClass: "", period: 0 }
          const k = s.keys.get(slot(tombstone))
          s.keys.set(slot(tombstone), { ...tombstone, wrappedKey: null, createdAt: k?.createdAt ?? at, erasedAt: k?.erasedAt ?? at })
          for (const [id, r] of s.keys) if (r.personId === personId && r.wrappedKey !== null) s.keys.set(id, { ...r, wrappedKey: null, erasedAt: at })
          s.erasures++
        }),
      // Nothing outlives a destroyed key in memory.
      settleErasures: Effect.succeed("complete"),
      masterKeyChecks: read((s) => [...s.checks].map(([id, check]) => ({ id, check }))),
      addMasterKeyChecks: (rows) =>
        write((s) => {
          for (const r of rows) if (!s.checks.has(r.id)) s.checks.set(r.id, r.check)
        }),
      purgePersonal: (recordType, before, period, at) =>
        write((s) => {
          const people = new Set<string>()
          for (const [id, r] of s.keys) {
            if (r.retentionClass === recordType && r.period > 0 && r.period < period && r.wrappedKey !== null) {
              s.keys.set(id, { ...r, wrappedKey: null, erasedAt: at })
              people.add(r.personId)
            }
          }
          s.erasures++
          s.events.forEach((e, i) => {
            if (e.recordType === recordType && e.recordedAt < before && e.sealed !== null && e.sealed !== StoreDriver.PURGED) {
              const purged = { ...e, sealed: StoreDriver.PURGED }
              s.events[i] = purged
              const stream = s.streams.get(e.streamId)!
              stream[e.version - 1] = purged
              if (e.personId !== null) people.add(e.personId)
            }
          })
          return [...people]
        }),
      insertAccess: (rows) =>
        write((s) => {
          s.access.push(...StoreDriver.chainAccess(s.access.at(-1), rows))
        }),
      accessFor: (personId, ids) =>
        read((s) => {
          const positions = positionsOf(s, ids)
          return s.access.filter(
            (a) =>
              a.personId === personId ||
              (a.personId === null &&
                a.fromPosition !== null &&
                a.toPosition !== null &&
                positions.some((p) => p >= a.fromPosition! && p <= a.toPosition! && (a.streamId === null || s.events[p - 1]!.streamId === a.streamId)))
          )
        }),
      accessPage: (afterId, limit) => read((s) => s.access.slice(afterId, afterId + limit)),
      outboxPending: (limit) => read((s) => s.outbox.filter((m) => m.doneAt === null).slice(0, limit).map(outboxRow)),
      outboxMarkDone: (ids, at) =>
        write((s) => {
          const set = new Set(ids)
          s.outbox.forEach((m) => {
            if (set.has(m.id) && m.doneAt === null) m.doneAt = at
          })
        }),
      outboxClaim: (owner, now, until, limit, topics) =>
        write((s) => {
          const wanted = topics === null ? undefined : new Set(topics)
          const out: Array<StoreDriver.OutboxRow> = []
          for (const m of s.outbox) {
            if (out.length >= limit) break
            if (m.doneAt !== null || (m.claimedUntil !== null && m.claimedUntil >= now) || (wanted !== undefined && !wanted.has(m.topic))) continue
            m.claimedBy = owner
            m.claimedUntil = until
            out.push(outboxRow(m))
          }
          return out
        }),
      deliveriesPlan: (outboxId, rows, now) =>
        write((s) => {
          const entry = s.outbox[outboxId - 1]
          if (entry === undefined || entry.id !== outboxId) return undefined
          let inserted = 0
          for (const r of rows) {
            if (s.deliveries.has(r.deliveryId)) continue
            s.deliveries.set(r.deliveryId, r)
            inserted++
          }
          entry.doneAt ??= now
          entry.claimedBy = null
          entry.claimedUntil = null
          return inserted
        }),
      deliveriesClaim: (owner, now, until, limit) =>
        write((s) => {
          const due = [...s.deliveries.values()]
            .filter((d) => (d.status === "pending" && d.nextAttemptAt !== null && d.nextAttemptAt <= now) || (d.status === "sending" && d.leaseUntil !== null && d.leaseUntil < now))
            .sort((a, b) => (a.nextAttemptAt ?? 0) - (b.nextAttemptAt ?? 0) || (a.deliveryId < b.deliveryId ? -1 : 1))
            .slice(0, limit)
          return due.map((d) => {
            const claimed = { ...d, status: "sending", leaseOwner: owner, leaseUntil: until, attempts: d.attempts + 1, updatedAt: now }
            s.deliveries.set(d.deliveryId, claimed)
            return claimed
          })
        }),
      deliveriesSettle: (deliveryId, owner, t, now) =>
        write((s) => {
          const d = s.deliveries.get(deliveryId)
          if (d === undefined || d.status !== "sending" || d.leaseOwner !== owner) return false
          s.deliveries.set(deliveryId, {
            ...d,
            status: t.status,
            providerMessageId: t.providerMessageId ?? d.providerMessageId,
            consentRecord: t.consentRecord ?? d.consentRecord,
            lastError: t.lastError,
            nextAttemptAt: t.nextAttemptAt,
            attempts: Math.max(0, d.attempts + t.attemptDelta),
            leaseOwner: null,
            leaseUntil: null,
            updatedAt: now
          })
          return true
        }),
      deliveriesRequeue: (now) =>
        write((s) => {
          let n = 0
          for (const d of s.deliveries.values()) {
            if (d.status !== "parked") continue
            s.deliveries.set(d.deliveryId, { ...d, status: "pending", attempts: 0, nextAttemptAt: now, updatedAt: now })
            n++
          }
          return n
        }),
      deliveriesCounts: read((s) => {
        const m = new Map<string, { status: string; count: number; oldest: number | null }>()
        for (const d of s.deliveries.values()) {
          const c = m.get(d.status) ?? { status: d.status, count: 0, oldest: null }
          c.count++
          if (d.nextAttemptAt !== null && (c.oldest === null || d.nextAttemptAt < c.oldest)) c.oldest = d.nextAttemptAt
          m.set(d.status, c)
        }
        return [...m.values()]
      }),
      deliveriesList: (status, outboxId, limit) =>
        read((s) =>
          [...s.deliveries.values()]
            .filter((d) => (status === null || d.status === status) && (outboxId === null || d.outboxId === outboxId))
            .sort((a, b) => a.createdAt - b.createdAt || (a.deliveryId < b.deliveryId ? -1 : 1))
            .slice(0, limit)
        ),
      loadCheckpoint: (name) => read((s) => Option.fromNullable(s.checkpoints.get(name))),
      saveCheckpoint: (name, cp) =>
        write((s) => {
          s.checkpoints.set(name, cp)
        }),
      acquireLease: (name, owner, ttl) =>
        write((s) => {
          const now = Date.now()
          const held = s.leases.get(name)
          if (held !== undefined && held.owner !== owner && held.expiresAt >= now) return Option.none()
          const row = { owner, epoch: held === undefined ? 1 : held.owner === owner ? held.epoch : held.epoch + 1, expiresAt: now + ttl }
          s.leases.set(name, row)
          return Option.some(row)
        }),
      releaseLease: (name, owner) =>
        write((s) => {
          const held = s.leases.get(name)
          if (held?.owner === owner) s.leases.set(name, { ...held, expiresAt: 0 })
        }),
      leaseOf: (name) => read((s) => Option.fromNullable(s.leases.get(name))),
      saveCheckpointAsOwner: (name, cp, owner, epoch) =>
        write((s) => {
          const held = s.leases.get(name)
          if (held?.owner !== owner || held.epoch !== epoch) return false
          s.checkpoints.set(name, cp)
          return true
        })
    }
  }
)

/**
 * Every service of the port, in memory.
 *
 * @example
 * ```ts
 * import { InMemoryEventStore, MasterKey } from "@vertaistuki/store"
 * const layer = InMemoryEventStore.layer({ keyring: MasterKey.unsafeKeyring(MasterKey.generate()) })
 * ```
 *
 * @category layers
 */
export const layer = (config: { readonly keyring: Keyring }): Layer.Layer<StoreDriver.Services, InvalidInput | StoreError> =>
  StoreDriver.layer(config.keyring).pipe(Layer.provide(Layer.effect(StoreDriver.StoreDriver, makeDriver)))
