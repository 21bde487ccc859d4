import { SmtpTransport } from "@vertaistuki/notify-smtp"
import { SmtpSink } from "@vertaistuki/notify-smtp/sink"
import { AccessLog, Deliveries, EventStore, InMemoryEventStore, MasterKey, Outbox, PersonalDataVault } from "@vertaistuki/store"
import { Effect, Layer, ManagedRuntime } from "effect"
import { afterEach, describe, expect, it } from "vitest"
import { Dispatcher, Notice, ReminderPolicy } from "../src/index.js"
import { clockFrom, type Member, member, seedMembers, seedSession, system, withdraw } from "./world.js"

const sinks: Array<SmtpSink.SmtpSink> = []
const runtimes: Array<ManagedRuntime.ManagedRuntime<unknown, unknown>> = []
afterEach(async () => {
  for (const rt of runtimes.splice(0)) await rt.dispose()
  await Promise.all(sinks.splice(0).map((s) => s.close()))
})

const GROUP = "g-1"
const START = "2026-03-12T16:00:00.000Z" // Thursday 18:00 in Helsinki
const PLANNED_AT = Date.parse("2026-03-09T10:00:00.000Z")
const DAY_BEFORE = Date.parse("2026-03-11T16:00:00.000Z") // 18:00 the day before
const emailOnly: ReminderPolicy.Policy = { ...ReminderPolicy.defaults, channels: ["email"] }

/** A store in memory, a real SMTP sink on 127.0.0.1 and a dispatcher over both. */
const world = async (options: { readonly fault?: SmtpSink.Options["fault"]; readonly languages?: Readonly<Record<string, "fi" | "sv" | "en">> } = {}) => {
  const sink = await SmtpSink.start({ fault: options.fault })
  sinks.push(sink)
  const layer = Layer.mergeAll(
    InMemoryEventStore.layer({ keyring: MasterKey.unsafeKeyring(MasterKey.generate()) }),
    SmtpTransport.layer({ url: sink.url, from: "Vertaistuki <ryhma@example.test>", messageIdDomain: "vertaistuki.test", poolSize: 2 }),
    Dispatcher.noSms
  )
  const rt = ManagedRuntime.make(layer)
  runtimes.push(rt as ManagedRuntime.ManagedRuntime<unknown, unknown>)
  const run = <A, E>(eff: Effect.Effect<A, E, Layer.Layer.Success<typeof layer> | AccessLog.Actor>, at = PLANNED_AT) =>
    rt.runPromise(Effect.withClock(eff.pipe(AccessLog.actingAs(system)), clockFrom(at)))
  const dispatcher = await run(
    Dispatcher.make({
      instanceId: "dispatcher-1",
      policy: emailOnly,
      languageOf: (participantId) => options.languages?.[participantId],
      retry: { maxAttempts: 3, baseDelayMillis: 1000, factor: 2, maxDelayMillis: 10_000 }
    })
  )
  const drainAt = (at: number) => run(Dispatcher.drain(dispatcher), at)
  const rows = () => run(Effect.flatMap(Deliveries.Deliveries, (d) => d.list()))
  return { sink, run, drainAt, rows }
}

type World = Awaited<ReturnType<typeof world>>

/** The group's members, its session scheduled and its notice in the outbox, as an app would write them. */
const seed = async (w: World, members: ReadonlyArray<Member>) => {
  await w.run(seedMembers(GROUP, members, "2026-03-01T10:00:00.000Z"))
  const personOf = new Map(members.map((m) => [m.participantId, m.personId]))
  await w.run(
    seedSession(GROUP, "s-1", START, "2026-03-09T09:00:00.000Z", (events) =>
      Notice.fromEvents(events, { groupId: GROUP, personOf: (p) => personOf.get(p) })
    )
  )
}

describe("Dispatcher", () => {
  it("plans the outbox into deliveries, then sends each reminder at its time to a real SMTP server in the person's language", async () => {
    const members = [member(1), member(2), member(3)]
    const w = await world({ languages: { [members[1]!.participantId]: "sv", [members[2]!.participantId]: "en" } })
    await seed(w, members)
    const planned = await w.drainAt(PLANNED_AT)
    expect(planned).toMatchObject({ planned: 1, recorded: 6, sent: 0 })
    expect(await w.run(Effect.flatMap(Outbox.Outbox, (o) => o.pending()))).toEqual([])
    expect(w.sink.count()).toBe(0)
    const sent = await w.drainAt(DAY_BEFORE + 30_000)
    expect(sent).toMatchObject({ sent: 3, suppressed: 0 })
    const received = w.sink.received()
    expect(received.map((r) => r.envelope.to[0]).sort()).toEqual(members.map((m) => m.email).sort())
    expect(new Map(received.map((r) => [r.envelope.to[0], r.language]))).toEqual(new Map([[members[0]!.email, "fi"], [members[1]!.email, "sv"], [members[2]!.email, "en"]]))
    const rows = await w.rows()
    const done = rows.filter((r) => r.status === "sent")
    expect(done).toHaveLength(3)
    for (const r of done) {
      expect(received.some((m) => m.messageId === `<${r.deliveryId}@vertaistuki.test>`)).toBe(true)
      expect(r.consentRecord).not.toBeNull()
      expect(r.attempts).toBe(1)
    }
    // The hours-before reminders wait for their time; nothing was sent twice by a second pass.
    expect(rows.filter((r) => r.status === "pending")).toHaveLength(3)
    expect(await w.drainAt(DAY_BEFORE + 60_000)).toMatchObject({ sent: 0 })
    expect(w.sink.count()).toBe(3)
    // No contact detail in the delivery rows; each read of one is logged with the dispatcher as actor.
    const text = JSON.stringify(rows)
    for (const m of members) expect(text).not.toContain(m.email)
    const log = await w.run(Effect.flatMap(AccessLog.AccessLog, (l) => l.forPerson(members[0]!.personId, system)))
    expect(log.some((e) => e.actor === "notification-dispatcher" && e.purpose === "reminder" && e.action === "read" && e.detail === null)).toBe(true)
  })

  it("race: a consent withdrawn after the reminder was queued and before it is sent stops it (0 sent); an erased person and one who never consented get nothing", async () => {
    const members = [member(1), member(2), member(3), member(4, [])]
    const w = await world()
    await seed(w, members)
    await w.drainAt(PLANNED_AT)
    expect((await w.rows()).filter((r) => r.status === "pending")).toHaveLength(8)
    await w.run(withdraw(members[1]!, "email-reminders", "2026-03-10T08:00:00.000Z"), Date.parse("2026-03-10T08:00:00.000Z"))
    await w.run(Effect.flatMap(PersonalDataVault.PersonalDataVault, (v) => v.erase(members[2]!.personId, { actor: "dpo", purpose: "erasure-request", legalBasis: "GDPR Art. 17" })))
    const step = await w.drainAt(DAY_BEFORE + 30_000)
    expect(step).toMatchObject({ sent: 1, suppressed: 3 })
    expect(w.sink.received().map((r) => r.envelope.to[0])).toEqual([members[0]!.email])
    const byPerson = new Map((await w.rows()).filter((r) => r.status === "suppressed").map((r) => [r.personId, r.lastError]))
    expect(byPerson).toEqual(
      new Map([
        [members[1]!.personId, "consent-withdrawn"],
        [members[2]!.personId, "erased"],
        [members[3]!.personId, "no-consent"]
      ])
    )
    // Their later reminders are stopped too.
    await w.drainAt(Date.parse("2026-03-12T14:00:30.000Z"))
    expect(w.sink.received().filter((r) => r.envelope.to[0] !== members[0]!.email)).toEqual([])
  })

  it("quiet hours: a reminder due inside them is deferred, nothing is sent at night, and it goes out when they end, before its deadline", async () => {
    const w = await world()
    await seed(w, [member(1)])
    await w.drainAt(PLANNED_AT)
    // 21:30 in Helsinki: the day-before reminder waited until the window started (e.g. the dispatcher was down).
    const night = await w.drainAt(Date.parse("2026-03-11T19:30:00.000Z"))
    expect(night).toMatchObject({ sent: 0, deferred: 1 })
    expect(w.sink.count()).toBe(0)
    const [waiting] = (await w.rows()).filter((r) => r.template === "session-reminder" && r.status === "pending" && r.deliverAt.getTime() === DAY_BEFORE)
    expect(waiting?.nextAttemptAt?.toISOString()).toBe("2026-03-12T06:00:00.000Z")
    expect(waiting?.attempts).toBe(0)
    expect(await w.drainAt(Date.parse("2026-03-12T05:59:00.000Z"))).toMatchObject({ sent: 0 })
    expect(await w.drainAt(Date.parse("2026-03-12T06:00:10.000Z"))).toMatchObject({ sent: 1 })
    expect(w.sink.count()).toBe(1)
  })

  it("a transient SMTP failure (451) is retried after its backoff, a permanent one (550) fails for good; each ends with its status and error", async () => {
    const members = [member(1), member(2)]
    const w = await world({
      fault: (c) =>
        c.stage === "RCPT" && c.recipient === members[0]!.email && c.attempt <= 2
          ? { _tag: "Reply", code: 451 }
          : c.stage === "RCPT" && c.recipient === members[1]!.email
            ? { _tag: "Reply", code: 550 }
            : undefined
    })
    await seed(w, members)
    await w.drainAt(PLANNED_AT)
    const first = await w.drainAt(DAY_BEFORE + 1000)
    expect(first).toMatchObject({ sent: 0, retried: 1, failed: 1 })
    const retry = (await w.rows()).find((r) => r.personId === members[0]!.personId && r.deliverAt.getTime() === DAY_BEFORE)!
    expect(retry).toMatchObject({ status: "pending", attempts: 1 })
    expect(retry.lastError).toMatch(/^RateLimited|^Unavailable|^Rejected/)
    expect(retry.nextAttemptAt!.getTime()).toBeGreaterThan(DAY_BEFORE + 1000)
    const failed = (await w.rows()).find((r) => r.personId === members[1]!.personId && r.deliverAt.getTime() === DAY_BEFORE)!
    expect(failed.status).toBe("failed")
    expect(failed.lastError).not.toContain(members[1]!.email)
    // Before the backoff nothing is tried; after it the message goes out.
    expect(await w.drainAt(DAY_BEFORE + 1200)).toMatchObject({ sent: 0, retried: 0 })
    const second = await w.drainAt(retry.nextAttemptAt!.getTime() + 10)
    expect(second.retried + second.sent).toBe(1)
    const third = await w.drainAt(DAY_BEFORE + 60_000)
    expect(first.sent + second.sent + third.sent).toBe(1)
    expect(w.sink.received().map((r) => r.envelope.to[0])).toEqual([members[0]!.email])
  })

  it("a bad outbox entry is left in the outbox (nothing lost, nothing sent); an entry of another topic is not touched", async () => {
    const w = await world()
    await seed(w, [member(1)])
    await w.run(
      Effect.flatMap(EventStore.EventStore, (es) =>
        es.append("other", "any", [{ type: "Noted", data: {} }], {
          outbox: [
            { topic: "session-scheduled", payload: { groupId: GROUP, sessionId: "s-2", start: "not a time", minutes: 90 } },
            { topic: "invoice", payload: { n: 1 } }
          ]
        })
      )
    )
    const step = await w.drainAt(PLANNED_AT)
    expect(step).toMatchObject({ planned: 1, unreadable: 1 })
    const left = await w.run(Effect.flatMap(Outbox.Outbox, (o) => o.pending()))
    expect(left.map((m) => m.topic)).toEqual(["session-scheduled", "invoice"])
    expect((await w.rows()).every((r) => r.outboxId === 1)).toBe(true)
  })
})
