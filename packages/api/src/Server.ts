/**
 * Mounting the API in a region's own service. `layer` serves the whole API (the handlers, the OpenAPI
 * document at `/api/openapi.json`, Swagger UI at `/api/docs` with its assets inline, no CDN) on whatever
 * `HttpServer` the region provides, with the `Problems` and `SecurityHeaders` middleware on every
 * response. The region provides the `Coordinator` (the domain), `Accounts` (or nothing else if it
 * replaces sign-in) and, optionally, its own `Authentication` layer:
 *
 * @example
 * ```ts
 * import { createServer } from "node:http"
 * import { NodeHttpServer, NodeRuntime } from "@effect/platform-node"
 * import * as HttpServer from "@effect/platform/HttpServer"
import { Effect, Layer } from "effect"
 * import { Accounts, Server } from "@vertaistuki/api"
 *
 * const main = Server.layer({ secureCookies: true }).pipe(
 *   Layer.provide(coordinatorLayer),            // the Coordinator over the store
 *   Layer.provide(Accounts.layer()),            // local accounts in the store's database
 *   Layer.provide(storeWithClient),             // e.g. SqliteEventStore.layerWithClient(...)
 *   Layer.provide(NodeHttpServer.layer(createServer, { port: 8080, host: "127.0.0.1" }))
 * )
 * Layer.launch(main).pipe(NodeRuntime.runMain)
 * ```
 *
 * Routes of your own (a web app's pages) join the same server by providing layers that add them to
 * `HttpApiBuilder.Router` (`HttpApiBuilder.Router.use((router) => router.get("/", page))`), so they get
 * the same security headers.
 *
 * @since 0.1.0
 */
import * as HttpApiBuilder from "@effect/platform/HttpApiBuilder"
import * as HttpApiSwagger from "@effect/platform/HttpApiSwagger"
import type * as HttpApp from "@effect/platform/HttpApp"
import * as HttpServer from "@effect/platform/HttpServer"
import { Effect, Layer } from "effect"
import { Api } from "./Api.js"
import * as Authentication from "./Authentication.js"
import * as Handlers from "./Handlers.js"
import * as Problems from "./Problems.js"
import * as SecurityHeaders from "./SecurityHeaders.js"

/**
 * Settings of the server.
 *
 * @category models
 */
export interface Options extends Handlers.Options {
  /** Who sends a request (default: `Authentication.local`, the session cookie looked up in `Accounts`). */
  readonly authentication?: Layer.Layer<Authentication.Authentication, never, never> | undefined
}

/** The path of the OpenAPI document. @category models */
export const openApiPath = "/api/openapi.json"

/** The path of Swagger UI. @category models */
export const docsPath = "/api/docs"

/**
 * What every response goes through before it is written: `Problems` (4xx bodies naming the field, no value quoted back) and
 * `SecurityHeaders` (Swagger UI's inline scripts allowed by hash on `docsPath` only).
 *
 * @category combinators
 */
export const middleware = <E, R>(app: HttpApp.Default<E, R>): HttpApp.Default<E, R> => SecurityHeaders.middleware(new Set([docsPath]))(Problems.middleware(app))

/**
 * The API with its handlers and the `SignedIn` middleware, without a server: for `HttpApiBuilder.serve`,
 * `HttpApiBuilder.toWebHandler` or a test.
 *
 * @category layers
 */
export const apiLayer = (options: Options = {}) =>
  HttpApiBuilder.api(Api).pipe(Layer.provide(Handlers.layer(options)), Layer.provide(Authentication.signedInLayer))

/**
 * The API, its OpenAPI document and Swagger UI served on the `HttpServer` in context.
 *
 * @category layers
 */
export const layer = (options: Options = {}) => {
  // `HttpApiBuilder.serve(middleware)` would run the middleware around a response already sent; the
  // response has to pass through `middleware` before the server writes it, so the app is wrapped here.
  const serve = HttpApiBuilder.httpApp.pipe(
    Effect.map((app) => HttpServer.serve(middleware(app))),
    Layer.unwrapEffect,
    Layer.provide([HttpApiBuilder.Router.Live, HttpApiBuilder.Middleware.layer])
  )
  const served = serve.pipe(
    Layer.provide(HttpApiSwagger.layer({ path: docsPath })),
    Layer.provide(HttpApiBuilder.middlewareOpenApi({ path: openApiPath })),
    Layer.provide(apiLayer(options))
  )
  return options.authentication === undefined
    ? Layer.provide(served, Authentication.local)
    : Layer.provide(served, options.authentication)
}
