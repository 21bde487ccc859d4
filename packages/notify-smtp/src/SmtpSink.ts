/**
 * A real SMTP server on 127.0.0.1 for tests, demos and benchmarks (nodemailer's `smtp-server`, messages
 * parsed with `mailparser`): it listens on a free port, keeps what arrives, and can be told to fail on
 * purpose (a `4xx`/`5xx` answer, a dropped connection, a slow answer) per command and message.
 *
 * Imported from `@vertaistuki/notify-smtp/sink`; `smtp-server` and `mailparser` are optional peer
 * dependencies of the package, needed only by this entry point.
 *
 * @since 0.1.0
 */
import type { Socket } from "node:net"
import { Effect, type Scope } from "effect"
import { simpleParser } from "mailparser"
import { SMTPServer, type SMTPServerSession } from "smtp-server"

/**
 * Where a fault may strike: on connecting (before the greeting), at `MAIL FROM`, at `RCPT TO`, or after the
 * message's data (before the answer to it).
 *
 * @category models
 */
export type Stage = "CONNECT" | "MAIL" | "RCPT" | "DATA"

/**
 * What the fault function is told. `connection` counts connections from 1, `attempt` counts messages that
 * reached the stage's command from 1 across connections (for `CONNECT`: the connection's number).
 *
 * @category models
 */
export interface FaultContext {
  readonly stage: Stage
  readonly connection: number
  readonly attempt: number
  /** The envelope's recipient, at `RCPT` and `DATA`. */
  readonly recipient?: string | undefined
  /** The message's `Message-ID` (with the angle brackets), at `DATA`. */
  readonly messageId?: string | undefined
}

/**
 * A fault: answer with a code (`451`, `550`, …), drop the connection without an answer, or wait before
 * answering normally. `Drop` at `DATA` with `accepted: true` keeps the message first (the server took it
 * but the client never heard so: the case that makes duplicates).
 *
 * @category models
 */
export type Fault =
  | { readonly _tag: "Reply"; readonly code: number; readonly text?: string | undefined }
  | { readonly _tag: "Drop"; readonly accepted?: boolean | undefined }
  | { readonly _tag: "Delay"; readonly millis: number }

/**
 * A message the sink accepted. With `parse: "headers"` only the envelope, `messageId`, `language` and
 * `subject` are filled (the rest empty), which is what a benchmark needs.
 *
 * @category models
 */
export interface Received {
  readonly envelope: { readonly from: string; readonly to: ReadonlyArray<string> }
  readonly messageId: string
  readonly language: string | undefined
  readonly subject: string
  readonly text: string
  readonly html: string
  /** The raw header block: names in lower case, values unfolded but not decoded (the last one of a name). */
  readonly headers: ReadonlyMap<string, string>
  readonly size: number
  readonly connection: number
}

/**
 * The sink's settings.
 *
 * @category models
 */
export interface Options {
  /** Asked at every stage; `undefined` lets the command through. */
  readonly fault?: ((context: FaultContext) => Fault | undefined) | undefined
  /** `full` (default) parses each message with mailparser; `headers` reads only the header block (fast). */
  readonly parse?: "full" | "headers" | undefined
  /** Keep the accepted messages (default true); false only counts them and their `Message-ID`s. */
  readonly keep?: boolean | undefined
}

/**
 * A running sink.
 *
 * @category models
 */
export interface SmtpSink {
  /** `smtp://127.0.0.1:<port>`. */
  readonly url: string
  readonly port: number
  /** The accepted messages, in the order their data ended (empty with `keep: false`). */
  readonly received: () => ReadonlyArray<Received>
  /** How many messages were accepted. */
  readonly count: () => number
  /** How often each `Message-ID` arrived. */
  readonly messageIds: () => ReadonlyMap<string, number>
  /** How many client connections are open now. */
  readonly open: () => number
  /** The user names clients authenticated with, in order. */
  readonly logins: () => ReadonlyArray<string>
  /** Resolves once `n` messages were accepted in all; rejects after `timeoutMillis` (default 30000). */
  readonly waitFor: (n: number, timeoutMillis?: number) => Promise<void>
  /** Stops listening and ends the open connections. */
  readonly close: () => Promise<void>
}

const replyError = (code: number, text: string | undefined): Error =>
  Object.assign(new Error(text ?? (code >= 500 ? "Requested action not taken" : "Requested action aborted: local error in processing")), { responseCode: code })

/** The unfolded header block of a raw message, as a map of lower-case names to their last value. */
const headerBlock = (raw: Buffer): Map<string, string> => {
  const end = raw.indexOf("\r\n\r\n")
  const text = raw.subarray(0, end < 0 ? raw.length : end).toString("latin1").replace(/\r\n[ \t]+/g, " ")
  const headers = new Map<string, string>()
  for (const line of text.split("\r\n")) {
    const colon = line.indexOf(":")
    if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim())
  }
  return headers
}

/**
 * Starts a sink on 127.0.0.1 on a free port. It advertises `AUTH` without TLS and accepts any credentials
 * (recording the user name), so a URL with a user and a password works against it.
 *
 * @example
 * ```ts
 * import { SmtpSink } from "@vertaistuki/notify-smtp/sink"
 * const sink = await SmtpSink.start({ fault: (c) => (c.stage === "RCPT" && c.attempt === 1 ? { _tag: "Reply", code: 451 } : undefined) })
 * await sink.close()
 * ```
 *
 * @category constructors
 */
export const start = async (options: Options = {}): Promise<SmtpSink> => {
  const kept: Array<Received> = []
  const ids = new Map<string, number>()
  const logins: Array<string> = []
  const waiting = new Set<{ readonly n: number; readonly done: () => void }>()
  const sockets = new Map<number, Socket>()
  const connectionOf = new Map<string, number>()
  let connections = 0
  let accepted = 0
  const attempts: Record<Stage, number> = { CONNECT: 0, MAIL: 0, RCPT: 0, DATA: 0 }
  const keep = options.keep !== false
  const full = (options.parse ?? "full") === "full"

  const drop = (session: SMTPServerSession) => sockets.get(session.remotePort)?.destroy()
  /** Runs the fault for a stage; `proceed` when there is none (or after a delay). */
  const strike = (context: FaultContext, session: SMTPServerSession, callback: (err?: Error | null) => void, proceed: () => void) => {
    const fault = options.fault?.(context)
    if (fault === undefined) return proceed()
    switch (fault._tag) {
      case "Reply":
        return callback(replyError(fault.code, fault.text))
      case "Drop":
        return drop(session)
      case "Delay":
        setTimeout(proceed, fault.millis)
    }
  }
  const record = (r: Received) => {
    accepted++
    ids.set(r.messageId, (ids.get(r.messageId) ?? 0) + 1)
    if (keep) kept.push(r)
    for (const w of waiting) if (accepted >= w.n) w.done()
  }

  const server = new SMTPServer({
    secure: false,
    disabledCommands: ["STARTTLS"],
    allowInsecureAuth: true,
    authOptional: true,
    logger: false,
    banner: "vertaistuki test sink",
    size: 10 * 1024 * 1024,
    closeTimeout: 100,
    onAuth(auth, _session, callback) {
      logins.push(auth.username ?? "")
      callback(null, { user: auth.username ?? "" })
    },
    onConnect(session, callback) {
      const connection = ++connections
      connectionOf.set(session.id, connection)
      attempts.CONNECT++
      strike({ stage: "CONNECT", connection, attempt: connection }, session, callback, () => callback())
    },
    onMailFrom(_address, session, callback) {
      const attempt = ++attempts.MAIL
      strike({ stage: "MAIL", connection: connectionOf.get(session.id) ?? 0, attempt }, session, callback, () => callback())
    },
    onRcptTo(address, session, callback) {
      const attempt = ++attempts.RCPT
      strike({ stage: "RCPT", connection: connectionOf.get(session.id) ?? 0, attempt, recipient: address.address }, session, callback, () => callback())
    },
    onData(stream, session, callback) {
      const chunks: Array<Buffer> = []
      stream.on("data", (c: Buffer) => chunks.push(c))
      stream.on("end", () => {
        const raw = Buffer.concat(chunks)
        const connection = connectionOf.get(session.id) ?? 0
        const attempt = ++attempts.DATA
        const headers = headerBlock(raw)
        const messageId = headers.get("message-id") ?? ""
        const envelope = {
          from: session.envelope.mailFrom === false ? "" : session.envelope.mailFrom.address,
          to: session.envelope.rcptTo.map((r) => r.address)
        }
        const accept = async () => {
          if (full) {
            const parsed = await simpleParser(raw, { skipImageLinks: true, skipTextLinks: true })
            record({
              envelope,
              messageId: parsed.messageId ?? messageId,
              language: typeof parsed.headers.get("content-language") === "string" ? (parsed.headers.get("content-language") as string) : undefined,
              subject: parsed.subject ?? "",
              text: parsed.text ?? "",
              html: typeof parsed.html === "string" ? parsed.html : "",
              headers,
              size: raw.length,
              connection
            })
          } else {
            record({ envelope, messageId, language: headers.get("content-language"), subject: headers.get("subject") ?? "", text: "", html: "", headers, size: raw.length, connection })
          }
        }
        const answer = () => accept().then(() => callback(null, `queued as s${accepted}`), (e: unknown) => callback(e instanceof Error ? e : new Error("parse failed")))
        const fault = options.fault?.({ stage: "DATA", connection, attempt, recipient: envelope.to[0], messageId })
        if (fault === undefined) return void answer()
        switch (fault._tag) {
          case "Reply":
            return callback(replyError(fault.code, fault.text))
          case "Drop":
            if (fault.accepted === true) return void accept().then(() => drop(session))
            return drop(session)
          case "Delay":
            setTimeout(answer, fault.millis)
        }
      })
    }
  })
  server.server.on("connection", (socket: Socket) => {
    const port = socket.remotePort
    if (port === undefined) return
    sockets.set(port, socket)
    socket.once("close", () => sockets.delete(port))
  })
  server.on("error", () => {
    // A client that went away mid-command is a test's intent here, not a failure of the sink.
  })
  await new Promise<void>((resolve, reject) => {
    server.server.once("error", reject)
    server.listen(0, "127.0.0.1", () => resolve())
  })
  const address = server.server.address()
  const port = typeof address === "object" && address !== null ? address.port : 0
  return {
    url: `smtp://127.0.0.1:${port}`,
    port,
    received: () => kept.slice(),
    count: () => accepted,
    messageIds: () => new Map(ids),
    open: () => sockets.size,
    logins: () => logins.slice(),
    waitFor: (n, timeoutMillis = 30_000) =>
      new Promise<void>((resolve, reject) => {
        if (accepted >= n) return resolve()
        const timer = setTimeout(() => {
          waiting.delete(w)
          reject(new Error(`the sink received ${accepted} of ${n} messages in ${timeoutMillis} ms`))
        }, timeoutMillis)
        const w = {
          n,
          done: () => {
            clearTimeout(timer)
            waiting.delete(w)
            resolve()
          }
        }
        waiting.add(w)
      }),
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets.values()) s.destroy()
        server.close(() => resolve())
      })
  }
}

/**
 * `start` as a scoped Effect: the sink is closed when the scope closes.
 *
 * @category constructors
 */
export const make = (options: Options = {}): Effect.Effect<SmtpSink, never, Scope.Scope> =>
  Effect.acquireRelease(
    Effect.promise(() => start(options)),
    (sink) => Effect.promise(() => sink.close())
  )
