import { spawn } from "node:child_process"
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterAll, describe, expect, it } from "vitest"
import { repoRoot, runApp } from "./helpers.js"

const dir = mkdtempSync(join(tmpdir(), "vt-cli-redirect-"))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

/** Runs `sh -c script` in the repository's root, as a reader of the docs would. */
const sh = (script: string): Promise<number | null> =>
  new Promise((resolve, reject) => {
    const p = spawn("sh", ["-c", script], { cwd: repoRoot, env: { ...process.env, NO_COLOR: "1" }, stdio: "ignore" })
    p.on("error", reject)
    p.on("close", resolve)
  })

/** The Markdown files that document commands: the README, docs/ and the examples' READMEs. */
const documented = (): ReadonlyArray<string> => {
  const md = (folder: string): ReadonlyArray<string> =>
    readdirSync(join(repoRoot, folder), { withFileTypes: true }).flatMap((e) =>
      e.isDirectory() ? (e.name === "node_modules" ? [] : md(join(folder, e.name))) : e.name.endsWith(".md") ? [join(folder, e.name)] : []
    )
  return ["README.md", ...md("docs"), ...md("examples")]
}

describe("documented commands are safe to redirect", () => {
  it("every documented `pnpm … vertaistuki` run is `pnpm -s`, so pnpm's banner stays out of a redirected output", () => {
    const offending = documented().flatMap((file) =>
      readFileSync(join(repoRoot, file), "utf8")
        .split("\n")
        .map((line, i) => ({ where: `${file}:${i + 1}`, line }))
        .filter(({ line }) => /\bpnpm (?!-s )(?:run )?vertaistuki\b/.test(line))
    )
    expect(offending).toEqual([])
  })

  it("`pnpm -s vertaistuki costs compare … --csv > file` starts the file with the BOM, and `--json > file` is JSON", async () => {
    const csv = join(dir, "compare.csv")
    const json = join(dir, "compare.json")
    const scenario = "examples/cost-comparison/voikukkia-2015.json"
    expect(await sh(`pnpm -s vertaistuki costs compare ${scenario} --csv > '${csv}' && pnpm -s vertaistuki costs compare ${scenario} --json > '${json}'`)).toBe(0)
    const bytes = readFileSync(csv)
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    expect(bytes.subarray(3, 12).toString("utf8")).toBe("scenario;")
    expect(JSON.parse(readFileSync(json, "utf8")).currency).toBe("EUR")
  }, 60_000)
})

describe("--help", () => {
  it("shows the defaults of the draws and the seed, and the exit codes", async () => {
    const r = await runApp(["costs", "simulate", "--help"])
    expect(r.code).toBe(0)
    expect(r.stdout).toContain("the number of Monte Carlo draws (default 10000)")
    expect(r.stdout).toContain("the same seed gives the same draws (default 1)")
    expect(r.stdout).toMatch(/EXIT CODES[\s\S]*0 {2}success[\s\S]*1 {2}a failure[\s\S]*2 {2}bad input/)
    expect(r.stdout).toContain("pnpm -s vertaistuki")
    const root = await runApp(["--help"])
    expect(root.stdout).toContain("EXIT CODES")
  })
})
