import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { AccessLog, Deliveries, EventStore, MasterKey, Outbox } from "@vertaistuki/store"
import { SqliteEventStore } from "@vertaistuki/store-sqlite"
import { Effect } from "effect"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { runApp } from "./helpers.js"

const dir = mkdtempSync(join(tmpdir(), "vt-cli-notify-"))
const db = join(dir, "notify.sqlite")
const key = MasterKey.generate()
const layer = () => SqliteEventStore.layer({ filename: db, keyring: MasterKey.unsafeKeyring(key) })
const system = AccessLog.system("test")

/** Runs the command line in this process with the master key set. */
const cli = async (args: ReadonlyArray<string>, env: Record<string, string> = {}) => {
  const saved = { ...process.env }
  Object.assign(process.env, { VERTAISTUKI_MASTER_KEY: key, ...env })
  try {
    return await runApp(args)
  } finally {
    process.env = saved
  }
}

const delivery = (id: string, at: number): Deliveries.NewDelivery => ({
  deliveryId: id,
  participantId: `pt-${id}`,
  personId: `person-${id}`,
  channel: "email",
  template: "session-reminder",
  language: "fi",
  deliverAt: new Date(at).toISOString(),
  deadline: new Date(at + 86_400_000).toISOString(),
  intent: { deliveryId: id }
})

beforeAll(async () => {
  await Effect.runPromise(
    Effect.provide(
      Effect.gen(function* () {
        const es = yield* EventStore.EventStore
        yield* es.append("group-g-1", 0, [{ type: "GroupPlanned", data: { groupId: "g-1" } }], { outbox: [{ topic: "session-scheduled", payload: {} }] })
        const [entry] = yield* (yield* Outbox.Outbox).pending()
        const d = yield* Deliveries.Deliveries
        const now = Date.now()
        yield* d.plan(entry!.id, [delivery("d-a", now - 60_000), delivery("d-b", now - 1000), delivery("d-c", now + 3_600_000)])
        const claimed = yield* d.claimDue({ owner: "test", limit: 2 })
        yield* d.settle(claimed[0]!.deliveryId, "test", { _tag: "Parked", error: "Unavailable" })
        yield* d.settle(claimed[1]!.deliveryId, "test", { _tag: "Sent", providerMessageId: "m-1", consentRecord: null })
      }).pipe(AccessLog.actingAs(system)),
      layer()
    )
  )
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe("vertaistuki notify status and requeue", () => {
  it("status counts the deliveries by status and names when the oldest pending one is due", async () => {
    const r = await cli(["notify", "status", "--db", db, "--json"])
    expect(r.code).toBe(0)
    const out = JSON.parse(r.stdout) as { byStatus: Record<string, number>; oldestPending: string }
    expect(out.byStatus).toEqual({ pending: 1, sending: 0, sent: 1, suppressed: 0, expired: 0, failed: 0, parked: 1 })
    expect(Date.parse(out.oldestPending)).toBeGreaterThan(Date.now())
    const table = await cli(["notify", "status", "--db", db])
    expect(table.code).toBe(0)
    expect(table.stdout).toMatch(/parked\s*│?\s*1/)
    expect(table.stdout).toContain("oldest pending: due")
  })

  it("requeue --parked puts the parked delivery back, due now; without --parked it is bad input and nothing changes", async () => {
    const refused = await cli(["notify", "requeue", "--db", db])
    expect(refused.code).toBe(2)
    expect(refused.stderr).toContain("--parked")
    const r = await cli(["notify", "requeue", "--parked", "--db", db, "--json"])
    expect(r.code).toBe(0)
    expect(JSON.parse(r.stdout)).toEqual({ requeued: 1 })
    const again = await cli(["notify", "requeue", "--parked", "--db", db])
    expect(again.stdout).toContain("no parked deliveries")
    const counts = JSON.parse((await cli(["notify", "status", "--db", db, "--json"])).stdout) as { byStatus: Record<string, number> }
    expect(counts.byStatus.parked).toBe(0)
    expect(counts.byStatus.pending).toBe(2)
  })

  it("a missing store is bad input naming how to create one", async () => {
    const r = await cli(["notify", "status", "--db", join(dir, "none.sqlite")])
    expect(r.code).toBe(2)
    expect(r.stderr).toContain("store migrate")
  })
})
