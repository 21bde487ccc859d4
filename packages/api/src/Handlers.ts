/**
 * The handlers of the API as one `Layer`: each endpoint decodes its input (done by `HttpApiBuilder` from
 * `Api`), takes the signed-in `Actor` from `CurrentActor` and calls the `Coordinator`, which authorises
 * and logs. Signing in and out goes to `Accounts`.
 *
 * @since 0.1.0
 */
import * as HttpApiBuilder from "@effect/platform/HttpApiBuilder"
import * as HttpApp from "@effect/platform/HttpApp"
import * as HttpServerResponse from "@effect/platform/HttpServerResponse"
import { Effect, Layer, Option, Redacted } from "effect"
import * as Accounts from "./Accounts.js"
import { Api, SignInRefused, TooManyRequests } from "./Api.js"
import type { Actor } from "./Authorization.js"
import { CurrentActor, checkSameSite, sessionToken } from "./Authentication.js"
import { Coordinator, type CoordinatorError } from "./Coordinator.js"

/**
 * Settings of the handlers.
 *
 * @category models
 */
export interface Options {
  /** Whether the session cookie is `Secure` (default true; false only for plain HTTP on 127.0.0.1). */
  readonly secureCookies?: boolean | undefined
}

const as = <A>(f: (actor: Actor) => Effect.Effect<A, CoordinatorError>): Effect.Effect<A, CoordinatorError, CurrentActor> =>
  Effect.flatMap(CurrentActor, (principal) => f(principal.actor))

const setHeader = (name: string, value: string) => HttpApp.appendPreResponseHandler((_request, response) => Effect.succeed(HttpServerResponse.setHeader(response, name, value)))

const session = (options: Options) =>
  HttpApiBuilder.group(Api, "session", (handlers) =>
    Effect.gen(function* () {
      const accounts = yield* Accounts.Accounts
      const secure = options.secureCookies ?? true
      return handlers
        .handle("signIn", ({ payload, request }) =>
          Effect.gen(function* () {
            yield* checkSameSite(request)
            // A session the browser already holds ends here: the sign-in makes a new one (no fixation).
            const old = sessionToken(request)
            if (Option.isSome(old)) yield* Effect.orDie(accounts.signOut(old.value))
            const signedIn = yield* accounts.signIn({
              username: payload.username,
              password: Redacted.make(payload.password),
              address: Option.getOrElse(request.remoteAddress, () => "unknown")
            }).pipe(
              Effect.catchTags({
                InvalidCredentials: () => Effect.fail(new SignInRefused({ field: "credentials", expected: "a user name and password that match an account" })),
                TooManyAttempts: (e) =>
                  Effect.zipRight(
                    setHeader("retry-after", String(e.retryAfterSeconds)),
                    Effect.fail(new TooManyRequests({ field: "credentials", expected: "fewer sign-in attempts", retryAfterSeconds: e.retryAfterSeconds }))
                  ),
                AccountsUnavailable: (e) => Effect.die(e)
              })
            )
            yield* HttpApp.appendPreResponseHandler((_request, response) =>
              Effect.succeed(
                HttpServerResponse.unsafeSetCookie(response, Accounts.cookieName, Redacted.value(signedIn.token), Accounts.cookieOptions(secure, signedIn.expiresAt))
              )
            )
            return { actor: signedIn.account.actor, csrfToken: signedIn.csrfToken }
          })
        )
        .handle("current", () => Effect.map(CurrentActor, (p) => ({ actor: p.actor, csrfToken: p.csrfToken })))
        .handle("signOut", ({ request }) =>
          Effect.gen(function* () {
            const token = sessionToken(request)
            if (Option.isSome(token)) yield* Effect.orDie(accounts.signOut(token.value))
            yield* HttpApp.appendPreResponseHandler((_request, response) =>
              Effect.succeed(HttpServerResponse.unsafeSetCookie(response, Accounts.cookieName, "", { ...Accounts.cookieOptions(secure), expires: new Date(0) }))
            )
          })
        )
    })
  )

const programmes = HttpApiBuilder.group(Api, "programmes", (handlers) =>
  Effect.map(Coordinator, (c) =>
    handlers
      .handle("templates", () => as((a) => c.templates(a)))
      .handle("organisation", () => as((a) => c.organisation(a)))
      .handle("ensureOrganisation", ({ payload }) => as((a) => c.ensureOrganisation(a, payload)))
  )
)

const groups = HttpApiBuilder.group(Api, "groups", (handlers) =>
  Effect.map(Coordinator, (c) =>
    handlers
      .handle("list", () => as((a) => c.groups(a)))
      .handle("preview", ({ payload }) => as((a) => c.previewPlan(a, payload)))
      .handle("plan", ({ payload }) => as((a) => c.planGroup(a, payload)))
      .handle("get", ({ path }) => as((a) => c.group(a, path)))
      .handle("openRecruitment", ({ path }) => as((a) => c.openRecruitment(a, path)))
      .handle("schedule", ({ path, payload }) => as((a) => c.schedule(a, { ...payload, ...path })))
      .handle("calendar", ({ path }) =>
        as((a) => c.calendar(a, path)).pipe(
          Effect.tap((file) => setHeader("content-disposition", `attachment; filename="${file.filename.replace(/[^A-Za-z0-9._-]/g, "_")}"`)),
          Effect.map((file) => file.body)
        )
      )
      .handle("start", ({ path, payload }) => as((a) => c.startGroup(a, { ...payload, ...path })))
      .handle("beginClosing", ({ path }) => as((a) => c.beginClosing(a, path)))
      .handle("complete", ({ path }) => as((a) => c.completeGroup(a, path)))
      .handle("followUp", ({ path, payload }) => as((a) => c.followUp(a, { ...payload, ...path })))
      .handle("cancel", ({ path, payload }) => as((a) => c.cancelGroup(a, { ...payload, ...path })))
      .handle("sessions", ({ path }) => as((a) => c.sessions(a, path)))
      .handle("roster", ({ path }) => as((a) => c.roster(a, path)))
      .handle("waitlist", ({ path }) => as((a) => c.waitlist(a, path)))
      .handle("reminders", ({ path }) => as((a) => c.reminders(a, path)))
      .handle("aggregates", ({ urlParams }) => as((a) => c.aggregates(a, urlParams)))
  )
)

const participants = HttpApiBuilder.group(Api, "participants", (handlers) =>
  Effect.map(Coordinator, (c) =>
    handlers
      .handle("refer", ({ path, payload }) => as((a) => c.refer(a, { ...payload, ...path })))
      .handle("get", ({ path }) => as((a) => c.participant(a, path)))
      .handle("eligibility", ({ path, payload }) => as((a) => c.eligibility(a, { ...payload, ...path })))
      .handle("intake", ({ path, payload }) => as((a) => c.intake(a, { ...payload, ...path })))
      .handle("recordConsent", ({ path, payload }) => as((a) => c.recordConsent(a, { ...payload, ...path })))
      .handle("consent", ({ path, payload }) => as((a) => c.consent(a, { ...payload, ...path })))
      .handle("enrol", ({ path }) => as((a) => c.enrol(a, path)))
      .handle("joinMessagingGroup", ({ path }) => as((a) => c.joinMessagingGroup(a, path)))
      .handle("withdraw", ({ path, payload }) => as((a) => c.withdraw(a, { ...payload, ...path })))
      .handle("decline", ({ path }) => as((a) => c.decline(a, path)))
  )
)

const sessions = HttpApiBuilder.group(Api, "sessions", (handlers) =>
  Effect.map(Coordinator, (c) => handlers.handle("recordAttendance", ({ path, payload }) => as((a) => c.recordAttendance(a, { ...payload, ...path }))))
)

const outcomes = HttpApiBuilder.group(Api, "outcomes", (handlers) =>
  Effect.map(Coordinator, (c) =>
    handlers.handle("record", ({ path, payload }) => as((a) => c.recordOutcome(a, { ...payload, ...path }))).handle("get", ({ path }) => as((a) => c.outcome(a, path)))
  )
)

const feedback = HttpApiBuilder.group(Api, "feedback", (handlers) =>
  Effect.map(Coordinator, (c) => handlers.handle("submit", ({ path, payload }) => as((a) => c.submitFeedback(a, { ...payload, ...path }))))
)

const costs = HttpApiBuilder.group(Api, "costs", (handlers) =>
  Effect.map(Coordinator, (c) => handlers.handle("compare", ({ path, payload }) => as((a) => c.cost(a, { ...payload, ...path }))))
)

const privacy = HttpApiBuilder.group(Api, "privacy", (handlers) =>
  Effect.map(Coordinator, (c) =>
    handlers
      .handle("findPeople", ({ payload }) => as((a) => c.findPeople(a, payload)))
      .handle("exportPerson", ({ path }) => as((a) => c.exportPerson(a, path)))
      .handle("erasePerson", ({ path }) => as((a) => c.erasePerson(a, path)))
      .handle("accessLog", ({ path }) => as((a) => c.accessLog(a, path)))
      .handle("refusals", () => as((a) => c.refusals(a)))
  )
)

/**
 * Every group's handlers.
 *
 * @category layers
 */
export const layer = (options: Options = {}) => Layer.mergeAll(session(options), programmes, groups, participants, sessions, outcomes, feedback, costs, privacy)
