// The real binary, once per command that has no test of its own through it: the other command tests run
// in-process (`runApp`), and these show that the binary gives the same exit code and the same output.
// `costs` is run through the binary in redirect.test.ts, `eligibility` in main.test.ts, `store` in
// store.test.ts and `report` in report.test.ts.
import { describe, expect, it } from "vitest"
import { runApp, runCli } from "./helpers.js"

describe("the binary gives what the in-process run gives", () => {
  it("programmes list --json", async () => {
    const args = ["programmes", "list", "--json"]
    const bin = await runCli(args)
    expect(bin.code).toBe(0)
    expect(bin.stderr).toBe("")
    expect((JSON.parse(bin.stdout) as ReadonlyArray<{ id: string }>).map((p) => p.id)).toContain("voikukkia")
    expect(bin).toEqual(await runApp(args))
  })

  it("schedule, with a holiday skipped", async () => {
    const args = ["schedule", "--programme", "voikukkia", "--start", "2026-04-02", "--time", "17:00"]
    const bin = await runCli(args)
    expect(bin.code).toBe(0)
    expect(bin.stdout).toContain("Skipped: 2026-05-14 Ascension Day (public holiday)")
    expect(bin).toEqual(await runApp(args))
  })
})
