/**
 * The data-protection officer's pages: finding a person's participations by a name sent in a form body
 * (never in a URL), a person's access log (Client Data Act 703/2023: who processed the data, on what
 * basis), the export of everything held (GDPR Art. 15) as a JSON download, the erasure (crypto-shredding
 * of the person's keys, confirmed before it is sent), and the log of refused actions.
 *
 * @since 0.1.0
 */
import * as HttpRouter from "@effect/platform/HttpRouter"
import * as HttpServerResponse from "@effect/platform/HttpServerResponse"
import { Coordinator } from "@vertaistuki/api"
import type { Language as Lang } from "@vertaistuki/core"
import { Effect, Either } from "effect"
import * as Form from "../Form.js"
import * as Format from "../Format.js"
import { html } from "../Html.js"
import * as Labels from "../Labels.js"
import { t } from "../Messages.js"
import * as Web from "../Web.js"

const searchPage = (
  lang: Lang.Language,
  p: Web.Principal,
  problems: ReadonlyArray<Form.Problem>,
  matches: ReadonlyArray<Coordinator.PersonMatch> | null,
  done: ReturnType<typeof html> = html``,
  status = 200
) =>
  Web.page(
    lang,
    p,
    "/privacy",
    t(lang, "nav.privacy"),
    html`<h1>${t(lang, "nav.privacy")}</h1>${done}<p>${t(lang, "privacy.intro")}</p>
${Form.form({
  lang,
  action: `/${lang}/privacy/search`,
  csrf: p.csrfToken,
  problems,
  label: t(lang, "privacy.search"),
  submit: t(lang, "privacy.search"),
  body: Form.input({ name: "name", label: t(lang, "privacy.name"), hint: t(lang, "privacy.nameHint"), autocomplete: "off" }, problems)
})}
${
  matches === null
    ? ""
    : matches.length === 0
      ? html`<p role="status">${t(lang, "privacy.noMatches")}</p>`
      : html`<table class="stack"><caption>${t(lang, "privacy.matches", { n: matches.length })}</caption><thead><tr><th scope="col">${t(lang, "roster.participant")}</th><th scope="col">${t(lang, "groups.status")}</th></tr></thead><tbody>${matches.map(
          (m, i) => html`<tr><td data-label="${t(lang, "roster.participant")}"><a href="/${lang}/privacy/people/${m.participantId}">${t(lang, "privacy.match", { n: i + 1 })}</a></td><td data-label="${t(lang, "groups.status")}">${Labels.label(Labels.participantStatus, m.status, lang)}</td></tr>`
        )}</tbody></table>`
}`,
    status
  )

/**
 * The routes of data protection.
 *
 * @category routes
 */
export const routes = HttpRouter.empty.pipe(
  HttpRouter.get(
    "/:lang/privacy",
    Web.handle(
      Effect.gen(function* () {
        const lang = yield* Web.language
        const p = yield* Web.signedIn(lang)
        return searchPage(lang, p, [], null, yield* Web.notice)
      })
    )
  ),
  HttpRouter.post(
    "/:lang/privacy/search",
    Web.handle(
      Effect.gen(function* () {
        const lang = yield* Web.language
        const p = yield* Web.signedIn(lang)
        const f = yield* Web.postedForm(lang, p)
        if (f.get("name") === "") return searchPage(lang, p, [{ field: "name", message: t(lang, "privacy.nameMissing") }], null, html``, 422)
        const c = yield* Coordinator.Coordinator
        const r = yield* Effect.either(Web.run(lang, p, c.findPeople(p.actor, { name: f.get("name") })))
        if (Either.isRight(r)) return searchPage(lang, p, [], r.right)
        if (r.left instanceof Web.Respond) return r.left.response
        return searchPage(lang, p, [{ field: "name", message: Web.explain(lang, r.left) }], null, html``, 422)
      })
    )
  ),
  HttpRouter.get(
    "/:lang/privacy/people/:participantId",
    Web.handle(
      Effect.gen(function* () {
        const lang = yield* Web.language
        const p = yield* Web.signedIn(lang)
        const { participantId } = yield* HttpRouter.params
        const c = yield* Coordinator.Coordinator
        const log = yield* Web.runOrExplain(lang, p, c.accessLog(p.actor, { participantId: participantId ?? "" }))
        const base = `/privacy/people/${participantId}`
        return Web.page(
          lang,
          p,
          base,
          t(lang, "privacy.person"),
          html`<h1>${t(lang, "privacy.person")}</h1>${yield* Web.notice}
<h2>${t(lang, "privacy.export")}</h2><p>${t(lang, "privacy.exportIntro")}</p><p><a class="button secondary" href="/${lang}${base}/export.json" download>${t(lang, "privacy.download")}</a></p>
<h2>${t(lang, "privacy.accessLog")}</h2>
${
  log.entries.length === 0
    ? html`<p>${t(lang, "common.none")}</p>`
    : html`<table class="stack"><caption>${t(lang, "privacy.accessLog")}</caption><thead><tr><th scope="col">${t(lang, "privacy.at")}</th><th scope="col">${t(lang, "privacy.actor")}</th><th scope="col">${t(lang, "privacy.action")}</th><th scope="col">${t(lang, "privacy.purpose")}</th><th scope="col">${t(lang, "privacy.basis")}</th></tr></thead><tbody>${log.entries.map(
        (e) => html`<tr><td data-label="${t(lang, "privacy.at")}">${Format.date(e.at, lang)} ${Format.time(e.at, lang)}</td><td data-label="${t(lang, "privacy.actor")}">${e.actor}</td><td data-label="${t(lang, "privacy.action")}">${e.action}${e.recipient === null ? "" : ` → ${e.recipient}`}</td><td data-label="${t(lang, "privacy.purpose")}">${e.purpose}</td><td data-label="${t(lang, "privacy.basis")}">${e.legalBasis}</td></tr>`
      )}</tbody></table>`
}
<h2>${t(lang, "privacy.erase")}</h2><p>${t(lang, "privacy.eraseIntro")}</p>
${Form.form({ lang, action: `/${lang}${base}/erase`, csrf: p.csrfToken, submit: t(lang, "privacy.eraseSubmit"), confirm: t(lang, "privacy.eraseConfirm"), label: t(lang, "privacy.erase"), body: html`` })}`
        )
      })
    )
  ),
  HttpRouter.get(
    "/:lang/privacy/people/:participantId/export.json",
    Web.handle(
      Effect.gen(function* () {
        const lang = yield* Web.language
        const p = yield* Web.signedIn(lang)
        const { participantId } = yield* HttpRouter.params
        const c = yield* Coordinator.Coordinator
        const x = yield* Web.runOrExplain(lang, p, c.exportPerson(p.actor, { participantId: participantId ?? "" }))
        return HttpServerResponse.text(JSON.stringify(x, null, 2), {
          contentType: "application/json; charset=utf-8",
          headers: { "content-disposition": 'attachment; filename="export.json"', "cache-control": "no-store" }
        })
      })
    )
  ),
  HttpRouter.post(
    "/:lang/privacy/people/:participantId/erase",
    Web.handle(
      Effect.gen(function* () {
        const lang = yield* Web.language
        const p = yield* Web.signedIn(lang)
        yield* Web.postedForm(lang, p)
        const { participantId } = yield* HttpRouter.params
        const c = yield* Coordinator.Coordinator
        yield* Web.runOrExplain(lang, p, c.erasePerson(p.actor, { participantId: participantId ?? "" }))
        return Web.after(lang, `/privacy/people/${participantId}`, "erased")
      })
    )
  ),
  HttpRouter.get(
    "/:lang/privacy/refusals",
    Web.handle(
      Effect.gen(function* () {
        const lang = yield* Web.language
        const p = yield* Web.signedIn(lang)
        const c = yield* Coordinator.Coordinator
        const entries = yield* Web.runOrExplain(lang, p, c.refusals(p.actor))
        return Web.page(
          lang,
          p,
          "/privacy/refusals",
          t(lang, "nav.refusals"),
          html`<h1>${t(lang, "nav.refusals")}</h1><p>${t(lang, "refusals.intro")}</p>${
            entries.length === 0
              ? html`<p>${t(lang, "common.none")}</p>`
              : html`<table class="stack"><caption>${t(lang, "nav.refusals")}</caption><thead><tr><th scope="col">${t(lang, "privacy.at")}</th><th scope="col">${t(lang, "privacy.actor")}</th><th scope="col">${t(lang, "privacy.action")}</th><th scope="col">${t(lang, "refusals.rule")}</th></tr></thead><tbody>${entries.map(
                  (e) => html`<tr><td data-label="${t(lang, "privacy.at")}">${Format.date(e.at, lang)} ${Format.time(e.at, lang)}</td><td data-label="${t(lang, "privacy.actor")}">${e.userId} (${e.role})</td><td data-label="${t(lang, "privacy.action")}">${e.action}</td><td data-label="${t(lang, "refusals.rule")}">${e.rule}</td></tr>`
                )}</tbody></table>`
          }`
        )
      })
    )
  )
)
