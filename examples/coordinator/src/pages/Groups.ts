/**
 * The groups: the front page of each role, the list, a group's page with the next steps of its life
 * (open recruitment, schedule, start, closing, completion, follow-up), the schedule form with the skipped
 * holidays, and the `.ics` download.
 *
 * @since 0.1.0
 */
import * as HttpRouter from "@effect/platform/HttpRouter"
import * as HttpServerResponse from "@effect/platform/HttpServerResponse"
import { Coordinator } from "@vertaistuki/api"
import { Catalogue, Holidays, type Language as Lang } from "@vertaistuki/core"
import { Effect, Either } from "effect"
import { DateTime } from "luxon"
import * as Form from "../Form.js"
import * as Format from "../Format.js"
import { type Html, html } from "../Html.js"
import * as Labels from "../Labels.js"
import { t } from "../Messages.js"
import * as Web from "../Web.js"

/** The name of a programme in `lang` (its id when the catalogue has none). @category formatting */
export const programmeName = (programmeId: string, lang: Lang.Language): string => {
  const tpl = Catalogue.find(programmeId)
  return Either.isRight(tpl) ? tpl.right.name[lang] : programmeId
}

const seesPeople = (p: Web.Principal) => p.actor.role === "coordinator" || p.actor.role === "group-leader"

/** The table of groups. @category rendering */
export const table = (lang: Lang.Language, groups: ReadonlyArray<Coordinator.GroupSummary>, linkTo: (g: Coordinator.GroupSummary) => string): Html =>
  groups.length === 0
    ? html`<p>${t(lang, "groups.none")}</p>`
    : html`<table class="stack"><caption class="vh">${t(lang, "nav.groups")}</caption>
<thead><tr><th scope="col">${t(lang, "groups.name")}</th><th scope="col">${t(lang, "groups.programme")}</th><th scope="col">${t(lang, "groups.status")}</th><th scope="col">${t(lang, "groups.places")}</th></tr></thead>
<tbody>${groups.map(
        (g) => html`<tr><td data-label="${t(lang, "groups.name")}"><a href="${linkTo(g)}">${g.name}</a></td><td data-label="${t(lang, "groups.programme")}">${programmeName(g.programmeId, lang)}</td><td data-label="${t(lang, "groups.status")}">${Labels.label(Labels.groupStatus, g.status, lang)}</td><td data-label="${t(lang, "groups.places")}">${t(lang, "groups.enrolledOf", { enrolled: g.enrolled, capacity: g.capacity })}</td></tr>`
      )}</tbody></table>`

const aggregates = (lang: Lang.Language, a: Coordinator.AggregateView): Html => html`<dl class="facts">
<dt>${t(lang, "agg.groups")}</dt><dd>${a.groups}</dd>
<dt>${t(lang, "agg.referred")}</dt><dd>${a.referred}</dd>
<dt>${t(lang, "agg.enrolled")}</dt><dd>${a.enrolled}</dd>
<dt>${t(lang, "agg.waitlisted")}</dt><dd>${a.waitlisted}</dd>
<dt>${t(lang, "agg.completed")}</dt><dd>${a.completed}</dd>
<dt>${t(lang, "agg.sessionsHeld")}</dt><dd>${a.sessionsHeld}</dd>
<dt>${t(lang, "agg.attendanceRate")}</dt><dd>${a.attendanceRate === null ? t(lang, "agg.withheld") : `${Format.number(a.attendanceRate * 100, lang, 0)} %`}</dd>
<dt>${t(lang, "agg.feedback")}</dt><dd>${a.feedbackResponses}</dd>
<dt>${t(lang, "agg.meanRating")}</dt><dd>${a.meanRating === null ? t(lang, "agg.withheld") : Format.number(a.meanRating, lang)}</dd>
<dt>${t(lang, "agg.outcomes")}</dt><dd>${a.outcomesMeasured}</dd>
<dt>${t(lang, "agg.meanChange")}</dt><dd>${a.meanChangeLifeAsWhole === null ? t(lang, "agg.withheld") : Format.number(a.meanChangeLifeAsWhole, lang)}</dd>
</dl>`

const sessionsTable = (lang: Lang.Language, groupId: string, sessions: ReadonlyArray<Coordinator.SessionView>, link: boolean): Html =>
  sessions.length === 0
    ? html`<p>${t(lang, "sessions.none")}</p>`
    : html`<table class="stack"><caption class="vh">${t(lang, "sessions.title")}</caption>
<thead><tr><th scope="col">${t(lang, "sessions.number")}</th><th scope="col">${t(lang, "sessions.when")}</th><th scope="col">${t(lang, "sessions.modality")}</th><th scope="col">${t(lang, "groups.status")}</th><th scope="col">${t(lang, "sessions.attendance")}</th></tr></thead>
<tbody>${sessions.map(
        (s) => html`<tr><td data-label="${t(lang, "sessions.number")}">${link ? html`<a href="/${lang}/groups/${groupId}/sessions/${s.sessionId}">${t(lang, "sessions.nth", { n: s.number })}</a>` : t(lang, "sessions.nth", { n: s.number })}</td>
<td data-label="${t(lang, "sessions.when")}">${s.start === null ? "–" : html`<time datetime="${s.start.toISO()}">${Format.dateTime(s.start, lang)}</time>`}</td>
<td data-label="${t(lang, "sessions.modality")}">${Labels.label(Labels.modality, s.modality, lang)}</td>
<td data-label="${t(lang, "groups.status")}">${Labels.label(Labels.sessionStatus, s.status, lang)}</td>
<td data-label="${t(lang, "sessions.attendance")}">${s.status === "held" ? t(lang, "sessions.counts", { present: s.present, excused: s.excused, absent: s.absent }) : "–"}</td></tr>`
      )}</tbody></table>`

const rosterTable = (lang: Lang.Language, roster: Coordinator.RosterView): Html =>
  roster.members.length === 0
    ? html`<p>${t(lang, "roster.none")}</p>`
    : html`<table class="stack"><caption class="vh">${t(lang, "roster.title")}</caption>
<thead><tr><th scope="col">${t(lang, "roster.participant")}</th><th scope="col">${t(lang, "groups.status")}</th><th scope="col">${t(lang, "roster.consents")}</th><th scope="col">${t(lang, "sessions.attendance")}</th></tr></thead>
<tbody>${roster.members.map(
        (m, i) => html`<tr><td data-label="${t(lang, "roster.participant")}"><a href="/${lang}/participants/${m.participantId}">${m.name ?? t(lang, "roster.nth", { n: i + 1 })}</a>${m.erased ? html` (${t(lang, "roster.erased")})` : ""}</td>
<td data-label="${t(lang, "groups.status")}">${Labels.label(Labels.participantStatus, m.status, lang)}</td>
<td data-label="${t(lang, "roster.consents")}">${m.consents.length === 0 ? t(lang, "common.none") : m.consents.map((c) => Labels.label(Labels.consentPurpose, c, lang)).join(", ")}</td>
<td data-label="${t(lang, "sessions.attendance")}">${t(lang, "sessions.counts", { present: m.present, excused: m.excused, absent: m.absent })}</td></tr>`
      )}</tbody></table>`

/** The steps a group's page offers for its status. */
const steps = (lang: Lang.Language, p: Web.Principal, g: Coordinator.GroupDetail): Html => {
  const id = g.groupId
  const scheduled = g.sessions.some((s) => s.start !== null)
  const parts: Array<Html> = []
  if (g.status === "draft") parts.push(Web.button(lang, p, `/groups/${id}/open`, t(lang, "step.open")))
  if (g.status === "recruiting" || g.status === "ready" || g.status === "running") {
    parts.push(html`<a class="button secondary" href="/${lang}/groups/${id}/refer">${t(lang, "step.refer")}</a>`)
  }
  if (g.status !== "cancelled" && g.status !== "completed" && g.status !== "followed-up" && g.status !== "no-follow-up") {
    parts.push(html`<a class="button secondary" href="/${lang}/groups/${id}/schedule">${scheduled ? t(lang, "step.reschedule") : t(lang, "step.schedule")}</a>`)
  }
  if (g.status === "recruiting" || g.status === "ready") {
    parts.push(
      html`<form method="post" action="/${lang}/groups/${id}/start" class="inline-form"><input type="hidden" name="csrf" value="${p.csrfToken}">${
        g.enrolled < g.minimum
          ? Form.input({ name: "waiverReason", label: t(lang, "step.waiverReason"), hint: t(lang, "step.waiverHint", { minimum: g.minimum }) })
          : ""
      }<button type="submit">${t(lang, "step.start")}</button></form>`
    )
  }
  if (g.status === "running") parts.push(Web.button(lang, p, `/groups/${id}/closing`, t(lang, "step.closing")))
  if (g.status === "closing") parts.push(Web.button(lang, p, `/groups/${id}/complete`, t(lang, "step.complete")))
  if (g.status === "completed") {
    parts.push(Web.button(lang, p, `/groups/${id}/follow-up`, t(lang, "step.followUp"), html`<input type="hidden" name="held" value="true">`))
  }
  return html`<div class="steps">${parts}</div>`
}

const groupPage = (lang: Lang.Language, p: Web.Principal, g: Coordinator.GroupDetail, roster: Coordinator.RosterView | null, done: Html) =>
  Web.page(
    lang,
    p,
    `/groups/${g.groupId}`,
    g.name,
    html`<h1>${g.name}</h1>${done}
<dl class="facts">
<dt>${t(lang, "groups.programme")}</dt><dd>${programmeName(g.programmeId, lang)}</dd>
<dt>${t(lang, "groups.language")}</dt><dd>${Labels.label(Labels.languageName, g.language, lang)}</dd>
<dt>${t(lang, "groups.status")}</dt><dd>${Labels.label(Labels.groupStatus, g.status, lang)}</dd>
<dt>${t(lang, "groups.places")}</dt><dd>${t(lang, "groups.enrolledOf", { enrolled: g.enrolled, capacity: g.capacity })}</dd>
<dt>${t(lang, "groups.waitlisted")}</dt><dd>${g.waitlisted}</dd>
<dt>${t(lang, "groups.referred")}</dt><dd>${g.referred}</dd>
<dt>${t(lang, "groups.planned")}</dt><dd>${Format.date(g.plannedAt, lang)}</dd>
</dl>
${g.advice.length === 0 ? "" : html`<div class="advice"><h2>${t(lang, "plan.advice")}</h2><ul>${g.advice.map((a) => html`<li>${a.message}</li>`)}</ul></div>`}
${seesPeople(p) ? html`<h2>${t(lang, "groups.next")}</h2>${steps(lang, p, g)}` : ""}
<h2>${t(lang, "sessions.title")}</h2>
${sessionsTable(lang, g.groupId, g.sessions, seesPeople(p))}
${g.sessions.some((s) => s.start !== null) ? html`<p><a href="/${lang}/groups/${g.groupId}/calendar.ics" download>${t(lang, "schedule.ics")}</a></p>` : ""}
${roster === null ? "" : html`<h2>${t(lang, "roster.title")}</h2>${rosterTable(lang, roster)}`}
<h2>${t(lang, "groups.more")}</h2>
<ul class="plain"><li><a href="/${lang}/groups/${g.groupId}/costs">${t(lang, "costs.ofGroup")}</a></li>${
      seesPeople(p) ? html`<li><a href="/${lang}/groups/${g.groupId}/reminders">${t(lang, "nav.reminders")}</a></li>` : ""
    }</ul>`
  )

/**
 * The closed days (Finnish public holidays, Midsummer and Christmas Eve) the schedule passed over: those
 * between the first and the last session that fall on a weekday the group meets on.
 *
 * @category queries
 */
export const passedOver = (sessions: ReadonlyArray<Coordinator.SessionView>): ReadonlyArray<Holidays.ClosedDay> => {
  const starts = sessions.flatMap((s) => (s.start === null ? [] : [s.start.setZone(Format.zone)]))
  if (starts.length === 0) return []
  const dates = new Set(starts.map((d) => d.toISODate()))
  const weekdays = new Set(starts.map((d) => d.weekday))
  const first = DateTime.min(...starts)!.toISODate()!
  const last = DateTime.max(...starts)!.toISODate()!
  const years = [...new Set(starts.map((d) => d.year))]
  return years
    .flatMap((y) => Holidays.closedDays(y))
    .filter((d) => d.date >= first && d.date <= last && !dates.has(d.date) && weekdays.has(DateTime.fromISO(d.date, { zone: Format.zone }).weekday))
}

const scheduleForm = (lang: Lang.Language, p: Web.Principal, g: Coordinator.GroupDetail, values: Web.Form | null, problems: ReadonlyArray<Form.Problem>, status = 200, done: Html = html``) =>
  Web.page(
    lang,
    p,
    `/groups/${g.groupId}/schedule`,
    t(lang, "schedule.title"),
    html`<h1>${t(lang, "schedule.title")}</h1>${done}<p>${g.name}</p>
${
  g.sessions.some((s) => s.start !== null)
    ? html`${sessionsTable(lang, g.groupId, g.sessions, true)}
<h2>${t(lang, "schedule.skipped")}</h2>
${passedOver(g.sessions).length === 0 ? html`<p>${t(lang, "common.none")}</p>` : html`<ul>${passedOver(g.sessions).map((d) => html`<li><time datetime="${d.date}">${Format.date(d.date, lang)}</time>: ${d.name[lang]}</li>`)}</ul>`}
<p><a href="/${lang}/groups/${g.groupId}/calendar.ics" download>${t(lang, "schedule.ics")}</a></p>
<h2>${t(lang, "step.reschedule")}</h2>`
    : ""
}
<p>${t(lang, "schedule.intro")}</p>
${Form.form({
  lang,
  action: `/${lang}/groups/${g.groupId}/schedule`,
  csrf: p.csrfToken,
  problems,
  submit: t(lang, "schedule.submit"),
  body: html`${Form.input({ name: "start", label: t(lang, "schedule.start"), hint: t(lang, "schedule.startHint"), type: "date", value: values?.get("start") }, problems)}
${Form.input({ name: "time", label: t(lang, "schedule.time"), hint: t(lang, "schedule.timeHint"), type: "time", value: values?.get("time") ?? "17:00", short: true }, problems)}
${Form.choices({ name: "cadence", legend: t(lang, "schedule.cadence"), kind: "radio", options: [["weekly", t(lang, "schedule.weekly")], ["fortnightly", t(lang, "schedule.fortnightly")]], checked: [values?.get("cadence") || "weekly"] }, problems)}
${Form.input({ name: "saturdayTime", label: `${t(lang, "schedule.saturdayTime")} ${t(lang, "common.optional")}`, hint: t(lang, "schedule.saturdayHint"), type: "time", value: values?.get("saturdayTime"), short: true }, problems)}`
})}`,
    status
  )

const fieldOf = (field: string): string => {
  const f = field.replace(/\[(\d+)\]/g, ".$1")
  return ["start", "time", "cadence", "saturdayTime"].find((n) => f === n || f.startsWith(`${n}.`)) ?? "start"
}

const groupRef = Effect.map(HttpRouter.params, (params) => ({ groupId: params.groupId ?? "" }))

/** A step of a group posted by a button: the operation, then back to the group's page. */
const step = (done: Web.Done, op: (c: Coordinator.Coordinator, actor: Web.Actor, groupId: string, f: Web.Form) => Effect.Effect<unknown, Coordinator.CoordinatorError>) =>
  Web.handle(
    Effect.gen(function* () {
      const lang = yield* Web.language
      const p = yield* Web.signedIn(lang)
      const f = yield* Web.postedForm(lang, p)
      const { groupId } = yield* groupRef
      const c = yield* Coordinator.Coordinator
      yield* Web.runOrExplain(lang, p, op(c, p.actor, groupId, f))
      return Web.after(lang, `/groups/${groupId}`, done)
    })
  )

/**
 * The routes of groups.
 *
 * @category routes
 */
export const routes = HttpRouter.empty.pipe(
  HttpRouter.get(
    "/:lang/",
    Web.handle(
      Effect.gen(function* () {
        const lang = yield* Web.language
        const p = yield* Web.signedIn(lang)
        const c = yield* Coordinator.Coordinator
        const role = p.actor.role
        if (role === "analyst") {
          const a = yield* Web.runOrExplain(lang, p, c.aggregates(p.actor, {}))
          return Web.page(lang, p, "/", t(lang, "home.title"), html`<h1>${t(lang, "home.title")}</h1><p>${t(lang, "home.analyst")}</p><h2>${t(lang, "agg.title")}</h2>${aggregates(lang, a)}<p><a href="/${lang}/costs">${t(lang, "nav.costs")}</a></p>`)
        }
        if (role === "data-protection-officer") {
          return Web.page(lang, p, "/", t(lang, "home.title"), html`<h1>${t(lang, "home.title")}</h1><p>${t(lang, "home.dpo")}</p><ul class="plain"><li><a href="/${lang}/privacy">${t(lang, "nav.privacy")}</a></li><li><a href="/${lang}/privacy/refusals">${t(lang, "nav.refusals")}</a></li></ul>`)
        }
        const groups = yield* Web.runOrExplain(lang, p, c.groups(p.actor))
        return Web.page(
          lang,
          p,
          "/",
          t(lang, "home.title"),
          html`<h1>${t(lang, "home.title")}</h1><p>${t(lang, "home.intro")}</p>${table(lang, groups, (g) => `/${lang}/groups/${g.groupId}`)}${
            role === "coordinator" ? html`<p><a class="button" href="/${lang}/plan">${t(lang, "nav.plan")}</a></p>` : ""
          }`
        )
      })
    )
  ),
  HttpRouter.get(
    "/:lang/groups",
    Web.handle(
      Effect.gen(function* () {
        const lang = yield* Web.language
        const p = yield* Web.signedIn(lang)
        const c = yield* Coordinator.Coordinator
        const groups = yield* Web.runOrExplain(lang, p, c.groups(p.actor))
        const title = p.actor.role === "group-leader" ? t(lang, "nav.myGroups") : t(lang, "nav.groups")
        return Web.page(lang, p, "/groups", title, html`<h1>${title}</h1>${table(lang, groups, (g) => `/${lang}/groups/${g.groupId}`)}`)
      })
    )
  ),
  HttpRouter.get(
    "/:lang/groups/:groupId",
    Web.handle(
      Effect.gen(function* () {
        const lang = yield* Web.language
        const p = yield* Web.signedIn(lang)
        const ref = yield* groupRef
        const c = yield* Coordinator.Coordinator
        const g = yield* Web.runOrExplain(lang, p, c.group(p.actor, ref))
        const roster = seesPeople(p) ? yield* Web.runOrExplain(lang, p, c.roster(p.actor, { ...ref, contacts: true })) : null
        return groupPage(lang, p, g, roster, yield* Web.notice)
      })
    )
  ),
  HttpRouter.post("/:lang/groups/:groupId/open", step("opened", (c, a, groupId) => c.openRecruitment(a, { groupId }))),
  HttpRouter.post(
    "/:lang/groups/:groupId/start",
    step("started", (c, a, groupId, f) => c.startGroup(a, f.get("waiverReason") === "" ? { groupId } : { groupId, waiverReason: f.get("waiverReason") }))
  ),
  HttpRouter.post("/:lang/groups/:groupId/closing", step("closing", (c, a, groupId) => c.beginClosing(a, { groupId }))),
  HttpRouter.post("/:lang/groups/:groupId/complete", step("completed", (c, a, groupId) => c.completeGroup(a, { groupId }))),
  HttpRouter.post("/:lang/groups/:groupId/follow-up", step("followedUp", (c, a, groupId, f) => c.followUp(a, { groupId, held: f.get("held") !== "false" }))),
  HttpRouter.get(
    "/:lang/groups/:groupId/schedule",
    Web.handle(
      Effect.gen(function* () {
        const lang = yield* Web.language
        const p = yield* Web.signedIn(lang)
        const c = yield* Coordinator.Coordinator
        const g = yield* Web.runOrExplain(lang, p, c.group(p.actor, yield* groupRef))
        return scheduleForm(lang, p, g, null, [], 200, yield* Web.notice)
      })
    )
  ),
  HttpRouter.post(
    "/:lang/groups/:groupId/schedule",
    Web.handle(
      Effect.gen(function* () {
        const lang = yield* Web.language
        const p = yield* Web.signedIn(lang)
        const f = yield* Web.postedForm(lang, p)
        const ref = yield* groupRef
        const c = yield* Coordinator.Coordinator
        const problems: Array<Form.Problem> = []
        if (!/^\d{4}-\d{2}-\d{2}$/.test(f.get("start"))) problems.push({ field: "start", message: t(lang, "schedule.startMissing") })
        if (!/^\d{1,2}:\d{2}$/.test(f.get("time"))) problems.push({ field: "time", message: t(lang, "schedule.timeMissing") })
        if (f.get("saturdayTime") !== "" && !/^\d{1,2}:\d{2}$/.test(f.get("saturdayTime"))) problems.push({ field: "saturdayTime", message: t(lang, "schedule.timeMissing") })
        const cadence = f.get("cadence") === "fortnightly" ? "fortnightly" : "weekly"
        if (problems.length === 0) {
          const result = yield* Effect.either(
            Web.run(
              lang,
              p,
              c.schedule(p.actor, {
                groupId: ref.groupId,
                start: f.get("start"),
                time: f.get("time"),
                cadence,
                ...(f.get("saturdayTime") === "" ? {} : { saturdayTime: f.get("saturdayTime") })
              })
            )
          )
          if (result._tag === "Right") return Web.after(lang, `/groups/${ref.groupId}/schedule`, "scheduled")
          if (result.left instanceof Web.Respond) return result.left.response
          const e = result.left
          problems.push({ field: e._tag === "InvalidRequest" ? fieldOf(e.field) : e._tag === "Refused" && e.field !== null ? fieldOf(e.field) : "start", message: Web.explain(lang, e) })
        }
        const g = yield* Web.runOrExplain(lang, p, c.group(p.actor, ref))
        return scheduleForm(lang, p, g, f, problems, 422)
      })
    )
  ),
  HttpRouter.get(
    "/:lang/groups/:groupId/calendar.ics",
    Web.handle(
      Effect.gen(function* () {
        const lang = yield* Web.language
        const p = yield* Web.signedIn(lang)
        const c = yield* Coordinator.Coordinator
        const file = yield* Web.runOrExplain(lang, p, c.calendar(p.actor, yield* groupRef))
        return HttpServerResponse.text(file.body, {
          contentType: file.contentType,
          headers: { "content-disposition": `attachment; filename="${file.filename.replace(/[^A-Za-z0-9._-]/g, "_")}"`, "cache-control": "no-store" }
        })
      })
    )
  )
)
