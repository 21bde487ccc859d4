/**
 * A group's life (ryhmän elinkaari): draft → recruiting → ready → running → closing (final
 * feedback) → completed → follow-up meeting (jälkitapaaminen); cancelled from any earlier state with a
 * reason. Membership is date-aware: each person's enrolment is an interval, so the roster of a
 * session is the people enrolled on that session's date.
 *
 * @since 0.1.0
 */
import { Either, Schema } from "effect"
import type { DateTime } from "luxon"
import type { ProgrammeTemplate } from "./ProgrammeTemplate.js"
import { LeaderRole } from "./Role.js"
import * as Validation from "./Validation.js"
import {
  CapacityExceeded,
  ConsentMissing,
  LeaderCompositionInvalid,
  MinimumNotMet,
  RuleViolated,
  refused,
  TrademarkRuleViolated,
  type TransitionRefused
} from "./internal/lifecycle/errors.js"
import { missingRoles, untrainedLeaders } from "./internal/leaders.js"
import { dayBounds, Id, IsoDateTime, iso, SensitiveText } from "./internal/lifecycle/fields.js"
import { index, type Machine } from "./internal/lifecycle/Machine.js"
import * as Participant from "./Participant.js"

/**
 * The template's rules a group keeps from the day it is planned, so that replaying old events never
 * depends on a later edit of the catalogue.
 *
 * @category models
 */
export const GroupRules = Schema.Struct({
  programmeId: Id,
  minimum: Schema.NonNegativeInt,
  maximum: Schema.NonNegativeInt,
  minimumWaiverAllowed: Schema.Boolean,
  leaders: Schema.Array(Schema.Struct({ role: LeaderRole, min: Schema.NonNegativeInt, required: Schema.Boolean })),
  protectedName: Schema.NullOr(Schema.Struct({ name: Schema.String, training: Schema.String, roles: Schema.Array(LeaderRole) }))
}).annotations({ identifier: "GroupRules" })
/** @category models */
export type GroupRules = typeof GroupRules.Type

/**
 * The group rules of a template. Where the source gives no group size, the plan supplies it;
 * `usesProtectedName` of the plan then decides whether the trademark rule applies.
 *
 * @category constructors
 */
export const rulesFromTemplate = (
  template: ProgrammeTemplate,
  plan?: { readonly minimum?: number; readonly maximum?: number }
): Either.Either<GroupRules, RuleViolated> => {
  const minimum = plan?.minimum ?? template.groupSize.min
  const maximum = plan?.maximum ?? template.groupSize.max
  if (minimum === null) return Either.left(new RuleViolated({ rule: "minimum-known", message: `${template.id} gives no minimum group size: the plan must supply one` }))
  if (maximum === null) return Either.left(new RuleViolated({ rule: "capacity-known", message: `${template.id} gives no maximum group size: the plan must supply one` }))
  if (minimum > maximum) return Either.left(new RuleViolated({ rule: "minimum-within-maximum", message: `minimum ${minimum} exceeds maximum ${maximum}` }))
  return Either.right({
    programmeId: template.id,
    minimum,
    maximum,
    minimumWaiverAllowed: template.groupSize.minimumWaivable,
    leaders: template.leaders.slots.map((s) => ({ role: s.role, min: s.count ?? 1, required: !s.recommended })),
    protectedName:
      template.brand === null
        ? null
        : { name: template.brand.name, training: template.brand.requiredTraining, roles: [...template.brand.rolesRequiringTraining] }
  })
}

/**
 * Whether a group name uses the template's protected name (e.g. "VOIKUKKIA-ryhmä Tampere"), by the
 * catalogue's own rule (`Validation.usesBrand`); then the trademark rule applies at the start.
 *
 * @category guards
 */
export const usesProtectedName = (template: ProgrammeTemplate, groupName: string): boolean =>
  template.brand !== null && Validation.usesBrand(groupName, template.brand)

/** A leader at the start of the group: id, role and completed trainings (ids, no names). @category models */
export const Leader = Schema.Struct({ leaderId: Id, role: LeaderRole, trainings: Schema.Array(Schema.String) })
/** @category models */
export type Leader = typeof Leader.Type

/** Why a member's enrolment ended before the group did. @category models */
export const Ending = Schema.Literal("withdrawn", "dropped-out")
/** @category models */
export type Ending = typeof Ending.Type

// ---------------------------------------------------------------------------------------------
// Events
// ---------------------------------------------------------------------------------------------

/** @category events */
export const GroupPlanned = Schema.TaggedStruct("GroupPlanned", { groupId: Id, at: IsoDateTime, rules: GroupRules, usesProtectedName: Schema.Boolean })
/** @category events */
export const RecruitmentOpened = Schema.TaggedStruct("RecruitmentOpened", { groupId: Id, at: IsoDateTime })
/** @category events */
export const MemberEnrolled = Schema.TaggedStruct("MemberEnrolled", { groupId: Id, participantId: Id, at: IsoDateTime })
/** @category events */
export const MemberLeft = Schema.TaggedStruct("MemberLeft", { groupId: Id, participantId: Id, at: IsoDateTime, ending: Ending })
/** @category events */
export const GroupReady = Schema.TaggedStruct("GroupReady", { groupId: Id, at: IsoDateTime })
/** @category events */
export const GroupStarted = Schema.TaggedStruct("GroupStarted", {
  groupId: Id,
  at: IsoDateTime,
  leaders: Schema.Array(Schema.Struct({ leaderId: Id, role: LeaderRole })),
  waiverReason: Schema.NullOr(SensitiveText),
  recommendationsUnmet: Schema.Array(SensitiveText)
})
/** The last session with written and oral feedback is ahead (seed 001_b24d0be2c52c8a44.txt). @category events */
export const GroupClosingBegan = Schema.TaggedStruct("GroupClosingBegan", { groupId: Id, at: IsoDateTime })
/** @category events */
export const GroupCompleted = Schema.TaggedStruct("GroupCompleted", { groupId: Id, at: IsoDateTime })
/** @category events */
export const FollowUpHeld = Schema.TaggedStruct("FollowUpHeld", { groupId: Id, at: IsoDateTime })
/** @category events */
export const FollowUpSkipped = Schema.TaggedStruct("FollowUpSkipped", { groupId: Id, at: IsoDateTime, reason: SensitiveText })
/** @category events */
export const GroupCancelled = Schema.TaggedStruct("GroupCancelled", { groupId: Id, at: IsoDateTime, reason: SensitiveText })

/**
 * Every event of a group's life.
 *
 * @category events
 */
export const GroupEvent = Schema.Union(
  GroupPlanned,
  RecruitmentOpened,
  MemberEnrolled,
  MemberLeft,
  GroupReady,
  GroupStarted,
  GroupClosingBegan,
  GroupCompleted,
  FollowUpHeld,
  FollowUpSkipped,
  GroupCancelled
).annotations({ identifier: "GroupEvent" })
/** @category events */
export type GroupEvent = typeof GroupEvent.Type

// ---------------------------------------------------------------------------------------------
// Commands and machine
// ---------------------------------------------------------------------------------------------

/** @category commands */
export type Command =
  | { readonly _tag: "Plan"; readonly groupId: string; readonly rules: GroupRules; readonly usesProtectedName: boolean }
  | { readonly _tag: "OpenRecruitment" }
  | { readonly _tag: "Enrol"; readonly participant: Participant.State }
  | { readonly _tag: "Leave"; readonly participantId: string; readonly ending: Ending }
  | { readonly _tag: "MarkReady" }
  | { readonly _tag: "Start"; readonly leaders: ReadonlyArray<Leader>; readonly waiverReason?: string }
  | { readonly _tag: "BeginClosing" }
  | { readonly _tag: "Complete" }
  | { readonly _tag: "HoldFollowUp" }
  | { readonly _tag: "SkipFollowUp"; readonly reason: string }
  | { readonly _tag: "Cancel"; readonly reason: string }

/** @category models */
export type Status = "draft" | "recruiting" | "ready" | "running" | "closing" | "completed" | "followed-up" | "no-follow-up" | "cancelled"

/**
 * The group machine as data.
 *
 * @category machines
 */
export const machine: Machine<Status, Command["_tag"]> = {
  name: "group",
  title: "Group lifecycle (ryhmän elinkaari)",
  initial: { command: "Plan", to: "draft", event: "GroupPlanned" },
  states: {
    draft: { label: "draft", terminal: false },
    recruiting: { label: "recruiting (haku auki)", terminal: false },
    ready: { label: "ready to start", terminal: false },
    running: { label: "running", terminal: false },
    closing: { label: "closing (final feedback)", terminal: false },
    completed: { label: "completed, follow-up ahead", terminal: false },
    "followed-up": { label: "follow-up meeting held (jälkitapaaminen)", terminal: true },
    "no-follow-up": { label: "ended without follow-up", terminal: true },
    cancelled: { label: "cancelled", terminal: true }
  },
  transitions: [
    { from: ["draft"], command: "OpenRecruitment", to: "recruiting", event: "RecruitmentOpened" },
    { from: ["recruiting", "ready"], command: "Enrol", to: "same", event: "MemberEnrolled", note: "capacity; participant's taking-part consent" },
    { from: ["recruiting", "ready", "running", "closing"], command: "Leave", to: "same", event: "MemberLeft" },
    { from: ["recruiting"], command: "MarkReady", to: "ready", event: "GroupReady" },
    { from: ["ready"], command: "Start", to: "running", event: "GroupStarted", note: "minimum or reasoned waiver; leaders; trademark rule" },
    { from: ["running"], command: "BeginClosing", to: "closing", event: "GroupClosingBegan" },
    { from: ["closing"], command: "Complete", to: "completed", event: "GroupCompleted" },
    { from: ["completed"], command: "HoldFollowUp", to: "followed-up", event: "FollowUpHeld" },
    { from: ["completed"], command: "SkipFollowUp", to: "no-follow-up", event: "FollowUpSkipped" },
    { from: ["draft", "recruiting", "ready", "running", "closing"], command: "Cancel", to: "cancelled", event: "GroupCancelled", note: "reason required" }
  ]
}

const lookup = index(machine)

/**
 * One person's enrolment: from `from` until `until` (exclusive; `null` while enrolled), as UTC ISO
 * instants, so that comparing strings compares times.
 *
 * @category models
 */
export interface Membership {
  readonly participantId: string
  readonly from: string
  readonly until: string | null
}

/**
 * A change of membership, newest first: a persistent list, so that `evolve` adds one cell and copies
 * nothing.
 *
 * @category models
 */
export interface MembershipChange {
  readonly participantId: string
  readonly at: string
  readonly joined: boolean
  readonly previous: MembershipChange | null
}

/** What the group was planned with. @category models */
export interface Plan {
  readonly groupId: string
  readonly rules: GroupRules
  readonly usesProtectedName: boolean
}

/** How the group started. @category models */
export interface Started {
  readonly at: string
  readonly leaders: ReadonlyArray<{ readonly leaderId: string; readonly role: LeaderRole }>
  readonly waiverReason: string | null
}

/** How the group ended: completed (`cancelReason` null) or cancelled. @category models */
export interface Ended {
  readonly at: string
  readonly cancelReason: string | null
}

/**
 * A group's state: a replay of its events. Membership is kept as its changes; `memberships` turns
 * them into intervals.
 *
 * @category models
 */
export interface State {
  readonly status: Status | "none"
  readonly plan: Plan | null
  readonly changes: MembershipChange | null
  readonly enrolled: number
  readonly started: Started | null
  readonly ended: Ended | null
  readonly version: number
}

/** @category constructors */
export const initial: State = { status: "none", plan: null, changes: null, enrolled: 0, started: null, ended: null, version: 0 }

/** The group's id ("" before it is planned). @category getters */
export const groupIdOf = (s: State): string => s.plan?.groupId ?? ""

/** @category errors */
export type DecideError = TransitionRefused | CapacityExceeded | ConsentMissing | MinimumNotMet | LeaderCompositionInvalid | TrademarkRuleViolated | RuleViolated

/** Whether the person is enrolled now. @category guards */
export const isMember = (s: State, participantId: string): boolean => {
  if (s.ended !== null) return false
  for (let c = s.changes; c !== null; c = c.previous) if (c.participantId === participantId) return c.joined
  return false
}

/**
 * Every enrolment as an interval, in the order people joined. When the group ends (completed or
 * cancelled), open enrolments end with it.
 *
 * @category queries
 */
export const memberships = (s: State): ReadonlyArray<Membership> => {
  const changes: Array<MembershipChange> = []
  for (let c = s.changes; c !== null; c = c.previous) changes.push(c)
  const out: Array<{ participantId: string; from: string; until: string | null }> = []
  for (let i = changes.length - 1; i >= 0; i--) {
    const c = changes[i]!
    if (c.joined) out.push({ participantId: c.participantId, from: c.at, until: null })
    else {
      const open = out.find((m) => m.participantId === c.participantId && m.until === null)
      if (open !== undefined) open.until = c.at
    }
  }
  if (s.ended !== null) for (const m of out) if (m.until === null) m.until = s.ended.at
  return out
}

/** Whether the group is in a terminal state. @category guards */
export const isTerminal = (s: State): boolean => s.status !== "none" && machine.states[s.status].terminal

/** The people enrolled at an instant. @category queries */
export const rosterAt = (s: State, at: DateTime): ReadonlyArray<string> => {
  const t = iso(at)
  return memberships(s)
    .filter((m) => m.from <= t && (m.until === null || m.until > t))
    .map((m) => m.participantId)
}

/**
 * The people of `memberships` enrolled at some time on a Helsinki date (`YYYY-MM-DD`), each once, in the
 * order they first joined: the rule behind `rosterOn`, for read models that keep the intervals themselves.
 *
 * @category queries
 */
export const membersOn = (memberships: ReadonlyArray<Membership>, date: string): ReadonlyArray<string> => {
  const [start, end] = dayBounds(date)
  const ids: Array<string> = []
  for (const m of memberships) if (m.from < end && (m.until === null || m.until > start) && !ids.includes(m.participantId)) ids.push(m.participantId)
  return ids
}

/**
 * The people enrolled at some time on a Helsinki date (`YYYY-MM-DD`): a session's roster.
 *
 * @category queries
 */
export const rosterOn = (s: State, date: string): ReadonlyArray<string> => membersOn(memberships(s), date)

/**
 * Checks the leaders against the template: the required composition and the trademark rule (the
 * protected name only when every leader has the training, seed 001_b24d0be2c52c8a44.txt).
 *
 * @category guards
 */
export const checkLeaders = (
  rules: GroupRules,
  usesProtectedName: boolean,
  leaders: ReadonlyArray<Leader>
): Either.Either<ReadonlyArray<string>, LeaderCompositionInvalid | TrademarkRuleViolated> => {
  const unmet: Array<string> = []
  for (const { requirement: r, found: n } of missingRoles(rules.leaders, leaders)) {
    const text = `${r.min} × ${r.role} (have ${n})`
    if (r.required) return Either.left(new LeaderCompositionInvalid({ rule: "leader-composition", message: `the template requires ${text}` }))
    unmet.push(`recommended ${text}`)
  }
  if (usesProtectedName && rules.protectedName !== null) {
    const { name, training, roles } = rules.protectedName
    const untrained = untrainedLeaders(leaders, roles, training).map(({ leader }) => leader.leaderId)
    if (untrained.length > 0) {
      return Either.left(
        new TrademarkRuleViolated({
          rule: "trademark",
          message: `the group may be called ${name} only if its leaders have completed ${training}; not completed by ${untrained.join(", ")}`
        })
      )
    }
  }
  return Either.right(unmet)
}

const ok = (...events: ReadonlyArray<GroupEvent>) => Either.right(events)

/**
 * Decides what happens when `command` meets `state` at `now`.
 *
 * @category deciders
 */
export const decide = (command: Command, state: State, now: DateTime): Either.Either<ReadonlyArray<GroupEvent>, DecideError> => {
  const at = iso(now)
  if (command._tag === "Plan") {
    if (state.status !== "none") return Either.left(refused(machine.name, state.status, command._tag))
    if (command.rules.minimum > command.rules.maximum) {
      return Either.left(new RuleViolated({ rule: "minimum-within-maximum", message: "the minimum group size exceeds the maximum" }))
    }
    return ok(GroupPlanned.make({ groupId: command.groupId, at, rules: command.rules, usesProtectedName: command.usesProtectedName }))
  }
  if (state.status === "none" || state.plan === null || lookup(state.status, command._tag) === undefined) {
    return Either.left(refused(machine.name, state.status, command._tag))
  }
  const { groupId, rules, usesProtectedName } = state.plan
  switch (command._tag) {
    case "OpenRecruitment":
      return ok(RecruitmentOpened.make({ groupId, at }))
    case "Enrol": {
      const p = command.participant
      if (p.groupId !== groupId) return Either.left(new RuleViolated({ rule: "participant-of-this-group", message: `${p.participantId} was referred to another group` }))
      if (isMember(state, p.participantId)) return Either.left(new RuleViolated({ rule: "enrolled-once", message: `${p.participantId} is already enrolled` }))
      if (!Participant.hasConsent(p, "taking-part")) {
        return Either.left(
          new ConsentMissing({ rule: "taking-part-consent-before-enrolment", participantId: p.participantId, purpose: "taking-part", message: "no enrolment without the consent to take part" })
        )
      }
      if (!Participant.mayEnrol(p)) {
        return Either.left(new RuleViolated({ rule: "intake-before-enrolment", message: `${p.participantId} is ${p.status}; enrolment follows the intake and consents` }))
      }
      if (state.enrolled >= rules.maximum) {
        return Either.left(new CapacityExceeded({ rule: "capacity", capacity: rules.maximum, enrolled: state.enrolled, message: `the group is full (${rules.maximum})` }))
      }
      return ok(MemberEnrolled.make({ groupId, participantId: p.participantId, at }))
    }
    case "Leave":
      if (!isMember(state, command.participantId)) return Either.left(new RuleViolated({ rule: "leave-needs-membership", message: `${command.participantId} is not enrolled` }))
      return ok(MemberLeft.make({ groupId, participantId: command.participantId, at, ending: command.ending }))
    case "MarkReady":
      return ok(GroupReady.make({ groupId, at }))
    case "Start": {
      let waiverReason: string | null = null
      if (state.enrolled < rules.minimum) {
        const base = { minimum: rules.minimum, enrolled: state.enrolled }
        if (!rules.minimumWaiverAllowed) {
          return Either.left(new MinimumNotMet({ ...base, rule: "waiver-not-allowed", message: `${state.enrolled} enrolled; the template needs ${rules.minimum} and allows no waiver` }))
        }
        if (command.waiverReason === undefined || command.waiverReason.trim() === "") {
          return Either.left(new MinimumNotMet({ ...base, rule: "waiver-needs-reason", message: `${state.enrolled} enrolled of ${rules.minimum}: starting anyway needs a recorded reason` }))
        }
        waiverReason = command.waiverReason
      }
      if (state.enrolled === 0) return Either.left(new MinimumNotMet({ rule: "minimum-enrolled", minimum: Math.max(1, rules.minimum), enrolled: 0, message: "nobody is enrolled" }))
      const checked = checkLeaders(rules, usesProtectedName, command.leaders)
      if (Either.isLeft(checked)) return Either.left(checked.left)
      return ok(
        GroupStarted.make({
          groupId,
          at,
          leaders: command.leaders.map((l) => ({ leaderId: l.leaderId, role: l.role })),
          waiverReason,
          recommendationsUnmet: [...checked.right]
        })
      )
    }
    case "BeginClosing":
      return ok(GroupClosingBegan.make({ groupId, at }))
    case "Complete":
      return ok(GroupCompleted.make({ groupId, at }))
    case "HoldFollowUp":
      return ok(FollowUpHeld.make({ groupId, at }))
    case "SkipFollowUp":
      return ok(FollowUpSkipped.make({ groupId, at, reason: command.reason }))
    case "Cancel":
      if (command.reason.trim() === "") return Either.left(new RuleViolated({ rule: "cancel-needs-reason", message: "a group is cancelled with a reason" }))
      return ok(GroupCancelled.make({ groupId, at, reason: command.reason }))
  }
}

/**
 * Applies one event: a `switch` building the next state as an object literal; membership changes
 * add one cell to a persistent list.
 *
 * @category deciders
 */
export const evolve = (s: State, e: GroupEvent): State => {
  switch (e._tag) {
    case "GroupPlanned":
      return {
        status: "draft",
        plan: { groupId: e.groupId, rules: e.rules, usesProtectedName: e.usesProtectedName },
        changes: null,
        enrolled: 0,
        started: null,
        ended: null,
        version: s.version + 1
      }
    case "RecruitmentOpened":
      return { status: "recruiting", plan: s.plan, changes: s.changes, enrolled: s.enrolled, started: s.started, ended: s.ended, version: s.version + 1 }
    case "MemberEnrolled":
      return {
        status: s.status,
        plan: s.plan,
        changes: { participantId: e.participantId, at: e.at, joined: true, previous: s.changes },
        enrolled: s.enrolled + 1,
        started: s.started,
        ended: s.ended,
        version: s.version + 1
      }
    case "MemberLeft":
      return {
        status: s.status,
        plan: s.plan,
        changes: { participantId: e.participantId, at: e.at, joined: false, previous: s.changes },
        enrolled: s.enrolled - 1,
        started: s.started,
        ended: s.ended,
        version: s.version + 1
      }
    case "GroupReady":
      return { status: "ready", plan: s.plan, changes: s.changes, enrolled: s.enrolled, started: s.started, ended: s.ended, version: s.version + 1 }
    case "GroupStarted":
      return {
        status: "running",
        plan: s.plan,
        changes: s.changes,
        enrolled: s.enrolled,
        started: { at: e.at, leaders: e.leaders, waiverReason: e.waiverReason },
        ended: null,
        version: s.version + 1
      }
    case "GroupClosingBegan":
      return { status: "closing", plan: s.plan, changes: s.changes, enrolled: s.enrolled, started: s.started, ended: s.ended, version: s.version + 1 }
    case "GroupCompleted":
      return { status: "completed", plan: s.plan, changes: s.changes, enrolled: 0, started: s.started, ended: { at: e.at, cancelReason: null }, version: s.version + 1 }
    case "GroupCancelled":
      return { status: "cancelled", plan: s.plan, changes: s.changes, enrolled: 0, started: s.started, ended: { at: e.at, cancelReason: e.reason }, version: s.version + 1 }
    case "FollowUpHeld":
      return { status: "followed-up", plan: s.plan, changes: s.changes, enrolled: s.enrolled, started: s.started, ended: s.ended, version: s.version + 1 }
    case "FollowUpSkipped":
      return { status: "no-follow-up", plan: s.plan, changes: s.changes, enrolled: s.enrolled, started: s.started, ended: s.ended, version: s.version + 1 }
  }
}

/** Replays events from the initial state. @category deciders */
export const replay = (events: Iterable<GroupEvent>, from: State = initial): State => {
  let s = from
  for (const e of events) s = evolve(s, e)
  return s
}
