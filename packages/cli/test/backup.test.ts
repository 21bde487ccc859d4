import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { AccessLog, EventStore, MasterKey, PersonalDataVault } from "@vertaistuki/store"
import { SqliteEventStore } from "@vertaistuki/store-sqlite"
import { Effect } from "effect"
import { afterAll, describe, expect, it } from "vitest"
import { runApp } from "./helpers.js"

const dir = mkdtempSync(join(tmpdir(), "vt-cli-backup-"))
afterAll(() => rmSync(dir, { recursive: true, force: true }))
const key = MasterKey.generate()
const who = ["--actor", "dpo-kari", "--purpose", "erasure-request", "--basis", "GDPR Art. 17"]
const worker = { actor: "worker-anna", purpose: "group-administration", legalBasis: "Social Welfare Act 1301/2014" }

/** The command line in this process with these environment variables set for the run only. */
const cli = async (args: ReadonlyArray<string>, env: Record<string, string | undefined> = {}) => {
  const saved = new Map<string, string | undefined>()
  for (const [k, v] of Object.entries({ VERTAISTUKI_MASTER_KEY: key, VERTAISTUKI_DB: undefined, DATABASE_URL: undefined, VERTAISTUKI_ERASURE_LEDGER: undefined, ...env })) {
    saved.set(k, process.env[k])
    if (v === undefined) delete process.env[k]
    else process.env[k] = v
  }
  try {
    return await runApp(args)
  } finally {
    for (const [k, v] of saved) {
      if (v === undefined) delete process.env[k]
      else process.env[k] = v
    }
  }
}

const seeded = async (name: string) => {
  const db = join(dir, `${name}.sqlite`)
  await Effect.runPromise(
    Effect.provide(
      Effect.flatMap(EventStore.EventStore, (es) =>
        Effect.forEach([1, 2], (i) => es.append(`participant-${i}`, "no-stream", [{ type: "Referred", data: {}, personId: `person-${i}`, personal: { name: `Parent Number${i}` } }]))
      ),
      SqliteEventStore.layer({ filename: db, keyring: MasterKey.unsafeKeyring(key) })
    )
  )
  return db
}

const nameIn = (db: string, i: number) =>
  Effect.runPromise(
    Effect.provide(
      Effect.gen(function* () {
        const events = yield* (yield* EventStore.EventStore).readStream(`participant-${i}`).pipe(AccessLog.actingAs(worker))
        const [r] = yield* (yield* PersonalDataVault.PersonalDataVault).reveal(events, worker)
        return r?._tag === "Fields" ? r.fields.name : r?._tag
      }),
      SqliteEventStore.layer({ filename: db, keyring: MasterKey.unsafeKeyring(key) })
    )
  )

describe("vertaistuki store backup | restore | erasures | reapply-erasures", () => {
  it("an erasure after the backup, appended to the ledger by `store erase`, holds after `store restore`", async () => {
    const live = await seeded("live")
    const copy = join(dir, "copy.sqlite")
    const ledger = join(dir, "erasures.jsonl")
    const b = await cli(["store", "backup", "--db", live, "--to", copy])
    expect(b.stderr).toBe("")
    expect(b.code).toBe(0)
    expect(b.stdout).toContain(`backed up ${live} to ${copy}`)
    expect(statSync(copy).mode & 0o777).toBe(0o600)

    // The ledger comes from the environment, as an operator would configure it once.
    const e = await cli(["store", "erase", "--db", live, "--person", "person-2", ...who], { VERTAISTUKI_ERASURE_LEDGER: ledger })
    expect(e.code).toBe(0)
    expect(statSync(ledger).mode & 0o777).toBe(0o600)
    expect(readFileSync(ledger, "utf8")).toMatch(/^\{"personId":"person-2","erasedAt":"[^"]+"\}\n$/)

    const restored = join(dir, "restored.sqlite")
    const refused = await cli(["store", "restore", "--db", restored, "--from", copy, ...who])
    expect(refused.code).toBe(2)
    expect(refused.stderr).toContain("--ledger")

    const r = await cli(["store", "restore", "--db", restored, "--from", copy, "--ledger", ledger, "--json", ...who])
    expect(r.code).toBe(0)
    expect(JSON.parse(r.stdout)).toMatchObject({ file: restored, erasedAgain: ["person-2"], alreadyErased: [] })
    expect(await nameIn(restored, 2)).toBe("Erased")
    expect(await nameIn(restored, 1)).toBe("Parent Number1")

    // The ledger of the live store, and re-applying it to the restored one, which has nothing left to erase.
    const fromStore = join(dir, "from-store.jsonl")
    const l = await cli(["store", "erasures", "--db", live, "--out", fromStore])
    expect(l.code).toBe(0)
    expect(readFileSync(fromStore, "utf8")).toContain('"personId":"person-2"')
    const again = await cli(["store", "reapply-erasures", "--db", restored, "--ledger", fromStore, "--json", ...who])
    expect(again.code).toBe(0)
    expect(JSON.parse(again.stdout)).toEqual({ erasedAgain: [], alreadyErased: ["person-2"], pending: false })
  })

  it("speaks the chosen language", async () => {
    const live = await seeded("lang")
    const fi = await cli(["store", "backup", "--db", live, "--to", join(dir, "lang-fi.sqlite"), "--lang", "fi"])
    expect(fi.stdout).toContain("varmuuskopioitu")
    const sv = await cli(["store", "restore", "--db", join(dir, "lang-sv.sqlite"), "--from", join(dir, "lang-fi.sqlite"), ...who], { VERTAISTUKI_LANG: "sv" })
    expect(sv.code).toBe(2)
    expect(sv.stderr).toContain("raderingsloggen behövs")
  })

  it("--db falls back to VERTAISTUKI_DB, then DATABASE_URL", async () => {
    const live = await seeded("env")
    const fromVt = await cli(["store", "erasures"], { VERTAISTUKI_DB: live, DATABASE_URL: join(dir, "nothing-here.sqlite") })
    expect(fromVt.code).toBe(0)
    const fromUrl = await cli(["store", "erasures"], { DATABASE_URL: live })
    expect(fromUrl.code).toBe(0)
    const missing = await cli(["store", "erasures"], { DATABASE_URL: join(dir, "nothing-here.sqlite") })
    expect(missing.code).toBe(2)
    expect(missing.stderr).toContain("nothing-here.sqlite")
  })

  it("the stores' tuning comes from the environment; a value it cannot use is bad input naming the variable", async () => {
    const live = await seeded("tuning")
    expect((await cli(["store", "erasures", "--db", live], { VERTAISTUKI_SQLITE_BUSY_TIMEOUT_MS: "250" })).code).toBe(0)
    const busy = await cli(["store", "erasures", "--db", live], { VERTAISTUKI_SQLITE_BUSY_TIMEOUT_MS: "soon" })
    expect(busy.code).toBe(2)
    expect(busy.stderr).toContain("VERTAISTUKI_SQLITE_BUSY_TIMEOUT_MS: expected a whole number")
    for (const [name, value] of [
      ["VERTAISTUKI_PG_POOL_SIZE", "0"],
      ["VERTAISTUKI_PG_LOCK_TIMEOUT_MS", "-1"],
      ["VERTAISTUKI_PG_STATEMENT_TIMEOUT_MS", "1e3"]
    ] as const) {
      const r = await cli(["store", "erasures", "--db", "postgres://nobody@127.0.0.1:1/none"], { [name]: value })
      expect(r.code, name).toBe(2)
      expect(r.stderr).toContain(`${name}: expected a whole number`)
    }
  })

  it("bad input names what was wrong and changes nothing", async () => {
    const live = await seeded("bad")
    const damaged = join(dir, "damaged.jsonl")
    const { writeFileSync } = await import("node:fs")
    writeFileSync(damaged, '{"personId":"__proto__","erasedAt":"2026-01-01T00:00:00Z"}\n')
    const r = await cli(["store", "restore", "--db", join(dir, "never.sqlite"), "--from", live, "--ledger", damaged, ...who])
    expect(r.code).toBe(2)
    expect(r.stderr).toContain("ledger line 1.personId")
    expect(() => statSync(join(dir, "never.sqlite"))).toThrow()
    const pg = await cli(["store", "backup", "--db", "postgres://127.0.0.1/test", "--to", join(dir, "pg.sqlite")])
    expect(pg.code).toBe(2)
    expect(pg.stderr).toContain("pg_dump")
    const over = await cli(["store", "backup", "--db", live, "--to", damaged])
    expect(over.code).toBe(2)
    expect(over.stderr).toContain("to: expected a file that does not exist yet")
    expect(readFileSync(damaged, "utf8")).toContain("__proto__")
  })
})
