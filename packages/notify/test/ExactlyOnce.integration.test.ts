/**
 * Exactly once per delivery id, across instances, under faults: three dispatcher processes on one
 * PostgreSQL schema send to a real SMTP sink that fails 20% of the messages (451 answers, dropped
 * connections, slow answers), while dispatchers are SIGKILLed at random moments and restarted. Every due
 * delivery must arrive; a message may arrive twice only when a dispatcher died between the server's
 * acceptance and the delivery's record (at most one per kill, each process sending one at a time); nothing
 * to the person who withdrew, nothing to the erased person, nothing inside quiet hours.
 */
import { type ChildProcess, spawn } from "node:child_process"
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import { SmtpSink } from "@vertaistuki/notify-smtp/sink"
import { AccessLog, Deliveries, MasterKey, PersonalDataVault } from "@vertaistuki/store"
import { PgEventStore } from "@vertaistuki/store-postgres"
import { Effect, Layer, ManagedRuntime } from "effect"
import { DateTime } from "luxon"
import { build } from "tsup"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { dropSchemas, freshSchema, skip, url } from "../../store-postgres/test/pg.js"
import { Dispatcher, Notice, QuietHours, ReminderPolicy } from "../src/index.js"
import { clockFrom, member, seedMembers, seedSession, system, withdraw } from "./world.js"

const out = mkdtempSync(join(tmpdir(), "vt-dispatcher-"))
afterAll(async () => {
  await dropSchemas()
  rmSync(out, { recursive: true, force: true })
})

/** The dispatcher process as one plain ES module (a process started with tsx takes ~5 s to compile its sources). */
beforeAll(async () => {
  if (skip) return
  await build({
    entry: { dispatcher: join(root, fixture) },
    outDir: out,
    format: ["esm"],
    platform: "node",
    target: "node20",
    noExternal: [/.*/],
    external: ["pg-native"],
    tsconfig: join(root, "tsconfig.json"),
    config: false,
    dts: false,
    sourcemap: false,
    splitting: false,
    silent: true,
    banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" }
  })
}, 60_000)

const root = fileURLToPath(new URL("../../../", import.meta.url))
const fixture = "packages/notify/test/fixtures/dispatcher-process.ts"
const GROUPS = ["g-a", "g-b", "g-c"]
const PER_GROUP = 16
const START = "2026-03-12T16:00:00.000Z"
const PLANNED_AT = Date.parse("2026-03-09T10:00:00.000Z")
const SEND_FROM = Date.parse("2026-03-11T16:00:05.000Z") // 18:00:05 in Helsinki, the day-before reminders due

describe.skipIf(skip)("exactly once across dispatcher processes (PostgreSQL)", () => {
  it("3 processes, 20% SMTP faults, ≥ 10 SIGKILLs: every due reminder arrives, duplicates ≤ kills, none after withdrawal, to the erased or in quiet hours", async () => {
    const started = Date.now()
    const schema = freshSchema()
    const key = MasterKey.generate()
    const faults = { n: 0 }
    const sentAt = new Map<string, Array<number>>()
    // The processes' clocks run from SEND_FROM at real speed; the sink notes each message's (simulated) time.
    const offset = SEND_FROM - Date.now()
    const sink = await SmtpSink.start({
      parse: "headers",
      fault: (c) => {
        if (c.stage === "DATA" && c.messageId !== undefined) {
          const list = sentAt.get(c.messageId) ?? []
          list.push(Date.now() + offset)
          sentAt.set(c.messageId, list)
        }
        if (c.stage === "CONNECT") return undefined
        // Faults before the message is accepted (a 451 at DATA refuses it): a retry cannot duplicate it.
        // 20% of the messages meet a fault at one of the three stages.
        if (Math.random() < 0.2 / 3) {
          const r = Math.random()
          faults.n++
          return r < 0.5 ? { _tag: "Reply", code: 451 } : r < 0.8 ? { _tag: "Drop" } : { _tag: "Delay", millis: 300 }
        }
        return c.stage === "DATA" ? { _tag: "Delay", millis: 100 } : undefined
      }
    })
    const layer = Layer.mergeAll(PgEventStore.layer({ url, schema, keyring: MasterKey.unsafeKeyring(key), maxConnections: 4 }), Dispatcher.noEmail, Dispatcher.noSms)
    const rt = ManagedRuntime.make(layer)
    const children = new Map<string, { readonly child: ChildProcess; ready: number }>()
    try {
      const run = <A, E>(eff: Effect.Effect<A, E, Layer.Layer.Success<typeof layer> | AccessLog.Actor>, at = PLANNED_AT) =>
        rt.runPromise(Effect.withClock(eff.pipe(AccessLog.actingAs(system)), clockFrom(at)))
      const members = GROUPS.flatMap((g) => Array.from({ length: PER_GROUP }, (_, i) => member(i + 1, ["email-reminders"], g)))
      for (const g of GROUPS) {
        const mine = members.filter((m) => m.participantId.startsWith(`${g}-`))
        await run(seedMembers(g, mine, "2026-03-01T10:00:00.000Z"))
        const personOf = new Map(mine.map((m) => [m.participantId, m.personId]))
        await run(
          seedSession(g, `${g}-s1`, START, "2026-03-09T09:00:00.000Z", (events) =>
            Notice.fromEvents(events, { groupId: g, personOf: (p) => personOf.get(p) })
          )
        )
      }
      // Planned while the reminders are days away; then one person withdraws and one is erased, before any is sent.
      const planner = await run(Dispatcher.make({ instanceId: "planner", policy: { ...ReminderPolicy.defaults, channels: ["email"] } }))
      expect(await run(Dispatcher.drain(planner))).toMatchObject({ planned: 3, recorded: 2 * members.length, sent: 0 })
      const withdrawn = members[3]!
      const erased = members[PER_GROUP + 5]!
      await run(withdraw(withdrawn, "email-reminders", "2026-03-10T12:00:00.000Z"), Date.parse("2026-03-10T12:00:00.000Z"))
      await run(Effect.flatMap(PersonalDataVault.PersonalDataVault, (v) => v.erase(erased.personId, { actor: "dpo", purpose: "erasure-request", legalBasis: "GDPR Art. 17" })))
      const due = (await run(Effect.flatMap(Deliveries.Deliveries, (d) => d.list({ status: "pending" })))).filter((r) => r.deliverAt.getTime() <= SEND_FROM)
      expect(due).toHaveLength(members.length)
      const expected = new Set(due.filter((r) => r.personId !== withdrawn.personId && r.personId !== erased.personId).map((r) => `<${r.deliveryId}@vertaistuki.test>`))

      const arrived = () => [...expected].filter((m) => sink.messageIds().has(m)).length
      const t = (label: string) => process.env.VT_TEST_VERBOSE === "1" && console.log(`${label} at ${((Date.now() - started) / 1000).toFixed(1)} s, ${arrived()} arrived`)
      const startProcess = (id: string) => {
        const child = spawn(process.execPath, [join(out, "dispatcher.js"), url, schema, sink.url, id, String(offset)], {
          cwd: root,
          env: { ...process.env, VT_TEST_MASTER_KEY: key },
          stdio: ["ignore", "pipe", "inherit"]
        })
        const entry = { child, ready: 0 }
        child.stdout!.on("data", (d: Buffer) => {
          if (entry.ready === 0 && d.toString("utf8").includes("ready")) {
            entry.ready = Date.now()
            t(`${id} ready`)
          }
        })
        children.set(id, entry)
      }
      t("seeded and planned")
      for (const id of ["d-1", "d-2", "d-3"]) startProcess(id)
      let kills = 0
      let killsOfWorking = 0
      let killsBeforeDone = 0
      let restarts = 0
      const deadline = Date.now() + 75_000
      const enough = () => kills >= 16 || (kills >= 10 && killsOfWorking >= 4)
      while (Date.now() < deadline && (!enough() || arrived() < expected.size)) {
        await new Promise((r) => setTimeout(r, 500 + Math.random() * 1000))
        if (enough()) continue
        // Mostly a working process (one that has claimed and sent), sometimes one still starting.
        const all = [...children.entries()]
        const working = all.filter(([, c]) => c.ready > 0)
        const candidates = working.length > 0 && Math.random() < 0.75 ? working : Math.random() < 0.3 ? all.filter(([, c]) => c.ready === 0) : []
        if (candidates.length === 0) continue
        const [victim, { child, ready }] = candidates[Math.floor(Math.random() * candidates.length)]!
        child.kill("SIGKILL")
        kills++
        if (ready > 0) killsOfWorking++
        if (arrived() < expected.size) killsBeforeDone++
        t(`kill ${kills}${ready > 0 ? " (working)" : " (starting)"}`)
        children.delete(victim)
        startProcess(`${victim.split(".")[0]}.${++restarts}`)
      }
      // A little longer, so that a late duplicate would be seen.
      await new Promise((r) => setTimeout(r, 1500))
      for (const c of children.values()) c.child.kill("SIGKILL")

      const ids = sink.messageIds()
      const missing = [...expected].filter((m) => !ids.has(m))
      const duplicates = [...ids.values()].reduce((n, c) => n + (c - 1), 0)
      const toWithdrawn = sink.received().filter((r) => r.envelope.to.includes(withdrawn.email)).length
      const toErased = sink.received().filter((r) => r.envelope.to.includes(erased.email)).length
      const inQuiet = [...sentAt.values()].flat().filter((t) => QuietHours.isQuiet(DateTime.fromMillis(t, { zone: QuietHours.zone }), QuietHours.defaultWindow)).length
      console.log(
        `exactly-once: ${expected.size} due, ${ids.size} distinct arrived, ${duplicates} duplicates, ${kills} kills (${killsOfWorking} of a working process, ${killsBeforeDone} before all had arrived), ${faults.n} faults injected, ${((Date.now() - started) / 1000).toFixed(1)} s`
      )
      expect(kills).toBeGreaterThanOrEqual(10)
      expect(killsOfWorking).toBeGreaterThanOrEqual(4)
      expect(missing).toEqual([])
      expect(duplicates).toBeLessThanOrEqual(kills)
      expect(toWithdrawn).toBe(0)
      expect(toErased).toBe(0)
      expect(inQuiet).toBe(0)
      expect([...ids.keys()].every((m) => expected.has(m))).toBe(true)
      const counts = await run(Effect.flatMap(Deliveries.Deliveries, (d) => d.counts))
      expect(counts.byStatus.sent).toBe(expected.size)
      expect(counts.byStatus.suppressed).toBe(2)
    } finally {
      for (const c of children.values()) c.child.kill("SIGKILL")
      await rt.dispose()
      await sink.close()
    }
  }, 150_000)
})
