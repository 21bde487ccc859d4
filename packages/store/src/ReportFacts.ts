/**
 * Projection: what reports for decision-makers are made from (`@vertaistuki/reports`' `Facts`):
 * each group's programme, dates and cancellation; each participation's referral, eligibility,
 * enrolment, waiting and ending; attendance marks and anonymous-response counts per session; where
 * each 3X10D questionnaire is stored; and each participation's consent records for the purpose
 * `reporting`, read from the participant streams exactly as `ConsentRegistry` reads them
 * (`ConsentRecorded`; a journey's `ConsentWithdrawn` as the person's unscoped withdrawal), so that the
 * report asks the core's one rule, `Consent.mayWe`, over the same records. The state is kept in Maps
 * and saved as JSON arrays.
 *
 * The questionnaire answers and the anonymous feedback responses are sensitive and sealed, so the
 * projection does not see them; it keeps where each is stored, and `facts` takes the answers and
 * response counts the caller revealed through the vault (which logs the read). Organiser, region and language are not in the events; the caller
 * passes them per group.
 *
 * @since 0.1.0
 */
import { Participant } from "@vertaistuki/core"
import { Schema } from "effect"
import type { RecordedEvent } from "./EventStore.js"
import { consentRecordOf } from "./internal/consents.js"
import { dataOf } from "./internal/events.js"
import type * as Projection from "./Projection.js"

/** @category models */
export interface GroupEntry {
  readonly groupId: string
  programmeId: string
  plannedAt: string
  startedAt: string | null
  completedAt: string | null
  cancelledAt: string | null
  /** The free-text reason, kept here only to be put into a category by `facts`. */
  cancellationReason: string | null
  readonly sessions: Array<string>
}

/** @category models */
export interface SessionEntry {
  readonly sessionId: string
  groupId: string | null
  number: number
  date: string | null
  present: Array<string>
  excused: Array<string>
  absent: Array<string>
  /** Where the session's anonymous feedback batch is stored; its responses are sealed like the answers. */
  feedbackBatch: { readonly streamId: string; readonly position: number } | null
}

/** Where one questionnaire is stored. @category models */
export interface MeasurementEntry {
  readonly phase: "start" | "interim" | "end"
  readonly at: string
  readonly streamId: string
  readonly position: number
}

/** @category models */
export interface ParticipantEntry {
  readonly participantId: string
  groupId: string
  referredAt: string
  eligibleAt: string | null
  ineligibleAt: string | null
  declinedAt: string | null
  enrolledAt: string | null
  waitlistedAt: string | null
  waitlistEndedAt: string | null
  ending: "completed" | "withdrawn" | "dropped-out" | null
  endedAt: string | null
  readonly measurements: Array<MeasurementEntry>
}

/** @category models */
export interface State {
  readonly groups: Map<string, GroupEntry>
  readonly sessions: Map<string, SessionEntry>
  readonly participants: Map<string, ParticipantEntry>
  /** participantId → its consent records for the purpose `reporting`, in the order recorded (kept whether or not the referral was seen). */
  readonly consents: Map<string, Array<Participant.ConsentEntry>>
}

const participant = (s: State, id: string): ParticipantEntry | undefined => s.participants.get(id)

const session = (s: State, id: string): SessionEntry => {
  let x = s.sessions.get(id)
  if (x === undefined)
    s.sessions.set(id, (x = { sessionId: id, groupId: null, number: 0, date: null, present: [], excused: [], absent: [], feedbackBatch: null }))
  return x
}

const leaveWaitlist = (p: ParticipantEntry, at: string) => {
  if (p.waitlistedAt !== null && p.waitlistEndedAt === null) p.waitlistEndedAt = at
}

const end = (p: ParticipantEntry | undefined, ending: ParticipantEntry["ending"], at: string) => {
  if (p === undefined || p.endedAt !== null) return
  if (p.enrolledAt === null) {
    leaveWaitlist(p, at)
    return
  }
  p.ending = ending
  p.endedAt = at
}

const enrol = (s: State, participantId: string, at: string) => {
  const p = participant(s, participantId)
  if (p === undefined || p.enrolledAt !== null) return
  p.enrolledAt = at
  p.eligibleAt ??= at
  leaveWaitlist(p, at)
}

const evolve = (s: State, e: RecordedEvent): State => {
  const recorded = consentRecordOf(e)
  if (recorded !== undefined && recorded.entry.purpose === "reporting") {
    const list = s.consents.get(recorded.participantId)
    if (list === undefined) s.consents.set(recorded.participantId, [recorded.entry])
    else list.push(recorded.entry)
  }
  switch (e.type) {
    case "GroupPlanned": {
      const d = dataOf(e, "GroupPlanned")
      s.groups.set(d.groupId, {
        groupId: d.groupId,
        programmeId: d.rules.programmeId,
        plannedAt: d.at,
        startedAt: null,
        completedAt: null,
        cancelledAt: null,
        cancellationReason: null,
        sessions: s.groups.get(d.groupId)?.sessions ?? []
      })
      break
    }
    case "GroupStarted": {
      const g = s.groups.get(dataOf(e, "GroupStarted").groupId)
      if (g !== undefined) g.startedAt ??= dataOf(e, "GroupStarted").at
      break
    }
    case "GroupCompleted": {
      const g = s.groups.get(dataOf(e, "GroupCompleted").groupId)
      if (g !== undefined) g.completedAt ??= dataOf(e, "GroupCompleted").at
      break
    }
    case "GroupCancelled": {
      const d = dataOf(e, "GroupCancelled")
      const g = s.groups.get(d.groupId)
      if (g !== undefined && g.cancelledAt === null) {
        g.cancelledAt = d.at
        g.cancellationReason = d.reason
      }
      break
    }
    case "ParticipantReferred": {
      const d = dataOf(e, "ParticipantReferred")
      if (!s.participants.has(d.participantId))
        s.participants.set(d.participantId, {
          participantId: d.participantId,
          groupId: d.groupId,
          referredAt: d.at,
          eligibleAt: null,
          ineligibleAt: null,
          declinedAt: null,
          enrolledAt: null,
          waitlistedAt: null,
          waitlistEndedAt: null,
          ending: null,
          endedAt: null,
          measurements: []
        })
      break
    }
    case "IntakeHeld": {
      const p = participant(s, dataOf(e, "IntakeHeld").participantId)
      if (p !== undefined && p.ineligibleAt === null) p.eligibleAt ??= dataOf(e, "IntakeHeld").at
      break
    }
    case "ConsentsRecorded": {
      const d = dataOf(e, "ConsentsRecorded")
      const p = participant(s, d.participantId)
      if (p !== undefined && p.ineligibleAt === null) p.eligibleAt ??= d.at
      break
    }
    case "ParticipantFoundIneligible": {
      const d = dataOf(e, "ParticipantFoundIneligible")
      const p = participant(s, d.participantId)
      if (p !== undefined) {
        p.ineligibleAt ??= d.at
        p.eligibleAt = null
        leaveWaitlist(p, d.at)
      }
      break
    }
    case "ParticipantDeclined": {
      const d = dataOf(e, "ParticipantDeclined")
      const p = participant(s, d.participantId)
      if (p !== undefined) {
        p.declinedAt ??= d.at
        leaveWaitlist(p, d.at)
      }
      break
    }
    case "ParticipantWaitlisted": {
      const d = dataOf(e, "ParticipantWaitlisted")
      const p = participant(s, d.participantId)
      if (p !== undefined) {
        p.waitlistedAt ??= d.at
        p.eligibleAt ??= d.at
      }
      break
    }
    case "ParticipantEnrolled":
    case "MemberEnrolled": {
      const d = dataOf(e, "MemberEnrolled")
      enrol(s, d.participantId, d.at)
      break
    }
    case "ParticipantCompleted":
      end(participant(s, dataOf(e, "ParticipantCompleted").participantId), "completed", dataOf(e, "ParticipantCompleted").at)
      break
    case "ParticipantWithdrew":
      end(participant(s, dataOf(e, "ParticipantWithdrew").participantId), "withdrawn", dataOf(e, "ParticipantWithdrew").at)
      break
    case "ParticipantDroppedOut":
      end(participant(s, dataOf(e, "ParticipantDroppedOut").participantId), "dropped-out", dataOf(e, "ParticipantDroppedOut").at)
      break
    case "MemberLeft": {
      const d = dataOf(e, "MemberLeft")
      end(participant(s, d.participantId), d.ending, d.at)
      break
    }
    case "SessionPlanned": {
      const d = dataOf(e, "SessionPlanned")
      const x = session(s, d.sessionId)
      x.groupId = d.groupId
      x.number = d.number
      const g = s.groups.get(d.groupId)
      if (g !== undefined && !g.sessions.includes(d.sessionId)) g.sessions.push(d.sessionId)
      break
    }
    case "SessionHeld": {
      const d = dataOf(e, "SessionHeld")
      const x = session(s, d.sessionId)
      x.date = d.date
      x.present = []
      x.excused = []
      x.absent = []
      for (const a of d.attendance) x[a.status].push(a.participantId)
      break
    }
    case "AnonymousFeedbackBatchClosed": {
      const d = dataOf(e, "AnonymousFeedbackBatchClosed")
      session(s, d.sessionId).feedbackBatch = { streamId: e.streamId, position: e.position }
      break
    }
    case "OutcomeMeasured": {
      const d = dataOf(e, "OutcomeMeasured")
      participant(s, d.participantId)?.measurements.push({ phase: d.phase, at: d.at, streamId: e.streamId, position: e.position })
      break
    }
  }
  return s
}

interface Saved {
  readonly groups: ReadonlyArray<GroupEntry>
  readonly sessions: ReadonlyArray<SessionEntry>
  readonly participants: ReadonlyArray<ParticipantEntry>
  readonly consents: ReadonlyArray<readonly [string, ReadonlyArray<Participant.ConsentEntry>]>
}

const decodeConsents = Schema.decodeUnknownSync(Schema.Array(Schema.Tuple(Schema.String, Schema.Array(Participant.ConsentEntry))))

/** @category projections */
export const projection: Projection.Projection<State> = {
  name: "report-facts",
  version: 2,
  initial: () => ({ groups: new Map(), sessions: new Map(), participants: new Map(), consents: new Map() }),
  evolve,
  toJson: (s): Saved => ({
    groups: [...s.groups.values()],
    sessions: [...s.sessions.values()],
    participants: [...s.participants.values()],
    consents: [...s.consents]
  }),
  fromJson: (json) => {
    const j = json as Saved
    return {
      groups: new Map(j.groups.map((g) => [g.groupId, g])),
      sessions: new Map(j.sessions.map((x) => [x.sessionId, x])),
      participants: new Map(j.participants.map((p) => [p.participantId, p])),
      consents: new Map(decodeConsents(j.consents).map(([id, entries]) => [id, [...entries]]))
    }
  }
}

/**
 * The participation's consent records for the purpose `reporting`, in the order recorded.
 *
 * @category queries
 */
export const consentsOf = (s: State, participantId: string): ReadonlyArray<Participant.ConsentEntry> => s.consents.get(participantId) ?? []

/** A group's attributes that are not in its events. @category models */
export interface GroupAttributes {
  readonly organiserId?: string | null | undefined
  readonly region?: string | null | undefined
  readonly language?: string | null | undefined
}

/** What `facts` needs besides the state. @category models */
export interface FactsInput<C extends string> {
  /** Puts a free-text cancellation reason into a category (e.g. `Facts.categorise` of `@vertaistuki/reports`). */
  readonly categorise: (reason: string) => C
  /** The answers of each measurement revealed through the vault, by `streamId@position`; a measurement without answers is left out. */
  readonly answers: ReadonlyMap<string, ReadonlyArray<number>>
  /** How many responses each revealed anonymous feedback batch holds, by `streamId@position`. */
  readonly responses: ReadonlyMap<string, number>
  readonly attributes?: ((groupId: string) => GroupAttributes) | undefined
}

/** The key of a measurement in `FactsInput.answers`. @category combinators */
export const measurementKey = (m: Pick<MeasurementEntry, "streamId" | "position">): string => `${m.streamId}@${m.position}`

/**
 * The state as the report package's `Facts` (structurally, so the store does not depend on it).
 *
 * @category queries
 */
export const facts = <C extends string>(s: State, input: FactsInput<C>) => ({
  groups: [...s.groups.values()].map((g) => {
    const a = input.attributes?.(g.groupId) ?? {}
    return {
      groupId: g.groupId,
      programmeId: g.programmeId,
      organiserId: a.organiserId ?? null,
      region: a.region ?? null,
      language: a.language ?? null,
      plannedAt: g.plannedAt,
      startedAt: g.startedAt,
      completedAt: g.completedAt,
      cancelledAt: g.cancelledAt,
      cancellation: g.cancellationReason === null ? null : input.categorise(g.cancellationReason),
      sessions: g.sessions.flatMap((id) => {
        const x = s.sessions.get(id)
        return x === undefined
          ? []
          : [{ sessionId: x.sessionId, number: x.number, date: x.date, present: x.present, excused: x.excused, absent: x.absent,
                anonymousResponses: x.feedbackBatch === null ? null : (input.responses.get(measurementKey(x.feedbackBatch)) ?? null)
              }]
      })
    }
  }),
  participants: [...s.participants.values()].map((p) => ({
    participantId: p.participantId,
    groupId: p.groupId,
    referredAt: p.referredAt,
    eligibleAt: p.eligibleAt,
    ineligibleAt: p.ineligibleAt,
    declinedAt: p.declinedAt,
    enrolledAt: p.enrolledAt,
    waitlistedAt: p.waitlistedAt,
    waitlistEndedAt: p.waitlistEndedAt,
    ending: p.ending,
    endedAt: p.endedAt,
    measurements: p.measurements.flatMap((m) => {
      const answers = input.answers.get(measurementKey(m))
      return answers === undefined ? [] : [{ phase: m.phase, at: m.at, answers }]
    }),
    consents: [...consentsOf(s, p.participantId)]
  }))
})
