/**
 * Projection: attendance per session and per participant, from held sessions.
 *
 * @since 0.1.0
 */
import { dataOf } from "./internal/events.js"
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

/** @category models */
export interface State extends Projection.People {
  readonly sessions: Record<string, SessionAttendance>
  readonly participants: Record<string, Tally>
}

const session = (s: Pick<State, "sessions">, id: string): SessionAttendance =>
  (s.sessions[id] ??= { groupId: null, number: null, date: null, present: [], excused: [], absent: [] })

/** @category projections */
export const projection: Projection.Projection<State> = Projection.withPeople<State>({
  name: "attendance",
  version: 2,
  initial: () => ({ sessions: {}, participants: {} }),
  evolve: (s, e) => {
    if (e.type === "SessionPlanned") {
      const d = dataOf(e, "SessionPlanned")
      const x = session(s, d.sessionId)
      x.groupId = d.groupId
      x.number = d.number
    } else if (e.type === "SessionHeld") {
      const d = dataOf(e, "SessionHeld")
      const x = session(s, d.sessionId)
      x.date = d.date
      x.present = []
      x.excused = []
      x.absent = []
      for (const a of d.attendance) {
        x[a.status].push(a.participantId)
        const t = (s.participants[a.participantId] ??= { present: 0, excused: 0, absent: 0, minutes: 0 })
        t[a.status] += 1
        t.minutes += a.minutes ?? 0
      }
    }
    return s
  }
})
