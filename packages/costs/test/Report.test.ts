import { spawnSync } from "node:child_process"
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { Either } from "effect"
import fc from "fast-check"
import { afterAll, describe, expect, it } from "vitest"
import * as Comparison from "../src/Comparison.js"
import * as CostModel from "../src/CostModel.js"
import * as Svg from "../src/internal/charts.js"
import * as Report from "../src/Report.js"
import * as Scenario from "../src/Scenario.js"
import * as Simulation from "../src/Simulation.js"

const scenario = Either.getOrThrow(
  Scenario.decode(JSON.parse(readFileSync(new URL("../../../examples/cost-comparison/voikukkia-2015.json", import.meta.url), "utf8")))
)
const model = Either.getOrThrow(CostModel.fromScenario(scenario))
const simulation = Either.getOrThrow(Simulation.run(model, { draws: 5000, seed: 1 }))
const input = { model, alternatives: Comparison.alternativesOf(scenario), simulation }
const html = Report.html(input)

describe("Report.html", () => {
  it("is one self-contained page: three inline SVG charts, no script, nothing loaded", () => {
    for (const id of ["chart-comparison", "chart-tornado", "chart-histogram"]) expect(html).toMatch(new RegExp(`<figure id="${id}"><svg`))
    expect(html).not.toMatch(/<script|<link|src=|@import|url\(/i)
  })

  it("shows the seed's figures in Finnish notation (seed 001_b24d0be2c52c8a44.txt)", () => {
    for (const s of ["3 555,00 €", "6 155,00 €", "444,38 €", "1 538,75 €", "10 712,00 €", "001_b24d0be2c52c8a44.txt"]) expect(html.replace(/\u00a0|\u202f/g, " ")).toContain(s)
  })

  it("is the same for the same input", () => {
    expect(Report.html(input)).toBe(html)
  })

  it("leaves the histogram out without a simulation", () => {
    expect(Report.html({ model, alternatives: input.alternatives })).not.toContain("chart-histogram")
  })

  it("draws the tornado of the cost per participant when asked", () => {
    expect(Report.html({ ...input, metric: "perParticipant" })).toContain("What moves the cost per participant")
  })

  it("escapes the scenario's texts", () => {
    expect(Report.html({ ...input, model: { ...model, name: "<b>&" } })).toContain("&lt;b&gt;&amp;")
  })
})

/** The texts of an SVG's `<text>` elements, in order. */
const texts = (svg: string): ReadonlyArray<string> => (svg.match(/<text[^>]*>[^<]*<\/text>/g) ?? []).map((t) => t.replace(/<[^>]+>/g, ""))

describe("Report charts: labels", () => {
  it("a label wraps at spaces and is never cut: its lines joined are the label", () => {
    const word = fc.stringMatching(/^[A-Za-zÄÖåäö(),0-9→-]{1,50}$/)
    fc.assert(
      fc.property(fc.array(word, { minLength: 1, maxLength: 12 }), (words) => {
        const label = words.join(" ")
        const lines = Svg.wrap(label).split("\n")
        expect(lines.join(" ")).toBe(label)
        for (const l of lines) expect(l.length <= Svg.labelWidth || !l.includes(" ")).toBe(true)
      })
    )
  })

  it("two inputs whose labels differ only after the first 40 characters read differently in the tornado and the comparison", () => {
    const a = "Municipal institutional care, day (2002 prices), hourly pay"
    const b = "Municipal institutional care, day (2004 prices), hourly pay"
    const shown = (svg: string) => texts(svg).join(" ")
    const tornado = Svg.tornado("t", 1000, [
      { label: a, low: 500, high: 1500 },
      { label: b, low: 600, high: 1400 }
    ])
    const comparison = Svg.comparison("c", [
      { label: a, min: 100, max: 200, highlight: false },
      { label: b, min: 100, max: 200, highlight: false }
    ])
    for (const svg of [tornado, comparison]) {
      expect(shown(svg)).toContain(Svg.wrap(a).replace("\n", " "))
      expect(shown(svg)).toContain(Svg.wrap(b).replace("\n", " "))
      expect(svg).not.toContain("...")
      expect(svg).not.toContain("…")
    }
  })

  it("every preset's label is shown whole in the report's comparison", () => {
    const shown = texts(Report.charts(input).comparison).join(" ")
    for (const o of Comparison.compare(model, input.alternatives)) expect(shown).toContain(Svg.wrap(o.label).replace(/\n/g, " "))
  })
})

describe("Report charts: numbers in the report's notation", () => {
  it("axis numbers and counts are Finnish by default and English or Swedish when asked", () => {
    const plain = (s: string) => s.replace(/\u00a0|\u202f/g, " ")
    const fi = plain(Report.html(input))
    const en = Report.html({ ...input, numbers: "en" })
    const sv = plain(Report.html({ ...input, numbers: "sv" }))
    expect(fi).toContain("5 000 draws")
    expect(fi).not.toContain("5,000")
    expect(en).toContain("5,000 draws")
    expect(texts(Report.charts({ ...input, numbers: "en" }).comparison).some((t) => /^€\d/.test(t))).toBe(true)
    expect(texts(Report.charts(input).comparison).some((t) => /^\d[\d\u00a0\u202f ]*[\u00a0\u202f ]€$/.test(t))).toBe(true)
    expect(sv).toContain("5 000 draws")
  })
})

const chromium = "/usr/bin/chromium"
const hasChromium = existsSync(chromium)
const inCi = process.env.CI === "true"
if (!hasChromium && !inCi) {
  console.warn(`\n*** SKIPPED: ${chromium} is missing; install Debian's chromium (apt-get install -y chromium) to check that the report's charts render. ***\n`)
}

/** Added to a copy of the report only: measures what the browser laid out in each chart. */
const probe = `<script>
const out = {};
for (const f of document.querySelectorAll("figure")) {
  const svg = f.querySelector("svg");
  const box = svg.getBoundingClientRect();
  const drawn = [...svg.querySelectorAll("path, rect")].filter((e) => { const b = e.getBBox(); return b.width > 0 && b.height > 0 }).length;
  const clipped = [...svg.querySelectorAll("text")].filter((t) => { const r = t.getBoundingClientRect(); return r.width > 0 && (r.left < box.left - 0.5 || r.right > box.right + 0.5) }).map((t) => t.textContent);
  out[f.id] = { width: Math.round(box.width), height: Math.round(box.height), drawn, texts: svg.querySelectorAll("text").length, clipped };
}
const pre = document.createElement("pre"); pre.id = "probe"; pre.textContent = JSON.stringify(out); document.body.appendChild(pre);
</script>`

describe("Report in headless Chromium", () => {
  const dir = mkdtempSync(join(tmpdir(), "vertaistuki-report-"))
  afterAll(() => rmSync(dir, { recursive: true, force: true }))
  const run = (...args: ReadonlyArray<string>) =>
    spawnSync(
      chromium,
      [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        `--user-data-dir=${join(dir, "profile")}`,
        ...args
      ],
      { encoding: "utf8", timeout: 90_000 }
    )

  it.runIf(hasChromium || inCi)("renders the comparison bars, the tornado and the histogram", () => {
    expect(hasChromium, `${chromium} is missing (CI=true): install Debian's chromium`).toBe(true)
    const file = join(dir, "report.html")
    writeFileSync(file, html.replace("</body>", `${probe}</body>`))
    const r = run("--window-size=1000,3000", "--virtual-time-budget=2000", "--dump-dom", `file://${file}`)
    const m = /<pre id="probe">(.*?)<\/pre>/s.exec(r.stdout)
    expect(m, r.stderr).not.toBeNull()
    const charts = JSON.parse(m![1]!.replace(/&quot;/g, '"')) as Record<string, { width: number; height: number; drawn: number; texts: number; clipped: ReadonlyArray<string> }>
    expect(Object.keys(charts).sort()).toEqual(["chart-comparison", "chart-histogram", "chart-tornado"])
    for (const [id, c] of Object.entries(charts)) {
      expect(c.width, id).toBeGreaterThan(400)
      expect(c.height, id).toBeGreaterThan(100)
      expect(c.texts, id).toBeGreaterThan(3)
      // Every label lies inside the chart: none is cut at its left or right edge.
      expect(c.clipped, id).toEqual([])
    }
    expect(charts["chart-comparison"]!.drawn).toBeGreaterThanOrEqual(input.alternatives.filter((a) => a.units !== undefined).length + 1)
    expect(charts["chart-tornado"]!.drawn).toBeGreaterThanOrEqual(1)
    expect(charts["chart-histogram"]!.drawn).toBeGreaterThanOrEqual(20)
  })

  it.runIf(hasChromium || inCi)("takes a screenshot of the report", () => {
    expect(hasChromium, `${chromium} is missing (CI=true): install Debian's chromium`).toBe(true)
    const file = join(dir, "plain.html")
    const png = join(dir, "report.png")
    writeFileSync(file, html)
    run("--window-size=1000,2400", `--screenshot=${png}`, `file://${file}`)
    expect(existsSync(png)).toBe(true)
    expect(statSync(png).size).toBeGreaterThan(50_000)
  })
})
