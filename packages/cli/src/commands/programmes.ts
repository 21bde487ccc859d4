/**
 * `vertaistuki programmes list` and `vertaistuki programmes show <id>`: the programme catalogue.
 *
 * @since 0.1.0
 */
import { Args, Command } from "@effect/cli"
import { Catalogue, Messages as CoreMessages, Duration, Language, ProgrammeTemplate } from "@vertaistuki/core"
import { Effect, Either } from "effect"
import * as Messages from "../Messages.js"
import { type Say, say, sayIn } from "../Messages.js"
import { BadInput, jsonIn, langIn, printJson, printLine, printTable } from "../Output.js"

const isLocalized = (v: unknown): v is Language.LocalizedText =>
  typeof v === "object" &&
  v !== null &&
  !Array.isArray(v) &&
  Object.keys(v).length === 3 &&
  Language.all.every((l) => typeof (v as Record<string, unknown>)[l] === "string")

/** Replaces every localized text in encoded data with its text in `language`. */
const localize = (value: unknown, language: Language.Language): unknown => {
  if (isLocalized(value)) return value[language]
  if (Array.isArray(value)) return value.map((v) => localize(v, language))
  if (typeof value === "object" && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, localize(v, language)]))
  }
  return value
}

/**
 * The summary every script can rely on: id, name, session count range, group size range (null where the
 * source sets none) and sources.
 */
const summary = (t: ProgrammeTemplate.ProgrammeTemplate, language: Language.Language) => ({
  id: t.id,
  name: t.name[language],
  sessions: { min: t.sessionPlan.count.min, max: t.sessionPlan.count.max },
  groupSize: {
    unit: t.groupSize.unit,
    min: t.groupSize.min,
    max: t.groupSize.max,
    planned: t.groupSize.planned,
    minimumWaivable: t.groupSize.minimumWaivable
  },
  leaderCount: ProgrammeTemplate.leaderCount(t),
  languages: t.languages,
  trademark: t.brand?.mark ?? null,
  openSettings: ProgrammeTemplate.openSettings(t),
  sources: t.sources
})

const range = (min: number | null, max: number | null, m: Say = sayIn("en")): string =>
  min === null && max === null
    ? m("programmes.set-by-plan")
    : min === null
      ? m("programmes.up-to", { max: max! })
      : max === null
        ? m("programmes.at-least", { min })
        : min === max
          ? m("number", { n: min })
          : `${m("number", { n: min })}–${m("number", { n: max })}`

const orPlan = (n: number | null, m: Say): string => (n === null ? m("programmes.set-by-plan") : m("number", { n }))

const listing = ({ json }: { readonly json: boolean }) =>
  Effect.gen(function* () {
    const m = yield* say
    const language = yield* Messages.lang
    if (json) return yield* printJson(Catalogue.all.map((t) => summary(t, language)))
    yield* printTable(
      [m("programmes.id"), m("programmes.sessions"), m("programmes.group-size"), m("programmes.leaders"), m("programmes.languages"), m("programmes.source")],
      Catalogue.all.map((t) => [
        t.id,
        range(t.sessionPlan.count.min, t.sessionPlan.count.max, m),
        `${range(t.groupSize.min, t.groupSize.max, m)} (${m(`unit.${t.groupSize.unit}`)})${t.groupSize.minimumWaivable ? `, ${m("programmes.min-waivable")}` : ""}`,
        orPlan(ProgrammeTemplate.leaderCount(t), m),
        t.languages.join(", "),
        t.sources.map((s) => s.file ?? s.title).join("; ")
      ])
    )
    yield* printLine(`\n${m("programmes.show-one")}`)
  })

const minutes = (m: number | null): string => (m === null ? "–" : Duration.format(m))

const showTable = (t: ProgrammeTemplate.ProgrammeTemplate, language: Language.Language) =>
  Effect.gen(function* () {
    const m = sayIn(language)
    const leaders = t.leaders.slots
      .map(
        (s) =>
          `${s.count ?? "n"} × ${s.role}${s.trainings.length > 0 ? ` [${s.trainings.join(", ")}]` : ""}${s.recommended ? ` (${m("programmes.recommended")})` : ""}`
      )
      .join(", ")
    yield* printLine(`${t.name[language]}  (${t.id})\n\n${t.summary[language]}\n`)
    yield* printTable(
      ["", t.id],
      [
        [m("programmes.target-group"), t.targetGroup.description[language]],
        [m("programmes.group-form"), t.groupForms.join(` ${m("or")} `)],
        [
          m("programmes.group-size"),
          `${range(t.groupSize.min, t.groupSize.max, m)} ${m(`units.${t.groupSize.unit}`)}${t.groupSize.planned === null ? "" : `, ${m("programmes.taken-in", { n: t.groupSize.planned })}`}${t.groupSize.minimumWaivable ? `, ${m("programmes.waivable-with-reason")}` : ""}`
        ],
        [m("programmes.leaders"), `${leaders || m("programmes.set-by-plan")}; ${m("programmes.total", { total: orPlan(t.leaders.total, m) })}`],
        [
          m("programmes.intake"),
          t.intake === null
            ? m("programmes.none-described")
            : `${t.intake.kind}${t.intake.required ? `, ${m("programmes.with-everyone")}` : ""}${t.intake.minutesPerParticipant === null ? "" : `, ${m("programmes.each", { duration: Duration.format(t.intake.minutesPerParticipant) })}`}${t.intake.technologyRehearsal ? `, ${m("programmes.technology-rehearsal")}` : ""}`
        ],
        [m("programmes.sessions"), range(t.sessionPlan.count.min, t.sessionPlan.count.max, m)],
        [m("programmes.follow-up"), t.followUp.map((f) => f.description[language]).join("; ") || "–"],
        [m("programmes.consents"), t.consents.map((c) => `${c.purpose} (${c.collectedAt})`).join(", ") || "–"],
        [m("programmes.instruments"), t.instruments.map((i) => i._tag).join(", ") || "–"],
        [
          m("programmes.brand"),
          t.brand === null
            ? "–"
            : `${t.brand.mark}: ${m("programmes.requires", { training: t.brand.requiredTraining, roles: t.brand.rolesRequiringTraining.join(", ") })}`
        ],
        [m("programmes.languages"), t.languages.join(", ")],
        [m("programmes.sources"), t.sources.map((s) => (s.file === null ? `${s.title} (${s.citation})` : `${s.file}: ${s.title}`)).join("\n")]
      ]
    )
    if (t.sessionPlan.sessions.length > 0) {
      yield* printLine(`\n${m("programmes.session-plan")}`)
      yield* printTable(
        ["#", m("programmes.theme"), m("programmes.modality"), m("programmes.planned"), m("programmes.max"), m("programmes.weekday"), m("programmes.attendees")],
        t.sessionPlan.sessions.map((s) => [
          s.ordinal,
          s.theme?.[language] ?? "–",
          s.modality ?? m("programmes.set-by-plan"),
          s.plannedMinutes === null
            ? "–"
            : s.plannedMinutes.min === s.plannedMinutes.max
              ? minutes(s.plannedMinutes.min)
              : `${minutes(s.plannedMinutes.min)}–${minutes(s.plannedMinutes.max)}`,
          minutes(s.maxMinutes),
          s.weekday ?? "–",
          [
            ...s.attendees.map((a) => `${a.role}${a.presence === "part" ? ` (${m("programmes.part")})` : ""}`),
            ...s.guests.map((g) => `${g.role} (${m("programmes.guest")})`)
          ].join(", ")
        ])
      )
    }
    const open = ProgrammeTemplate.openSettings(t)
    if (open.length > 0) yield* printLine(`\n${m("programmes.open", { settings: open.join(", ") })}`)
  })

const showing = ({ id, json }: { readonly id: string; readonly json: boolean }) =>
  Effect.gen(function* () {
    const lang = yield* Messages.lang
    const found = Catalogue.find(id)
    if (Either.isLeft(found)) return yield* new BadInput({ message: CoreMessages.describe(found.left, lang) })
    const t = found.right
    if (json) {
      yield* printJson({ ...summary(t, lang), ...(localize(ProgrammeTemplate.encode(t), lang) as object) })
    } else {
      yield* showTable(t, lang)
    }
  })

/** `vertaistuki programmes`: the programme catalogue, its help in `h`'s language. */
export const programmes = (h: Say) => {
  const json = jsonIn(h)
  const lang = langIn(h)
  const id = Args.text({ name: "id" }).pipe(Args.withDescription(h("describe.programme-id", { ids: Catalogue.ids.join(", ") })))
  const list = Command.make("list", { json, lang }, listing).pipe(Command.withDescription(h("describe.programmes.list")))
  const show = Command.make("show", { id, json, lang }, showing).pipe(Command.withDescription(h("describe.programmes.show")))
  return Command.make("programmes").pipe(Command.withDescription(h("describe.programmes")), Command.withSubcommands([list, show]))
}
