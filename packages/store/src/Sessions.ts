/**
 * Projection: where each session stands (planned, scheduled, cancelled, held), when it starts and which
 * group it belongs to, from the session's events. A dispatcher asks it at send time whether a reminder's
 * session is still on. Reasons (free text) are not kept. Every record is a null-prototype object keyed by
 * ids, so an id such as `__proto__` is an ordinary key.
 *
 * @since 0.1.0
 */
import type { RecordedEvent } from "./EventStore.js"
import { textOf } from "./internal/events.js"
import { own, record } from "./internal/records.js"
import * as Projection from "./Projection.js"

/**
 * `planned` (not yet given a time), `scheduled` (also after a reschedule), `cancelled`, `held`.
 *
 * @category models
 */
export type Status = "planned" | "scheduled" | "cancelled" | "held"

/** One session. `start` is a UTC ISO instant (null until scheduled). @category models */
export interface SessionStatus {
  status: Status
  start: string | null
  groupId: string | null
  /** How many times it was moved. */
  moves: number
}

/** sessionId → its status. @category models */
export interface State extends Projection.People {
  readonly sessions: Record<string, SessionStatus>
}

const sessionOf = (s: Pick<State, "sessions">, id: string): SessionStatus => {
  let x = own(s.sessions, id)
  if (x === undefined) {
    x = { status: "planned", start: null, groupId: null, moves: 0 }
    s.sessions[id] = x
  }
  return x
}

const instant = (e: RecordedEvent, field: string): string | null => {
  const v = textOf(e, field)
  if (v === undefined) return null
  const ms = Date.parse(v)
  return Number.isFinite(ms) ? new Date(ms).toISOString() : null
}

/** @category projections */
export const projection: Projection.Projection<State> = Projection.withPeople<State>({
  name: "sessions",
  version: 1,
  initial: () => ({ sessions: record() }),
  evolve: (s, e) => {
    const sessionId = textOf(e, "sessionId")
    if (sessionId === undefined) return s
    switch (e.type) {
      case "SessionPlanned": {
        const x = sessionOf(s, sessionId)
        x.groupId = textOf(e, "groupId") ?? x.groupId
        break
      }
      case "SessionScheduled":
      case "SessionRescheduled": {
        const start = instant(e, "start")
        if (start === null) break
        const x = sessionOf(s, sessionId)
        // A session cancelled or held stays so; a late reschedule does not reopen it.
        if (x.status === "cancelled" || x.status === "held") break
        if (e.type === "SessionRescheduled") x.moves++
        x.status = "scheduled"
        x.start = start
        break
      }
      case "SessionCancelled": {
        const x = sessionOf(s, sessionId)
        if (x.status !== "held") x.status = "cancelled"
        break
      }
      case "SessionHeld":
        sessionOf(s, sessionId).status = "held"
        break
    }
    return s
  }
})

/**
 * The session's status, start and group, or undefined for a session the store has no event of.
 *
 * @category queries
 */
export const statusOf = (s: State, sessionId: string): Readonly<SessionStatus> | undefined => own(s.sessions, sessionId)

/**
 * The sessions of a group, with their ids, by start (unscheduled last).
 *
 * @category queries
 */
export const ofGroup = (s: State, groupId: string): ReadonlyArray<Readonly<SessionStatus> & { readonly sessionId: string }> =>
  Object.entries(s.sessions)
    .filter(([, x]) => x.groupId === groupId)
    .map(([sessionId, x]) => ({ sessionId, ...x }))
    .sort((a, b) => (a.start ?? "\uffff").localeCompare(b.start ?? "\uffff") || a.sessionId.localeCompare(b.sessionId))
