import * as Cookies from "@effect/platform/Cookies"
import * as FetchHttpClient from "@effect/platform/FetchHttpClient"
import * as HttpApiClient from "@effect/platform/HttpApiClient"
import * as HttpClient from "@effect/platform/HttpClient"
import * as HttpClientRequest from "@effect/platform/HttpClientRequest"
import { Effect, Ref } from "effect"
import { Api } from "../src/Api.js"
import { password } from "./world.js"

/** The typed client of the API with a cookie jar of its own, sending the CSRF token it got at sign-in. */
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
    const signIn = (username: string, pw: string = password) => Effect.tap(api.session.signIn({ payload: { username, password: pw } }), (s) => Ref.set(csrf, s.csrfToken))
    return { api, signIn, jar, csrf }
  }).pipe(Effect.provide(FetchHttpClient.layer))
