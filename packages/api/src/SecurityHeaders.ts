/**
 * The security headers of every response: a Content-Security-Policy that allows no inline script (only
 * scripts and styles from the same origin), `X-Content-Type-Options: nosniff`, frame denial
 * (`frame-ancestors 'none'` and `X-Frame-Options: DENY`), `Referrer-Policy: no-referrer` and
 * `Cache-Control: no-store` on everything but static assets.
 *
 * The API's Swagger UI page (`/api/docs`) carries its assets inline (no CDN); for that page alone the
 * policy allows exactly its inline scripts by their SHA-256 hashes, computed from the page itself, so the
 * rule "no inline script" still holds for everything not listed by hash.
 *
 * @since 0.1.0
 */
import { createHash } from "node:crypto"
import * as HttpMiddleware from "@effect/platform/HttpMiddleware"
import * as HttpServerError from "@effect/platform/HttpServerError"
import * as HttpServerRequest from "@effect/platform/HttpServerRequest"
import * as HttpServerResponse from "@effect/platform/HttpServerResponse"
import { Effect } from "effect"

/**
 * The policy of every page: nothing inline, nothing from another origin, no framing, forms only to
 * this origin.
 *
 * @category models
 */
export const contentSecurityPolicy =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"

/**
 * The headers set on every response.
 *
 * @category models
 */
export const headers: Readonly<Record<string, string>> = {
  "content-security-policy": contentSecurityPolicy,
  "x-content-type-options": "nosniff",
  "x-frame-options": "DENY",
  "referrer-policy": "no-referrer",
  "cross-origin-opener-policy": "same-origin",
  "cross-origin-resource-policy": "same-origin",
  "permissions-policy": "camera=(), microphone=(), geolocation=()"
}

const INLINE_SCRIPT = /<script(?![^>]*\bsrc=)(?![^>]*type="application\/json")[^>]*>([\s\S]*?)<\/script>/g

const hashes = (html: string, pattern: RegExp): string =>
  [...html.matchAll(pattern)].map((m) => `'sha256-${createHash("sha256").update(m[1] ?? "").digest("base64")}'`).join(" ")

/**
 * The policy of an HTML page whose own inline scripts and styles are allowed by hash (the Swagger UI page).
 *
 * @category constructors
 */
export const policyForPage = (html: string): string =>
  // Swagger UI sets style attributes at run time, so styles are allowed inline on this page; scripts only by hash.
  `default-src 'none'; script-src ${hashes(html, INLINE_SCRIPT)}; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'`

const pagePolicies = new WeakMap<Uint8Array, string>()

/**
 * Adds the security headers to a response; `hashedPages` are the paths whose inline scripts are allowed
 * by hash.
 *
 * @category combinators
 */
export const apply = (
  response: HttpServerResponse.HttpServerResponse,
  path: string,
  hashedPages: ReadonlySet<string> = new Set()
): HttpServerResponse.HttpServerResponse => {
  let out = HttpServerResponse.setHeaders(response, headers)
  if (response.headers["cache-control"] === undefined) out = HttpServerResponse.setHeader(out, "cache-control", "no-store")
  if (hashedPages.has(path) && response.body._tag === "Uint8Array") {
    const body = response.body.body
    let policy = pagePolicies.get(body)
    if (policy === undefined) {
      policy = policyForPage(new TextDecoder().decode(body))
      pagePolicies.set(body, policy)
    }
    out = HttpServerResponse.setHeader(out, "content-security-policy", policy)
  }
  return out
}

/**
 * The middleware that adds the headers to every response of an app.
 *
 * @category combinators
 */
export const middleware = (hashedPages: ReadonlySet<string> = new Set()): HttpMiddleware.HttpMiddleware =>
  HttpMiddleware.make((app) =>
    Effect.flatMap(HttpServerRequest.HttpServerRequest, (request) => {
      const path = request.url.split("?")[0] ?? request.url
      // A failure no handler turned into a response (an unknown route) gets its response and the headers here.
      return Effect.matchCauseEffect(app, {
        onSuccess: (response) => Effect.succeed(apply(response, path, hashedPages)),
        onFailure: (cause) => Effect.map(HttpServerError.causeResponse(cause), ([response]) => apply(response, path, hashedPages))
      })
    })
  )
