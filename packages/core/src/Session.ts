/**
 * A group session (ryhmäkerta): planned → scheduled → held, cancelled or rescheduled (and then held,
 * cancelled or rescheduled again). Several sessions may fall on one day. A held session records
 * attendance per person, travel reimbursement claims and the guests present.
 *
 * @since 0.1.0
 */
import { Either, Schema } from "effect"
import type { DateTime } from "luxon"
import * as Duration from "./Duration.js"
import { Modality } from "./Modality.js"
import { type ProgrammeTemplate, sessionSpec } from "./ProgrammeTemplate.js"
import { GuestRole, ParticipantRole } from "./Role.js"
import { DurationExceeded, EscortRequired, NotEnrolledOnDate, RuleViolated, refused, type TransitionRefused } from "./internal/lifecycle/errors.js"
import { fromIso, Id, IsoDateTime, iso, isoDate, SensitiveText } from "./internal/lifecycle/fields.js"
import { index, type Machine } from "./internal/lifecycle/Machine.js"
import * as Group from "./Group.js"

/**
 * Attendance of one enrolled person: present (läsnä), excused (poissa ilmoittaen) or absent (poissa);
 * `minutes` when present only part of the time.
 *
 * @category models
 */
export const Attendance = Schema.Struct({
  participantId: Id,
  status: Schema.Literal("present", "excused", "absent"),
  minutes: Schema.NullOr(Schema.NonNegativeInt)
})
/** @category models */
export type Attendance = typeof Attendance.Type

/**
 * Someone who came with an enrolled participant for part of the session, e.g. the placed young people
 * in the online group's live meeting (seed 000_2f0bf6902dc16743.txt).
 *
 * @category models
 */
export const Companion = Schema.Struct({ personId: Id, role: ParticipantRole, withParticipantId: Id, minutes: Schema.NonNegativeInt })
/** @category models */
export type Companion = typeof Companion.Type

/**
 * A travel reimbursement claim (matkakorvaus): participation is free and travel is paid when needed
 * (seed 001_b24d0be2c52c8a44.txt); a minor's trip needs a committed adult escort (seed 003_220f3bde38c28eca.txt).
 *
 * @category models
 */
export const TravelClaim = Schema.Struct({
  personId: Id,
  cents: Schema.NonNegativeInt,
  minor: Schema.Boolean,
  escortId: Schema.NullOr(Schema.String)
})
/** @category models */
export type TravelClaim = typeof TravelClaim.Type

/** A guest present, e.g. an experience expert's visit with a fee (seed 000). @category models */
export const Guest = Schema.Struct({ guestId: Id, role: GuestRole, feeCents: Schema.NullOr(Schema.NonNegativeInt) })
/** @category models */
export type Guest = typeof Guest.Type

// ---------------------------------------------------------------------------------------------
// Events
// ---------------------------------------------------------------------------------------------

/** @category events */
export const SessionPlanned = Schema.TaggedStruct("SessionPlanned", {
  sessionId: Id,
  groupId: Id,
  number: Schema.Int,
  at: IsoDateTime,
  modality: Modality,
  maxMinutes: Schema.NonNegativeInt,
  theme: Schema.NullOr(Schema.String)
})
/** @category events */
export const SessionScheduled = Schema.TaggedStruct("SessionScheduled", { sessionId: Id, at: IsoDateTime, start: IsoDateTime, minutes: Schema.NonNegativeInt })
/** @category events */
export const SessionRescheduled = Schema.TaggedStruct("SessionRescheduled", {
  sessionId: Id,
  at: IsoDateTime,
  start: IsoDateTime,
  minutes: Schema.NonNegativeInt,
  previousStart: IsoDateTime,
  reason: Schema.NullOr(SensitiveText)
})
/** @category events */
export const SessionCancelled = Schema.TaggedStruct("SessionCancelled", { sessionId: Id, at: IsoDateTime, reason: SensitiveText })
/** @category events */
export const SessionHeld = Schema.TaggedStruct("SessionHeld", {
  sessionId: Id,
  at: IsoDateTime,
  date: Schema.String,
  minutes: Schema.NonNegativeInt,
  attendance: Schema.Array(Attendance),
  companions: Schema.Array(Companion),
  travelClaims: Schema.Array(TravelClaim),
  guests: Schema.Array(Guest)
})

/**
 * Every event of a session.
 *
 * @category events
 */
export const SessionEvent = Schema.Union(SessionPlanned, SessionScheduled, SessionRescheduled, SessionCancelled, SessionHeld).annotations({ identifier: "SessionEvent" })
/** @category events */
export type SessionEvent = typeof SessionEvent.Type

// ---------------------------------------------------------------------------------------------
// Commands and machine
// ---------------------------------------------------------------------------------------------

/** @category commands */
export type Command =
  | { readonly _tag: "Plan"; readonly sessionId: string; readonly groupId: string; readonly number: number; readonly modality: Modality; readonly maxMinutes: number; readonly theme?: string }
  | { readonly _tag: "Schedule"; readonly start: DateTime; readonly minutes: number }
  | { readonly _tag: "Reschedule"; readonly start: DateTime; readonly minutes?: number; readonly reason?: string }
  | { readonly _tag: "Cancel"; readonly reason: string }
  | {
      readonly _tag: "Hold"
      readonly group: Group.State
      readonly minutes?: number
      readonly attendance: ReadonlyArray<Attendance>
      readonly companions?: ReadonlyArray<Companion>
      readonly travelClaims?: ReadonlyArray<TravelClaim>
      readonly guests?: ReadonlyArray<Guest>
    }

/**
 * The longest session `number` of a template may last: its maximum, or else its longest planned
 * length; `null` where the template gives neither (the plan decides).
 *
 * @category constructors
 */
export const maxMinutesFor = (template: ProgrammeTemplate, number: number): number | null => {
  const spec = sessionSpec(template, number)
  return spec?.maxMinutes ?? spec?.plannedMinutes?.max ?? null
}

/** @category models */
export type Status = "planned" | "scheduled" | "rescheduled" | "held" | "cancelled"

/**
 * The session machine as data.
 *
 * @category machines
 */
export const machine: Machine<Status, Command["_tag"]> = {
  name: "session",
  title: "Session lifecycle (ryhmäkerta)",
  initial: { command: "Plan", to: "planned", event: "SessionPlanned" },
  states: {
    planned: { label: "planned", terminal: false },
    scheduled: { label: "scheduled", terminal: false },
    rescheduled: { label: "rescheduled", terminal: false },
    held: { label: "held", terminal: true },
    cancelled: { label: "cancelled", terminal: true }
  },
  transitions: [
    { from: ["planned"], command: "Schedule", to: "scheduled", event: "SessionScheduled", note: "duration within the template's maximum" },
    { from: ["scheduled", "rescheduled"], command: "Reschedule", to: "rescheduled", event: "SessionRescheduled", note: "moves only this session" },
    { from: ["planned", "scheduled", "rescheduled"], command: "Cancel", to: "cancelled", event: "SessionCancelled", note: "reason required" },
    { from: ["scheduled", "rescheduled"], command: "Hold", to: "held", event: "SessionHeld", note: "attendance only for people enrolled on the date" }
  ]
}

const lookup = index(machine)

/** A session's state: a replay of its events. @category models */
export interface State {
  readonly status: Status | "none"
  readonly sessionId: string
  readonly groupId: string
  readonly number: number
  readonly modality: Modality | null
  readonly maxMinutes: number
  readonly start: string | null
  readonly minutes: number
  readonly attendance: ReadonlyArray<Attendance>
  readonly cancelReason: string | null
  readonly version: number
}

/** @category constructors */
export const initial: State = {
  status: "none",
  sessionId: "",
  groupId: "",
  number: 0,
  modality: null,
  maxMinutes: 0,
  start: null,
  minutes: 0,
  attendance: [],
  cancelReason: null,
  version: 0
}

/** @category errors */
export type DecideError = TransitionRefused | DurationExceeded | NotEnrolledOnDate | EscortRequired | RuleViolated

/** Whether the session is in a terminal state. @category guards */
export const isTerminal = (s: State): boolean => s.status !== "none" && machine.states[s.status].terminal

const withinMaximum = (minutes: number, maximum: number): Either.Either<number, DurationExceeded> =>
  minutes <= maximum
    ? Either.right(minutes)
    : Either.left(new DurationExceeded({ rule: "session-maximum-duration", minutes, maximum, message: `${Duration.format(minutes)} exceeds the template's maximum of ${Duration.format(maximum)}` }))

const ok = (...events: ReadonlyArray<SessionEvent>) => Either.right(events)

/**
 * Decides what happens when `command` meets `state` at `now`.
 *
 * @category deciders
 */
export const decide = (command: Command, state: State, now: DateTime): Either.Either<ReadonlyArray<SessionEvent>, DecideError> => {
  const at = iso(now)
  if (command._tag === "Plan") {
    if (state.status !== "none") return Either.left(refused(machine.name, state.status, command._tag))
    return ok(
      SessionPlanned.make({
        sessionId: command.sessionId,
        groupId: command.groupId,
        number: command.number,
        at,
        modality: command.modality,
        maxMinutes: command.maxMinutes,
        theme: command.theme ?? null
      })
    )
  }
  if (state.status === "none" || lookup(state.status, command._tag) === undefined) return Either.left(refused(machine.name, state.status, command._tag))
  const sessionId = state.sessionId
  // Reschedule and Hold leave only scheduled or rescheduled sessions, which always have a start.
  switch (command._tag) {
    case "Schedule": {
      const m = withinMaximum(command.minutes, state.maxMinutes)
      if (Either.isLeft(m)) return Either.left(m.left)
      return ok(SessionScheduled.make({ sessionId, at, start: iso(command.start), minutes: command.minutes }))
    }
    case "Reschedule": {
      const m = withinMaximum(command.minutes ?? state.minutes, state.maxMinutes)
      if (Either.isLeft(m)) return Either.left(m.left)
      return ok(
        SessionRescheduled.make({ sessionId, at, start: iso(command.start), minutes: m.right, previousStart: state.start!, reason: command.reason ?? null })
      )
    }
    case "Cancel":
      if (command.reason.trim() === "") return Either.left(new RuleViolated({ rule: "cancel-needs-reason", message: "a session is cancelled with a reason" }))
      return ok(SessionCancelled.make({ sessionId, at, reason: command.reason }))
    case "Hold": {
      if (Group.groupIdOf(command.group) !== state.groupId) return Either.left(new RuleViolated({ rule: "session-of-this-group", message: "the group given is not this session's group" }))
      const minutes = withinMaximum(command.minutes ?? state.minutes, state.maxMinutes)
      if (Either.isLeft(minutes)) return Either.left(minutes.left)
      const date = isoDate(fromIso(state.start!))
      const roster = Group.rosterOn(command.group, date)
      const seen = new Set<string>()
      for (const a of command.attendance) {
        if (!roster.includes(a.participantId)) {
          return Either.left(
            new NotEnrolledOnDate({ rule: "attendance-needs-enrolment-on-date", participantId: a.participantId, date, message: `${a.participantId} was not enrolled on ${date}` })
          )
        }
        if (seen.has(a.participantId)) return Either.left(new RuleViolated({ rule: "attendance-once-per-person", message: `${a.participantId} is listed twice` }))
        seen.add(a.participantId)
      }
      const companions = command.companions ?? []
      for (const c of companions) {
        const host = command.attendance.find((a) => a.participantId === c.withParticipantId)
        if (host === undefined || host.status !== "present") {
          return Either.left(new RuleViolated({ rule: "companion-comes-with-participant", message: `${c.personId} came with ${c.withParticipantId}, who is not present` }))
        }
      }
      const travelClaims = command.travelClaims ?? []
      const present = new Set([...command.attendance.filter((a) => a.status === "present").map((a) => a.participantId), ...companions.map((c) => c.personId)])
      for (const t of travelClaims) {
        if (!present.has(t.personId)) return Either.left(new RuleViolated({ rule: "travel-for-those-present", message: `${t.personId} was not present` }))
        if (t.minor && (t.escortId === null || t.escortId.trim() === "")) {
          return Either.left(
            new EscortRequired({ rule: "minor-travel-needs-adult-escort", participantId: t.personId, message: "a minor's trip needs an adult who commits to it (seed 003)" })
          )
        }
      }
      return ok(
        SessionHeld.make({
          sessionId,
          at,
          date,
          minutes: minutes.right,
          attendance: [...command.attendance],
          companions: [...companions],
          travelClaims: [...travelClaims],
          guests: [...(command.guests ?? [])]
        })
      )
    }
  }
}

/**
 * Applies one event.
 *
 * @category deciders
 */
export const evolve = (s: State, e: SessionEvent): State => {
  switch (e._tag) {
    case "SessionPlanned":
      return {
        status: "planned",
        sessionId: e.sessionId,
        groupId: e.groupId,
        number: e.number,
        modality: e.modality,
        maxMinutes: e.maxMinutes,
        start: null,
        minutes: 0,
        attendance: [],
        cancelReason: null,
        version: s.version + 1
      }
    case "SessionScheduled":
    case "SessionRescheduled":
      return {
        status: e._tag === "SessionScheduled" ? "scheduled" : "rescheduled",
        sessionId: s.sessionId,
        groupId: s.groupId,
        number: s.number,
        modality: s.modality,
        maxMinutes: s.maxMinutes,
        start: e.start,
        minutes: e.minutes,
        attendance: s.attendance,
        cancelReason: null,
        version: s.version + 1
      }
    case "SessionCancelled":
      return { ...s, status: "cancelled", cancelReason: e.reason, version: s.version + 1 }
    case "SessionHeld":
      return { ...s, status: "held", minutes: e.minutes, attendance: e.attendance, version: s.version + 1 }
  }
}

/** Replays events from the initial state. @category deciders */
export const replay = (events: Iterable<SessionEvent>, from: State = initial): State => {
  let s = from
  for (const e of events) s = evolve(s, e)
  return s
}
