import { spawn } from "node:child_process"
import { fileURLToPath } from "node:url"
import { NodeContext } from "@effect/platform-node"
import { type Console, Effect } from "effect"
import { main } from "../src/main.js"
import { type Sink, Stderr, Stdout } from "../src/Output.js"

const root = fileURLToPath(new URL("../../../", import.meta.url))

/** What a run of the command line gave back. */
export interface CliResult {
  readonly code: number | null
  readonly stdout: string
  readonly stderr: string
}

/**
 * Runs the real `vertaistuki` binary from the sources, as `pnpm vertaistuki` does, without blocking the
 * test worker while it runs. `shell` runs it in `sh -c` after `| …` or other redirections (the binary is `$VT`).
 */
export const runCli = (args: ReadonlyArray<string>, input?: string, env: Record<string, string> = {}): Promise<CliResult> =>
  new Promise((resolve, reject) => {
    const p = spawn(process.execPath, ["--import", "tsx", "packages/cli/src/bin.ts", ...args], {
      cwd: root,
      env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: "0", ...env }
    })
    let stdout = ""
    let stderr = ""
    p.stdout.setEncoding("utf8").on("data", (d: string) => (stdout += d))
    p.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d))
    p.on("error", reject)
    p.on("close", (code) => resolve({ code, stdout, stderr }))
    p.stdin.end(input ?? "")
  })

/** Runs a shell pipeline in the repository's root, with `$VT` the command that starts the binary. */
export const runShell = (script: string): Promise<CliResult> =>
  new Promise((resolve, reject) => {
    const p = spawn("sh", ["-c", script], {
      cwd: root,
      env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: "0", VT: `${process.execPath} --import tsx packages/cli/src/bin.ts` }
    })
    let stdout = ""
    let stderr = ""
    p.stdout.setEncoding("utf8").on("data", (d: string) => (stdout += d))
    p.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d))
    p.on("error", reject)
    p.on("close", (code) => resolve({ code, stdout, stderr }))
  })

/**
 * Runs the command line in this process, as `bin.ts` does, with stdout and stderr captured: the same
 * exit code and output as the binary, without starting a process. Give files as absolute paths.
 */
export const runApp = async (args: ReadonlyArray<string>): Promise<CliResult> => {
  let stdout = ""
  let stderr = ""
  const out: Sink = { write: (text) => Effect.sync(() => void (stdout += text)) }
  const err: Sink = { write: (text) => Effect.sync(() => void (stderr += text)) }
  const line = (xs: ReadonlyArray<unknown>) => `${xs.map(String).join(" ")}\n`
  const code = await Effect.runPromise(
    Effect.gen(function* () {
      const base = yield* Effect.console
      const captured: Console.Console = {
        ...base,
        log: (...xs) => Effect.sync(() => void (stdout += line(xs))),
        error: (...xs) => Effect.sync(() => void (stderr += line(xs))),
        unsafe: { ...base.unsafe, log: (...xs) => void (stdout += line(xs)), error: (...xs) => void (stderr += line(xs)) }
      }
      return yield* main(["node", "vertaistuki", ...args]).pipe(
        Effect.withConsole(captured),
        Effect.provideService(Stdout, out),
        Effect.provideService(Stderr, err),
        Effect.provide(NodeContext.layer)
      )
    })
  )
  return { code, stdout, stderr }
}

/** The repository's root folder. */
export const repoRoot = root
