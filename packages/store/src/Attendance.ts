/**
 * Projection: attendance per session and per participant, from held sessions.
 *
 * @since 0.1.0
 */
import { listOf, textOf } from "./internal/events.js"
import { own, record } from "./internal/records.js"
import * as Projection from "./Projection.js"

/** @category models */
export interface SessionAttendance {
  groupId: string | null
  number: number | null
  date: string | null
  present: Array<string>
  excused: Array<string>
  absent: Array<string>
}

/** @category models */
export interface Tally {
  present: number
  excused: number
  absent: number
  minutes: number
}

/** Sessions and participants by id, in null-prototype records. @category models */
export interface State extends Projection.People {
  readonly sessions: Record<string, SessionAttendance>
  readonly participants: Record<string, Tally>
}

const session = (s: Pick<State, "sessions">, id: string): SessionAttendance => {
  let x = own(s.sessions, id)
  if (x === undefined) {
    x = { groupId: null, number: null, date: null, present: [], excused: [], absent: [] }
    s.sessions[id] = x
  }
  return x
}

type Status = "present" | "excused" | "absent"
const isStatus = (u: unknown): u is Status => u === "present" || u === "excused" || u === "absent"

/** One attendance row of a held session, or undefined when it is not one. */
const row = (u: unknown): { readonly participantId: string; readonly status: Status; readonly minutes: number } | undefined => {
  if (typeof u !== "object" || u === null) return undefined
  const a = u as Record<string, unknown>
  const participantId = Object.hasOwn(a, "participantId") ? a.participantId : undefined
  const status = Object.hasOwn(a, "status") ? a.status : undefined
  const minutes = Object.hasOwn(a, "minutes") ? a.minutes : undefined
  if (typeof participantId !== "string" || !isStatus(status)) return undefined
  return { participantId, status, minutes: typeof minutes === "number" && Number.isFinite(minutes) ? minutes : 0 }
}

/** @category projections */
export const projection: Projection.Projection<State> = Projection.withPeople<State>({
  name: "attendance",
  version: 3,
  initial: () => ({ sessions: record(), participants: record() }),
  evolve: (s, e) => {
    const sessionId = textOf(e, "sessionId")
    if (sessionId === undefined) return s
    if (e.type === "SessionPlanned") {
      const d = e.data as { readonly number?: unknown }
      const x = session(s, sessionId)
      x.groupId = textOf(e, "groupId") ?? null
      x.number = Object.hasOwn(d, "number") && typeof d.number === "number" ? d.number : null
    } else if (e.type === "SessionHeld") {
      const x = session(s, sessionId)
      x.date = textOf(e, "date") ?? null
      x.present = []
      x.excused = []
      x.absent = []
      for (const u of listOf(e, "attendance")) {
        const a = row(u)
        if (a === undefined) continue
        x[a.status].push(a.participantId)
        let t = own(s.participants, a.participantId)
        if (t === undefined) {
          t = { present: 0, excused: 0, absent: 0, minutes: 0 }
          s.participants[a.participantId] = t
        }
        t[a.status] += 1
        t.minutes += a.minutes
      }
    }
    return s
  }
})
