/**
 * Planning a group from a template: the templates of the catalogue, and the plan form of one, whose
 * problems (the core's validation of the plan against its template) are shown at their fields and in the
 * error summary; where the trademark rule refuses the protected name, the name the model may be run under
 * is offered as a button.
 *
 * @since 0.1.0
 */
import * as HttpRouter from "@effect/platform/HttpRouter"
import { Coordinator } from "@vertaistuki/api"
import { type Language as Lang, Messages } from "@vertaistuki/core"
import { Effect, Either, ParseResult, Schema } from "effect"
import * as Form from "../Form.js"
import { type Html, html } from "../Html.js"
import * as Labels from "../Labels.js"
import { t } from "../Messages.js"
import * as Web from "../Web.js"

/** The form's fields, named after the request's paths so that a problem's path names its field. */
const fields = ["name", "language", "organisers.0.kind", "organisers.0.name", "sessionCount", "defaultMinutes", "groupForm", "minimum", "maximum", "expectedParticipants", "minimumWaiverReason"]

/**
 * The form field a problem's path belongs to: `leaders[1].trainings` → `leaders.1.trainings`,
 * `sessions[3].minutes` → `defaultMinutes`, `groupSize.min` → `minimum`; else the closest field.
 *
 * @category queries
 */
export const fieldOf = (path: string, leaderRows: number): string => {
  const p = path.replace(/\[(\d+)\]/g, ".$1").replace(/^\./, "")
  if (p.startsWith("sessions")) return /minutes/.test(p) ? "defaultMinutes" : "sessionCount"
  if (p.startsWith("groupSize.min") || p === "groupSize") return "minimum"
  if (p.startsWith("groupSize.max")) return "maximum"
  if (p.startsWith("minimumWaiver")) return "minimumWaiverReason"
  if (p.startsWith("organisers")) return p.endsWith("kind") ? "organisers.0.kind" : "organisers.0.name"
  const leader = /^leaders\.(\d+)(?:\.(\w+))?/.exec(p)
  if (leader !== null) {
    const i = Math.min(Number(leader[1]), leaderRows - 1)
    return `leaders.${i}.${leader[2] === "trainings" ? "trainings" : leader[2] === "role" ? "role" : "userId"}`
  }
  if (p.startsWith("leaders")) return "leaders.0.userId"
  return fields.find((f) => p === f || p.startsWith(`${f}.`)) ?? "name"
}

/** The leader rows of a template: one per leader its composition names, two where it gives no number. */
const leaderRows = (tpl: Coordinator.TemplateSummary): ReadonlyArray<(typeof tpl.leaderRoles)[number]["role"]> => {
  const rows = tpl.leaderRoles.flatMap((r) => Array.from({ length: Math.max(1, r.count ?? 2) }, () => r.role))
  return rows.length === 0 ? ["professional"] : rows
}

const int = (f: Web.Form, name: string, problems: Array<Form.Problem>, lang: Lang.Language): number | undefined => {
  const v = f.get(name)
  if (v === "") return undefined
  if (!/^\d{1,4}$/.test(v)) {
    problems.push({ field: name, message: t(lang, "plan.wholeNumber") })
    return undefined
  }
  return Number(v)
}

const decode = Schema.decodeUnknownEither(Coordinator.PlanGroupRequest, { errors: "all" })

/**
 * The plan request of a posted form, or its problems at their fields.
 *
 * @category requests
 */
export const requestOf = (lang: Lang.Language, tpl: Coordinator.TemplateSummary, f: Web.Form): Either.Either<Coordinator.PlanGroupRequest, ReadonlyArray<Form.Problem>> => {
  const problems: Array<Form.Problem> = []
  const rows = leaderRows(tpl)
  const optional = (name: string) => {
    const n = int(f, name, problems, lang)
    return n === undefined ? {} : { [name]: n }
  }
  const suggested = f.get("useSuggested")
  const input = {
    programmeId: tpl.programmeId,
    name: suggested === "" ? f.get("name") : suggested,
    language: f.get("language"),
    organisers: [{ kind: f.get("organisers.0.kind"), name: f.get("organisers.0.name") }],
    leaders: rows.flatMap((_, i) => (f.get(`leaders.${i}.userId`) === "" ? [] : [{ userId: f.get(`leaders.${i}.userId`), role: f.get(`leaders.${i}.role`), trainings: f.all(`leaders.${i}.trainings`) }])),
    ...optional("sessionCount"),
    ...optional("defaultMinutes"),
    ...(f.get("groupForm") === "" ? {} : { groupForm: f.get("groupForm") }),
    ...optional("minimum"),
    ...optional("maximum"),
    ...optional("expectedParticipants"),
    ...(f.get("minimumWaiverReason") === "" ? {} : { minimumWaiverReason: f.get("minimumWaiverReason") })
  }
  if (input.name === "") problems.push({ field: "name", message: t(lang, "plan.nameMissing") })
  if (f.get("organisers.0.name") === "") problems.push({ field: "organisers.0.name", message: t(lang, "plan.organiserMissing") })
  if (input.leaders.length === 0) problems.push({ field: "leaders.0.userId", message: t(lang, "plan.leaderMissing") })
  const decoded = decode(input)
  if (Either.isLeft(decoded)) {
    for (const issue of ParseResult.ArrayFormatter.formatErrorSync(decoded.left)) {
      const field = fieldOf(issue.path.join("."), rows.length)
      if (!problems.some((p) => p.field === field)) problems.push(at(field, Messages.expected(issue.message, lang), lang))
    }
  }
  return problems.length > 0 || Either.isLeft(decoded) ? Either.left(problems) : Either.right(decoded.right)
}

/** The label of a form field, for the error summary. */
const labelOf = (field: string, lang: Lang.Language): string => {
  const leader = /^leaders\.(\d+)\.(\w+)$/.exec(field)
  if (leader !== null) return `${t(lang, "plan.leaderShort", { n: Number(leader[1]) + 1 })}, ${t(lang, leader[2] === "trainings" ? "plan.trainings" : "plan.leaderUser")}`
  const keys: Record<string, Parameters<typeof t>[1]> = {
    name: "plan.name",
    language: "plan.language",
    "organisers.0.kind": "plan.organiserKind",
    "organisers.0.name": "plan.organiserName",
    sessionCount: "plan.sessionCount",
    defaultMinutes: "plan.defaultMinutes",
    groupForm: "plan.groupForm",
    minimum: "plan.minimum",
    maximum: "plan.maximum",
    expectedParticipants: "plan.expected",
    minimumWaiverReason: "plan.waiver"
  }
  return t(lang, keys[field] ?? "plan.name")
}

/** A problem at a field, with the field's label so that the error summary reads on its own. */
const at = (field: string, text: string, lang: Lang.Language): Form.Problem => ({ field, message: `${labelOf(field, lang)}: ${text}` })

const templateList = (lang: Lang.Language, templates: ReadonlyArray<Coordinator.TemplateSummary>): Html =>
  html`<ul class="plain">${templates.map(
    (tpl) => html`<li><h2><a href="/${lang}/plan/${tpl.programmeId}">${tpl.name[lang]}</a></h2><p>${tpl.summary[lang]}</p></li>`
  )}</ul>`

const planForm = (
  lang: Lang.Language,
  p: Web.Principal,
  tpl: Coordinator.TemplateSummary,
  f: Web.Form | null,
  problems: ReadonlyArray<Form.Problem>,
  suggestedName: string | null,
  status = 200
) => {
  const rows = leaderRows(tpl)
  const trainings = Labels.options(Labels.training, lang)
  const v = (name: string) => f?.get(name)
  const body = html`${Form.input({ name: "name", label: t(lang, "plan.name"), hint: tpl.brand === null ? undefined : t(lang, "plan.brandHint", { brand: tpl.brand.name }), value: v("name") ?? tpl.name[lang] }, problems)}
${
  suggestedName === null
    ? ""
    : html`<div class="advice"><p>${t(lang, "plan.suggested", { name: suggestedName })}</p><button type="submit" class="secondary" name="useSuggested" value="${suggestedName}">${t(lang, "plan.useSuggested", { name: suggestedName })}</button></div>`
}
${Form.select({ name: "language", label: t(lang, "plan.language"), value: v("language") ?? tpl.languages[0], options: tpl.languages.map((l) => [l, Labels.label(Labels.languageName, l, lang)] as const) }, problems)}
<fieldset><legend>${t(lang, "plan.organiser")}</legend>
${Form.select({ name: "organisers.0.kind", label: t(lang, "plan.organiserKind"), value: v("organisers.0.kind"), options: Labels.options(Labels.organiserKind, lang) }, problems)}
${Form.input({ name: "organisers.0.name", label: t(lang, "plan.organiserName"), value: v("organisers.0.name") }, problems)}
</fieldset>
${rows.map(
  (role, i) => html`<fieldset><legend>${t(lang, "plan.leader", { n: i + 1, role: Labels.label(Labels.leaderRole, role, lang) })}</legend>
<input type="hidden" name="leaders.${i}.role" value="${role}">
${Form.input({ name: `leaders.${i}.userId`, label: t(lang, "plan.leaderUser"), hint: i === 0 ? t(lang, "plan.leaderUserHint") : undefined, value: v(`leaders.${i}.userId`) }, problems)}
${Form.choices({ name: `leaders.${i}.trainings`, legend: t(lang, "plan.trainings"), kind: "checkbox", options: trainings, checked: f?.all(`leaders.${i}.trainings`) ?? [] }, problems)}
</fieldset>`
)}
${
  tpl.sessions.max === tpl.sessions.min
    ? ""
    : Form.input({ name: "sessionCount", label: t(lang, "plan.sessionCount"), hint: t(lang, "plan.sessionCountHint", { min: tpl.sessions.min, max: tpl.sessions.max ?? tpl.sessions.min }), type: "number", value: v("sessionCount"), short: true }, problems)
}
${tpl.sessionLengthKnown ? "" : Form.input({ name: "defaultMinutes", label: t(lang, "plan.defaultMinutes"), type: "number", value: v("defaultMinutes") ?? "90", short: true }, problems)}
${tpl.groupForms.length > 1 ? Form.choices({ name: "groupForm", legend: t(lang, "plan.groupForm"), kind: "radio", options: tpl.groupForms.map((g) => [g, Labels.label(Labels.groupForm, g, lang)] as const), checked: [v("groupForm") ?? tpl.groupForms[0]!] }, problems) : ""}
${
  tpl.minimum === null
    ? html`${Form.input({ name: "minimum", label: t(lang, "plan.minimum"), type: "number", value: v("minimum"), short: true }, problems)}${Form.input({ name: "maximum", label: t(lang, "plan.maximum"), type: "number", value: v("maximum"), short: true }, problems)}`
    : html`<p>${t(lang, "plan.size", { min: tpl.minimum, max: tpl.maximum ?? tpl.minimum })}</p>`
}
${Form.input({ name: "expectedParticipants", label: `${t(lang, "plan.expected")} ${t(lang, "common.optional")}`, type: "number", value: v("expectedParticipants"), short: true }, problems)}
${Form.input({ name: "minimumWaiverReason", label: `${t(lang, "plan.waiver")} ${t(lang, "common.optional")}`, hint: t(lang, "plan.waiverHint"), value: v("minimumWaiverReason") }, problems)}`
  return Web.page(
    lang,
    p,
    `/plan/${tpl.programmeId}`,
    t(lang, "plan.titleOf", { name: tpl.name[lang] }),
    html`<h1>${t(lang, "plan.titleOf", { name: tpl.name[lang] })}</h1><p>${tpl.summary[lang]}</p>
${Form.form({ lang, action: `/${lang}/plan/${tpl.programmeId}`, csrf: p.csrfToken, problems, submit: t(lang, "plan.submit"), body })}`,
    status
  )
}

const template = (lang: Lang.Language, p: Web.Principal) =>
  Effect.gen(function* () {
    const { programmeId } = yield* HttpRouter.params
    const c = yield* Coordinator.Coordinator
    const all = yield* Web.runOrExplain(lang, p, c.templates(p.actor))
    const tpl = all.find((x) => x.programmeId === programmeId)
    if (tpl === undefined) return yield* new Web.Respond({ response: Web.errorPage(lang, "errors.notFound", "errors.notFoundText", 404, p) })
    return tpl
  })

/**
 * The routes of planning.
 *
 * @category routes
 */
export const routes = HttpRouter.empty.pipe(
  HttpRouter.get(
    "/:lang/plan",
    Web.handle(
      Effect.gen(function* () {
        const lang = yield* Web.language
        const p = yield* Web.signedIn(lang)
        const c = yield* Coordinator.Coordinator
        const templates = yield* Web.runOrExplain(lang, p, c.templates(p.actor))
        return Web.page(lang, p, "/plan", t(lang, "nav.plan"), html`<h1>${t(lang, "nav.plan")}</h1><p>${t(lang, "plan.intro")}</p>${templateList(lang, templates)}`)
      })
    )
  ),
  HttpRouter.get(
    "/:lang/plan/:programmeId",
    Web.handle(
      Effect.gen(function* () {
        const lang = yield* Web.language
        const p = yield* Web.signedIn(lang)
        return planForm(lang, p, yield* template(lang, p), null, [], null)
      })
    )
  ),
  HttpRouter.post(
    "/:lang/plan/:programmeId",
    Web.handle(
      Effect.gen(function* () {
        const lang = yield* Web.language
        const p = yield* Web.signedIn(lang)
        const f = yield* Web.postedForm(lang, p)
        const tpl = yield* template(lang, p)
        const request = requestOf(lang, tpl, f)
        if (Either.isLeft(request)) return planForm(lang, p, tpl, f, request.left, null, 422)
        const c = yield* Coordinator.Coordinator
        const planned = yield* Effect.either(Web.run(lang, p, c.planGroup(p.actor, request.right)))
        if (Either.isRight(planned)) return Web.after(lang, `/groups/${planned.right.groupId}`, "planned")
        const e = planned.left
        if (e instanceof Web.Respond) return e.response
        const rows = leaderRows(tpl).length
        const problems: ReadonlyArray<Form.Problem> =
          e._tag === "PlanProblems"
            ? e.problems
                .filter((x) => x.severity === "error")
                .map((x) => at(fieldOf(x.path, rows), x.tag === "TrademarkRequiresTraining" ? t(lang, "plan.trademark") : Messages.expected(x.expected, lang), lang))
            : [at(e._tag === "InvalidRequest" ? fieldOf(e.field, rows) : e.field === null ? "name" : fieldOf(e.field, rows), Web.explain(lang, e), lang)]
        return planForm(lang, p, tpl, f, problems, e._tag === "PlanProblems" ? e.suggestedName : null, 422)
      })
    )
  )
)
