/**
 * A group plan (ryhmäsuunnitelma): one running group planned from a programme template, with its name,
 * organisers, leaders and their completed trainings, planned sessions, and the settings the template leaves
 * open (group size where the source gives none, the group form, a waiver of the minimum with its reason).
 * `Validation.validateGroupPlan` checks a plan against its template.
 *
 * @since 0.1.0
 */
import { Data, Either, ParseResult, Schema } from "effect"
import type { ParseOptions } from "effect/SchemaAST"
import * as Duration from "./Duration.js"
import * as Input from "./Input.js"
import * as Language from "./Language.js"
import * as Modality from "./Modality.js"
import * as Organiser from "./Organiser.js"
import { Count, GroupForm, ProgrammeId, type ProgrammeTemplate, sessionCount, sessionSpec } from "./ProgrammeTemplate.js"
import * as Role from "./Role.js"
import * as Training from "./Training.js"
import * as Weekday from "./Weekday.js"

/**
 * A leader of the planned group (ohjaaja) and the trainings they have completed.
 *
 * @category models
 */
export const PlannedLeader = Schema.Struct({
  name: Schema.NonEmptyTrimmedString,
  role: Role.LeaderRole,
  trainings: Schema.Array(Training.Training)
}).annotations({ identifier: "PlannedLeader" })
/** @category models */
export type PlannedLeader = typeof PlannedLeader.Type

/**
 * A planned session, matched by position to the template's session of the same ordinal.
 *
 * @category models
 */
export const PlannedSession = Schema.Struct({
  minutes: Duration.Minutes,
  modality: Schema.optional(Modality.Modality),
  weekday: Schema.optional(Weekday.Weekday)
}).annotations({ identifier: "PlannedSession" })
/** @category models */
export type PlannedSession = typeof PlannedSession.Type

/**
 * The group size a plan chooses: required where the template gives no figure, and otherwise allowed only to
 * narrow the template's range.
 *
 * @category models
 */
export const ChosenGroupSize = Schema.Struct({
  min: Schema.optional(Count),
  max: Schema.optional(Count)
}).annotations({ identifier: "ChosenGroupSize" })
/** @category models */
export type ChosenGroupSize = typeof ChosenGroupSize.Type

/**
 * Starting below the minimum group size, with the reason recorded (seed 003_220f3bde38c28eca.txt: accept
 * small numbers at the start). Allowed only where the template's minimum is waivable.
 *
 * @category models
 */
export const MinimumWaiver = Schema.Struct({ reason: Schema.NonEmptyTrimmedString }).annotations({
  identifier: "MinimumWaiver"
})
/** @category models */
export type MinimumWaiver = typeof MinimumWaiver.Type

/**
 * A group plan.
 *
 * @category models
 */
export class GroupPlan extends Schema.Class<GroupPlan>("GroupPlan")({
  programmeId: ProgrammeId,
  /** The group's public name, e.g. `VOIKUKKIA Tampere kevät 2027`. */
  name: Schema.NonEmptyTrimmedString,
  /** The language the group runs in; also the language of suggested names. */
  language: Language.Language,
  organisers: Organiser.Organisers,
  groupForm: Schema.optional(GroupForm),
  groupSize: Schema.optional(ChosenGroupSize),
  /** How many participants (in the template's size unit) the group is planned to start with. */
  expectedParticipants: Schema.optional(Schema.NonNegativeInt),
  minimumWaiver: Schema.optional(MinimumWaiver),
  leaders: Schema.NonEmptyArray(PlannedLeader),
  sessions: Schema.Array(PlannedSession)
}) {}

const decodePlan = Schema.decodeUnknownEither(GroupPlan)

/**
 * Decodes a plan from unknown input (e.g. JSON), reporting shape errors as a `ParseError`; input beyond
 * `Input`'s limits (nesting, size, getters, proxies, BigInt) is a `ParseError` too, never a throw.
 *
 * @category constructors
 */
export const decode = (input: unknown, options?: ParseOptions): Either.Either<GroupPlan, ParseResult.ParseError> =>
  Input.decodeWith(input, (u) => decodePlan(u, options), (p) => Input.parseError(GroupPlan.ast, p))

/** @category constructors */
export const encode = Schema.encodeSync(GroupPlan)

/**
 * Settings handed to `fromTemplate` that cannot make a plan: the field (`leaders`, `name`,
 * `defaultMinutes`, …) and what was expected.
 *
 * @category errors
 */
export class InvalidPlanSettings extends Data.TaggedError("InvalidPlanSettings")<{
  readonly field: string
  readonly expected: string
}> {
  override get message(): string {
    return `${this.field}: expected ${this.expected}`
  }
}

/** What `fromTemplate` is given. @category models */
export interface PlanSettings {
  readonly name: string
  readonly language?: Language.Language
  readonly organisers: Organiser.Organisers
  readonly leaders: ReadonlyArray<PlannedLeader>
  readonly sessionCount?: number
  /**
   * The length of the sessions whose template session gives no planned length; needed when there is
   * such a session, and refused when there is none (it would be silently ignored).
   */
  readonly defaultMinutes?: number
  readonly groupForm?: typeof GroupForm.Type
  readonly groupSize?: ChosenGroupSize
  readonly expectedParticipants?: number
}

const validateFields = Schema.validateEither(Schema.Struct(GroupPlan.fields))

/**
 * A plan that follows a template as described: its planned sessions at each session's planned maximum
 * (or `defaultMinutes` where the template gives none; the session count is `sessionCount`, else the
 * template's maximum) and the settings the template leaves open taken from `settings`. A starting point
 * to edit and then check with `Validation.validateGroupPlan`; settings that cannot make a plan at all
 * (no leaders, an empty name, a `defaultMinutes` no session would use) are an `InvalidPlanSettings`.
 *
 * @category constructors
 */
export const fromTemplate = (template: ProgrammeTemplate, settings: PlanSettings): Either.Either<GroupPlan, InvalidPlanSettings> => {
  const count = sessionCount(template, settings.sessionCount)
  const specs = Array.from({ length: count }, (_, i) => sessionSpec(template, i + 1))
  const unplanned = specs.flatMap((spec, i) => (spec?.plannedMinutes?.max === undefined ? [i + 1] : []))
  if (settings.leaders.length === 0) {
    return Either.left(new InvalidPlanSettings({ field: "leaders", expected: "at least one leader (ohjaaja)" }))
  }
  if (unplanned.length > 0 && settings.defaultMinutes === undefined) {
    return Either.left(
      new InvalidPlanSettings({ field: "defaultMinutes", expected: `the length in minutes of sessions ${unplanned.join(", ")}, which ${template.id} gives no planned length` })
    )
  }
  if (unplanned.length === 0 && settings.defaultMinutes !== undefined) {
    return Either.left(
      new InvalidPlanSettings({ field: "defaultMinutes", expected: `no value: every session of ${template.id} has its own planned length, so it would not be used` })
    )
  }
  const sessions = specs.map((spec): PlannedSession => ({
    minutes: Duration.minutes(spec?.plannedMinutes?.max ?? settings.defaultMinutes ?? 0),
    ...(spec?.modality ? { modality: spec.modality } : {}),
    ...(spec?.weekday ? { weekday: spec.weekday } : {})
  }))
  const fields = {
    programmeId: template.id,
    name: settings.name,
    language: settings.language ?? "fi",
    organisers: settings.organisers,
    leaders: settings.leaders,
    sessions,
    ...(settings.groupForm !== undefined
      ? { groupForm: settings.groupForm }
      : template.groupForms.length === 1
        ? { groupForm: template.groupForms[0] }
        : {}),
    ...(settings.groupSize !== undefined ? { groupSize: settings.groupSize } : {}),
    ...(settings.expectedParticipants !== undefined ? { expectedParticipants: settings.expectedParticipants } : {})
  }
  return validateFields(fields, { errors: "first" }).pipe(
    Either.map((valid) => new GroupPlan(valid, true)),
    Either.mapLeft((e) => {
      const issue = ParseResult.ArrayFormatter.formatErrorSync(e)[0]
      return new InvalidPlanSettings({ field: issue?.path.map(String).join(".") || "settings", expected: issue?.message ?? "valid plan settings" })
    })
  )
}
