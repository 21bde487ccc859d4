/**
 * One session of a group: attendance of every enrolled participant (present, excused, absent), the
 * visiting experience expert and their fee (the online group's live meeting), and the anonymous feedback
 * collected after the session, entered as one batch (how many gave each rating, and the free texts),
 * so no response can be tied to a person or a time.
 *
 * @since 0.1.0
 */
import * as HttpRouter from "@effect/platform/HttpRouter"
import { Coordinator } from "@vertaistuki/api"
import { type Language as Lang, Money } from "@vertaistuki/core"
import { Effect, Either } from "effect"
import * as Form from "../Form.js"
import * as Format from "../Format.js"
import { html } from "../Html.js"
import * as Labels from "../Labels.js"
import { t } from "../Messages.js"
import * as Web from "../Web.js"

const ids = Effect.map(HttpRouter.params, (params) => ({ groupId: params.groupId ?? "", sessionId: params.sessionId ?? "" }))

const attending = (m: Coordinator.RosterView["members"][number]) => m.status === "enrolled" || m.status === "attending" || m.status === "completed"

const load = (lang: Lang.Language, p: Web.Principal) =>
  Effect.gen(function* () {
    const { groupId, sessionId } = yield* ids
    const c = yield* Coordinator.Coordinator
    const g = yield* Web.runOrExplain(lang, p, c.group(p.actor, { groupId }))
    const s = g.sessions.find((x) => x.sessionId === sessionId)
    if (s === undefined) return yield* new Web.Respond({ response: Web.errorPage(lang, "errors.notFound", "errors.notFoundText", 404, p) })
    const roster = yield* Web.runOrExplain(lang, p, c.roster(p.actor, { groupId, contacts: true }))
    return { c, g, s, roster }
  })

const sessionPage = (
  lang: Lang.Language,
  p: Web.Principal,
  g: Coordinator.GroupDetail,
  s: Coordinator.SessionView,
  roster: Coordinator.RosterView,
  done: ReturnType<typeof html>,
  problems: ReadonlyArray<Form.Problem> = [],
  which: "attendance" | "feedback" | null = null,
  status = 200
) => {
  const members = roster.members.filter(attending)
  const base = `/${lang}/groups/${g.groupId}/sessions/${s.sessionId}`
  return Web.page(
    lang,
    p,
    `/groups/${g.groupId}/sessions/${s.sessionId}`,
    t(lang, "sessions.nth", { n: s.number }),
    html`<h1>${t(lang, "sessions.nth", { n: s.number })}: ${g.name}</h1>${done}
<dl class="facts">
<dt>${t(lang, "sessions.when")}</dt><dd>${s.start === null ? "–" : html`<time datetime="${s.start.toISO()}">${Format.dateTime(s.start, lang)}</time>`}</dd>
<dt>${t(lang, "sessions.modality")}</dt><dd>${Labels.label(Labels.modality, s.modality, lang)}</dd>
<dt>${t(lang, "sessions.length")}</dt><dd>${t(lang, "sessions.minutes", { minutes: s.minutes })}</dd>
${s.theme === null ? "" : html`<dt>${t(lang, "sessions.theme")}</dt><dd>${s.theme}</dd>`}
<dt>${t(lang, "groups.status")}</dt><dd>${Labels.label(Labels.sessionStatus, s.status, lang)}</dd>
${s.status === "held" ? html`<dt>${t(lang, "sessions.attendance")}</dt><dd>${t(lang, "sessions.counts", { present: s.present, excused: s.excused, absent: s.absent })}</dd>` : ""}
${s.feedbackResponses === null ? "" : html`<dt>${t(lang, "feedback.title")}</dt><dd>${t(lang, "feedback.count", { n: s.feedbackResponses })}</dd>`}
</dl>
${
  s.status === "held"
    ? ""
    : html`<h2>${t(lang, "sessions.attendance")}</h2>${
        members.length === 0
          ? html`<p>${t(lang, "roster.none")}</p>`
          : Form.form({
              lang,
              action: `${base}/attendance`,
              csrf: p.csrfToken,
              problems: which === "attendance" ? problems : [],
              label: t(lang, "sessions.attendance"),
              submit: t(lang, "attendance.submit"),
              body: html`${members.map((m, i) =>
                Form.choices({ name: `attendance.${m.participantId}`, legend: m.name ?? t(lang, "roster.nth", { n: i + 1 }), kind: "radio", options: Labels.options(Labels.attendance, lang), checked: ["present"] })
              )}
${Form.input({ name: "minutes", label: `${t(lang, "sessions.length")} ${t(lang, "common.optional")}`, hint: t(lang, "attendance.minutesHint"), type: "number", value: String(s.minutes), short: true }, problems)}
${
  s.modality === "in-person" && g.features.messagingGroup
    ? Form.input({ name: "guestFee", label: `${t(lang, "attendance.guestFee")} ${t(lang, "common.optional")}`, hint: t(lang, "attendance.guestFeeHint"), value: "", short: true }, problems)
    : ""
}`
            })
      }`
}
${
  g.features.anonymousFeedback && s.feedbackResponses === null
    ? html`<h2>${t(lang, "feedback.title")}</h2><p>${t(lang, "feedback.intro")}</p>${Form.form({
        lang,
        action: `${base}/feedback`,
        csrf: p.csrfToken,
        problems: which === "feedback" ? problems : [],
        label: t(lang, "feedback.title"),
        submit: t(lang, "feedback.submit"),
        body: html`${[5, 4, 3, 2, 1].map((r) => Form.input({ name: `rating.${r}`, label: t(lang, "feedback.rating", { rating: r }), type: "number", value: "0", short: true }, problems))}
<div class="field"><label for="f-texts">${t(lang, "feedback.texts")} ${t(lang, "common.optional")}</label><p class="hint" id="f-texts-hint">${t(lang, "feedback.textsHint")}</p><textarea id="f-texts" name="texts" rows="4" aria-describedby="f-texts-hint"></textarea></div>`
      })}`
    : ""
}
<p><a href="/${lang}/groups/${g.groupId}">${t(lang, "common.back")}</a></p>`,
    status
  )
}

/**
 * The routes of sessions.
 *
 * @category routes
 */
export const routes = HttpRouter.empty.pipe(
  HttpRouter.get(
    "/:lang/groups/:groupId/sessions/:sessionId",
    Web.handle(
      Effect.gen(function* () {
        const lang = yield* Web.language
        const p = yield* Web.signedIn(lang)
        const { g, s, roster } = yield* load(lang, p)
        return sessionPage(lang, p, g, s, roster, yield* Web.notice)
      })
    )
  ),
  HttpRouter.post(
    "/:lang/groups/:groupId/sessions/:sessionId/attendance",
    Web.handle(
      Effect.gen(function* () {
        const lang = yield* Web.language
        const p = yield* Web.signedIn(lang)
        const f = yield* Web.postedForm(lang, p)
        const { c, g, s, roster } = yield* load(lang, p)
        const problems: Array<Form.Problem> = []
        const minutes = f.get("minutes")
        if (minutes !== "" && !/^\d{1,4}$/.test(minutes)) problems.push({ field: "minutes", message: t(lang, "plan.wholeNumber") })
        const fee = f.get("guestFee")
        const feeCents = fee === "" ? null : Money.fromEuros(fee.replace(",", ".").replace(/[\s\u00a0€]/g, ""))
        if (feeCents !== null && Either.isLeft(feeCents)) problems.push({ field: "guestFee", message: t(lang, "attendance.feeInvalid") })
        if (problems.length > 0) return sessionPage(lang, p, g, s, roster, html``, problems, "attendance", 422)
        const attendance = roster.members.filter(attending).map((m) => {
          const status = f.get(`attendance.${m.participantId}`)
          const chosen: "present" | "excused" | "absent" = status === "excused" || status === "absent" ? status : "present"
          return { participantId: m.participantId, status: chosen, minutes: null }
        })
        const guests = feeCents !== null && Either.isRight(feeCents) ? [{ guestId: `guest-${s.sessionId}`, role: "experience-expert" as const, feeCents: feeCents.right.cents }] : []
        const r = yield* Effect.either(
          Web.run(lang, p, c.recordAttendance(p.actor, { sessionId: s.sessionId, attendance, ...(minutes === "" ? {} : { minutes: Number(minutes) }), ...(guests.length === 0 ? {} : { guests }) }))
        )
        if (Either.isRight(r)) return Web.after(lang, `/groups/${g.groupId}/sessions/${s.sessionId}`, "attendance")
        if (r.left instanceof Web.Respond) return r.left.response
        return sessionPage(lang, p, g, s, roster, html``, [{ field: "minutes", message: Web.explain(lang, r.left) }], "attendance", 422)
      })
    )
  ),
  HttpRouter.post(
    "/:lang/groups/:groupId/sessions/:sessionId/feedback",
    Web.handle(
      Effect.gen(function* () {
        const lang = yield* Web.language
        const p = yield* Web.signedIn(lang)
        const f = yield* Web.postedForm(lang, p)
        const { c, g, s, roster } = yield* load(lang, p)
        const problems: Array<Form.Problem> = []
        const responses: Array<{ rating?: number; text?: string }> = []
        for (const rating of [5, 4, 3, 2, 1]) {
          const v = f.get(`rating.${rating}`)
          if (v !== "" && !/^\d{1,3}$/.test(v)) problems.push({ field: `rating.${rating}`, message: t(lang, "plan.wholeNumber") })
          else for (let i = 0; i < Number(v || "0"); i++) responses.push({ rating })
        }
        for (const text of f.get("texts").split(/\r?\n/).map((x) => x.trim()).filter((x) => x !== "")) responses.push({ text })
        if (problems.length === 0 && responses.length === 0) problems.push({ field: "rating.5", message: t(lang, "feedback.none") })
        if (problems.length > 0) return sessionPage(lang, p, g, s, roster, html``, problems, "feedback", 422)
        const r = yield* Effect.either(Web.run(lang, p, c.submitFeedback(p.actor, { sessionId: s.sessionId, responses: responses as Coordinator.FeedbackRequest["responses"] })))
        if (Either.isRight(r)) return Web.after(lang, `/groups/${g.groupId}/sessions/${s.sessionId}`, "feedback")
        if (r.left instanceof Web.Respond) return r.left.response
        return sessionPage(lang, p, g, s, roster, html``, [{ field: "rating.5", message: Web.explain(lang, r.left) }], "feedback", 422)
      })
    )
  )
)
