import { type ChildProcess, spawn } from "node:child_process"
import { fileURLToPath } from "node:url"
import { AccessLog, EventStore, MasterKey, Projection } from "@vertaistuki/store"
import { Effect, Layer, ManagedRuntime, Option } from "effect"
import { afterAll, describe, expect, it } from "vitest"
import { streams } from "../../store/test/ownership.js"
import { nodeScript } from "../../store/test/script.js"
import { PgEventStore } from "../src/index.js"
import { dropSchemas, freshSchema, skip, url } from "./pg.js"

const root = fileURLToPath(new URL("../../../", import.meta.url))
const key = MasterKey.generate()
afterAll(dropSchemas)

/** How long after its owner is killed another instance must run the projection: the lease (1 s), a standby's poll (0.1 s) and slack for a loaded machine. */
const BOUND_MS = 3000

describe.skipIf(skip)("projection ownership across processes (PostgreSQL)", () => {
  it("three instances: the owner SIGKILLed 10 times, another owns the projection within the bound each time, and the final state equals a rebuild", async () => {
    const schema = freshSchema()
    const rt = ManagedRuntime.make(
      Layer.merge(PgEventStore.layer({ url, schema, keyring: MasterKey.unsafeKeyring(key), maxConnections: 4 }), Layer.succeed(AccessLog.Actor, AccessLog.system("test")))
    )
    const run = <A, E>(eff: Effect.Effect<A, E, EventStore.EventStore | Projection.ProjectionStore | AccessLog.Actor>) => rt.runPromise(eff)
    await run(Effect.flatMap(EventStore.EventStore, (es) => es.head))

    // Bundled once and run with plain node: a restart takes a second, not the several of a TypeScript loader.
    const script = await nodeScript("packages/store-postgres/test/fixtures/projection-owner.ts")
    const children = new Map<string, ChildProcess>()
    const events: Array<string> = []
    const t0 = Date.now()
    let generation = 0
    /** Starts an instance; resolves when it is connected and competing for the lease. */
    const start = () => {
      const owner = `instance-${generation++}`
      let ready: () => void = () => {}
      const started = new Promise<void>((resolve) => {
        ready = resolve
      })
      const p = spawn(process.execPath, [...script, url, schema, owner], {
        cwd: root,
        env: { ...process.env, VT_TEST_MASTER_KEY: key },
        stdio: ["ignore", "pipe", "pipe"]
      })
      p.stdout!.setEncoding("utf8").on("data", (d: string) => {
        if (d.includes("ready")) ready()
        events.push(`${Date.now() - t0} ${owner} ${d.trim()}`)
      })
      p.stderr!.setEncoding("utf8").on("data", (d: string) => events.push(`${Date.now() - t0} ${owner} stderr ${d.trim().slice(0, 300)}`))
      children.set(owner, p)
      p.on("exit", (code, signal) => {
        events.push(`${Date.now() - t0} ${owner} exit ${code ?? signal}`)
        children.delete(owner)
        ready()
      })
      return started
    }
    await Promise.all([start(), start(), start()])

    // Appends go on throughout, to five streams, so that every takeover happens with events arriving.
    let appending = true
    const versions = new Map<string, number>()
    const appender = (async () => {
      let i = 0
      while (appending) {
        const s = `group-${i % 5}`
        const v = versions.get(s) ?? 0
        await run(Effect.flatMap(EventStore.EventStore, (es) => es.append(s, v === 0 ? "no-stream" : v, [{ type: "Tick", data: { i } }])))
        versions.set(s, v + 1)
        i++
        await new Promise((r) => setTimeout(r, 15))
      }
    })()

    const holder = () => run(Effect.flatMap(Projection.ProjectionStore, (p) => p.holder("streams")))
    /** The owner of a current lease held by a running instance, waiting for one at most `ms`. */
    const liveHolder = async (ms: number, not?: string): Promise<{ owner: string; after: number } | undefined> => {
      const t0 = Date.now()
      while (Date.now() - t0 < ms) {
        const h = await holder()
        if (Option.isSome(h) && h.value.owner !== not && children.has(h.value.owner) && h.value.expiresAt.getTime() > Date.now()) {
          return { owner: h.value.owner, after: Date.now() - t0 }
        }
        await new Promise((r) => setTimeout(r, 20))
      }
      return undefined
    }

    const takeovers: Array<number> = []
    try {
      let current = await liveHolder(30_000)
      expect(current).toBeDefined()
      for (let kill = 0; kill < 10; kill++) {
        // Let the owner work a moment (a random part of a lease period), then kill it without warning.
        await new Promise((r) => setTimeout(r, 100 + Math.floor(Math.random() * 600)))
        const victim = current!.owner
        events.push(`${Date.now() - t0} test kills ${victim}`)
        children.get(victim)?.kill("SIGKILL")
        const replacement = start()
        current = await liveHolder(BOUND_MS + 5000, victim)
        expect(current, `takeover after kill ${kill + 1}:\n${events.join("\n")}`).toBeDefined()
        takeovers.push(current!.after)
        // Three instances again before the next kill.
        await replacement
      }
      appending = false
      await appender
      const head = await run(Effect.flatMap(EventStore.EventStore, (es) => es.head))
      let saved = await run(Effect.flatMap(Projection.ProjectionStore, (p) => p.load("streams")))
      for (let i = 0; i < 300 && !(Option.isSome(saved) && saved.value.position === head); i++) {
        await new Promise((r) => setTimeout(r, 50))
        saved = await run(Effect.flatMap(Projection.ProjectionStore, (p) => p.load("streams")))
      }
      expect(Option.map(saved, (c) => c.position)).toEqual(Option.some(head))
      const rebuilt = await run(Projection.read({ ...streams, name: "streams-rebuild" }))
      const state = JSON.parse(Option.getOrThrow(saved).state)
      expect(state).toEqual(rebuilt.state)
      // Nothing missed or applied twice: each stream's count is its last version, which is what was appended.
      for (const [s, v] of versions) {
        expect(state.count[s], s).toBe(v)
        expect(state.last[s], s).toBe(v)
      }
    } finally {
      appending = false
      for (const p of children.values()) p.kill("SIGKILL")
      await rt.dispose()
    }
    expect(takeovers).toHaveLength(10)
    for (const t of takeovers) expect(t).toBeLessThan(BOUND_MS)
    console.log(`takeover after SIGKILL (ms): ${takeovers.join(" ")}`)
  }, 120_000)
})
