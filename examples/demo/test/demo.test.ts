import { spawn } from "node:child_process"
import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import { afterAll, describe, expect, it } from "vitest"

const root = fileURLToPath(new URL("../../../", import.meta.url))
const dir = mkdtempSync(join(tmpdir(), "vertaistuki-demo-test-"))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

/** Runs `pnpm demo`'s entry point as the README does, on a SQLite file of its own. */
const demo = (): Promise<{ code: number | null; out: string }> =>
  new Promise((resolve, reject) => {
    const p = spawn(process.execPath, ["--import", "tsx", "examples/demo/src/main.ts"], {
      cwd: root,
      env: { ...process.env, VERTAISTUKI_DEMO_DB: join(dir, "demo.sqlite"), NO_COLOR: "1" }
    })
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
    expect(readFileSync(report!, "utf8")).toContain("<svg")
    for (const file of [report!, join(dir, "demo.sqlite.master-key"), join(dir, "export-person-1.json")]) {
      expect((statSync(file).mode & 0o777).toString(8), file).toBe("600")
    }

    const second = await demo()
    expect(second.code).toBe(0)
    expect(second.out).toContain("An earlier run stored this story: appending it again is refused (ConcurrencyConflict)")
    expect(second.out).toContain("their key is already destroyed")
    expect(second.out).toContain("in plaintext: none found")
    const exported = JSON.parse(readFileSync(join(dir, "export-person-1.json"), "utf8")) as { status: string; events: ReadonlyArray<unknown> }
    expect(exported.status).toBe("active")
    expect(exported.events.length).toBeGreaterThan(5)
    expect(second.out.trimEnd().split("\n").at(-1)).toMatch(/client-services\s+export\s+client-request — GDPR Art\. 15/)
  })
})
