/**
 * The models of the coordinator's service (re-exported by `Coordinator`): every step of a group's life for every programme of the catalogue, from
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
 * @internal
 */
import { Consent, Feedback, Language, Modality, Organiser, Outcome, Participant, PersonFacts, ProgrammeTemplate, Role as CoreRole, Session, Training } from "@vertaistuki/core"
import { Scenario } from "@vertaistuki/costs"
import { Schema } from "effect"
import { Forbidden, Id } from "../Authorization.js"

// ---------------------------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------------------------

/**
 * Input that cannot be used: the field (a path such as `consents.0.purpose`) and what was expected. It never
 * repeats the value given (it may be personal).
 *
 * @category errors
 */
export class InvalidRequest extends Schema.TaggedError<InvalidRequest>()("InvalidRequest", {
  field: Schema.String,
  expected: Schema.String
}) {
  override get message(): string {
    return `${this.field}: expected ${this.expected}`
  }
}

/**
 * One problem of a group plan against its template (`Validation.groupPlanProblems`): the core's tag, the
 * field (`path`), what was expected, and whether it is an error or advice.
 *
 * @category models
 */
export const PlanProblem = Schema.Struct({
  tag: Schema.String,
  path: Schema.String,
  expected: Schema.String,
  severity: Schema.Literal("error", "advice"),
  message: Schema.String
}).annotations({ identifier: "PlanProblem" })
/** @category models */
export type PlanProblem = typeof PlanProblem.Type

/**
 * A plan with errors: every problem at its field, and, where the trademark rule refused the name, the
 * name the model may be run under instead (`suggestedName`).
 *
 * @category errors
 */
export class PlanProblems extends Schema.TaggedError<PlanProblems>()("PlanProblems", {
  problems: Schema.Array(PlanProblem),
  suggestedName: Schema.NullOr(Schema.String)
}) {
  override get message(): string {
    return this.problems.map((p) => `${p.path}: expected ${p.expected}`).join("; ")
  }
}

/**
 * Nothing of that kind with the id given in `field`, or nothing the actor's organisation holds. The id is
 * not repeated.
 *
 * @category errors
 */
export class NotFound extends Schema.TaggedError<NotFound>()("NotFound", {
  entity: Schema.Literal("programme", "organisation", "group", "participant", "session", "person"),
  field: Schema.String
}) {
  override get message(): string {
    return `no ${this.entity} with that ${this.field}`
  }
}

/**
 * A rule of the domain refused the step (the group is full, a consent is missing, the trademark rule, a
 * transition the lifecycle has not): `rule` names it (the core's rule id), `tag` the core's error, `field`
 * the request field it is about when there is one.
 *
 * @category errors
 */
export class Refused extends Schema.TaggedError<Refused>()("Refused", {
  rule: Schema.String,
  tag: Schema.String,
  field: Schema.NullOr(Schema.String),
  explanation: Schema.String
}) {
  override get message(): string {
    return `${this.rule}: ${this.explanation}`
  }
}

/**
 * The store could not be reached or was busy (after retries); retry later. No detail of the driver.
 *
 * @category errors
 */
export class Unavailable extends Schema.TaggedError<Unavailable>()("Unavailable", {
  reason: Schema.String
}) {
  override get message(): string {
    return `the store is unavailable: ${this.reason}`
  }
}

/** Every error of an operation. @category errors */
export type CoordinatorError = InvalidRequest | PlanProblems | Forbidden | NotFound | Refused | Unavailable

/** The error schemas, for an HTTP API definition. @category errors */
export const errors = [InvalidRequest, PlanProblems, Forbidden, NotFound, Refused, Unavailable] as const

// ---------------------------------------------------------------------------------------------
// Shared models
// ---------------------------------------------------------------------------------------------

/** An instant: a luxon `DateTime` in Europe/Helsinki, as an ISO 8601 string with an offset. @category models */
export const Instant = Consent.Instant
/** A calendar date `YYYY-MM-DD`. @category models */
export const CalendarDate = PersonFacts.CalendarDate
/** A one-line text of at most 200 characters, trimmed, without control characters. @category models */
export const Line = Schema.Trim.pipe(
  Schema.nonEmptyString({ message: () => "a non-empty text" }),
  Schema.maxLength(200, { message: () => "at most 200 characters" }),
  // biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is what it is for
  Schema.pattern(/^[^\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]*$/, { message: () => "a text without control characters" })
).annotations({ identifier: "Line" })
/** A free text of at most 2,000 characters (sealed in the store: it may hold personal data). @category models */
export const FreeText = Schema.String.pipe(Schema.maxLength(2000, { message: () => "at most 2000 characters" })).annotations({ identifier: "FreeText" })

/** Money in a range of cents (`min`, `likely`, `max`). @category models */
export const CentsRange = Schema.Struct({ min: Schema.Int, likely: Schema.Int, max: Schema.Int }).annotations({ identifier: "CentsRange" })

/** A request about one group. @category requests */
export const GroupRef = Schema.Struct({ groupId: Id }).annotations({ identifier: "GroupRef" })
/** @category requests */
export type GroupRef = typeof GroupRef.Type
/** A request about one participation (a person in one group). @category requests */
export const ParticipantRef = Schema.Struct({ participantId: Id }).annotations({ identifier: "ParticipantRef" })
/** @category requests */
export type ParticipantRef = typeof ParticipantRef.Type
/** A request about one session. @category requests */
export const SessionRef = Schema.Struct({ sessionId: Id }).annotations({ identifier: "SessionRef" })
/** @category requests */
export type SessionRef = typeof SessionRef.Type

// ---------------------------------------------------------------------------------------------
// Catalogue and organisation
// ---------------------------------------------------------------------------------------------

/** A template of the catalogue, as a list shows it. @category responses */
export const TemplateSummary = Schema.Struct({
  programmeId: Schema.String,
  name: Language.LocalizedText,
  summary: Language.LocalizedText,
  languages: Schema.Array(Language.Language),
  minimum: Schema.NullOr(Schema.Int),
  maximum: Schema.NullOr(Schema.Int),
  sizeUnit: Schema.String,
  sessions: Schema.Struct({ min: Schema.Int, max: Schema.NullOr(Schema.Int) }),
  sessionLengthKnown: Schema.Boolean,
  brand: Schema.NullOr(Schema.Struct({ name: Schema.String, requiredTraining: Schema.String })),
  groupForms: Schema.Array(ProgrammeTemplate.GroupForm),
  leaderRoles: Schema.Array(Schema.Struct({ role: CoreRole.LeaderRole, count: Schema.NullOr(Schema.Int), recommended: Schema.Boolean })),
  measuresOutcomes: Schema.Boolean
}).annotations({ identifier: "TemplateSummary" })
/** @category responses */
export type TemplateSummary = typeof TemplateSummary.Type

/** Registers the organisation (idempotent). @category requests */
export const OrganisationRequest = Schema.Struct({ organisationId: Id, name: Line }).annotations({ identifier: "OrganisationRequest" })
/** @category requests */
export type OrganisationRequest = typeof OrganisationRequest.Type

/** @category responses */
export const OrganisationView = Schema.Struct({ organisationId: Id, name: Schema.String, groups: Schema.Int }).annotations({ identifier: "OrganisationView" })
/** @category responses */
export type OrganisationView = typeof OrganisationView.Type

// ---------------------------------------------------------------------------------------------
// Planning
// ---------------------------------------------------------------------------------------------

/** A leader of a planned group: a user of the app, their role in the group and completed trainings. @category requests */
export const PlannedLeader = Schema.Struct({ userId: Id, role: CoreRole.LeaderRole, trainings: Schema.Array(Training.Training) }).annotations({ identifier: "PlannedLeaderRequest" })
/** @category requests */
export type PlannedLeader = typeof PlannedLeader.Type

/**
 * Plans a group from a template (`GroupPlan.fromTemplate`, then `Validation.validateGroupPlan`). `groupId`
 * is chosen by the service when absent. The template's open settings (group size, session count and
 * length) are required where the template gives none.
 *
 * @category requests
 */
export const PlanGroupRequest = Schema.Struct({
  groupId: Schema.optional(Id),
  programmeId: Schema.String,
  name: Line,
  language: Language.Language,
  organisers: Organiser.Organisers,
  leaders: Schema.Array(PlannedLeader),
  sessionCount: Schema.optional(Schema.Int.pipe(Schema.between(1, 100))),
  defaultMinutes: Schema.optional(Schema.Int.pipe(Schema.between(1, 24 * 60))),
  groupForm: Schema.optional(ProgrammeTemplate.GroupForm),
  minimum: Schema.optional(Schema.Int.pipe(Schema.between(0, 1000))),
  maximum: Schema.optional(Schema.Int.pipe(Schema.between(1, 1000))),
  expectedParticipants: Schema.optional(Schema.Int.pipe(Schema.between(0, 1000))),
  minimumWaiverReason: Schema.optional(Line)
}).annotations({ identifier: "PlanGroupRequest" })
/** @category requests */
export type PlanGroupRequest = typeof PlanGroupRequest.Type

/** The plan as checked, without storing anything: its problems and advice, and a suggested name. @category responses */
export const PlanPreview = Schema.Struct({
  valid: Schema.Boolean,
  problems: Schema.Array(PlanProblem),
  suggestedName: Schema.NullOr(Schema.String)
}).annotations({ identifier: "PlanPreview" })
/** @category responses */
export type PlanPreview = typeof PlanPreview.Type

/** A group's lifecycle status (`Group.Status`). @category models */
export const GroupStatus = Schema.Literal("draft", "recruiting", "ready", "running", "closing", "completed", "followed-up", "no-follow-up", "cancelled").annotations({
  identifier: "GroupStatus"
})

/** A group as a list shows it: no person in it. @category responses */
export const GroupSummary = Schema.Struct({
  groupId: Id,
  organisationId: Id,
  programmeId: Schema.String,
  name: Schema.String,
  language: Language.Language,
  status: GroupStatus,
  minimum: Schema.Int,
  capacity: Schema.Int,
  enrolled: Schema.Int,
  usesProtectedName: Schema.Boolean,
  leaders: Schema.Array(Schema.Struct({ userId: Id, role: CoreRole.LeaderRole })),
  plannedAt: Instant
}).annotations({ identifier: "GroupSummary" })
/** @category responses */
export type GroupSummary = typeof GroupSummary.Type

/** A session's status (`Session.Status`). @category models */
export const SessionStatus = Schema.Literal("planned", "scheduled", "rescheduled", "held", "cancelled").annotations({ identifier: "SessionStatus" })

/** A session of a group. Counts only; who attended is in the roster (person-level). @category responses */
export const SessionView = Schema.Struct({
  sessionId: Id,
  groupId: Id,
  number: Schema.Int,
  status: SessionStatus,
  start: Schema.NullOr(Instant),
  minutes: Schema.Int,
  modality: Modality.Modality,
  theme: Schema.NullOr(Schema.String),
  present: Schema.Int,
  excused: Schema.Int,
  absent: Schema.Int,
  feedbackResponses: Schema.NullOr(Schema.Int)
}).annotations({ identifier: "SessionView" })
/** @category responses */
export type SessionView = typeof SessionView.Type

/** A group with its plan's advice and its sessions. @category responses */
export const GroupDetail = Schema.Struct({
  ...GroupSummary.fields,
  waitlisted: Schema.Int,
  referred: Schema.Int,
  advice: Schema.Array(PlanProblem),
  sessions: Schema.Array(SessionView),
  /** The programme's particulars that shape the flow (seed 000: messaging group; seed 002: 3X10D). */
  features: Schema.Struct({
    messagingGroup: Schema.Boolean,
    outcomes: Schema.Boolean,
    anonymousFeedback: Schema.Boolean,
    remoteIntake: Schema.Boolean,
    budgetLines: Schema.Boolean
  })
}).annotations({ identifier: "GroupDetail" })
/** @category responses */
export type GroupDetail = typeof GroupDetail.Type

// ---------------------------------------------------------------------------------------------
// Referral, eligibility, intake and consents
// ---------------------------------------------------------------------------------------------

/**
 * A consent record as given at intake or later: the core's `ConsentRecord` without the person (the
 * participation's) and the time (now).
 *
 * @category requests
 */
export const ConsentInput = Schema.Struct({
  purpose: Consent.ConsentRecord.fields.purpose,
  action: Consent.Action,
  givenBy: Consent.GivenBy,
  channel: Consent.Channel,
  textVersion: Line,
  scope: Schema.optional(Consent.Scope),
  expiresAt: Schema.optional(Instant)
}).annotations({ identifier: "ConsentInput" })
/** @category requests */
export type ConsentInput = typeof ConsentInput.Type

/**
 * What the consent rule needs to know of the person (never stored in the clear): date of birth (a minor's
 * guardian consents for them) and whether a minor understands what is at stake.
 *
 * @category requests
 */
export const SubjectFacts = Schema.Struct({
  dateOfBirth: Schema.optional(CalendarDate),
  understandsOwnData: Schema.optional(Schema.Boolean)
}).annotations({ identifier: "SubjectFacts" })
/** @category requests */
export type SubjectFacts = typeof SubjectFacts.Type

/** Contact details handed over at referral: sealed in the vault under the person's key. @category requests */
export const Contact = Schema.Struct({
  name: Line,
  phone: Schema.optional(Schema.String.pipe(Schema.pattern(/^\+?[0-9 ()-]{5,20}$/, { message: () => "a phone number, e.g. +358401234567" }))),
  email: Schema.optional(Schema.String.pipe(Schema.pattern(/^[^\s@]{1,64}@[^\s@]{1,190}$/, { message: () => "an e-mail address" }))),
  /** The family's language: explanations and reminders use it. */
  language: Language.Language
}).annotations({ identifier: "Contact" })
/** @category requests */
export type Contact = typeof Contact.Type

/**
 * Refers a person to a group. An institution hands over contact details only with the person's disclosure
 * consent (seed 000), given as `disclosureConsent`.
 *
 * @category requests
 */
export const ReferRequest = Schema.Struct({
  groupId: Id,
  participantId: Schema.optional(Id),
  source: Participant.ReferralSource,
  modality: Modality.Modality,
  contact: Contact,
  disclosureConsent: Schema.optional(ConsentInput)
}).annotations({ identifier: "ReferRequest" })
/** @category requests */
export type ReferRequest = typeof ReferRequest.Type

/** A participant's journey status (`Participant.Status`). @category models */
export const ParticipantStatus = Schema.Literal(
  "referred",
  "contact-received",
  "intake-scheduled",
  "intake-held",
  "consents-recorded",
  "waitlisted",
  "enrolled",
  "attending",
  "completed",
  "withdrawn",
  "dropped-out",
  "declined",
  "ineligible"
).annotations({ identifier: "ParticipantStatus" })

/**
 * A participation, person-level: its status and consents in force, and the contact details (revealed
 * through the vault, logged; `erased` after erasure).
 *
 * @category responses
 */
export const ParticipantView = Schema.Struct({
  participantId: Id,
  personId: Id,
  groupId: Id,
  status: ParticipantStatus,
  source: Schema.NullOr(Participant.ReferralSource),
  modality: Schema.NullOr(Modality.Modality),
  consents: Schema.Array(Consent.ConsentRecord.fields.purpose),
  inMessagingGroup: Schema.Boolean,
  intakeAt: Schema.NullOr(Instant),
  contact: Schema.Union(
    Schema.Struct({ _tag: Schema.Literal("Contact"), name: Schema.String, phone: Schema.NullOr(Schema.String), email: Schema.NullOr(Schema.String), language: Language.Language }),
    Schema.Struct({ _tag: Schema.Literal("Erased") }),
    Schema.Struct({ _tag: Schema.Literal("None") })
  )
}).annotations({ identifier: "ParticipantView" })
/** @category responses */
export type ParticipantView = typeof ParticipantView.Type

/** Decides a participant's eligibility on the facts given (`Eligibility.decide`), explained in `language` (default: the family's). @category requests */
export const EligibilityRequest = Schema.Struct({
  participantId: Id,
  facts: PersonFacts.PersonFacts,
  language: Schema.optional(Language.Language)
}).annotations({ identifier: "EligibilityRequest" })
/** @category requests */
export type EligibilityRequest = typeof EligibilityRequest.Type

/** The decision and its explanation; an ineligible decision is recorded (`ParticipantFoundIneligible`). @category responses */
export const EligibilityView = Schema.Struct({
  participantId: Id,
  programmeId: Schema.String,
  outcome: Schema.Literal("eligible", "ineligible", "undetermined"),
  recorded: Schema.Boolean,
  language: Language.Language,
  summary: Schema.String,
  rules: Schema.Array(Schema.Struct({ path: Schema.String, depth: Schema.Int, text: Schema.String, outcome: Schema.Literal("eligible", "ineligible", "undetermined") })),
  questions: Schema.Array(Schema.String),
  note: Schema.NullOr(Schema.String)
}).annotations({ identifier: "EligibilityView" })
/** @category responses */
export type EligibilityView = typeof EligibilityView.Type

/**
 * The intake interview (alkuhaastattelu): scheduled at `intakeAt` and held, with the technology rehearsed
 * for a remote group (seed 000), and the consents given at it, of the person, of a minor (`minor-own-view`)
 * or of the guardian, each recorded and then checked by the core's `Consent` rules.
 *
 * @category requests
 */
export const IntakeRequest = Schema.Struct({
  participantId: Id,
  intakeAt: Instant,
  modality: Modality.Modality,
  technologyRehearsed: Schema.Boolean,
  subject: Schema.optional(SubjectFacts),
  consents: Schema.Array(ConsentInput)
}).annotations({ identifier: "IntakeRequest" })
/** @category requests */
export type IntakeRequest = typeof IntakeRequest.Type

/** Records one consent record later on (a grant, or a withdrawal honoured at once). @category requests */
export const ConsentRequest = Schema.Struct({
  participantId: Id,
  consent: ConsentInput,
  subject: Schema.optional(SubjectFacts)
}).annotations({ identifier: "ConsentRequest" })
/** @category requests */
export type ConsentRequest = typeof ConsentRequest.Type

/** The answer of the consent rule for one purpose now. @category responses */
export const ConsentAnswer = Schema.Struct({
  participantId: Id,
  purpose: Consent.ConsentRecord.fields.purpose,
  allowed: Schema.Boolean,
  refusal: Schema.NullOr(Schema.String),
  explanation: Schema.NullOr(Schema.String)
}).annotations({ identifier: "ConsentAnswer" })
/** @category responses */
export type ConsentAnswer = typeof ConsentAnswer.Type

/** Asks the consent rule about one purpose. @category requests */
export const ConsentQuery = Schema.Struct({
  participantId: Id,
  purpose: Consent.ConsentRecord.fields.purpose,
  subject: Schema.optional(SubjectFacts),
  language: Schema.optional(Language.Language)
}).annotations({ identifier: "ConsentQuery" })
/** @category requests */
export type ConsentQuery = typeof ConsentQuery.Type

/** Enrolled, or waitlisted when the group is full (capacity is never exceeded). @category responses */
export const EnrolResult = Schema.Struct({
  participantId: Id,
  outcome: Schema.Literal("enrolled", "waitlisted"),
  waitlistPosition: Schema.NullOr(Schema.Int),
  enrolled: Schema.Int,
  capacity: Schema.Int
}).annotations({ identifier: "EnrolResult" })
/** @category responses */
export type EnrolResult = typeof EnrolResult.Type

/** Withdraws a participant (no reason required) or declines a place. @category requests */
export const WithdrawRequest = Schema.Struct({
  participantId: Id,
  reason: Schema.optional(FreeText)
}).annotations({ identifier: "WithdrawRequest" })
/** @category requests */
export type WithdrawRequest = typeof WithdrawRequest.Type

// ---------------------------------------------------------------------------------------------
// Schedule and sessions
// ---------------------------------------------------------------------------------------------

/**
 * Places the group's sessions (`Schedule.plan`): from `start`, at `time` (Helsinki), weekly or fortnightly,
 * skipping Finnish public holidays and the organiser's closed days; a template's fixed weekday (the online
 * group's live Saturday meeting) is kept.
 *
 * @category requests
 */
export const ScheduleRequest = Schema.Struct({
  groupId: Id,
  start: CalendarDate,
  time: Schema.String.pipe(Schema.pattern(/^\d{1,2}:\d{2}$/, { message: () => "a time HH:MM" })),
  cadence: Schema.Literal("weekly", "fortnightly"),
  saturdayTime: Schema.optional(Schema.String.pipe(Schema.pattern(/^\d{1,2}:\d{2}$/, { message: () => "a time HH:MM" }))),
  closedDays: Schema.optional(Schema.Array(Schema.Struct({ date: CalendarDate, name: Line })))
}).annotations({ identifier: "ScheduleRequest" })
/** @category requests */
export type ScheduleRequest = typeof ScheduleRequest.Type

/** A date the schedule passed over, and why, in fi, sv and en. @category responses */
export const SkippedDate = Schema.Struct({
  date: Schema.String,
  reason: Schema.Literal("public-holiday", "office-closed", "weekend", "closed-by-organiser"),
  name: Language.LocalizedText
}).annotations({ identifier: "SkippedDate" })

/** @category responses */
export const ScheduleView = Schema.Struct({
  groupId: Id,
  sessions: Schema.Array(SessionView),
  skipped: Schema.Array(SkippedDate)
}).annotations({ identifier: "ScheduleView" })
/** @category responses */
export type ScheduleView = typeof ScheduleView.Type

/** The group's sessions as an iCalendar file (`ICalendar.fromSchedule`). @category responses */
export const CalendarFile = Schema.Struct({
  filename: Schema.String,
  contentType: Schema.Literal("text/calendar; charset=utf-8"),
  body: Schema.String
}).annotations({ identifier: "CalendarFile" })
/** @category responses */
export type CalendarFile = typeof CalendarFile.Type

/** Starts the group with the leaders of its plan (`Group.Start`: minimum, leader composition, trademark rule). @category requests */
export const StartRequest = Schema.Struct({ groupId: Id, waiverReason: Schema.optional(Line) }).annotations({ identifier: "StartRequest" })
/** @category requests */
export type StartRequest = typeof StartRequest.Type

/**
 * A held session: everyone's attendance (present, excused, absent), guests (the experience expert with a
 * fee), travel claims (a minor's with an adult escort) and companions (the placed young people at the live
 * meeting).
 *
 * @category requests
 */
export const AttendanceRequest = Schema.Struct({
  sessionId: Id,
  attendance: Schema.Array(Session.Attendance),
  minutes: Schema.optional(Schema.Int.pipe(Schema.between(1, 24 * 60))),
  guests: Schema.optional(Schema.Array(Session.Guest)),
  travelClaims: Schema.optional(Schema.Array(Session.TravelClaim)),
  companions: Schema.optional(Schema.Array(Session.Companion))
}).annotations({ identifier: "AttendanceRequest" })
/** @category requests */
export type AttendanceRequest = typeof AttendanceRequest.Type

/**
 * The anonymous responses of one session, collected with a digital tool and closed as one batch
 * (`Feedback.closeBox`): no ids, no times; below three responses only their count is kept.
 *
 * @category requests
 */
export const FeedbackRequest = Schema.Struct({
  sessionId: Id,
  responses: Schema.Array(Schema.Struct({ rating: Schema.optional(Feedback.Rating), text: Schema.optional(FreeText) }))
}).annotations({ identifier: "FeedbackRequest" })
/** @category requests */
export type FeedbackRequest = typeof FeedbackRequest.Type

/** @category responses */
export const FeedbackView = Schema.Struct({ sessionId: Id, responses: Schema.Int, withheld: Schema.Int }).annotations({ identifier: "FeedbackView" })
/** @category responses */
export type FeedbackView = typeof FeedbackView.Type

/** A 3X10D questionnaire (ten answers 0–10) at the start or the end, with the evaluation consent. @category requests */
export const OutcomeRequest = Schema.Struct({
  participantId: Id,
  phase: Schema.Literal("start", "end"),
  answers: Outcome.Answers
}).annotations({ identifier: "OutcomeRequest" })
/** @category requests */
export type OutcomeRequest = typeof OutcomeRequest.Type

/** A participant's 3X10D change per item (no total score; item 10 is life as a whole). @category responses */
export const OutcomeView = Schema.Struct({
  participantId: Id,
  start: Schema.NullOr(Schema.Array(Schema.Int)),
  end: Schema.NullOr(Schema.Array(Schema.Int)),
  change: Schema.Array(
    Schema.Struct({ item: Schema.Int, label: Schema.String, start: Schema.Int, end: Schema.Int, change: Schema.Int, endBand: Schema.Literal("dissatisfied", "moderately-satisfied", "satisfied") })
  )
}).annotations({ identifier: "OutcomeView" })
/** @category responses */
export type OutcomeView = typeof OutcomeView.Type

/** The follow-up meeting (jälkitapaaminen): held, or skipped with a reason. @category requests */
export const FollowUpRequest = Schema.Struct({ groupId: Id, held: Schema.Boolean, reason: Schema.optional(Line) }).annotations({ identifier: "FollowUpRequest" })
/** @category requests */
export type FollowUpRequest = typeof FollowUpRequest.Type

/** Cancels a group, with a reason. @category requests */
export const CancelRequest = Schema.Struct({ groupId: Id, reason: Line }).annotations({ identifier: "CancelRequest" })
/** @category requests */
export type CancelRequest = typeof CancelRequest.Type

// ---------------------------------------------------------------------------------------------
// Views of a group
// ---------------------------------------------------------------------------------------------

/** The roster of a group; with `contacts`, each member's name is revealed through the vault (one logged read per person). @category requests */
export const RosterRequest = Schema.Struct({ groupId: Id, contacts: Schema.optional(Schema.Boolean) }).annotations({ identifier: "RosterRequest" })
/** @category requests */
export type RosterRequest = typeof RosterRequest.Type

/** One member of the roster: ids, status, consents in force, attendance counts (and the name when asked). @category responses */
export const RosterEntry = Schema.Struct({
  participantId: Id,
  name: Schema.NullOr(Schema.String),
  status: ParticipantStatus,
  erased: Schema.Boolean,
  inMessagingGroup: Schema.Boolean,
  consents: Schema.Array(Consent.ConsentRecord.fields.purpose),
  present: Schema.Int,
  excused: Schema.Int,
  absent: Schema.Int
}).annotations({ identifier: "RosterEntry" })

/** Everyone referred to the group and where they stand (person-level). @category responses */
export const RosterView = Schema.Struct({
  groupId: Id,
  capacity: Schema.Int,
  enrolled: Schema.Int,
  members: Schema.Array(RosterEntry)
}).annotations({ identifier: "RosterView" })
/** @category responses */
export type RosterView = typeof RosterView.Type

/** The waiting list, in order (person-level). @category responses */
export const WaitlistView = Schema.Struct({
  groupId: Id,
  entries: Schema.Array(Schema.Struct({ participantId: Id, since: Instant, position: Schema.Int }))
}).annotations({ identifier: "WaitlistView" })
/** @category responses */
export type WaitlistView = typeof WaitlistView.Type

/**
 * Aggregates of one group or of the organisation, for the analyst: counts only; a mean over fewer than
 * three people is withheld (`null`).
 *
 * @category responses
 */
export const AggregateView = Schema.Struct({
  groupId: Schema.NullOr(Id),
  groups: Schema.Int,
  referred: Schema.Int,
  enrolled: Schema.Int,
  waitlisted: Schema.Int,
  completed: Schema.Int,
  withdrawn: Schema.Int,
  sessionsHeld: Schema.Int,
  attendanceRate: Schema.NullOr(Schema.Number),
  feedbackResponses: Schema.Int,
  meanRating: Schema.NullOr(Schema.Number),
  outcomesMeasured: Schema.Int,
  meanChangeLifeAsWhole: Schema.NullOr(Schema.Number)
}).annotations({ identifier: "AggregateView" })
/** @category responses */
export type AggregateView = typeof AggregateView.Type

/** Aggregates of one group, or of every group the actor sees (no `groupId`). @category requests */
export const AggregateRequest = Schema.Struct({ groupId: Schema.optional(Id) }).annotations({ identifier: "AggregateRequest" })
/** @category requests */
export type AggregateRequest = typeof AggregateRequest.Type

/**
 * The group's cost against its alternatives. `scenario` replaces the one the service builds from the
 * group (VOIKUKKIA: the seed's price; others: the held sessions' hours × leaders at `hourlyCents`, guests'
 * fees, travel claims, and for the region structure its budget lines in `scenario`).
 *
 * @category requests
 */
export const CostRequest = Schema.Struct({
  groupId: Id,
  hourlyCents: Schema.optional(Schema.Int.pipe(Schema.between(1, 100_000_00))),
  scenario: Schema.optional(Scenario.Scenario),
  language: Schema.optional(Language.Language)
}).annotations({ identifier: "CostRequest" })
/** @category requests */
export type CostRequest = typeof CostRequest.Type

/** One option of the comparison (`Comparison.Option`). @category responses */
export const CostOption = Schema.Struct({
  id: Schema.String,
  label: Schema.String,
  kind: Schema.Literal("peer-group", "alternative"),
  total: CentsRange,
  perParticipant: Schema.NullOr(CentsRange),
  source: Schema.NullOr(Schema.String)
}).annotations({ identifier: "CostOption" })

/** The comparison, the break-even units, the scenario used and the charts as SVG. @category responses */
export const CostView = Schema.Struct({
  groupId: Id,
  scenario: Scenario.Scenario,
  options: Schema.Array(CostOption),
  breakEven: Schema.Array(Schema.Struct({ id: Schema.String, label: Schema.String, unit: Schema.String, unitPrice: CentsRange, units: CentsRange, source: Schema.String })),
  charts: Schema.Struct({ comparison: Schema.String, tornado: Schema.NullOr(Schema.String), histogram: Schema.NullOr(Schema.String) })
}).annotations({ identifier: "CostView" })
/** @category responses */
export type CostView = typeof CostView.Type

/** Reminders (notifications) of the group's people, by status; `available` false when none are planned. @category responses */
export const RemindersView = Schema.Struct({
  groupId: Id,
  available: Schema.Boolean,
  pendingNotices: Schema.Int,
  deliveries: Schema.Record({ key: Schema.String, value: Schema.Int })
}).annotations({ identifier: "RemindersView" })
/** @category responses */
export type RemindersView = typeof RemindersView.Type

// ---------------------------------------------------------------------------------------------
// Data protection
// ---------------------------------------------------------------------------------------------

/** Finds participations by a name (sent in a body, never in a URL); each match's contact is a logged read. @category requests */
export const PersonSearch = Schema.Struct({ name: Line }).annotations({ identifier: "PersonSearch" })
/** @category requests */
export type PersonSearch = typeof PersonSearch.Type

/** A participation found for the data-protection officer (no contact details). @category responses */
export const PersonMatch = Schema.Struct({ participantId: Id, personId: Id, groupId: Id, status: ParticipantStatus }).annotations({ identifier: "PersonMatch" })
/** @category responses */
export type PersonMatch = typeof PersonMatch.Type

/** Everything held about the person of a participation (GDPR Art. 15), as the vault exports it. @category responses */
export const PersonExport = Schema.Struct({
  personId: Schema.String,
  status: Schema.Literal("active", "erased", "unknown"),
  exportedAt: Schema.String,
  events: Schema.Array(
    Schema.Struct({
      position: Schema.Number,
      streamId: Schema.String,
      version: Schema.Number,
      type: Schema.String,
      recordedAt: Schema.String,
      data: Schema.Unknown,
      personal: Schema.Union(Schema.Record({ key: Schema.String, value: Schema.String }), Schema.Literal("erased", "purged"), Schema.Null)
    })
  ),
  accessLog: Schema.Array(Schema.Unknown)
}).annotations({ identifier: "PersonExport" })
/** @category responses */
export type PersonExport = typeof PersonExport.Type

/** The receipt of an erasure (crypto-shredding of the person's keys). @category responses */
export const ErasureView = Schema.Struct({
  personId: Schema.String,
  erasedAt: Schema.String,
  alreadyErased: Schema.Boolean,
  status: Schema.Literal("complete", "pending")
}).annotations({ identifier: "ErasureView" })
/** @category responses */
export type ErasureView = typeof ErasureView.Type

/** One line of a person's access log (Client Data Act 703/2023). @category responses */
export const AccessEntryView = Schema.Struct({
  at: Schema.String,
  actor: Schema.String,
  action: Schema.String,
  purpose: Schema.String,
  legalBasis: Schema.String,
  recipient: Schema.NullOr(Schema.String),
  detail: Schema.NullOr(Schema.String)
}).annotations({ identifier: "AccessEntry" })

/** @category responses */
export const AccessLogView = Schema.Struct({ personId: Schema.String, entries: Schema.Array(AccessEntryView) }).annotations({ identifier: "AccessLogView" })
/** @category responses */
export type AccessLogView = typeof AccessLogView.Type

/** A refused action as the refusal log keeps it (stream `coordinator-refusals-<organisationId>`). @category responses */
export const RefusalEntry = Schema.Struct({
  at: Schema.String,
  userId: Schema.String,
  role: Schema.String,
  action: Schema.String,
  rule: Schema.String,
  groupId: Schema.NullOr(Schema.String)
}).annotations({ identifier: "RefusalEntry" })
/** @category responses */
export type RefusalEntry = typeof RefusalEntry.Type

/** @category guards */
export const isCoordinatorError = (u: unknown): u is CoordinatorError =>
  u instanceof InvalidRequest || u instanceof PlanProblems || u instanceof Forbidden || u instanceof NotFound || u instanceof Refused || u instanceof Unavailable
