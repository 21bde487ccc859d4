import { execFileSync, spawn, spawnSync } from "node:child_process"
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { dirname, join } from "node:path"
import { fileURLToPath } from "node:url"
import { afterAll, beforeAll, describe, expect, it } from "vitest"

const root = join(dirname(fileURLToPath(import.meta.url)), "../../..")
const tsc = join(root, "node_modules/typescript/lib/tsc.js")
const tsx = join(root, "node_modules/tsx/dist/cli.mjs")

interface Pkg {
  readonly dir: string
  readonly name: string
  readonly json: { readonly name: string; readonly private?: boolean; readonly dependencies?: Record<string, string>; readonly peerDependencies?: Record<string, string> }
}

const packages: ReadonlyArray<Pkg> = readdirSync(join(root, "packages"))
  .map((d) => ({ dir: join(root, "packages", d), json: JSON.parse(readFileSync(join(root, "packages", d, "package.json"), "utf8")) }))
  .filter((p) => p.json.private !== true)
  .map((p) => ({ ...p, name: p.json.name }))

const newest = (dir: string): number =>
  readdirSync(dir, { withFileTypes: true }).reduce((m, d) => Math.max(m, d.isDirectory() ? newest(join(dir, d.name)) : statSync(join(dir, d.name)).mtimeMs), 0)

const stale = (p: Pkg) => {
  try {
    return newest(join(p.dir, "dist")) < newest(join(p.dir, "src"))
  } catch {
    return true
  }
}

const work = mkdtempSync(join(tmpdir(), "vertaistuki-consumer-"))
const packs = join(work, "packs")
const app = join(work, "app")
const tarballs = new Map<string, string>()

const sh = (file: string, args: ReadonlyArray<string>, cwd: string) => spawnSync(file, args, { cwd, encoding: "utf8", timeout: 300_000 })

/** `sh` without blocking the worker, so that runs can overlap. */
const shAsync = (file: string, args: ReadonlyArray<string>, cwd: string, timeout = 300_000): Promise<{ status: number | null; stdout: string; stderr: string }> =>
  new Promise((resolve, reject) => {
    const p = spawn(file, args, { cwd, timeout })
    let stdout = ""
    let stderr = ""
    p.stdout.setEncoding("utf8").on("data", (d: string) => (stdout += d))
    p.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d))
    p.on("error", reject)
    p.on("close", (status) => resolve({ status, stdout, stderr }))
  })

const resolutions = ["bundler", "node16"] as const
const typeChecks = new Map<(typeof resolutions)[number], ReturnType<typeof shAsync>>()

/** Every export of a package imported, plus code that needs the published types to be sound. */
const consumer = `
import * as Core from "@vertaistuki/core"
import * as Costs from "@vertaistuki/costs"
import * as Store from "@vertaistuki/store"
import * as StoreSqlite from "@vertaistuki/store-sqlite"
import * as StorePostgres from "@vertaistuki/store-postgres"
import { Either } from "effect"
import { DateTime } from "luxon"

const now: DateTime = DateTime.fromISO("2027-01-11T10:00:00", { zone: "Europe/Helsinki" })
const refer = { _tag: "Refer", participantId: "p-1", personId: "person-1", groupId: "g-1", source: "self", modality: "in-person" } as const
const events = Core.Participant.decide(refer, Core.Participant.initial, now)
const state: Core.Participant.State = Core.Participant.replay(Either.getOrThrow(events))
export const summary = [state.status, Object.keys(Costs).length, Object.keys(Store).length, Object.keys(StoreSqlite).length, Object.keys(StorePostgres).length]
`

/** Must not compile: a string where the published types say DateTime. */
const unsound = `
import { Participant } from "@vertaistuki/core"
const refer = { _tag: "Refer", participantId: "p-1", personId: "person-1", groupId: "g-1", source: "self", modality: "in-person" } as const
Participant.decide(refer, Participant.initial, "not a DateTime")
`

const tsconfig = (moduleResolution: "bundler" | "node16", files: ReadonlyArray<string>) =>
  JSON.stringify({
    compilerOptions: {
      target: "ES2022",
      module: moduleResolution === "bundler" ? "ESNext" : "Node16",
      moduleResolution,
      strict: true,
      skipLibCheck: false,
      noEmit: true,
      types: ["node"]
    },
    files
  })

// Child processes are awaited, not run synchronously: a worker blocked for minutes on a loaded machine
// misses vitest's own calls and the run fails with "Timeout calling onTaskUpdate".
beforeAll(async () => {
  if (packages.some(stale)) {
    const build = await shAsync("pnpm", ["build"], root, 600_000)
    if (build.status !== 0) throw new Error(`pnpm build failed:\n${build.stdout}\n${build.stderr}`)
  }
  execFileSync("mkdir", ["-p", packs, app])
  // One pnpm packs them all (a pnpm per package costs a start each).
  const filters = packages.flatMap((p) => ["--filter", p.name])
  const pack = await shAsync("pnpm", ["-r", ...filters, "pack", "--pack-destination", packs, "--json"], root)
  if (pack.status !== 0) throw new Error(`pnpm pack failed:\n${pack.stderr}`)
  const packed = JSON.parse(pack.stdout) as
    | ReadonlyArray<{ readonly name: string; readonly filename: string }>
    | { readonly name: string; readonly filename: string }
  for (const t of Array.isArray(packed) ? packed : [packed]) tarballs.set(t.name, t.filename)
  expect([...tarballs.keys()].toSorted()).toEqual(packages.map((p) => p.name).toSorted())
  const deps = Object.fromEntries([...tarballs].map(([n, t]) => [n, `file:${t}`]))
  const core = packages.find((p) => p.name === "@vertaistuki/core")!.json.dependencies!
  // The API's HTTP framework is the embedding service's own (a peer): the consumer installs it, as a region would.
  const api = packages.find((p) => p.name === "@vertaistuki/api")!.json.peerDependencies!
  writeFileSync(
    join(app, "package.json"),
    JSON.stringify({
      name: "consumer",
      private: true,
      type: "module",
      dependencies: { ...deps, effect: core.effect, luxon: core.luxon, "@effect/platform": api["@effect/platform"], "@types/luxon": core["@types/luxon"], "@types/node": "^20.19.0" },
      pnpm: { overrides: deps }
    })
  )
  const install = await shAsync("pnpm", ["install", "--prefer-offline", "--ignore-scripts", "--config.node-linker=isolated"], app)
  if (install.status !== 0) throw new Error(`pnpm install of the tarballs failed:\n${install.stdout}\n${install.stderr}`)
  writeFileSync(join(app, "consumer.ts"), consumer)
  writeFileSync(join(app, "unsound.ts"), unsound)
  // The two type checks are independent programs: they run side by side, each test awaits its own.
  for (const resolution of resolutions) {
    writeFileSync(join(app, `tsconfig.${resolution}.json`), tsconfig(resolution, ["consumer.ts", "unsound.ts"]))
    typeChecks.set(resolution, shAsync(process.execPath, [tsc, "-p", `tsconfig.${resolution}.json`], app))
  }
}, 900_000)

afterAll(() => rmSync(work, { recursive: true, force: true }))

describe("the packed packages in a project outside the workspace", () => {
  it("every tarball carries its README and LICENSE", () => {
    for (const [name, tgz] of tarballs) {
      const files = execFileSync("tar", ["-tzf", tgz], { encoding: "utf8" }).split("\n")
      expect([name, files.includes("package/README.md"), files.includes("package/LICENSE")]).toEqual([name, true, true])
    }
  })

  for (const resolution of resolutions) {
    it(`type-checks a consumer with skipLibCheck off under moduleResolution ${resolution}, and refuses a string for a DateTime`, async () => {
      const r = await typeChecks.get(resolution)!
      const errors = `${r.stdout}${r.stderr}`.split("\n").filter((l) => /error TS/.test(l))
      expect(errors).toHaveLength(1)
      expect(errors[0]).toMatch(/^unsound\.ts\(4,\d+\): error TS2345: .*DateTime/)
    }, 300_000)
  }

  it("imports every package as ESM and loads it with require", () => {
    const names = [...tarballs.keys()].filter((n) => n !== "@vertaistuki/cli")
    writeFileSync(join(app, "esm.mjs"), names.map((n, i) => `import * as m${i} from "${n}"\nif (Object.keys(m${i}).length === 0) process.exit(1)`).join("\n"))
    writeFileSync(join(app, "cjs.cjs"), names.map((n) => `if (Object.keys(require("${n}")).length === 0) process.exit(1)`).join("\n"))
    for (const file of ["esm.mjs", "cjs.cjs"]) {
      const r = sh(process.execPath, [file], app)
      expect([file, r.status, r.stderr]).toEqual([file, 0, ""])
    }
  })

  it("the command line's binary answers --help", () => {
    const r = sh(join(app, "node_modules/.bin/vertaistuki"), ["--help"], app)
    expect(r.status).toBe(0)
    expect(r.stdout).toContain("vertaistuki")
  })

  it("every TypeScript example in a package README runs", async () => {
    const examples = [...tarballs.keys()].flatMap((name) => {
      const readme = readFileSync(join(app, "node_modules", name, "README.md"), "utf8")
      return [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((m, i) => {
        const file = join(app, `readme-${name.replace(/\W/g, "_")}-${i}.ts`)
        writeFileSync(file, m[1]!)
        return { name, i, file }
      })
    })
    // Each example is a process of its own; they run side by side.
    const runs = await Promise.all(examples.map(async (e) => ({ ...e, r: await shAsync(process.execPath, [tsx, e.file], app) })))
    for (const { name, i, r } of runs) expect([name, i, r.status, r.stderr]).toEqual([name, i, 0, ""])
  }, 120_000)
})
