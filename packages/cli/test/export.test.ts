import { mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { EventStore, MasterKey } from "@vertaistuki/store"
import { SqliteEventStore } from "@vertaistuki/store-sqlite"
import { Effect } from "effect"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { runApp } from "./helpers.js"

const dir = mkdtempSync(join(tmpdir(), "vt-cli-export-"))
const db = join(dir, "export.sqlite")
const key = MasterKey.generate()
const name = "Kirsikka Lehtonen-Saarinen"
const who = ["--db", db, "--person", "p-8", "--actor", "worker-5", "--purpose", "client-request", "--basis", "GDPR Art. 15"]

beforeAll(async () => {
  await Effect.runPromise(
    Effect.provide(
      Effect.flatMap(EventStore.EventStore, (es) =>
        es.append("participant-p-8", 0, [{ type: "ParticipantRegistered", data: { participantId: "p-8" }, personId: "p-8", personal: { name } }])
      ),
      SqliteEventStore.layer({ filename: db, keyring: MasterKey.unsafeKeyring(key) })
    )
  )
  process.env.VERTAISTUKI_MASTER_KEY = key
})
afterAll(() => {
  delete process.env.VERTAISTUKI_MASTER_KEY
  rmSync(dir, { recursive: true, force: true })
})

describe("vertaistuki store export --out", () => {
  it("writes the export readable by its owner only, also over an existing file", async () => {
    const out = join(dir, "export.json")
    writeFileSync(out, "old", { mode: 0o644 })
    const r = await runApp(["store", "export", ...who, "--out", out])
    expect(r.code, r.stderr).toBe(0)
    expect((statSync(out).mode & 0o777).toString(8)).toBe("600")
    expect(JSON.parse(readFileSync(out, "utf8")).events[0].personal).toEqual({ name })
  })

  it("refuses a symbolic link pointing elsewhere: exit 2, and the file it points to is untouched", async () => {
    const elsewhere = join(dir, "shared-report.txt")
    writeFileSync(elsewhere, "quarterly figures", { mode: 0o644 })
    const link = join(dir, "link.json")
    symlinkSync(elsewhere, link)
    const r = await runApp(["store", "export", ...who, "--out", link])
    expect(r).toEqual({ code: 2, stdout: "", stderr: `vertaistuki: ${link}: is a symbolic link; refusing to write through it\n` })
    expect(readFileSync(elsewhere, "utf8")).toBe("quarterly figures")
    expect((statSync(elsewhere).mode & 0o777).toString(8)).toBe("644")
  })
})
