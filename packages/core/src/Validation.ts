/**
 * Checks of templates and group plans as pure functions that report every problem found, not only the
 * first. Each problem is a tagged error naming the field (`path`) and what was expected (`expected`), with a
 * `severity`: an `error` makes the template or plan invalid; `advice` points out where a plan departs from
 * what the source recommends (e.g. the VOIKUKKIA leader composition, which seed 001_b24d0be2c52c8a44.txt
 * gives as a recommendation).
 *
 * @since 0.1.0
 */
import { Array as Arr, Data, Either } from "effect"
import * as Duration from "./Duration.js"
import type { GroupPlan } from "./GroupPlan.js"
import { type Brand, type GroupForm, type ProgrammeTemplate, sessionSpec } from "./ProgrammeTemplate.js"
import type { LeaderRole } from "./Role.js"
import { missingRoles, slotTotal, untrainedLeaders } from "./internal/leaders.js"
import type { Modality } from "./Modality.js"
import type { Training } from "./Training.js"
import type { Weekday } from "./Weekday.js"

/**
 * `error`: the template or plan is invalid. `advice`: it departs from a recommendation of the source.
 *
 * @category models
 */
export type Severity = "error" | "advice"

interface Common {
  /** The field the problem is in, e.g. `sessions[2].minutes`. */
  readonly path: string
  /** What was expected there, in words. */
  readonly expected: string
  readonly severity: Severity
}

/** A range whose minimum exceeds its maximum (group size, session count, a session's planned length). @category errors */
export class MinAboveMax extends Data.TaggedError("MinAboveMax")<Common & { readonly min: number; readonly max: number }> {
  override get message(): string {
    return `${this.path}: min ${this.min} exceeds max ${this.max}; expected ${this.expected}`
  }
}

/** A session longer than its maximum (e.g. a VOIKUKKIA session over 3 h). @category errors */
export class SessionLongerThanMaximum extends Data.TaggedError("SessionLongerThanMaximum")<
  Common & { readonly minutes: number; readonly maxMinutes: number }
> {
  override get message(): string {
    return `${this.path}: ${Duration.format(this.minutes)} is longer than the maximum of ${Duration.format(this.maxMinutes)}`
  }
}

/** A number of sessions outside the template's count range. @category errors */
export class SessionCountOutsideRange extends Data.TaggedError("SessionCountOutsideRange")<
  Common & { readonly count: number; readonly min: number; readonly max: number | null }
> {
  override get message(): string {
    return `${this.path}: ${this.count} sessions; expected ${this.expected}`
  }
}

/** A template session whose ordinal is not its position in the plan. @category errors */
export class SessionOrdinalMismatch extends Data.TaggedError("SessionOrdinalMismatch")<
  Common & { readonly ordinal: number }
> {
  override get message(): string {
    return `${this.path}: ordinal ${this.ordinal}; expected ${this.expected}`
  }
}

/** A template whose leader slots add up to more than its total. @category errors */
export class LeaderTotalMismatch extends Data.TaggedError("LeaderTotalMismatch")<
  Common & { readonly slots: number; readonly total: number }
> {
  override get message(): string {
    return `${this.path}: the slots add up to ${this.slots} leaders but the total is ${this.total}`
  }
}

/** A template's planned group size outside its own min–max. @category errors */
export class PlannedSizeOutsideRange extends Data.TaggedError("PlannedSizeOutsideRange")<
  Common & { readonly planned: number }
> {
  override get message(): string {
    return `${this.path}: ${this.planned}; expected ${this.expected}`
  }
}

/** A plan for another programme than the template it is checked against. @category errors */
export class ProgrammeMismatch extends Data.TaggedError("ProgrammeMismatch")<Common & { readonly programmeId: string }> {
  override get message(): string {
    return `${this.path}: "${this.programmeId}"; expected ${this.expected}`
  }
}

/** A setting the template leaves open and the plan does not supply. @category errors */
export class MissingSetting extends Data.TaggedError("MissingSetting")<Common> {
  override get message(): string {
    return `${this.path} is not set; expected ${this.expected}`
  }
}

/** A plan setting that widens a figure the template fixes (e.g. a VOIKUKKIA group of up to 10). @category errors */
export class SettingOutsideTemplate extends Data.TaggedError("SettingOutsideTemplate")<
  Common & { readonly value: number; readonly templateValue: number }
> {
  override get message(): string {
    return `${this.path}: ${this.value}; expected ${this.expected}`
  }
}

/** A group form the template does not allow. @category errors */
export class GroupFormNotAllowed extends Data.TaggedError("GroupFormNotAllowed")<
  Common & { readonly groupForm: GroupForm; readonly allowed: ReadonlyArray<GroupForm> }
> {
  override get message(): string {
    return `${this.path}: "${this.groupForm}"; expected ${this.expected}`
  }
}

/** Fewer expected participants than the minimum, with no allowed waiver. @category errors */
export class GroupSizeBelowMinimum extends Data.TaggedError("GroupSizeBelowMinimum")<
  Common & { readonly participants: number; readonly min: number }
> {
  override get message(): string {
    return `${this.path}: ${this.participants} is below the minimum of ${this.min}; expected ${this.expected}`
  }
}

/** More expected participants than the maximum. @category errors */
export class GroupSizeAboveMaximum extends Data.TaggedError("GroupSizeAboveMaximum")<
  Common & { readonly participants: number; readonly max: number }
> {
  override get message(): string {
    return `${this.path}: ${this.participants} is above the maximum of ${this.max}`
  }
}

/** A waiver of the minimum where the template does not allow one. @category errors */
export class WaiverNotAllowed extends Data.TaggedError("WaiverNotAllowed")<Common> {
  override get message(): string {
    return `${this.path}: the template's minimum group size cannot be waived; expected ${this.expected}`
  }
}

/** Fewer leaders in a role than the composition asks for. @category errors */
export class LeadersShortOfComposition extends Data.TaggedError("LeadersShortOfComposition")<
  Common & { readonly role: LeaderRole | "any"; readonly required: number; readonly found: number }
> {
  override get message(): string {
    return `${this.path}: ${this.found} ${this.role} leader(s); expected ${this.expected}`
  }
}

/** A leader without a training their role needs. @category errors */
export class LeaderTrainingMissing extends Data.TaggedError("LeaderTrainingMissing")<
  Common & { readonly leader: string; readonly role: LeaderRole; readonly training: Training }
> {
  override get message(): string {
    return `${this.path}: ${this.leader} (${this.role}) has not completed ${this.training}`
  }
}

/**
 * The trademark rule (seed 001_b24d0be2c52c8a44.txt): a group may carry a protected name such as VOIKUKKIA
 * only if its leaders in the named roles have completed the required training. The model may still be used
 * under `suggestedName`.
 *
 * @category errors
 */
export class TrademarkRequiresTraining extends Data.TaggedError("TrademarkRequiresTraining")<
  Common & {
    readonly brand: string
    readonly training: Training
    readonly untrainedLeaders: ReadonlyArray<string>
    readonly suggestedName: string
  }
> {
  override get message(): string {
    return `${this.path}: the ${this.brand} name may be used only if ${this.expected}; not completed by ${this.untrainedLeaders.join(", ")}. Suggested name: "${this.suggestedName}"`
  }
}

/** A session planned in another modality than the template fixes. @category errors */
export class ModalityMismatch extends Data.TaggedError("ModalityMismatch")<Common & { readonly modality: Modality }> {
  override get message(): string {
    return `${this.path}: ${this.modality}; expected ${this.expected}`
  }
}

/** A session planned on another weekday than the template requires. @category errors */
export class WeekdayMismatch extends Data.TaggedError("WeekdayMismatch")<Common & { readonly weekday: Weekday }> {
  override get message(): string {
    return `${this.path}: ${this.weekday}; expected ${this.expected}`
  }
}

/** @category models */
export type TemplateProblem =
  | MinAboveMax
  | SessionLongerThanMaximum
  | SessionCountOutsideRange
  | SessionOrdinalMismatch
  | LeaderTotalMismatch
  | PlannedSizeOutsideRange

/** @category models */
export type GroupPlanProblem =
  | ProgrammeMismatch
  | MissingSetting
  | SettingOutsideTemplate
  | GroupFormNotAllowed
  | MinAboveMax
  | GroupSizeBelowMinimum
  | GroupSizeAboveMaximum
  | WaiverNotAllowed
  | SessionCountOutsideRange
  | SessionLongerThanMaximum
  | ModalityMismatch
  | WeekdayMismatch
  | LeadersShortOfComposition
  | LeaderTrainingMissing
  | TrademarkRequiresTraining

const error = "error" as const

const countRange = (min: number, max: number | null): string =>
  max === null ? `at least ${min}` : min === max ? `exactly ${min}` : `${min}–${max}`

/**
 * Every consistency problem of a template.
 *
 * @category validation
 */
export const templateProblems = (t: ProgrammeTemplate): ReadonlyArray<TemplateProblem> => {
  const problems: Array<TemplateProblem> = []
  const { min, max, planned } = t.groupSize
  if (min !== null && max !== null && min > max) {
    problems.push(new MinAboveMax({ path: "groupSize", expected: "min ≤ max", severity: error, min, max }))
  }
  if (planned !== null && ((min !== null && planned < min) || (max !== null && planned > max))) {
    problems.push(
      new PlannedSizeOutsideRange({
        path: "groupSize.planned",
        expected: `within ${min ?? "–"}–${max ?? "–"}`,
        severity: error,
        planned
      })
    )
  }
  const count = t.sessionPlan.count
  if (count.min !== null && count.max !== null && count.min > count.max) {
    problems.push(new MinAboveMax({ path: "sessionPlan.count", expected: "min ≤ max", severity: error, min: count.min, max: count.max }))
  }
  const described = t.sessionPlan.sessions.length
  if (count.max !== null && described > count.max) {
    problems.push(
      new SessionCountOutsideRange({
        path: "sessionPlan.sessions",
        expected: `no more described sessions than the maximum count ${count.max}`,
        severity: error,
        count: described,
        min: count.min ?? 1,
        max: count.max
      })
    )
  }
  t.sessionPlan.sessions.forEach((s, i) => {
    const path = `sessionPlan.sessions[${i}]`
    if (s.ordinal !== i + 1) {
      problems.push(new SessionOrdinalMismatch({ path: `${path}.ordinal`, expected: String(i + 1), severity: error, ordinal: s.ordinal }))
    }
    if (s.plannedMinutes !== null && s.plannedMinutes.min > s.plannedMinutes.max) {
      problems.push(
        new MinAboveMax({
          path: `${path}.plannedMinutes`,
          expected: "min ≤ max",
          severity: error,
          min: s.plannedMinutes.min,
          max: s.plannedMinutes.max
        })
      )
    }
    if (s.plannedMinutes !== null && s.maxMinutes !== null && s.plannedMinutes.max > s.maxMinutes) {
      problems.push(
        new SessionLongerThanMaximum({
          path: `${path}.plannedMinutes.max`,
          expected: `at most maxMinutes (${s.maxMinutes})`,
          severity: error,
          minutes: s.plannedMinutes.max,
          maxMinutes: s.maxMinutes
        })
      )
    }
  })
  const { slots, total } = t.leaders
  const sum = slotTotal(slots)
  if (total !== null && sum !== null) {
    if (sum > total) {
      problems.push(new LeaderTotalMismatch({ path: "leaders", expected: `slots adding up to at most ${total}`, severity: error, slots: sum, total }))
    }
  }
  return problems
}

/**
 * Validates a template: the template itself, or every problem found.
 *
 * @category validation
 */
export const validateTemplate = (t: ProgrammeTemplate): Either.Either<ProgrammeTemplate, Arr.NonEmptyReadonlyArray<TemplateProblem>> => {
  const problems = templateProblems(t)
  return Arr.isNonEmptyReadonlyArray(problems) ? Either.left(problems) : Either.right(t)
}

const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")

/**
 * Whether a group name carries a brand's protected name (case-insensitive).
 *
 * @category validation
 */
export const usesBrand = (name: string, brand: Brand): boolean => name.toLocaleLowerCase("fi").includes(brand.name.toLocaleLowerCase("fi"))

/**
 * A name without the brand: the brand's unbranded name in the plan's language, followed by what remains of
 * the plan's name (e.g. the place and term). `VOIKUKKIA-ryhmä Tampere kevät 2027` becomes
 * `Vertaistukiryhmä huostaanotettujen ja sijoitettujen lasten vanhemmille, Tampere kevät 2027`.
 *
 * @category validation
 */
export const suggestUnbrandedName = (plan: Pick<GroupPlan, "name" | "language">, brand: Brand): string => {
  const token = new RegExp(`${escapeRegExp(brand.name)}(®)?(-?(vertaistukiryhmä|ryhmä|gruppen|grupp|group))?`, "giu")
  const rest = plan.name
    .replace(token, " ")
    .replace(/\s+/g, " ")
    .replace(/^[\s\-–:,]+|[\s\-–:,]+$/g, "")
  const base = brand.unbrandedName[plan.language]
  return rest === "" ? base : `${base}, ${rest}`
}

/**
 * Every problem of a group plan against its template, errors and advice alike.
 *
 * @category validation
 */
export const groupPlanProblems = (t: ProgrammeTemplate, plan: GroupPlan): ReadonlyArray<GroupPlanProblem> => {
  const problems: Array<GroupPlanProblem> = []

  if (plan.programmeId !== t.id) {
    problems.push(new ProgrammeMismatch({ path: "programmeId", expected: `"${t.id}"`, severity: error, programmeId: plan.programmeId }))
  }

  if (plan.groupForm === undefined) {
    if (t.groupForms.length > 1) {
      problems.push(new MissingSetting({ path: "groupForm", expected: `one of ${t.groupForms.join(", ")}`, severity: error }))
    }
  } else if (!t.groupForms.includes(plan.groupForm)) {
    problems.push(
      new GroupFormNotAllowed({
        path: "groupForm",
        expected: `one of ${t.groupForms.join(", ")}`,
        severity: error,
        groupForm: plan.groupForm,
        allowed: t.groupForms
      })
    )
  }

  const chosenMin = plan.groupSize?.min
  const chosenMax = plan.groupSize?.max
  if (t.groupSize.min === null && chosenMin === undefined) {
    problems.push(new MissingSetting({ path: "groupSize.min", expected: "a minimum group size: the source gives none", severity: error }))
  }
  if (t.groupSize.max === null && chosenMax === undefined) {
    problems.push(new MissingSetting({ path: "groupSize.max", expected: "a maximum group size: the source gives none", severity: error }))
  }
  if (t.groupSize.min !== null && chosenMin !== undefined && chosenMin < t.groupSize.min) {
    problems.push(
      new SettingOutsideTemplate({
        path: "groupSize.min",
        expected: `at least the template's minimum ${t.groupSize.min}`,
        severity: error,
        value: chosenMin,
        templateValue: t.groupSize.min
      })
    )
  }
  if (t.groupSize.max !== null && chosenMax !== undefined && chosenMax > t.groupSize.max) {
    problems.push(
      new SettingOutsideTemplate({
        path: "groupSize.max",
        expected: `at most the template's maximum ${t.groupSize.max}`,
        severity: error,
        value: chosenMax,
        templateValue: t.groupSize.max
      })
    )
  }
  const min = chosenMin ?? t.groupSize.min
  const max = chosenMax ?? t.groupSize.max
  const inverted = min !== null && max !== null && min > max
  if (inverted) {
    problems.push(new MinAboveMax({ path: "groupSize", expected: "min ≤ max", severity: error, min, max }))
  }
  if (plan.minimumWaiver !== undefined && !t.groupSize.minimumWaivable) {
    problems.push(new WaiverNotAllowed({ path: "minimumWaiver", expected: "no waiver: this template's minimum is firm", severity: error }))
  }
  const participants = plan.expectedParticipants
  if (participants !== undefined && !inverted) {
    const waived = plan.minimumWaiver !== undefined && t.groupSize.minimumWaivable
    if (min !== null && participants < min && !waived) {
      problems.push(
        new GroupSizeBelowMinimum({
          path: "expectedParticipants",
          expected: t.groupSize.minimumWaivable ? `at least ${min}, or a minimumWaiver with its reason` : `at least ${min}`,
          severity: error,
          participants,
          min
        })
      )
    }
    if (max !== null && participants > max) {
      problems.push(new GroupSizeAboveMaximum({ path: "expectedParticipants", expected: `at most ${max}`, severity: error, participants, max }))
    }
  }

  const countMin = t.sessionPlan.count.min ?? 1
  const countMax = t.sessionPlan.count.max
  const count = plan.sessions.length
  if (count < countMin || (countMax !== null && count > countMax)) {
    problems.push(
      new SessionCountOutsideRange({
        path: "sessions",
        expected: `${countRange(countMin, countMax)} sessions`,
        severity: error,
        count,
        min: countMin,
        max: countMax
      })
    )
  }
  plan.sessions.forEach((s, i) => {
    const spec = sessionSpec(t, i + 1)
    if (spec === undefined) return
    const path = `sessions[${i}]`
    if (spec.maxMinutes !== null && s.minutes > spec.maxMinutes) {
      problems.push(
        new SessionLongerThanMaximum({
          path: `${path}.minutes`,
          expected: `at most ${Duration.format(spec.maxMinutes)}`,
          severity: error,
          minutes: s.minutes,
          maxMinutes: spec.maxMinutes
        })
      )
    }
    if (spec.modality !== null && s.modality !== undefined && s.modality !== spec.modality) {
      problems.push(new ModalityMismatch({ path: `${path}.modality`, expected: spec.modality, severity: error, modality: s.modality }))
    }
    if (spec.weekday !== null && s.weekday !== undefined && s.weekday !== spec.weekday) {
      problems.push(new WeekdayMismatch({ path: `${path}.weekday`, expected: spec.weekday, severity: error, weekday: s.weekday }))
    }
  })

  const brand = t.brand
  const brandTraining = (role: LeaderRole, training: Training): boolean =>
    brand !== null && brand.requiredTraining === training && brand.rolesRequiringTraining.includes(role)
  const requirements = t.leaders.slots.map((slot) => ({ role: slot.role, min: slot.count ?? 1, slot }))
  const short = new Map(missingRoles(requirements, plan.leaders).map(({ requirement, found }) => [requirement.slot, found] as const))
  for (const { slot, min: required } of requirements) {
    const severity: Severity = slot.recommended ? "advice" : "error"
    const found = short.get(slot)
    if (found !== undefined) {
      problems.push(
        new LeadersShortOfComposition({
          path: "leaders",
          expected: `${slot.recommended ? "recommended: " : ""}at least ${required} ${slot.role} leader(s)`,
          severity,
          role: slot.role,
          required,
          found
        })
      )
    }
    for (const training of slot.trainings) {
      if (brandTraining(slot.role, training)) continue
      for (const { leader, index } of untrainedLeaders(plan.leaders, [slot.role], training)) {
        problems.push(
          new LeaderTrainingMissing({
            path: `leaders[${index}].trainings`,
            expected: `${training} completed`,
            severity,
            leader: leader.name,
            role: leader.role,
            training
          })
        )
      }
    }
  }
  if (t.leaders.total !== null && slotTotal(t.leaders.slots) === null && plan.leaders.length < t.leaders.total) {
    problems.push(
      new LeadersShortOfComposition({
        path: "leaders",
        expected: `at least ${t.leaders.total} leaders`,
        severity: error,
        role: "any",
        required: t.leaders.total,
        found: plan.leaders.length
      })
    )
  }

  if (brand !== null && usesBrand(plan.name, brand)) {
    const untrained = untrainedLeaders(plan.leaders, brand.rolesRequiringTraining, brand.requiredTraining).map(({ leader }) => leader)
    if (untrained.length > 0) {
      problems.push(
        new TrademarkRequiresTraining({
          path: "name",
          expected: `every ${brand.rolesRequiringTraining.join(" and ")} leader has completed ${brand.requiredTraining}`,
          severity: error,
          brand: brand.name,
          training: brand.requiredTraining,
          untrainedLeaders: untrained.map((l) => l.name),
          suggestedName: suggestUnbrandedName(plan, brand)
        })
      )
    }
  }
  return problems
}

/**
 * A plan with no errors, and the advice found in it.
 *
 * @category models
 */
export interface ValidGroupPlan {
  readonly plan: GroupPlan
  readonly advice: ReadonlyArray<GroupPlanProblem>
}

/**
 * Validates a group plan against its template: the plan with any advice, or every problem found (errors and
 * advice) when there is at least one error.
 *
 * @category validation
 */
export const validateGroupPlan = (
  t: ProgrammeTemplate,
  plan: GroupPlan
): Either.Either<ValidGroupPlan, Arr.NonEmptyReadonlyArray<GroupPlanProblem>> => {
  const problems = groupPlanProblems(t, plan)
  return Arr.isNonEmptyReadonlyArray(problems) && problems.some((p) => p.severity === "error")
    ? Either.left(problems)
    : Either.right({ plan, advice: problems })
}
