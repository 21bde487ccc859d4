/**
 * Reminder policies: per programme, which reminders are sent before a session (the day before at a set time,
 * and/or some hours before), on which channels, in which quiet hours per channel, and whether Finnish holidays
 * are quiet too. A policy is plain data with a Schema, so the CLI and the environment can override it.
 *
 * The seeds describe the programmes, not their reminders: the choices below are ours, made from who each
 * programme serves (a remote group gets a reminder close to the start, to open the video call; groups for
 * children and young people keep their evenings quieter).
 *
 * @since 0.1.0
 */
import { Catalogue, Input } from "@vertaistuki/core"
import { Data, Either, Schema } from "effect"
import * as QuietHours from "./QuietHours.js"

/**
 * The channels a notification can go by.
 *
 * @category models
 */
export const Channel = Schema.Literal("email", "sms").annotations({ identifier: "NotifyChannel" })
/** @category models */
export type Channel = typeof Channel.Type

/** @category constants */
export const channels: ReadonlyArray<Channel> = ["email", "sms"]

/** The day before the session, at a Helsinki wall-clock time. @category models */
export const DayBefore = Schema.TaggedStruct("day-before", { at: QuietHours.LocalTime }).annotations({ identifier: "DayBeforeReminder" })
/** `hours` hours before the session starts (1–72). @category models */
export const HoursBefore = Schema.TaggedStruct("hours-before", {
  hours: Schema.Int.pipe(Schema.between(1, 72, { message: () => "expected a whole number of hours from 1 to 72" }))
}).annotations({ identifier: "HoursBeforeReminder" })

/**
 * One reminder before a session.
 *
 * @category models
 */
export const Reminder = Schema.Union(DayBefore, HoursBefore).annotations({ identifier: "Reminder" })
/** @category models */
export type Reminder = typeof Reminder.Type

/**
 * A policy. `quietHours` per channel; `skipHolidays`: no sending on Finnish holidays (core's `Holidays`);
 * `noticeHours`: how long a message without a natural deadline (group starting, a consent withdrawal's
 * confirmation) stays worth sending.
 *
 * @category models
 */
export const Policy = Schema.Struct({
  programmeId: Schema.NonEmptyTrimmedString.pipe(Schema.maxLength(100)),
  reminders: Schema.Array(Reminder).pipe(Schema.maxItems(6)),
  channels: Schema.Array(Channel).pipe(Schema.minItems(1), Schema.maxItems(2)),
  quietHours: Schema.Struct({ email: QuietHours.Window, sms: QuietHours.Window }),
  skipHolidays: Schema.Boolean,
  noticeHours: Schema.Int.pipe(Schema.between(1, 24 * 14, { message: () => "expected a whole number of hours from 1 to 336" }))
}).annotations({ identifier: "ReminderPolicy" })
/** @category models */
export type Policy = typeof Policy.Type
/** The JSON form of a policy. @category models */
export type Encoded = typeof Policy.Encoded

/**
 * A policy that cannot be read: the field and what was expected (never the value found).
 *
 * @category errors
 */
export class InvalidPolicy extends Data.TaggedError("InvalidPolicy")<{
  readonly field: string
  readonly expected: string
}> {
  override get message(): string {
    return `${this.field}: expected ${this.expected}`
  }
}

/** The default id, for programmes outside the catalogue. @category constants */
export const defaultId = "default"

/**
 * The default: the day before at 18:00 and 2 hours before, by email and SMS, quiet 21:00–08:00 on both,
 * holidays not skipped, other notices worth sending for 72 hours.
 *
 * @category constants
 */
export const defaults: Policy = {
  programmeId: defaultId,
  reminders: [DayBefore.make({ at: "18:00" }), HoursBefore.make({ hours: 2 })],
  channels: ["email", "sms"],
  quietHours: { email: QuietHours.defaultWindow, sms: QuietHours.defaultWindow },
  skipHolidays: false,
  noticeHours: 72
}

const childrensEvenings = { email: QuietHours.defaultWindow, sms: { start: "20:00", end: "08:00" } } as const

/**
 * The policy of each programme of the catalogue:
 * - `voikukkia` (seed 001_b24d0be2c52c8a44.txt), `professionally-guided` (seed 002_66c02f855fe66a53.txt): the defaults;
 * - `online-parents-of-placed-youth` (seed 000_2f0bf6902dc16743.txt, remote, parents all over Finland): the day
 *   before at 18:00 and 1 hour before, to open the video call;
 * - `experience-expert-structure` (seed 003_220f3bde38c28eca.txt) and `usm-children` (seed 004_c4976bc6d1fcc39d.txt),
 *   groups of children and young people: the day before at 17:00 and 2 hours before, SMS quiet from 20:00,
 *   and no messages on holidays.
 *
 * @category constants
 */
export const byProgramme: Readonly<Record<Catalogue.KnownProgrammeId, Policy>> = {
  voikukkia: { ...defaults, programmeId: "voikukkia" },
  "online-parents-of-placed-youth": {
    ...defaults,
    programmeId: "online-parents-of-placed-youth",
    reminders: [DayBefore.make({ at: "18:00" }), HoursBefore.make({ hours: 1 })]
  },
  "professionally-guided": { ...defaults, programmeId: "professionally-guided" },
  "experience-expert-structure": {
    ...defaults,
    programmeId: "experience-expert-structure",
    reminders: [DayBefore.make({ at: "17:00" }), HoursBefore.make({ hours: 2 })],
    quietHours: childrensEvenings,
    skipHolidays: true
  },
  "usm-children": {
    ...defaults,
    programmeId: "usm-children",
    reminders: [DayBefore.make({ at: "17:00" }), HoursBefore.make({ hours: 2 })],
    quietHours: childrensEvenings,
    skipHolidays: true
  }
}

/**
 * The policy of a programme id: the catalogue's, or the defaults (with that id) for any other.
 *
 * @category constructors
 */
export const forProgramme = (programmeId: string): Policy =>
  Catalogue.isKnownId(programmeId) ? byProgramme[programmeId] : { ...defaults, programmeId: programmeId.trim() === "" ? defaultId : programmeId }

const decodePolicy = Schema.decodeUnknownEither(Policy)

const fieldOf = (path: ReadonlyArray<PropertyKey>): string => (path.length === 0 ? "(root)" : Input.pathText(path))

/**
 * Reads a policy from JSON-like input (through core's `Input` guard); the error names the field.
 *
 * @category constructors
 */
export const decode = (input: unknown): Either.Either<Policy, InvalidPolicy> =>
  Input.decodeWith(
    input,
    (plain) =>
      decodePolicy(plain, { errors: "first", onExcessProperty: "error" }).pipe(
        Either.mapLeft((e) => {
          const issue = Input.issues(e)[0]
          const message = issue?.message ?? "a reminder policy"
          return new InvalidPolicy({ field: fieldOf(issue?.path ?? []), expected: message.startsWith("is unexpected") ? "no such field" : message.replace(/^expected /, "") })
        })
      ),
    (p) => new InvalidPolicy({ field: p.path, expected: p.expected })
  )

/**
 * A policy with some fields replaced (e.g. from flags or the environment), checked like `decode`.
 *
 * @category combinators
 */
export const override = (policy: Policy, changes: unknown): Either.Either<Policy, InvalidPolicy> => {
  if (typeof changes !== "object" || changes === null || Array.isArray(changes)) {
    return Either.left(new InvalidPolicy({ field: "(root)", expected: "an object of policy fields" }))
  }
  return Input.decodeWith(
    changes,
    (plain) => decode({ ...Schema.encodeSync(Policy)(policy), ...(plain as Record<string, unknown>) }),
    (p) => new InvalidPolicy({ field: p.path, expected: p.expected })
  )
}

/**
 * The quiet window of a channel in a policy.
 *
 * @category accessors
 */
export const windowOf = (policy: Policy, channel: Channel): QuietHours.Window => policy.quietHours[channel]

/**
 * A stable key of a reminder (`day-before@18:00`, `hours-before:2`), part of its delivery id.
 *
 * @category accessors
 */
export const keyOf = (reminder: Reminder): string => (reminder._tag === "day-before" ? `day-before@${reminder.at}` : `hours-before:${reminder.hours}`)
