/**
 * `vertaistuki programmes list` and `vertaistuki programmes show <id>`: the programme catalogue.
 *
 * @since 0.1.0
 */
import { Args, Command, Options } from "@effect/cli"
import { Catalogue, Duration, Language, ProgrammeTemplate } from "@vertaistuki/core"
import { Effect, Either } from "effect"
import { BadInput, json, printJson, printLine, printTable } from "../Output.js"

const lang = Options.choice("lang", Language.all).pipe(
  Options.withDefault("en" as Language.Language),
  Options.withDescription("language of names and themes: fi, sv or en (default en)")
)

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

const range = (min: number | null, max: number | null): string =>
  min === null && max === null
    ? "set by plan"
    : min === null
      ? `up to ${max}`
      : max === null
        ? `at least ${min}`
        : min === max
          ? String(min)
          : `${min}–${max}`

const orPlan = (n: number | null): string => (n === null ? "set by plan" : String(n))

const list = Command.make("list", { json, lang }, ({ json, lang }) =>
  json
    ? printJson(Catalogue.all.map((t) => summary(t, lang)))
    : printTable(
        ["id", "sessions", "group size", "leaders", "languages", "source"],
        Catalogue.all.map((t) => [
          t.id,
          range(t.sessionPlan.count.min, t.sessionPlan.count.max),
          `${range(t.groupSize.min, t.groupSize.max)} (${t.groupSize.unit})${t.groupSize.minimumWaivable ? ", min waivable" : ""}`,
          orPlan(ProgrammeTemplate.leaderCount(t)),
          t.languages.join(", "),
          t.sources.map((s) => s.file ?? s.title).join("; ")
        ])
      ).pipe(Effect.zipRight(printLine("\nShow one with: vertaistuki programmes show <id>")))
).pipe(Command.withDescription("List the programme templates of the catalogue."))

const id = Args.text({ name: "id" }).pipe(Args.withDescription(`programme id: ${Catalogue.ids.join(", ")}`))

const plural = { parent: "parents", family: "families", participant: "participants" } as const

const minutes = (m: number | null): string => (m === null ? "–" : Duration.format(m))

const showTable = (t: ProgrammeTemplate.ProgrammeTemplate, language: Language.Language) =>
  Effect.gen(function* () {
    const leaders = t.leaders.slots
      .map((s) => `${s.count ?? "n"} × ${s.role}${s.trainings.length > 0 ? ` [${s.trainings.join(", ")}]` : ""}${s.recommended ? " (recommended)" : ""}`)
      .join(", ")
    yield* printLine(`${t.name[language]}  (${t.id})\n\n${t.summary[language]}\n`)
    yield* printTable(
      ["", t.id],
      [
        ["target group", t.targetGroup.description[language]],
        ["group form", t.groupForms.join(" or ")],
        ["group size", `${range(t.groupSize.min, t.groupSize.max)} ${plural[t.groupSize.unit]}${t.groupSize.planned === null ? "" : `, ${t.groupSize.planned} taken in`}${t.groupSize.minimumWaivable ? ", minimum waivable with a reason" : ""}`],
        ["leaders", `${leaders || "set by plan"}; total ${orPlan(t.leaders.total)}`],
        [
          "intake",
          t.intake === null
            ? "none described"
            : `${t.intake.kind}${t.intake.required ? ", with everyone" : ""}${t.intake.minutesPerParticipant === null ? "" : `, ${Duration.format(t.intake.minutesPerParticipant)} each`}${t.intake.technologyRehearsal ? ", technology rehearsal" : ""}`
        ],
        ["sessions", range(t.sessionPlan.count.min, t.sessionPlan.count.max)],
        ["follow-up", t.followUp.map((f) => f.description[language]).join("; ") || "–"],
        ["consents", t.consents.map((c) => `${c.purpose} (${c.collectedAt})`).join(", ") || "–"],
        ["instruments", t.instruments.map((i) => i._tag).join(", ") || "–"],
        ["brand", t.brand === null ? "–" : `${t.brand.mark}: requires ${t.brand.requiredTraining} of ${t.brand.rolesRequiringTraining.join(", ")}`],
        ["languages", t.languages.join(", ")],
        ["sources", t.sources.map((s) => (s.file === null ? `${s.title} (${s.citation})` : `${s.file}: ${s.title}`)).join("\n")]
      ]
    )
    if (t.sessionPlan.sessions.length > 0) {
      yield* printLine("\nSession plan")
      yield* printTable(
        ["#", "theme", "modality", "planned", "max", "weekday", "attendees"],
        t.sessionPlan.sessions.map((s) => [
          s.ordinal,
          s.theme?.[language] ?? "–",
          s.modality ?? "set by plan",
          s.plannedMinutes === null
            ? "–"
            : s.plannedMinutes.min === s.plannedMinutes.max
              ? minutes(s.plannedMinutes.min)
              : `${minutes(s.plannedMinutes.min)}–${minutes(s.plannedMinutes.max)}`,
          minutes(s.maxMinutes),
          s.weekday ?? "–",
          [...s.attendees.map((a) => `${a.role}${a.presence === "part" ? " (part)" : ""}`), ...s.guests.map((g) => `${g.role} (guest)`)].join(", ")
        ])
      )
    }
    const open = ProgrammeTemplate.openSettings(t)
    if (open.length > 0) yield* printLine(`\nThe source gives no figure for: ${open.join(", ")}. A group plan must set them.`)
  })

const show = Command.make("show", { id, json, lang }, ({ id, json, lang }) =>
  Effect.gen(function* () {
    const found = Catalogue.find(id)
    if (Either.isLeft(found)) return yield* new BadInput({ message: found.left.message })
    const t = found.right
    if (json) {
      yield* printJson({ ...summary(t, lang), ...(localize(ProgrammeTemplate.encode(t), lang) as object) })
    } else {
      yield* showTable(t, lang)
    }
  })
).pipe(Command.withDescription("Show one programme template: group size, leaders, intake, session plan, sources."))

/** `vertaistuki programmes`: the programme catalogue. */
export const programmes = Command.make("programmes").pipe(
  Command.withDescription("The catalogue of programme templates."),
  Command.withSubcommands([list, show])
)
