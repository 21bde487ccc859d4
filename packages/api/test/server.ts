import { mkdtempSync, rmSync } from "node:fs"
import { createServer } from "node:http"
import { tmpdir } from "node:os"
import { join } from "node:path"
import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
import * as HttpApiClient from "@effect/platform/HttpApiClient"
import * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import * as HttpServer from "@effect/platform/HttpServer"
import * as NodeHttpServer from "@effect/platform-node/NodeHttpServer"
import * as Cookies from "@effect/platform/Cookies"
import { MasterKey, type StoreDriver } from "@vertaistuki/store"
import { SqliteEventStore } from "@vertaistuki/store-sqlite"
import { Effect, Layer, ManagedRuntime, Redacted, Ref } from "effect"
import * as Accounts from "../src/Accounts.js"
import { Api } from "../src/Api.js"
import type { Actor } from "../src/Authorization.js"
import type { Coordinator } from "../src/Coordinator.js"
import * as Server from "../src/Server.js"

/** The password of every test account. */
export const password = "a long enough test password"

/** A running server on 127.0.0.1 over a fresh SQLite file. */
export interface Running {
  readonly url: string
  readonly file: string
  readonly runtime: ManagedRuntime.ManagedRuntime<Accounts.Accounts | StoreDriver.Services | Coordinator, unknown>
  readonly close: () => Promise<void>
}

/** Starts the API over a fresh SQLite file with `coordinator` and the accounts of `users`. */
export const start = async (options: {
  readonly coordinator: Layer.Layer<Coordinator, unknown, StoreDriver.Services>
  readonly users: ReadonlyArray<{ readonly username: string; readonly actor: Actor }>
  readonly accounts?: Accounts.Options
}): Promise<Running> => {
  const dir = mkdtempSync(join(tmpdir(), "vt-api-"))
  const file = join(dir, "store.sqlite")
  const store = SqliteEventStore.layerWithClient({ filename: file, keyring: MasterKey.unsafeKeyring(MasterKey.generate()) })
  const accounts = Accounts.layer({ scryptCost: 1024, ...options.accounts })
  const http = NodeHttpServer.layer(createServer, { port: 0, host: "127.0.0.1" })
  const app = Server.layer({ secureCookies: false }).pipe(
    Layer.provideMerge(options.coordinator),
    Layer.provideMerge(accounts),
    Layer.provideMerge(store),
    Layer.provideMerge(http)
  )
  const runtime = ManagedRuntime.make(app)
  const address = await runtime.runPromise(Effect.map(HttpServer.HttpServer, (s) => s.address))
  if (address._tag !== "TcpAddress") throw new Error("expected a TCP address")
  for (const u of options.users) {
    await runtime.runPromise(Effect.flatMap(Accounts.Accounts, (a) => a.create({ username: u.username, password: Redacted.make(password), actor: u.actor })))
  }
  return {
    url: `http://127.0.0.1:${address.port}`,
    file,
    runtime: runtime as never,
    close: async () => {
      await runtime.dispose()
      rmSync(dir, { recursive: true, force: true })
    }
  }
}

/** A typed client with its own cookie jar that sends the CSRF token it was given at sign-in. */
export const client = (url: string) =>
  Effect.gen(function* () {
    const jar = yield* Ref.make(Cookies.empty)
    const csrf = yield* Ref.make<string | undefined>(undefined)
    const api = yield* HttpApiClient.make(Api, {
      baseUrl: url,
      transformClient: (c) =>
        c.pipe(
          HttpClient.withCookiesRef(jar),
          HttpClient.mapRequestEffect((request) => Effect.map(Ref.get(csrf), (token) => (token === undefined ? request : HttpClientRequest.setHeader(request, "x-csrf-token", token))))
        )
    })
    const signIn = (username: string) => Effect.tap(api.session.signIn({ payload: { username, password } }), (s) => Ref.set(csrf, s.csrfToken))
    return { api, signIn, jar, csrf }
  }).pipe(Effect.provide(FetchHttpClient.layer))
