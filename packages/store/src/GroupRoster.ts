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
import type { RecordedEvent } from "./EventStore.js"
import { textOf } from "./internal/events.js"
import { own, record } from "./internal/records.js"
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
 * Every record is a null-prototype object keyed by ids.
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
  const g = groupId ?? own(s.open, participantId)
  if (g === undefined) return
  const m = own(s.groups, g)?.find((x) => x.participantId === participantId && x.until === null)
  if (m !== undefined) {
    m.until = at
    m.ending = ending
  }
  if (own(s.open, participantId) === g) delete s.open[participantId]
}

const enrol = (s: Memberships, groupId: string, participantId: string, at: string) => {
  let list = own(s.groups, groupId)
  if (list === undefined) {
    list = []
    s.groups[groupId] = list
  }
  if (list.some((m) => m.participantId === participantId && m.until === null)) return
  list.push({ participantId, from: at, until: null, ending: null })
  s.open[participantId] = groupId
}

const endings: Readonly<Record<string, Membership["ending"]>> = {
  ParticipantWithdrew: "withdrawn",
  ParticipantDroppedOut: "dropped-out",
  ParticipantCompleted: "completed"
}

const leftEnding = (e: RecordedEvent): Membership["ending"] | undefined => {
  const ending = textOf(e, "ending")
  return ending === "completed" || ending === "withdrawn" || ending === "dropped-out" ? ending : undefined
}

/** @category projections */
export const projection: Projection.Projection<State> = Projection.withPeople<State>({
  name: "group-roster",
  version: 4,
  initial: () => ({ groups: record(), open: record(), ended: record() }),
  evolve: (s, e) => {
    const participantId = textOf(e, "participantId")
    const groupId = textOf(e, "groupId")
    const at = textOf(e, "at")
    if (at === undefined) return s
    switch (e.type) {
      case "MemberEnrolled":
      case "ParticipantEnrolled":
        if (groupId !== undefined && participantId !== undefined) enrol(s, groupId, participantId, at)
        break
      case "MemberLeft": {
        const ending = leftEnding(e)
        if (groupId !== undefined && participantId !== undefined && ending !== undefined) close(s, participantId, groupId, at, ending)
        break
      }
      case "ParticipantWithdrew":
      case "ParticipantDroppedOut":
      case "ParticipantCompleted":
        if (participantId !== undefined) close(s, participantId, undefined, at, endings[e.type]!)
        break
      case "GroupCompleted":
      case "GroupCancelled":
        // Every membership still open ends with the group.
        if (groupId !== undefined && own(s.ended, groupId) === undefined) s.ended[groupId] = at
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
  const ended = own(s.ended, groupId)
  // Every membership ends with the group at the latest.
  const intervals = (own(s.groups, groupId) ?? []).map((m) => (ended !== undefined && (m.until === null || m.until > ended) ? { ...m, until: ended } : m))
  return Group.membersOn(intervals, date).map((participantId) => ({ participantId, erased: Projection.isErased(s, participantId) }))
}
