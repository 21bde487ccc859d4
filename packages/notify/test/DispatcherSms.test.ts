import { createServer, type IncomingMessage, type Server } from "node:http"
import type { AddressInfo } from "node:net"
import { SmsGateway } from "@vertaistuki/notify-sms"
import { AccessLog, Deliveries, InMemoryEventStore, MasterKey } from "@vertaistuki/store"
import { Effect, Layer, ManagedRuntime } from "effect"
import { afterEach, describe, expect, it } from "vitest"
import { Dispatcher, Notice, ReminderPolicy, Segments } from "../src/index.js"
import { clockFrom, member, seedMembers, seedSession, system, withdraw } from "./world.js"

const GROUP = "g-sms"
const START = "2026-03-12T16:00:00.000Z"
const PLANNED_AT = Date.parse("2026-03-09T10:00:00.000Z")
const DAY_BEFORE = Date.parse("2026-03-11T16:00:00.000Z")
const smsOnly: ReminderPolicy.Policy = { ...ReminderPolicy.defaults, channels: ["sms"], reminders: [ReminderPolicy.DayBefore.make({ at: "18:00" })] }

interface Received {
  readonly body: { readonly to: string; readonly text: string; readonly reference: string }
  readonly authorization: string | undefined
}

/** A real HTTP SMS gateway on 127.0.0.1: answers 429 (with Retry-After) to the first request for `throttle`, 200 with an id otherwise. */
const gateway = async (throttle?: string) => {
  const received: Array<Received> = []
  let throttled = false
  const read = (req: IncomingMessage) =>
    new Promise<string>((resolve) => {
      let text = ""
      req.setEncoding("utf8").on("data", (d: string) => (text += d))
      req.on("end", () => resolve(text))
    })
  const server: Server = createServer(async (req, res) => {
    const body = JSON.parse(await read(req)) as Received["body"]
    if (body.to === throttle && !throttled) {
      throttled = true
      res.writeHead(429, { "Retry-After": "1", "Content-Type": "application/json" }).end('{"error":"slow down"}')
      return
    }
    received.push({ body, authorization: req.headers.authorization })
    res.writeHead(200, { "Content-Type": "application/json" }).end(JSON.stringify({ id: `m-${received.length}` }))
  })
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/messages`
  return { url, received, close: () => new Promise<void>((resolve) => server.close(() => resolve())) }
}

const closers: Array<() => Promise<unknown>> = []
afterEach(async () => {
  for (const c of closers.splice(0)) await c()
})

describe("Dispatcher over a real HTTP SMS gateway", () => {
  it("sends SMS reminders in each person's language to their E.164 number, retries a 429 after Retry-After, and sends none after a withdrawal", async () => {
    const members = [member(1, ["sms-reminders"], GROUP), member(2, ["sms-reminders"], GROUP), member(3, ["sms-reminders"], GROUP)]
    const gw = await gateway(members[0]!.phone)
    closers.push(gw.close)
    const layer = Layer.mergeAll(
      InMemoryEventStore.layer({ keyring: MasterKey.unsafeKeyring(MasterKey.generate()) }),
      SmsGateway.layer({ url: gw.url, token: "secret-token" }),
      Dispatcher.noEmail
    )
    const rt = ManagedRuntime.make(layer)
    closers.push(() => rt.dispose())
    const run = <A, E>(eff: Effect.Effect<A, E, Layer.Layer.Success<typeof layer> | AccessLog.Actor>, at: number) =>
      rt.runPromise(Effect.withClock(eff.pipe(AccessLog.actingAs(system)), clockFrom(at)))
    await run(seedMembers(GROUP, members, "2026-03-01T10:00:00.000Z"), PLANNED_AT)
    const personOf = new Map(members.map((m) => [m.participantId, m.personId]))
    await run(
      seedSession(GROUP, "s-sms", START, "2026-03-09T09:00:00.000Z", (events) =>
        Notice.fromEvents(events, { groupId: GROUP, personOf: (p) => personOf.get(p) })
      ),
      PLANNED_AT
    )
    const dispatcher = await run(
      Dispatcher.make({
        instanceId: "sms-1",
        policy: smsOnly,
        languageOf: (p) => (p === members[1]!.participantId ? "sv" : undefined),
        retry: { maxAttempts: 3, baseDelayMillis: 1000, factor: 2, maxDelayMillis: 10_000 }
      }),
      PLANNED_AT
    )
    expect(await run(Dispatcher.drain(dispatcher), PLANNED_AT)).toMatchObject({ planned: 1, recorded: 3 })
    await run(withdraw(members[2]!, "sms-reminders", "2026-03-10T08:00:00.000Z"), Date.parse("2026-03-10T08:00:00.000Z"))

    const first = await run(Dispatcher.drain(dispatcher), DAY_BEFORE + 30_000)
    expect(first).toMatchObject({ sent: 1, retried: 1, suppressed: 1 })
    // The throttled one goes once its Retry-After (and backoff) has passed.
    const later = await run(Dispatcher.drain(dispatcher), DAY_BEFORE + 30_000 + 5 * 60_000)
    expect(later).toMatchObject({ sent: 1 })

    expect(gw.received.map((r) => r.body.to).sort()).toEqual([members[0]!.phone, members[1]!.phone].sort())
    expect(gw.received.every((r) => r.authorization === "Bearer secret-token")).toBe(true)
    const swedish = gw.received.find((r) => r.body.to === members[1]!.phone)!
    expect(swedish.body.text).toMatch(/^Påminnelse/)
    expect(gw.received.find((r) => r.body.to === members[0]!.phone)!.body.text).toMatch(/^Muistutus/)
    for (const r of gw.received) expect(Segments.count(r.body.text).segments).toBeLessThanOrEqual(2)
    const rows = await run(Effect.flatMap(Deliveries.Deliveries, (d) => d.list()), DAY_BEFORE)
    for (const r of gw.received) {
      const row = rows.find((d) => d.deliveryId === r.body.reference)
      expect(row?.status).toBe("sent")
      expect(row?.providerMessageId).toMatch(/^m-\d$/)
    }
    expect(rows.find((d) => d.personId === members[2]!.personId)?.lastError).toBe("consent-withdrawn")
    // No number in the delivery rows.
    for (const m of members) expect(JSON.stringify(rows)).not.toContain(m.phone!)
  })
})
