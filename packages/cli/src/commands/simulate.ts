/**
 * `vertaistuki simulate --regions 22 --groups-per-region 200 --seed N`: the national-year simulation.
 * Generates a year of groups of all five seed models through the core's deciders, appends them to the
 * store (`--db`: a SQLite file, default `vertaistuki.sqlite`, or a `postgres://` URL, else
 * `VERTAISTUKI_DB`/`DATABASE_URL`; the master key from `VERTAISTUKI_MASTER_KEY`), with `--instances N`
 * in N processes that split the groups, catches up every projection, checks that they hold what was
 * generated, and prints a summary and the national report. The same seed gives the same stories; times
 * come from the seed and the year 2026, never the clock. A progress bar on stderr when it is a terminal.
 * See docs/simulation.md.
 *
 * @since 0.1.0
 */
import { spawn } from "node:child_process"
import { dirname, join, resolve } from "node:path"
import { fileURLToPath } from "node:url"
import { Command, Options } from "@effect/cli"
import { Csv, Facts, Html, Json, Period, Report, Suppression } from "@vertaistuki/reports"
import { AccessLog, EventStore, LifecycleCodec, PersonalDataVault, Projection, ReportFacts } from "@vertaistuki/store"
import { SingleBar } from "cli-progress"
import { Console, Effect, Either, Option } from "effect"
import { type Say, say } from "../Messages.js"
import { BadInput, CommandFailed, jsonIn, langIn, printJson, printTable, writeText } from "../Output.js"
import { add, type Counts, models, YEAR, zero } from "../internal/simulation.js"
import { type Attributes, catchUp, erase, type Projected, type Written, write } from "../internal/simulationStore.js"
import { dbIn, driverFor, keyring, report as storeReport, schemaIn } from "./store.js"

/** The options of `simulate`, their help in `h`'s language. */
const optionsIn = (h: Say) => ({
  regions: Options.text("regions").pipe(Options.withDefault("22"), Options.withDescription(h("describe.simulate.regions"))),
  perRegion: Options.text("groups-per-region").pipe(Options.withDefault("200"), Options.withDescription(h("describe.simulate.groups-per-region"))),
  seed: Options.text("seed").pipe(Options.withDefault("1"), Options.withDescription(h("describe.simulate.seed"))),
  instances: Options.text("instances").pipe(Options.withDefault("1"), Options.withDescription(h("describe.simulate.instances"))),
  instance: Options.text("instance").pipe(Options.optional, Options.withDescription(h("describe.simulate.instance"))),
  batch: Options.text("batch-events").pipe(Options.withDefault("2000"), Options.withDescription(h("describe.simulate.batch-events"))),
  db: dbIn(h),
  schema: schemaIn(h),
  json: jsonIn(h),
  report: Options.choice("report", ["csv-plain", "csv", "json", "html", "none"]).pipe(
    Options.withDefault("csv-plain"),
    Options.withDescription(h("describe.simulate.report"))
  ),
  out: Options.text("out").pipe(Options.optional, Options.withDescription(h("describe.simulate.out"))),
  lang: langIn(h)
})

/** A whole number option of at least `min`, or bad input naming the option. */
const count = (option: string, text: string, min: number, max: number): Effect.Effect<number, BadInput> =>
  Effect.flatMap(say, (m) => {
    const n = Number(text)
    return /^\d+$/.test(text.trim()) && Number.isSafeInteger(n) && n >= min && n <= max
      ? Effect.succeed(n)
      : Effect.fail(new BadInput({ message: m("simulate.bad-count", { option: `--${option}`, min, max, value: text.slice(0, 40) }) }))
  })

/**
 * The command line of this CLI, to start an instance: the built binary, or from the sources the binary
 * through tsx, started in the repository's root (where tsx finds the workspace's paths).
 */
const selfCommand = (): { readonly args: ReadonlyArray<string>; readonly cwd: string | undefined } => {
  const here = fileURLToPath(import.meta.url)
  return here.endsWith(".ts")
    ? { args: ["--import", "tsx", join(dirname(here), "..", "bin.ts")], cwd: join(dirname(here), "..", "..", "..", "..") }
    : { args: [join(dirname(here), "bin.js")], cwd: undefined }
}

/** What an instance process sends back, one JSON object a line. */
type Line = { readonly progress: readonly [number, number] } | { readonly written: Written }

/** Starts instance `k` of `n` as a process running this same command with `--instance k`; resolves with what it wrote. */
const startInstance = (args: ReadonlyArray<string>, db: string, k: number, onProgress: (done: number, total: number) => void, m: Say) =>
  Effect.async<Written, CommandFailed>((resume) => {
    const self = selfCommand()
    // A larger young generation: a story's many short-lived objects are otherwise scavenged so often that the
    // collector costs as much as the deciding (measured: the national year in 66 s instead of 114 s).
    const p = spawn(process.execPath, ["--max-semi-space-size=64", ...self.args, "simulate", ...args, "--instance", String(k)], {
      stdio: ["ignore", "pipe", "pipe"],
      ...(self.cwd === undefined ? {} : { cwd: self.cwd }),
      // The instances take turns at the write lock a transaction at a time: unless told otherwise, each waits
      // for the others' transactions up to a minute instead of the store's default 5 s.
      env: { VERTAISTUKI_PG_LOCK_TIMEOUT_MS: "60000", VERTAISTUKI_SQLITE_BUSY_TIMEOUT_MS: "60000", ...process.env, VERTAISTUKI_DB: db, NO_COLOR: "1" }
    })
    let buffer = ""
    let result: (Written) | undefined
    let stderr = ""
    p.stdout.setEncoding("utf8").on("data", (d: string) => {
      buffer += d
      let nl = buffer.indexOf("\n")
      while (nl >= 0) {
        const line = buffer.slice(0, nl)
        buffer = buffer.slice(nl + 1)
        nl = buffer.indexOf("\n")
        if (line.trim() === "") continue
        try {
          const x = JSON.parse(line) as Line
          if ("progress" in x) onProgress(x.progress[0], x.progress[1])
          else result = x.written
        } catch {
          // not a line of ours
        }
      }
    })
    p.stderr.setEncoding("utf8").on("data", (d: string) => (stderr = (stderr + d).slice(-2000)))
    p.on("error", () => resume(Effect.fail(new CommandFailed({ message: m("simulate.instance-failed", { instance: k + 1, code: "spawn" }) }))))
    p.on("close", (code) => {
      if (code === 0 && result !== undefined) resume(Effect.succeed(result))
      else {
        const last = stderr.trim().split("\n").pop() ?? ""
        resume(Effect.fail(new CommandFailed({ message: `${m("simulate.instance-failed", { instance: k + 1, code: String(code) })}${last === "" ? "" : `: ${last.replace(/^vertaistuki: /, "")}`}` })))
      }
    })
    return Effect.sync(() => p.kill("SIGTERM"))
  })

/** A progress bar on stderr when it is a terminal, over the groups of every instance. */
const progressBar = (m: Say, total: number, shares: number) => {
  const done = new Array<number>(shares).fill(0)
  let bar: SingleBar | null = null
  const tty = process.stderr.isTTY === true
  return {
    update: (k: number, n: number) => {
      done[k] = n
      if (!tty) return
      const sum = done.reduce((a, b) => a + b, 0)
      if (bar === null) {
        bar = new SingleBar({ stream: process.stderr, format: m("simulate.progress", { bar: "{bar}", percentage: "{percentage}", value: "{value}", total: "{total}", eta: "{eta}" }), hideCursor: true })
        bar.start(total, sum)
      } else bar.update(sum)
    },
    stop: () => (bar as SingleBar | null)?.stop()
  }
}

/** The national report from the store, as `vertaistuki report` makes it: answers revealed through the vault (logged), small cells suppressed. */
const nationalReport = (attributes: Readonly<Record<string, Attributes>>) =>
  Effect.gen(function* () {
    const es = yield* EventStore.EventStore
    const vault = yield* PersonalDataVault.PersonalDataVault
    const context = { actor: "simulation-reporting", purpose: "reporting", legalBasis: "consent to reporting" }
    const at = `${YEAR + 1}-03-01T00:00:00.000Z`
    const state = (yield* Projection.read(ReportFacts.projection)).state
    const consenting = Facts.consentingAt(at)
    const consented = [...state.participants.values()].filter((x) => consenting({ participantId: x.participantId, consents: ReportFacts.consentsOf(state, x.participantId) }))
    const wanted = [...consented.flatMap((x) => x.measurements), ...[...state.sessions.values()].flatMap((x) => (x.feedbackBatch === null ? [] : [x.feedbackBatch]))]
    const keys = new Set(wanted.map(ReportFacts.measurementKey))
    const streams = [...new Set(wanted.map((w) => w.streamId))]
    const answers = new Map<string, ReadonlyArray<number>>()
    const responses = new Map<string, number>()
    for (let i = 0; i < streams.length; i += 500) {
      const read = yield* es.readStreams(streams.slice(i, i + 500))
      const events = [...read.values()].flat().filter((e) => keys.has(ReportFacts.measurementKey(e)))
      if (events.length === 0) continue
      const revealed = yield* vault.reveal(events, context)
      events.forEach((e, j) => {
        const decoded = LifecycleCodec.decode(e, revealed[j])
        if (Either.isLeft(decoded)) return
        const x = decoded.right
        if (x._tag === "OutcomeMeasured") answers.set(ReportFacts.measurementKey(e), x.answers)
        if (x._tag === "AnonymousFeedbackBatchClosed") responses.set(ReportFacts.measurementKey(e), x.responses.length)
      })
    }
    const gathered = ReportFacts.facts(state, {
      categorise: Facts.categorise,
      answers,
      responses,
      attributes: (id) => {
        const a = attributes[id]
        return a === undefined ? {} : { region: a.region, language: a.language, organiserId: a.organiserId }
      }
    })
    return { gathered, at }
  }).pipe(AccessLog.actingAs({ actor: "simulation-reporting", purpose: "reporting", legalBasis: "consent to reporting" }))

const seconds = (ms: number) => Math.round(ms / 10) / 100

/** The rows of the per-model table. */
const modelRows = (perModel: Readonly<Record<string, Counts>>, total: Counts) => [
  ...models.map((x) => x.template.id).filter((id) => perModel[id] !== undefined).map((id) => [id, perModel[id]!] as const),
  ["total", total] as const
].map(([id, c]) => [id, c.groups, c.cancelled, c.people, c.enrolled, c.waitlisted, c.completed, c.droppedOut, c.withdrawn, c.consentsWithdrawn, c.sessions, c.events])

/** Where the projections differ from what was generated, as `what: projected ≠ generated`; empty when they agree. */
export const mismatches = (c: Counts, p: Projected, erased: number, stored: number): ReadonlyArray<string> => {
  const pairs: ReadonlyArray<readonly [string, number, number]> = [
    ["events", p.position, stored],
    ["groups", p.groups, c.groups],
    ["cancelled", p.cancelled, c.cancelled],
    ["people", p.people, c.people],
    ["enrolled", p.enrolled, c.enrolled],
    ["completed", p.completed, c.completed],
    ["dropped out", p.droppedOut, c.droppedOut],
    ["withdrawn", p.withdrawn, c.withdrawn],
    ["sessions", p.heldSessions, c.sessions],
    ["present", p.present, c.present],
    ["excused", p.excused, c.excused],
    ["absent", p.absent, c.absent],
    ["measurements", p.measurements, c.measurements],
    ["still waiting", p.stillWaiting, 0],
    ["erased", p.erased, erased],
    ["over capacity", p.overCapacity, 0]
  ]
  return pairs.filter(([, a, b]) => a !== b).map(([what, a, b]) => `${what}: ${a} ≠ ${b}`)
}

/** `vertaistuki simulate`. */
export const simulate = (h: Say) =>
  Command.make(
  "simulate",
  optionsIn(h),
  (o) =>
    storeReport(
      Effect.gen(function* () {
        const m = yield* say
        const plan = {
          regions: yield* count("regions", o.regions, 1, 1000),
          perRegion: yield* count("groups-per-region", o.perRegion, 1, 100_000),
          seed: yield* count("seed", o.seed, 0, 2 ** 32 - 1),
          instances: yield* count("instances", o.instances, 1, 64),
          batchEvents: yield* count("batch-events", o.batch, 1, 100_000)
        }
        const k = yield* keyring
        const driver = driverFor(o.db, o.schema)

        if (Option.isSome(o.instance)) {
          // One instance's share, in a process of its own: progress and the result as JSON lines on stdout.
          const me = yield* count("instance", o.instance.value, 0, plan.instances - 1)
          let last = 0
          const written = yield* Effect.provide(
            write({
              ...plan,
              instance: me,
              progress: (done, total) => {
                const now = performance.now()
                if (now - last < 200 && done < total) return
                last = now
                process.stdout.write(`${JSON.stringify({ progress: [done, total] })}\n`)
              }
            }),
            driver.layer(k)
          )
          return yield* Effect.sync(() => process.stdout.write(`${JSON.stringify({ written })}\n`))
        }

        const started = performance.now()
        yield* driver.migrate
        const head = yield* Effect.provide(Effect.flatMap(EventStore.EventStore, (es) => es.head), driver.layer(k))
        if (head > 0) return yield* new BadInput({ message: m("simulate.not-empty", { store: driver.label ?? m("store.the-database"), events: head }) })
        const total = plan.regions * plan.perRegion
        const bar = progressBar(m, total, plan.instances)
        const args = ["--regions", String(plan.regions), "--groups-per-region", String(plan.perRegion), "--seed", String(plan.seed), "--instances", String(plan.instances), "--batch-events", String(plan.batchEvents), "--schema", o.schema]
        // The store goes to the instances in their environment, so that a PostgreSQL password is on no command line.
        const target = /^postgres(ql)?:\/\//.test(o.db) ? o.db : resolve(o.db)
        const written: ReadonlyArray<Written> =
          plan.instances === 1
            ? [yield* Effect.provide(write({ ...plan, instance: 0, progress: (d) => bar.update(0, d) }), driver.layer(k))]
            : yield* Effect.forEach(
                Array.from({ length: plan.instances }, (_, i) => i),
                (i) => startInstance(args, target, i, (d) => bar.update(i, d), m),
                { concurrency: "unbounded" }
              )
        bar.stop()
        const writingMs = performance.now() - started

        const groups: Record<string, Attributes> = {}
        for (const w of written) Object.assign(groups, w.groups)
        const capacityOf = (id: string) => groups[id]?.capacity
        const counts = written.reduce((a, w) => add(a, w.counts), zero)
        const perModel: Record<string, Counts> = {}
        for (const w of written) for (const [id, c] of Object.entries(w.perModel)) perModel[id] = add(perModel[id] ?? zero, c)
        const e0 = performance.now()
        const erased = yield* Effect.provide(erase(written.flatMap((w) => w.erasures)), driver.layer(k))
        const erasingMs = performance.now() - e0
        // The stories' events and one `PersonErased` per erasure.
        const stored = counts.events + erased
        const p0 = performance.now()
        const projected = yield* Effect.provide(catchUp(capacityOf), driver.layer(k))
        const projectingMs = performance.now() - p0
        const r0 = performance.now()
        const { gathered, at } = yield* Effect.provide(nationalReport(groups), driver.layer(k))
        const decoded = Facts.decode(gathered)
        if (Either.isLeft(decoded)) return yield* new CommandFailed({ message: m("report.facts-decode", { detail: decoded.left.message.slice(0, 300) }) })
        const built = Report.build(decoded.right, { asOf: at, period: Either.getOrThrow(Period.parse(String(YEAR))), by: ["region"], k: Suppression.defaultK, where: {} })
        if (Either.isLeft(built)) return yield* new CommandFailed({ message: built.left.message })
        const reportMs = performance.now() - r0
        const totalMs = performance.now() - started
        const sum = (f: (w: Written) => number) => written.reduce((n, w) => n + f(w), 0)
        // Each instance's phases are summed: with several instances they overlap in time.
        const phases = {
          deciding: sum((w) => w.timings.deciding),
          encoding: sum((w) => w.timings.encoding),
          appending: sum((w) => w.timings.appending),
          erasing: erasingMs,
          projecting: projectingMs,
          report: reportMs
        }
        const wrong = mismatches(counts, projected, erased, stored)
        const summary = {
          year: YEAR,
          seed: plan.seed,
          regions: plan.regions,
          groupsPerRegion: plan.perRegion,
          instances: plan.instances,
          store: /^postgres(ql)?:\/\//.test(o.db) ? "postgres" : "sqlite",
          counts,
          perModel,
          appends: sum((w) => w.appends),
          transactions: sum((w) => w.transactions),
          outbox: sum((w) => w.outbox),
          erased,
          stored,
          projected,
          projectionsMatch: wrong.length === 0
        }
        const timings = { totalSeconds: seconds(totalMs), writingSeconds: seconds(writingMs), eventsPerSecond: Math.round(stored / (totalMs / 1000)), phasesSeconds: Object.fromEntries(Object.entries(phases).map(([x, v]) => [x, seconds(v)])) }
        const reportText = o.report === "none" ? "" : o.report === "json" ? Json.encode(built.right) : o.report === "html" ? Html.html(built.right, m.lang) : Csv.csv(built.right, { locale: m.lang, dialect: o.report === "csv" ? "excel-fi" : "plain" })
        if (o.json) {
          yield* printJson({ summary, timings, report: o.report === "none" || Option.isSome(o.out) ? null : o.report === "json" ? JSON.parse(reportText) : reportText })
        } else {
          yield* Console.log(m("simulate.title", { year: YEAR, regions: plan.regions, groups: plan.perRegion, seed: plan.seed, store: driver.label ?? m("store.the-database"), instances: plan.instances }))
          yield* printTable(
            [m("simulate.model"), m("simulate.groups"), m("simulate.cancelled"), m("simulate.people"), m("simulate.enrolled"), m("simulate.waitlisted"), m("simulate.completed"), m("simulate.dropped-out"), m("simulate.withdrawn"), m("simulate.consents-withdrawn"), m("simulate.sessions"), m("simulate.events")],
            modelRows(perModel, counts)
          )
          yield* Console.log(m("simulate.stored", { events: stored, appends: summary.appends, transactions: summary.transactions, outbox: summary.outbox, erased }))
          yield* printTable(
            [m("simulate.phase"), m("simulate.seconds"), m("simulate.share")],
            Object.entries(phases).map(([x, v]) => [m(`simulate.phase-${x}` as "simulate.phase-deciding"), seconds(v), `${Math.round((v / Object.values(phases).reduce((a, b) => a + b, 0)) * 100)} %`])
          )
          yield* Console.log(m("simulate.total", { seconds: timings.totalSeconds, rate: timings.eventsPerSecond }))
          yield* Console.log(wrong.length === 0 ? m("simulate.match") : m("simulate.mismatch", { what: wrong.join("; ") }))
          if (reportText !== "" && Option.isNone(o.out)) yield* Console.log(`\n${reportText}`)
        }
        if (Option.isSome(o.out) && reportText !== "") yield* writeText(o.out.value, reportText)
        if (wrong.length > 0) return yield* new CommandFailed({ message: m("simulate.mismatch", { what: wrong.join("; ") }) })
      }).pipe(
        Effect.catchTags({
          ConcurrencyConflict: (e) => Effect.flatMap(say, (m) => Effect.fail(new CommandFailed({ message: m("simulate.conflict", { stream: e.streamId }) }))),
          DisclosureRefused: (e) => Effect.flatMap(say, (m) => Effect.fail(new CommandFailed({ message: m("report.refused-reveal", { expected: e.expected }) })))
        })
      )
    )
).pipe(Command.withDescription(h("describe.simulate")))
