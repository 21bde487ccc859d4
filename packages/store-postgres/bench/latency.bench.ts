// Append-to-visible latency in a projection with 3 app instances on PostgreSQL: three processes run the
// `Sessions` projection with `Projection.run` (one owns it, woken by the append's pg_notify; the others
// stand by), while this process appends a session's events one append at a time, 50 ms apart, and for
// each measures the time from the append's return until the projection's saved checkpoint (what every
// instance's queries read) has reached its position, by polling the checkpoint row every millisecond.
import { type ChildProcess, spawn } from "node:child_process"
import { loadavg } from "node:os"
import { createInterface } from "node:readline"
import { Session } from "@vertaistuki/core"
import { EventStore, LifecycleCodec, MasterKey } from "@vertaistuki/store"
import { Effect, Either, ManagedRuntime } from "effect"
import { DateTime } from "luxon"
import pg from "pg"
import { PgEventStore } from "../src/index.js"

const url = process.env.VERTAISTUKI_TEST_PG_URL ?? "postgres://postgres@127.0.0.1:5432/test"
const SAMPLES = Number(process.env.VT_LATENCY_SAMPLES ?? 300)
const INSTANCES = 3
const key = MasterKey.generate()
const schema = `vt_bench_latency_${process.pid}`
const load = () => loadavg().map((x) => x.toFixed(2)).join(" ")

await Effect.runPromise(PgEventStore.migrate({ url, schema }))
const children: Array<ChildProcess> = []
const owned = new Promise<void>((resolveOwned) => {
  for (let i = 0; i < INSTANCES; i++) {
    const p = spawn(process.execPath, ["--import", "tsx", "packages/store-postgres/bench/latency-instance.ts", url, schema, `instance-${i}`], {
      env: { ...process.env, VT_BENCH_MASTER_KEY: key },
      stdio: ["ignore", "pipe", "inherit"]
    })
    children.push(p)
    createInterface({ input: p.stdout! }).on("line", (l) => l === "owner" && resolveOwned())
  }
})
const client = new pg.Client({ connectionString: url })
await client.connect()
const runtime = ManagedRuntime.make(PgEventStore.layer({ url, schema, keyring: MasterKey.unsafeKeyring(key), maxConnections: 2 }))
try {
  await owned
  const es = await runtime.runPromise(EventStore.EventStore)
  const visible = async (position: number): Promise<number> => {
    const t0 = performance.now()
    for (;;) {
      const { rows } = await client.query(`SELECT position::float8 AS position FROM "${schema}".projection_checkpoints WHERE name = 'sessions'`)
      if ((rows[0]?.position ?? 0) >= position) return performance.now() - t0
      await new Promise((r) => setTimeout(r, 1))
    }
  }
  const start = DateTime.fromISO("2026-03-02T17:00", { zone: "Europe/Helsinki" })
  const latencies: Array<number> = []
  console.log(`PostgreSQL: append-to-visible latency in the Sessions projection, ${INSTANCES} instances (Projection.run, pg_notify wake-ups), ${SAMPLES} appends 50 ms apart; load ${load()}`)
  for (let i = 0; i < SAMPLES; i++) {
    const sessionId = `latency-s${i}`
    const events = Either.getOrThrow(
      Session.decide({ _tag: "Plan", sessionId, groupId: "latency-g", number: 1, modality: "in-person", maxMinutes: 120 }, Session.initial, start)
    )
    const r = await runtime.runPromise(es.append(`session-${sessionId}`, "no-stream", events.map((e) => Either.getOrThrow(LifecycleCodec.encode(e, { groupId: "latency-g" })))))
    latencies.push(await visible(r.lastPosition))
    await new Promise((res) => setTimeout(res, 50))
  }
  latencies.sort((a, b) => a - b)
  const q = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))]!
  console.log(`  p50 ${q(0.5).toFixed(1)} ms, p90 ${q(0.9).toFixed(1)} ms, p99 ${q(0.99).toFixed(1)} ms, max ${latencies[latencies.length - 1]!.toFixed(1)} ms; load ${load()}`)
} finally {
  for (const p of children) p.kill("SIGKILL")
  await runtime.dispose()
  await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`)
  await client.end()
}
