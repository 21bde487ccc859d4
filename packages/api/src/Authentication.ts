/**
 * Who sends a request: the replaceable step that turns an HTTP request into the signed-in `Actor`.
 *
 * The API and the web app ask one service, `Authentication`, for the `Principal` of a request (its
 * `Actor` and the CSRF token its state-changing requests must carry). The default, `local`, reads the
 * session cookie (`Accounts.cookieName`) and looks the session up in `Accounts`. A region replaces it by
 * providing another layer of the same tag, e.g. its reverse proxy's header or its OIDC session:
 *
 * @example
 * ```ts
 * import { Effect, Layer } from "effect"
 * import { Authentication, Server } from "@vertaistuki/api"
 *
 * // Behind a proxy that authenticates staff and sets `x-remote-user` (and strips it from clients):
 * const regionSignIn = Authentication.trustedHeader({
 *   header: "x-remote-user",
 *   secret: process.env.CSRF_SECRET!,
 *   actorOf: (subject) => lookUpInRegionDirectory(subject) // Effect<Actor, Authentication.Unauthenticated>
 * })
 * // or any layer of your own:
 * const oidc = Layer.succeed(Authentication.Authentication, {
 *   authenticate: (request) => verifyOidcSession(request) // Effect<Principal, Unauthenticated>
 * })
 * ```
 *
 * and passes it to `Server.layer({ authentication: regionSignIn })` in place of the local accounts.
 * Nothing else changes: the handlers read the actor from `CurrentActor`, and the Coordinator checks the
 * roles.
 *
 * In the `HttpApi` definition this is the `SignedIn` middleware (security: the session cookie, an API key
 * `in: "cookie"`), which also refuses a state-changing request (anything but GET, HEAD, OPTIONS) whose
 * `x-csrf-token` header does not match the principal's CSRF token or that a browser marks as cross-site
 * (`checkSameSite`).
 *
 * @since 0.1.0
 */
import { createHmac } from "node:crypto"
import * as HttpApiMiddleware from "@effect/platform/HttpApiMiddleware"
import * as HttpApiSchema from "@effect/platform/HttpApiSchema"
import * as HttpApiSecurity from "@effect/platform/HttpApiSecurity"
import * as HttpServerRequest from "@effect/platform/HttpServerRequest"
import * as HttpServerResponse from "@effect/platform/HttpServerResponse"
import { Context, Effect, Layer, type Option, Redacted, Schema } from "effect"
import * as Accounts from "./Accounts.js"
import type { Actor } from "./Authorization.js"

/**
 * The signed-in user of a request.
 *
 * @category models
 */
export interface Principal {
  readonly actor: Actor
  /** The CSRF token that state-changing requests of this user must carry. */
  readonly csrfToken: string
}

/**
 * Not signed in: no session, an unknown one or an expired one. 401.
 *
 * @category errors
 */
export class Unauthenticated extends Schema.TaggedError<Unauthenticated>()(
  "Unauthenticated",
  { reason: Schema.Literal("missing", "unknown", "expired") },
  HttpApiSchema.annotations({ status: 401, description: "Not signed in, or the session has expired." })
) {
  override get message(): string {
    return `not signed in (${this.reason})`
  }
}

/**
 * A state-changing request without the session's CSRF token (field `x-csrf-token` or `csrf`), or one a
 * browser sent from another site. 403.
 *
 * @category errors
 */
export class CsrfRejected extends Schema.TaggedError<CsrfRejected>()(
  "CsrfRejected",
  { field: Schema.String, expected: Schema.String },
  HttpApiSchema.annotations({ status: 403, description: "The CSRF token is missing or wrong." })
) {}

/**
 * The service that authenticates requests.
 *
 * @category models
 */
export interface Service {
  readonly authenticate: (request: HttpServerRequest.HttpServerRequest) => Effect.Effect<Principal, Unauthenticated>
}

/**
 * The tag of the authentication service; provide one of its layers (`local`, `trustedHeader`, your own).
 *
 * @category models
 */
export class Authentication extends Context.Tag("@vertaistuki/api/Authentication")<Authentication, Service>() {}

/**
 * The principal of the request being handled (provided by `SignedIn`).
 *
 * @category models
 */
export class CurrentActor extends Context.Tag("@vertaistuki/api/CurrentActor")<CurrentActor, Principal>() {}

/**
 * The session cookie as the OpenAPI document describes it.
 *
 * @category models
 */
export const sessionCookie = HttpApiSecurity.apiKey({ in: "cookie", key: Accounts.cookieName })

/**
 * The middleware of every endpoint but sign-in: authenticates, then checks CSRF on state-changing
 * requests.
 *
 * @category models
 */
export class SignedIn extends HttpApiMiddleware.Tag<SignedIn>()("@vertaistuki/api/SignedIn", {
  provides: CurrentActor,
  failure: Schema.Union(Unauthenticated, CsrfRejected),
  security: { session: sessionCookie }
}) {}

const SAFE = new Set(["GET", "HEAD", "OPTIONS"])

/**
 * The principal of the current request, if signed in: for a plain `HttpRouter` handler (a web page),
 * which decides itself what to do without one (redirect to sign-in).
 *
 * @category combinators
 */
export const current: Effect.Effect<Option.Option<Principal>, never, HttpServerRequest.HttpServerRequest | Authentication> = Effect.flatMap(
  Effect.zip(HttpServerRequest.HttpServerRequest, Authentication),
  ([request, auth]) => Effect.option(auth.authenticate(request))
)

/**
 * Whether a request comes from this site: refused when the browser says it is cross-site
 * (`Sec-Fetch-Site`) or sends an `Origin` whose host is not the request's `Host`. Used by `checkCsrf`
 * and, before there is a session to bind a token to, by sign-in.
 *
 * @category combinators
 */
export const checkSameSite = (request: HttpServerRequest.HttpServerRequest): Effect.Effect<void, CsrfRejected> => {
  if (request.headers["sec-fetch-site"] === "cross-site") {
    return Effect.fail(new CsrfRejected({ field: "sec-fetch-site", expected: "a request from this site" }))
  }
  const origin = request.headers.origin
  if (origin !== undefined && origin !== "null" && request.headers.host !== undefined) {
    let host: string | undefined
    try {
      host = new URL(origin).host
    } catch {
      host = undefined
    }
    if (host !== request.headers.host) return Effect.fail(new CsrfRejected({ field: "origin", expected: "this site's origin" }))
  }
  return Effect.void
}

/**
 * Whether a request may change state: a safe method (GET, HEAD, OPTIONS) may; any other must come from
 * this site (`checkSameSite`) and carry the principal's CSRF token in the `x-csrf-token` header or, for
 * an HTML form, in the field `csrf` (`formToken`: its value as the form handler read it).
 *
 * @category combinators
 */
export const checkCsrf = (
  request: HttpServerRequest.HttpServerRequest,
  principal: Principal,
  formToken?: string | undefined
): Effect.Effect<void, CsrfRejected> => {
  if (SAFE.has(request.method)) return Effect.void
  const presented = formToken ?? request.headers[Accounts.csrfHeader]
  return Effect.zipRight(
    checkSameSite(request),
    Accounts.csrfMatches(principal.csrfToken, presented)
      ? Effect.void
      : Effect.fail(new CsrfRejected({ field: formToken === undefined ? Accounts.csrfHeader : Accounts.csrfField, expected: "the CSRF token of the session" }))
  )
}

/**
 * The `SignedIn` middleware over the current `Authentication`.
 *
 * @category layers
 */
export const signedInLayer: Layer.Layer<SignedIn, never, Authentication> = Layer.effect(
  SignedIn,
  Effect.map(Authentication, (auth) =>
    SignedIn.of({
      session: () =>
        Effect.gen(function* () {
          const request = yield* HttpServerRequest.HttpServerRequest
          const principal = yield* auth.authenticate(request)
          yield* checkCsrf(request, principal)
          return principal
        })
    })
  )
)

/**
 * The default: the session cookie looked up in `Accounts`.
 *
 * @category layers
 */
export const local: Layer.Layer<Authentication, never, Accounts.Accounts> = Layer.effect(
  Authentication,
  Effect.map(Accounts.Accounts, (accounts) => ({
    authenticate: (request) => {
      const token = request.cookies[Accounts.cookieName]
      if (token === undefined || token.length === 0) return Effect.fail(new Unauthenticated({ reason: "missing" }))
      return accounts.resolve(Redacted.make(token)).pipe(
        Effect.map((session) => ({ actor: session.account.actor, csrfToken: session.csrfToken })),
        Effect.catchTags({
          NoSession: (e) => Effect.fail(new Unauthenticated({ reason: e.reason })),
          AccountsUnavailable: (e) => Effect.die(e)
        })
      )
    }
  }))
)

/**
 * A region's reverse proxy authenticates and names the user in `header` (which it must strip from what
 * clients send); `actorOf` maps that name to an `Actor`. The CSRF token is an HMAC of the name under
 * `secret`.
 *
 * @category layers
 */
export const trustedHeader = (options: {
  readonly header: string
  readonly secret: string
  readonly actorOf: (subject: string) => Effect.Effect<Actor, Unauthenticated>
}): Layer.Layer<Authentication> =>
  Layer.succeed(Authentication, {
    authenticate: (request) => {
      const subject = request.headers[options.header.toLowerCase()]
      if (subject === undefined || subject.length === 0) return Effect.fail(new Unauthenticated({ reason: "missing" }))
      return Effect.map(options.actorOf(subject), (actor) => ({
        actor,
        csrfToken: createHmac("sha256", options.secret).update(`vertaistuki-csrf-v1:${subject}`).digest("base64url")
      }))
    }
  })

/**
 * Adds the session cookie of a new sign-in to a response (`secure`: whether the cookie is `Secure`).
 *
 * @category combinators
 */
export const withSessionCookie = (
  response: HttpServerResponse.HttpServerResponse,
  signedIn: Accounts.SignedIn,
  secure: boolean
): HttpServerResponse.HttpServerResponse =>
  HttpServerResponse.unsafeSetCookie(response, Accounts.cookieName, Redacted.value(signedIn.token), Accounts.cookieOptions(secure, signedIn.expiresAt))

/**
 * Expires the session cookie in the browser (after `Accounts.signOut`).
 *
 * @category combinators
 */
export const withoutSessionCookie = (response: HttpServerResponse.HttpServerResponse, secure: boolean): HttpServerResponse.HttpServerResponse =>
  HttpServerResponse.unsafeSetCookie(response, Accounts.cookieName, "", { ...Accounts.cookieOptions(secure), expires: new Date(0), maxAge: 0 })

/**
 * The session token a request carries, if any.
 *
 * @category combinators
 */
export const sessionToken = (request: HttpServerRequest.HttpServerRequest) => Accounts.optionalToken(request.cookies[Accounts.cookieName])
