import { execFile } from "node:child_process"
import { randomBytes } from "node:crypto"
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { basename, dirname, join, relative } from "node:path"
import { fileURLToPath } from "node:url"
import { promisify } from "node:util"
import ts from "typescript"
import { describe, expect, it } from "vitest"
import { Snippets } from "../src/index.js"

const here = dirname(fileURLToPath(import.meta.url))
const root = join(here, "../../..")
const out = join(root, ".tmp/snippets")
const tsx = join(root, "node_modules/.bin/tsx")
const run = promisify(execFile)

const pages = (dir: string): Array<string> =>
  readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
    d.isDirectory() ? pages(join(dir, d.name)) : d.name.endsWith(".md") ? [join(dir, d.name)] : []
  )

const programs = [join(root, "README.md"), ...pages(join(root, "docs"))]
  .map((page) => ({ page: relative(root, page), blocks: Snippets.blocks(readFileSync(page, "utf8")) }))
  .filter((p) => p.blocks.length > 0)
  .map((p) => ({ ...p, file: join(out, `${p.page.replace(/[/.]/g, "_")}.ts`) }))

describe("Snippets", () => {
  it("extracts ```ts blocks with their lines and merges their imports", () => {
    const bs = Snippets.blocks(
      ["# T", "```ts", 'import { A } from "m"', "const a = A", "```", "```sh", "echo", "```", "```ts", 'import { A, B } from "m"', 'import type { C } from "m"', "B(a)", "```"].join("\n")
    )
    expect(bs.map((b) => b.line)).toEqual([3, 10])
    const p = Snippets.program(bs)
    expect(p.startsWith('import { A, B } from "m"\nimport type { C } from "m"\n')).toBe(true)
    expect(p.indexOf("const a = A")).toBeLessThan(p.indexOf("B(a)"))
  })
})

describe("every TypeScript snippet of the README and docs/", () => {
  rmSync(out, { recursive: true, force: true })
  mkdirSync(out, { recursive: true })
  for (const p of programs) writeFileSync(p.file, Snippets.program(p.blocks))

  it("finds the snippets", () => {
    expect(programs.length).toBeGreaterThanOrEqual(5)
  })

  it("type-checks", () => {
    const config = ts.getParsedCommandLineOfConfigFile(join(root, "tsconfig.json"), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => undefined })
    if (config === undefined) throw new Error("tsconfig.json cannot be read")
    const program = ts.createProgram(programs.map((p) => p.file), { ...config.options, noUnusedLocals: false, noUnusedParameters: false })
    const problems = ts
      .getPreEmitDiagnostics(program)
      .filter((d) => d.file?.fileName.includes("/.tmp/snippets/") === true)
      .map((d) => `${basename(d.file!.fileName)}:${d.file!.getLineAndCharacterOfPosition(d.start ?? 0).line + 1}: ${ts.flattenDiagnosticMessageText(d.messageText, "\n")}`)
    expect(problems).toEqual([])
  }, 120_000)

  // Each page's program is a process of its own: they run side by side (at most vitest's maxConcurrency at once).
  for (const p of programs) {
    it.concurrent(`${p.page} runs`, async ({ expect }) => {
      const dir = mkdtempSync(join(tmpdir(), "vertaistuki-docs-"))
      try {
        const env = {
          ...process.env,
          VERTAISTUKI_MASTER_KEY: randomBytes(32).toString("base64"),
          VERTAISTUKI_SQLITE_FILE: join(dir, "vertaistuki.sqlite")
        }
        const result = await run(tsx, ["--tsconfig", join(root, "tsconfig.json"), p.file], { cwd: root, env, timeout: 60_000 })
        expect(typeof result.stdout).toBe("string")
      } finally {
        rmSync(dir, { recursive: true, force: true })
      }
    }, 90_000)
  }
})
