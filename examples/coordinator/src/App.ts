/**
 * The web app as routes beside the API: a layer that adds the pages to `HttpApiBuilder.Router`, so the
 * API's server serves them with the same security headers. It needs the `Coordinator` (the domain),
 * `Authentication` (who sends a request) and `Accounts` (sign-in and sign-out of the local accounts).
 *
 * @since 0.1.0
 */
import * as HttpApiBuilder from "@effect/platform/HttpApiBuilder"
import * as HttpRouter from "@effect/platform/HttpRouter"
import type { Accounts, Authentication, Coordinator } from "@vertaistuki/api"
import { Effect, type Layer } from "effect"
import * as Costs from "./pages/Costs.js"
import * as Groups from "./pages/Groups.js"
import * as People from "./pages/People.js"
import * as Plan from "./pages/Plan.js"
import * as Privacy from "./pages/Privacy.js"
import * as Public from "./pages/Public.js"
import * as Sessions from "./pages/Sessions.js"
import { type Settings, WebSettings } from "./Web.js"

/** Every page of the app. @category routes */
export const routes = Public.routes.pipe(
  HttpRouter.concat(Groups.routes),
  HttpRouter.concat(Plan.routes),
  HttpRouter.concat(People.routes),
  HttpRouter.concat(Sessions.routes),
  HttpRouter.concat(Costs.routes),
  HttpRouter.concat(Privacy.routes)
)

/** What the pages need. @category models */
export type Requirements = Coordinator.Coordinator | Authentication.Authentication | Accounts.Accounts

/**
 * The pages added to the API's router.
 *
 * @category layers
 */
export const layer = (settings: Settings): Layer.Layer<never, never, Requirements> =>
  HttpApiBuilder.Router.use((router) =>
    Effect.gen(function* () {
      const context = yield* Effect.context<Requirements>()
      yield* router.concat(
        routes.pipe(
          HttpRouter.provideService(WebSettings, settings),
          HttpRouter.use((app) => Effect.provide(app, context))
        )
      )
    })
  )
