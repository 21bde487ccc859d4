import { createHash } from "node:crypto"
import * as HttpApi from "@effect/platform/HttpApi"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { Api } from "../src/Api.js"
import { type World, password, world } from "./world.js"

let w: World
beforeAll(async () => {
  // A small limit so that the test reaches it quickly: 3 failures per account, 6 per address.
  w = await world({ accounts: { maxFailuresPerAccount: 3, maxFailuresPerAddress: 6 } })
})
afterAll(() => w.close())

const signIn = (username: string, pw: string, cookie?: string) =>
  fetch(`${w.url}/api/session`, {
    method: "POST",
    headers: { "content-type": "application/json", ...(cookie === undefined ? {} : { cookie }) },
    body: JSON.stringify({ username, password: pw })
  })

const sessionCookie = (res: Response): string | undefined => res.headers.getSetCookie().find((c) => c.startsWith("vertaistuki_session="))

describe("sign-in, sessions and cookies over HTTP", () => {
  it("a sign-in sets an HttpOnly, SameSite=Strict, Path=/ cookie with a new random token, and ends the session the browser sent (no fixation)", async () => {
    const first = await signIn("coordinator", password)
    expect(first.status).toBe(200)
    const cookie = sessionCookie(first)!
    expect(cookie).toMatch(/^vertaistuki_session=[A-Za-z0-9_-]{43};/)
    expect(cookie).toContain("HttpOnly")
    expect(cookie).toContain("SameSite=Strict")
    expect(cookie).toContain("Path=/")
    const token = cookie.split(";")[0]!
    // An attacker's planted token is never adopted: the sign-in answers with a token of its own.
    const planted = "vertaistuki_session=attacker-chosen-value-0123456789"
    const second = await signIn("coordinator", password, `${planted}`)
    const fresh = sessionCookie(second)!.split(";")[0]!
    expect(fresh).not.toBe(planted)
    expect(fresh).not.toBe(token)
    // Signing in again with the first session's cookie ends that session.
    const third = await signIn("coordinator", password, token)
    expect(third.status).toBe(200)
    const old = await fetch(`${w.url}/api/session`, { headers: { cookie: token } })
    expect(old.status).toBe(401)
    expect(((await old.json()) as { reason: string }).reason).toBe("unknown")
    const now = await fetch(`${w.url}/api/session`, { headers: { cookie: sessionCookie(third)!.split(";")[0]! } })
    expect(now.status).toBe(200)
  })

  it("an expired session is refused with 401 naming the cookie", async () => {
    const res = await fetch(`${w.url}/api/groups`, { headers: { cookie: `vertaistuki_session=${w.expiredToken}` } })
    expect(res.status).toBe(401)
    expect(await res.json()).toMatchObject({ _tag: "Unauthenticated", reason: "expired", field: "cookie:vertaistuki_session" })
    const again = await fetch(`${w.url}/api/groups`, { headers: { cookie: `vertaistuki_session=${w.expiredToken}` } })
    expect(((await again.json()) as { reason: string }).reason).toBe("unknown")
  })

  it("signing out deletes the session and expires the cookie", async () => {
    const s = await w.signIn("analyst")
    const out = await fetch(`${w.url}/api/session`, { method: "DELETE", headers: { cookie: `vertaistuki_session=${s.token}`, "x-csrf-token": s.csrfToken } })
    expect(out.status).toBe(204)
    expect(sessionCookie(out)).toMatch(/^vertaistuki_session=;.*Expires=Thu, 01 Jan 1970/)
    expect((await fetch(`${w.url}/api/session`, { headers: { cookie: `vertaistuki_session=${s.token}` } })).status).toBe(401)
  })

  it("sign-in attempts are limited per account and per address: 429 with Retry-After, and the same answer for an unknown name", async () => {
    const statuses: Array<number> = []
    for (let i = 0; i < 3; i++) statuses.push((await signIn("leader", "wrong password, certainly")).status)
    expect(statuses).toEqual([401, 401, 401])
    const limited = await signIn("leader", password)
    expect(limited.status).toBe(429)
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0)
    expect(await limited.json()).toMatchObject({ _tag: "TooManyRequests", field: "credentials" })
    // The address has 3 failures; three more for names that do not exist reach its limit of 6.
    const unknown = await signIn("nobody-at-all", "x")
    expect([unknown.status, ((await unknown.json()) as { _tag: string })._tag]).toEqual([401, "SignInRefused"])
    await signIn("nobody-2", "x")
    await signIn("nobody-3", "x")
    const byAddress = await signIn("dpo", password)
    expect(byAddress.status).toBe(429)
  })

  it("a cross-site sign-in or one from another origin is refused", async () => {
    const crossSite = await fetch(`${w.url}/api/session`, { method: "POST", headers: { "content-type": "application/json", "sec-fetch-site": "cross-site" }, body: "{}" })
    expect(crossSite.status).toBe(400) // the body is decoded first
    const res = await fetch(`${w.url}/api/session`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: "http://evil.example" },
      body: JSON.stringify({ username: "analyst", password })
    })
    expect(res.status).toBe(403)
    expect(await res.json()).toMatchObject({ _tag: "CsrfRejected", field: "origin" })
  })
})

describe("security headers, OpenAPI and Swagger UI", () => {
  it("every response carries the security headers: a CSP without inline script, nosniff, frame denial, no referrer", async () => {
    for (const path of ["/api/groups", "/api/nothing-here", "/api/openapi.json", "/somewhere-else"]) {
      const res = await fetch(`${w.url}${path}`)
      const csp = res.headers.get("content-security-policy")!
      expect(csp).toContain("script-src 'self'")
      expect(csp).not.toContain("unsafe-inline")
      expect(csp).toContain("frame-ancestors 'none'")
      expect(res.headers.get("x-content-type-options")).toBe("nosniff")
      expect(res.headers.get("x-frame-options")).toBe("DENY")
      expect(res.headers.get("referrer-policy")).toBe("no-referrer")
    }
  })

  it("/api/openapi.json describes every endpoint and the session cookie", async () => {
    const spec = (await (await fetch(`${w.url}/api/openapi.json`)).json()) as {
      paths: Record<string, Record<string, unknown>>
      components: { securitySchemes: Record<string, { type: string; in: string; name: string }> }
    }
    const operations = Object.entries(spec.paths).flatMap(([path, p]) => Object.keys(p).filter((k) => k !== "parameters").map((m) => `${m.toUpperCase()} ${path}`))
    const endpoints: Array<string> = []
    HttpApi.reflect(Api, { onGroup: () => undefined, onEndpoint: ({ endpoint }) => endpoints.push(`${endpoint.method} ${endpoint.path.replace(/:([A-Za-z]+)/g, "{$1}")}`) })
    expect(endpoints).toHaveLength(43)
    expect(operations.sort()).toEqual(endpoints.sort())
    expect(Object.keys(spec.paths)).toContain("/api/groups/{groupId}/roster")
    expect(Object.values(spec.components.securitySchemes)).toContainEqual({ type: "apiKey", in: "cookie", name: "vertaistuki_session" })
    // No personal data in URLs: a name searched for travels in the body.
    expect(Object.keys(spec.paths).join(" ")).not.toMatch(/name|email|phone/)
  })

  it("Swagger UI at /api/docs has its assets inline (no CDN) and its inline script allowed by hash only", async () => {
    const res = await fetch(`${w.url}/api/docs`)
    const html = await res.text()
    expect(res.status).toBe(200)
    expect(html).toContain("SwaggerUIBundle")
    expect(html).not.toMatch(/<script[^>]+src=/)
    expect(html).not.toMatch(/<link[^>]+href="https?:/)
    const csp = res.headers.get("content-security-policy")!
    const script = [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((m) => m[1]!)
    expect(script).toHaveLength(1)
    expect(csp).toContain(`script-src 'sha256-${createHash("sha256").update(script[0]!).digest("base64")}'`)
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/)
    expect(csp).toContain("frame-ancestors 'none'")
  })

  it("no personal data in logs: a refused request's name and body are not logged", async () => {
    const mark = "Matti-Meikäläinen-010101A123X"
    const s = await w.signIn("coordinator")
    await fetch(`${w.url}/api/groups/g-a/participants`, {
      method: "POST",
      headers: { cookie: `vertaistuki_session=${s.token}`, "x-csrf-token": s.csrfToken, "content-type": "application/json" },
      body: JSON.stringify({ source: "social-worker", modality: "in-person", contact: { name: mark, language: "xx" } })
    })
    // Refused by the domain (the group is running, not recruiting): 409, the name not repeated.
    const refused = await fetch(`${w.url}/api/groups/g-a/participants`, {
      method: "POST",
      headers: { cookie: `vertaistuki_session=${s.token}`, "x-csrf-token": s.csrfToken, "content-type": "application/json" },
      body: JSON.stringify({ source: "social-worker", modality: "in-person", contact: { name: mark, language: "fi" } })
    })
    expect(refused.status).toBe(409)
    expect(await refused.text()).not.toContain(mark)
    expect(w.logs().join("\n")).not.toContain(mark)
  })
})
