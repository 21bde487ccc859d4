/**
 * Every operation checks the actor and its request against their schemas before anything else.
 */
import { Input } from "@vertaistuki/core"
import { Effect, Either, type ParseResult, Schema } from "effect"
import * as Authorization from "../Authorization.js"
import type { Coordinator } from "../Coordinator.js"
import * as M from "./model.js"

type Actor = Authorization.Actor
type Fail = M.CoordinatorError


/** The request schema of every operation that takes one. */
export const requests: { readonly [K in keyof Coordinator]?: Schema.Schema.AnyNoContext } = {
  ensureOrganisation: M.OrganisationRequest,
  previewPlan: M.PlanGroupRequest,
  planGroup: M.PlanGroupRequest,
  openRecruitment: M.GroupRef,
  schedule: M.ScheduleRequest,
  calendar: M.GroupRef,
  startGroup: M.StartRequest,
  beginClosing: M.GroupRef,
  completeGroup: M.GroupRef,
  followUp: M.FollowUpRequest,
  cancelGroup: M.CancelRequest,
  refer: M.ReferRequest,
  eligibility: M.EligibilityRequest,
  intake: M.IntakeRequest,
  recordConsent: M.ConsentRequest,
  consent: M.ConsentQuery,
  enrol: M.ParticipantRef,
  joinMessagingGroup: M.ParticipantRef,
  withdraw: M.WithdrawRequest,
  decline: M.ParticipantRef,
  recordAttendance: M.AttendanceRequest,
  submitFeedback: M.FeedbackRequest,
  recordOutcome: M.OutcomeRequest,
  outcome: M.ParticipantRef,
  group: M.GroupRef,
  sessions: M.GroupRef,
  roster: M.RosterRequest,
  waitlist: M.GroupRef,
  participant: M.ParticipantRef,
  aggregates: M.AggregateRequest,
  cost: M.CostRequest,
  reminders: M.GroupRef,
  findPeople: M.PersonSearch,
  exportPerson: M.ParticipantRef,
  erasePerson: M.ParticipantRef,
  accessLog: M.ParticipantRef
}

export const validateActor = Schema.validateEither(Authorization.Actor)

/** The first problem of a value against its schema, as an `InvalidRequest` naming the field (never the value). */
export const problemOf = (e: ParseResult.ParseError, prefix?: string): Fail => {
  const issue = Input.issues(e)[0]
  const path = issue === undefined ? "" : issue.path.map(String).join(".")
  return new M.InvalidRequest({ field: [prefix, path].filter((x) => x !== undefined && x !== "").join(".") || "request", expected: issue?.message ?? "a valid request" })
}

/**
 * Every operation checks the actor and the request against their schemas before anything else (in-process
 * callers hand in values no HTTP decoder has seen): an id such as `__proto__`, a control character or an
 * over-long text is an `InvalidRequest` naming the field.
 */
export const validated = (service: Coordinator): Coordinator => {
  const out: Record<string, unknown> = {}
  for (const [name, op] of Object.entries(service) as ReadonlyArray<[keyof Coordinator, (actor: Actor, request?: unknown) => Effect.Effect<unknown, Fail>]>) {
    const schema = requests[name]
    const check = schema === undefined ? undefined : Schema.validateEither(schema, { errors: "first", onExcessProperty: "ignore" })
    out[name] = (actor: unknown, request?: unknown) => {
      const a = validateActor(actor)
      if (Either.isLeft(a)) return Effect.fail(problemOf(a.left, "actor"))
      if (check !== undefined) {
        const v = check(request)
        if (Either.isLeft(v)) return Effect.fail(problemOf(v.left))
      }
      return op(a.right, request)
    }
  }
  return out as unknown as Coordinator
}

// ---------------------------------------------------------------------------------------------
// The service
// ---------------------------------------------------------------------------------------------
