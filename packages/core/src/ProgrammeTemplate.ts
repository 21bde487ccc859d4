/**
 * A programme template (toimintamalli): everything a source says about how a kind of peer-support group is
 * run, from which running groups are planned. A figure the source does not give is `null` here and becomes a
 * setting the group plan must supply (see `GroupPlan`); the library never invents a default.
 *
 * The schema checks shape only. Consistency across fields (min ≤ max, a session within its maximum, the
 * session list within its count range) is checked by `Validation.validateTemplate`, which reports every
 * problem at once.
 *
 * @since 0.1.0
 */
import { type Either, type ParseResult, Schema } from "effect"
import type { ParseOptions } from "effect/SchemaAST"
import * as ConsentPurpose from "./ConsentPurpose.js"
import * as Duration from "./Duration.js"
import * as Input from "./Input.js"
import * as Language from "./Language.js"
import * as Modality from "./Modality.js"
import * as Organiser from "./Organiser.js"
import * as Role from "./Role.js"
import * as Rule from "./Rule.js"
import * as Training from "./Training.js"
import * as Weekday from "./Weekday.js"
import { slotTotal } from "./internal/leaders.js"

/**
 * A programme's id: kebab case, e.g. `voikukkia`.
 *
 * @category models
 */
export const ProgrammeId = Schema.String.pipe(
  Schema.pattern(/^[a-z0-9]+(-[a-z0-9]+)*$/),
  Schema.annotations({ identifier: "ProgrammeId", description: "a kebab-case programme id such as voikukkia" })
)
/** @category models */
export type ProgrammeId = typeof ProgrammeId.Type

/**
 * A positive whole number (of people, sessions, leaders).
 *
 * @category models
 */
export const Count = Schema.Int.pipe(Schema.positive(), Schema.annotations({ identifier: "Count" }))
/** @category models */
export type Count = typeof Count.Type

/**
 * A source the template's figures come from: a seed text (`file`) or a publication.
 *
 * @category models
 */
export const Source = Schema.Struct({
  /** File name of the source text in the brief, e.g. `001_b24d0be2c52c8a44.txt`; null for a publication. */
  file: Schema.NullOr(Schema.String),
  title: Schema.String,
  /** Who published it and where. */
  citation: Schema.String
}).annotations({ identifier: "Source" })
/** @category models */
export type Source = typeof Source.Type

/**
 * Who the group is for (kohderyhmä).
 *
 * @category models
 */
export const TargetGroup = Schema.Struct({
  description: Language.LocalizedText,
  /** The roles group members have, e.g. `parent`. */
  participantRoles: Schema.NonEmptyArray(Role.ParticipantRole)
}).annotations({ identifier: "TargetGroup" })
/** @category models */
export type TargetGroup = typeof TargetGroup.Type

/**
 * A closed group (suljettu ryhmä: the same members from start to end) or an open one (avoin ryhmä).
 *
 * @category models
 */
export const GroupForm = Schema.Literal("closed", "open").annotations({ identifier: "GroupForm" })
/** @category models */
export type GroupForm = typeof GroupForm.Type

/**
 * What a group's size counts: parents (vanhemmat), families (perheet) or participants in general.
 *
 * @category models
 */
export const SizeUnit = Schema.Literal("parent", "family", "participant").annotations({ identifier: "SizeUnit" })
/** @category models */
export type SizeUnit = typeof SizeUnit.Type

/**
 * Group size (osallistujamäärä). `min`/`max` are null where the source gives no figure: the group plan then
 * supplies them. `planned` is the number the source says is taken in, where it gives one. When
 * `minimumWaivable` holds, a group may start below its minimum with a recorded reason (seed
 * 003_220f3bde38c28eca.txt: accept small numbers at the start).
 *
 * @category models
 */
export const GroupSize = Schema.Struct({
  unit: SizeUnit,
  min: Schema.NullOr(Count),
  max: Schema.NullOr(Count),
  planned: Schema.NullOr(Count),
  minimumWaivable: Schema.Boolean
}).annotations({ identifier: "GroupSize" })
/** @category models */
export type GroupSize = typeof GroupSize.Type

/**
 * One role in the leader composition (ohjaajat), with how many of it and the trainings it needs.
 * `count` null means the source gives no number: at least one, and the group plan decides.
 *
 * @category models
 */
export const LeaderSlot = Schema.Struct({
  role: Role.LeaderRole,
  count: Schema.NullOr(Count),
  /** True when the source recommends rather than requires this slot (VOIKUKKIA: "on suositus"). */
  recommended: Schema.Boolean,
  /** Trainings every leader in this slot needs. */
  trainings: Schema.Array(Training.Training),
  description: Language.LocalizedText
}).annotations({ identifier: "LeaderSlot" })
/** @category models */
export type LeaderSlot = typeof LeaderSlot.Type

/**
 * The leader composition: its slots, and the total number of leaders where the source gives one.
 *
 * @category models
 */
export const LeaderComposition = Schema.Struct({
  slots: Schema.Array(LeaderSlot),
  total: Schema.NullOr(Count)
}).annotations({ identifier: "LeaderComposition" })
/** @category models */
export type LeaderComposition = typeof LeaderComposition.Type

/**
 * How members are taken in before the group starts: a preliminary meeting (ennakkotapaaminen) or an intake
 * interview (alkuhaastattelu), with the time it takes per participant where the source gives it.
 *
 * @category models
 */
export const Intake = Schema.Struct({
  kind: Schema.Literal("preliminary-meeting", "intake-interview"),
  /** Held with every participant before the group starts. */
  required: Schema.Boolean,
  minutesPerParticipant: Schema.NullOr(Duration.Minutes),
  /** The technology is rehearsed so that the participant can join remote sessions smoothly. */
  technologyRehearsal: Schema.Boolean,
  /** A structured interview with background information (esitiedot). */
  structured: Schema.Boolean,
  /** Consents the intake makes sure of. */
  confirmsConsents: Schema.Array(ConsentPurpose.ConsentPurpose),
  description: Language.LocalizedText
}).annotations({ identifier: "Intake" })
/** @category models */
export type Intake = typeof Intake.Type

/**
 * A range of minutes a session is planned to last, e.g. 2–2.5 h. Not filtered here: a range with
 * min > max is reported by `Validation.validateTemplate`.
 *
 * @category models
 */
export const PlannedMinutes = Schema.Struct({ min: Duration.Minutes, max: Duration.Minutes }).annotations({
  identifier: "PlannedMinutes"
})
/** @category models */
export type PlannedMinutes = typeof PlannedMinutes.Type

/**
 * Who attends a session besides the leaders, and whether for the whole session or part of it.
 *
 * @category models
 */
export const Attendee = Schema.Struct({
  role: Role.ParticipantRole,
  presence: Schema.Literal("whole", "part")
}).annotations({ identifier: "Attendee" })
/** @category models */
export type Attendee = typeof Attendee.Type

/**
 * A guest in a session: an experience expert (kokemusasiantuntija) or a visiting expert.
 * `paid` is null where the source does not say whether a fee is paid.
 *
 * @category models
 */
export const Guest = Schema.Struct({
  role: Role.GuestRole,
  /** The session may be held without the guest (e.g. VOIKUKKIA session 6: a survival story or a guest). */
  optional: Schema.Boolean,
  paid: Schema.NullOr(Schema.Boolean),
  description: Language.LocalizedText
}).annotations({ identifier: "Guest" })
/** @category models */
export type Guest = typeof Guest.Type

/**
 * One session of the plan (ryhmäkerta). Null fields are left to the group plan.
 *
 * @category models
 */
export const SessionSpec = Schema.Struct({
  /** 1-based position in the plan. */
  ordinal: Count,
  theme: Schema.NullOr(Language.LocalizedText),
  modality: Schema.NullOr(Modality.Modality),
  plannedMinutes: Schema.NullOr(PlannedMinutes),
  /** The longest the session may last; null where the source sets no maximum. */
  maxMinutes: Schema.NullOr(Duration.Minutes),
  /** The weekday the session must fall on, if any. */
  weekday: Schema.NullOr(Weekday.Weekday),
  attendees: Schema.NonEmptyArray(Attendee),
  guests: Schema.Array(Guest)
}).annotations({ identifier: "SessionSpec" })
/** @category models */
export type SessionSpec = typeof SessionSpec.Type

/**
 * The session plan: how many sessions a group may have (`count`, null ends where the source gives no
 * figure), the sessions the source describes, and the structure every session follows.
 *
 * @category models
 */
export const SessionPlan = Schema.Struct({
  count: Schema.Struct({ min: Schema.NullOr(Count), max: Schema.NullOr(Count) }),
  /** The modalities the source names for the programme's sessions; empty where it names none. */
  modalities: Schema.Array(Modality.Modality),
  sessions: Schema.Array(SessionSpec),
  /** Steps every session goes through, in order (e.g. refreshments, check-in round, theme, closing round). */
  structure: Schema.Array(Language.LocalizedText)
}).annotations({ identifier: "SessionPlan" })
/** @category models */
export type SessionPlan = typeof SessionPlan.Type

/**
 * What happens after the last session: a follow-up meeting (jälkitapaaminen) or a messaging group that
 * lives on as a peer group without staff time.
 *
 * @category models
 */
export const FollowUp = Schema.Struct({
  kind: Schema.Literal("follow-up-meeting", "messaging-group"),
  /** Whether it takes the staff's working time; null where the source does not say. */
  staffTime: Schema.NullOr(Schema.Boolean),
  description: Language.LocalizedText,
  source: Schema.String
}).annotations({ identifier: "FollowUp" })
/** @category models */
export type FollowUp = typeof FollowUp.Type

/**
 * A consent (suostumus) the programme asks for, and when it is collected.
 *
 * @category models
 */
export const RequiredConsent = Schema.Struct({
  purpose: ConsentPurpose.ConsentPurpose,
  collectedAt: Schema.Literal("referral", "intake", "first-session"),
  description: Language.LocalizedText,
  source: Schema.String
}).annotations({ identifier: "RequiredConsent" })
/** @category models */
export type RequiredConsent = typeof RequiredConsent.Type

/**
 * When a measurement is taken: at the start or the end of the group.
 *
 * @category models
 */
export const MeasurePoint = Schema.Literal("start", "end").annotations({ identifier: "MeasurePoint" })
/** @category models */
export type MeasurePoint = typeof MeasurePoint.Type

/**
 * The 3X10D® life-situation questionnaire (elämäntilannemittari), filled in by every participant at the
 * given points (seed 002_66c02f855fe66a53.txt).
 *
 * @category models
 */
export const LifeSituation3X10D = Schema.TaggedStruct("LifeSituation3X10D", {
  at: Schema.NonEmptyArray(MeasurePoint),
  source: Schema.String
}).annotations({ identifier: "LifeSituation3X10D" })

/**
 * Feedback after every session, face to face and, where allowed, anonymously with digital tools
 * (seed 002_66c02f855fe66a53.txt).
 *
 * @category models
 */
export const SessionFeedback = Schema.TaggedStruct("SessionFeedback", {
  anonymousAllowed: Schema.Boolean,
  channels: Schema.NonEmptyArray(Schema.Literal("face-to-face", "digital")),
  source: Schema.String
}).annotations({ identifier: "SessionFeedback" })

/**
 * Feedback collected at the last session, in writing and/or orally, with an optional personal feedback
 * discussion between each member and the leaders (seed 001_b24d0be2c52c8a44.txt).
 *
 * @category models
 */
export const FinalFeedback = Schema.TaggedStruct("FinalFeedback", {
  forms: Schema.NonEmptyArray(Schema.Literal("written", "oral")),
  personalDiscussion: Schema.Literal("required", "recommended", "none"),
  source: Schema.String
}).annotations({ identifier: "FinalFeedback" })

/**
 * An outcome or feedback instrument (arviointi).
 *
 * @category models
 */
export const Instrument = Schema.Union(LifeSituation3X10D, SessionFeedback, FinalFeedback).annotations({
  identifier: "Instrument"
})
/** @category models */
export type Instrument = typeof Instrument.Type

/**
 * A condition the source sets for running the programme (toimivuuden ja käyttöönoton ehdot), with a
 * stable kebab-case code, e.g. `free-of-charge`.
 *
 * @category models
 */
export const Condition = Schema.Struct({
  code: ProgrammeId,
  text: Language.LocalizedText,
  source: Schema.String
}).annotations({ identifier: "Condition" })
/** @category models */
export type Condition = typeof Condition.Type

/**
 * A protected name (tavaramerkki) and the training its use requires: a group may carry `name` only if every
 * leader in `rolesRequiringTraining` has completed `requiredTraining`; otherwise it runs under
 * `unbrandedName`.
 *
 * @category models
 */
export const Brand = Schema.Struct({
  name: Schema.NonEmptyTrimmedString,
  mark: Schema.NonEmptyTrimmedString,
  requiredTraining: Training.Training,
  rolesRequiringTraining: Schema.NonEmptyArray(Role.LeaderRole),
  unbrandedName: Language.LocalizedText,
  source: Schema.String
}).annotations({ identifier: "Brand" })
/** @category models */
export type Brand = typeof Brand.Type

/**
 * A programme template (toimintamalli, verksamhetsmodell).
 *
 * @category models
 */
export class ProgrammeTemplate extends Schema.Class<ProgrammeTemplate>("ProgrammeTemplate")({
  id: ProgrammeId,
  name: Language.LocalizedText,
  summary: Language.LocalizedText,
  /** Where the model comes from or is run, e.g. `nationwide`, `Etelä-Savo`. */
  area: Schema.String,
  /** Models this one combines, e.g. VOIKUKKIA and Palaset. */
  basedOn: Schema.Array(Schema.String),
  brand: Schema.NullOr(Brand),
  targetGroup: TargetGroup,
  /** The forms the programme allows; a group plan picks one. */
  groupForms: Schema.NonEmptyArray(GroupForm),
  /** The organiser combinations the source names; each entry is one combination running a group together. */
  organisers: Schema.Array(Schema.NonEmptyArray(Organiser.OrganiserKind)),
  groupSize: GroupSize,
  leaders: LeaderComposition,
  intake: Schema.NullOr(Intake),
  sessionPlan: SessionPlan,
  followUp: Schema.Array(FollowUp),
  consents: Schema.Array(RequiredConsent),
  instruments: Schema.Array(Instrument),
  conditions: Schema.Array(Condition),
  /** Who may join (kelpoisuusehdot): the rule set the eligibility decisions use (see `Rule`, `Eligibility`). */
  eligibility: Rule.RuleSetSchema,
  languages: Schema.NonEmptyArray(Language.Language),
  sources: Schema.NonEmptyArray(Source)
}) {}

const decodeTemplate = Schema.decodeUnknownEither(ProgrammeTemplate)

/**
 * Decodes a template from unknown input (e.g. JSON), reporting shape errors as a `ParseError`; input
 * beyond `Input`'s limits (nesting, size, getters, proxies, BigInt) is a `ParseError` too, never a throw.
 *
 * @category constructors
 */
export const decode = (input: unknown, options?: ParseOptions): Either.Either<ProgrammeTemplate, ParseResult.ParseError> =>
  Input.decodeWith(input, (u) => decodeTemplate(u, options), (p) => Input.parseError(ProgrammeTemplate.ast, p))

/**
 * Encodes a template to plain JSON-compatible data.
 *
 * @category constructors
 */
export const encode = Schema.encodeSync(ProgrammeTemplate)

/** @category guards */
export const isProgrammeTemplate = Schema.is(ProgrammeTemplate)

/**
 * The settings a group plan must supply because the template leaves them open, as dotted paths
 * (e.g. `groupSize.min`, `sessionPlan.count.max`).
 *
 * @category getters
 */
export const openSettings = (t: ProgrammeTemplate): ReadonlyArray<string> => {
  const open: Array<string> = []
  if (t.groupSize.min === null) open.push("groupSize.min")
  if (t.groupSize.max === null) open.push("groupSize.max")
  if (t.sessionPlan.count.min === null) open.push("sessionPlan.count.min")
  if (t.sessionPlan.count.max === null) open.push("sessionPlan.count.max")
  if (t.groupForms.length > 1) open.push("groupForm")
  return open
}

/**
 * The spec of session `n` (1-based): the spec with that ordinal, or else the template's only spec
 * where the source describes one session for all; `undefined` where the template describes none.
 *
 * @category getters
 */
export const sessionSpec = (t: ProgrammeTemplate, n: number): SessionSpec | undefined => {
  const specs = t.sessionPlan.sessions
  return specs.find((s) => s.ordinal === n) ?? (specs.length === 1 ? specs[0] : undefined)
}

/**
 * How many sessions a group has: the chosen count, else the template's maximum, else the number of
 * sessions the template describes.
 *
 * @category getters
 */
export const sessionCount = (t: ProgrammeTemplate, chosen?: number): number =>
  chosen ?? t.sessionPlan.count.max ?? t.sessionPlan.sessions.length

/**
 * The total planned leader count: the source's total, else the sum of the slots with a count.
 *
 * @category getters
 */
export const leaderCount = (t: ProgrammeTemplate): number | null => t.leaders.total ?? slotTotal(t.leaders.slots)
