// Packs every publishable package and runs publint and @arethetypeswrong/cli on the tarball;
// any problem fails the check.
import { execFileSync } from "node:child_process"
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"

const root = new URL("..", import.meta.url).pathname
const bin = (name) => join(root, "node_modules", ".bin", name)
const dirs = readdirSync(join(root, "packages")).map((d) => join(root, "packages", d))
let failed = 0
for (const dir of dirs) {
  const pkg = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"))
  if (pkg.private) continue
  const out = mkdtempSync(join(tmpdir(), "vt-pack-"))
  try {
    execFileSync("pnpm", ["pack", "--pack-destination", out], { cwd: dir, stdio: ["ignore", "ignore", "inherit"] })
    const tgz = join(out, readdirSync(out).find((f) => f.endsWith(".tgz")))
    for (const [tool, args] of [
      ["publint", ["run", tgz, "--strict", "--level", "suggestion"]],
      ["attw", [tgz, "--profile", "esm-only", "--format", "ascii"]]
    ]) {
      try {
        const text = execFileSync(bin(tool), args, { cwd: dir, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] })
        if (tool === "publint" && !/All good/i.test(text)) throw Object.assign(new Error("publint found problems"), { stdout: text })
        console.log(`${pkg.name}: ${tool} ok`)
      } catch (e) {
        failed++
        console.error(`${pkg.name}: ${tool} found problems\n${e.stdout ?? ""}${e.stderr ?? ""}`)
      }
    }
  } finally {
    rmSync(out, { recursive: true, force: true })
  }
}
if (failed > 0) {
  console.error(`${failed} packaging problem(s)`)
  process.exit(1)
}
