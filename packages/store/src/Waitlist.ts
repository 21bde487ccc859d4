/**
 * Projection: each group's waiting list in the order people were put on it; leaving it by enrolment,
 * declining, ineligibility or withdrawal.
 *
 * @since 0.1.0
 */
import { dataOf } from "./internal/events.js"
import * as Projection from "./Projection.js"

/** @category models */
export interface Waiting {
  readonly participantId: string
  readonly since: string
}

/** @category models */
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
  version: 2,
  initial: () => ({ groups: {} }),
  evolve: (s, e) => {
    switch (e.type) {
      case "ParticipantWaitlisted": {
        const d = dataOf(e, "ParticipantWaitlisted")
        const list = (s.groups[d.groupId] ??= [])
        if (!list.some((w) => w.participantId === d.participantId)) list.push({ participantId: d.participantId, since: d.at })
        break
      }
      case "ParticipantEnrolled":
      case "MemberEnrolled":
        remove(s, dataOf(e, "MemberEnrolled").participantId, dataOf(e, "MemberEnrolled").groupId)
        break
      case "ParticipantDeclined":
      case "ParticipantFoundIneligible":
      case "ParticipantWithdrew":
        remove(s, (e.data as { participantId: string }).participantId)
        break
    }
    return s
  }
})
