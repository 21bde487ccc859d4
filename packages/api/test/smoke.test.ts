import { Effect, Layer } from "effect"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { Coordinator, Unavailable } from "../src/Coordinator.js"
import { actorFixture } from "./fixtures.js"
import { client, type Running, start } from "./server.js"

const stub = Layer.succeed(Coordinator, new Proxy({}, { get: () => () => Effect.fail(new Unavailable({ reason: "stub" })) }) as never)
let server: Running
beforeAll(async () => {
  server = await start({ coordinator: stub, users: [{ username: "coordinator", actor: actorFixture("coordinator") }] })
})
afterAll(() => server.close())

describe("smoke", () => {
  it("signs in", async () => {
    const r = await Effect.runPromise(Effect.gen(function* () {
      const c = yield* client(server.url)
      const s = yield* c.signIn("coordinator")
      const cur = yield* c.api.session.current()
      return { s, cur }
    }))
    expect(r.cur.actor.role).toBe("coordinator")
    const res = await fetch(`${server.url}/api/groups`, { method: "POST", body: JSON.stringify({ name: 1 }), headers: { "content-type": "application/json" } })
    console.log(res.status, [...res.headers], await res.text())
    const res2 = await fetch(`${server.url}/api/session`, { method: "POST", body: JSON.stringify({ username: 1 }), headers: { "content-type": "application/json" } })
    console.log(res2.status, await res2.text())
    const res3 = await fetch(`${server.url}/api/session`, { method: "POST", body: "{bad", headers: { "content-type": "application/json" } })
    console.log(res3.status, await res3.text())
    const res4 = await fetch(`${server.url}/api/nothing`)
    console.log(res4.status, await res4.text())
    const res5 = await fetch(`${server.url}/api/docs`)
    console.log(res5.status, res5.headers.get("content-security-policy"), (await res5.text()).length)
    const res6 = await fetch(`${server.url}/api/openapi.json`)
    console.log(res6.status, (await res6.text()).slice(0, 200))
  })
})
