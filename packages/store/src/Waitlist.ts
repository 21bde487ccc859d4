/**
 * Projection: each group's waiting list in the order people were put on it; leaving it by enrolment,
 * declining, ineligibility or withdrawal.
 *
 * @since 0.1.0
 */
import { textOf } from "./internal/events.js"
import { own, record } from "./internal/records.js"
import * as Projection from "./Projection.js"

/** @category models */
export interface Waiting {
  readonly participantId: string
  readonly since: string
}

/** Groups' lists by group id, in a null-prototype record. @category models */
export interface State extends Projection.People {
  readonly groups: Record<string, Array<Waiting>>
  /** The groups each participation waits in, so that leaving a list looks at those lists only (not every group's). */
  readonly waitingIn: Record<string, Array<string>>
}

const remove = (s: Pick<State, "groups" | "waitingIn">, participantId: string, groupId?: string) => {
  const where = own(s.waitingIn, participantId)
  if (where === undefined) return
  for (const g of groupId === undefined ? [...where] : where.includes(groupId) ? [groupId] : []) {
    const list = own(s.groups, g)
    const i = list === undefined ? -1 : list.findIndex((w) => w.participantId === participantId)
    if (list !== undefined && i >= 0) list.splice(i, 1)
    where.splice(where.indexOf(g), 1)
  }
  if (where.length === 0) delete s.waitingIn[participantId]
}

/** @category projections */
export const projection: Projection.Projection<State> = Projection.withPeople<State>({
  name: "waitlist",
  version: 4,
  initial: () => ({ groups: record(), waitingIn: record() }),
  evolve: (s, e) => {
    const participantId = textOf(e, "participantId")
    if (participantId === undefined) return s
    const groupId = textOf(e, "groupId")
    switch (e.type) {
      case "ParticipantWaitlisted": {
        const at = textOf(e, "at")
        if (groupId === undefined || at === undefined) break
        let list = own(s.groups, groupId)
        if (list === undefined) {
          list = []
          s.groups[groupId] = list
        }
        if (!list.some((w) => w.participantId === participantId)) {
          list.push({ participantId, since: at })
          const where = own(s.waitingIn, participantId)
          if (where === undefined) s.waitingIn[participantId] = [groupId]
          else if (!where.includes(groupId)) where.push(groupId)
        }
        break
      }
      case "ParticipantEnrolled":
      case "MemberEnrolled":
        if (groupId !== undefined) remove(s, participantId, groupId)
        break
      case "ParticipantDeclined":
      case "ParticipantFoundIneligible":
      case "ParticipantWithdrew":
        remove(s, participantId)
        break
    }
    return s
  }
})
