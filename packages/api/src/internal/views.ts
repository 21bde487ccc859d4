/**
 * What the service reads of a group (its record, its streams replayed) and the views it answers with,
 * as pure functions of what was read.
 */
import { type Consent, type Group, type Lifecycle, Participant, ProgrammeTemplate, Schedule, type Session } from "@vertaistuki/core"
import type { EventStore, PersonalDataVault } from "@vertaistuki/store"
import { Effect } from "effect"
import { DateTime } from "luxon"
import * as Workflow from "../Workflow.js"
import type * as M from "./model.js"
import type * as R from "./records.js"

const zone = Schedule.zone

export interface GroupRecord {
  readonly plan: R.GroupPlanRecorded
  readonly template: ProgrammeTemplate.ProgrammeTemplate
  readonly participants: ReadonlyArray<{ readonly participantId: string; readonly personId: string }>
  readonly schedule: R.ScheduleRecorded | null
}

export const sessionIdOf = (groupId: string, n: number): string => `${groupId}-s${n}`

export interface ParticipantSnapshot {
  readonly participantId: string
  readonly personId: string
  readonly state: Participant.State
  readonly events: ReadonlyArray<Participant.ParticipantEvent>
}

export interface SessionSnapshot {
  readonly sessionId: string
  readonly state: Session.State
  readonly theme: string | null
  readonly guests: ReadonlyArray<Session.Guest>
  readonly feedback: { readonly responses: number; readonly withheld: number; readonly ratings: ReadonlyArray<number> } | null
}

export interface GroupSnapshot {
  readonly streams: ReadonlyMap<string, ReadonlyArray<EventStore.RecordedEvent>>
  readonly record: GroupRecord
  readonly group: Group.State
  readonly participants: ReadonlyArray<ParticipantSnapshot>
  readonly sessions: ReadonlyArray<SessionSnapshot>
}

export const replayStored = <S, C, E extends Lifecycle.LifecycleEvent, Err>(stored: ReadonlyArray<EventStore.RecordedEvent>, decider: Workflow.Decider<S, C, E, Err>) =>
  Effect.map(Workflow.decodeAll(stored), (events) => Workflow.replay(decider, events))


export const features = (t: ProgrammeTemplate.ProgrammeTemplate) => ({
  messagingGroup: t.consents.some((c) => c.purpose === "messaging-group") || (t.intake?.confirmsConsents ?? []).includes("messaging-group"),
  outcomes: t.instruments.some((i) => i._tag === "LifeSituation3X10D"),
  anonymousFeedback: t.instruments.some((i) => i._tag === "SessionFeedback" && i.anonymousAllowed),
  remoteIntake: t.intake?.technologyRehearsal === true,
  budgetLines: t.id === "experience-expert-structure"
})

export const statusOf = (g: Group.State): typeof M.GroupStatus.Type => (g.status === "none" ? "draft" : g.status)

export const summaryOf = (record: GroupRecord, group: Group.State): M.GroupSummary => ({
  groupId: record.plan.groupId,
  organisationId: record.plan.organisationId,
  programmeId: record.plan.programmeId,
  name: record.plan.name,
  language: record.plan.language,
  status: statusOf(group),
  minimum: group.plan?.rules.minimum ?? 0,
  capacity: group.plan?.rules.maximum ?? 0,
  enrolled: group.enrolled,
  usesProtectedName: record.plan.usesProtectedName,
  leaders: record.plan.leaders.map((l) => ({ userId: l.userId, role: l.role as M.PlannedLeader["role"] })),
  plannedAt: DateTime.fromISO(record.plan.plannedAt, { zone })
})

export const sessionViewOf = (groupId: string, s: SessionSnapshot): M.SessionView => ({
  sessionId: s.sessionId,
  groupId,
  number: s.state.number,
  status: s.state.status === "none" ? "planned" : s.state.status,
  start: s.state.start === null ? null : DateTime.fromISO(s.state.start, { zone }),
  minutes: s.state.minutes,
  modality: s.state.modality ?? "in-person",
  theme: s.theme,
  present: s.state.attendance.filter((a) => a.status === "present").length,
  excused: s.state.attendance.filter((a) => a.status === "excused").length,
  absent: s.state.attendance.filter((a) => a.status === "absent").length,
  feedbackResponses: s.feedback?.responses ?? null
})

export const detailOf = (snap: GroupSnapshot): M.GroupDetail => ({
  ...summaryOf(snap.record, snap.group),
  waitlisted: snap.participants.filter((p) => p.state.status === "waitlisted").length,
  referred: snap.participants.length,
  advice: snap.record.plan.advice,
  sessions: snap.sessions.map((s) => sessionViewOf(snap.record.plan.groupId, s)),
  features: features(snap.record.template)
})

export const contactOf = (revealed: PersonalDataVault.Revealed | undefined): M.ParticipantView["contact"] => {
  if (revealed === undefined || revealed._tag === "None") return { _tag: "None" }
  if (revealed._tag !== "Fields") return { _tag: "Erased" }
  const f = revealed.fields
  const own = (k: string) => (Object.hasOwn(f, k) && typeof f[k] === "string" ? f[k] : null)
  const language = own("language")
  return { _tag: "Contact", name: own("name") ?? "", phone: own("phone"), email: own("email"), language: language === "sv" || language === "en" ? language : "fi" }
}

export const participantViewOf = (p: Participant.State, contact: M.ParticipantView["contact"]): M.ParticipantView => ({
  participantId: p.participantId,
  personId: p.personId,
  groupId: p.groupId,
  status: p.status === "none" ? "referred" : p.status,
  source: p.source,
  modality: p.modality,
  consents: [...p.consents],
  inMessagingGroup: p.inMessagingGroup,
  intakeAt: p.intakeAt === null ? null : DateTime.fromISO(p.intakeAt, { zone }),
  contact
})

/** The consent records kept in a participant's stream, as the core's records of the person. */
export const recordsOf = (p: Participant.State, events: ReadonlyArray<Participant.ParticipantEvent>): ReadonlyArray<Consent.ConsentRecord> =>
  events.flatMap((e) => (e._tag === "ConsentRecorded" ? [Participant.recordOf(p.personId, e.record)] : []))

export const subjectOf = (p: Participant.State, facts?: M.SubjectFacts): Consent.Subject => ({
  id: p.personId,
  ...(facts?.dateOfBirth === undefined ? {} : { dateOfBirth: facts.dateOfBirth }),
  ...(facts?.understandsOwnData === undefined ? {} : { understandsOwnData: facts.understandsOwnData })
})

export const consentRecord = (p: Participant.State, input: M.ConsentInput, at: DateTime): Consent.ConsentRecord => ({
  person: p.personId,
  purpose: input.purpose,
  action: input.action,
  givenBy: input.givenBy,
  textVersion: input.textVersion,
  at,
  channel: input.channel,
  ...(input.scope === undefined ? {} : { scope: input.scope }),
  ...(input.expiresAt === undefined ? {} : { expiresAt: input.expiresAt })
})

export const templateSummary = (t: ProgrammeTemplate.ProgrammeTemplate): M.TemplateSummary => ({
  programmeId: t.id,
  name: t.name,
  summary: t.summary,
  languages: [...t.languages],
  minimum: t.groupSize.min,
  maximum: t.groupSize.max,
  sizeUnit: t.groupSize.unit,
  sessions: { min: t.sessionPlan.count.min ?? ProgrammeTemplate.sessionCount(t), max: t.sessionPlan.count.max },
  sessionLengthKnown: Array.from({ length: Math.max(1, ProgrammeTemplate.sessionCount(t)) }, (_, i) => ProgrammeTemplate.sessionSpec(t, i + 1)).every(
    (s) => s?.plannedMinutes?.max !== undefined
  ),
  brand: t.brand === null ? null : { name: t.brand.name, requiredTraining: t.brand.requiredTraining },
  groupForms: [...t.groupForms],
  leaderRoles: t.leaders.slots.map((s) => ({ role: s.role, count: s.count, recommended: s.recommended })),
  measuresOutcomes: t.instruments.some((i) => i._tag === "LifeSituation3X10D")
})

/** The waiting list of a group: the waitlisted, in the order they were put on it. */
export const waitingOf = (snap: GroupSnapshot) =>
  snap.participants
    .filter((p) => p.state.status === "waitlisted")
    .map((p) => ({ participantId: p.participantId, since: [...p.events].reverse().find((e) => e._tag === "ParticipantWaitlisted")?.at ?? "" }))
    .sort((a, b) => a.since.localeCompare(b.since) || a.participantId.localeCompare(b.participantId))
