// The benchmarks' sink: SmtpSink reading headers only and keeping no messages, either in this process
// (`inline`) or in a child process (`process`, so that the server does not share the event loop with the
// senders it measures). Reusable by other benchmarks: `sinkFor(where)`.
import { fork } from "node:child_process"
import { fileURLToPath } from "node:url"
import { SmtpSink } from "@vertaistuki/notify-smtp/sink"

/** What a benchmark needs of a sink: where to send, and how many arrived (and how many Message-IDs twice). */
export interface RemoteSink {
  readonly url: string
  readonly where: "inline" | "process"
  readonly stats: () => Promise<{ readonly count: number; readonly distinct: number; readonly duplicates: number }>
  readonly close: () => Promise<void>
}

const statsOf = (s: SmtpSink.SmtpSink) => {
  const ids = s.messageIds()
  let duplicates = 0
  for (const c of ids.values()) duplicates += c - 1
  return { count: s.count(), distinct: ids.size, duplicates }
}

/** A sink that accepts everything; counts per run come from `stats` differences. */
export const sinkFor = async (where: "inline" | "process"): Promise<RemoteSink> => {
  if (where === "inline") {
    const s = await SmtpSink.start({ parse: "headers", keep: false })
    return { url: s.url, where, stats: async () => statsOf(s), close: s.close }
  }
  const child = fork(fileURLToPath(new URL("./sink-process.ts", import.meta.url)), [], { execArgv: ["--import", "tsx"], stdio: ["ignore", "inherit", "inherit", "ipc"] })
  const pending: Array<(m: unknown) => void> = []
  child.on("message", (m) => pending.shift()?.(m))
  const ask = <A>(command: string) =>
    new Promise<A>((resolve) => {
      pending.push(resolve as (m: unknown) => void)
      child.send(command)
    })
  const url = await new Promise<string>((resolve) => pending.push((m) => resolve(String(m))))
  return {
    url,
    where,
    stats: () => ask("stats"),
    close: async () => {
      await ask("close")
      child.disconnect()
    }
  }
}

/** The child's side: started by `sinkFor("process")` through `sink-process.ts`. */
export const serve = async () => {
  const s = await SmtpSink.start({ parse: "headers", keep: false })
  process.send?.(s.url)
  process.on("message", async (m) => {
    if (m === "stats") process.send?.(statsOf(s))
    if (m === "close") {
      await s.close()
      process.send?.("closed")
    }
  })
}
