/**
 * The coordinator service over the store: each operation authorises the actor, reads what it needs (logged
 * under the actor), decides with the core and appends through `Workflow`.
 */
import { randomUUID } from "node:crypto"
import {
  Catalogue,
  Consent,
  Eligibility,
  Feedback,
  Group,
  GroupPlan,
  ICalendar,
  Language,
  Outcome,
  Participant,
  ProgrammeTemplate,
  Rule,
  Schedule,
  Session,
  Validation
} from "@vertaistuki/core"
import { Comparison, CostModel, Report, Sensitivity } from "@vertaistuki/costs"
import { AccessLog, Deliveries, EventStore, Outbox, PersonalDataVault, type StoreDriver, } from "@vertaistuki/store"
import { Clock, Context, Effect, Either, Option, } from "effect"
import { DateTime } from "luxon"
import * as Authorization from "../Authorization.js"
import type { Coordinator } from "../Coordinator.js"
import * as Workflow from "../Workflow.js"
import { boundary, fromCore, refused, Skip } from "./errors.js"
import { scenarioOf } from "./costs.js"
import * as M from "./model.js"
import * as R from "./records.js"
import { validated } from "./validate.js"
import {
  consentRecord,
  contactOf,
  detailOf,
  type GroupRecord,
  type GroupSnapshot,
  type ParticipantSnapshot,
  participantViewOf,
  recordsOf,
  replayStored,
  type SessionSnapshot,
  sessionIdOf,
  sessionViewOf,
  statusOf,
  subjectOf,
  summaryOf,
  templateSummary,
  waitingOf
} from "./views.js"

type Actor = Authorization.Actor
type Fail = M.CoordinatorError
type Services = StoreDriver.Services | AccessLog.Actor

const zone = Schedule.zone

/** The legal basis of the organiser's processing of a group's data. */
const BASIS = "Social Welfare Act 1301/2014; Client Data Act 703/2023"

const accessContext = (actor: Actor, purpose: string, legalBasis = BASIS): AccessLog.AccessContext => ({ actor: actor.userId, purpose, legalBasis })

/** Builds the service over the store's services in context. */
export const make: Effect.Effect<Coordinator, never, StoreDriver.Services> = Effect.gen(function* () {
  const context = yield* Effect.context<StoreDriver.Services>()
  const es = Context.get(context, EventStore.EventStore)
  const vault = Context.get(context, PersonalDataVault.PersonalDataVault)
  const accessLog = Context.get(context, AccessLog.AccessLog)

  const now = Effect.map(Clock.currentTimeMillis, (ms) => DateTime.fromMillis(ms, { zone }))

  /** Runs a step as the actor (every read logged under them) with the store's services. */
  const as =
    (actor: Actor, purpose: string) =>
    <A, E>(self: Effect.Effect<A, E, Services>): Effect.Effect<A, Fail> =>
      boundary(self).pipe(AccessLog.actingAs(accessContext(actor, purpose)), Effect.provide(context))

  /** Authorises, or records the refusal and fails with `Forbidden`. */
  const guard = (actor: Actor, action: Authorization.Action, resource: Authorization.Resource): Effect.Effect<void, Fail, EventStore.EventStore> => {
    const decided = Authorization.authorize(actor, action, resource)
    if (Either.isRight(decided)) return Effect.void
    const forbidden = decided.left
    return Effect.gen(function* () {
      const at = (yield* now).toUTC().toISO()!
      const entry = R.AccessRefused.make({ userId: actor.userId, role: actor.role, action, rule: forbidden.rule, groupId: resource.groupId ?? null, at })
      // The refusal is logged even when the refusal log cannot be written; the refusal stands either way.
      yield* Effect.ignore(Workflow.appendLog(R.refusalStream(actor.organisationId), [R.toEvent(entry)]))
      return yield* Effect.fail(forbidden)
    })
  }

  const readRecords = (streamId: string) => Effect.map(es.readStream(streamId), R.fromEvents)

  const loadGroupRecord = (groupId: string) =>
    Effect.gen(function* () {
      const records = yield* readRecords(R.groupRecordStream(groupId))
      let plan: R.GroupPlanRecorded | undefined
      let schedule: R.ScheduleRecorded | null = null
      const participants: Array<{ participantId: string; personId: string }> = []
      for (const r of records) {
        if (r._tag === "CoordinatorGroupPlanned") plan = r
        else if (r._tag === "CoordinatorParticipantAdded") participants.push({ participantId: r.participantId, personId: r.personId })
        else if (r._tag === "CoordinatorScheduleRecorded") schedule = r
      }
      if (plan === undefined) return yield* Effect.fail(new M.NotFound({ entity: "group", field: "groupId" }))
      const template = Option.getOrUndefined(Catalogue.get(plan.programmeId))
      if (template === undefined) return yield* Effect.fail(new M.NotFound({ entity: "programme", field: "programmeId" }))
      return { plan, template, participants, schedule } satisfies GroupRecord
    })

  /** The group's record, authorised for `action`. */
  const authorisedGroup = (actor: Actor, action: Authorization.Action, groupId: string) =>
    Effect.gen(function* () {
      // Who may not see any group's matters is refused before anything is read.
      yield* guardRole(actor, action, groupId)
      const record = yield* loadGroupRecord(groupId)
      yield* guard(actor, action, { organisationId: record.plan.organisationId, groupId, leaderIds: record.plan.leaders.map((l) => l.userId) })
      return record
    })

  /** Refuses an action the role never has, before any read. */
  const guardRole = (actor: Actor, action: Authorization.Action, groupId?: string) =>
    Authorization.permits(actor.role, action) ? Effect.void : guard(actor, action, { organisationId: actor.organisationId, ...(groupId === undefined ? {} : { groupId }) })

  /** The group a participation belongs to (its route record names no person). */
  const groupOfParticipant = (participantId: string) =>
    Effect.gen(function* () {
      const route = (yield* readRecords(R.routeStream(participantId))).find((r) => r._tag === "CoordinatorParticipantRouted")
      if (route === undefined) return yield* Effect.fail(new M.NotFound({ entity: "participant", field: "participantId" }))
      return route.groupId
    })

  const authorisedParticipant = (actor: Actor, action: Authorization.Action, participantId: string) =>
    Effect.gen(function* () {
      yield* guardRole(actor, action)
      const groupId = yield* groupOfParticipant(participantId)
      const record = yield* authorisedGroup(actor, action, groupId)
      const loaded = yield* Workflow.load(Workflow.participantStream(participantId), Workflow.participant)
      if (loaded.state.status === "none") return yield* Effect.fail(new M.NotFound({ entity: "participant", field: "participantId" }))
      return { record, participant: loaded.state, events: loaded.events }
    })

  /** The group's streams read at once (one logged read); `extra` streams are read with them. */
  const snapshot = (record: GroupRecord, extra: ReadonlyArray<string> = []) =>
    Effect.gen(function* () {
      const groupId = record.plan.groupId
      const sessionIds = Array.from({ length: record.schedule?.sessionCount ?? 0 }, (_, i) => sessionIdOf(groupId, i + 1))
      const streams = yield* es.readStreams([
        ...extra,
        Workflow.groupStream(groupId),
        ...record.participants.map((p) => Workflow.participantStream(p.participantId)),
        ...sessionIds.flatMap((s) => [Workflow.sessionStream(s), Workflow.feedbackStream(s)])
      ])
      const group = yield* replayStored(streams.get(Workflow.groupStream(groupId)) ?? [], Workflow.group)
      const participants: Array<ParticipantSnapshot> = []
      for (const p of record.participants) {
        const r = yield* replayStored(streams.get(Workflow.participantStream(p.participantId)) ?? [], Workflow.participant)
        if (r.state.status !== "none") participants.push({ ...p, state: r.state, events: r.events })
      }
      const sessions: Array<SessionSnapshot> = []
      for (const sessionId of sessionIds) {
        const s = yield* replayStored(streams.get(Workflow.sessionStream(sessionId)) ?? [], Workflow.session)
        if (s.state.status === "none") continue
        const planned = s.events.find((e) => e._tag === "SessionPlanned")
        let feedback: SessionSnapshot["feedback"] = null
        for (const f of streams.get(Workflow.feedbackStream(sessionId)) ?? []) {
          const d = f.data as { readonly responses?: unknown; readonly withheld?: unknown }
          const responses = Array.isArray(d.responses) ? (d.responses as ReadonlyArray<{ readonly rating?: unknown }>) : []
          const withheld = typeof d.withheld === "number" ? d.withheld : 0
          feedback = {
            responses: responses.length + withheld,
            withheld,
            ratings: responses.flatMap((x) => (typeof x.rating === "number" ? [x.rating] : []))
          }
        }
        const held = s.events.find((e) => e._tag === "SessionHeld")
        sessions.push({
          sessionId,
          state: s.state,
          theme: planned?._tag === "SessionPlanned" ? planned.theme : null,
          guests: held?._tag === "SessionHeld" ? held.guests : [],
          feedback
        })
      }
      return { record, group: group.state, participants, sessions, streams } satisfies GroupSnapshot
    })

  /** The contact details of a participation: the referral's sealed fields, revealed (logged) for `purpose`. */
  const reveal = (actor: Actor, participantId: string, purpose: string) =>
    Effect.gen(function* () {
      const first = yield* es.readStream(Workflow.participantStream(participantId), { limit: 1 })
      if (first.length === 0) return { _tag: "None" } as const
      const [revealed] = yield* vault.reveal(first, accessContext(actor, purpose))
      return contactOf(revealed)
    })

  // -------------------------------------------------------------------------------------------
  // Steps
  // -------------------------------------------------------------------------------------------

  const groupStep = (record: GroupRecord, command: (g: Group.State) => Either.Either<Group.Command, Fail | Skip>, at: DateTime) =>
    Workflow.run({
      streamId: Workflow.groupStream(record.plan.groupId),
      decider: Workflow.group,
      command,
      now: at,
      groupId: () => record.plan.groupId,
      personOf: (id) => record.participants.find((p) => p.participantId === id)?.personId
    })

  const participantStep = (
    participantId: string,
    command: (p: Participant.State, events: ReadonlyArray<Participant.ParticipantEvent>) => Either.Either<Participant.Command, Fail | Skip>,
    at: DateTime,
    personal?: Readonly<Record<string, string>>
  ) =>
    Workflow.run({
      streamId: Workflow.participantStream(participantId),
      decider: Workflow.participant,
      command,
      now: at,
      encode: (e, s) => ({
        personId: e._tag === "ParticipantReferred" ? e.personId : s.personId,
        ...(e._tag === "ParticipantReferred" && personal !== undefined ? { personal } : {})
      }),
      groupId: (s) => s.groupId,
      personOf: (_, s) => s.personId
    })

  const sessionStep = (sessionId: string, groupId: string, command: (s: Session.State) => Either.Either<Session.Command, Fail | Skip>, at: DateTime) =>
    Workflow.run({
      streamId: Workflow.sessionStream(sessionId),
      decider: Workflow.session,
      command,
      now: at,
      encode: () => ({ groupId }),
      groupId: () => groupId
    })

  const ok = <C>(c: C): Either.Either<C, Fail | Skip> => Either.right(c)

  /** After a participant's journey ended (a withdrawal, also by a withdrawn consent), their place in the group is freed. */
  const freePlace = (record: GroupRecord, participantId: string, events: ReadonlyArray<Participant.ParticipantEvent>, at: DateTime) =>
    Effect.gen(function* () {
      const ended = events.find((e) => e._tag === "ParticipantWithdrew" || e._tag === "ParticipantDroppedOut")
      if (ended === undefined) return
      const ending: Group.Ending = ended._tag === "ParticipantWithdrew" ? "withdrawn" : "dropped-out"
      yield* groupStep(record, (g) => (Group.isMember(g, participantId) ? ok({ _tag: "Leave", participantId, ending }) : Either.left(skip)), at).pipe(
        Effect.catchTag("Skip", () => Effect.void)
      )
    })
  const skip = new Skip()

  const viewParticipant = (actor: Actor, participantId: string, purpose: string) =>
    Effect.gen(function* () {
      const loaded = yield* Workflow.load(Workflow.participantStream(participantId), Workflow.participant)
      return participantViewOf(loaded.state, yield* reveal(actor, participantId, purpose))
    })

  const groupDetail = (groupId: string) => Effect.flatMap(loadGroupRecord(groupId), snapshot).pipe(Effect.map(detailOf))

  /** The plan a request makes, and its problems against the template. */
  const checkPlan = (request: M.PlanGroupRequest) =>
    Effect.gen(function* () {
      const template = Option.getOrUndefined(Catalogue.get(request.programmeId))
      if (template === undefined) return yield* Effect.fail(new M.InvalidRequest({ field: "programmeId", expected: `one of ${Catalogue.ids.join(", ")}` }))
      const groupSize =
        request.minimum === undefined && request.maximum === undefined
          ? undefined
          : { ...(request.minimum === undefined ? {} : { min: request.minimum }), ...(request.maximum === undefined ? {} : { max: request.maximum }) }
      const plan = GroupPlan.fromTemplate(template, {
        name: request.name,
        language: request.language,
        organisers: request.organisers,
        leaders: request.leaders.map((l) => ({ name: l.userId, role: l.role, trainings: l.trainings })),
        ...(request.sessionCount === undefined ? {} : { sessionCount: request.sessionCount }),
        ...(request.defaultMinutes === undefined ? {} : { defaultMinutes: request.defaultMinutes }),
        ...(request.groupForm === undefined ? {} : { groupForm: request.groupForm }),
        ...(groupSize === undefined ? {} : { groupSize }),
        ...(request.expectedParticipants === undefined ? {} : { expectedParticipants: request.expectedParticipants })
      })
      if (Either.isLeft(plan)) {
        const field = plan.left.field === "defaultMinutes" || plan.left.field === "leaders" || plan.left.field === "name" ? plan.left.field : plan.left.field
        return yield* Effect.fail(new M.PlanProblems({ problems: [{ tag: "InvalidPlanSettings", path: field, expected: plan.left.expected, severity: "error", message: plan.left.message }], suggestedName: null }))
      }
      const withWaiver =
        request.minimumWaiverReason === undefined ? plan.right : new GroupPlan.GroupPlan({ ...plan.right, minimumWaiver: { reason: request.minimumWaiverReason } }, true)
      const problems = Validation.groupPlanProblems(template, withWaiver).map(
        (p): M.PlanProblem => ({ tag: p._tag, path: p.path, expected: p.expected, severity: p.severity, message: p.message })
      )
      const trademark = Validation.groupPlanProblems(template, withWaiver).find((p) => p._tag === "TrademarkRequiresTraining")
      const suggestedName = trademark?._tag === "TrademarkRequiresTraining" ? trademark.suggestedName : null
      return { template, plan: withWaiver, problems, suggestedName, valid: !problems.some((p) => p.severity === "error") }
    })

  const newId = (prefix: string) => `${prefix}-${randomUUID()}`

  // -------------------------------------------------------------------------------------------
  // Operations
  // -------------------------------------------------------------------------------------------

  const service: Coordinator = validated({
    templates: (actor) =>
      as(actor, "catalogue")(
        Effect.gen(function* () {
          yield* guard(actor, "catalogue.read", { organisationId: actor.organisationId })
          return Catalogue.all.map(templateSummary)
        })
      ),

    ensureOrganisation: (actor, request) =>
      as(actor, "organisation-administration")(
        Effect.gen(function* () {
          yield* guard(actor, "organisation.manage", { organisationId: request.organisationId })
          const records = yield* readRecords(R.organisationStream(request.organisationId))
          const registered = records.find((r) => r._tag === "CoordinatorOrganisationRegistered")
          if (registered === undefined) {
            yield* es
              .append(R.organisationStream(request.organisationId), "no-stream", [R.toEvent(R.OrganisationRegistered.make({ organisationId: request.organisationId, name: request.name }))])
              .pipe(Effect.catchTag("ConcurrencyConflict", () => Effect.void))
          }
          return {
            organisationId: request.organisationId,
            name: registered?._tag === "CoordinatorOrganisationRegistered" ? registered.name : request.name,
            groups: records.filter((r) => r._tag === "CoordinatorGroupAdded").length
          }
        })
      ),

    organisation: (actor) =>
      as(actor, "organisation-administration")(
        Effect.gen(function* () {
          yield* guard(actor, "group.list", { organisationId: actor.organisationId })
          const records = yield* readRecords(R.organisationStream(actor.organisationId))
          const registered = records.find((r) => r._tag === "CoordinatorOrganisationRegistered")
          if (registered?._tag !== "CoordinatorOrganisationRegistered") return yield* Effect.fail(new M.NotFound({ entity: "organisation", field: "organisationId" }))
          return { organisationId: registered.organisationId, name: registered.name, groups: records.filter((r) => r._tag === "CoordinatorGroupAdded").length }
        })
      ),

    previewPlan: (actor, request) =>
      as(actor, "group-planning")(
        Effect.gen(function* () {
          yield* guard(actor, "group.plan", { organisationId: actor.organisationId })
          const checked = yield* Effect.either(checkPlan(request))
          if (Either.isLeft(checked)) {
            const e = checked.left
            if (e._tag === "PlanProblems") return { valid: false, problems: e.problems, suggestedName: e.suggestedName }
            return yield* Effect.fail(e)
          }
          return { valid: checked.right.valid, problems: checked.right.problems, suggestedName: checked.right.suggestedName }
        })
      ),

    planGroup: (actor, request) =>
      as(actor, "group-planning")(
        Effect.gen(function* () {
          yield* guard(actor, "group.plan", { organisationId: actor.organisationId })
          const checked = yield* checkPlan(request)
          if (!checked.valid) return yield* Effect.fail(new M.PlanProblems({ problems: checked.problems, suggestedName: checked.suggestedName }))
          const rules = Group.rulesFromTemplate(checked.template, {
            ...(checked.plan.groupSize?.min === undefined ? {} : { minimum: checked.plan.groupSize.min }),
            ...(checked.plan.groupSize?.max === undefined ? {} : { maximum: checked.plan.groupSize.max })
          })
          if (Either.isLeft(rules)) return yield* Effect.fail(fromCore(rules.left, rules.left.rule === "capacity-known" ? "maximum" : "minimum"))
          const organisation = yield* readRecords(R.organisationStream(actor.organisationId))
          if (!organisation.some((r) => r._tag === "CoordinatorOrganisationRegistered")) {
            return yield* Effect.fail(new M.NotFound({ entity: "organisation", field: "organisationId" }))
          }
          const groupId = request.groupId ?? newId("g")
          const at = yield* now
          const usesProtectedName = Group.usesProtectedName(checked.template, request.name)
          yield* Workflow.run({
            streamId: Workflow.groupStream(groupId),
            decider: Workflow.group,
            command: () => ok<Group.Command>({ _tag: "Plan", groupId, rules: rules.right, usesProtectedName }),
            now: at,
            retries: 0
          }).pipe(
            Effect.catchTags({
              ConcurrencyConflict: () => Effect.fail(refused("group-id-unique", "a group with this id exists already", "groupId")),
              TransitionRefused: () => Effect.fail(refused("group-id-unique", "a group with this id exists already", "groupId"))
            })
          )
          const advice = checked.problems.filter((p) => p.severity === "advice")
          yield* es.append(R.groupRecordStream(groupId), "no-stream", [
            R.toEvent(
              R.GroupPlanRecorded.make({
                groupId,
                organisationId: actor.organisationId,
                programmeId: checked.template.id,
                name: request.name,
                language: request.language,
                leaders: request.leaders.map((l) => ({ userId: l.userId, role: l.role, trainings: [...l.trainings] })),
                sessionCount: checked.plan.sessions.length,
                defaultMinutes: request.defaultMinutes ?? null,
                usesProtectedName,
                plannedAt: at.toUTC().toISO()!,
                advice
              })
            )
          ])
          yield* Workflow.appendLog(R.organisationStream(actor.organisationId), [R.toEvent(R.GroupAdded.make({ groupId }))])
          return yield* groupDetail(groupId)
        })
      ),

    openRecruitment: (actor, request) =>
      as(actor, "group-administration")(
        Effect.gen(function* () {
          const record = yield* authorisedGroup(actor, "group.manage", request.groupId)
          yield* groupStep(record, () => ok({ _tag: "OpenRecruitment" }), yield* now)
          return yield* groupDetail(request.groupId)
        })
      ),

    schedule: (actor, request) =>
      as(actor, "group-administration")(
        Effect.gen(function* () {
          const record = yield* authorisedGroup(actor, "group.manage", request.groupId)
          const t = record.template
          const slots = Schedule.slotsOf(t, {
            count: record.plan.sessionCount,
            ...(record.plan.defaultMinutes === null ? {} : { minutes: record.plan.defaultMinutes }),
            language: record.plan.language
          })
          if (Either.isLeft(slots)) return yield* Effect.fail(new M.InvalidRequest({ field: "defaultMinutes", expected: slots.left.message }))
          const placed = Schedule.plan({
            start: request.start,
            time: request.time,
            cadence: request.cadence === "weekly" ? Schedule.weekly : Schedule.fortnightly,
            slots: slots.right.map((s) => (s.weekday === "saturday" || s.weekday === "sunday" ? { ...s, time: request.saturdayTime ?? "10:00" } : s)),
            ...(request.closedDays === undefined ? {} : { closedDays: request.closedDays })
          })
          if (Either.isLeft(placed)) {
            const field = placed.left.rule === "valid-time" ? "time" : placed.left.rule === "valid-date" || placed.left.rule === "start-on-working-day" ? "start" : "start"
            return yield* Effect.fail(new M.InvalidRequest({ field, expected: placed.left.message }))
          }
          const at = yield* now
          const groupId = request.groupId
          for (const s of placed.right.sessions) {
            const sessionId = sessionIdOf(groupId, s.number)
            const spec = ProgrammeTemplate.sessionSpec(t, s.number)
            const modality = spec?.modality ?? "in-person"
            const maxMinutes = Session.maxMinutesFor(t, s.number) ?? s.minutes
            yield* sessionStep(
              sessionId,
              groupId,
              (state) =>
                ok<Session.Command>(
                  state.status === "none"
                    ? { _tag: "Plan", sessionId, groupId, number: s.number, modality, maxMinutes, ...(s.title === null ? {} : { theme: s.title }) }
                    : { _tag: "Schedule", start: s.start, minutes: s.minutes }
                ),
              at
            )
            yield* sessionStep(
              sessionId,
              groupId,
              (state) =>
                state.status === "planned"
                  ? ok({ _tag: "Schedule", start: s.start, minutes: s.minutes })
                  : (state.status === "scheduled" || state.status === "rescheduled") && state.start !== s.start.toUTC().toISO()
                    ? ok({ _tag: "Reschedule", start: s.start, minutes: s.minutes })
                    : Either.left(skip),
              at
            ).pipe(Effect.catchTag("Skip", () => Effect.void))
          }
          const skipped = Schedule.skipped(placed.right).map((k) => ({
            date: k.date,
            reason: k.reason,
            name: Language.text(Schedule.skipName(k, "fi"), Schedule.skipName(k, "sv"), Schedule.skipName(k, "en"))
          }))
          yield* Workflow.appendLog(R.groupRecordStream(groupId), [R.toEvent(R.ScheduleRecorded.make({ sessionCount: placed.right.sessions.length, skipped }))])
          const snap = yield* snapshot(yield* loadGroupRecord(groupId))
          return { groupId, sessions: snap.sessions.map((x) => sessionViewOf(groupId, x)), skipped }
        })
      ),

    calendar: (actor, request) =>
      as(actor, "group-administration")(
        Effect.gen(function* () {
          const record = yield* authorisedGroup(actor, "session.read", request.groupId)
          const snap = yield* snapshot(record)
          const sessions = snap.sessions
            .filter((s) => s.state.start !== null && s.state.status !== "cancelled")
            .map((s): Schedule.PlannedSession => {
              const start = DateTime.fromISO(s.state.start!, { zone })
              return { number: s.state.number, start, end: start.plus({ minutes: s.state.minutes }), minutes: s.state.minutes, title: s.theme, skipped: [], rescheduled: s.state.status === "rescheduled" }
            })
          if (sessions.length === 0) return yield* Effect.fail(refused("schedule-before-calendar", "the group has no scheduled sessions yet", "groupId"))
          const body = ICalendar.fromSchedule({ sessions }, { name: record.plan.name, uidPrefix: record.plan.groupId, now: yield* now })
          if (Either.isLeft(body)) return yield* Effect.fail(refused("calendar", body.left.message))
          return { filename: `${record.plan.groupId}.ics`, contentType: "text/calendar; charset=utf-8" as const, body: body.right }
        })
      ),

    startGroup: (actor, request) =>
      as(actor, "group-administration")(
        Effect.gen(function* () {
          const record = yield* authorisedGroup(actor, "group.manage", request.groupId)
          const at = yield* now
          yield* groupStep(record, (g) => (g.status === "recruiting" ? ok({ _tag: "MarkReady" }) : Either.left(skip)), at).pipe(
            Effect.catchTag("Skip", () => Effect.void)
          )
          const leaders = record.plan.leaders.map((l) => ({ leaderId: l.userId, role: l.role as Group.Leader["role"], trainings: l.trainings }))
          yield* groupStep(record, () => ok({ _tag: "Start", leaders, ...(request.waiverReason === undefined ? {} : { waiverReason: request.waiverReason }) }), at)
          const snap = yield* snapshot(record)
          for (const p of snap.participants) {
            if (p.state.status === "enrolled") yield* participantStep(p.participantId, () => ok({ _tag: "StartAttending" }), at)
          }
          return yield* groupDetail(request.groupId)
        })
      ),

    beginClosing: (actor, request) =>
      as(actor, "group-administration")(
        Effect.gen(function* () {
          const record = yield* authorisedGroup(actor, "group.manage", request.groupId)
          yield* groupStep(record, () => ok({ _tag: "BeginClosing" }), yield* now)
          return yield* groupDetail(request.groupId)
        })
      ),

    completeGroup: (actor, request) =>
      as(actor, "group-administration")(
        Effect.gen(function* () {
          const record = yield* authorisedGroup(actor, "group.manage", request.groupId)
          const at = yield* now
          yield* groupStep(record, (g) => (g.status === "running" ? ok({ _tag: "BeginClosing" }) : Either.left(skip)), at).pipe(
            Effect.catchTag("Skip", () => Effect.void)
          )
          yield* groupStep(record, () => ok({ _tag: "Complete" }), at)
          const snap = yield* snapshot(record)
          for (const p of snap.participants) {
            if (p.state.status === "attending") yield* participantStep(p.participantId, () => ok({ _tag: "Complete" }), at)
          }
          return yield* groupDetail(request.groupId)
        })
      ),

    followUp: (actor, request) =>
      as(actor, "group-administration")(
        Effect.gen(function* () {
          const record = yield* authorisedGroup(actor, "group.manage", request.groupId)
          if (!request.held && (request.reason === undefined || request.reason.trim() === "")) {
            return yield* Effect.fail(new M.InvalidRequest({ field: "reason", expected: "the reason the follow-up meeting is skipped" }))
          }
          yield* groupStep(record, () => ok(request.held ? { _tag: "HoldFollowUp" } : { _tag: "SkipFollowUp", reason: request.reason ?? "" }), yield* now)
          return yield* groupDetail(request.groupId)
        })
      ),

    cancelGroup: (actor, request) =>
      as(actor, "group-administration")(
        Effect.gen(function* () {
          const record = yield* authorisedGroup(actor, "group.manage", request.groupId)
          yield* groupStep(record, () => ok({ _tag: "Cancel", reason: request.reason }), yield* now)
          return yield* groupDetail(request.groupId)
        })
      ),

    refer: (actor, request) =>
      as(actor, "referral")(
        Effect.gen(function* () {
          const record = yield* authorisedGroup(actor, "participant.refer", request.groupId)
          const group = yield* Workflow.load(Workflow.groupStream(request.groupId), Workflow.group)
          if (group.state.status !== "recruiting" && group.state.status !== "ready") {
            return yield* Effect.fail(refused("referral-while-recruiting", `the group is ${statusOf(group.state)}; people are referred while it recruits`, "groupId"))
          }
          if (request.source === "institution" && request.disclosureConsent === undefined) {
            return yield* Effect.fail(new M.InvalidRequest({ field: "disclosureConsent", expected: "the person's consent to the institution handing over their contact details (seed 000)" }))
          }
          if (request.disclosureConsent !== undefined && request.disclosureConsent.purpose !== "contact-disclosure") {
            return yield* Effect.fail(new M.InvalidRequest({ field: "disclosureConsent.purpose", expected: "the purpose contact-disclosure" }))
          }
          const participantId = request.participantId ?? newId("p")
          const personId = request.participantId === undefined ? newId("person") : `person-${participantId}`
          const at = yield* now
          const personal: Record<string, string> = {
            name: request.contact.name,
            language: request.contact.language,
            ...(request.contact.phone === undefined ? {} : { phone: request.contact.phone }),
            ...(request.contact.email === undefined ? {} : { email: request.contact.email })
          }
          yield* participantStep(
            participantId,
            () => ok({ _tag: "Refer", participantId, personId, groupId: request.groupId, source: request.source, modality: request.modality }),
            at,
            personal
          ).pipe(Effect.catchTag("TransitionRefused", () => Effect.fail(refused("participant-id-unique", "a participation with this id exists already", "participantId"))))
          yield* es.append(R.routeStream(participantId), "no-stream", [R.toEvent(R.ParticipantRouted.make({ groupId: request.groupId }))])
          yield* Workflow.appendLog(R.groupRecordStream(request.groupId), [R.toEvent(R.ParticipantAdded.make({ participantId, personId }))])
          if (request.disclosureConsent !== undefined) {
            const input = request.disclosureConsent
            yield* participantStep(participantId, (p) => ok({ _tag: "RecordConsent", record: consentRecord(p, input, at) }), at)
          }
          const loaded = yield* Workflow.load(Workflow.participantStream(participantId), Workflow.participant)
          const evidence = { records: recordsOf(loaded.state, loaded.events), subject: subjectOf(loaded.state) }
          yield* participantStep(participantId, () => ok({ _tag: "ReceiveContactDetails", consents: evidence }), at)
          void record
          return yield* viewParticipant(actor, participantId, "referral")
        })
      ),

    eligibility: (actor, request) =>
      as(actor, "eligibility-assessment")(
        Effect.gen(function* () {
          const { record, participant } = yield* authorisedParticipant(actor, "participant.manage", request.participantId)
          const set = Rule.compile(record.template.eligibility)
          if (Either.isLeft(set)) return yield* Effect.fail(refused("eligibility-rules", set.left.message))
          const group = yield* Workflow.load(Workflow.groupStream(record.plan.groupId), Workflow.group)
          const snap = yield* snapshot(record)
          const at = yield* now
          const decision = Eligibility.decide(set.right, request.facts, {
            at,
            places: { capacity: group.state.plan?.rules.maximum ?? 0, enrolled: group.state.enrolled, waitlist: snap.participants.filter((p) => p.state.status === "waitlisted").length }
          })
          let language: Language.Language = request.language ?? record.plan.language
          if (request.language === undefined) {
            const contact = yield* reveal(actor, request.participantId, "eligibility-assessment")
            if (contact._tag === "Contact") language = contact.language
          }
          let recorded = false
          // An ineligible decision is recorded while the person is on their way in (the journey allows it until enrolment).
          const beforeEnrolment = ["referred", "contact-received", "intake-scheduled", "intake-held", "consents-recorded", "waitlisted"]
          if (decision.outcome === "ineligible" && beforeEnrolment.includes(participant.status)) {
            yield* participantStep(request.participantId, () => ok({ _tag: "FindIneligible", decision }), at)
            recorded = true
          }
          const e = Eligibility.explain(decision, language)
          return {
            participantId: request.participantId,
            programmeId: record.template.id,
            outcome: decision.outcome,
            recorded,
            language,
            summary: e.summary,
            rules: e.rules.map((r) => ({ path: r.path, depth: r.depth, text: r.text, outcome: r.outcome })),
            questions: [...e.questions],
            note: e.note ?? null
          }
        })
      ),

    intake: (actor, request) =>
      as(actor, "intake-interview")(
        Effect.gen(function* () {
          const { record, participant } = yield* authorisedParticipant(actor, "participant.manage", request.participantId)
          const at = yield* now
          const id = request.participantId
          if (participant.status === "contact-received") {
            yield* participantStep(id, () => ok({ _tag: "ScheduleIntake", intakeAt: request.intakeAt, modality: request.modality }), at)
          }
          const held = yield* participantStep(id, () => ok({ _tag: "HoldIntake", technologyRehearsed: request.technologyRehearsed }), at).pipe(
            Effect.mapError((e) => (e._tag === "RuleViolated" ? fromCore(e, "technologyRehearsed") : e))
          )
          void held
          for (const input of request.consents) {
            yield* participantStep(id, (p) => ok({ _tag: "RecordConsent", record: consentRecord(p, input, at) }), at)
          }
          // RecordConsents decides on the records kept in the stream (read afresh on every attempt).
          yield* participantStep(id, (p, events) => ok({ _tag: "RecordConsents", consents: { records: recordsOf(p, events), subject: subjectOf(p, request.subject) } }), at)
          void record
          return yield* viewParticipant(actor, id, "intake-interview")
        })
      ),

    recordConsent: (actor, request) =>
      as(actor, "consent-administration")(
        Effect.gen(function* () {
          const { record } = yield* authorisedParticipant(actor, "participant.manage", request.participantId)
          const at = yield* now
          const id = request.participantId
          const done = yield* participantStep(id, (p) => ok({ _tag: "RecordConsent", record: consentRecord(p, request.consent, at) }), at)
          if (request.consent.action === "grant") {
            const loaded = yield* Workflow.load(Workflow.participantStream(id), Workflow.participant)
            const purpose = request.consent.purpose
            const p = loaded.state
            if (!Participant.isTerminal(p) && !Participant.hasConsent(p, purpose) && p.status !== "referred" && p.status !== "contact-received" && p.status !== "intake-scheduled") {
              yield* participantStep(
                id,
                (s) => ok({ _tag: "GiveConsent", purpose, consents: { records: recordsOf(s, loaded.events), subject: subjectOf(s, request.subject) } }),
                at
              ).pipe(Effect.catchTag("RuleViolated", (e) => Effect.fail(fromCore(e, "consent"))))
            }
          }
          yield* freePlace(record, id, done.events, at)
          return yield* viewParticipant(actor, id, "consent-administration")
        })
      ),

    consent: (actor, request) =>
      as(actor, "consent-check")(
        Effect.gen(function* () {
          const { participant, events } = yield* authorisedParticipant(actor, "participant.read", request.participantId)
          const answer = Consent.mayWe(recordsOf(participant, events), subjectOf(participant, request.subject), request.purpose, yield* now, {
            scope: Consent.groupScope(participant.groupId)
          })
          const lang = request.language ?? "fi"
          return {
            participantId: request.participantId,
            purpose: request.purpose,
            allowed: Either.isRight(answer),
            refusal: Either.isLeft(answer) ? answer.left._tag : null,
            explanation: Either.isLeft(answer) ? Consent.explainRefusal(answer.left, lang) : null
          }
        })
      ),

    enrol: (actor, request) =>
      as(actor, "enrolment")(
        Effect.gen(function* () {
          const { record } = yield* authorisedParticipant(actor, "participant.manage", request.participantId)
          const id = request.participantId
          const at = yield* now
          const fresh = yield* Workflow.load(Workflow.participantStream(id), Workflow.participant)
          const p = fresh.state
          if (!Participant.mayEnrol(p)) {
            if (!Participant.hasConsent(p, "taking-part") && (p.status === "consents-recorded" || p.status === "waitlisted")) {
              return yield* Effect.fail(
                new M.Refused({ rule: "taking-part-consent-before-enrolment", tag: "ConsentMissing", field: "participantId", explanation: "no enrolment without the consent to take part" })
              )
            }
            return yield* Effect.fail(refused("intake-before-enrolment", `the participant is ${p.status}; enrolment follows the intake and consents`, "participantId"))
          }
          const placed = yield* Effect.either(groupStep(record, () => ok({ _tag: "Enrol", participant: p }), at))
          if (Either.isLeft(placed)) {
            const e = placed.left
            if (e._tag !== "CapacityExceeded") return yield* Effect.fail(e)
            if (p.status !== "waitlisted") yield* participantStep(id, () => ok({ _tag: "Waitlist" }), at)
            const snap = yield* snapshot(record)
            const waiting = waitingOf(snap)
            return {
              participantId: id,
              outcome: "waitlisted" as const,
              waitlistPosition: waiting.findIndex((w) => w.participantId === id) + 1 || null,
              enrolled: snap.group.enrolled,
              capacity: e.capacity
            }
          }
          const enrolled = yield* Effect.either(participantStep(id, () => ok({ _tag: "Enrol" }), at))
          if (Either.isLeft(enrolled)) {
            // The journey moved on meanwhile (e.g. a withdrawal): the place is given back.
            yield* groupStep(record, (g) => (Group.isMember(g, id) ? ok({ _tag: "Leave", participantId: id, ending: "withdrawn" }) : Either.left(skip)), at).pipe(
              Effect.catchTag("Skip", () => Effect.void)
            )
            return yield* Effect.fail(enrolled.left)
          }
          return {
            participantId: id,
            outcome: "enrolled" as const,
            waitlistPosition: null,
            enrolled: placed.right.state.enrolled,
            capacity: placed.right.state.plan?.rules.maximum ?? 0
          }
        })
      ),

    joinMessagingGroup: (actor, request) =>
      as(actor, "messaging-group")(
        Effect.gen(function* () {
          yield* authorisedParticipant(actor, "participant.manage", request.participantId)
          yield* participantStep(request.participantId, () => ok({ _tag: "JoinMessagingGroup" }), yield* now)
          return yield* viewParticipant(actor, request.participantId, "messaging-group")
        })
      ),

    withdraw: (actor, request) =>
      as(actor, "group-administration")(
        Effect.gen(function* () {
          const { record } = yield* authorisedParticipant(actor, "participant.manage", request.participantId)
          const at = yield* now
          const done = yield* participantStep(request.participantId, () => ok({ _tag: "Withdraw", ...(request.reason === undefined ? {} : { reason: request.reason }) }), at)
          yield* freePlace(record, request.participantId, done.events, at)
          return yield* viewParticipant(actor, request.participantId, "group-administration")
        })
      ),

    decline: (actor, request) =>
      as(actor, "group-administration")(
        Effect.gen(function* () {
          yield* authorisedParticipant(actor, "participant.manage", request.participantId)
          yield* participantStep(request.participantId, () => ok({ _tag: "Decline", by: "person" }), yield* now)
          return yield* viewParticipant(actor, request.participantId, "group-administration")
        })
      ),

    recordAttendance: (actor, request) =>
      as(actor, "attendance")(
        Effect.gen(function* () {
          const record = yield* authorisedSessionGroup(actor, "session.manage", request.sessionId)
          const group = yield* Workflow.load(Workflow.groupStream(record.plan.groupId), Workflow.group)
          const at = yield* now
          const done = yield* sessionStep(
            request.sessionId,
            record.plan.groupId,
            (state) =>
              state.status === "none" || state.groupId !== record.plan.groupId
                ? Either.left(new M.NotFound({ entity: "session", field: "sessionId" }))
                : ok({
                _tag: "Hold",
                group: group.state,
                attendance: request.attendance,
                ...(request.minutes === undefined ? {} : { minutes: request.minutes }),
                ...(request.guests === undefined ? {} : { guests: request.guests }),
                ...(request.travelClaims === undefined ? {} : { travelClaims: request.travelClaims }),
                ...(request.companions === undefined ? {} : { companions: request.companions })
              }),
            at
          ).pipe(
            Effect.mapError((e) =>
              e._tag === "NotEnrolledOnDate" || e._tag === "RuleViolated" || e._tag === "EscortRequired" || e._tag === "DurationExceeded"
                ? fromCore(e, e._tag === "DurationExceeded" ? "minutes" : e._tag === "EscortRequired" ? "travelClaims" : "attendance")
                : e
            )
          )
          // The answer is the session as this step left it (its anonymous feedback comes later).
          const planned = done.read.find((e) => e._tag === "SessionPlanned")
          return sessionViewOf(record.plan.groupId, { sessionId: request.sessionId, state: done.state, theme: planned?._tag === "SessionPlanned" ? planned.theme : null, guests: [], feedback: null })
        })
      ),

    submitFeedback: (actor, request) =>
      as(actor, "anonymous-feedback")(
        Effect.gen(function* () {
          const { session } = yield* authorisedSession(actor, "session.manage", request.sessionId)
          if (session.status !== "held") return yield* Effect.fail(refused("feedback-after-held-session", "anonymous feedback follows a held session", "sessionId"))
          let box = Feedback.openBox(request.sessionId)
          for (const [i, r] of request.responses.entries()) {
            const next = Feedback.submit(box, { ...(r.rating === undefined ? {} : { rating: r.rating }), ...(r.text === undefined ? {} : { text: r.text }) })
            if (Either.isLeft(next)) return yield* Effect.fail(new M.InvalidRequest({ field: `responses.${i}`, expected: next.left.message }))
            box = next.right
          }
          const at = yield* now
          const batch = Feedback.closeBox(box, at)
          yield* Workflow.run({
            streamId: Workflow.feedbackStream(request.sessionId),
            decider: Workflow.record((c, s) => (s.length > 0 ? Either.left(refused("one-feedback-batch-per-session", "this session's anonymous feedback is closed already", "sessionId")) : Either.right([c]))),
            command: () => ok(batch),
            now: at
          })
          const withheld = batch._tag === "AnonymousFeedbackBatchClosed" ? batch.withheld : 0
          const responses = batch._tag === "AnonymousFeedbackBatchClosed" ? batch.responses.length : 0
          return { sessionId: request.sessionId, responses: responses + withheld, withheld }
        })
      ),

    recordOutcome: (actor, request) =>
      as(actor, "evaluation")(
        Effect.gen(function* () {
          const { participant } = yield* authorisedParticipant(actor, "participant.manage", request.participantId)
          const at = yield* now
          const instrument: Outcome.Instrument = { id: "3x10d", version: "18+", items: Outcome.itemLabels }
          const measured = Outcome.record(participant, instrument, request.phase, request.answers, at)
          if (Either.isLeft(measured)) return yield* Effect.fail(fromCore(measured.left, measured.left._tag === "ConsentMissing" ? "participantId" : "answers"))
          yield* Workflow.run({
            streamId: Workflow.outcomesStream(request.participantId),
            decider: Workflow.record((c, s) =>
              c._tag === "OutcomeMeasured" && s.some((e) => e._tag === "OutcomeMeasured" && e.phase === c.phase)
                ? Either.left(refused("one-measurement-per-phase", `the ${c.phase} questionnaire is recorded already`, "phase"))
                : Either.right([c])
            ),
            command: () => ok(measured.right),
            now: at,
            encode: () => ({ personId: participant.personId })
          })
          return yield* outcomeView(request.participantId)
        })
      ),

    outcome: (actor, request) =>
      as(actor, "evaluation")(
        Effect.gen(function* () {
          yield* authorisedParticipant(actor, "participant.read", request.participantId)
          return yield* outcomeView(request.participantId)
        })
      ),

    groups: (actor) =>
      as(actor, "group-administration")(
        Effect.gen(function* () {
          yield* guard(actor, "group.list", { organisationId: actor.organisationId })
          const ids = (yield* readRecords(R.organisationStream(actor.organisationId))).flatMap((r) => (r._tag === "CoordinatorGroupAdded" ? [r.groupId] : []))
          const streams = yield* es.readStreams(ids.flatMap((g) => [R.groupRecordStream(g), Workflow.groupStream(g)]))
          const out: Array<M.GroupSummary> = []
          for (const g of ids) {
            const plan = R.fromEvents(streams.get(R.groupRecordStream(g)) ?? []).find((r) => r._tag === "CoordinatorGroupPlanned")
            if (plan?._tag !== "CoordinatorGroupPlanned") continue
            if (!Authorization.seesGroup(actor, plan.organisationId, g, plan.leaders.map((l) => l.userId))) continue
            const template = Option.getOrUndefined(Catalogue.get(plan.programmeId))
            if (template === undefined) continue
            const group = yield* replayStored(streams.get(Workflow.groupStream(g)) ?? [], Workflow.group)
            out.push(summaryOf({ plan, template, participants: [], schedule: null }, group.state))
          }
          return out
        })
      ),

    group: (actor, request) =>
      as(actor, "group-administration")(
        Effect.gen(function* () {
          const record = yield* authorisedGroup(actor, "group.read", request.groupId)
          return detailOf(yield* snapshot(record))
        })
      ),

    sessions: (actor, request) =>
      as(actor, "group-administration")(
        Effect.gen(function* () {
          const record = yield* authorisedGroup(actor, "session.read", request.groupId)
          return (yield* snapshot(record)).sessions.map((s) => sessionViewOf(request.groupId, s))
        })
      ),

    roster: (actor, request) =>
      as(actor, "group-administration")(
        Effect.gen(function* () {
          const record = yield* authorisedGroup(actor, "participant.read", request.groupId)
          // Who is erased: the vault's PersonErased events, read with the group's streams.
          const snap = yield* snapshot(record, [PersonalDataVault.privacyStream])
          const erasedPeople = new Set(
            (snap.streams.get(PersonalDataVault.privacyStream) ?? []).flatMap((e) => (e.type === "PersonErased" && e.personId !== null ? [e.personId] : []))
          )
          const names = new Map<string, string>()
          if (request.contacts === true && snap.participants.length > 0) {
            const referrals = snap.participants.flatMap((p) => snap.streams.get(Workflow.participantStream(p.participantId))?.slice(0, 1) ?? [])
            const revealed = yield* vault.reveal(referrals, accessContext(actor, "group-administration"))
            referrals.forEach((e, i) => {
              const contact = contactOf(revealed[i])
              if (contact._tag === "Contact") names.set(e.streamId, contact.name)
            })
          }
          return {
            groupId: request.groupId,
            capacity: snap.group.plan?.rules.maximum ?? 0,
            enrolled: snap.group.enrolled,
            members: snap.participants.map((p) => {
              const counts = { present: 0, excused: 0, absent: 0 }
              for (const s of snap.sessions) for (const a of s.state.attendance) if (a.participantId === p.participantId) counts[a.status]++
              return {
                participantId: p.participantId,
                name: names.get(Workflow.participantStream(p.participantId)) ?? null,
                status: p.state.status === "none" ? ("referred" as const) : p.state.status,
                erased: erasedPeople.has(p.personId),
                inMessagingGroup: p.state.inMessagingGroup,
                consents: [...p.state.consents],
                ...counts
              }
            })
          }
        })
      ),

    waitlist: (actor, request) =>
      as(actor, "group-administration")(
        Effect.gen(function* () {
          const record = yield* authorisedGroup(actor, "participant.read", request.groupId)
          const snap = yield* snapshot(record)
          return { groupId: request.groupId, entries: waitingOf(snap).map((w, i) => ({ participantId: w.participantId, since: DateTime.fromISO(w.since, { zone }), position: i + 1 })) }
        })
      ),

    participant: (actor, request) =>
      as(actor, "group-administration")(
        Effect.gen(function* () {
          yield* authorisedParticipant(actor, "participant.read", request.participantId)
          return yield* viewParticipant(actor, request.participantId, "group-administration")
        })
      ),

    aggregates: (actor, request) =>
      as(actor, "aggregate-reporting")(
        Effect.gen(function* () {
          let records: Array<GroupRecord>
          if (request.groupId !== undefined) records = [yield* authorisedGroup(actor, "aggregate.read", request.groupId)]
          else {
            yield* guard(actor, "aggregate.read", { organisationId: actor.organisationId })
            const ids = (yield* readRecords(R.organisationStream(actor.organisationId))).flatMap((r) => (r._tag === "CoordinatorGroupAdded" ? [r.groupId] : []))
            records = []
            for (const g of ids) {
              const record = yield* loadGroupRecord(g)
              if (Authorization.seesGroup(actor, record.plan.organisationId, g, record.plan.leaders.map((l) => l.userId))) records.push(record)
            }
          }
          const totals = { referred: 0, enrolled: 0, waitlisted: 0, completed: 0, withdrawn: 0, sessionsHeld: 0, expected: 0, present: 0, feedback: 0, measured: 0 }
          const ratings: Array<number> = []
          const changes: Array<number> = []
          for (const record of records) {
            const snap = yield* snapshot(record)
            totals.referred += snap.participants.length
            totals.enrolled += snap.participants.filter((p) => ["enrolled", "attending", "completed"].includes(p.state.status)).length
            totals.waitlisted += snap.participants.filter((p) => p.state.status === "waitlisted").length
            totals.completed += snap.participants.filter((p) => p.state.status === "completed").length
            totals.withdrawn += snap.participants.filter((p) => p.state.status === "withdrawn" || p.state.status === "dropped-out").length
            for (const s of snap.sessions) {
              if (s.state.status !== "held") continue
              totals.sessionsHeld++
              totals.expected += s.state.attendance.length
              totals.present += s.state.attendance.filter((a) => a.status === "present").length
              totals.feedback += s.feedback?.responses ?? 0
              ratings.push(...(s.feedback?.ratings ?? []))
            }
            const outcomes = yield* es.readStreams(snap.participants.map((p) => Workflow.outcomesStream(p.participantId)))
            for (const stored of outcomes.values()) {
              const measured = (yield* Workflow.decodeAll(stored)).flatMap((e) => (e._tag === "OutcomeMeasured" ? [e] : []))
              totals.measured += measured.length
              const a = measured.find((d) => d.phase === "start")?.answers
              const b = measured.find((d) => d.phase === "end")?.answers
              if (a?.[9] !== undefined && b?.[9] !== undefined) changes.push(b[9] - a[9])
            }
          }
          const mean = (xs: ReadonlyArray<number>) => (xs.length < 3 ? null : Math.round((xs.reduce((s, x) => s + x, 0) / xs.length) * 100) / 100)
          return {
            groupId: request.groupId ?? null,
            groups: records.length,
            referred: totals.referred,
            enrolled: totals.enrolled,
            waitlisted: totals.waitlisted,
            completed: totals.completed,
            withdrawn: totals.withdrawn,
            sessionsHeld: totals.sessionsHeld,
            attendanceRate: totals.expected < 3 ? null : Math.round((totals.present / totals.expected) * 1000) / 1000,
            feedbackResponses: totals.feedback,
            meanRating: mean(ratings),
            outcomesMeasured: totals.measured,
            meanChangeLifeAsWhole: mean(changes)
          }
        })
      ),

    cost: (actor, request) =>
      as(actor, "cost-evaluation")(
        Effect.gen(function* () {
          const record = yield* authorisedGroup(actor, "aggregate.read", request.groupId)
          const snap = yield* snapshot(record)
          const scenario = scenarioOf(snap, request)
          if (Either.isLeft(scenario)) return yield* Effect.fail(scenario.left)
          const model = CostModel.fromScenario(scenario.right)
          if (Either.isLeft(model)) return yield* Effect.fail(new M.InvalidRequest({ field: "scenario", expected: "a scenario with at least one cost" }))
          const alternatives = Comparison.alternativesOf(scenario.right)
          const options = Comparison.compare(model.right, alternatives)
          const tornado = Sensitivity.tornado(model.right, "total")
          const lang = request.language ?? record.plan.language
          const charts = Report.charts({ model: model.right, alternatives, lang, numbers: lang }, { options, tornado })
          return {
            groupId: request.groupId,
            scenario: scenario.right,
            options: options.map((o) => ({ id: o.id, label: o.label, kind: o.kind, total: o.total, perParticipant: o.perParticipant, source: o.source })),
            breakEven: Comparison.breakEven(model.right, alternatives).map((b) => ({ id: b.id, label: b.label, unit: b.unit, unitPrice: b.unitPrice, units: b.units, source: b.source })),
            // No input of the scenario is a range: nothing moves the cost, so there is no tornado to draw.
            charts: { comparison: charts.comparison, tornado: tornado.rows.some((r) => r.swing > 0) ? charts.tornado : null, histogram: charts.histogram }
          }
        })
      ),

    reminders: (actor, request) =>
      as(actor, "reminders")(
        Effect.gen(function* () {
          const record = yield* authorisedGroup(actor, "participant.read", request.groupId)
          const deliveries = yield* Deliveries.Deliveries
          const people = new Set(record.participants.map((p) => p.participantId))
          const list = (yield* deliveries.list({ limit: 10_000 })).filter((d) => people.has(d.participantId))
          const counts: Record<string, number> = {}
          for (const d of list) counts[d.status] = (counts[d.status] ?? 0) + 1
          const outbox = yield* Outbox.Outbox
          const pending = (yield* outbox.pending(10_000)).filter((m) => JSON.stringify(m.payload).includes(`"${request.groupId}"`)).length
          return { groupId: request.groupId, available: list.length > 0 || pending > 0, pendingNotices: pending, deliveries: counts }
        })
      ),

    findPeople: (actor, request) =>
      as(actor, "data-subject-request")(
        Effect.gen(function* () {
          yield* guard(actor, "person.lookup", { organisationId: actor.organisationId })
          const ids = (yield* readRecords(R.organisationStream(actor.organisationId))).flatMap((r) => (r._tag === "CoordinatorGroupAdded" ? [r.groupId] : []))
          const wanted = request.name.toLocaleLowerCase("fi")
          const out: Array<M.PersonMatch> = []
          for (const g of ids) {
            const record = yield* loadGroupRecord(g)
            for (const p of record.participants) {
              const contact = yield* reveal(actor, p.participantId, "data-subject-request")
              if (contact._tag !== "Contact" || !contact.name.toLocaleLowerCase("fi").includes(wanted)) continue
              const loaded = yield* Workflow.load(Workflow.participantStream(p.participantId), Workflow.participant)
              out.push({ participantId: p.participantId, personId: p.personId, groupId: g, status: loaded.state.status === "none" ? "referred" : loaded.state.status })
            }
          }
          return out
        })
      ),

    exportPerson: (actor, request) =>
      as(actor, "data-subject-request")(
        Effect.gen(function* () {
          const personId = yield* authorisedPerson(actor, "person.export", request.participantId)
          const exported = yield* vault.exportPerson(personId, accessContext(actor, "data-subject-request", "GDPR Art. 15"))
          return {
            personId: exported.personId,
            status: exported.status,
            exportedAt: exported.exportedAt,
            events: exported.events.map((e) => ({ ...e })),
            accessLog: [...exported.accessLog]
          }
        })
      ),

    erasePerson: (actor, request) =>
      as(actor, "erasure-request")(
        Effect.gen(function* () {
          const personId = yield* authorisedPerson(actor, "person.erase", request.participantId)
          const erased = yield* vault.erase(personId, accessContext(actor, "erasure-request", "GDPR Art. 17"))
          return { personId: erased.personId, erasedAt: erased.erasedAt.toISOString(), alreadyErased: erased.alreadyErased, status: erased.status }
        })
      ),

    accessLog: (actor, request) =>
      as(actor, "data-subject-request")(
        Effect.gen(function* () {
          const personId = yield* authorisedPerson(actor, "person.access-log", request.participantId)
          const entries = yield* accessLog.forPerson(personId, accessContext(actor, "data-subject-request", "Client Data Act 703/2023"))
          return {
            personId,
            entries: entries.map((e) => ({
              at: e.at.toISOString(),
              actor: AccessLog.printable(e.actor),
              action: e.action,
              purpose: AccessLog.printable(e.purpose),
              legalBasis: AccessLog.printable(e.legalBasis),
              recipient: e.recipient === null ? null : AccessLog.printable(e.recipient),
              detail: e.detail === null ? null : AccessLog.printable(e.detail)
            }))
          }
        })
      ),

    refusals: (actor) =>
      as(actor, "refusal-log")(
        Effect.gen(function* () {
          yield* guard(actor, "refusal-log.read", { organisationId: actor.organisationId })
          return (yield* readRecords(R.refusalStream(actor.organisationId))).flatMap((r) =>
            r._tag === "AccessRefused" ? [{ at: r.at, userId: r.userId, role: r.role, action: r.action, rule: r.rule, groupId: r.groupId }] : []
          )
        })
      )
  })

  /**
   * The record of a session's group, authorised for `action`, from the session's id (`<groupId>-s<number>`, as
   * `schedule` names them), before any of the session is read.
   */
  const authorisedSessionGroup = (actor: Actor, action: Authorization.Action, sessionId: string) =>
    Effect.gen(function* () {
      yield* guardRole(actor, action)
      const groupId = /^(.+)-s\d+$/.exec(sessionId)?.[1]
      if (groupId === undefined) return yield* Effect.fail(new M.NotFound({ entity: "session", field: "sessionId" }))
      return yield* Effect.catchTag(authorisedGroup(actor, action, groupId), "NotFound", () => Effect.fail(new M.NotFound({ entity: "session", field: "sessionId" })))
    })

  /** The session, its group's record, authorised for `action`. */
  const authorisedSession = (actor: Actor, action: Authorization.Action, sessionId: string) =>
    Effect.gen(function* () {
      yield* guardRole(actor, action)
      const loaded = yield* Workflow.load(Workflow.sessionStream(sessionId), Workflow.session)
      if (loaded.state.status === "none") return yield* Effect.fail(new M.NotFound({ entity: "session", field: "sessionId" }))
      const record = yield* authorisedGroup(actor, action, loaded.state.groupId)
      return { record, session: loaded.state }
    })

  /** The person behind a participation, for the data-protection officer. */
  const authorisedPerson = (actor: Actor, action: Authorization.Action, participantId: string) =>
    Effect.gen(function* () {
      yield* guardRole(actor, action)
      const groupId = yield* groupOfParticipant(participantId)
      const record = yield* loadGroupRecord(groupId)
      yield* guard(actor, action, { organisationId: record.plan.organisationId, groupId })
      const person = record.participants.find((p) => p.participantId === participantId)
      if (person === undefined) return yield* Effect.fail(new M.NotFound({ entity: "person", field: "participantId" }))
      return person.personId
    })

  const outcomeView = (participantId: string) =>
    Effect.gen(function* () {
      const events = yield* Workflow.decodeAll(yield* es.readStream(Workflow.outcomesStream(participantId)))
      let start: ReadonlyArray<number> | null = null
      let end: ReadonlyArray<number> | null = null
      for (const e of events) {
        if (e._tag !== "OutcomeMeasured") continue
        if (e.phase === "start") start = e.answers
        if (e.phase === "end") end = e.answers
      }
      return {
        participantId,
        start: start === null ? null : [...start],
        end: end === null ? null : [...end],
        change: start !== null && end !== null ? Outcome.changePerItem(start, end).map((c) => ({ ...c })) : []
      }
    })

  return service
})
