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
}

const remove = (s: Pick<State, "groups">, participantId: string, groupId?: string) => {
  for (const [g, list] of Object.entries(s.groups)) {
    if (groupId !== undefined && g !== groupId) continue
    const i = list.findIndex((w) => w.participantId === participantId)
    if (i >= 0) list.splice(i, 1)
  }
}

/** @category projections */
export const projection: Projection.Projection<State> = Projection.withPeople<State>({
  name: "waitlist",
  version: 3,
  initial: () => ({ groups: record() }),
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
        if (!list.some((w) => w.participantId === participantId)) list.push({ participantId, since: at })
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
