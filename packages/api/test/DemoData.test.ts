import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { MasterKey } from "@vertaistuki/store"
import { SqliteEventStore } from "@vertaistuki/store-sqlite"
import { Effect, Layer, ManagedRuntime } from "effect"
import { DateTime } from "luxon"
import { afterAll, describe, expect, it } from "vitest"
import { Coordinator, DemoData } from "../src/index.js"

const dir = mkdtempSync(join(tmpdir(), "vt-api-demo-"))
afterAll(() => rmSync(dir, { recursive: true, force: true }))
const keyring = MasterKey.unsafeKeyring(MasterKey.generate())
const start = DateTime.fromISO("2026-05-20T12:00", { zone: "Europe/Helsinki" })

describe("DemoData", () => {
  it("makes one running group per seed model through the Coordinator, and a second start on the same file adds nothing", async () => {
    const filename = join(dir, "demo.db")
    const open = () => ManagedRuntime.make(Coordinator.layer.pipe(Layer.provide(SqliteEventStore.layer({ filename, keyring }))))
    const first = open()
    const made = await first.runPromise(DemoData.ensure({ start }))
    expect(made.created).toBe(true)
    expect(DemoData.coversCatalogue()).toBe(true)
    expect(made.groups.map((g) => g.programmeId).sort()).toEqual([...DemoData.programmes].sort())
    for (const g of made.groups) {
      expect(g.status).toBe("running")
      expect(g.participantIds.length).toBeGreaterThan(0)
      expect(g.sessionIds.length).toBeGreaterThan(0)
    }
    expect(new Set(made.users.map((u) => u.actor.role))).toEqual(new Set(["coordinator", "group-leader", "analyst", "data-protection-officer"]))
    for (const u of made.users) expect(u.password.length).toBeGreaterThanOrEqual(12)
    const anna = made.users.find((u) => u.username === "coordinator-anna")!.actor
    const detail = await first.runPromise(Effect.flatMap(Coordinator.Coordinator, (c) => c.group(anna, { groupId: "demo-voikukkia" })))
    expect(detail.enrolled).toBe(8)
    expect(detail.waitlisted).toBe(1)
    expect(detail.sessions.filter((s) => s.status === "held").length).toBeGreaterThan(0)
    // A leader sees the groups whose plan names them.
    const liisa = made.users.find((u) => u.username === "leader-liisa")!.actor
    const seen = await first.runPromise(Effect.flatMap(Coordinator.Coordinator, (c) => c.groups({ ...liisa, groupsLed: [] })))
    expect(seen.map((g) => g.groupId)).toEqual(["demo-voikukkia"])
    const events = await first.runPromise(Effect.flatMap(Coordinator.Coordinator, (c) => c.aggregates(made.users.find((u) => u.username === "analyst-aino")!.actor, {})))
    await first.dispose()

    const second = open()
    const again = await second.runPromise(DemoData.ensure({ start }))
    expect(again.created).toBe(false)
    expect(again.groups.map((g) => g.groupId)).toEqual(made.groups.map((g) => g.groupId))
    const after = await second.runPromise(Effect.flatMap(Coordinator.Coordinator, (c) => c.aggregates(made.users.find((u) => u.username === "analyst-aino")!.actor, {})))
    expect(after).toEqual(events)
    await second.dispose()
  })
})
