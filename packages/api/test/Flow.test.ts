import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { InMemoryEventStore, MasterKey } from "@vertaistuki/store"
import { PgEventStore } from "@vertaistuki/store-postgres"
import { SqliteEventStore } from "@vertaistuki/store-sqlite"
import { Effect, Layer, ManagedRuntime } from "effect"
import { afterAll, describe, expect, it } from "vitest"
import { dropSchemas, freshSchema, skip as skipPg, url } from "../../store-postgres/test/pg.js"
import { Coordinator } from "../src/index.js"
import { analyst, at, coordinator, dpo, flow, models, runner } from "./flow.js"

const keyring = MasterKey.unsafeKeyring(MasterKey.generate())
const dir = mkdtempSync(join(tmpdir(), "vt-api-flow-"))
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true })
  await dropSchemas()
})

const stores = [
  ["in memory", () => InMemoryEventStore.layer({ keyring }), false],
  ["a SQLite file", () => SqliteEventStore.layer({ filename: join(dir, `flow-${Math.random().toString(36).slice(2)}.db`), keyring }), false],
  ["PostgreSQL", () => PgEventStore.layer({ url, schema: freshSchema(), keyring, maxConnections: 4 }), skipPg]
] as const

const C = Coordinator.Coordinator

for (const [where, store, skip] of stores) {
  describe.skipIf(skip)(`the whole flow through the Coordinator, ${where}`, () => {
    const runtime = ManagedRuntime.make(Coordinator.layer.pipe(Layer.provide(store())))
    afterAll(() => runtime.dispose())
    const { run } = runner(runtime, at("2026-02-01T09:00"))

    for (const model of models) {
      it(`${model.programmeId}: plan, recruit, refer, eligibility, intake, enrol or waitlist, schedule, sessions, 3X10D, completion, cost, data protection`, async () => {
        const { groupId, enrolled } = await flow(run, model, "2026")

        // The analyst sees aggregates only.
        const aggregates = await run(Effect.flatMap(C, (c) => c.aggregates(analyst, { groupId })))
        expect(aggregates.enrolled).toBe(model.capacity)
        expect(aggregates.waitlisted).toBe(1)
        expect(aggregates.sessionsHeld).toBeGreaterThan(0)
        expect(JSON.stringify(aggregates)).not.toContain(enrolled[0]!)

        // The data-protection officer: find, export, access log, erase.
        const found = await run(Effect.flatMap(C, (c) => c.findPeople(dpo, { name: `Perhe 1 ${model.programmeId}` })))
        expect(found.map((f) => f.participantId)).toEqual([enrolled[0]])
        const exported = await run(Effect.flatMap(C, (c) => c.exportPerson(dpo, { participantId: enrolled[0]! })))
        expect(exported.status).toBe("active")
        expect(exported.events.some((e) => e.type === "ParticipantReferred")).toBe(true)
        const log = await run(Effect.flatMap(C, (c) => c.accessLog(dpo, { participantId: enrolled[0]! })))
        const actors = new Set(log.entries.map((e) => e.actor))
        expect(actors.has(`u-leader-${groupId}`)).toBe(true)
        expect(actors.has(dpo.userId)).toBe(true)
        const erased = await run(Effect.flatMap(C, (c) => c.erasePerson(dpo, { participantId: enrolled[0]! })))
        expect(erased.alreadyErased).toBe(false)
        const roster = await run(Effect.flatMap(C, (c) => c.roster(coordinator, { groupId })))
        expect(roster.members.find((m) => m.participantId === enrolled[0])?.erased).toBe(true)
        const view = await run(Effect.flatMap(C, (c) => c.participant(coordinator, { participantId: enrolled[0]! })))
        expect(view.contact._tag).toBe("Erased")
        // The erased person's 3X10D answers are gone; the others' still count.
        const after = await run(Effect.flatMap(C, (c) => c.aggregates(analyst, { groupId })))
        expect(after.outcomesMeasured).toBe(model.outcomes ? aggregates.outcomesMeasured - 2 : 0)
        if (model.outcomes) expect((await run(Effect.flatMap(C, (c) => c.outcome(coordinator, { participantId: enrolled[0]! })))).start).toBeNull()
      })
    }
  })
}
