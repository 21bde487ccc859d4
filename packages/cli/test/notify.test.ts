import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { Notice } from "@vertaistuki/notify"
import { SmtpSink } from "@vertaistuki/notify-smtp/sink"
import { AccessLog, Deliveries, EventStore, MasterKey, Outbox } from "@vertaistuki/store"
import { SqliteEventStore } from "@vertaistuki/store-sqlite"
import { Effect } from "effect"
import { DateTime } from "luxon"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { member, seedMembers, seedSession } from "../../notify/test/world.js"
import { runApp, runCli } from "./helpers.js"

const dir = mkdtempSync(join(tmpdir(), "vt-cli-notify-"))
const db = join(dir, "notify.sqlite")
const key = MasterKey.generate()
const layer = () => SqliteEventStore.layer({ filename: db, keyring: MasterKey.unsafeKeyring(key) })
const system = AccessLog.system("test")

/** Runs the command line in this process with the master key set. */
const cli = async (args: ReadonlyArray<string>, env: Record<string, string> = {}) => {
  const saved = { ...process.env }
  Object.assign(process.env, { VERTAISTUKI_MASTER_KEY: key, VERTAISTUKI_SMTP_URL: "", VERTAISTUKI_SMS_URL: "", VERTAISTUKI_QUIET_HOURS: "", ...env })
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
    const fi = await cli(["notify", "status", "--db", db, "--lang", "fi"])
    expect(fi.stdout).toMatch(/tila\s*│\s*toimitukset/)
    expect(fi.stdout).toContain("vanhin odottava: ajoitettu")
    const sv = await cli(["notify", "requeue", "--db", db, "--lang", "sv"])
    expect(sv.code).toBe(2)
    expect(sv.stderr).toContain("requeue kräver --parked")
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

describe("vertaistuki notify dispatch and preview", () => {
  const sinks: Array<SmtpSink.SmtpSink> = []
  afterAll(async () => {
    await Promise.all(sinks.splice(0).map((s) => s.close()))
  })

  /** Quiet hours that do not include now: from two to three hours from now, Helsinki time. */
  const awayFromNow = () => {
    const at = (h: number) => DateTime.now().setZone("Europe/Helsinki").plus({ hours: h }).toFormat("HH:mm")
    return `${at(2)}-${at(3)}`
  }

  it("dispatch --once plans the outbox and sends what is due now to the SMTP server of --smtp-url; status then counts them sent", async () => {
    const file = join(dir, "dispatch.sqlite")
    const members = [member(1), member(2, [])]
    // Three days ahead: both reminders of the new time (the day before at 18.00 and two hours before) lie
    // ahead at any hour of the day the test runs, so only the move itself is due now.
    const start = new Date(Date.now() + 3 * 86_400_000).toISOString().replace(/\.\d{3}Z$/, ".000Z")
    await Effect.runPromise(
      Effect.provide(
        Effect.gen(function* () {
          yield* seedMembers("g-1", members, new Date(Date.now() - 86_400_000).toISOString())
          yield* seedSession("g-1", "s-1", start, new Date().toISOString(), () => [
            Notice.toOutbox({ _tag: "session-moved", groupId: "g-1", sessionId: "s-1", start, previousStart: start, minutes: 90 })
          ])
        }).pipe(AccessLog.actingAs(system)),
        SqliteEventStore.layer({ filename: file, keyring: MasterKey.unsafeKeyring(key) })
      )
    )
    const sink = await SmtpSink.start()
    sinks.push(sink)
    const base = ["notify", "dispatch", "--once", "--db", file, "--smtp-from", "ryhma@example.test", "--quiet-hours", awayFromNow()]
    // Bad settings are refused before anything is claimed.
    const badUrl = await cli([...base, "--smtp-url", "http://nowhere"])
    expect(badUrl.code).toBe(2)
    expect(badUrl.stderr).toContain("--smtp-url")
    const badQuiet = await cli([...base.slice(0, -2), "--quiet-hours", "25:00-7", "--smtp-url", sink.url])
    expect(badQuiet.code).toBe(2)
    expect(badQuiet.stderr).toContain("--quiet-hours")
    const none = await cli(base, { VERTAISTUKI_SMTP_URL: "", VERTAISTUKI_SMS_URL: "" })
    expect(none.code).toBe(2)
    expect(none.stderr).toContain("no transport")
    expect(JSON.parse((await cli(["notify", "status", "--db", file, "--json"])).stdout).byStatus.pending).toBe(0)
    // The URL from the environment, overridden by the flag.
    const r = await cli([...base, "--json"], { VERTAISTUKI_SMTP_URL: sink.url })
    expect(r.code).toBe(0)
    expect(JSON.parse(r.stdout)).toMatchObject({ planned: 1, sent: 1, suppressed: 3 })
    expect(sink.received().map((m) => m.envelope.to[0])).toEqual([members[0]!.email])
    const status = JSON.parse((await cli(["notify", "status", "--db", file, "--json"])).stdout) as { byStatus: Record<string, number> }
    // The move also plans the reminders of the new time; they wait for it.
    expect(status.byStatus).toMatchObject({ sent: 1, suppressed: 3, sending: 0, pending: 8 })
    const again = await cli([...base, "--smtp-url", sink.url])
    expect(again.stdout).toContain("sent 0")
    expect(sink.count()).toBe(1)
  })

  it("preview renders a template with sample values in the language asked; an unknown template is bad input", async () => {
    const sv = await cli(["notify", "preview", "--template", "session-reminder", "--lang", "sv"])
    expect(sv.code).toBe(0)
    expect(sv.stdout).toMatch(/^Ämne: Påminnelse/)
    expect(sv.stdout).toContain("90 minuter")
    const sms = await cli(["notify", "preview", "--template", "session-moved", "--lang", "fi", "--channel", "sms", "--json"])
    const json = JSON.parse(sms.stdout) as { sms: string; segments: { segments: number }; html: string }
    expect(json.segments.segments).toBeLessThanOrEqual(2)
    expect(json.html).toContain('lang="fi"')
    const unknown = await cli(["notify", "preview", "--template", "birthday", "--lang", "fi"])
    expect(unknown.code).toBe(2)
  })

  it("smoke: the binary itself previews a template", async () => {
    const r = await runCli(["notify", "preview", "--template", "consent-withdrawn", "--lang", "en"])
    expect(r.code).toBe(0)
    expect(r.stdout).toContain("Subject:")
  })
})
