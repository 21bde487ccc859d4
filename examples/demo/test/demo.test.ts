import { spawn } from "node:child_process"
import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import { afterAll, describe, expect, it } from "vitest"

const root = fileURLToPath(new URL("../../../", import.meta.url))
const dir = mkdtempSync(join(tmpdir(), "vertaistuki-demo-test-"))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

/** Runs `pnpm demo --dir <dir>`'s entry point as the README does, in a folder of its own. */
const demo = (): Promise<{ code: number | null; out: string }> =>
  new Promise((resolve, reject) => {
    const env: Record<string, string | undefined> = { ...process.env, NO_COLOR: "1" }
    delete env.VERTAISTUKI_DEMO_DB
    const p = spawn(process.execPath, ["--import", "tsx", "examples/demo/src/main.ts", "--dir", dir], { cwd: root, env })
    let out = ""
    p.stdout.setEncoding("utf8").on("data", (d: string) => (out += d))
    p.stderr.setEncoding("utf8").on("data", (d: string) => (out += d))
    p.on("error", reject)
    p.on("close", (code) => resolve({ code, out }))
  })

describe("pnpm demo", () => {
  it("tells the whole story, keeps it in SQLite without plaintext, and survives being run twice", async () => {
    const first = await demo()
    expect(first.code).toBe(0)
    expect(first.out.split("\n")[0]).toBe(`The demo writes its SQLite store, the store's master key, an export and a report into ${dir}`)
    expect(first.out).not.toContain("earlier run")
    expect(first.out).toContain("TrademarkRequiresTraining")
    expect(first.out).toMatch(/\? undetermined\s+voikukkia/)
    expect(first.out).toContain("refused, ParticipationDisclosureRefused / Withdrawn")
    expect(first.out).toContain("The schedule skips 2026-05-14 (Ascension Day")
    expect(first.out).toContain("parent-9: the group is full (8) → waitlisted.")
    expect(first.out).toMatch(/3 555,00\s€\s–\s6 155,00\s€/)
    expect(first.out).toMatch(/Stored the group's (\d+) events in \d+ streams/)
    expect(first.out).toContain("in plaintext: none found")
    expect(first.out).toContain("parent-2 (erased)")
    // GDPR Art. 15: every event of the story naming parent-1 (their attendance in the session streams included) is exported.
    const completeness = /The story names parent-1 or person-1 in (\d+) events; the export holds (\d+)\./.exec(first.out)
    expect(completeness).not.toBeNull()
    expect(Number(completeness![2])).toBe(Number(completeness![1]))
    expect(Number(completeness![1])).toBeGreaterThan(14)
    const report = /The report with charts \(comparison, tornado, histogram\): (\S+)/.exec(first.out)?.[1]
    expect(report).toBeDefined()
    expect(report).toBe(join(dir, "voikukkia-costs.html"))
    expect(readFileSync(report!, "utf8")).toContain("<svg")
    for (const file of [report!, join(dir, "demo.sqlite.master-key"), join(dir, "export-person-1.json")]) {
      expect((statSync(file).mode & 0o777).toString(8), file).toBe("600")
    }

    const second = await demo()
    expect(second.code).toBe(0)
    expect(second.out.split("\n")[1]).toBe(
      `That folder holds the store of an earlier run (${join(dir, "demo.sqlite")}): this run reuses it, so the storage chapter reads the story back instead of storing it again.`
    )
    expect(second.out).toContain("An earlier run stored this story: appending it again is refused (ConcurrencyConflict)")
    expect(second.out).toContain("their key is already destroyed")
    expect(second.out).toContain("in plaintext: none found")
    const exported = JSON.parse(readFileSync(join(dir, "export-person-1.json"), "utf8")) as { status: string; events: ReadonlyArray<unknown> }
    expect(exported.status).toBe("active")
    expect(exported.events.length).toBeGreaterThan(5)
    expect(second.out.trimEnd().split("\n").at(-1)).toMatch(/client-services\s+export\s+client-request — GDPR Art\. 15/)
  })
})
