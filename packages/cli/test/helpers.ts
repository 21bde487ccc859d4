import { spawn } from "node:child_process"
import { fileURLToPath } from "node:url"
import { NodeContext } from "@effect/platform-node"
import { ConfigProvider, type Console, Effect } from "effect"
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

/** What an in-process run gets in place of its process's environment. */
export interface AppOptions {
  /**
   * Variables set (a string) or unset (`undefined`) over the test process's environment for this run,
   * as the binary would see them: for `Config` (e.g. `VERTAISTUKI_MASTER_KEY`) and for `process.env`.
   */
  readonly env?: Readonly<Record<string, string | undefined>>
}

/** The end of the last run started: the next one starts after it. */
let turn: Promise<void> = Promise.resolve()

/** Text of a chunk given to `stream.write`. */
const textOf = (chunk: unknown, encoding: unknown): string =>
  typeof chunk === "string" ? chunk : Buffer.from(chunk as Uint8Array).toString(typeof encoding === "string" ? (encoding as BufferEncoding) : "utf8")

/** Sends `stream.write` into `append` until the returned function is called. */
const capture = (stream: NodeJS.WriteStream, append: (text: string) => void): (() => void) => {
  const original = stream.write
  stream.write = ((chunk: unknown, encoding?: unknown, callback?: unknown) => {
    append(textOf(chunk, encoding))
    const done = typeof encoding === "function" ? encoding : callback
    if (typeof done === "function") queueMicrotask(() => (done as () => void)())
    return true
  }) as typeof stream.write
  return () => {
    stream.write = original
  }
}

/**
 * Runs the command line in this process, as `bin.ts` does, with everything it writes captured: the
 * `Stdout`/`Stderr` sinks, Effect's `Console`, the global `console`, and any direct write to
 * `process.stdout` or `process.stderr`.
 * The same exit code and output as the binary, without starting a process. Give files as absolute paths.
 * The process's streams (and with `env` its environment) are swapped for the run's duration, so runs
 * take turns: one started while another is under way waits for it.
 */
export const runApp = (args: ReadonlyArray<string>, options: AppOptions = {}): Promise<CliResult> => {
  const run = turn.then(() => runAlone(args, options))
  turn = run.then(
    () => undefined,
    () => undefined
  )
  return run
}

/** One in-process run, while no other is under way. */
const runAlone = async (args: ReadonlyArray<string>, options: AppOptions): Promise<CliResult> => {
  let stdout = ""
  let stderr = ""
  const toOut = (text: string) => void (stdout += text)
  const toErr = (text: string) => void (stderr += text)
  const out: Sink = { write: (text) => Effect.sync(() => toOut(text)) }
  const err: Sink = { write: (text) => Effect.sync(() => toErr(text)) }
  const line = (xs: ReadonlyArray<unknown>) => `${xs.map(String).join(" ")}\n`
  const saved = process.env
  const env: Record<string, string> = {}
  for (const [k, v] of Object.entries({ ...saved, ...options.env })) if (v !== undefined) env[k] = v
  const provider = ConfigProvider.fromMap(new Map(Object.entries(env)), { pathDelim: "_", seqDelim: "," })
  if (options.env !== undefined) process.env = env
  const releaseOut = capture(process.stdout, toOut)
  const releaseErr = capture(process.stderr, toErr)
  // The global console too: in a test worker it does not write to the process's streams.
  const { log, info, warn, error } = console
  console.log = console.info = (...xs: ReadonlyArray<unknown>) => toOut(line(xs))
  console.warn = console.error = (...xs: ReadonlyArray<unknown>) => toErr(line(xs))
  try {
    const code = await Effect.runPromise(
      Effect.gen(function* () {
        const base = yield* Effect.console
        const captured: Console.Console = {
          ...base,
          log: (...xs) => Effect.sync(() => toOut(line(xs))),
          error: (...xs) => Effect.sync(() => toErr(line(xs))),
          unsafe: { ...base.unsafe, log: (...xs) => toOut(line(xs)), error: (...xs) => toErr(line(xs)) }
        }
        return yield* main(["node", "vertaistuki", ...args]).pipe(
          Effect.withConsole(captured),
          Effect.withConfigProvider(provider),
          Effect.provideService(Stdout, out),
          Effect.provideService(Stderr, err),
          Effect.provide(NodeContext.layer)
        )
      })
    )
    return { code, stdout, stderr }
  } finally {
    Object.assign(console, { log, info, warn, error })
    releaseErr()
    releaseOut()
    process.env = saved
  }
}

/** The repository's root folder. */
export const repoRoot = root
