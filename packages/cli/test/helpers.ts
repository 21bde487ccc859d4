import { spawn } from "node:child_process"
import { fileURLToPath } from "node:url"

const root = fileURLToPath(new URL("../../../", import.meta.url))

/** What a run of the binary gave back. */
export interface CliResult {
  readonly code: number | null
  readonly stdout: string
  readonly stderr: string
}

/**
 * Runs the real `vertaistuki` binary from the sources, as `pnpm vertaistuki` does, without blocking the
 * test worker while it runs.
 */
export const runCli = (args: ReadonlyArray<string>, input?: string): Promise<CliResult> =>
  new Promise((resolve, reject) => {
    const p = spawn(process.execPath, ["--import", "tsx", "packages/cli/src/bin.ts", ...args], {
      cwd: root,
      env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: "0" }
    })
    let stdout = ""
    let stderr = ""
    p.stdout.setEncoding("utf8").on("data", (d: string) => (stdout += d))
    p.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d))
    p.on("error", reject)
    p.on("close", (code) => resolve({ code, stdout, stderr }))
    p.stdin.end(input ?? "")
  })

/** The repository's root folder. */
export const repoRoot = root
