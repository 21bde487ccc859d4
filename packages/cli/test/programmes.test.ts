import { describe, expect, it } from "vitest"
import { runApp } from "./helpers.js"

interface Summary {
  readonly id: string
  readonly name: string
  readonly sessions: { readonly min: number | null; readonly max: number | null }
  readonly groupSize: { readonly min: number | null; readonly max: number | null }
  readonly sources: ReadonlyArray<{ readonly file: string | null; readonly title: string }>
}

describe("vertaistuki programmes", () => {
  it("list --json prints one object per model with id, name, sessions, groupSize and sources", async () => {
    const r = await runApp(["programmes", "list", "--json"])
    expect(r.code).toBe(0)
    const list = JSON.parse(r.stdout) as ReadonlyArray<Summary>
    expect(list.map((p) => p.id)).toEqual([
      "voikukkia",
      "online-parents-of-placed-youth",
      "professionally-guided",
      "experience-expert-structure",
      "usm-children"
    ])
    const byId = Object.fromEntries(list.map((p) => [p.id, p]))
    expect(byId["voikukkia"]?.sessions).toEqual({ min: 8, max: 10 })
    expect(byId["voikukkia"]?.groupSize).toMatchObject({ min: 4, max: 8 })
    expect(byId["online-parents-of-placed-youth"]?.sessions).toEqual({ min: 6, max: 6 })
    expect(byId["online-parents-of-placed-youth"]?.groupSize).toMatchObject({ min: null, max: 6 })
    expect(byId["usm-children"]?.groupSize).toMatchObject({ min: null, max: null })
    expect(byId["usm-children"]?.sessions).toEqual({ min: null, max: null })
    for (const p of list) {
      expect(p.name.length).toBeGreaterThan(0)
      expect(p.sources.some((s) => /^00[0-4]_[0-9a-f]+\.txt$/.test(s.file ?? ""))).toBe(true)
    }
  })

  it("show voikukkia --json includes the session plan with each session's theme and maxMinutes", async () => {
    const r = await runApp(["programmes", "show", "voikukkia", "--json"])
    expect(r.code).toBe(0)
    const t = JSON.parse(r.stdout) as Summary & {
      sessionPlan: { sessions: ReadonlyArray<{ ordinal: number; theme: string; maxMinutes: number; plannedMinutes: { min: number; max: number } }> }
    }
    expect(t.id).toBe("voikukkia")
    expect(t.sessions).toEqual({ min: 8, max: 10 })
    expect(t.sessionPlan.sessions).toHaveLength(10)
    expect(t.sessionPlan.sessions.every((s) => s.maxMinutes === 180 && s.plannedMinutes.min === 120 && s.plannedMinutes.max === 150)).toBe(true)
    expect(t.sessionPlan.sessions[0]?.theme).toBe("Starting the group process, getting to know each other, ground rules")
    expect(t.sessionPlan.sessions[9]?.theme).toBe("Evaluating and closing the group process")
  })

  it("list prints a readable table by default", async () => {
    const r = await runApp(["programmes", "list"])
    expect(r.code).toBe(0)
    expect(r.stdout).toContain("voikukkia")
    expect(r.stdout).toContain("8–10")
    expect(r.stdout).toContain("set by plan")
  })

  it("show with an unknown id exits 2 and names the id and the known ones", async () => {
    const r = await runApp(["programmes", "show", "voikukka"])
    expect(r.code).toBe(2)
    expect(r.stderr).toContain('"voikukka"')
    expect(r.stderr).toContain("online-parents-of-placed-youth")
    expect(r.stdout).toBe("")
  })

  it("show without an id is bad input: exit 2", async () => {
    const r = await runApp(["programmes", "show"])
    expect(r.code).toBe(2)
  })
})
