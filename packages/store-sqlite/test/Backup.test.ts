import { spawn } from "node:child_process"
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import { AccessLog, ErasureLedger, EventStore, MasterKey, PersonalDataVault, type StoreDriver } from "@vertaistuki/store"
import { Effect, Either } from "effect"
import { afterAll, describe, expect, it } from "vitest"
import { nodeScript } from "../../store/test/script.js"
import { SqliteEventStore } from "../src/index.js"

const root = fileURLToPath(new URL("../../../", import.meta.url))
const dir = mkdtempSync(join(tmpdir(), "vt-backup-"))
afterAll(() => rmSync(dir, { recursive: true, force: true }))
let n = 0
const file = (name = "store") => join(dir, `${name}-${n++}.sqlite`)
const key = MasterKey.generate()
const keyring = MasterKey.unsafeKeyring(key)
const worker = { actor: "worker-anna", purpose: "group-administration", legalBasis: "Social Welfare Act 1301/2014" }
const dpo = { actor: "dpo-kari", purpose: "erasure-request", legalBasis: "GDPR Art. 17" }
const operator = { actor: "operator-olli", purpose: "restore", legalBasis: "GDPR Art. 17" }

const run = <A, E>(filename: string, program: Effect.Effect<A, E, StoreDriver.Services>) =>
  Effect.runPromise(Effect.provide(program, SqliteEventStore.layer({ filename, keyring })))

const seed = (filename: string, people: number) =>
  run(
    filename,
    Effect.gen(function* () {
      const es = yield* EventStore.EventStore
      for (let i = 1; i <= people; i++) {
        yield* es.append(`participant-${i}`, "no-stream", [{ type: "Referred", data: { participantId: `parent-${i}` }, personId: `person-${i}`, personal: { name: `Parent Number${i}` } }])
      }
    })
  )

/** The personal fields of a person's first event, as a worker would read them. */
const nameOf = (filename: string, i: number) =>
  run(
    filename,
    Effect.gen(function* () {
      const es = yield* EventStore.EventStore
      const [revealed] = yield* (yield* PersonalDataVault.PersonalDataVault).reveal(yield* es.readStream(`participant-${i}`).pipe(AccessLog.actingAs(worker)), worker)
      return revealed?._tag === "Fields" ? revealed.fields.name : revealed?._tag
    })
  )

/** Every check of a store's integrity the contract relies on: positions and versions without gaps, the access log's chain intact. */
const integrity = (filename: string) =>
  run(
    filename,
    Effect.gen(function* () {
      const es = yield* EventStore.EventStore
      const all = yield* es.readAll(0, 100_000).pipe(AccessLog.actingAs(AccessLog.system("integrity-check")))
      const versions = new Map<string, number>()
      let gaps = 0
      for (const [i, e] of all.entries()) {
        if (e.position !== i + 1) gaps++
        if (e.version !== (versions.get(e.streamId) ?? 0) + 1) gaps++
        versions.set(e.streamId, e.version)
      }
      const chain = yield* (yield* AccessLog.AccessLog).verify
      return { events: all.length, gaps, broken: chain.broken }
    })
  )

const writer = async (filename: string, stream: string, w: number, writes: number) => {
  const script = await nodeScript("packages/store-sqlite/test/fixtures/concurrent-writer.ts")
  return new Promise<number | null>((resolve, reject) => {
    const p = spawn(process.execPath, [...script, filename, stream, String(w), String(writes)], {
      cwd: root,
      env: { ...process.env, VT_TEST_MASTER_KEY: key },
      stdio: ["ignore", "ignore", "inherit"]
    })
    p.on("error", reject)
    p.on("close", resolve)
  })
}

describe("backup and restore", () => {
  it("a backup taken while two processes append restores to a store whose positions, versions and access log are intact", async () => {
    const live = file()
    await seed(live, 3)
    const writers = [writer(live, "marks-1", 1, 150), writer(live, "marks-2", 2, 150)]
    // Wait until the writers have started appending, then take backups while they go on.
    let seen = 0
    for (let i = 0; i < 200 && (seen = (await integrity(live)).events) < 20; i++) await new Promise((r) => setTimeout(r, 50))
    const copies: Array<string> = []
    for (let i = 0; i < 3; i++) {
      const to = file("backup")
      const copied = await Effect.runPromise(SqliteEventStore.backup({ filename: live, to }))
      expect(copied.pages).toBeGreaterThan(0)
      expect(statSync(to).mode & 0o777).toBe(0o600)
      copies.push(to)
    }
    expect(await Promise.all(writers)).toEqual([0, 0])
    const counts: Array<number> = []
    for (const copy of copies) {
      const restored = file("restored")
      const r = await Effect.runPromise(SqliteEventStore.restore({ from: copy, filename: restored, keyring, ledger: [], context: operator }))
      expect(r.erasedAgain).toEqual([])
      const check = await integrity(restored)
      expect(check.gaps).toBe(0)
      expect(check.broken).toBeNull()
      counts.push(check.events)
      expect(await nameOf(restored, 2)).toBe("Parent Number2")
    }
    // Taken while the writers ran: each copy has at least what was stored when the first backup began.
    const final = await integrity(live)
    expect(final.events).toBe(3 + 300)
    expect(seen).toBeGreaterThanOrEqual(20)
    for (const c of counts) expect(c).toBeGreaterThanOrEqual(seen)
    expect(counts.some((c) => c < final.events)).toBe(true)
  }, 60_000)

  it("a person erased after the backup stays erased after the restore, when the ledger is re-applied", async () => {
    const live = file()
    await seed(live, 3)
    const copy = file("backup")
    await Effect.runPromise(SqliteEventStore.backup({ filename: live, to: copy }))
    await run(live, Effect.flatMap(PersonalDataVault.PersonalDataVault, (v) => v.erase("person-2", dpo)))
    const ledger = await run(live, ErasureLedger.read.pipe(AccessLog.actingAs(AccessLog.system("erasure-ledger"))))
    expect(ledger.map((e) => e.personId)).toEqual(["person-2"])
    // The ledger is kept as text apart from the store; a restore reads it back.
    const ledgerFile = join(dir, `ledger-${n++}.jsonl`)
    writeFileSync(ledgerFile, ledger.map(ErasureLedger.line).join(""))
    const parsed = Either.getOrThrow(ErasureLedger.parse(readFileSync(ledgerFile, "utf8")))

    // Without the ledger the backup brings the erased person back: that is what the ledger is for.
    const careless = file("restored")
    await Effect.runPromise(SqliteEventStore.restore({ from: copy, filename: careless, keyring, ledger: [], context: operator }))
    expect(await nameOf(careless, 2)).toBe("Parent Number2")

    const restored = file("restored")
    const r = await Effect.runPromise(SqliteEventStore.restore({ from: copy, filename: restored, keyring, ledger: parsed, context: operator }))
    expect(r.erasedAgain).toEqual(["person-2"])
    expect(await nameOf(restored, 2)).toBe("Erased")
    expect(await nameOf(restored, 1)).toBe("Parent Number1")
    const exported = await run(restored, Effect.flatMap(PersonalDataVault.PersonalDataVault, (v) => v.exportPerson("person-2", operator)))
    expect(exported.status).toBe("erased")
    // The erasure is in the restored store's access log, under the operator who restored.
    const log = await run(restored, Effect.flatMap(AccessLog.AccessLog, (l) => l.forPerson("person-2", operator)))
    expect(log.some((e) => e.actor === "operator-olli" && e.action === "erasure")).toBe(true)
    // A second re-application erases nobody again.
    const again = await run(restored, ErasureLedger.reapply(parsed, operator))
    expect(again).toEqual({ erasedAgain: [], alreadyErased: ["person-2"], pending: false })
  }, 30_000)

  it("nothing is overwritten: an existing destination or store file is refused naming the field, and left as it was", async () => {
    const live = file()
    await seed(live, 1)
    const taken = file("taken")
    writeFileSync(taken, "keep me")
    const toTaken = await Effect.runPromise(Effect.either(SqliteEventStore.backup({ filename: live, to: taken })))
    expect(Either.isLeft(toTaken) && toTaken.left._tag === "InvalidInput" && toTaken.left.field).toBe("to")
    const copy = file("backup")
    await Effect.runPromise(SqliteEventStore.backup({ filename: live, to: copy }))
    const onto = await Effect.runPromise(Effect.either(SqliteEventStore.restore({ from: copy, filename: taken, keyring, ledger: [], context: operator })))
    expect(Either.isLeft(onto) && onto.left._tag === "InvalidInput" && onto.left.field).toBe("db")
    expect(readFileSync(taken, "utf8")).toBe("keep me")
    const missing = await Effect.runPromise(
      Effect.either(SqliteEventStore.restore({ from: join(dir, "nope.sqlite"), filename: file("restored"), keyring, ledger: [], context: operator }))
    )
    expect(Either.isLeft(missing) && missing.left._tag === "InvalidInput" && missing.left.field).toBe("from")
  })

  it("a backup that is not a store is refused as Corrupt and leaves no restored file behind", async () => {
    const junk = file("junk")
    writeFileSync(junk, Buffer.alloc(8192, 7))
    const target = file("restored")
    const r = await Effect.runPromise(Effect.either(SqliteEventStore.restore({ from: junk, filename: target, keyring, ledger: [], context: operator })))
    expect(Either.isLeft(r)).toBe(true)
    expect(existsSync(target)).toBe(false)
  })
})

describe("ErasureLedger.parse", () => {
  it("reads the lines it writes and skips blank lines", () => {
    const entries = [
      { personId: "person-1", erasedAt: new Date("2026-05-04T10:00:00.000Z") },
      { personId: "person-9", erasedAt: new Date("2026-06-01T00:00:00.000Z") }
    ]
    expect(Either.getOrThrow(ErasureLedger.parse(`${entries.map(ErasureLedger.line).join("\n")}\n\n`))).toEqual(entries)
  })

  it.each([
    ["not json", "ledger line 2"],
    ['{"personId":"__proto__","erasedAt":"2026-05-04T10:00:00Z"}', "ledger line 2.personId"],
    ['{"personId":"person-1","erasedAt":"yesterday"}', "ledger line 2.erasedAt"],
    ['{"personId":"person-1"}', "ledger line 2"]
  ])("a damaged line %j is refused naming %s", (bad, field) => {
    const r = ErasureLedger.parse(`${ErasureLedger.line({ personId: "person-1", erasedAt: new Date(0) })}${bad}\n`)
    expect(Either.isLeft(r) && r.left.field).toBe(field)
  })
})
