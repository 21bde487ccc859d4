/**
 * The HTTP API: an `@effect/platform` `HttpApi` over the `Coordinator`, under `/api`. Every path parameter,
 * query and body is decoded by the Coordinator's request Schemas (the core's Schemas inside them), so
 * input that does not fit is a 400 naming the field and what was expected (`Problems`), never a 500, and
 * the OpenAPI document (`/api/openapi.json`) and the typed client (`HttpApiClient.make(Api)`) come from
 * this one definition.
 *
 * Ids go in paths; nothing personal does: a name searched for, contact details, dates of birth and answers
 * travel in bodies only. Every endpoint but signing in requires the `SignedIn` middleware (the session
 * cookie, and the CSRF header on every state-changing request).
 *
 * @since 0.1.0
 */
import * as HttpApi from "@effect/platform/HttpApi"
import * as HttpApiEndpoint from "@effect/platform/HttpApiEndpoint"
import * as HttpApiGroup from "@effect/platform/HttpApiGroup"
import * as HttpApiSchema from "@effect/platform/HttpApiSchema"
import * as OpenApi from "@effect/platform/OpenApi"
import { Schema } from "effect"
import { Actor, Id } from "./Authorization.js"
import { CsrfRejected, SignedIn } from "./Authentication.js"
import * as C from "./Coordinator.js"

/**
 * A user name and password that do not match (the same for an unknown name). 401.
 *
 * @category errors
 */
export class SignInRefused extends Schema.TaggedError<SignInRefused>()(
  "SignInRefused",
  { field: Schema.Literal("credentials"), expected: Schema.String },
  HttpApiSchema.annotations({ status: 401 })
) {}

/**
 * Too many failed sign-ins for the account or from the address; the response has `Retry-After`. 429.
 *
 * @category errors
 */
export class TooManyRequests extends Schema.TaggedError<TooManyRequests>()(
  "TooManyRequests",
  { field: Schema.Literal("credentials"), expected: Schema.String, retryAfterSeconds: Schema.Int },
  HttpApiSchema.annotations({ status: 429 })
) {}

/** Signs in with a local account. @category models */
export const SignInRequest = Schema.Struct({
  username: Schema.String.pipe(Schema.minLength(1, { message: () => "a user name" }), Schema.maxLength(100, { message: () => "at most 100 characters" })),
  password: Schema.String.pipe(Schema.minLength(1, { message: () => "a password" }), Schema.maxLength(1000, { message: () => "at most 1000 characters" }))
}).annotations({ identifier: "SignInRequest" })

/** Who is signed in, and the CSRF token to send as `x-csrf-token`. @category models */
export const SessionView = Schema.Struct({
  actor: Actor,
  csrfToken: Schema.String
}).annotations({ identifier: "SignedInSession" })

const groupPath = Schema.Struct({ groupId: Id })
const participantPath = Schema.Struct({ participantId: Id })
const sessionPath = Schema.Struct({ sessionId: Id })

/** Signing in and out. @category groups */
export const SessionGroup = HttpApiGroup.make("session")
  .add(HttpApiEndpoint.post("signIn", "/session").setPayload(SignInRequest).addSuccess(SessionView).addError(SignInRefused).addError(TooManyRequests).addError(CsrfRejected))
  .add(HttpApiEndpoint.get("current", "/session").addSuccess(SessionView).middleware(SignedIn))
  .add(HttpApiEndpoint.del("signOut", "/session").addSuccess(HttpApiSchema.NoContent).middleware(SignedIn))

/** The catalogue and the organisation. @category groups */
export const ProgrammesGroup = HttpApiGroup.make("programmes")
  .add(HttpApiEndpoint.get("templates", "/programmes").addSuccess(Schema.Array(C.TemplateSummary)))
  .add(HttpApiEndpoint.get("organisation", "/organisation").addSuccess(C.OrganisationView))
  .add(HttpApiEndpoint.put("ensureOrganisation", "/organisation").setPayload(C.OrganisationRequest).addSuccess(C.OrganisationView))
  .middleware(SignedIn)

/** Groups: planning, the lifecycle, the schedule and the group's views. @category groups */
export const GroupsGroup = HttpApiGroup.make("groups")
  .add(HttpApiEndpoint.get("list", "/groups").addSuccess(Schema.Array(C.GroupSummary)))
  .add(HttpApiEndpoint.post("preview", "/groups/preview").setPayload(C.PlanGroupRequest).addSuccess(C.PlanPreview))
  .add(HttpApiEndpoint.post("plan", "/groups").setPayload(C.PlanGroupRequest).addSuccess(C.GroupDetail, { status: 201 }))
  .add(HttpApiEndpoint.get("get", "/groups/:groupId").setPath(groupPath).addSuccess(C.GroupDetail))
  .add(HttpApiEndpoint.post("openRecruitment", "/groups/:groupId/recruitment").setPath(groupPath).addSuccess(C.GroupDetail))
  .add(HttpApiEndpoint.post("schedule", "/groups/:groupId/schedule").setPath(groupPath).setPayload(C.ScheduleRequest.omit("groupId")).addSuccess(C.ScheduleView))
  .add(
    HttpApiEndpoint.get("calendar", "/groups/:groupId/calendar.ics")
      .setPath(groupPath)
      .addSuccess(HttpApiSchema.Text({ contentType: "text/calendar; charset=utf-8" }))
  )
  .add(HttpApiEndpoint.post("start", "/groups/:groupId/start").setPath(groupPath).setPayload(C.StartRequest.omit("groupId")).addSuccess(C.GroupDetail))
  .add(HttpApiEndpoint.post("beginClosing", "/groups/:groupId/closing").setPath(groupPath).addSuccess(C.GroupDetail))
  .add(HttpApiEndpoint.post("complete", "/groups/:groupId/completion").setPath(groupPath).addSuccess(C.GroupDetail))
  .add(HttpApiEndpoint.post("followUp", "/groups/:groupId/follow-up").setPath(groupPath).setPayload(C.FollowUpRequest.omit("groupId")).addSuccess(C.GroupDetail))
  .add(HttpApiEndpoint.post("cancel", "/groups/:groupId/cancellation").setPath(groupPath).setPayload(C.CancelRequest.omit("groupId")).addSuccess(C.GroupDetail))
  .add(HttpApiEndpoint.get("sessions", "/groups/:groupId/sessions").setPath(groupPath).addSuccess(Schema.Array(C.SessionView)))
  .add(HttpApiEndpoint.get("roster", "/groups/:groupId/roster").setPath(groupPath).addSuccess(C.RosterView))
  .add(HttpApiEndpoint.get("waitlist", "/groups/:groupId/waitlist").setPath(groupPath).addSuccess(C.WaitlistView))
  .add(HttpApiEndpoint.get("reminders", "/groups/:groupId/reminders").setPath(groupPath).addSuccess(C.RemindersView))
  .add(HttpApiEndpoint.get("aggregates", "/aggregates").setUrlParams(C.AggregateRequest).addSuccess(C.AggregateView))
  .middleware(SignedIn)

/** People in groups: referral, eligibility, intake and consents, enrolment, withdrawal. @category groups */
export const ParticipantsGroup = HttpApiGroup.make("participants")
  .add(HttpApiEndpoint.post("refer", "/groups/:groupId/participants").setPath(groupPath).setPayload(C.ReferRequest.omit("groupId")).addSuccess(C.ParticipantView, { status: 201 }))
  .add(HttpApiEndpoint.get("get", "/participants/:participantId").setPath(participantPath).addSuccess(C.ParticipantView))
  .add(
    HttpApiEndpoint.post("eligibility", "/participants/:participantId/eligibility")
      .setPath(participantPath)
      .setPayload(C.EligibilityRequest.omit("participantId"))
      .addSuccess(C.EligibilityView)
  )
  .add(HttpApiEndpoint.post("intake", "/participants/:participantId/intake").setPath(participantPath).setPayload(C.IntakeRequest.omit("participantId")).addSuccess(C.ParticipantView))
  .add(
    HttpApiEndpoint.post("recordConsent", "/participants/:participantId/consents")
      .setPath(participantPath)
      .setPayload(C.ConsentRequest.omit("participantId"))
      .addSuccess(C.ParticipantView)
  )
  .add(
    HttpApiEndpoint.post("consent", "/participants/:participantId/consent-check")
      .setPath(participantPath)
      .setPayload(C.ConsentQuery.omit("participantId"))
      .addSuccess(C.ConsentAnswer)
  )
  .add(HttpApiEndpoint.post("enrol", "/participants/:participantId/enrolment").setPath(participantPath).addSuccess(C.EnrolResult))
  .add(HttpApiEndpoint.post("joinMessagingGroup", "/participants/:participantId/messaging-group").setPath(participantPath).addSuccess(C.ParticipantView))
  .add(
    HttpApiEndpoint.post("withdraw", "/participants/:participantId/withdrawal")
      .setPath(participantPath)
      .setPayload(C.WithdrawRequest.omit("participantId"))
      .addSuccess(C.ParticipantView)
  )
  .add(HttpApiEndpoint.post("decline", "/participants/:participantId/decline").setPath(participantPath).addSuccess(C.ParticipantView))
  .middleware(SignedIn)

/** A held session's attendance, guests and travel claims. @category groups */
export const SessionsGroup = HttpApiGroup.make("sessions")
  .add(HttpApiEndpoint.post("recordAttendance", "/sessions/:sessionId/attendance").setPath(sessionPath).setPayload(C.AttendanceRequest.omit("sessionId")).addSuccess(C.SessionView))
  .middleware(SignedIn)

/** 3X10D at the start and the end. @category groups */
export const OutcomesGroup = HttpApiGroup.make("outcomes")
  .add(HttpApiEndpoint.post("record", "/participants/:participantId/outcomes").setPath(participantPath).setPayload(C.OutcomeRequest.omit("participantId")).addSuccess(C.OutcomeView))
  .add(HttpApiEndpoint.get("get", "/participants/:participantId/outcomes").setPath(participantPath).addSuccess(C.OutcomeView))
  .middleware(SignedIn)

/** Anonymous feedback, closed per session as one batch. @category groups */
export const FeedbackGroup = HttpApiGroup.make("feedback")
  .add(HttpApiEndpoint.post("submit", "/sessions/:sessionId/feedback").setPath(sessionPath).setPayload(C.FeedbackRequest.omit("sessionId")).addSuccess(C.FeedbackView))
  .middleware(SignedIn)

/** The group's cost against its alternatives (a read, but its scenario is a body). @category groups */
export const CostsGroup = HttpApiGroup.make("costs")
  .add(HttpApiEndpoint.post("compare", "/groups/:groupId/cost").setPath(groupPath).setPayload(C.CostRequest.omit("groupId")).addSuccess(C.CostView))
  .middleware(SignedIn)

/** The data-protection officer's: find a person (the name in the body), export, erase, access log, refusals. @category groups */
export const PrivacyGroup = HttpApiGroup.make("privacy")
  .add(HttpApiEndpoint.post("findPeople", "/privacy/people/search").setPayload(C.PersonSearch).addSuccess(Schema.Array(C.PersonMatch)))
  .add(HttpApiEndpoint.post("exportPerson", "/privacy/participants/:participantId/export").setPath(participantPath).addSuccess(C.PersonExport))
  .add(HttpApiEndpoint.post("erasePerson", "/privacy/participants/:participantId/erasure").setPath(participantPath).addSuccess(C.ErasureView))
  .add(HttpApiEndpoint.get("accessLog", "/privacy/participants/:participantId/access-log").setPath(participantPath).addSuccess(C.AccessLogView))
  .add(HttpApiEndpoint.get("refusals", "/privacy/refusals").addSuccess(Schema.Array(C.RefusalEntry)))
  .middleware(SignedIn)

/**
 * The API, every endpoint under `/api`, with the Coordinator's errors: `InvalidRequest` and `PlanProblems`
 * 400, `Forbidden` 403, `NotFound` 404, `Refused` 409, `Unavailable` 503.
 *
 * @category models
 */
export class Api extends HttpApi.make("vertaistuki")
  .add(SessionGroup)
  .add(ProgrammesGroup)
  .add(GroupsGroup)
  .add(ParticipantsGroup)
  .add(SessionsGroup)
  .add(OutcomesGroup)
  .add(FeedbackGroup)
  .add(CostsGroup)
  .add(PrivacyGroup)
  .addError(C.InvalidRequest, { status: 400 })
  .addError(C.PlanProblems, { status: 400 })
  .addError(C.Forbidden, { status: 403 })
  .addError(C.NotFound, { status: 404 })
  .addError(C.Refused, { status: 409 })
  .addError(C.Unavailable, { status: 503 })
  .prefix("/api")
  .annotateContext(
    OpenApi.annotations({
      title: "vertaistuki coordinator API",
      version: "0.1.0",
      description:
        "Peer-support groups of Finnish child protection: plan, recruit, run and evaluate groups; the data-protection officer's export, erasure and access log. Sign in with POST /api/session; send the CSRF token it returns as x-csrf-token on every state-changing request."
    })
  ) {}
