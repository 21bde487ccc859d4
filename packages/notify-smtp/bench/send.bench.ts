// Sends N reminder emails (default 5,000; NOTIFY_BENCH_N=35200 for one national week: 22 regions × 200
// groups × 8 people) through SmtpTransport to a local SMTP sink that accepts everything, and the same
// messages through raw pooled nodemailer with the same pool size, alternating, in one run. Prints msgs/s
// of both and the adapter's ratio to raw (goal for the dispatcher on top of it: ≥ 0.5×).
// NOTIFY_BENCH_POOL sets the pool size (default 5), NOTIFY_BENCH_ROUNDS the rounds (default 2), and
// NOTIFY_BENCH_SINK=inline runs the sink in this process instead of a child process. Besides msgs/s (wall
// clock, which depends on what else the machine runs) it prints the sending process's CPU time per message.
import { SmtpTransport } from "@vertaistuki/notify-smtp"
import { Baseline, Samples } from "@vertaistuki/notify-smtp/sink"
import { Effect } from "effect"
import { type RemoteSink, sinkFor } from "./sink.js"

const n = Number(process.env.NOTIFY_BENCH_N ?? 5000)
const poolSize = Number(process.env.NOTIFY_BENCH_POOL ?? 5)
const rounds = Number(process.env.NOTIFY_BENCH_ROUNDS ?? 2)
const from = "Vertaistuki <noreply@vertaistuki.example.fi>"
const messageIdDomain = "vertaistuki.example.fi"

const adapter = (sink: RemoteSink, emails: ReadonlyArray<ReturnType<typeof Samples.email>>) =>
  Effect.runPromise(
    Effect.scoped(
      Effect.gen(function* () {
        const t0 = performance.now()
        const cpu = process.cpuUsage()
        const transport = yield* SmtpTransport.make({ url: sink.url, from, poolSize })
        const results = yield* Effect.forEach(emails, (e) => Effect.either(transport.send(e)), { concurrency: "unbounded" })
        const used = process.cpuUsage(cpu)
        return { millis: performance.now() - t0, cpuMicros: used.user + used.system, failed: results.filter((r) => r._tag === "Left").length }
      })
    )
  )

const raw = async (sink: RemoteSink, emails: ReadonlyArray<ReturnType<typeof Samples.email>>) => {
  const cpu = process.cpuUsage()
  const r = await Baseline.send({ url: sink.url, from, messageIdDomain, poolSize, emails })
  const used = process.cpuUsage(cpu)
  return { ...r, cpuMicros: used.user + used.system }
}

const sink = await sinkFor(process.env.NOTIFY_BENCH_SINK === "inline" ? "inline" : "process")
try {
  let next = 0
  const batch = (size: number) => {
    next += size
    return Samples.emails(size, next - size)
  }
  // Warm-up, so that the first measured round does not pay for compiling either path.
  for (let i = 0; i < 2; i++) {
    await adapter(sink, batch(Math.min(n, 1000)))
    await raw(sink, batch(Math.min(n, 1000)))
  }
  const sample = Samples.emails(n)
  console.log(`${n} emails (${Math.round(sample.reduce((a, e) => a + e.text.length + e.html.length, 0) / n)} characters of text and HTML each), pool of ${poolSize}, sink ${sink.where}`)
  const best = { adapter: Number.POSITIVE_INFINITY, raw: Number.POSITIVE_INFINITY }
  const cpu = { adapter: Number.POSITIVE_INFINITY, raw: Number.POSITIVE_INFINITY }
  for (let round = 1; round <= rounds; round++) {
    // Alternating which goes first, so that neither always runs on a freshly idle machine.
    const order = [["adapter", adapter], ["raw", raw]] as const
    for (const [name, run] of round % 2 === 1 ? order : [...order].reverse()) {
      const before = await sink.stats()
      const r = await run(sink, batch(n))
      const after = await sink.stats()
      const arrived = after.count - before.count
      if (r.failed > 0 || arrived !== n) throw new Error(`${name}: ${r.failed} failed, ${arrived} of ${n} arrived`)
      best[name] = Math.min(best[name], r.millis)
      cpu[name] = Math.min(cpu[name], r.cpuMicros)
      console.log(`round ${round} ${name.padEnd(7)}: ${(r.millis / 1000).toFixed(2)} s, ${Math.round((n / r.millis) * 1000)} msgs/s, ${(r.cpuMicros / n / 1000).toFixed(3)} ms CPU a message`)
    }
  }
  const stats = await sink.stats()
  if (stats.duplicates > 0) throw new Error(`${stats.duplicates} Message-IDs arrived more often than sent`)
  const rate = (ms: number) => (n / ms) * 1000
  console.log(
    `SmtpTransport ${Math.round(rate(best.adapter))} msgs/s, raw nodemailer ${Math.round(rate(best.raw))} msgs/s: ratio ${(best.raw / best.adapter).toFixed(2)}× (best of ${rounds})`
  )
  console.log(`CPU a message in the sending process: adapter ${(cpu.adapter / n / 1000).toFixed(3)} ms, raw ${(cpu.raw / n / 1000).toFixed(3)} ms (${(cpu.raw / cpu.adapter).toFixed(2)}×)`)
  console.log(`${n} emails through the adapter in ${(best.adapter / 1000).toFixed(1)} s (the week's goal for the whole dispatch: ≤ 60 s)`)
} finally {
  await sink.close()
}
