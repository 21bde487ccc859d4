// A TypeScript script of the tests (a writer process of the crash or concurrency test) bundled into one
// JavaScript file that plain `node` starts: through `--import tsx` every module of effect is resolved,
// compiled and loaded one by one, a second or more per process on a loaded machine, and the crash test
// starts dozens of processes. The bundle is the same code from the same sources (`@vertaistuki/*` resolves
// to `src/` through the root tsconfig's paths, as tsx resolves it); only native modules stay outside.
import { existsSync, mkdirSync, readdirSync, rmSync } from "node:fs"
import { basename, dirname, join } from "node:path"
import { fileURLToPath } from "node:url"
import { build } from "esbuild"

const root = fileURLToPath(new URL("../../../", import.meta.url))
const bundles = new Map<string, Promise<string>>()

/** The folder of the package that holds `file`: its nearest folder with a package.json. */
const packageOf = (file: string): string => {
  let dir = dirname(file)
  while (!existsSync(join(dir, "package.json")) && dirname(dir) !== dir) dir = dirname(dir)
  return dir
}

/** Whether a process with this id is running. */
const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0)
    return true
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM"
  }
}

/**
 * The command line that runs `script` (relative to the repository root) with plain `node`: its bundle,
 * built once per test process in the `.tmp/` folder of the script's package (so that native modules
 * resolve from that package), removed when the process ends or, if it was killed, by the next build.
 */
export const nodeScript = async (script: string): Promise<ReadonlyArray<string>> => {
  let bundle = bundles.get(script)
  if (bundle === undefined) {
    const source = join(root, script)
    const name = basename(source, ".ts")
    const folder = join(packageOf(source), ".tmp", "bundles")
    mkdirSync(folder, { recursive: true })
    for (const f of readdirSync(folder)) {
      const pid = Number(/\.(\d+)\.mjs$/.exec(f)?.[1])
      if (Number.isInteger(pid) && !alive(pid)) rmSync(join(folder, f), { force: true })
    }
    const outfile = join(folder, `${name}.${process.pid}.mjs`)
    process.once("exit", () => rmSync(outfile, { force: true }))
    bundle = build({
      entryPoints: [source],
      outfile,
      bundle: true,
      platform: "node",
      format: "esm",
      target: "node20",
      tsconfig: join(root, "tsconfig.json"),
      external: ["better-sqlite3", "pg-native"],
      // Bundled CommonJS (pg) calls `require` for Node's own modules.
      banner: { js: 'import { createRequire as __createRequire } from "node:module"; const require = __createRequire(import.meta.url);' },
      logLevel: "error"
    }).then(() => outfile)
    bundles.set(script, bundle)
  }
  return [await bundle]
}
