// The benchmark's server process: one store (a SQLite file), one Coordinator and one Accounts, served twice:
// by the API (`Server.layer`, the HttpApi with its middleware) and by a raw `node:http` handler that does
// the same work without the framework: the same session lookup, CSRF check, Schema decode, Coordinator
// call (the same store reads and appends) and Schema encode, and the same security headers. It tells
// the parent its ports, a signed-in session and the ids to request over IPC.
import { mkdtempSync, rmSync } from "node:fs"
import { createServer, type IncomingMessage, type ServerResponse } from "node:http"
import { tmpdir } from "node:os"
import { join } from "node:path"
import * as HttpServer from "@effect/platform/HttpServer"
import * as NodeHttpServer from "@effect/platform-node/NodeHttpServer"
import { MasterKey } from "@vertaistuki/store"
import { SqliteEventStore } from "@vertaistuki/store-sqlite"
import { Effect, Either, Layer, ManagedRuntime, Redacted, Schema } from "effect"
import * as Accounts from "../src/Accounts.js"
import * as C from "../src/Coordinator.js"
import * as SecurityHeaders from "../src/SecurityHeaders.js"
import * as Server from "../src/Server.js"
import { password, seedGroup, users } from "../test/world.js"

/** What the parent needs to send requests. */
export interface Ready {
  readonly api: number
  readonly raw: number
  readonly cookie: string
  readonly csrf: string
  readonly rosterGroup: string
  /** Per side, sessions not yet held, each with the attendance of its group's participants. */
  readonly attendance: { readonly api: ReadonlyArray<Held>; readonly raw: ReadonlyArray<Held> }
}

/** One session to hold and the body that holds it. */
export interface Held {
  readonly sessionId: string
  readonly body: string
}

const groupsPerSide = Number(process.env.BENCH_GROUPS ?? 8)
const dir = mkdtempSync(join(tmpdir(), "vt-api-bench-"))
const store = SqliteEventStore.layerWithClient({ filename: join(dir, "store.sqlite"), keyring: MasterKey.unsafeKeyring(MasterKey.generate()) })
const app = Server.layer({ secureCookies: false }).pipe(
  Layer.provideMerge(C.layer),
  Layer.provideMerge(Accounts.layer({ scryptCost: 1024 })),
  Layer.provideMerge(store),
  Layer.provideMerge(NodeHttpServer.layer(createServer, { port: 0, host: "127.0.0.1" }))
)
const runtime = ManagedRuntime.make(app)

const decodeAttendance = Schema.decodeUnknown(C.AttendanceRequest.omit("sessionId"))
const encodeSession = Schema.encode(C.SessionView)
const encodeRoster = Schema.encode(C.RosterView)
const headers = { ...SecurityHeaders.headers, "cache-control": "no-store", "content-type": "application/json" }

const reply = (res: ServerResponse, status: number, body: unknown) => {
  res.writeHead(status, headers)
  res.end(JSON.stringify(body))
}

const cookieOf = (req: IncomingMessage): string | undefined => {
  for (const part of (req.headers.cookie ?? "").split(";")) {
    const [k, v] = part.trim().split("=")
    if (k === Accounts.cookieName) return v
  }
  return undefined
}

const readBody = (req: IncomingMessage): Promise<string> =>
  new Promise((resolve, reject) => {
    const chunks: Array<Buffer> = []
    req.on("data", (c: Buffer) => chunks.push(c))
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")))
    req.on("error", reject)
  })

/** The raw handler: the same two routes, by hand. */
const raw = (accounts: Accounts.Service, coordinator: C.Coordinator) => async (req: IncomingMessage, res: ServerResponse) => {
  try {
    const token = cookieOf(req)
    if (token === undefined) return reply(res, 401, { _tag: "Unauthenticated", field: "cookie", expected: "a signed-in session" })
    const session = await runtime.runPromise(Effect.either(accounts.resolve(Redacted.make(token))))
    if (Either.isLeft(session)) return reply(res, 401, { _tag: "Unauthenticated", field: "cookie", expected: "a signed-in session" })
    const actor = session.right.account.actor
    const url = req.url ?? ""
    const roster = /^\/api\/groups\/([^/]+)\/roster$/.exec(url)
    if (req.method === "GET" && roster !== null) {
      const view = await runtime.runPromise(Effect.either(coordinator.roster(actor, { groupId: decodeURIComponent(roster[1]!) })))
      if (Either.isLeft(view)) return reply(res, 409, { _tag: view.left._tag })
      return reply(res, 200, await runtime.runPromise(encodeRoster(view.right)))
    }
    const attendance = /^\/api\/sessions\/([^/]+)\/attendance$/.exec(url)
    if (req.method === "POST" && attendance !== null) {
      if (!Accounts.csrfMatches(session.right.csrfToken, req.headers[Accounts.csrfHeader] as string | undefined)) {
        return reply(res, 403, { _tag: "CsrfRejected", field: Accounts.csrfHeader, expected: "the CSRF token of the session" })
      }
      let json: unknown
      try {
        json = JSON.parse(await readBody(req))
      } catch {
        return reply(res, 400, { _tag: "BadRequest", field: "body", expected: "JSON" })
      }
      const payload = await runtime.runPromise(Effect.either(decodeAttendance(json)))
      if (Either.isLeft(payload)) return reply(res, 400, { _tag: "HttpApiDecodeError", field: "body", expected: "an attendance request" })
      const view = await runtime.runPromise(Effect.either(coordinator.recordAttendance(actor, { ...payload.right, sessionId: decodeURIComponent(attendance[1]!) })))
      if (Either.isLeft(view)) return reply(res, 409, { _tag: view.left._tag })
      return reply(res, 200, await runtime.runPromise(encodeSession(view.right)))
    }
    return reply(res, 404, { _tag: "RouteNotFound", field: "path", expected: "a route" })
  } catch {
    return reply(res, 500, { _tag: "InternalError" })
  }
}

const main = async () => {
  const ready = await runtime.runPromise(
    Effect.gen(function* () {
      const address = (yield* HttpServer.HttpServer).address
      const c = yield* C.Coordinator
      const accounts = yield* Accounts.Accounts
      yield* c.ensureOrganisation(users.coordinator, { organisationId: "org-demo", name: "Demo" })
      // The roster read: a group of 10.
      yield* seedGroup("g-roster", users.leader.userId, 10, 4)
      const side = (prefix: string) =>
        Effect.gen(function* () {
          const held: Array<Held> = []
          for (let g = 0; g < groupsPerSide; g++) {
            const { participants, sessions } = yield* seedGroup(`g-${prefix}-${g}`, users.leader.userId, 4, 100)
            const body = JSON.stringify({ attendance: participants.map((participantId, i) => ({ participantId, status: i === 3 ? "excused" : "present", minutes: null })) })
            for (const sessionId of sessions) held.push({ sessionId, body })
          }
          return held
        })
      const api = yield* side("api")
      const rawSide = yield* side("raw")
      yield* accounts.create({ username: "coordinator", password: Redacted.make(password), actor: users.coordinator })
      const s = yield* accounts.signIn({ username: "coordinator", password: Redacted.make(password), address: "bench" })
      const server = createServer(raw(accounts, c))
      const rawPort = yield* Effect.async<number>((resume) => {
        server.listen(0, "127.0.0.1", () => {
          const a = server.address()
          resume(Effect.succeed(typeof a === "object" && a !== null ? a.port : 0))
        })
      })
      return {
        api: address._tag === "TcpAddress" ? address.port : 0,
        raw: rawPort,
        cookie: `${Accounts.cookieName}=${Redacted.value(s.token)}`,
        csrf: s.csrfToken,
        rosterGroup: "g-roster",
        attendance: { api, raw: rawSide }
      } satisfies Ready
    })
  )
  process.send?.(ready)
}

process.on("disconnect", () => {
  void runtime.dispose().finally(() => {
    rmSync(dir, { recursive: true, force: true })
    process.exit(0)
  })
})
main().catch((e) => {
  console.error(e)
  process.exit(1)
})
