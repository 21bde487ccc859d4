// Runs every benchmark file (`packages/*/bench/*.bench.ts`), one after another so that they do not
// compete for the cores. `pnpm bench core` runs only that package's; `pnpm bench store-sqlite/append
// store-postgres/append` only those files (the append benchmarks of both adapters, in one run).
import { execFileSync } from "node:child_process"
import { existsSync, readdirSync } from "node:fs"
import { join } from "node:path"

const root = new URL("..", import.meta.url).pathname
const only = process.argv.slice(2)
for (const d of readdirSync(join(root, "packages"))) {
  const dir = join(root, "packages", d, "bench")
  const files = only.filter((o) => o.startsWith(`${d}/`)).map((o) => `${o.slice(d.length + 1)}.bench.ts`)
  if (!existsSync(dir) || (only.length > 0 && !only.includes(d) && files.length === 0)) continue
  for (const f of readdirSync(dir).filter((f) => f.endsWith(".bench.ts") && (only.includes(d) || only.length === 0 || files.includes(f))).sort()) {
    console.log(`\n=== @vertaistuki/${d}: ${f} ===`)
    // From the root, so that tsx resolves the workspace packages to their sources like the tests do.
    execFileSync(process.execPath, ["--expose-gc", "--max-old-space-size=8192", "--import", "tsx", join(dir, f)], { cwd: root, stdio: "inherit" })
  }
}
