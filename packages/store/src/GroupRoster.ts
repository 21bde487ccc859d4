/**
 * Projection: who is in each group on each date, as membership intervals from enrolment to withdrawal,
 * dropping out, completion or the group's end. A date's roster follows the core's rule
 * (`Group.membersOn`): everyone enrolled at some time on that Helsinki date, so the read model and the
 * group's own state always agree. People erased by crypto-shredding stay in the intervals (the counts
 * stay right) but are marked erased.
 *
 * @since 0.1.0
 */
import { Group } from "@vertaistuki/core"
import { dataOf } from "./internal/events.js"
import * as Projection from "./Projection.js"

/**
 * One membership: from an instant until an instant (exclusive; UTC ISO) or open.
 *
 * @category models
 */
export interface Membership {
  readonly participantId: string
  readonly from: string
  until: string | null
  ending: "completed" | "withdrawn" | "dropped-out" | null
}

/**
 * The memberships, and (`People`) who is erased, so that erasing a person marks every participation of theirs.
 *
 * @category models
 */
export interface State extends Projection.People {
  readonly groups: Record<string, Array<Membership>>
  /** participantId → groupId of the open membership. */
  readonly open: Record<string, string>
  /** groupId → when the group was completed or cancelled, which ends the memberships still open. */
  readonly ended: Record<string, string>
}

type Memberships = Omit<State, keyof Projection.People>

/** One row of a roster. @category models */
export interface RosterEntry {
  readonly participantId: string
  readonly erased: boolean
}

const close = (s: Memberships, participantId: string, groupId: string | undefined, at: string, ending: Membership["ending"]) => {
  const g = groupId ?? s.open[participantId]
  if (g === undefined) return
  const m = s.groups[g]?.find((x) => x.participantId === participantId && x.until === null)
  if (m !== undefined) {
    m.until = at
    m.ending = ending
  }
  if (s.open[participantId] === g) delete s.open[participantId]
}

const enrol = (s: Memberships, groupId: string, participantId: string, at: string) => {
  const list = (s.groups[groupId] ??= [])
  if (list.some((m) => m.participantId === participantId && m.until === null)) return
  list.push({ participantId, from: at, until: null, ending: null })
  s.open[participantId] = groupId
}

const endGroup = (s: Memberships, ended: { readonly groupId: string; readonly at: string }) => {
  s.ended[ended.groupId] ??= ended.at
}

/** @category projections */
export const projection: Projection.Projection<State> = Projection.withPeople<State>({
  name: "group-roster",
  version: 3,
  initial: () => ({ groups: {}, open: {}, ended: {} }),
  evolve: (s, e) => {
    switch (e.type) {
      case "MemberEnrolled":
      case "ParticipantEnrolled": {
        const d = dataOf(e, "MemberEnrolled")
        enrol(s, d.groupId, d.participantId, d.at)
        break
      }
      case "MemberLeft": {
        const d = dataOf(e, "MemberLeft")
        close(s, d.participantId, d.groupId, d.at, d.ending)
        break
      }
      case "ParticipantWithdrew":
        close(s, dataOf(e, "ParticipantWithdrew").participantId, undefined, dataOf(e, "ParticipantWithdrew").at, "withdrawn")
        break
      case "ParticipantDroppedOut":
        close(s, dataOf(e, "ParticipantDroppedOut").participantId, undefined, dataOf(e, "ParticipantDroppedOut").at, "dropped-out")
        break
      case "ParticipantCompleted":
        close(s, dataOf(e, "ParticipantCompleted").participantId, undefined, dataOf(e, "ParticipantCompleted").at, "completed")
        break
      case "GroupCompleted":
        endGroup(s, dataOf(e, "GroupCompleted"))
        break
      case "GroupCancelled":
        endGroup(s, dataOf(e, "GroupCancelled"))
        break
    }
    return s
  }
})

/**
 * The group's members on a Helsinki date (`YYYY-MM-DD`): everyone enrolled at some time on that date, as
 * `Group.rosterOn` gives it from the group's own events.
 *
 * @category queries
 */
export const rosterOn = (s: State, groupId: string, date: string): ReadonlyArray<RosterEntry> => {
  const ended = s.ended[groupId]
  // Every membership ends with the group at the latest.
  const intervals = (s.groups[groupId] ?? []).map((m) => (ended !== undefined && (m.until === null || m.until > ended) ? { ...m, until: ended } : m))
  return Group.membersOn(intervals, date).map((participantId) => ({ participantId, erased: Projection.isErased(s, participantId) }))
}
