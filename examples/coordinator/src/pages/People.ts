/**
 * A person's way into a group: the referral (an institution hands over contact details with the person's
 * consent), the participant's page with the eligibility decision explained in the family's language, the
 * intake interview (technology rehearsal for a remote group; consents of the person, of a minor and of the
 * guardian), enrolment or the waiting list, the messaging group, the 3X10D questionnaire at the start and
 * at the end, and withdrawal. Participants are named by opaque ids only.
 *
 * @since 0.1.0
 */
import * as HttpRouter from "@effect/platform/HttpRouter"
import { Coordinator } from "@vertaistuki/api"
import type { Language as Lang } from "@vertaistuki/core"
import { Effect, Either } from "effect"
import { DateTime } from "luxon"
import * as Form from "../Form.js"
import * as Format from "../Format.js"
import { type Html, html } from "../Html.js"
import * as Labels from "../Labels.js"
import { type Key, t } from "../Messages.js"
import * as Web from "../Web.js"

const param = (name: string) => Effect.map(HttpRouter.params, (params) => params[name] ?? "")

/** A form error at a field (the request's path with dots), for the error summary. */
const problemOf = (lang: Lang.Language, e: Web.FormError, fields: ReadonlyArray<string>): Form.Problem => {
  const raw = e._tag === "InvalidRequest" ? e.field : e._tag === "Refused" ? (e.field ?? "") : (e.problems[0]?.path ?? "")
  const path = raw.replace(/\[(\d+)\]/g, ".$1")
  return { field: fields.find((f) => path === f || path.startsWith(`${f}.`)) ?? fields[0]!, message: Web.explain(lang, e) }
}

// ----------------------------------------------------------------------------------------------
// Referral
// ----------------------------------------------------------------------------------------------

const referFields = ["contact.name", "source", "modality", "contact.phone", "contact.email", "contact.language", "disclosureConsent"]

const referForm = (lang: Lang.Language, p: Web.Principal, g: Coordinator.GroupDetail, f: Web.Form | null, problems: ReadonlyArray<Form.Problem>, status = 200) =>
  Web.page(
    lang,
    p,
    `/groups/${g.groupId}/refer`,
    t(lang, "refer.title"),
    html`<h1>${t(lang, "refer.title")}</h1><p>${g.name}</p><p>${t(lang, "refer.intro")}</p>
${Form.form({
  lang,
  action: `/${lang}/groups/${g.groupId}/refer`,
  csrf: p.csrfToken,
  problems,
  submit: t(lang, "refer.submit"),
  body: html`${Form.input({ name: "contact.name", label: t(lang, "refer.name"), value: f?.get("contact.name"), autocomplete: "off" }, problems)}
${Form.select({ name: "source", label: t(lang, "refer.source"), value: f?.get("source") ?? (g.features.remoteIntake ? "institution" : "social-worker"), options: Labels.options(Labels.referralSource, lang) }, problems)}
${Form.select({ name: "modality", label: t(lang, "refer.modality"), value: f?.get("modality") ?? (g.features.remoteIntake ? "remote" : "in-person"), options: Labels.options(Labels.modality, lang) }, problems)}
${Form.input({ name: "contact.phone", label: `${t(lang, "refer.phone")} ${t(lang, "common.optional")}`, hint: t(lang, "refer.phoneHint"), type: "tel", value: f?.get("contact.phone"), autocomplete: "off" }, problems)}
${Form.input({ name: "contact.email", label: `${t(lang, "refer.email")} ${t(lang, "common.optional")}`, type: "email", value: f?.get("contact.email"), autocomplete: "off" }, problems)}
${Form.select({ name: "contact.language", label: t(lang, "refer.language"), hint: t(lang, "refer.languageHint"), value: f?.get("contact.language") ?? g.language, options: Labels.options(Labels.languageName, lang) }, problems)}
${Form.choices({ name: "disclosureConsent", legend: t(lang, "refer.disclosure"), hint: t(lang, "refer.disclosureHint"), kind: "checkbox", options: [["yes", t(lang, "refer.disclosureYes")]], checked: f?.all("disclosureConsent") ?? [] }, problems)}`
})}`,
    status
  )

// ----------------------------------------------------------------------------------------------
// The participant's page
// ----------------------------------------------------------------------------------------------

/** The facts of eligibility the form asks, with their choices (absent: unknown). */
const factFields = [
  ["role", Labels.participantRole],
  ["childSituation", Labels.childSituation],
  ["placementSetting", Labels.placementSetting],
  ["specialSupportNeed", Labels.specialSupportNeed],
  ["schoolStage", Labels.schoolStage],
  ["referredBy", Labels.referralSource]
] as const

const yesNo = ["familySubstanceProblem", "familyMentalHealthProblem", "commitsToWholeProcess", "lifeSituationAllows"] as const

const factKey = (name: string): Key => `fact.${name}` as Key

const eligibilityForm = (lang: Lang.Language, p: Web.Principal, v: Coordinator.ParticipantView, problems: ReadonlyArray<Form.Problem>) =>
  Form.form({
    lang,
    action: `/${lang}/participants/${v.participantId}/eligibility`,
    csrf: p.csrfToken,
    problems,
    label: t(lang, "elig.title"),
    submit: t(lang, "elig.submit"),
    body: html`<p>${t(lang, "elig.intro")}</p>
${factFields.map(([name, table]) => Form.select({ name, label: t(lang, factKey(name)), options: [["", t(lang, "elig.unknown")], ...Labels.options(table as Readonly<Record<string, readonly [string, string, string]>>, lang)] }, problems))}
${Form.input({ name: "dateOfBirth", label: t(lang, "fact.dateOfBirth"), type: "date" }, problems)}
${Form.input({ name: "childDateOfBirth", label: t(lang, "fact.childDateOfBirth"), type: "date" }, problems)}
${Form.input({ name: "homeMunicipality", label: t(lang, "fact.homeMunicipality") }, problems)}
${Form.input({ name: "welfareRegion", label: t(lang, "fact.welfareRegion") }, problems)}
${Form.choices({ name: "languages", legend: t(lang, "fact.languages"), kind: "checkbox", options: Labels.options(Labels.languageName, lang) }, problems)}
${yesNo.map((name) => Form.choices({ name, legend: t(lang, factKey(name)), kind: "radio", options: [["", t(lang, "elig.unknown")], ["true", t(lang, "common.yes")], ["false", t(lang, "common.no")]], checked: [""] }, problems))}`
  })

const givers = ["person", "guardian", "minor-own-view"] as const

const intakeForm = (lang: Lang.Language, p: Web.Principal, v: Coordinator.ParticipantView, g: Coordinator.GroupDetail, problems: ReadonlyArray<Form.Problem>) => {
  const purposes: ReadonlyArray<keyof typeof Labels.consentPurpose> = [
    "taking-part",
    ...(g.features.messagingGroup ? (["messaging-group"] as const) : []),
    ...(g.features.outcomes ? (["evaluation-questionnaire"] as const) : []),
    "sms-reminders",
    "email-reminders"
  ]
  return Form.form({
    lang,
    action: `/${lang}/participants/${v.participantId}/intake`,
    csrf: p.csrfToken,
    problems,
    label: t(lang, "intake.title"),
    submit: t(lang, "intake.submit"),
    body: html`${Form.input({ name: "date", label: t(lang, "intake.date"), type: "date" }, problems)}
${Form.input({ name: "time", label: t(lang, "intake.time"), type: "time", value: "10:00", short: true }, problems)}
${Form.select({ name: "modality", label: t(lang, "refer.modality"), value: v.modality ?? "in-person", options: Labels.options(Labels.modality, lang) }, problems)}
${Form.choices({ name: "technologyRehearsed", legend: t(lang, "intake.technology"), hint: t(lang, "intake.technologyHint"), kind: "checkbox", options: [["yes", t(lang, "intake.technologyYes")]] }, problems)}
${Form.input({ name: "subject.dateOfBirth", label: `${t(lang, "fact.dateOfBirth")} ${t(lang, "common.optional")}`, hint: t(lang, "intake.minorHint"), type: "date" }, problems)}
${Form.choices({ name: "subject.understandsOwnData", legend: t(lang, "intake.understands"), kind: "radio", options: [["", t(lang, "elig.unknown")], ["true", t(lang, "common.yes")], ["false", t(lang, "common.no")]], checked: [""] }, problems)}
${Form.select({ name: "channel", label: t(lang, "intake.channel"), value: "in-person", options: Labels.options(Labels.channel, lang) }, problems)}
${givers.map((giver) => Form.choices({ name: `consents.${giver}`, legend: t(lang, "intake.consentsOf", { who: Labels.label(Labels.givenBy, giver, lang) }), kind: "checkbox", options: purposes.map((x) => [x, Labels.label(Labels.consentPurpose, x, lang)] as const) }, problems))}`
  })
}

const outcomeForm = (lang: Lang.Language, p: Web.Principal, v: Coordinator.ParticipantView, phase: "start" | "end", problems: ReadonlyArray<Form.Problem>) =>
  Form.form({
    lang,
    action: `/${lang}/participants/${v.participantId}/outcome`,
    csrf: p.csrfToken,
    problems,
    label: t(lang, phase === "start" ? "outcome.start" : "outcome.end"),
    submit: t(lang, "outcome.submit"),
    body: html`<input type="hidden" name="phase" value="${phase}"><p>${t(lang, "outcome.intro")}</p>
${Array.from({ length: 10 }, (_, i) =>
  Form.select({ name: `answers.${i}`, label: `${i + 1}. ${Labels.outcomeItem(i, lang)}`, value: "5", options: Array.from({ length: 11 }, (_, n) => [String(n), String(n)] as const) }, problems)
)}`
  })

const participantPage = (
  lang: Lang.Language,
  p: Web.Principal,
  v: Coordinator.ParticipantView,
  g: Coordinator.GroupDetail,
  outcome: Coordinator.OutcomeView | null,
  extra: { readonly done: Html; readonly eligibility?: Coordinator.EligibilityView; readonly problems?: ReadonlyArray<Form.Problem>; readonly form?: string },
  status = 200
) => {
  const problems = extra.problems ?? []
  const at = (form: string) => (extra.form === form ? problems : [])
  const before = ["referred", "contact-received", "intake-scheduled", "intake-held", "consents-recorded"].includes(v.status)
  const contact =
    v.contact._tag === "Contact"
      ? html`<dt>${t(lang, "refer.name")}</dt><dd>${v.contact.name}</dd><dt>${t(lang, "refer.phone")}</dt><dd>${v.contact.phone ?? "–"}</dd><dt>${t(lang, "refer.email")}</dt><dd>${v.contact.email ?? "–"}</dd><dt>${t(lang, "refer.language")}</dt><dd>${Labels.label(Labels.languageName, v.contact.language, lang)}</dd>`
      : html`<dt>${t(lang, "refer.name")}</dt><dd>${v.contact._tag === "Erased" ? t(lang, "roster.erased") : "–"}</dd>`
  const e = extra.eligibility
  return Web.page(
    lang,
    p,
    `/participants/${v.participantId}`,
    t(lang, "person.title"),
    html`<h1>${t(lang, "person.title")}</h1>${extra.done}
<p><a href="/${lang}/groups/${g.groupId}">${g.name}</a></p>
<dl class="facts">${contact}
<dt>${t(lang, "groups.status")}</dt><dd>${Labels.label(Labels.participantStatus, v.status, lang)}</dd>
<dt>${t(lang, "refer.source")}</dt><dd>${v.source === null ? "–" : Labels.label(Labels.referralSource, v.source, lang)}</dd>
<dt>${t(lang, "refer.modality")}</dt><dd>${v.modality === null ? "–" : Labels.label(Labels.modality, v.modality, lang)}</dd>
<dt>${t(lang, "intake.title")}</dt><dd>${v.intakeAt === null ? "–" : Format.dateTime(v.intakeAt, lang)}</dd>
<dt>${t(lang, "roster.consents")}</dt><dd>${v.consents.length === 0 ? t(lang, "common.none") : v.consents.map((c) => Labels.label(Labels.consentPurpose, c, lang)).join(", ")}</dd>
${g.features.messagingGroup ? html`<dt>${t(lang, "person.messaging")}</dt><dd>${v.inMessagingGroup ? t(lang, "common.yes") : t(lang, "common.no")}</dd>` : ""}
</dl>
${
  e === undefined
    ? ""
    : html`<section aria-labelledby="elig-result" class="${e.outcome === "eligible" ? "notice" : "advice"}"><h2 id="elig-result">${t(lang, "elig.result")}: ${Labels.label(Labels.eligibilityOutcome, e.outcome, lang)}</h2>
<div lang="${e.language}"><p>${e.summary}</p><ul>${e.rules.map((r) => html`<li>${r.text}</li>`)}</ul>${e.questions.length === 0 ? "" : html`<ul>${e.questions.map((q) => html`<li>${q}</li>`)}</ul>`}${e.note === null ? "" : html`<p>${e.note}</p>`}</div>
<p class="hint">${t(lang, "elig.inLanguage", { language: Labels.label(Labels.languageName, e.language, lang) })}</p></section>`
}
${before ? html`<h2>${t(lang, "elig.title")}</h2>${eligibilityForm(lang, p, v, at("eligibility"))}` : ""}
${before && v.intakeAt === null ? html`<h2>${t(lang, "intake.title")}</h2>${intakeForm(lang, p, v, g, at("intake"))}` : ""}
${
  v.status === "consents-recorded" || v.status === "intake-held"
    ? html`<h2>${t(lang, "enrol.title")}</h2><p>${t(lang, "groups.enrolledOf", { enrolled: g.enrolled, capacity: g.capacity })}</p>${Web.button(lang, p, `/participants/${v.participantId}/enrol`, t(lang, "enrol.submit"))}`
    : ""
}
${
  g.features.messagingGroup && !v.inMessagingGroup && (v.status === "enrolled" || v.status === "attending")
    ? html`<h2>${t(lang, "person.messaging")}</h2>${Web.button(lang, p, `/participants/${v.participantId}/messaging`, t(lang, "person.join"))}`
    : ""
}
${
  g.features.outcomes && (v.status === "enrolled" || v.status === "attending" || v.status === "completed")
    ? html`<h2>${t(lang, "outcome.title")}</h2>
${outcome !== null && outcome.change.length > 0 ? html`<table class="stack"><caption>${t(lang, "outcome.change")}</caption><thead><tr><th scope="col">${t(lang, "outcome.item")}</th><th scope="col">${t(lang, "outcome.startShort")}</th><th scope="col">${t(lang, "outcome.endShort")}</th><th scope="col">${t(lang, "outcome.changeShort")}</th></tr></thead><tbody>${outcome.change.map((c) => html`<tr><td data-label="${t(lang, "outcome.item")}">${Labels.outcomeItem(c.item - 1, lang)}</td><td data-label="${t(lang, "outcome.startShort")}">${c.start}</td><td data-label="${t(lang, "outcome.endShort")}">${c.end}</td><td data-label="${t(lang, "outcome.changeShort")}">${c.change > 0 ? `+${c.change}` : c.change}</td></tr>`)}</tbody></table>` : ""}
${outcome === null || outcome.start === null ? html`<h3>${t(lang, "outcome.start")}</h3>${outcomeForm(lang, p, v, "start", at("outcome"))}` : outcome.end === null ? html`<h3>${t(lang, "outcome.end")}</h3>${outcomeForm(lang, p, v, "end", at("outcome"))}` : ""}`
    : ""
}
${
  ["completed", "withdrawn", "dropped-out", "declined", "ineligible"].includes(v.status)
    ? ""
    : html`<h2>${t(lang, "withdraw.title")}</h2><p>${t(lang, "withdraw.intro")}</p>${Web.button(lang, p, `/participants/${v.participantId}/withdraw`, t(lang, "withdraw.submit"))}`
}`,
    status
  )
}

const load = (lang: Lang.Language, p: Web.Principal, participantId: string) =>
  Effect.gen(function* () {
    const c = yield* Coordinator.Coordinator
    const v = yield* Web.runOrExplain(lang, p, c.participant(p.actor, { participantId }))
    const g = yield* Web.runOrExplain(lang, p, c.group(p.actor, { groupId: v.groupId }))
    const outcome = g.features.outcomes ? yield* Web.runOrExplain(lang, p, c.outcome(p.actor, { participantId })) : null
    return { c, v, g, outcome }
  })

const bool = (s: string): boolean | undefined => (s === "true" ? true : s === "false" ? false : undefined)

/** The facts of the eligibility form (a fact left unknown is absent). @category requests */
export const factsOf = (f: Web.Form): Record<string, unknown> => {
  const facts: Record<string, unknown> = {}
  for (const [name] of factFields) if (f.get(name) !== "") facts[name] = f.get(name)
  for (const name of ["dateOfBirth", "childDateOfBirth", "homeMunicipality", "welfareRegion"]) if (f.get(name) !== "") facts[name] = f.get(name)
  if (f.all("languages").length > 0) facts.languages = f.all("languages")
  for (const name of yesNo) {
    const b = bool(f.get(name))
    if (b !== undefined) facts[name] = b
  }
  return facts
}

/** A step of a participant posted by a button, then back to the participant's page. */
const step = (done: (r: unknown) => Web.Done, op: (c: Coordinator.Coordinator, actor: Web.Actor, participantId: string) => Effect.Effect<unknown, Coordinator.CoordinatorError>) =>
  Web.handle(
    Effect.gen(function* () {
      const lang = yield* Web.language
      const p = yield* Web.signedIn(lang)
      yield* Web.postedForm(lang, p)
      const participantId = yield* param("participantId")
      const c = yield* Coordinator.Coordinator
      const r = yield* Web.runOrExplain(lang, p, op(c, p.actor, participantId))
      return Web.after(lang, `/participants/${participantId}`, done(r))
    })
  )

/**
 * The routes of referral and participants.
 *
 * @category routes
 */
export const routes = HttpRouter.empty.pipe(
  HttpRouter.get(
    "/:lang/groups/:groupId/refer",
    Web.handle(
      Effect.gen(function* () {
        const lang = yield* Web.language
        const p = yield* Web.signedIn(lang)
        const c = yield* Coordinator.Coordinator
        const g = yield* Web.runOrExplain(lang, p, c.group(p.actor, { groupId: yield* param("groupId") }))
        return referForm(lang, p, g, null, [])
      })
    )
  ),
  HttpRouter.post(
    "/:lang/groups/:groupId/refer",
    Web.handle(
      Effect.gen(function* () {
        const lang = yield* Web.language
        const p = yield* Web.signedIn(lang)
        const f = yield* Web.postedForm(lang, p)
        const groupId = yield* param("groupId")
        const c = yield* Coordinator.Coordinator
        const g = yield* Web.runOrExplain(lang, p, c.group(p.actor, { groupId }))
        const problems: Array<Form.Problem> = []
        if (f.get("contact.name") === "") problems.push({ field: "contact.name", message: t(lang, "refer.nameMissing") })
        const source = f.get("source") as Coordinator.ReferRequest["source"]
        const consented = f.all("disclosureConsent").includes("yes")
        if (source === "institution" && !consented) problems.push({ field: "disclosureConsent", message: t(lang, "refer.disclosureMissing") })
        if (problems.length > 0) return referForm(lang, p, g, f, problems, 422)
        const request = {
          groupId,
          source,
          modality: f.get("modality") as Coordinator.ReferRequest["modality"],
          contact: {
            name: f.get("contact.name"),
            language: f.get("contact.language") as Lang.Language,
            ...(f.get("contact.phone") === "" ? {} : { phone: f.get("contact.phone") }),
            ...(f.get("contact.email") === "" ? {} : { email: f.get("contact.email") })
          },
          ...(consented
            ? { disclosureConsent: { purpose: "contact-disclosure" as const, action: "grant" as const, givenBy: "person" as const, channel: "in-person" as const, textVersion: "contact-disclosure-v1" } }
            : {})
        }
        const r = yield* Effect.either(Web.run(lang, p, c.refer(p.actor, request)))
        if (Either.isRight(r)) return Web.after(lang, `/participants/${r.right.participantId}`, "referred")
        if (r.left instanceof Web.Respond) return r.left.response
        return referForm(lang, p, g, f, [problemOf(lang, r.left, referFields)], 422)
      })
    )
  ),
  HttpRouter.get(
    "/:lang/participants/:participantId",
    Web.handle(
      Effect.gen(function* () {
        const lang = yield* Web.language
        const p = yield* Web.signedIn(lang)
        const { v, g, outcome } = yield* load(lang, p, yield* param("participantId"))
        return participantPage(lang, p, v, g, outcome, { done: yield* Web.notice })
      })
    )
  ),
  HttpRouter.post(
    "/:lang/participants/:participantId/eligibility",
    Web.handle(
      Effect.gen(function* () {
        const lang = yield* Web.language
        const p = yield* Web.signedIn(lang)
        const f = yield* Web.postedForm(lang, p)
        const participantId = yield* param("participantId")
        const { c, v, g, outcome } = yield* load(lang, p, participantId)
        const r = yield* Effect.either(Web.run(lang, p, c.eligibility(p.actor, { participantId, facts: factsOf(f) as Coordinator.EligibilityRequest["facts"] })))
        if (Either.isRight(r)) return participantPage(lang, p, v, g, outcome, { done: html``, eligibility: r.right })
        if (r.left instanceof Web.Respond) return r.left.response
        const fields = ["role", ...factFields.map(([n]) => n), "dateOfBirth", "childDateOfBirth", "homeMunicipality", "welfareRegion", "languages", ...yesNo]
        const problem = problemOf(lang, r.left, fields.map((x) => `facts.${x}`))
        return participantPage(lang, p, v, g, outcome, { done: html``, problems: [{ ...problem, field: problem.field.replace(/^facts\./, "") }], form: "eligibility" }, 422)
      })
    )
  ),
  HttpRouter.post(
    "/:lang/participants/:participantId/intake",
    Web.handle(
      Effect.gen(function* () {
        const lang = yield* Web.language
        const p = yield* Web.signedIn(lang)
        const f = yield* Web.postedForm(lang, p)
        const participantId = yield* param("participantId")
        const { c, v, g, outcome } = yield* load(lang, p, participantId)
        const problems: Array<Form.Problem> = []
        const at = DateTime.fromISO(`${f.get("date")}T${f.get("time").padStart(5, "0")}`, { zone: Format.zone })
        if (!/^\d{4}-\d{2}-\d{2}$/.test(f.get("date")) || !at.isValid) problems.push({ field: "date", message: t(lang, "intake.dateMissing") })
        const remote = f.get("modality") === "remote"
        const rehearsed = f.all("technologyRehearsed").includes("yes")
        if (remote && !rehearsed) problems.push({ field: "technologyRehearsed", message: t(lang, "intake.technologyMissing") })
        const consents = givers.flatMap((giver) =>
          f.all(`consents.${giver}`).map((purpose) => ({
            purpose: purpose as Coordinator.ConsentInput["purpose"],
            action: "grant" as const,
            givenBy: giver,
            channel: f.get("channel") as Coordinator.ConsentInput["channel"],
            textVersion: `${purpose}-v1`
          }))
        )
        if (consents.length === 0) problems.push({ field: "consents.person", message: t(lang, "intake.consentMissing") })
        if (problems.length > 0) return participantPage(lang, p, v, g, outcome, { done: html``, problems, form: "intake" }, 422)
        const understands = bool(f.get("subject.understandsOwnData"))
        const subject = {
          ...(f.get("subject.dateOfBirth") === "" ? {} : { dateOfBirth: f.get("subject.dateOfBirth") }),
          ...(understands === undefined ? {} : { understandsOwnData: understands })
        }
        const r = yield* Effect.either(
          Web.run(
            lang,
            p,
            c.intake(p.actor, {
              participantId,
              intakeAt: at,
              modality: remote ? "remote" : "in-person",
              technologyRehearsed: rehearsed,
              ...(Object.keys(subject).length === 0 ? {} : { subject }),
              consents
            })
          )
        )
        if (Either.isRight(r)) return Web.after(lang, `/participants/${participantId}`, "intake")
        if (r.left instanceof Web.Respond) return r.left.response
        const problem = problemOf(lang, r.left, ["date", "modality", "technologyRehearsed", "subject.dateOfBirth", "subject.understandsOwnData", "consents"])
        return participantPage(lang, p, v, g, outcome, { done: html``, problems: [{ ...problem, field: problem.field === "consents" ? "consents.person" : problem.field }], form: "intake" }, 422)
      })
    )
  ),
  HttpRouter.post(
    "/:lang/participants/:participantId/enrol",
    step(
      (r) => ((r as Coordinator.EnrolResult).outcome === "waitlisted" ? "waitlisted" : "enrolled"),
      (c, a, participantId) => c.enrol(a, { participantId })
    )
  ),
  HttpRouter.post("/:lang/participants/:participantId/messaging", step(() => "joined", (c, a, participantId) => c.joinMessagingGroup(a, { participantId }))),
  HttpRouter.post("/:lang/participants/:participantId/withdraw", step(() => "withdrawn", (c, a, participantId) => c.withdraw(a, { participantId }))),
  HttpRouter.post(
    "/:lang/participants/:participantId/outcome",
    Web.handle(
      Effect.gen(function* () {
        const lang = yield* Web.language
        const p = yield* Web.signedIn(lang)
        const f = yield* Web.postedForm(lang, p)
        const participantId = yield* param("participantId")
        const c = yield* Coordinator.Coordinator
        const answers = Array.from({ length: 10 }, (_, i) => Number(f.get(`answers.${i}`)))
        const r = yield* Effect.either(
          Web.run(lang, p, c.recordOutcome(p.actor, { participantId, phase: f.get("phase") === "end" ? "end" : "start", answers: answers as unknown as Coordinator.OutcomeRequest["answers"] }))
        )
        if (Either.isRight(r)) return Web.after(lang, `/participants/${participantId}`, "outcome")
        if (r.left instanceof Web.Respond) return r.left.response
        const { v, g, outcome } = yield* load(lang, p, participantId)
        return participantPage(lang, p, v, g, outcome, { done: html``, problems: [problemOf(lang, r.left, ["answers.0"])], form: "outcome" }, 422)
      })
    )
  )
)
