// Draws every lifecycle machine (Mermaid stateDiagram-v2) from the machine tables in
// packages/core into docs/diagrams/*.md. `--check` fails when the committed files differ from what the
// code generates, so the pictures cannot drift from the code.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs"
import { join } from "node:path"
import { tsImport } from "tsx/esm/api"

const root = new URL("..", import.meta.url).pathname
const check = process.argv.includes("--check")
const { machines, toMarkdown } = await tsImport(join(root, "packages/core/src/Lifecycle.ts"), import.meta.url)
const dir = join(root, "docs/diagrams")
mkdirSync(dir, { recursive: true })
let stale = 0
for (const m of machines) {
  const file = join(dir, `${m.name}.md`)
  const text = toMarkdown(m)
  if (check) {
    if (!existsSync(file) || readFileSync(file, "utf8") !== text) {
      console.error(`docs/diagrams/${m.name}.md is out of date: run pnpm diagrams`)
      stale++
    }
  } else {
    writeFileSync(file, text)
    console.log(`wrote docs/diagrams/${m.name}.md`)
  }
}
if (stale > 0) process.exit(1)
if (check) console.log(`diagrams up to date (${machines.length})`)
