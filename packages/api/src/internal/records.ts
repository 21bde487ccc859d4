/**
 * The API's own records beside the lifecycles' streams: an organisation and its groups, a group's plan,
 * referrals and schedule, where a participation belongs, and the refusal log. They hold ids, names of groups
 * and staff user ids only, never a client's personal data.
 */
import { Language } from "@vertaistuki/core"
import type { EventStore } from "@vertaistuki/store"
import { Either, Schema } from "effect"
import { Id } from "../Authorization.js"
import { PlanProblem } from "./model.js"

/** `coordinator-organisation-<organisationId>`: the organisation and the groups it planned. */
export const organisationStream = (organisationId: string): string => `coordinator-organisation-${organisationId}`
/** `coordinator-group-<groupId>`: the group's plan, referrals and schedule. */
export const groupRecordStream = (groupId: string): string => `coordinator-group-${groupId}`
/** `coordinator-route-<participantId>`: the group a participation belongs to (no person named). */
export const routeStream = (participantId: string): string => `coordinator-route-${participantId}`
/** `coordinator-refusals-<organisationId>`: every refused action of the organisation's users. */
export const refusalStream = (organisationId: string): string => `coordinator-refusals-${organisationId}`

export const OrganisationRegistered = Schema.TaggedStruct("CoordinatorOrganisationRegistered", { organisationId: Id, name: Schema.String })
export const GroupAdded = Schema.TaggedStruct("CoordinatorGroupAdded", { groupId: Id })
export const LeaderRecord = Schema.Struct({ userId: Id, role: Schema.String, trainings: Schema.Array(Schema.String) })
export const GroupPlanRecorded = Schema.TaggedStruct("CoordinatorGroupPlanned", {
  groupId: Id,
  organisationId: Id,
  programmeId: Schema.String,
  name: Schema.String,
  language: Language.Language,
  leaders: Schema.Array(LeaderRecord),
  sessionCount: Schema.Int,
  defaultMinutes: Schema.NullOr(Schema.Int),
  usesProtectedName: Schema.Boolean,
  plannedAt: Schema.String,
  advice: Schema.Array(PlanProblem)
})
export type GroupPlanRecorded = typeof GroupPlanRecorded.Type
export const ParticipantAdded = Schema.TaggedStruct("CoordinatorParticipantAdded", { participantId: Id, personId: Id })
export const ScheduleRecorded = Schema.TaggedStruct("CoordinatorScheduleRecorded", {
  sessionCount: Schema.Int,
  skipped: Schema.Array(
    Schema.Struct({ date: Schema.String, reason: Schema.Literal("public-holiday", "office-closed", "weekend", "closed-by-organiser"), name: Language.LocalizedText })
  )
})
export type ScheduleRecorded = typeof ScheduleRecorded.Type
export const ParticipantRouted = Schema.TaggedStruct("CoordinatorParticipantRouted", { groupId: Id })
export const AccessRefused = Schema.TaggedStruct("AccessRefused", {
  userId: Id,
  role: Schema.String,
  action: Schema.String,
  rule: Schema.String,
  groupId: Schema.NullOr(Schema.String),
  at: Schema.String
})

export const Record = Schema.Union(OrganisationRegistered, GroupAdded, GroupPlanRecorded, ParticipantAdded, ScheduleRecorded, ParticipantRouted, AccessRefused)
export type Record = typeof Record.Type

const decodeRecord = Schema.decodeUnknownEither(Record)
const encodeRecord = Schema.encodeSync(Record)

/** A record as a `NewEvent`. */
export const toEvent = (r: Record): EventStore.NewEvent => ({ type: r._tag, data: encodeRecord(r) })

/** The records among stored events (others skipped). */
export const fromEvents = (events: ReadonlyArray<EventStore.RecordedEvent>): ReadonlyArray<Record> =>
  events.flatMap((e) => {
    const d = decodeRecord(e.data)
    return Either.isRight(d) ? [d.right] : []
  })
