import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { AccessLog, EventStore, MasterKey } from "@vertaistuki/store"
import { SqliteEventStore } from "@vertaistuki/store-sqlite"
import * as SqlClient from "@effect/sql/SqlClient"
import { Effect } from "effect"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { runApp, runCli } from "./helpers.js"

const dir = mkdtempSync(join(tmpdir(), "vt-cli-store-"))
const db = join(dir, "cli.sqlite")
const key = MasterKey.generate()
const name = "Kirsikka Lehtonen-Saarinen"
const who = ["--actor", "worker-5", "--purpose", "client-request", "--basis", "GDPR Art. 15"]

/** Runs the command line in this process with these environment variables. */
const cli = (args: ReadonlyArray<string>, env: Record<string, string | undefined> = { VERTAISTUKI_MASTER_KEY: key }) => runApp(args, { env })

/** Runs the real binary with these environment variables (the child's environment is taken when it starts). */
const binary = (args: ReadonlyArray<string>, env: Record<string, string> = { VERTAISTUKI_MASTER_KEY: key }) => runCli(args, undefined, env)

beforeAll(async () => {
  await Effect.runPromise(
    Effect.provide(
      Effect.flatMap(EventStore.EventStore, (es) =>
        es.append("participant-p-7", 0, [
          { type: "ParticipantRegistered", data: { participantId: "p-7" }, personId: "p-7", personal: { name, phone: "+358409998877" } },
          { type: "ParticipantEnrolled", data: { participantId: "p-7", groupId: "g-1" }, personId: "p-7" }
        ])
      ),
      SqliteEventStore.layer({ filename: db, keyring: MasterKey.unsafeKeyring(key) })
    )
  )
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

/** The number of access-log lines about p-7 (the query itself adds one after it has counted). */
const logged = () =>
  Effect.runPromise(
    Effect.provide(
      Effect.map(
        Effect.flatMap(AccessLog.AccessLog, (l) => l.forPerson("p-7", { actor: "test", purpose: "count", legalBasis: "test" })),
        (e) => e.length
      ),
      SqliteEventStore.layer({ filename: db, keyring: MasterKey.unsafeKeyring(key) })
    )
  )

describe("vertaistuki store", () => {
  it("migrate creates a new file's tables, then reports it up to date", async () => {
    const fresh = join(dir, "fresh.sqlite")
    const first = await cli(["store", "migrate", "--db", fresh, "--json"])
    expect(first.code).toBe(0)
    expect(JSON.parse(first.stdout).applied).toEqual([
      { id: 1, name: "event_store" },
      { id: 2, name: "erasure_count" },
      { id: 3, name: "key_classes" },
      { id: 4, name: "master_key_checks" },
      { id: 5, name: "access_log_chain" },
      { id: 6, name: "event_people" },
      { id: 7, name: "deliveries" },
      { id: 8, name: "projection_leases" }
    ])
    const second = await cli(["store", "migrate", "--db", fresh])
    expect(second.stdout).toContain("up to date")
  })

  it("export prints everything held about the person, and the export itself is in the access log (the binary)", async () => {
    const r = await binary(["store", "export", "--db", db, "--person", "p-7", ...who])
    expect(r.code).toBe(0)
    const data = JSON.parse(r.stdout)
    expect(data.personId).toBe("p-7")
    expect(data.events.map((e: { type: string }) => e.type)).toEqual(["ParticipantRegistered", "ParticipantEnrolled"])
    expect(data.events[0].personal).toEqual({ name, phone: "+358409998877" })
    expect(data.accessLog.at(-1)).toMatchObject({ action: "export", actor: "worker-5", purpose: "client-request", legalBasis: "GDPR Art. 15" })
  })

  it("access-log lists who processed the data, and logs its own reading", async () => {
    const r = await cli(["store", "access-log", "--db", db, "--person", "p-7", ...who, "--json"])
    expect(r.code).toBe(0)
    const entries = JSON.parse(r.stdout) as ReadonlyArray<{ action: string; actor: string }>
    expect(entries.some((e) => e.action === "export" && e.actor === "worker-5")).toBe(true)
    const table = await cli(["store", "access-log", "--db", db, "--person", "p-7", ...who])
    expect(table.stdout).toContain("access-log-read")
  })

  it("erase destroys the key: a later export holds nothing readable, and the file holds no plaintext", async () => {
    const r = await cli(["store", "erase", "--db", db, "--person", "p-7", "--actor", "dpo-1", "--purpose", "erasure-request", "--basis", "GDPR Art. 17", "--json"])
    expect(r.code).toBe(0)
    expect(JSON.parse(r.stdout)).toMatchObject({ personId: "p-7", alreadyErased: false })
    const out = join(dir, "export.json")
    const e = await cli(["store", "export", "--db", db, "--person", "p-7", ...who, "--out", out])
    expect(e.code).toBe(0)
    const text = readFileSync(out, "utf8")
    expect(text).not.toContain(name)
    expect(JSON.parse(text)).toMatchObject({ status: "erased" })
    expect(readFileSync(db).includes(Buffer.from(name))).toBe(false)
  })

  it("bad input exits 2 with a message naming what was wrong; nothing is written", async () => {
    const before = await logged()
    const noKey = await cli(["store", "export", "--db", db, "--person", "p-7", ...who], { VERTAISTUKI_MASTER_KEY: undefined })
    expect(noKey.code).toBe(2)
    expect(noKey.stderr).toContain("VERTAISTUKI_MASTER_KEY")
    const shortKey = await cli(["store", "export", "--db", db, "--person", "p-7", ...who], { VERTAISTUKI_MASTER_KEY: "c2hvcnQ=" })
    expect(shortKey.code).toBe(2)
    expect(shortKey.stderr).toContain("32")
    const badPerson = await cli(["store", "export", "--db", db, "--person", "has space", ...who])
    expect(badPerson.code).toBe(2)
    expect(badPerson.stderr).toContain("personId")
    const noActor = await cli(["store", "export", "--db", db, "--person", "p-7"])
    expect(noActor.code).toBe(2)
    const emptyActor = await cli(["store", "export", "--db", db, "--person", "p-7", "--actor", " ", "--purpose", "x", "--basis", "y"])
    expect(emptyActor.code).toBe(2)
    expect(emptyActor.stderr).toContain("context.actor")
    expect(await logged()).toBe(before + 1)
  })

  it("an actor, purpose or basis with a control character or line break exits 2 naming the field, and nothing is logged", async () => {
    const before = await logged()
    for (const [flag, field] of [["--actor", "context.actor"], ["--purpose", "context.purpose"], ["--basis", "context.legalBasis"]] as const) {
      const args = ["store", "access-log", "--db", db, "--person", "p-7", ...who]
      args[args.indexOf(flag) + 1] = "worker-5\n2026-01-01 dpo export p-7"
      const r = await cli(args)
      expect(r.code, flag).toBe(2)
      expect(r.stderr).toContain(field)
      expect(r.stderr).not.toContain("dpo export")
    }
    expect(await logged()).toBe(before + 1)
  })

  it("access-log --verify exits 0 on an intact log, and 1 naming the first entry changed in the file; stored control characters are shown escaped", async () => {
    const ok = await cli(["store", "access-log", "--db", db, "--verify"])
    expect(ok.code).toBe(0)
    expect(ok.stdout).toMatch(/intact: \d+ entries/)
    const okJson = await cli(["store", "access-log", "--db", db, "--verify", "--json"])
    expect(JSON.parse(okJson.stdout)).toMatchObject({ broken: null })
    const tampered = join(dir, "tampered.sqlite")
    writeFileSync(tampered, readFileSync(db))
    if (existsSync(`${db}-wal`)) writeFileSync(`${tampered}-wal`, readFileSync(`${db}-wal`))
    await Effect.runPromise(
      Effect.scoped(
        Effect.flatMap(SqlClient.SqlClient, (sql) =>
          Effect.zipRight(sql.unsafe("DROP TRIGGER access_log_update"), sql.unsafe("UPDATE access_log SET actor = 'evil\u001b[2J\u202e' WHERE id = 2"))
        ).pipe(Effect.provide(SqliteEventStore.clientLayer({ filename: tampered })))
      )
    )
    const broken = await cli(["store", "access-log", "--db", tampered, "--verify"])
    expect(broken.code).toBe(1)
    expect(broken.stderr).toContain("broken at entry 2")
    const shown = await cli(["store", "access-log", "--db", tampered, "--person", "p-7", ...who])
    expect(shown.code).toBe(0)
    expect(shown.stdout).toContain("evil\\u001b[2J\\u202e")
    expect([...shown.stdout].some((c) => c === "\u001b" || c === "\u202e")).toBe(false)
    const shownJson = await cli(["store", "access-log", "--db", tampered, "--person", "p-7", ...who, "--json"])
    expect([...shownJson.stdout].some((c) => c === "\u001b" || c === "\u202e")).toBe(false)
    expect(JSON.parse(shownJson.stdout).some((e: { actor: string }) => e.actor === "evil\u001b[2J\u202e")).toBe(true)
  })

  it("an unreachable database exits 1 with a retryable store error, without a stack trace", async () => {
    const r = await cli(["store", "access-log", "--db", "postgres://postgres@127.0.0.1:1/none", "--person", "p-7", ...who])
    expect(r.code).toBe(1)
    expect(r.stderr).toMatch(/store unavailable \(retryable\)/)
    expect(r.stderr).not.toMatch(/at .*\.js:\d+/)
  })

  it("export, erase and access-log on a missing or empty file exit 2 and create no store", async () => {
    const missing = join(dir, "missing.sqlite")
    const empty = join(dir, "empty.sqlite")
    writeFileSync(empty, "")
    for (const target of [missing, empty]) {
      for (const command of ["export", "erase", "access-log"]) {
        const r = await cli(["store", command, "--db", target, "--person", "p-7", ...who])
        expect(r.code, `${command} ${target}`).toBe(2)
        expect(r.stderr).toContain(`no store at ${target}; run \`vertaistuki store migrate\` to create one`)
      }
    }
    expect(existsSync(missing)).toBe(false)
    expect(readFileSync(empty).length).toBe(0)
  })

  it("a wrong master key exits 2 naming the variable, and the store is unchanged", async () => {
    const before = await logged()
    const r = await cli(["store", "erase", "--db", db, "--person", "p-7", ...who], { VERTAISTUKI_MASTER_KEY: MasterKey.generate() })
    expect(r.code).toBe(2)
    expect(r.stderr).toContain("VERTAISTUKI_MASTER_KEY")
    // Only the counting query itself was logged since: the refused erase wrote nothing.
    expect(await logged()).toBe(before + 1)
  })
})
