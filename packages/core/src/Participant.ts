/**
 * A participant's journey (osallistujan polku): referral, contact details, intake interview
 * (alkuhaastattelu), consents, enrolment or waitlist, attendance, and a named ending. Nothing is
 * deleted: every way out is its own terminal state.
 *
 * @since 0.1.0
 */
import { Either, Schema } from "effect"
import type { DateTime } from "luxon"
import * as Consent from "./Consent.js"
import { ConsentPurpose } from "./ConsentPurpose.js"
import type * as Eligibility from "./Eligibility.js"
import { Modality } from "./Modality.js"
import { ConsentMissing, RuleViolated, refused, type TransitionRefused } from "./internal/lifecycle/errors.js"
import { fromIso, Id, IsoDateTime, iso, SensitiveText } from "./internal/lifecycle/fields.js"
import { index, type Machine } from "./internal/lifecycle/Machine.js"

/**
 * Who referred the person: a social worker, an institution (e.g. a child-protection institution, seed
 * 000_2f0bf6902dc16743.txt), a health professional, or the person themself.
 *
 * @category models
 */
export const ReferralSource = Schema.Literal("social-worker", "institution", "health-professional", "self")
/** @category models */
export type ReferralSource = typeof ReferralSource.Type

/**
 * The eligibility decision attached when a person is found ineligible (from `Eligibility.Decision`):
 * programme, reference date, and each rule's outcome.
 *
 * @category models
 */
export const EligibilityDecisionSnapshot = Schema.Struct({
  programme: Schema.String,
  reference: Schema.String,
  outcome: Schema.Literal("ineligible"),
  rules: Schema.Array(Schema.Struct({ path: Schema.String, id: Schema.NullOr(Schema.String), outcome: Schema.Literal("eligible", "ineligible", "undetermined") }))
})
/** @category models */
export type EligibilityDecisionSnapshot = typeof EligibilityDecisionSnapshot.Type

/**
 * A consent in force, as the participant's stream keeps it: the purpose and its basis in the consent
 * registry (who gave it, when, which consent text), so the stream never holds the record itself.
 *
 * @category models
 */
export const ConsentGrant = Schema.Struct({
  purpose: ConsentPurpose,
  givenBy: Consent.GivenBy,
  grantedAt: IsoDateTime,
  textVersion: Schema.String
})
/** @category models */
export type ConsentGrant = typeof ConsentGrant.Type

/** The grant a registry answer rests on. @category constructors */
export const grantOf = (allowed: Consent.Allowed): ConsentGrant => ({
  purpose: allowed.purpose,
  givenBy: allowed.basis.givenBy,
  grantedAt: iso(allowed.basis.at),
  textVersion: allowed.basis.textVersion
})

/**
 * A consent record as the participant's stream keeps it (`ConsentRecorded`): every field of
 * `Consent.ConsentRecord` but the person (the stream's subject), with UTC ISO times. None of it is
 * personal: a scope names a group, a recipient kind or an export.
 *
 * @category models
 */
export const ConsentEntry = Schema.Struct({
  purpose: ConsentPurpose,
  action: Consent.Action,
  givenBy: Consent.GivenBy,
  textVersion: Schema.NonEmptyTrimmedString,
  at: IsoDateTime,
  channel: Consent.Channel,
  scope: Schema.optional(Consent.Scope),
  expiresAt: Schema.optional(IsoDateTime)
})
/** @category models */
export type ConsentEntry = typeof ConsentEntry.Type

/** The stored form of a consent record. @category constructors */
export const entryOf = (r: Consent.ConsentRecord): ConsentEntry => ({
  purpose: r.purpose,
  action: r.action,
  givenBy: r.givenBy,
  textVersion: r.textVersion,
  at: iso(r.at),
  channel: r.channel,
  ...(r.scope === undefined ? {} : { scope: r.scope }),
  ...(r.expiresAt === undefined ? {} : { expiresAt: iso(r.expiresAt) })
})

/** The consent record of `person` a stored entry holds, with its times in Europe/Helsinki. @category constructors */
export const recordOf = (person: string, e: ConsentEntry): Consent.ConsentRecord => ({
  person,
  purpose: e.purpose,
  action: e.action,
  givenBy: e.givenBy,
  textVersion: e.textVersion,
  at: fromIso(e.at),
  channel: e.channel,
  ...(e.scope === undefined ? {} : { scope: e.scope }),
  ...(e.expiresAt === undefined ? {} : { expiresAt: fromIso(e.expiresAt) })
})

/** Consent registry evidence handed to a command: the person's records and who they are. @category models */
export interface ConsentEvidence {
  readonly records: ReadonlyArray<Consent.ConsentRecord>
  readonly subject: Consent.Subject
}

// ---------------------------------------------------------------------------------------------
// Events
// ---------------------------------------------------------------------------------------------

/** @category events */
export const ParticipantReferred = Schema.TaggedStruct("ParticipantReferred", {
  participantId: Id,
  personId: Id,
  groupId: Id,
  source: ReferralSource,
  modality: Modality,
  at: IsoDateTime
})
/** Contact details reached the organiser; for an institution's referral, with the disclosure consent (seed 000). @category events */
export const ContactDetailsReceived = Schema.TaggedStruct("ContactDetailsReceived", {
  participantId: Id,
  at: IsoDateTime,
  disclosureConsent: Schema.NullOr(ConsentGrant)
})
/** @category events */
export const IntakeScheduled = Schema.TaggedStruct("IntakeScheduled", {
  participantId: Id,
  at: IsoDateTime,
  intakeAt: IsoDateTime,
  modality: Modality
})
/** The intake interview was held; for a remote group the technology was rehearsed (seed 000). @category events */
export const IntakeHeld = Schema.TaggedStruct("IntakeHeld", {
  participantId: Id,
  at: IsoDateTime,
  technologyRehearsed: Schema.Boolean
})
/** @category events */
export const ConsentsRecorded = Schema.TaggedStruct("ConsentsRecorded", {
  participantId: Id,
  at: IsoDateTime,
  consents: Schema.Array(ConsentGrant)
})
/** @category events */
export const ConsentGiven = Schema.TaggedStruct("ConsentGiven", { participantId: Id, at: IsoDateTime, consent: ConsentGrant })
/**
 * A consent record (grant, withdrawal or refusal) given for the person, kept in the stream so that the
 * store's consent registry answers by `Consent.mayWe` over the same records. @category events
 */
export const ConsentRecorded = Schema.TaggedStruct("ConsentRecorded", { participantId: Id, at: IsoDateTime, record: ConsentEntry })
/** The person withdrew the consent for a purpose (unscoped, from that moment). @category events */
export const ConsentWithdrawn = Schema.TaggedStruct("ConsentWithdrawn", { participantId: Id, at: IsoDateTime, purpose: ConsentPurpose })
/** @category events */
export const ParticipantEnrolled = Schema.TaggedStruct("ParticipantEnrolled", { participantId: Id, groupId: Id, at: IsoDateTime })
/** @category events */
export const ParticipantWaitlisted = Schema.TaggedStruct("ParticipantWaitlisted", { participantId: Id, groupId: Id, at: IsoDateTime })
/** The person or the organiser declined the place. @category events */
export const ParticipantDeclined = Schema.TaggedStruct("ParticipantDeclined", {
  participantId: Id,
  at: IsoDateTime,
  by: Schema.Literal("person", "organiser")
})
/** @category events */
export const ParticipantFoundIneligible = Schema.TaggedStruct("ParticipantFoundIneligible", {
  participantId: Id,
  at: IsoDateTime,
  decision: EligibilityDecisionSnapshot
})
/** @category events */
export const AttendanceStarted = Schema.TaggedStruct("AttendanceStarted", { participantId: Id, at: IsoDateTime })
/** @category events */
export const ParticipantCompleted = Schema.TaggedStruct("ParticipantCompleted", { participantId: Id, at: IsoDateTime })
/** Withdrawal (keskeyttäminen omasta tahdosta): at any time, no reason required; `reason` is sensitive text. @category events */
export const ParticipantWithdrew = Schema.TaggedStruct("ParticipantWithdrew", {
  participantId: Id,
  at: IsoDateTime,
  reason: Schema.NullOr(SensitiveText)
})
/** Dropping out (putoaminen pois), with a reason kept for evaluation; `reason` is sensitive text. @category events */
export const ParticipantDroppedOut = Schema.TaggedStruct("ParticipantDroppedOut", {
  participantId: Id,
  at: IsoDateTime,
  reason: SensitiveText
})
/** Added to the group's messaging group (e.g. WhatsApp, seed 000). @category events */
export const MessagingGroupJoined = Schema.TaggedStruct("MessagingGroupJoined", { participantId: Id, at: IsoDateTime })
/** @category events */
export const MessagingGroupLeft = Schema.TaggedStruct("MessagingGroupLeft", {
  participantId: Id,
  at: IsoDateTime,
  cause: Schema.Literal("asked", "consent-withdrawn")
})

/**
 * Every event of the participant journey.
 *
 * @category events
 */
export const ParticipantEvent = Schema.Union(
  ParticipantReferred,
  ContactDetailsReceived,
  IntakeScheduled,
  IntakeHeld,
  ConsentsRecorded,
  ConsentGiven,
  ConsentRecorded,
  ConsentWithdrawn,
  ParticipantEnrolled,
  ParticipantWaitlisted,
  ParticipantDeclined,
  ParticipantFoundIneligible,
  AttendanceStarted,
  ParticipantCompleted,
  ParticipantWithdrew,
  ParticipantDroppedOut,
  MessagingGroupJoined,
  MessagingGroupLeft
).annotations({ identifier: "ParticipantEvent" })
/** @category events */
export type ParticipantEvent = typeof ParticipantEvent.Type

// ---------------------------------------------------------------------------------------------
// Commands
// ---------------------------------------------------------------------------------------------

/** @category commands */
export type Command =
  | { readonly _tag: "Refer"; readonly participantId: string; readonly personId: string; readonly groupId: string; readonly source: ReferralSource; readonly modality: Modality }
  | { readonly _tag: "ReceiveContactDetails"; readonly consents?: ConsentEvidence }
  | { readonly _tag: "ScheduleIntake"; readonly intakeAt: DateTime; readonly modality: Modality }
  | { readonly _tag: "HoldIntake"; readonly technologyRehearsed: boolean }
  | { readonly _tag: "RecordConsents"; readonly consents: ConsentEvidence }
  | { readonly _tag: "GiveConsent"; readonly purpose: ConsentPurpose; readonly consents: ConsentEvidence }
  | { readonly _tag: "WithdrawConsent"; readonly purpose: ConsentPurpose }
  /** Keeps a consent record of the person in the stream; accepted in every state, a withdrawal must always be possible. */
  | { readonly _tag: "RecordConsent"; readonly record: Consent.ConsentRecord }
  | { readonly _tag: "Enrol" }
  | { readonly _tag: "Waitlist" }
  | { readonly _tag: "Decline"; readonly by: "person" | "organiser" }
  | { readonly _tag: "FindIneligible"; readonly decision: Eligibility.Decision }
  | { readonly _tag: "StartAttending" }
  | { readonly _tag: "Complete" }
  | { readonly _tag: "Withdraw"; readonly reason?: string }
  | { readonly _tag: "DropOut"; readonly reason: string }
  | { readonly _tag: "JoinMessagingGroup" }
  | { readonly _tag: "LeaveMessagingGroup" }

// ---------------------------------------------------------------------------------------------
// Machine
// ---------------------------------------------------------------------------------------------

/** @category models */
export type Status =
  | "referred"
  | "contact-received"
  | "intake-scheduled"
  | "intake-held"
  | "consents-recorded"
  | "enrolled"
  | "waitlisted"
  | "attending"
  | "declined"
  | "ineligible"
  | "completed"
  | "withdrawn"
  | "dropped-out"

const beforeEnrolment = ["referred", "contact-received", "intake-scheduled", "intake-held", "consents-recorded", "waitlisted"] as const
const consentStates = ["contact-received", "intake-scheduled", "intake-held", "consents-recorded", "waitlisted", "enrolled", "attending"] as const
const active = [...beforeEnrolment, "enrolled", "attending"] as const

/**
 * The participant machine as data: what `decide` validates against and the diagrams show.
 *
 * @category machines
 */
export const machine: Machine<Status, Command["_tag"]> = {
  name: "participant",
  title: "Participant journey (osallistujan polku)",
  initial: { command: "Refer", to: "referred", event: "ParticipantReferred" },
  states: {
    referred: { label: "referred (ohjattu)", terminal: false },
    "contact-received": { label: "contact details received", terminal: false },
    "intake-scheduled": { label: "intake scheduled", terminal: false },
    "intake-held": { label: "intake held (alkuhaastattelu)", terminal: false },
    "consents-recorded": { label: "consents recorded", terminal: false },
    enrolled: { label: "enrolled", terminal: false },
    waitlisted: { label: "waitlisted (jonossa)", terminal: false },
    attending: { label: "attending", terminal: false },
    declined: { label: "declined", terminal: true },
    ineligible: { label: "found ineligible", terminal: true },
    completed: { label: "completed", terminal: true },
    withdrawn: { label: "withdrawn", terminal: true },
    "dropped-out": { label: "dropped out", terminal: true }
  },
  transitions: [
    { from: ["referred"], command: "ReceiveContactDetails", to: "contact-received", event: "ContactDetailsReceived", note: "an institution's referral needs the disclosure consent (seed 000)" },
    { from: ["contact-received", "intake-scheduled"], command: "ScheduleIntake", to: "intake-scheduled", event: "IntakeScheduled" },
    { from: ["intake-scheduled"], command: "HoldIntake", to: "intake-held", event: "IntakeHeld", note: "remote groups: technology rehearsed" },
    { from: ["intake-held"], command: "RecordConsents", to: "consents-recorded", event: "ConsentsRecorded" },
    { from: consentStates, command: "GiveConsent", to: "same", event: "ConsentGiven" },
    { from: consentStates, command: "WithdrawConsent", to: "same", event: "ConsentWithdrawn", note: "withdrawing taking-part consent also withdraws from the group" },
    { from: ["consents-recorded", "waitlisted"], command: "Enrol", to: "enrolled", event: "ParticipantEnrolled", note: "needs taking-part consent" },
    { from: ["consents-recorded"], command: "Waitlist", to: "waitlisted", event: "ParticipantWaitlisted" },
    { from: beforeEnrolment, command: "Decline", to: "declined", event: "ParticipantDeclined" },
    { from: beforeEnrolment, command: "FindIneligible", to: "ineligible", event: "ParticipantFoundIneligible" },
    { from: ["enrolled"], command: "StartAttending", to: "attending", event: "AttendanceStarted" },
    { from: ["attending"], command: "Complete", to: "completed", event: "ParticipantCompleted" },
    { from: active, command: "Withdraw", to: "withdrawn", event: "ParticipantWithdrew", note: "at any time, no reason required" },
    { from: ["enrolled", "attending"], command: "DropOut", to: "dropped-out", event: "ParticipantDroppedOut", note: "reason required" },
    { from: ["enrolled", "attending"], command: "JoinMessagingGroup", to: "same", event: "MessagingGroupJoined", note: "needs messaging-group consent" },
    { from: ["enrolled", "attending"], command: "LeaveMessagingGroup", to: "same", event: "MessagingGroupLeft" }
  ]
}

const lookup = index(machine)

/**
 * A participant's state: a replay of its events. `consents` lists the purposes currently consented.
 *
 * @category models
 */
export interface State {
  readonly status: Status | "none"
  readonly participantId: string
  readonly personId: string
  readonly groupId: string
  readonly source: ReferralSource | null
  readonly modality: Modality | null
  readonly consents: ReadonlyArray<ConsentPurpose>
  readonly inMessagingGroup: boolean
  readonly intakeAt: string | null
  readonly decision: EligibilityDecisionSnapshot | null
  readonly endedAt: string | null
  readonly version: number
}

/** The state before the first event. @category constructors */
export const initial: State = {
  status: "none",
  participantId: "",
  personId: "",
  groupId: "",
  source: null,
  modality: null,
  consents: [],
  inMessagingGroup: false,
  intakeAt: null,
  decision: null,
  endedAt: null,
  version: 0
}

/** @category errors */
export type DecideError = TransitionRefused | ConsentMissing | RuleViolated

/** Whether a consent for `purpose` is currently in force. @category guards */
export const hasConsent = (s: State, purpose: ConsentPurpose): boolean => s.consents.includes(purpose)

/** Whether the participant is in a terminal state. @category guards */
export const isTerminal = (s: State): boolean => s.status !== "none" && machine.states[s.status].terminal

/** Whether the participant may be enrolled now: the right state and the taking-part consent. @category guards */
export const mayEnrol = (s: State): boolean => (s.status === "consents-recorded" || s.status === "waitlisted") && hasConsent(s, "taking-part")

/** The stored form of an ineligible decision. @category constructors */
export const snapshotOf = (d: Eligibility.Decision): EligibilityDecisionSnapshot => ({
  programme: d.programme,
  reference: d.reference,
  outcome: "ineligible",
  rules: d.results.slice(1).map((r) => ({ path: r.path, id: r.id ?? null, outcome: r.outcome }))
})

const ok = (...events: ReadonlyArray<ParticipantEvent>) => Either.right(events)

/**
 * Decides what happens when `command` meets `state` at `now`: the events to record, or the rule that refused.
 *
 * @category deciders
 */
export const decide = (command: Command, state: State, now: DateTime): Either.Either<ReadonlyArray<ParticipantEvent>, DecideError> => {
  const at = iso(now)
  if (command._tag === "Refer") {
    if (state.status !== "none") return Either.left(refused(machine.name, state.status, command._tag))
    return ok(ParticipantReferred.make({ participantId: command.participantId, personId: command.personId, groupId: command.groupId, source: command.source, modality: command.modality, at }))
  }
  if (command._tag === "RecordConsent") return recordConsent(command.record, state, now)
  if (state.status === "none" || lookup(state.status, command._tag) === undefined) {
    return Either.left(refused(machine.name, state.status, command._tag))
  }
  const participantId = state.participantId
  switch (command._tag) {
    case "ReceiveContactDetails": {
      if (state.source !== "institution") return ok(ContactDetailsReceived.make({ participantId, at, disclosureConsent: null }))
      const allowed = command.consents === undefined ? undefined : Consent.mayWe(command.consents.records, command.consents.subject, "contact-disclosure", now)
      if (allowed === undefined || Either.isLeft(allowed)) {
        return Either.left(
          new ConsentMissing({
            rule: "contact-disclosure-consent",
            participantId,
            purpose: "contact-disclosure",
            message: "an institution may hand over contact details only with the parent's disclosure consent (seed 000)"
          })
        )
      }
      return ok(ContactDetailsReceived.make({ participantId, at, disclosureConsent: grantOf(allowed.right) }))
    }
    case "ScheduleIntake":
      return ok(IntakeScheduled.make({ participantId, at, intakeAt: iso(command.intakeAt), modality: command.modality }))
    case "HoldIntake":
      if (state.modality === "remote" && !command.technologyRehearsed) {
        return Either.left(new RuleViolated({ rule: "remote-intake-rehearses-technology", message: "for a remote group the intake rehearses the technology (seed 000)" }))
      }
      return ok(IntakeHeld.make({ participantId, at, technologyRehearsed: command.technologyRehearsed }))
    case "RecordConsents": {
      const consents: Array<ConsentGrant> = []
      for (const purpose of ConsentPurpose.literals) {
        const allowed = Consent.mayWe(command.consents.records, command.consents.subject, purpose, now, { scope: Consent.groupScope(state.groupId) })
        if (Either.isRight(allowed)) consents.push(grantOf(allowed.right))
      }
      return ok(ConsentsRecorded.make({ participantId, at, consents }))
    }
    case "GiveConsent": {
      const allowed = Consent.mayWe(command.consents.records, command.consents.subject, command.purpose, now, { scope: Consent.groupScope(state.groupId) })
      if (Either.isLeft(allowed)) return Either.left(new RuleViolated({ rule: "consent-in-registry", message: `the consent registry has no ${command.purpose} consent in force` }))
      return ok(ConsentGiven.make({ participantId, at, consent: grantOf(allowed.right) }))
    }
    case "WithdrawConsent": {
      const events: Array<ParticipantEvent> = []
      if (command.purpose === "messaging-group" && state.inMessagingGroup) events.push(MessagingGroupLeft.make({ participantId, at, cause: "consent-withdrawn" }))
      events.push(ConsentWithdrawn.make({ participantId, at, purpose: command.purpose }))
      if (command.purpose === "taking-part" && (state.status === "enrolled" || state.status === "attending")) {
        events.push(ParticipantWithdrew.make({ participantId, at, reason: null }))
      }
      return ok(...events)
    }
    case "Enrol":
      if (!hasConsent(state, "taking-part")) {
        return Either.left(
          new ConsentMissing({ rule: "taking-part-consent-before-enrolment", participantId, purpose: "taking-part", message: "no enrolment without the consent to take part" })
        )
      }
      return ok(ParticipantEnrolled.make({ participantId, groupId: state.groupId, at }))
    case "Waitlist":
      return ok(ParticipantWaitlisted.make({ participantId, groupId: state.groupId, at }))
    case "Decline":
      return ok(ParticipantDeclined.make({ participantId, at, by: command.by }))
    case "FindIneligible": {
      const d = command.decision
      if (d.outcome !== "ineligible") {
        return Either.left(new RuleViolated({ rule: "ineligible-needs-ineligible-decision", message: `the eligibility decision is ${d.outcome}, not ineligible` }))
      }
      return ok(ParticipantFoundIneligible.make({ participantId, at, decision: snapshotOf(d) }))
    }
    case "StartAttending":
      return ok(AttendanceStarted.make({ participantId, at }))
    case "Complete":
      return ok(ParticipantCompleted.make({ participantId, at }))
    case "Withdraw":
      return ok(ParticipantWithdrew.make({ participantId, at, reason: command.reason ?? null }))
    case "DropOut":
      if (command.reason.trim() === "") return Either.left(new RuleViolated({ rule: "dropout-needs-reason", message: "a dropout is recorded with its reason" }))
      return ok(ParticipantDroppedOut.make({ participantId, at, reason: command.reason }))
    case "JoinMessagingGroup":
      if (!hasConsent(state, "messaging-group")) {
        return Either.left(
          new ConsentMissing({
            rule: "messaging-group-consent-before-joining",
            participantId,
            purpose: "messaging-group",
            message: "nobody is added to the messaging group without consenting to it (seed 000)"
          })
        )
      }
      if (state.inMessagingGroup) return Either.left(new RuleViolated({ rule: "already-in-messaging-group", message: "already in the messaging group" }))
      return ok(MessagingGroupJoined.make({ participantId, at }))
    case "LeaveMessagingGroup":
      if (!state.inMessagingGroup) return Either.left(new RuleViolated({ rule: "not-in-messaging-group", message: "not in the messaging group" }))
      return ok(MessagingGroupLeft.make({ participantId, at, cause: "asked" }))
  }
}

/** Whether a withdrawal or refusal ends the consent this participation holds (its group's scope). */
const ends = (state: State, record: { readonly action: Consent.Action; readonly scope?: string | undefined }): boolean =>
  record.action !== "grant" && Consent.refusalCovers(record.scope, { scope: Consent.groupScope(state.groupId) })

const recordConsent = (record: Consent.ConsentRecord, state: State, now: DateTime): Either.Either<ReadonlyArray<ParticipantEvent>, DecideError> => {
  if (state.status === "none") return Either.left(refused(machine.name, state.status, "RecordConsent"))
  if (record.person !== state.personId) {
    return Either.left(new RuleViolated({ rule: "consent-record-of-the-participant", message: "a consent record is kept only in the stream of the person it is about" }))
  }
  if (record.scope !== undefined && !Consent.isScope(record.scope)) {
    return Either.left(new RuleViolated({ rule: "consent-scope-vocabulary", message: "a consent scope is group:<id>, export:<name>, other-service:<name>, guardian or social-worker" }))
  }
  const participantId = state.participantId
  const at = iso(now)
  const events: Array<ParticipantEvent> = []
  if (ends(state, record) && record.purpose === "messaging-group" && state.inMessagingGroup) {
    events.push(MessagingGroupLeft.make({ participantId, at, cause: "consent-withdrawn" }))
  }
  events.push(ConsentRecorded.make({ participantId, at, record: entryOf(record) }))
  if (ends(state, record) && record.purpose === "taking-part" && (state.status === "enrolled" || state.status === "attending")) {
    events.push(ParticipantWithdrew.make({ participantId, at, reason: null }))
  }
  return ok(...events)
}

const withConsent = (consents: ReadonlyArray<ConsentPurpose>, purpose: ConsentPurpose): ReadonlyArray<ConsentPurpose> =>
  consents.includes(purpose) ? consents : [...consents, purpose]

/** The fields an event may change besides the status and the end. */
type Changes = Partial<Pick<State, "consents" | "inMessagingGroup" | "intakeAt" | "decision">>

/** The next state, built as one literal: the status, the end, and whatever else the event changes. */
const moved = (s: State, status: State["status"], endedAt: string | null, changes?: Changes): State => ({
  status,
  participantId: s.participantId,
  personId: s.personId,
  groupId: s.groupId,
  source: s.source,
  modality: s.modality,
  consents: changes?.consents ?? s.consents,
  inMessagingGroup: changes?.inMessagingGroup ?? s.inMessagingGroup,
  intakeAt: changes?.intakeAt ?? s.intakeAt,
  decision: changes?.decision ?? s.decision,
  endedAt,
  version: s.version + 1
})

/**
 * Applies one event to the state. Pure and total over the events `decide` produces.
 *
 * @category deciders
 */
export const evolve = (s: State, e: ParticipantEvent): State => {
  switch (e._tag) {
    case "ParticipantReferred":
      return {
        status: "referred",
        participantId: e.participantId,
        personId: e.personId,
        groupId: e.groupId,
        source: e.source,
        modality: e.modality,
        consents: [],
        inMessagingGroup: false,
        intakeAt: null,
        decision: null,
        endedAt: null,
        version: s.version + 1
      }
    case "ContactDetailsReceived":
      return moved(s, "contact-received", null)
    case "IntakeScheduled":
      return moved(s, "intake-scheduled", null, { intakeAt: e.intakeAt })
    case "IntakeHeld":
      return moved(s, "intake-held", null)
    case "ConsentsRecorded": {
      let consents = s.consents
      for (const c of e.consents) consents = withConsent(consents, c.purpose)
      return moved(s, "consents-recorded", null, { consents })
    }
    case "ConsentGiven":
      return moved(s, s.status, s.endedAt, { consents: withConsent(s.consents, e.consent.purpose) })
    case "ConsentWithdrawn":
      return moved(s, s.status, s.endedAt, { consents: s.consents.filter((p) => p !== e.purpose) })
    case "ConsentRecorded":
      return moved(s, s.status, s.endedAt, ends(s, e.record) ? { consents: s.consents.filter((p) => p !== e.record.purpose) } : undefined)
    case "ParticipantEnrolled":
      return moved(s, "enrolled", null)
    case "ParticipantWaitlisted":
      return moved(s, "waitlisted", null)
    case "ParticipantDeclined":
      return moved(s, "declined", e.at)
    case "ParticipantFoundIneligible":
      return moved(s, "ineligible", e.at, { decision: e.decision })
    case "AttendanceStarted":
      return moved(s, "attending", null)
    case "ParticipantCompleted":
      return moved(s, "completed", e.at)
    case "ParticipantWithdrew":
      return moved(s, "withdrawn", e.at)
    case "ParticipantDroppedOut":
      return moved(s, "dropped-out", e.at)
    case "MessagingGroupJoined":
      return moved(s, s.status, s.endedAt, { inMessagingGroup: true })
    case "MessagingGroupLeft":
      return moved(s, s.status, s.endedAt, { inMessagingGroup: false })
  }
}

/** Replays events from the initial state. @category deciders */
export const replay = (events: Iterable<ParticipantEvent>, from: State = initial): State => {
  let s = from
  for (const e of events) s = evolve(s, e)
  return s
}
