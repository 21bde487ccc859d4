import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterAll, describe, expect, it } from "vitest"
import { Money } from "@vertaistuki/core"
import { repoRoot, runApp } from "./helpers.js"

const voikukkia = join(repoRoot, "examples/cost-comparison/voikukkia-2015.json")
const online = join(repoRoot, "examples/cost-comparison/online-group.yaml")
const structure = join(repoRoot, "examples/cost-comparison/region-structure.yaml")
const dir = mkdtempSync(join(tmpdir(), "vertaistuki-costs-cli-"))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

interface R3 {
  readonly min: number
  readonly likely: number
  readonly max: number
}
interface ComparedJson {
  readonly currency?: string
  readonly scenario: { readonly name: string; readonly period: "group" | "year"; readonly priceYear: number | null }
  readonly priceIndex: { readonly name: string; readonly fromYear: number; readonly toYear: number } | null
  readonly summary: {
    readonly total: R3
    readonly perParticipant: R3 | null
    readonly perSessionHour: R3 | null
    readonly byCategory: ReadonlyArray<R3 & { readonly category: string }>
  }
  readonly organisers: ReadonlyArray<R3 & { readonly name: string; readonly share: number }>
  readonly options: ReadonlyArray<{ readonly id: string; readonly label: string; readonly kind: string; readonly total: R3; readonly perParticipant: R3 | null; readonly source: string | null }>
  readonly breakEven: ReadonlyArray<{
    readonly id: string
    readonly label: string
    readonly unit: string
    readonly unitPrice: R3
    readonly units: R3
    readonly unitsPerParticipant: R3 | null
    readonly source: string
  }>
}

/** Euros as the table prints them: `3 555,00 €`, with ordinary spaces. */
const fi = (euros: number): string => Money.formatCents(Math.round(euros * 100)).replace(/\u00a0|\u202f/g, " ")
/** The table's cells, row by row, with ordinary spaces. */
const cells = (table: string): ReadonlyArray<ReadonlyArray<string>> =>
  table
    .replace(/\u00a0|\u202f/g, " ")
    .split("\n")
    .filter((l) => l.startsWith("│"))
    .map((l) => l.split("│").slice(1, -1).map((c) => c.trim()))
const range = (r: R3 | null): string => (r === null ? "–" : r.min === r.max ? fi(r.min) : `${fi(r.min)} – ${fi(r.max)}`)
const unitRange = (r: R3 | null): string => (r === null ? "–" : r.min === r.max ? `${r.min}` : `${r.min}–${r.max}`)

/** Parses `compare`'s Finnish CSV into rows of cells (no quoted `;` in these scenarios). */
const csvRows = (text: string): ReadonlyArray<Record<string, string>> => {
  const [head, ...rows] = text.replace(/^\uFEFF/, "").trimEnd().split("\r\n").map((l) => l.split(";").map((c) => c.replace(/^"|"$/g, "")))
  return rows.map((r) => Object.fromEntries(head!.map((h, i) => [h, r[i] ?? ""])))
}
const csvNumber = (cell: string | undefined): number => Number((cell ?? "").replace(",", "."))

describe("vertaistuki costs compare", () => {
  it("--json prints the contract with the seed's figures (seed 001_b24d0be2c52c8a44.txt)", async () => {
    const r = await runApp(["costs", "compare", voikukkia, "--json"])
    expect(r.code, r.stderr).toBe(0)
    const out = JSON.parse(r.stdout) as ComparedJson
    expect(out.currency).toBe("EUR")
    expect(Object.keys(out)).toEqual(["currency", "scenario", "priceIndex", "summary", "organisers", "options", "breakEven"])
    for (const o of out.options) expect(Object.keys(o)).toEqual(["id", "label", "kind", "total", "perParticipant", "source"])
    expect(out.summary.total).toEqual({ min: 3555, likely: 4855, max: 6155 })
    expect(out.summary.perParticipant).toEqual({ min: 444.38, likely: 809.17, max: 1538.75 })
    const byId = Object.fromEntries(out.options.map((o) => [o.id, o]))
    expect(byId["peer-group"]).toMatchObject({ total: { min: 3555, max: 6155 }, perParticipant: { min: 444.38, max: 1538.75 } })
    expect(byId["short-psychotherapy"]?.perParticipant).toEqual({ min: 1050, likely: 1075, max: 1100 })
    expect(byId["couple-family-therapy"]?.perParticipant).toEqual({ min: 1300, likely: 1400, max: 1500 })
    expect(byId["adolescent-psychiatric-outpatient"]?.perParticipant).toEqual({ min: 10712, likely: 10712, max: 10712 })
    expect(byId["adolescent-psychiatric-outpatient"]?.source).toContain("001_b24d0be2c52c8a44.txt")
    const psychiatric = out.breakEven.find((b) => b.id === "adolescent-psychiatric-outpatient")!
    expect(psychiatric.units).toEqual({ min: 18, likely: 24, max: 30 })
    // 444,38 € / 206 € → 3 visits; 1 538,75 € / 206 € → 8 visits per parent.
    expect(psychiatric.unitsPerParticipant).toEqual({ min: 3, likely: 4, max: 8 })
  })

  it("prints readable tables with the break-even per group and per participant", async () => {
    const r = await runApp(["costs", "compare", voikukkia])
    expect(r.code, r.stderr).toBe(0)
    const text = r.stdout.replace(/\u00a0|\u202f/g, " ")
    expect(text).toContain("444,38 € – 1 538,75 €")
    expect(text).toContain("Special-level residential care, day (2025 prices)")
    expect(text).toMatch(/18–30\s+│ 3–8\s+│/)
  })

  it("the table, --json and --csv carry the same figures: summary, organisers, options, break-even", async () => {
    for (const file of [voikukkia, online, structure]) {
      const [t, j, c] = await Promise.all([runApp(["costs", "compare", file]), runApp(["costs", "compare", file, "--json"]), runApp(["costs", "compare", file, "--csv"])])
      for (const x of [t, j, c]) expect(x.code, x.stderr).toBe(0)
      const out = JSON.parse(j.stdout) as ComparedJson
      const rows = cells(t.stdout)
      const row = (first: string) => rows.find((x) => x[0] === first)
      const csv = csvRows(c.stdout)
      const inCsv = (section: string, id: string, measure: string) => csv.find((x) => x.section === section && x.id === id && x.measure === measure)
      const same = (cell: Record<string, string> | undefined, r: R3) => {
        expect(cell, JSON.stringify(r)).toBeDefined()
        expect([csvNumber(cell?.min), csvNumber(cell?.likely), csvNumber(cell?.max)]).toEqual([r.min, r.likely, r.max])
      }
      const totalLabel = out.scenario.period === "year" ? "total per year" : "total"
      expect(row(totalLabel)?.slice(1)).toEqual([fi(out.summary.total.min), fi(out.summary.total.likely), fi(out.summary.total.max)])
      same(inCsv("summary", "total", totalLabel), out.summary.total)
      if (out.summary.perParticipant !== null) {
        expect(row("per participant")?.slice(1)).toEqual([out.summary.perParticipant.min, out.summary.perParticipant.likely, out.summary.perParticipant.max].map(fi))
        same(inCsv("summary", "per-participant", "per participant"), out.summary.perParticipant)
      }
      for (const k of out.summary.byCategory) {
        expect(row(k.category)?.slice(1)).toEqual([fi(k.min), fi(k.likely), fi(k.max)])
        same(inCsv("summary", `category:${k.category}`, totalLabel), k)
      }
      for (const o of out.organisers) {
        expect(row(o.name)?.slice(1)).toEqual([String(o.share), fi(o.min), fi(o.likely), fi(o.max)])
        same(inCsv("organiser", o.name, totalLabel), o)
        expect(csvNumber(inCsv("organiser", o.name, "share")?.likely)).toBe(o.share)
      }
      for (const o of out.options) {
        expect(rows.some((x) => x[0] === o.label && x[1] === range(o.total) && x[2] === range(o.perParticipant)), o.label).toBe(true)
        same(inCsv("option", o.id, "total for the participants"), o.total)
        if (o.perParticipant !== null) same(inCsv("option", o.id, "per participant"), o.perParticipant)
      }
      expect(out.breakEven.length).toBeGreaterThan(5)
      for (const b of out.breakEven) {
        expect(rows.some((x) => x[0] === b.label && x[2] === range(b.unitPrice) && x[3] === unitRange(b.units) && x[4] === unitRange(b.unitsPerParticipant)), b.label).toBe(true)
        same(inCsv("break-even", b.id, "unit price"), b.unitPrice)
        same(inCsv("break-even", b.id, out.scenario.period === "year" ? "avoided units per year" : "avoided units per group"), b.units)
        if (b.unitsPerParticipant !== null) same(inCsv("break-even", b.id, "avoided units per participant"), b.unitsPerParticipant)
        else expect(inCsv("break-even", b.id, "avoided units per participant")).toBeUndefined()
      }
      // Every CSV row is one of the figures above: nothing more, nothing less.
      const expected =
        1 +
        (out.summary.perParticipant === null ? 0 : 1) +
        (out.summary.perSessionHour === null ? 0 : 1) +
        out.summary.byCategory.length +
        2 * out.organisers.length +
        out.options.reduce((n, o) => n + (o.perParticipant === null ? 1 : 2), 0) +
        out.breakEven.reduce((n, b) => n + (b.unitsPerParticipant === null ? 2 : 3), 0)
      expect(csv.length, file).toBe(expected)
    }
  })

  it("--csv opens in Excel with Finnish settings: BOM, ';' and decimal comma", async () => {
    const r = await runApp(["costs", "compare", voikukkia, "--csv"])
    expect(r.code, r.stderr).toBe(0)
    expect(r.stdout.startsWith("\uFEFF")).toBe(true)
    const lines = r.stdout.slice(1).trim().split("\r\n")
    expect(lines[0]).toBe("scenario;section;id;label;measure;unit;min;likely;max;source")
    expect(lines).toContain("VOIKUKKIA® peer-support group, 10 × 3 h;summary;per-participant;per participant;per participant;EUR;444,38;809,17;1538,75;")
  })

  it("--plain-csv uses ',' and '.' without a BOM", async () => {
    const r = await runApp(["costs", "compare", voikukkia, "--plain-csv"])
    expect(r.code, r.stderr).toBe(0)
    expect(r.stdout.startsWith("scenario,section,id,")).toBe(true)
    expect(r.stdout).toMatch(/^"VOIKUKKIA® peer-support group, 10 × 3 h",summary,per-participant,per participant,per participant,EUR,444.38,809.17,1538.75,$/m)
  })

  it("a scenario of groups per year says so: totals, participants and break-even per year", async () => {
    const scenario = JSON.parse(readFileSync(voikukkia, "utf8")) as Record<string, unknown>
    const file = join(dir, "per-year.json")
    writeFileSync(file, JSON.stringify({ ...scenario, $schema: undefined, groupsPerYear: 3 }))
    const t = await runApp(["costs", "compare", file])
    expect(t.code, t.stderr).toBe(0)
    expect(t.stdout).toContain("per year")
    expect(t.stdout).toContain("avoided units that pay for a year")
    expect(t.stdout).not.toContain("pay for one group")
    const out = JSON.parse((await runApp(["costs", "compare", file, "--json"])).stdout) as ComparedJson
    expect(out.scenario.period).toBe("year")
    expect(out.summary.total).toEqual({ min: 3 * 3555, likely: 3 * 4855, max: 3 * 6155 })
    // Three groups of 4–8 parents: the cost per parent is that of one group.
    expect(out.summary.perParticipant).toEqual({ min: 444.38, likely: 809.17, max: 1538.75 })
    expect(out.breakEven.find((b) => b.id === "adolescent-psychiatric-outpatient")?.units).toEqual({ min: 52, likely: 71, max: 90 })
  })

  it("restates every price to one year with the shipped index, naming it; a year it lacks is refused by name", async () => {
    const index = join(repoRoot, "examples/cost-comparison/price-index.yaml")
    const file = join(dir, "restated.yaml")
    writeFileSync(
      file,
      [
        "name: group of 2004",
        "year: 2004",
        "price: { total: 400000 }",
        "participants: 6",
        "presets: false",
        "alternatives:",
        "  - { id: m2002, label: Municipal institutional care, unit: day, unitPrice: 19000, source: big cities, year: 2002 }",
        "  - { id: m2004, label: Municipal institutional care, unit: day, unitPrice: 19700, source: big cities, year: 2004 }"
      ].join("\n")
    )
    const r = await runApp(["costs", "compare", file, "--index", index, "--to-year", "2013", "--json"])
    expect(r.code, r.stderr).toBe(0)
    const out = JSON.parse(r.stdout) as ComparedJson
    expect(out.priceIndex).toMatchObject({ fromYear: 2004, toYear: 2013 })
    expect(out.scenario.priceYear).toBe(2013)
    // Consumer price index 2000=100, yearly averages: 2002 104,2; 2004 105,3; 2013 125,9.
    expect(out.summary.total.likely).toBe(Math.round(4000 * 125.9 / 105.3 * 100) / 100)
    const m2002 = out.breakEven.find((b) => b.id === "m2002")!
    const m2004 = out.breakEven.find((b) => b.id === "m2004")!
    expect(m2002.unitPrice.likely).toBe(Math.round(190 * 125.9 / 104.2 * 100) / 100)
    expect(m2004.unitPrice.likely).toBe(Math.round(197 * 125.9 / 105.3 * 100) / 100)
    expect(m2002.label).toBe("Municipal institutional care (2002 prices → 2013)")
    const report = join(dir, "restated.html")
    const table = await runApp(["costs", "compare", file, "--index", index, "--to-year", "2013", "--html", report])
    expect(table.stdout).toContain("Prices restated from 2004")
    expect(readFileSync(report, "utf8")).toContain("Prices restated from 2004")
    expect(readFileSync(report, "utf8")).toContain("Municipal institutional care (2002 prices → 2013)")
    const missing = await runApp(["costs", "compare", voikukkia, "--index", index, "--to-year", "2013"])
    expect(missing.code).toBe(2)
    expect(missing.stderr).toContain("has no value for 2015")
    expect((await runApp(["costs", "compare", voikukkia, "--index", index])).code).toBe(2)
  })

  it("shows two scenarios side by side; --json lists both; --csv names each row's scenario", async () => {
    const t = await runApp(["costs", "compare", voikukkia, online])
    expect(t.code, t.stderr).toBe(0)
    const rows = cells(t.stdout)
    expect(rows[0]).toEqual(["", "VOIKUKKIA® peer-support group, 10 × 3 h", "Closed online peer group for parents of placed young people"])
    const j = await runApp(["costs", "compare", voikukkia, online, "--json"])
    const both = JSON.parse(j.stdout) as { currency: string; scenarios: ReadonlyArray<ComparedJson> }
    expect(both.scenarios.map((x) => x.scenario.name)).toEqual(rows[0]!.slice(1))
    const total = rows.find((x) => x[0] === "total")!
    for (const [i, x] of both.scenarios.entries()) {
      expect(total[i + 1]).toBe(`${fi(x.summary.total.likely)} (${fi(x.summary.total.min)} – ${fi(x.summary.total.max)})`)
    }
    const c = await runApp(["costs", "compare", voikukkia, online, "--csv"])
    expect(new Set(csvRows(c.stdout).map((x) => x.scenario))).toEqual(new Set(rows[0]!.slice(1)))
    expect((await runApp(["costs", "compare", voikukkia, online, "--html", join(dir, "two.html")])).code).toBe(2)
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
    const group = (JSON.parse(r.stdout) as ComparedJson).options[0]!
    expect(group.id).toBe("peer-group")
    expect(group.perParticipant!.min).toBeLessThan(group.perParticipant!.max)
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
      expect(row.split(sep).slice(0, 3)).toEqual(["'=1+2", "summary", "total"])
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
    expect(readFileSync(file, "utf8")).toMatch(/5[\u00a0\u202f ]000 draws/)
    expect(existsSync(file)).toBe(true)
  })

  it("exits 2 on an impossible number of draws", async () => {
    const r = await runApp(["costs", "simulate", voikukkia, "--draws", "0"])
    expect(r.code).toBe(2)
    expect(r.stderr).toContain("draws")
  })
})
