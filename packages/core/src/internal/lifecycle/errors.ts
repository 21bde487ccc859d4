import { Data } from "effect"

/** The machine table has no transition for this command in this state. */
export class TransitionRefused extends Data.TaggedError("TransitionRefused")<{
  readonly rule: "machine-table"
  readonly machine: string
  readonly state: string
  readonly command: string
  readonly message: string
}> {}

/** A consent the step needs has not been given (or was withdrawn). */
export class ConsentMissing extends Data.TaggedError("ConsentMissing")<{
  readonly rule: "taking-part-consent-before-enrolment" | "messaging-group-consent-before-joining" | "contact-disclosure-consent" | "evaluation-consent-before-questionnaire"
  readonly participantId: string
  readonly purpose: string
  readonly message: string
}> {}

/** Enrolling would exceed the group's capacity. */
export class CapacityExceeded extends Data.TaggedError("CapacityExceeded")<{
  readonly rule: "capacity"
  readonly capacity: number
  readonly enrolled: number
  readonly message: string
}> {}

/** Starting needs the template's minimum number enrolled (or an allowed, reasoned waiver). */
export class MinimumNotMet extends Data.TaggedError("MinimumNotMet")<{
  readonly rule: "minimum-enrolled" | "waiver-not-allowed" | "waiver-needs-reason"
  readonly minimum: number
  readonly enrolled: number
  readonly message: string
}> {}

/** The leaders do not make up the composition the template requires. */
export class LeaderCompositionInvalid extends Data.TaggedError("LeaderCompositionInvalid")<{
  readonly rule: "leader-composition"
  readonly message: string
}> {}

/** The group uses a protected name (e.g. VOIKUKKIA®) and a leader lacks the required training. */
export class TrademarkRuleViolated extends Data.TaggedError("TrademarkRuleViolated")<{
  readonly rule: "trademark"
  readonly message: string
}> {}

/** Attendance recorded for someone not enrolled on the session's date. */
export class NotEnrolledOnDate extends Data.TaggedError("NotEnrolledOnDate")<{
  readonly rule: "attendance-needs-enrolment-on-date"
  readonly participantId: string
  readonly date: string
  readonly message: string
}> {}

/** A session longer than the template's maximum. */
export class DurationExceeded extends Data.TaggedError("DurationExceeded")<{
  readonly rule: "session-maximum-duration"
  readonly minutes: number
  readonly maximum: number
  readonly message: string
}> {}

/** A minor's travel claim without a committed adult escort (seed 003_220f3bde38c28eca.txt). */
export class EscortRequired extends Data.TaggedError("EscortRequired")<{
  readonly rule: "minor-travel-needs-adult-escort"
  readonly participantId: string
  readonly message: string
}> {}

/** Any other rule: `rule` names it. */
export class RuleViolated extends Data.TaggedError("RuleViolated")<{
  readonly rule: string
  readonly message: string
}> {}

export const refused = (machine: string, state: string, command: string) =>
  new TransitionRefused({
    rule: "machine-table",
    machine,
    state,
    command,
    message: `${machine}: ${command} is not allowed in state ${state}`
  })
