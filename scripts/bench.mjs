// Runs every package's benchmark, one after another so that they do not compete for the cores.
import { execFileSync } from "node:child_process"
import { existsSync, readdirSync, readFileSync } from "node:fs"
import { join } from "node:path"

const root = new URL("..", import.meta.url).pathname
const only = process.argv.slice(2)
for (const d of readdirSync(join(root, "packages"))) {
  const dir = join(root, "packages", d)
  const pkg = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"))
  const entry = join(dir, "bench", "run.ts")
  if (!existsSync(entry)) continue
  if (only.length > 0 && !only.includes(d)) continue
  console.log(`\n=== ${pkg.name} ===`)
  // From the root, so that tsx resolves the workspace packages to their sources like the tests do.
  execFileSync(process.execPath, ["--expose-gc", "--import", "tsx", entry], { cwd: root, stdio: "inherit" })
}
