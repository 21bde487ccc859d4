// Runs every benchmark file (`packages/*/bench/*.bench.ts`), one after another so that they do not
// compete for the cores. `pnpm bench core` runs only that package's.
import { execFileSync } from "node:child_process"
import { existsSync, readdirSync } from "node:fs"
import { join } from "node:path"

const root = new URL("..", import.meta.url).pathname
const only = process.argv.slice(2)
for (const d of readdirSync(join(root, "packages"))) {
  const dir = join(root, "packages", d, "bench")
  if (!existsSync(dir) || (only.length > 0 && !only.includes(d))) continue
  for (const f of readdirSync(dir).filter((f) => f.endsWith(".bench.ts")).sort()) {
    console.log(`\n=== @vertaistuki/${d}: ${f} ===`)
    // From the root, so that tsx resolves the workspace packages to their sources like the tests do.
    execFileSync(process.execPath, ["--expose-gc", "--max-old-space-size=8192", "--import", "tsx", join(dir, f)], { cwd: root, stdio: "inherit" })
  }
}
