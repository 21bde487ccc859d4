import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterAll, describe, expect, it } from "vitest"
import { repoRoot, runApp } from "./helpers.js"

const voikukkia = join(repoRoot, "examples/cost-comparison/voikukkia-2015.json")
const online = join(repoRoot, "examples/cost-comparison/online-group.yaml")
const structure = join(repoRoot, "examples/cost-comparison/region-structure.yaml")
const dir = mkdtempSync(join(tmpdir(), "vertaistuki-costs-cli-"))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe("vertaistuki costs compare", () => {
  it("--json prints the contract with the seed's figures (seed 001_b24d0be2c52c8a44.txt)", async () => {
    const r = await runApp(["costs", "compare", voikukkia, "--json"])
    expect(r.code, r.stderr).toBe(0)
    const out = JSON.parse(r.stdout) as {
      currency: string
      options: ReadonlyArray<{ id: string; label: string; total: { min: number; max: number }; perParticipant: { min: number; max: number } | null; source: string | null }>
    }
    expect(out.currency).toBe("EUR")
    for (const o of out.options) expect(Object.keys(o)).toEqual(["id", "label", "total", "perParticipant", "source"])
    const byId = Object.fromEntries(out.options.map((o) => [o.id, o]))
    expect(byId["peer-group"]).toMatchObject({ total: { min: 3555, max: 6155 }, perParticipant: { min: 444.38, max: 1538.75 } })
    expect(byId["short-psychotherapy"]?.perParticipant).toEqual({ min: 1050, max: 1100 })
    expect(byId["couple-family-therapy"]?.perParticipant).toEqual({ min: 1300, max: 1500 })
    expect(byId["adolescent-psychiatric-outpatient"]?.perParticipant).toEqual({ min: 10712, max: 10712 })
    expect(byId["adolescent-psychiatric-outpatient"]?.source).toContain("001_b24d0be2c52c8a44.txt")
  })

  it("prints readable tables with the break-even", async () => {
    const r = await runApp(["costs", "compare", voikukkia])
    expect(r.code, r.stderr).toBe(0)
    const text = r.stdout.replace(/\u00a0|\u202f/g, " ")
    expect(text).toContain("444,38 € – 1 538,75 €")
    expect(text).toContain("Special-level residential care, day")
    expect(text).toMatch(/18–30/)
  })

  it("--csv opens in Excel with Finnish settings: BOM, ';' and decimal comma", async () => {
    const r = await runApp(["costs", "compare", voikukkia, "--csv"])
    expect(r.code, r.stderr).toBe(0)
    expect(r.stdout.startsWith("\uFEFF")).toBe(true)
    const lines = r.stdout.slice(1).trim().split("\r\n")
    expect(lines[0]).toBe(
      "id;label;total_min_eur;total_likely_eur;total_max_eur;per_participant_min_eur;per_participant_likely_eur;per_participant_max_eur;source"
    )
    expect(lines[1]).toMatch(/^peer-group;VOIKUKKIA® peer-support group, 10 × 3 h;3555;4855;6155;444,38;809,17;1538,75;/)
  })

  it("--plain-csv uses ',' and '.' without a BOM", async () => {
    const r = await runApp(["costs", "compare", voikukkia, "--plain-csv"])
    expect(r.code, r.stderr).toBe(0)
    expect(r.stdout.startsWith("id,label,")).toBe(true)
    expect(r.stdout).toMatch(/^peer-group,"VOIKUKKIA® peer-support group, 10 × 3 h",3555,4855,6155,444.38,809.17,1538.75,/m)
  })

  it("--html writes a self-contained report with the three charts", async () => {
    const file = join(dir, "compare.html")
    const r = await runApp(["costs", "compare", voikukkia, "--html", file])
    expect(r.code, r.stderr).toBe(0)
    expect(r.stderr).toContain(`report written to ${file}`)
    const html = readFileSync(file, "utf8")
    for (const id of ["chart-comparison", "chart-tornado", "chart-histogram"]) expect(html).toContain(`<figure id="${id}"><svg`)
    expect((statSync(file).mode & 0o777).toString(8)).toBe("600")
  })

  it("reads YAML scenarios: the online group of seed 000_2f0bf6902dc16743.txt", async () => {
    const r = await runApp(["costs", "compare", online, "--json"])
    expect(r.code, r.stderr).toBe(0)
    const group = (JSON.parse(r.stdout) as { options: ReadonlyArray<{ id: string; perParticipant: { min: number; max: number } }> }).options[0]!
    expect(group.id).toBe("peer-group")
    expect(group.perParticipant.min).toBeLessThan(group.perParticipant.max)
  })

  it("exits 2 and names the file, the path and what was expected on a bad scenario", async () => {
    const file = join(dir, "scenario.json")
    writeFileSync(file, JSON.stringify({ name: "x", rates: { professional: { hourly: -100 } }, staff: [{ activity: "sessions", role: "professional", hours: 2 }] }))
    const r = await runApp(["costs", "compare", file])
    expect(r.code).toBe(2)
    expect(r.stderr).toContain(`${file}: rates.professional.hourly: expected a non-negative number of cents`)
  })

  it("exits 2 on a missing file, on invalid YAML and on two output formats", async () => {
    expect((await runApp(["costs", "compare", join(dir, "nope.json")])).code).toBe(2)
    const yaml = join(dir, "bad.yaml")
    writeFileSync(yaml, "name: [unclosed\n")
    const r = await runApp(["costs", "compare", yaml])
    expect(r.code).toBe(2)
    expect(r.stderr).toContain(`${yaml}: not valid YAML`)
    expect((await runApp(["costs", "compare", voikukkia, "--json", "--csv"])).code).toBe(2)
  })
})

describe("vertaistuki costs: CSV cells a spreadsheet would run", () => {
  it("a text cell starting with =, +, -, @ or a tab gets a leading ', numbers stay numbers", async () => {
    const scenario = JSON.parse(readFileSync(voikukkia, "utf8")) as Record<string, unknown>
    const file = join(dir, "formula.json")
    writeFileSync(file, JSON.stringify({ ...scenario, $schema: undefined, name: "=1+2", source: "@SUM(A1:A9)" }))
    for (const [flag, sep] of [["--csv", ";"], ["--plain-csv", ","]] as const) {
      const r = await runApp(["costs", "compare", file, flag])
      expect(r.code, r.stderr).toBe(0)
      const row = r.stdout.replace(/^\uFEFF/, "").split("\r\n")[1]!
      expect(row.split(sep).slice(0, 3)).toEqual(["peer-group", "'=1+2", "3555"])
      expect(row.endsWith(`${sep}'@SUM(A1:A9)`)).toBe(true)
      for (const line of r.stdout.replace(/^\uFEFF/, "").split("\r\n")) {
        for (const cell of line.split(sep)) expect(/^[=+@\t\r]|^-(?![0-9])/.test(cell.replace(/^"/, "")), cell).toBe(false)
      }
    }
  })
})

describe("vertaistuki costs sensitivity", () => {
  it("--json lists the inputs widest swing first, money in euros", async () => {
    const r = await runApp(["costs", "sensitivity", online, "--json"])
    expect(r.code, r.stderr).toBe(0)
    const out = JSON.parse(r.stdout) as { base: number; rows: ReadonlyArray<{ path: string; unit: string; swing: number; atMin: number; atMax: number }> }
    expect(out.base).toBe(1593.44)
    expect(out.rows.length).toBeGreaterThan(3)
    for (let i = 1; i < out.rows.length; i++) expect(out.rows[i - 1]!.swing).toBeGreaterThanOrEqual(out.rows[i]!.swing)
    expect(out.rows.find((x) => x.path === "rates.ngo-professional.hourly")?.unit).toBe("EUR")
  })

  it("prints a table", async () => {
    const r = await runApp(["costs", "sensitivity", structure])
    expect(r.code, r.stderr).toBe(0)
    expect(r.stdout).toContain("coordinator")
  })
})

describe("vertaistuki costs simulate", () => {
  it("the same seed gives the same percentiles; P5 <= P50 <= P95", async () => {
    const a = await runApp(["costs", "simulate", voikukkia, "--draws", "20000", "--seed", "7", "--json"])
    const b = await runApp(["costs", "simulate", voikukkia, "--draws", "20000", "--seed", "7", "--json"])
    expect(a.code, a.stderr).toBe(0)
    expect(b.stdout).toBe(a.stdout)
    const out = JSON.parse(a.stdout) as { draws: number; seed: number; total: { p5: number; p50: number; p95: number } }
    expect(out).toMatchObject({ draws: 20000, seed: 7 })
    expect(out.total.p5 <= out.total.p50 && out.total.p50 <= out.total.p95).toBe(true)
  })

  it("--csv and --html with the simulated draws", async () => {
    const file = join(dir, "simulate.html")
    const r = await runApp(["costs", "simulate", structure, "--draws", "5000", "--seed", "3", "--csv", "--html", file])
    expect(r.code, r.stderr).toBe(0)
    expect(r.stdout.startsWith("\uFEFFmeasure;p5_eur;p50_eur;p95_eur;mean_eur;draws;seed;distribution\r\n")).toBe(true)
    expect(readFileSync(file, "utf8")).toContain("5,000 draws")
    expect(existsSync(file)).toBe(true)
  })

  it("exits 2 on an impossible number of draws", async () => {
    const r = await runApp(["costs", "simulate", voikukkia, "--draws", "0"])
    expect(r.code).toBe(2)
    expect(r.stderr).toContain("draws")
  })
})
