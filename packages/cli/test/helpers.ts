import { spawnSync } from "node:child_process"
import { fileURLToPath } from "node:url"

const root = fileURLToPath(new URL("../../../", import.meta.url))

/** Runs the real `vertaistuki` binary from the sources, as `pnpm vertaistuki` does. */
export const runCli = (args: ReadonlyArray<string>, input?: string) => {
  const r = spawnSync(process.execPath, ["--import", "tsx", "packages/cli/src/bin.ts", ...args], {
    cwd: root,
    encoding: "utf8",
    input: input ?? "",
    env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: "0" },
    timeout: 120_000
  })
  return { code: r.status, stdout: r.stdout, stderr: r.stderr }
}

/** The repository's root folder. */
export const repoRoot = root
