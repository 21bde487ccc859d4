/**
 * What a refused request is told: every 4xx response is JSON naming the `field` at fault and what was
 * `expected`, and none repeats a value it was sent (a mistyped name or a personal identity code must not
 * come back in an error body or a log).
 *
 * `middleware` wraps the API's app: a schema decode failure (`HttpApiDecodeError`) keeps its tag and
 * issues but loses the values the issues quoted, and gains `field` (the path of the first issue, e.g.
 * `capacity` or `answers.0.score`) and `expected`; a malformed or oversized body, an unknown route or method, and
 * every other 4xx without a `field` get one. A failure that is not the client's is a 500 with no details
 * and is logged by its tag only.
 *
 * @since 0.1.0
 */
import * as HttpIncomingMessage from "@effect/platform/HttpIncomingMessage"
import * as HttpMiddleware from "@effect/platform/HttpMiddleware"
import * as HttpServerError from "@effect/platform/HttpServerError"
import * as HttpServerRequest from "@effect/platform/HttpServerRequest"
import * as HttpServerResponse from "@effect/platform/HttpServerResponse"
import { Cause, Effect, Option } from "effect"

/**
 * The body of a 4xx response.
 *
 * @category models
 */
export interface Problem {
  readonly _tag: string
  readonly field: string
  readonly expected: string
  readonly message: string
  readonly [key: string]: unknown
}

/** The field a 4xx response without one is about, by status. */
const fieldOfStatus: Readonly<Record<number, readonly [string, string]>> = {
  400: ["body", "a well-formed JSON body"],
  401: ["cookie:vertaistuki_session", "a signed-in session"],
  403: ["actor", "a user allowed to do this"],
  404: ["path", "a route or a resource that exists"],
  405: ["method", "a method the route accepts"],
  409: ["body", "a request consistent with the current state"],
  413: ["body", "a body of at most 1 MB"],
  415: ["content-type", "application/json"],
  429: ["address", "fewer attempts"]
}

/**
 * A quoted value removed from a schema issue's message: `Expected string, actual 1` becomes
 * `Expected string`.
 *
 * @category combinators
 */
export const withoutActual = (message: string): string =>
  message
    .replace(/,?\s*actual[\s\S]*$/, "")
    .replace(/\s+/g, " ")
    .trim()

interface Issue {
  readonly _tag: string
  readonly path: ReadonlyArray<PropertyKey>
  readonly message: string
}

const pathOf = (where: string, path: ReadonlyArray<PropertyKey>) => (path.length === 0 ? where : path.map(String).join("."))

/**
 * A decode error's body as the API answers it.
 *
 * @category combinators
 */
export const decodeProblem = (body: { readonly issues?: ReadonlyArray<Issue> }, where: string): Problem => {
  const issues = (body.issues ?? []).map((i) => ({ _tag: i._tag, path: i.path, message: withoutActual(i.message) }))
  const first = issues[0]
  const field = first === undefined ? where : pathOf(where, first.path)
  const expected = first === undefined ? "input the schema accepts" : first.message.replace(/^Expected\s+/, "")
  return { _tag: "HttpApiDecodeError", issues, field, expected, message: `${field}: expected ${expected}` }
}

const problem = (status: number, tag: string, field: string, expected: string, headers?: HttpServerResponse.HttpServerResponse["headers"]) =>
  HttpServerResponse.unsafeJson({ _tag: tag, field, expected, message: `${field}: expected ${expected}` } satisfies Problem, {
    status,
    ...(headers === undefined ? {} : { headers })
  })

/** What a decode issue without a path is about. */
const whereOf = (request: HttpServerRequest.HttpServerRequest): string => (request.method === "GET" || request.method === "DELETE" ? "query" : "body")

const rewrite = (request: HttpServerRequest.HttpServerRequest, response: HttpServerResponse.HttpServerResponse): HttpServerResponse.HttpServerResponse => {
  const status = response.status
  if (status < 400 || status >= 500) return response
  const body = response.body
  let json: Record<string, unknown> | undefined
  if (body._tag === "Uint8Array" && body.contentType.startsWith("application/json")) {
    try {
      const parsed: unknown = JSON.parse(new TextDecoder().decode(body.body))
      if (typeof parsed === "object" && parsed !== null && !Array.isArray(parsed)) json = parsed as Record<string, unknown>
    } catch {
      json = undefined
    }
  }
  const [field, expected] = fieldOfStatus[status] ?? ["request", "a valid request"]
  if (json?._tag === "HttpApiDecodeError") {
    const issues = (json.issues as ReadonlyArray<Issue> | undefined) ?? []
    return HttpServerResponse.unsafeJson(decodeProblem({ issues }, whereOf(request)), { status, headers: response.headers })
  }
  if (json !== undefined && typeof json.field === "string" && typeof json.expected === "string") return response
  if (json !== undefined && typeof json.field === "string") {
    // A refusal that names its field (NotFound, Refused) says what was expected in its own terms.
    const what =
      typeof json.entity === "string" ? `a ${json.entity} that exists and is visible to the signed-in user` : typeof json.explanation === "string" ? json.explanation : expected
    return HttpServerResponse.unsafeJson({ ...json, expected: what }, { status, headers: response.headers })
  }
  if (Array.isArray(json?.problems)) {
    // A plan's problems, each at its field: the first names the response's field.
    const first = json.problems[0] as { path?: unknown; expected?: unknown } | undefined
    if (typeof first?.path === "string" && typeof first.expected === "string") {
      return HttpServerResponse.unsafeJson({ ...json, field: first.path, expected: first.expected }, { status, headers: response.headers })
    }
  }
  const tag = typeof json?._tag === "string" ? json._tag : status === 404 ? "NotFound" : "BadRequest"
  return HttpServerResponse.unsafeJson({ ...(json ?? {}), _tag: tag, field, expected, message: typeof json?.message === "string" ? json.message : `${field}: expected ${expected}` }, {
    status,
    headers: response.headers
  })
}

/** The response to a failure no handler turned into one. */
const fromCause = (request: HttpServerRequest.HttpServerRequest, cause: Cause.Cause<unknown>) =>
  Effect.gen(function* () {
    // A malformed body can surface as a failure or, from the multipart parser, as a defect.
    const failure = Option.orElse(Cause.failureOption(cause), () => Cause.dieOption(cause))
    if (Option.isSome(failure)) {
      const e = failure.value
      const tag = (e as { _tag?: unknown } | null)?._tag
      if (tag === "MultipartError") {
        const reason = (e as { reason?: string }).reason ?? ""
        return reason.endsWith("TooLarge") || reason === "TooManyParts"
          ? problem(413, "PayloadTooLarge", "body", "a body of at most 1 MB")
          : problem(400, "BadRequest", "body", "a well-formed multipart body")
      }
      if (HttpServerError.isServerError(e)) {
        if (e._tag === "RouteNotFound") return problem(404, "RouteNotFound", "path", "a route of the API")
        if (e._tag === "RequestError") {
          const tooLarge = String(e.cause ?? "").includes("MaxBodySize") || String(e.description ?? "").includes("size")
          return tooLarge ? problem(413, "PayloadTooLarge", "body", "a body of at most 1 MB") : problem(400, "BadRequest", "body", "a well-formed body of the declared content type")
        }
      }
    }
    if (Cause.isInterruptedOnly(cause)) return HttpServerResponse.empty({ status: 503 })
    const [response] = yield* HttpServerError.causeResponse(cause)
    if (response.status >= 500) {
      yield* Effect.logError("request failed").pipe(
        Effect.annotateLogs({ method: request.method, route: request.url.split("?")[0] ?? "", failure: Option.match(failure, { onNone: () => "defect", onSome: (e) => (e as { _tag?: string })?._tag ?? "unknown" }) })
      )
      return HttpServerResponse.unsafeJson({ _tag: "InternalError", message: "the request could not be completed" }, { status: 500 })
    }
    return rewrite(request, response)
  })

/** The largest request body accepted: 1 MB. @category models */
export const maxBodySize = 1_000_000

/**
 * The middleware that answers every 4xx under `/api` with a `Problem` and never quotes input back
 * (other paths, such as a web app's pages, pass through).
 *
 * @category combinators
 */
export const middleware: HttpMiddleware.HttpMiddleware = HttpMiddleware.make((app) =>
  Effect.flatMap(HttpServerRequest.HttpServerRequest, (request) =>
    !request.url.startsWith("/api") ? app : app.pipe(
      HttpIncomingMessage.withMaxBodySize(Option.some(maxBodySize)),
      Effect.matchCauseEffect({
        onFailure: (cause) => fromCause(request, cause),
        onSuccess: (response) => Effect.succeed(rewrite(request, response))
      })
    )
  )
)
