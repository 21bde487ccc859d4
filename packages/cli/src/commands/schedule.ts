/**
 * `vertaistuki schedule --programme <id> --start YYYY-MM-DD --time HH:MM [--cadence weekly] [--weekend-time HH:MM] [--ics out.ics] [--json]`:
 * a group's session dates in Finnish time, with every holiday or closed day it skipped and why.
 *
 * @since 0.1.0
 */
import { Command, Options } from "@effect/cli"
import { Catalogue, ICalendar, Messages as CoreMessages, Schedule } from "@vertaistuki/core"
import { Effect, Either, Option } from "effect"
import { DateTime } from "luxon"
import { num, type Say, say } from "../Messages.js"
import { BadInput, jsonIn, langIn, printJson, printLine, printTable, writeText } from "../Output.js"

/** The options of `schedule`, their help in `h`'s language. */
const optionsIn = (h: Say) => ({
  programme: Options.text("programme").pipe(Options.withDescription(h("describe.programme-id", { ids: Catalogue.ids.join(", ") }))),
  start: Options.text("start").pipe(Options.withDescription(h("describe.schedule.start"))),
  time: Options.text("time").pipe(Options.withDescription(h("describe.schedule.time"))),
  cadence: Options.choice("cadence", ["weekly", "fortnightly"]).pipe(Options.withDefault("weekly" as const), Options.withDescription(h("describe.schedule.cadence"))),
  sessions: Options.integer("sessions").pipe(Options.optional, Options.withDescription(h("describe.schedule.sessions"))),
  minutes: Options.integer("minutes").pipe(Options.optional, Options.withDescription(h("describe.schedule.minutes"))),
  weekendTime: Options.text("weekend-time").pipe(Options.optional, Options.withDescription(h("describe.schedule.weekend-time"))),
  ics: Options.text("ics").pipe(Options.optional, Options.withDescription(h("describe.schedule.ics"))),
  json: jsonIn(h),
  lang: langIn(h)
})

/** The most sessions one schedule may plan (a year of weekly sessions is 52). */
const maxSessions = 200
/** The longest session, in minutes: one day. */
const maxMinutes = 24 * 60

type Parsed = Command.Command.ParseConfig<ReturnType<typeof optionsIn>>

const planning = (o: Parsed) =>
  Effect.gen(function* () {
    const m = yield* say
    const lang = m.lang
    const template = Catalogue.find(o.programme)
    if (Either.isLeft(template)) return yield* new BadInput({ message: CoreMessages.describe(template.left, lang) })
    const t = template.right
    if (Option.isSome(o.sessions) && (o.sessions.value < 1 || o.sessions.value > maxSessions)) {
      return yield* new BadInput({ message: m("schedule.bad-sessions", { max: maxSessions, value: o.sessions.value }) })
    }
    if (Option.isSome(o.minutes) && (o.minutes.value < 1 || o.minutes.value > maxMinutes)) {
      return yield* new BadInput({ message: m("schedule.bad-minutes", { max: maxMinutes, value: o.minutes.value }) })
    }
    const slots = Schedule.slotsOf(t, {
      ...(Option.isSome(o.sessions) ? { count: o.sessions.value } : {}),
      ...(Option.isSome(o.minutes) ? { minutes: o.minutes.value } : {}),
      language: lang
    })
    if (Either.isLeft(slots)) return yield* new BadInput({ message: CoreMessages.describe(slots.left, lang) })
    const withTimes = slots.right.map((x) =>
      Option.isSome(o.weekendTime) && (x.weekday === "saturday" || x.weekday === "sunday") ? { ...x, time: o.weekendTime.value } : x
    )
    const planned = Schedule.plan({ start: o.start, time: o.time, cadence: o.cadence === "weekly" ? Schedule.weekly : Schedule.fortnightly, slots: withTimes })
    if (Either.isLeft(planned)) return yield* new BadInput({ message: CoreMessages.describe(planned.left, lang) })
    const s = planned.right
    if (Option.isSome(o.ics)) {
      const text = ICalendar.fromSchedule(s, { name: t.name[lang], uidPrefix: `${t.id}-${o.start}`, now: DateTime.now() })
      if (Either.isLeft(text)) return yield* new BadInput({ message: CoreMessages.describe(text.left, lang) })
      yield* writeText(o.ics.value, text.right)
    }
    if (o.json) {
      return yield* printJson({
        programme: t.id,
        timeZone: Schedule.zone,
        sessions: s.sessions.map((x) => ({
          number: x.number,
          date: x.start.toISODate(),
          weekday: x.start.setLocale("en").weekdayLong,
          start: x.start.toISO(),
          end: x.end.toISO(),
          minutes: x.minutes,
          title: x.title,
          skipped: x.skipped
        })),
        skipped: Schedule.skipped(s)
      })
    }
    const skip = (k: Schedule.Skip) => `${k.date} ${Schedule.skipName(k, lang)} (${Schedule.skipReason(k, lang)})`
    yield* printLine(
      m("schedule.heading", { name: t.name[lang], n: s.sessions.length, start: o.start, time: o.time, zone: Schedule.zone, cadence: m(`cadence.${o.cadence}`) })
    )
    yield* printTable(
      ["#", m("schedule.date"), m("schedule.day"), m("schedule.time"), m("schedule.theme"), m("schedule.skipped-before")],
      s.sessions.map((x) => [
        num(x.number, lang),
        x.start.toISODate()!,
        x.start.setLocale(CoreMessages.locale(lang)).toFormat("ccc"),
        `${x.start.toFormat("HH:mm")}–${x.end.toFormat("HH:mm")}`,
        x.title ?? "",
        x.skipped.map(skip).join("; ")
      ])
    )
    const skipped = Schedule.skipped(s)
    yield* printLine(skipped.length === 0 ? m("schedule.none-skipped") : m("schedule.skipped", { days: skipped.map(skip).join(", ") }))
    if (Option.isSome(o.ics)) yield* printLine(m("schedule.wrote", { file: o.ics.value }))
  })

/** The `schedule` command, its help in `h`'s language. */
export const schedule = (h: Say) => Command.make("schedule", optionsIn(h), planning).pipe(Command.withDescription(h("describe.schedule")))
