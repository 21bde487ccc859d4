import { spawn } from "node:child_process"
import { mkdtempSync, readFileSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { type Consent, Participant } from "@vertaistuki/core"
import { Json } from "@vertaistuki/reports"
import { AccessLog, EventStore, LifecycleCodec, MasterKey, Projection, ReportFacts } from "@vertaistuki/store"
import { SqliteEventStore } from "@vertaistuki/store-sqlite"
import { Effect, Either } from "effect"
import { DateTime } from "luxon"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { determined, hiddenShowNothing, publishedCounts } from "../../reports/test/laws.js"
import { dropSchemas, freshSchema, skip, url } from "../../store-postgres/test/pg.js"
import { repoRoot, runApp, runCli } from "./helpers.js"

const dir = mkdtempSync(join(tmpdir(), "vt-cli-report-"))
const db = join(dir, "demo.sqlite")
let key = ""

/** Runs the command line in this process with the demo's master key. */
const cli = (args: ReadonlyArray<string>) => runApp(args, { env: { VERTAISTUKI_MASTER_KEY: key } })

/** Runs the real binary with the demo's master key. */
const binary = (args: ReadonlyArray<string>) => runCli(args, undefined, { VERTAISTUKI_MASTER_KEY: key })

beforeAll(async () => {
  // The demo writes its store, in which every parent consents to reporting at the intake (February 2026).
  await new Promise<void>((resolve, reject) => {
    const p = spawn(process.execPath, ["--import", "tsx", "examples/demo/src/main.ts"], { cwd: repoRoot, env: { ...process.env, VERTAISTUKI_DEMO_DB: db, NO_COLOR: "1" }, stdio: "ignore" })
    p.on("error", reject)
    p.on("close", (code) => (code === 0 ? resolve() : reject(new Error(`the demo exited ${code}`))))
  })
  key = readFileSync(`${db}.master-key`, "utf8").trim()
  // Then two of them withdraw it in January 2027, recorded as the journey records it.
  await Effect.runPromise(
    Effect.provide(
      Effect.gen(function* () {
        const es = yield* EventStore.EventStore
        const state = (yield* Projection.catchUp(ReportFacts.projection)).state
        for (const p of [...state.participants.values()].slice(-2)) {
          const stream = `participant-${p.participantId}`
          const journey = Participant.replay((yield* es.readStream(stream)).map((e) => Either.getOrThrow(LifecycleCodec.decode(e)) as Participant.ParticipantEvent))
          const now = DateTime.fromISO("2027-01-10T12:00:00+02:00")
          const record: Consent.ConsentRecord = { person: journey.personId, purpose: "reporting", action: "withdraw", givenBy: "person", textVersion: "reporting-v1", at: now, channel: "electronic-form" }
          const events = Either.getOrThrow(Participant.decide({ _tag: "RecordConsent", record }, journey, now))
          yield* es.append(stream, yield* es.streamVersion(stream), events.map((e) => Either.getOrThrow(LifecycleCodec.encode(e, { personId: journey.personId }))))
        }
      }).pipe(AccessLog.actingAs(AccessLog.system("test"))),
      SqliteEventStore.layer({ filename: db, keyring: MasterKey.unsafeKeyring(key) })
    )
  )
}, 120_000)

afterAll(async () => {
  rmSync(dir, { recursive: true, force: true })
  if (!skip) await dropSchemas()
})

describe("vertaistuki report", () => {
  it("reports the demo's store: the JSON decodes and passes the suppression laws (the binary)", async () => {
    const r = await binary(["report", "--db", db, "--period", "2026", "--by", "region,programme,month", "--as-of", "2026-12-31T12:00:00Z"])
    expect(r.stderr).toBe("")
    expect(r.code).toBe(0)
    const report = Either.getOrThrow(Json.decode(r.stdout))
    expect(report.excludedForConsent.value).toBe(0)
    const people = report.tables.find((t) => t.id === "participants-by-programme")!.total.total!
    expect(people.hidden || people.value! >= 5).toBe(true)
    for (const t of report.tables) {
      expect(determined(t)).toEqual([])
      for (const v of publishedCounts(t)) expect(v === 0 || v >= 5).toBe(true)
      expect(hiddenShowNothing(t)).toBe(true)
    }
  })

  it("counts a parent only while Consent.mayWe allows it: nobody before the intakes, all nine through 2026, seven after two withdrew", async () => {
    const excluded = async (asOf: string) => {
      const r = await cli(["report", "--db", db, "--period", "2026", "--as-of", asOf])
      expect(r.code).toBe(0)
      return Either.getOrThrow(Json.decode(r.stdout)).excludedForConsent
    }
    expect(await excluded("2026-02-01T12:00:00Z")).toEqual({ value: 9, hidden: false })
    expect(await excluded("2026-12-31T12:00:00Z")).toEqual({ value: 0, hidden: false })
    // Two left out is fewer than k = 5: the count itself is hidden.
    expect(await excluded("2027-02-01T12:00:00Z")).toEqual({ value: null, hidden: true })
  })

  it("writes CSV for Finnish Excel and HTML in Swedish", async () => {
    const csv = await cli(["report", "--db", db, "--period", "2026-H1", "--format", "csv", "--as-of", "2026-12-31T12:00:00Z"])
    expect(csv.code).toBe(0)
    expect(csv.stdout.startsWith("\ufefftable;rows_by;row;column;value")).toBe(true)
    const html = await cli(["report", "--db", db, "--period", "2026", "--format", "html", "--locale", "sv", "--as-of", "2026-12-31T12:00:00Z"])
    expect(html.code).toBe(0)
    expect(html.stdout).toContain('<html lang="sv">')
  })

  it("keeps the published reports' filters in --registry and checks each new report against them", async () => {
    const registry = join(dir, "published.json")
    const first = await cli(["report", "--db", db, "--period", "2026", "--registry", registry, "--as-of", "2026-12-31T12:00:00Z"])
    expect(first.code).toBe(0)
    const saved = JSON.parse(readFileSync(registry, "utf8"))
    expect(saved).toMatchObject([{ period: { from: "2026-01-01", to: "2026-12-31" }, by: ["region"] }])
    // As of February 2027 the two who withdrew in January are left out: the difference from the first report is those two.
    const later = await cli(["report", "--db", db, "--period", "2026", "--registry", registry, "--as-of", "2027-02-01T12:00:00Z"])
    expect(later.code).toBe(2)
    expect(later.stderr).toMatch(/differs from the published report/)
  })

  it("covers only the groups of --region, with the attributes of --groups", async () => {
    const groups = join(dir, "groups.json")
    const { writeFileSync } = await import("node:fs")
    const state = await Effect.runPromise(
      Effect.provide(
        Effect.map(Projection.catchUp(ReportFacts.projection), (c) => [...c.state.groups.keys()]).pipe(AccessLog.actingAs(AccessLog.system("test"))),
        SqliteEventStore.layer({ filename: db, keyring: MasterKey.unsafeKeyring(key) })
      )
    )
    writeFileSync(groups, JSON.stringify(Object.fromEntries(state.map((g) => [g, { region: "Pirkanmaa", language: "fi" }]))))
    const count = async (region: string) => {
      const r = await cli(["report", "--db", db, "--period", "2026", "--groups", groups, "--region", region, "--as-of", "2026-12-31T12:00:00Z"])
      expect(r.code).toBe(0)
      return Either.getOrThrow(Json.decode(r.stdout)).tables.find((t) => t.id === "participants-by-region")!.total.total
    }
    expect(await count("Pirkanmaa")).toEqual({ value: 9, hidden: false })
    expect(await count("Kainuu")).toEqual({ value: 0, hidden: false })
  })

  for (const [args, named] of [
    [["--by", "county"], /dimension must be one of .*got "county"/],
    [["--period", "2026-13"], /period must be .*got "2026-13"/],
    [["-k", "1"], /k must be a whole number ≥ 2, got 1/]
  ] as const) {
    it(`exits 2 naming the bad input: ${args.join(" ")}`, async () => {
      const r = await cli(["report", "--db", db, ...(args[0] === "--period" ? [] : ["--period", "2026"]), ...args])
      expect(r.code).toBe(2)
      expect(r.stderr).toMatch(named)
    })
  }
})

describe.skipIf(skip)("vertaistuki report on PostgreSQL", () => {
  it("reads the store by URL", async () => {
    const schema = freshSchema()
    expect((await cli(["store", "migrate", "--db", url, "--schema", schema])).code).toBe(0)
    const r = await cli(["report", "--db", url, "--schema", schema, "--period", "2026-H2", "--by", "language", "--as-of", "2026-12-31T12:00:00Z"])
    expect(r.code).toBe(0)
    const report = Either.getOrThrow(Json.decode(r.stdout))
    expect(report.by).toEqual(["language"])
    expect(report.excludedForConsent).toEqual({ value: 0, hidden: false })
  })
})
