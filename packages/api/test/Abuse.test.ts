import { request as httpRequest, Agent } from "node:http"
import * as HttpApi from "@effect/platform/HttpApi"
import fc from "fast-check"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { Api } from "../src/Api.js"
import { type World, world } from "./world.js"

/** Every route of the API, from its definition. */
const routes: Array<{ readonly method: string; readonly path: string; readonly name: string }> = []
HttpApi.reflect(Api, {
  onGroup: () => undefined,
  onEndpoint: ({ endpoint, group }) => routes.push({ method: endpoint.method, path: endpoint.path, name: `${group.identifier}.${endpoint.name}` })
})

/** A value that must never come back in a response or a log (it stands for personal data). */
const MARK = "Maija-Meikäläinen-131052-308T"

let w: World
const agent = new Agent({ keepAlive: true, maxSockets: 8 })
const TIMEOUT = 900_000
/** Batches of 20 requests: 500 (10,000 requests) unless `ABUSE_BATCHES` says fewer for a quick look. */
const BATCHES = Number(process.env.ABUSE_BATCHES ?? 500)
beforeAll(async () => {
  w = await world()
})
afterAll(async () => {
  agent.destroy()
  await w.close()
})

interface Sent {
  readonly method: string
  readonly path: string
  readonly headers: Record<string, string>
  readonly body: string | undefined
}

interface Answer {
  readonly status: number
  readonly headers: Record<string, string | string[] | undefined>
  readonly body: string
}

/**
 * Sends one request; one whose kept-alive connection was closed under it (`ECONNRESET`) is sent again on
 * a connection of its own, and counted.
 */
let resent = 0
const send = (url: string, r: Sent): Promise<Answer> =>
  sendOn(url, r, agent).catch((e: { code?: string }) => {
    if (e.code !== "ECONNRESET") throw e
    resent++
    return sendOn(url, r, false)
  })

const sendOn = (url: string, r: Sent, via: Agent | false): Promise<Answer> =>
  new Promise((resolve, reject) => {
    const u = new URL(url)
    // Node's client sends a body of GET, HEAD, DELETE or OPTIONS without a length unless told one.
    const headers = r.body === undefined ? r.headers : { ...r.headers, "content-length": String(Buffer.byteLength(r.body)) }
    const req = httpRequest({ host: u.hostname, port: u.port, method: r.method, path: r.path, headers, agent: via }, (res) => {
      const chunks: Array<Buffer> = []
      res.on("data", (c: Buffer) => chunks.push(c))
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString("utf8") }))
      res.on("error", reject)
    })
    req.on("error", reject)
    if (r.body !== undefined) req.write(r.body)
    req.end()
  })

// Path parameters: valid ids of the world, unknown ids and hostile text.
const param = () =>
  fc.oneof(
    fc.constantFrom(...w.ids),
    fc.stringMatching(/^[a-z0-9-]{1,20}$/),
    fc.constantFrom("..", "%2e%2e%2f", "__proto__", "constructor", "%00", "a%20b", "x".repeat(500), "%E2%80%AE", "%ff", encodeURIComponent(MARK), "%", encodeURIComponent("😀"), "1;DROP%20TABLE%20events")
  )

const pathOf = (template: string) =>
  fc.tuple(...[...template.matchAll(/:([A-Za-z]+)/g)].map(() => param())).map((values) => {
    let i = 0
    return template.replace(/:([A-Za-z]+)/g, () => values[i++] ?? "x")
  })

// Bodies: nothing, JSON of any shape, valid-looking shapes with wrong types, text that is not JSON, and a marked name.
const body = () =>
  fc.oneof(
  fc.constant(undefined),
  fc.json({ maxDepth: 3 }),
  fc.anything({ maxDepth: 2 }).map((v) => {
    try {
      return JSON.stringify(v) ?? "null"
    } catch {
      return "{}"
    }
  }),
  fc.record({ name: fc.constantFrom(MARK, 1, null, ""), groupId: param(), programmeId: fc.constantFrom("voikukkia", MARK, 7), capacity: fc.integer() }).map((v) => JSON.stringify(v)),
  fc.record({ username: fc.oneof(fc.string(), fc.constant(MARK), fc.integer()), password: fc.oneof(fc.string(), fc.constant(MARK)) }).map((v) => JSON.stringify(v)),
  fc.record({ contact: fc.record({ name: fc.constantFrom(MARK, 5, ""), language: fc.constantFrom("fi", "xx", MARK) }), source: fc.string(), modality: fc.string() }).map((v) => JSON.stringify(v)),
  fc.record({ attendance: fc.array(fc.record({ participantId: param(), status: fc.constantFrom("present", "excused", "absent", MARK, 3) }), { maxLength: 4 }) }).map((v) => JSON.stringify(v)),
  fc.string({ maxLength: 200 }),
  fc.constantFrom("{", "[1,2", '{"a":', "\u0000", "null", "true", "[]", '"x"', `{"name":"${MARK}"`)
)

const method = fc.constantFrom("GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "HEAD")

const request = (): fc.Arbitrary<Sent> =>
  fc
    .record({
      route: fc.oneof(
        { weight: 8, arbitrary: fc.constantFrom(...routes).chain((r) => pathOf(r.path).map((path) => ({ path, method: r.method }))) },
        { weight: 1, arbitrary: fc.webPath().map((p) => ({ path: `/api${p.startsWith("/") ? p : `/${p}`}`, method: "GET" })) }
      ),
      sameMethod: fc.oneof({ weight: 4, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }),
      method,
      query: fc.option(fc.oneof(fc.constant(`groupId=${encodeURIComponent(MARK)}`), fc.constant("groupId="), fc.string({ maxLength: 30 }).map(encodeURIComponent), fc.constant("groupId=a&groupId=b")), { nil: undefined }),
      body: body(),
      contentType: fc.constantFrom(undefined, "application/json", "application/x-www-form-urlencoded", "text/plain", "multipart/form-data; boundary=x", "application/json; charset=latin1", "t\u00ebxt/pl\u00e4in"),
      cookie: fc.oneof(
        { weight: 1, arbitrary: fc.constant(undefined) },
        { weight: 2, arbitrary: fc.constantFrom(...w.roles).map((role) => `vertaistuki_session=${w.sessions[role]!.token}`) },
        fc.string({ maxLength: 60 }).map((s) => `vertaistuki_session=${encodeURIComponent(s)}`),
        fc.constant(`vertaistuki_session=${w.expiredToken}`),
        fc.constant("vertaistuki_session=; other=1"),
        fc.constant(`vertaistuki_session=${"A".repeat(5000)}`)
      ),
      csrf: fc.oneof(fc.constant(undefined), fc.constant("valid"), fc.string({ maxLength: 60 }).filter((s) => /^[\x21-\x7e]*$/.test(s))),
      fetchSite: fc.constantFrom(undefined, "same-origin", "cross-site", "none"),
      origin: fc.constantFrom(undefined, "http://evil.example", "null")
    })
    .map((r) => {
      const headers: Record<string, string> = {}
      if (r.contentType !== undefined && r.body !== undefined) headers["content-type"] = r.contentType
      let role: string | undefined
      if (r.cookie !== undefined) {
        headers.cookie = r.cookie
        role = w.roles.find((x) => r.cookie === `vertaistuki_session=${w.sessions[x]!.token}`)
      }
      if (r.csrf === "valid" && role !== undefined) headers["x-csrf-token"] = w.sessions[role]!.csrfToken
      else if (r.csrf !== undefined && r.csrf !== "valid") headers["x-csrf-token"] = r.csrf
      if (r.fetchSite !== undefined) headers["sec-fetch-site"] = r.fetchSite
      if (r.origin !== undefined) headers.origin = r.origin
      const m = r.sameMethod ? r.route.method : r.method
      return { method: m, path: r.query === undefined ? r.route.path : `${r.route.path}?${r.query}`, headers, body: m === "GET" || m === "HEAD" ? undefined : r.body }
    })

describe("abuse: generated bad requests", () => {
  it("10,000 requests over every route, method, body, header and cookie: no 5xx, every 4xx names the field, no marked value comes back", async () => {
    const statuses = new Map<number, number>()
    const logs: Array<string> = []
    let runs = 0
    // 500 runs of 20 requests sent at once (8 connections): 10,000 requests, shrunk to a failing batch.
    const check = async (r: Sent) => {
      runs++
      const a = await send(w.url, r)
      statuses.set(a.status, (statuses.get(a.status) ?? 0) + 1)
      if (a.status >= 500) throw new Error(`${r.method} ${r.path} answered ${a.status}: ${a.body.slice(0, 300)}`)
      expect(a.headers["x-content-type-options"], `${a.status} ${a.body.slice(0, 100)}`).toBe("nosniff")
      expect(a.body).not.toContain(MARK)
      if (a.status >= 400 && r.method !== "HEAD") {
        const problem = JSON.parse(a.body) as { field?: unknown; expected?: unknown }
        expect(typeof problem.field, `${r.method} ${r.path} ${a.status} ${a.body}`).toBe("string")
        expect(typeof problem.expected, `${r.method} ${r.path} ${a.status} ${a.body}`).toBe("string")
      }
    }
    // Four parts of 125 batches (2,500 requests), each against a fresh server and store, so that what the
    // accepted requests add (groups, refusal-log entries) does not slow the later parts.
    const parts = 4
    for (let part = 0; part < parts; part++) {
      if (part > 0) {
        logs.push(...w.logs())
        await w.close()
        w = await world()
      }
      const assertion = fc.assert(
        fc.asyncProperty(fc.array(request(), { minLength: 20, maxLength: 20 }), async (batch) => {
          await Promise.all(batch.map(check))
          // A sign-in ends the session its cookie names (no fixation): the roles whose session a generated
          // sign-in ended get a new one, so that later requests still reach past authentication.
          const sessions = w.sessions as Record<string, { token: string; csrfToken: string }>
          for (const role of w.roles) {
            if (batch.some((r) => r.path.startsWith("/api/session") && r.method === "POST" && r.headers.cookie === `vertaistuki_session=${sessions[role]!.token}`)) {
              sessions[role] = await w.signIn(role)
            }
          }
        }),
        { numRuns: Math.ceil(BATCHES / parts), seed: 14 + part, endOnFailure: true }
      )
      // A counterexample may carry a 5,000-character cookie: the report keeps its start.
      await assertion.catch((e: Error) => {
        throw new Error(`${e.message.slice(0, 700)} … ${String(e.cause).slice(0, 1000)}`)
      })
    }
    logs.push(...w.logs())
    console.log("abuse: statuses", Object.fromEntries([...statuses].sort(([a], [b]) => a - b)), "sent again after a dropped connection:", resent)
    expect(runs).toBeGreaterThanOrEqual(BATCHES * 20)
    // The requests reached more than the first gate: decode errors, refusals and successes all occurred.
    expect(statuses.get(400)).toBeGreaterThan(runs / 100)
    expect(statuses.get(401)).toBeGreaterThan(runs / 100)
    expect(statuses.get(403)).toBeGreaterThan(runs / 100)
    expect(statuses.get(404)).toBeGreaterThan(runs / 100)
    expect(resent).toBeLessThan(runs / 10)
    expect(logs.join("\n")).not.toContain(MARK)
  }, TIMEOUT)

  it("a state-changing request without the CSRF token is refused, with it accepted", async () => {
    // A new session: generated sign-ins that carried the seeded session's cookie have ended it (no fixation).
    const s = await w.signIn("coordinator")
    const without = await send(w.url, { method: "PUT", path: "/api/organisation", headers: { cookie: `vertaistuki_session=${s.token}`, "content-type": "application/json" }, body: JSON.stringify({ organisationId: w.organisationId, name: "Demo" }) })
    expect([without.status, without.body]).toEqual([403, expect.any(String)])
    expect(JSON.parse(without.body)).toMatchObject({ _tag: "CsrfRejected", field: "x-csrf-token" })
    const wrong = await send(w.url, { method: "PUT", path: "/api/organisation", headers: { cookie: `vertaistuki_session=${s.token}`, "content-type": "application/json", "x-csrf-token": (await w.signIn("analyst")).csrfToken }, body: JSON.stringify({ organisationId: w.organisationId, name: "Demo" }) })
    expect(wrong.status).toBe(403)
    const crossSite = await send(w.url, { method: "PUT", path: "/api/organisation", headers: { cookie: `vertaistuki_session=${s.token}`, "content-type": "application/json", "x-csrf-token": s.csrfToken, "sec-fetch-site": "cross-site" }, body: JSON.stringify({ organisationId: w.organisationId, name: "Demo" }) })
    expect(crossSite.status).toBe(403)
    const ok = await send(w.url, { method: "PUT", path: "/api/organisation", headers: { cookie: `vertaistuki_session=${s.token}`, "content-type": "application/json", "x-csrf-token": s.csrfToken }, body: JSON.stringify({ organisationId: w.organisationId, name: "Demo" }) })
    expect(ok.status).toBe(200)
    // Every state-changing route refuses a signed-in request without the token before doing anything.
    for (const r of routes.filter((x) => x.method !== "GET" && x.name !== "session.signIn")) {
      const a = await send(w.url, { method: r.method, path: r.path.replace(/:([A-Za-z]+)/g, () => w.ids[0]!), headers: { cookie: `vertaistuki_session=${s.token}`, "content-type": "application/json" }, body: "{}" })
      expect([r.name, a.status, a.body]).toEqual([r.name, 403, expect.stringContaining('"_tag":"CsrfRejected"')])
    }
  })
})
