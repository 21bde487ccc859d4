/**
 * What every page handler shares: the language of the path, the signed-in user (or a redirect to the
 * sign-in page), the posted form with its CSRF check, and the responses (a page, a redirect after a post,
 * an error page). A handler fails with {@link Respond} to answer early; {@link handle} turns that and any
 * unexpected failure into a response, so no handler answers 500 with details and no personal data reaches
 * a log or an error page.
 *
 * @since 0.1.0
 */
import * as HttpRouter from "@effect/platform/HttpRouter"
import * as HttpServerRequest from "@effect/platform/HttpServerRequest"
import * as HttpServerResponse from "@effect/platform/HttpServerResponse"
import { Accounts, Messages as ApiMessages, Authentication, type Coordinator } from "@vertaistuki/api"
import type { Language as Lang } from "@vertaistuki/core"
import { Context, Data, Effect, Option } from "effect"
import { document, type Html, html } from "./Html.js"
import * as Layout from "./Layout.js"
import { type Key, t } from "./Messages.js"

/** Settings of the web app. @category models */
export interface Settings {
  /** Whether cookies are `Secure` (behind TLS). */
  readonly secureCookies: boolean
}

/** The web app's settings as a service. @category models */
export class WebSettings extends Context.Tag("@vertaistuki/example-coordinator/WebSettings")<WebSettings, Settings>() {}

/** An early answer of a handler. @category errors */
export class Respond extends Data.TaggedError("Respond")<{ readonly response: HttpServerResponse.HttpServerResponse }> {}

/** The languages of the app, in the order of the switch. @category constants */
export const languages: ReadonlyArray<Lang.Language> = ["fi", "sv", "en"]

const isLanguage = (s: string | undefined): s is Lang.Language => s === "fi" || s === "sv" || s === "en"

/** The signed-in user of a page. @category models */
export type Principal = Authentication.Principal

/** The actor of the signed-in user. @category models */
export type Actor = Principal["actor"]

/**
 * The language of the request's path (`/fi/…`, `/sv/…`, `/en/…`); another prefix is not a page.
 *
 * @category requests
 */
export const language: Effect.Effect<Lang.Language, Respond, HttpRouter.RouteContext> = Effect.flatMap(HttpRouter.params, (params) =>
  isLanguage(params.lang) ? Effect.succeed(params.lang) : Effect.fail(new Respond({ response: HttpServerResponse.text("Not found", { status: 404 }) }))
)

/** The path after the language, for the language switch. @category requests */
export const pathAfterLanguage: Effect.Effect<string, never, HttpServerRequest.HttpServerRequest> = Effect.map(HttpServerRequest.HttpServerRequest, (r) => {
  const path = new URL(r.url, "http://x").pathname
  const rest = path.replace(/^\/(fi|sv|en)(?=\/|$)/, "")
  return rest === "" ? "/" : rest
})

/**
 * A page as a response.
 *
 * @category responses
 */
export const respond = (page: Layout.Page, status = 200): HttpServerResponse.HttpServerResponse =>
  HttpServerResponse.text(document(Layout.page(page)), { status, contentType: "text/html; charset=utf-8", headers: { "cache-control": "no-store" } })

/** A redirect after a post (303 See Other). @category responses */
export const seeOther = (location: string): HttpServerResponse.HttpServerResponse =>
  HttpServerResponse.empty({ status: 303, headers: { location, "cache-control": "no-store" } })

/**
 * The user shown in the frame: their user id and role.
 *
 * @category models
 */
export const userOf = (actor: Actor): Layout.User => ({ name: actor.userId, role: actor.role })

/**
 * The signed-in user, or an early redirect to the sign-in page of the language.
 *
 * @category requests
 */
export const signedIn = (lang: Lang.Language): Effect.Effect<Principal, Respond, HttpServerRequest.HttpServerRequest | Authentication.Authentication> =>
  Effect.gen(function* () {
    const request = yield* HttpServerRequest.HttpServerRequest
    const auth = yield* Authentication.Authentication
    return yield* auth.authenticate(request).pipe(Effect.mapError(() => new Respond({ response: seeOther(`/${lang}/sign-in`) })))
  })

/** A posted form: each field's values. @category models */
export interface Form {
  readonly get: (name: string) => string
  readonly all: (name: string) => ReadonlyArray<string>
  readonly has: (name: string) => boolean
}

const MAX_FORM = 64 * 1024

/**
 * The posted `application/x-www-form-urlencoded` form (at most 64 KiB).
 *
 * @category requests
 */
export const form: Effect.Effect<Form, Respond, HttpServerRequest.HttpServerRequest> = Effect.gen(function* () {
  const request = yield* HttpServerRequest.HttpServerRequest
  const text = yield* request.text.pipe(Effect.mapError(() => new Respond({ response: HttpServerResponse.text("Bad request", { status: 400 }) })))
  if (text.length > MAX_FORM) return yield* new Respond({ response: HttpServerResponse.text("Form too large", { status: 413 }) })
  const params = new URLSearchParams(text)
  return { get: (name) => (params.get(name) ?? "").trim(), all: (name) => params.getAll(name), has: (name) => params.has(name) }
})

/**
 * The posted form of a signed-in user, with its CSRF token checked (a refusal is an error page, 403).
 *
 * @category requests
 */
export const postedForm = (
  lang: Lang.Language,
  principal: Principal
): Effect.Effect<Form, Respond, HttpServerRequest.HttpServerRequest> =>
  Effect.gen(function* () {
    const request = yield* HttpServerRequest.HttpServerRequest
    const f = yield* form
    yield* Authentication.checkCsrf(request, principal, f.get(Accounts.csrfField)).pipe(
      Effect.mapError(() => new Respond({ response: errorPage(lang, "errors.forbidden", "errors.csrf", 403, principal) }))
    )
    return f
  })

/**
 * An error page in the language (its text from the catalogue only: nothing of the request is echoed).
 *
 * @category responses
 */
export const errorPage = (lang: Lang.Language, title: Key, text: Key, status: number, principal?: Principal): HttpServerResponse.HttpServerResponse =>
  respond(
    {
      lang,
      path: "/",
      title: t(lang, title),
      user: principal === undefined ? undefined : userOf(principal.actor),
      csrf: principal?.csrfToken,
      body: html`<h1>${t(lang, title)}</h1><p>${t(lang, text)}</p><p><a href="/${lang}/">${t(lang, "nav.home")}</a></p>`
    },
    status
  )

/**
 * A handler with its early answers and failures turned into responses: `Respond` as given; any other
 * failure or defect an error page in the path's language, 500, with nothing of the cause in it (the cause
 * goes to the log without the request's data).
 *
 * @category combinators
 */
export const handle = <E, R>(
  body: Effect.Effect<HttpServerResponse.HttpServerResponse, E, R>
): Effect.Effect<HttpServerResponse.HttpServerResponse, never, R | HttpRouter.RouteContext> =>
  body.pipe(
    Effect.catchAllCause((cause) =>
      Effect.gen(function* () {
        const failure = cause._tag === "Fail" ? cause.error : undefined
        if (failure instanceof Respond) return failure.response
        const params = yield* HttpRouter.params
        const lang = isLanguage(params.lang) ? params.lang : "fi"
        const tag = typeof failure === "object" && failure !== null && "_tag" in failure ? String(failure._tag) : "defect"
        yield* Effect.logError(`page failed: ${tag}`)
        return errorPage(lang, "errors.server", "errors.serverText", 500)
      })
    )
  )

/** Whether an Option holds a value (a shorthand for templates). @category guards */
export const present = <A>(o: Option.Option<A>): o is Option.Some<A> => Option.isSome(o)

/** A heading and a short note, for pages whose backing capability is missing. @category rendering */
export const missing = (lang: Lang.Language, what: string): Html => html`<p class="missing">${t(lang, "missing.capability", { what })}</p>`

/** The coordinator's errors a page shows at its form (the others become error pages). @category models */
export type FormError = Coordinator.InvalidRequest | Coordinator.PlanProblems | Coordinator.Refused

/**
 * Runs a Coordinator operation for a page: `NotFound` is the not-found page (404), `Forbidden` the
 * refusal page (403; the Coordinator has logged it), `Unavailable` the error page (503); the errors a form
 * shows are left to the caller.
 *
 * @category requests
 */
export const run = <A>(
  lang: Lang.Language,
  principal: Principal,
  operation: Effect.Effect<A, Coordinator.CoordinatorError>
): Effect.Effect<A, Respond | FormError> =>
  operation.pipe(
    Effect.catchTags({
      NotFound: () => Effect.fail(new Respond({ response: errorPage(lang, "errors.notFound", "errors.notFoundText", 404, principal) })),
      Forbidden: () => Effect.fail(new Respond({ response: errorPage(lang, "errors.forbidden", "errors.forbiddenText", 403, principal) })),
      Unavailable: (e) =>
        Effect.zipRight(
          Effect.logWarning(`the store is unavailable: ${e.reason}`),
          Effect.fail(new Respond({ response: errorPage(lang, "errors.server", "errors.serverText", 503, principal) }))
        )
    })
  )

/**
 * Runs an operation whose form errors are not expected from the page's own controls (a button): a
 * refusal of the domain or bad input is an error page (409, 400) with the refusal's explanation.
 *
 * @category requests
 */
export const runOrExplain = <A>(
  lang: Lang.Language,
  principal: Principal,
  operation: Effect.Effect<A, Coordinator.CoordinatorError>
): Effect.Effect<A, Respond> =>
  run(lang, principal, operation).pipe(
    Effect.catchAll((e) =>
      e instanceof Respond
        ? Effect.fail(e)
        : Effect.fail(
            new Respond({
              response: respond(
                {
                  lang,
                  path: "/",
                  title: t(lang, "errors.refused"),
                  user: userOf(principal.actor),
                  csrf: principal.csrfToken,
                  body: html`<h1>${t(lang, "errors.refused")}</h1><p>${explain(lang, e)}</p><p><a href="/${lang}/">${t(lang, "nav.home")}</a></p>`
                },
                e._tag === "Refused" ? 409 : 400
              )
            })
          )
    )
  )

/**
 * A form error in words for people: a refusal's explanation, or the field and what was expected (in the
 * language where the core's catalogue has the phrase).
 *
 * @category formatting
 */
export const explain = (lang: Lang.Language, e: FormError): string =>
  e._tag === "Refused"
    ? e.explanation
    : e._tag === "InvalidRequest"
      ? t(lang, "errors.expected", { expected: ApiMessages.expected(e.expected, lang) })
      : e.problems.map((p) => ApiMessages.expected(p.expected, lang)).join("; ")

/**
 * A page of a signed-in user.
 *
 * @category responses
 */
export const page = (lang: Lang.Language, principal: Principal, path: string, title: string, body: Html, status = 200): HttpServerResponse.HttpServerResponse =>
  respond({ lang, path, title, user: userOf(principal.actor), csrf: principal.csrfToken, body }, status)

/** What a redirect after a post may report (`?done=<what>`): only these keys, never data. @category constants */
export const doneKeys = [
  "planned",
  "opened",
  "referred",
  "intake",
  "enrolled",
  "waitlisted",
  "joined",
  "scheduled",
  "started",
  "attendance",
  "feedback",
  "outcome",
  "closing",
  "completed",
  "followedUp",
  "erased",
  "withdrawn",
  "consent"
] as const

/** @category models */
export type Done = (typeof doneKeys)[number]

/**
 * The confirmation of the step just done, from the query's `done`, as a status message.
 *
 * @category requests
 */
export const notice: Effect.Effect<Html, never, HttpServerRequest.HttpServerRequest> = Effect.map(HttpServerRequest.HttpServerRequest, (r) => {
  const done = new URL(r.url, "http://x").searchParams.get("done")
  const lang = (/^\/(fi|sv|en)\//.exec(new URL(r.url, "http://x").pathname)?.[1] ?? "fi") as Lang.Language
  return (doneKeys as ReadonlyArray<string>).includes(done ?? "") ? html`<p class="notice" role="status">${t(lang, `done.${done as Done}`)}</p>` : html``
})

/** The path of a page in the language, with a `done` report. @category responses */
export const after = (lang: Lang.Language, path: string, done: Done): HttpServerResponse.HttpServerResponse => seeOther(`/${lang}${path}?done=${done}`)

/** A form with one button (a step of the flow). @category rendering */
export const button = (lang: Lang.Language, principal: Principal, action: string, label: string, extra: Html = html``): Html =>
  html`<form method="post" action="/${lang}${action}" class="inline-form"><input type="hidden" name="${Accounts.csrfField}" value="${principal.csrfToken}">${extra}<button type="submit">${label}</button></form>`
