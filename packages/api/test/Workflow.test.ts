import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { type Group, Participant } from "@vertaistuki/core"
import { AccessLog, EventStore, InMemoryEventStore, MasterKey, Outbox } from "@vertaistuki/store"
import { SqliteEventStore } from "@vertaistuki/store-sqlite"
import { Context, Effect, Either, ManagedRuntime } from "effect"
import { DateTime } from "luxon"
import { afterAll, describe, expect, it } from "vitest"
import { Workflow } from "../src/index.js"

const keyring = MasterKey.unsafeKeyring(MasterKey.generate())
const dir = mkdtempSync(join(tmpdir(), "vt-api-workflow-"))
afterAll(() => rmSync(dir, { recursive: true, force: true }))
const now = DateTime.fromISO("2026-03-02T12:00", { zone: "Europe/Helsinki" })
const system = AccessLog.system("workflow-test")

const rules: Group.GroupRules = { programmeId: "voikukkia", minimum: 1, maximum: 3, minimumWaiverAllowed: false, leaders: [], protectedName: null }
const ready = (participantId: string): Participant.State => ({
  ...Participant.initial,
  status: "consents-recorded",
  participantId,
  personId: `person-${participantId}`,
  groupId: "g-race",
  consents: ["taking-part"],
  version: 5
})

describe("Workflow.run", () => {
  it("two connections enrolling ten people into a group of three: three enrolled, seven refused as full, each winner at its own version", async () => {
    const filename = join(dir, "race.db")
    const a = ManagedRuntime.make(SqliteEventStore.layer({ filename, keyring }))
    const b = ManagedRuntime.make(SqliteEventStore.layer({ filename, keyring }))
    const step = (command: Group.Command) =>
      Workflow.run({ streamId: Workflow.groupStream("g-race"), decider: Workflow.group, command: () => Either.right(command), now, groupId: () => "g-race" }).pipe(AccessLog.actingAs(system))
    await a.runPromise(step({ _tag: "Plan", groupId: "g-race", rules, usesProtectedName: false }))
    await a.runPromise(step({ _tag: "OpenRecruitment" }))
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) => (i % 2 === 0 ? a : b).runPromise(Effect.either(step({ _tag: "Enrol", participant: ready(`p-${i}`) }))))
    )
    const done = results.flatMap((r) => (Either.isRight(r) ? [r.right] : []))
    const refused = results.flatMap((r) => (Either.isLeft(r) ? [r.left._tag] : []))
    expect(done).toHaveLength(3)
    expect(refused).toEqual(Array(7).fill("CapacityExceeded"))
    const loaded = await b.runPromise(Workflow.load(Workflow.groupStream("g-race"), Workflow.group).pipe(AccessLog.actingAs(system)))
    expect(loaded.state.enrolled).toBe(3)
    expect(loaded.version).toBe(5)
    // Every append expected the version it read: the versions the winners wrote are 3, 4 and 5, once each.
    expect(done.map((d) => d.version).sort()).toEqual([3, 4, 5])
    await Promise.all([a.dispose(), b.dispose()])
  })

  it("when every reader reads before anyone appends, conflicts are re-read and re-decided; with no retries left, the conflict is returned", async () => {
    const store = ManagedRuntime.make(InMemoryEventStore.layer({ keyring }))
    const base = (await store.runtime()).context
    const es = Context.get(base, EventStore.EventStore)
    // Reads that take a moment, so that concurrent steps all read the same version before one of them appends.
    const slow = Context.add(base, EventStore.EventStore, { ...es, readStream: (id, o) => Effect.zipLeft(es.readStream(id, o), Effect.sleep("5 millis")) })
    const step = (command: Group.Command, retries?: number) =>
      Workflow.run({ streamId: Workflow.groupStream("g-race"), decider: Workflow.group, command: () => Either.right(command), now, retries }).pipe(
        AccessLog.actingAs(system),
        Effect.provide(slow)
      )
    await Effect.runPromise(step({ _tag: "Plan", groupId: "g-race", rules: { ...rules, maximum: 100 }, usesProtectedName: false }))
    await Effect.runPromise(step({ _tag: "OpenRecruitment" }))
    const once = await Effect.runPromise(Effect.all(Array.from({ length: 12 }, (_, i) => Effect.either(step({ _tag: "Enrol", participant: ready(`p-${i}`) }, 0))), { concurrency: "unbounded" }))
    const tags = once.map((r) => (Either.isLeft(r) ? r.left._tag : "ok"))
    expect(tags.filter((t) => t === "ok")).toHaveLength(1)
    expect(tags.filter((t) => t === "ConcurrencyConflict")).toHaveLength(11)
    const retried = await Effect.runPromise(Effect.all(Array.from({ length: 12 }, (_, i) => step({ _tag: "Enrol", participant: ready(`q-${i}`) })), { concurrency: "unbounded" }))
    expect(Math.max(...retried.map((d) => d.attempts))).toBeGreaterThan(1)
    const loaded = await Effect.runPromise(Workflow.load(Workflow.groupStream("g-race"), Workflow.group).pipe(AccessLog.actingAs(system), Effect.provide(slow)))
    expect(loaded.state.enrolled).toBe(13)
    await store.dispose()
  })

  it("writes the notifier's notices to the outbox with the events, and appends nothing when the command decides nothing", async () => {
    const rt = ManagedRuntime.make(SqliteEventStore.layer({ filename: join(dir, "outbox.db"), keyring }))
    const plan = Workflow.run({
      streamId: Workflow.sessionStream("s-1"),
      decider: Workflow.session,
      command: (s) => Either.right(s.status === "none" ? { _tag: "Plan", sessionId: "s-1", groupId: "g-1", number: 1, modality: "in-person", maxMinutes: 180 } : { _tag: "Schedule", start: now.plus({ days: 30 }), minutes: 150 }),
      now,
      encode: () => ({ groupId: "g-1" }),
      groupId: () => "g-1"
    }).pipe(AccessLog.actingAs(system))
    await rt.runPromise(plan)
    const scheduled = await rt.runPromise(plan)
    expect(scheduled.events.map((e) => e._tag)).toEqual(["SessionScheduled"])
    const pending = await rt.runPromise(Effect.flatMap(Outbox.Outbox, (o) => o.pending(100)).pipe(AccessLog.actingAs(system)))
    expect(pending.map((p) => p.topic)).toEqual(["session-scheduled"])
    const version = await rt.runPromise(Effect.flatMap(EventStore.EventStore, (es) => es.streamVersion(Workflow.sessionStream("s-1"))))
    expect(version).toBe(2)
    await rt.dispose()
  })
})
