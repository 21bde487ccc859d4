/**
 * The pages anyone may open: the front door (`/` to the language the browser prefers), the style sheet
 * and the script, the accessibility statement, sign-in and sign-out.
 *
 * @since 0.1.0
 */
import * as HttpRouter from "@effect/platform/HttpRouter"
import * as HttpServerRequest from "@effect/platform/HttpServerRequest"
import * as HttpServerResponse from "@effect/platform/HttpServerResponse"
import { Accounts, Authentication } from "@vertaistuki/api"
import type { Language as Lang } from "@vertaistuki/core"
import { Effect, Option, Redacted } from "effect"
import * as Accessibility from "../Accessibility.js"
import * as Assets from "../Assets.js"
import * as Form from "../Form.js"
import { html } from "../Html.js"
import { t } from "../Messages.js"
import * as Web from "../Web.js"

/**
 * The language a browser prefers among fi, sv and en (`Accept-Language`), Finnish when it names none.
 *
 * @category requests
 */
export const preferred = (acceptLanguage: string | undefined): Lang.Language => {
  const ranked = (acceptLanguage ?? "")
    .split(",")
    .map((part, i) => {
      const [tag, ...params] = part.trim().toLowerCase().split(";")
      const q = params.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)?.[1]).find((v) => v !== undefined)
      return { lang: tag?.slice(0, 2) ?? "", q: q === undefined ? 1 : Number(q), i }
    })
    .filter((x) => (x.lang === "fi" || x.lang === "sv" || x.lang === "en") && x.q > 0)
    .sort((a, b) => b.q - a.q || a.i - b.i)
  return (ranked[0]?.lang as Lang.Language | undefined) ?? "fi"
}

const asset = (body: string, contentType: string) =>
  HttpServerResponse.text(body, { contentType, headers: { "cache-control": "public, max-age=300" } })

const signInPage = (lang: Lang.Language, problems: ReadonlyArray<Form.Problem>, username: string, status: number, notice?: string) =>
  Web.respond(
    {
      lang,
      path: "/sign-in",
      title: t(lang, "signIn.title"),
      body: html`<h1>${t(lang, "signIn.title")}</h1>
${notice === undefined ? "" : html`<p class="notice" role="status">${notice}</p>`}
${Form.form({
  lang,
  action: `/${lang}/sign-in`,
  csrf: undefined,
  problems,
  submit: t(lang, "signIn.submit"),
  body: html`${Form.input({ name: "username", label: t(lang, "signIn.username"), value: username, autocomplete: "username", required: true }, problems)}
${Form.input({ name: "password", label: t(lang, "signIn.password"), type: "password", autocomplete: "current-password", required: true }, problems)}`
})}
<p class="hint">${t(lang, "signIn.demo")}</p>`
    },
    status
  )

/**
 * The public routes.
 *
 * @category routes
 */
export const routes = HttpRouter.empty.pipe(
  HttpRouter.get(
    "/",
    Effect.map(HttpServerRequest.HttpServerRequest, (r) => Web.seeOther(`/${preferred(r.headers["accept-language"])}/`))
  ),
  HttpRouter.get("/assets/app.css", Effect.succeed(asset(Assets.css, "text/css; charset=utf-8"))),
  HttpRouter.get("/assets/app.js", Effect.succeed(asset(Assets.js, "text/javascript; charset=utf-8"))),
  HttpRouter.get(
    "/:lang/accessibility",
    Web.handle(
      Effect.gen(function* () {
        const lang = yield* Web.language
        const request = yield* HttpServerRequest.HttpServerRequest
        const auth = yield* Authentication.Authentication
        const principal = yield* Effect.option(auth.authenticate(request))
        return Web.respond({
          lang,
          path: "/accessibility",
          title: t(lang, "a11y.title"),
          user: Option.isSome(principal) ? Web.userOf(principal.value.actor) : undefined,
          csrf: Option.isSome(principal) ? principal.value.csrfToken : undefined,
          body: Accessibility.render(lang)
        })
      })
    )
  ),
  HttpRouter.get(
    "/:lang/sign-in",
    Web.handle(
      Effect.gen(function* () {
        const lang = yield* Web.language
        const url = new URL((yield* HttpServerRequest.HttpServerRequest).url, "http://x")
        return signInPage(lang, [], "", 200, url.searchParams.has("signed-out") ? t(lang, "signedOut") : undefined)
      })
    )
  ),
  HttpRouter.post(
    "/:lang/sign-in",
    Web.handle(
      Effect.gen(function* () {
        const lang = yield* Web.language
        const request = yield* HttpServerRequest.HttpServerRequest
        const sameSite = yield* Effect.either(Authentication.checkSameSite(request))
        if (sameSite._tag === "Left") return Web.errorPage(lang, "errors.forbidden", "errors.csrf", 403)
        const f = yield* Web.form
        const username = f.get("username")
        const password = f.all("password")[0] ?? ""
        const problems: Array<Form.Problem> = []
        if (username === "") problems.push({ field: "username", message: t(lang, "signIn.required") })
        if (password === "") problems.push({ field: "password", message: t(lang, "signIn.passwordRequired") })
        if (problems.length > 0) return signInPage(lang, problems, username, 422)
        const accounts = yield* Accounts.Accounts
        const settings = yield* Web.WebSettings
        const address = Option.getOrElse(request.remoteAddress, () => "unknown")
        // A session the browser brought along is ended, never adopted (no fixation).
        const earlier = Authentication.sessionToken(request)
        if (Option.isSome(earlier)) yield* accounts.signOut(earlier.value)
        return yield* accounts.signIn({ username, password: Redacted.make(password), address }).pipe(
          Effect.map((signedIn) => Authentication.withSessionCookie(Web.seeOther(`/${lang}/`), signedIn, settings.secureCookies)),
          Effect.catchTags({
            InvalidCredentials: () => Effect.succeed(signInPage(lang, [{ field: "username", message: t(lang, "signIn.failed") }], username, 401)),
            TooManyAttempts: (e) =>
              Effect.succeed(
                HttpServerResponse.setHeader(
                  signInPage(lang, [{ field: "username", message: t(lang, "signIn.limited") }], username, 429),
                  "retry-after",
                  String(e.retryAfterSeconds)
                )
              )
          })
        )
      })
    )
  ),
  HttpRouter.post(
    "/:lang/sign-out",
    Web.handle(
      Effect.gen(function* () {
        const lang = yield* Web.language
        const principal = yield* Web.signedIn(lang)
        yield* Web.postedForm(lang, principal)
        const request = yield* HttpServerRequest.HttpServerRequest
        const accounts = yield* Accounts.Accounts
        const settings = yield* Web.WebSettings
        const token = Authentication.sessionToken(request)
        if (Option.isSome(token)) yield* accounts.signOut(token.value)
        return Authentication.withoutSessionCookie(Web.seeOther(`/${lang}/sign-in?signed-out`), settings.secureCookies)
      })
    )
  )
)
