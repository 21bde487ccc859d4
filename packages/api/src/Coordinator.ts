/**
 * The coordinator's service: every step of a group's life for every programme of the catalogue, from
 * planning a group on a template to the data-protection officer's export, as one `Context.Tag` the HTTP
 * API and the web app call in-process. Every operation takes the signed-in `Actor`, who is authorised
 * (`Authorization.authorize`) and becomes the actor of every access-log entry and consent check it makes.
 *
 * Requests and responses are `Schema`s (the core's where they exist), JSON-encodable, so an HTTP layer
 * decodes bodies with them and generates OpenAPI from them. Errors are `Schema.TaggedError`s naming the
 * field and what was expected: `InvalidRequest` and `PlanProblems` (400), `Forbidden` (403), `NotFound`
 * (404), `Refused` (409, a rule of the domain said no), `Unavailable` (503, the store).
 *
 * @since 0.1.0
 */
import type { StoreDriver } from "@vertaistuki/store"
import { Context, type Effect, Layer } from "effect"
import type { Actor } from "./Authorization.js"
import type {
  AccessLogView,
  AggregateRequest,
  AggregateView,
  AttendanceRequest,
  CalendarFile,
  CancelRequest,
  ConsentAnswer,
  ConsentQuery,
  ConsentRequest,
  CoordinatorError,
  CostRequest,
  CostView,
  EligibilityRequest,
  EligibilityView,
  EnrolResult,
  ErasureView,
  FeedbackRequest,
  FeedbackView,
  FollowUpRequest,
  GroupDetail,
  GroupRef,
  GroupSummary,
  IntakeRequest,
  OrganisationRequest,
  OrganisationView,
  OutcomeRequest,
  OutcomeView,
  ParticipantRef,
  ParticipantView,
  PersonExport,
  PersonMatch,
  PersonSearch,
  PlanGroupRequest,
  PlanPreview,
  RefusalEntry,
  ReferRequest,
  RemindersView,
  RosterRequest,
  RosterView,
  ScheduleRequest,
  ScheduleView,
  SessionView,
  StartRequest,
  TemplateSummary,
  WaitlistView,
  WithdrawRequest
} from "./internal/model.js"
import { make } from "./internal/service.js"

export { Action, Actor, Forbidden, Id, Role } from "./Authorization.js"
export * from "./internal/model.js"

// ---------------------------------------------------------------------------------------------
// The service
// ---------------------------------------------------------------------------------------------

/** An operation: the signed-in actor, a request, and an answer or a `CoordinatorError`. @category models */
export type Operation<I, A> = (actor: Actor, request: I) => Effect.Effect<A, CoordinatorError>

/**
 * The service. Writes go through `Workflow` (load, decide, append expecting the version read, retry on a
 * concurrent write), so two instances on one database lose no update and a group is never over capacity.
 * Times are the effect `Clock`'s, in Europe/Helsinki.
 *
 * @category models
 */
export interface Coordinator {
  // Catalogue and organisation
  readonly templates: (actor: Actor) => Effect.Effect<ReadonlyArray<TemplateSummary>, CoordinatorError>
  readonly ensureOrganisation: Operation<OrganisationRequest, OrganisationView>
  readonly organisation: (actor: Actor) => Effect.Effect<OrganisationView, CoordinatorError>
  // Planning and the group's life
  readonly previewPlan: Operation<PlanGroupRequest, PlanPreview>
  readonly planGroup: Operation<PlanGroupRequest, GroupDetail>
  readonly openRecruitment: Operation<GroupRef, GroupDetail>
  readonly schedule: Operation<ScheduleRequest, ScheduleView>
  readonly calendar: Operation<GroupRef, CalendarFile>
  readonly startGroup: Operation<StartRequest, GroupDetail>
  readonly beginClosing: Operation<GroupRef, GroupDetail>
  /** Completes the group and every participant attending it. */
  readonly completeGroup: Operation<GroupRef, GroupDetail>
  readonly followUp: Operation<FollowUpRequest, GroupDetail>
  readonly cancelGroup: Operation<CancelRequest, GroupDetail>
  // People
  readonly refer: Operation<ReferRequest, ParticipantView>
  readonly eligibility: Operation<EligibilityRequest, EligibilityView>
  readonly intake: Operation<IntakeRequest, ParticipantView>
  readonly recordConsent: Operation<ConsentRequest, ParticipantView>
  readonly consent: Operation<ConsentQuery, ConsentAnswer>
  /** Enrols, or waitlists when the group is full; a waitlisted participant is enrolled when a place is free. */
  readonly enrol: Operation<ParticipantRef, EnrolResult>
  readonly joinMessagingGroup: Operation<ParticipantRef, ParticipantView>
  readonly withdraw: Operation<WithdrawRequest, ParticipantView>
  readonly decline: Operation<ParticipantRef, ParticipantView>
  // Sessions
  readonly recordAttendance: Operation<AttendanceRequest, SessionView>
  readonly submitFeedback: Operation<FeedbackRequest, FeedbackView>
  readonly recordOutcome: Operation<OutcomeRequest, OutcomeView>
  readonly outcome: Operation<ParticipantRef, OutcomeView>
  // Views
  readonly groups: (actor: Actor) => Effect.Effect<ReadonlyArray<GroupSummary>, CoordinatorError>
  readonly group: Operation<GroupRef, GroupDetail>
  readonly sessions: Operation<GroupRef, ReadonlyArray<SessionView>>
  readonly roster: Operation<RosterRequest, RosterView>
  readonly waitlist: Operation<GroupRef, WaitlistView>
  readonly participant: Operation<ParticipantRef, ParticipantView>
  readonly aggregates: Operation<AggregateRequest, AggregateView>
  readonly cost: Operation<CostRequest, CostView>
  readonly reminders: Operation<GroupRef, RemindersView>
  // Data protection
  readonly findPeople: Operation<PersonSearch, ReadonlyArray<PersonMatch>>
  readonly exportPerson: Operation<ParticipantRef, PersonExport>
  readonly erasePerson: Operation<ParticipantRef, ErasureView>
  readonly accessLog: Operation<ParticipantRef, AccessLogView>
  readonly refusals: (actor: Actor) => Effect.Effect<ReadonlyArray<RefusalEntry>, CoordinatorError>
}

/** @category tags */
export const Coordinator = Context.GenericTag<Coordinator>("@vertaistuki/api/Coordinator")

/**
 * The service over the store's services (`StoreDriver.Services`, as every store adapter's `layer` provides
 * them).
 *
 * @category layers
 */
export const layer: Layer.Layer<Coordinator, never, StoreDriver.Services> = Layer.effect(Coordinator, make)
