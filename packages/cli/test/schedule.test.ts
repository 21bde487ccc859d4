import { mkdtempSync, readFileSync, statSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { describe, expect, it } from "vitest"
import { runApp } from "./helpers.js"

describe("vertaistuki schedule", () => {
  it("prints the dates and the holiday it skipped, and why", async () => {
    const r = await runApp(["schedule", "--programme", "voikukkia", "--start", "2026-04-02", "--time", "17:00"])
    expect(r.code).toBe(0)
    expect(r.stdout).toContain("2026-05-21")
    expect(r.stdout).toContain("Skipped: 2026-05-14 Ascension Day (public holiday)")
  })

  it("--json gives the sessions with Helsinki offsets across the DST change, and writes --ics", async () => {
    const dir = mkdtempSync(join(tmpdir(), "vt-schedule-"))
    const file = join(dir, "group.ics")
    const r = await runApp(["schedule", "--programme", "voikukkia", "--start", "2026-03-12", "--time", "17:00", "--cadence", "weekly", "--sessions", "4", "--json", "--ics", file])
    expect(r.code).toBe(0)
    const out = JSON.parse(r.stdout) as { sessions: Array<{ start: string }>; skipped: unknown[] }
    expect(out.sessions.map((s) => s.start)).toEqual([
      "2026-03-12T17:00:00.000+02:00",
      "2026-03-19T17:00:00.000+02:00",
      "2026-03-26T17:00:00.000+02:00",
      "2026-04-02T17:00:00.000+03:00"
    ])
    expect((statSync(file).mode & 0o777).toString(8)).toBe("600")
    const ics = readFileSync(file, "utf8")
    expect(ics).toContain("X-WR-TIMEZONE:Europe/Helsinki")
    expect(ics).toContain("DTSTART;TZID=Europe/Helsinki:20260402T170000")
  })

  it("the online group's live meeting falls on a Saturday, skipping All Saints' Day 2026", async () => {
    const r = await runApp(["schedule", "--programme", "online-parents-of-placed-youth", "--start", "2026-09-22", "--time", "18:00", "--weekend-time", "10:00", "--json"])
    expect(r.code).toBe(0)
    const out = JSON.parse(r.stdout) as { sessions: Array<{ date: string; weekday: string; start: string }>; skipped: Array<{ date: string; name: string }> }
    expect(out.sessions[0]?.start).toBe("2026-09-22T18:00:00.000+03:00")
    expect(out.sessions[5]).toMatchObject({ date: "2026-11-07", weekday: "Saturday", start: "2026-11-07T10:00:00.000+02:00" })
    expect(out.skipped).toContainEqual({ date: "2026-10-31", reason: "public-holiday", name: "All Saints' Day" })
  })

  it("bad input exits with code 2", async () => {
    expect((await runApp(["schedule", "--programme", "nope", "--start", "2026-04-02", "--time", "17:00"])).code).toBe(2)
    expect((await runApp(["schedule", "--programme", "voikukkia", "--start", "2026-04-04", "--time", "17:00"])).code).toBe(2)
    expect((await runApp(["schedule", "--programme", "voikukkia", "--start", "2026-04-02", "--time", "25:00"])).code).toBe(2)
  })

  it("--minutes and --sessions below 1 are bad input naming the option and what it takes, not an empty or backwards schedule", async () => {
    const base = ["schedule", "--programme", "online-parents-of-placed-youth", "--start", "2026-09-22", "--time", "18:00", "--json"]
    for (const [option, value, expected] of [
      ["--minutes", "-30", "--minutes: expected a session length in whole minutes from 1 to 1440, got -30"],
      ["--minutes", "0", "--minutes: expected a session length in whole minutes from 1 to 1440, got 0"],
      ["--sessions", "0", "--sessions: expected a whole number of sessions from 1 to 200, got 0"],
      ["--sessions", "-3", "--sessions: expected a whole number of sessions from 1 to 200, got -3"],
      ["--sessions", "100000", "--sessions: expected a whole number of sessions from 1 to 200, got 100000"]
    ] as const) {
      const r = await runApp([...base, option, value])
      expect(r, `${option} ${value}`).toEqual({ code: 2, stdout: "", stderr: `vertaistuki: ${expected}\n` })
    }
    const ok = await runApp([...base, "--minutes", "1", "--sessions", "1"])
    expect(ok.code, ok.stderr).toBe(0)
    expect(JSON.parse(ok.stdout).sessions).toHaveLength(1)
  })
})
