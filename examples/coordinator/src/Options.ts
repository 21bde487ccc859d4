/**
 * The command line of `pnpm app`: `--port <n>` (default 3000; 0 picks a free one), `--host <address>`
 * (default 127.0.0.1), `--db <file>` (the SQLite file; default `.tmp/app/coordinator.sqlite`),
 * `--no-demo-data`, `--secure-cookies` (behind TLS); and the environment: `DATABASE_URL=postgres://…`
 * runs on PostgreSQL (`VERTAISTUKI_PG_SCHEMA` names the schema), `VERTAISTUKI_MASTER_KEY` gives the key
 * that seals personal data (else a key file beside the SQLite file, made on first start).
 *
 * @since 0.1.0
 */
import { Either } from "effect"

/** Where the app keeps its data. @category models */
export type Database =
  | { readonly _tag: "sqlite"; readonly filename: string }
  | { readonly _tag: "postgres"; readonly url: string; readonly schema: string | undefined }

/** The parsed command line. @category models */
export interface Options {
  readonly port: number
  readonly host: string
  readonly database: Database
  readonly demoData: boolean
  readonly secureCookies: boolean
  readonly masterKey: string | undefined
}

/** The default SQLite file, relative to the working folder. @category constants */
export const defaultFile = ".tmp/app/coordinator.sqlite"

/**
 * The options of the arguments and the environment, or what is wrong with them (the argument named).
 *
 * @example
 * import { parse } from "./Options.js"
 * parse(["--port", "8080", "--no-demo-data"], {}) // Right({ port: 8080, demoData: false, … })
 *
 * @category constructors
 */
export const parse = (args: ReadonlyArray<string>, env: Readonly<Record<string, string | undefined>>): Either.Either<Options, string> => {
  let port = 3000
  let host = "127.0.0.1"
  let file = defaultFile
  let demoData = true
  let secureCookies = false
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!
    const value = () => args[++i]
    if (arg === "--") continue
    if (arg === "--port") {
      const v = value()
      if (v === undefined || !/^\d{1,5}$/.test(v) || Number(v) > 65535) return Either.left("--port: expected a port number 0–65535")
      port = Number(v)
    } else if (arg === "--host") {
      const v = value()
      if (v === undefined || v === "") return Either.left("--host: expected an address, e.g. 127.0.0.1")
      host = v
    } else if (arg === "--db") {
      const v = value()
      if (v === undefined || v === "") return Either.left("--db: expected a file name")
      file = v
    } else if (arg === "--no-demo-data") demoData = false
    else if (arg === "--secure-cookies") secureCookies = true
    else return Either.left(`${arg}: unknown option (known: --port, --host, --db, --no-demo-data, --secure-cookies)`)
  }
  const url = env.DATABASE_URL?.trim()
  if (url !== undefined && url !== "" && !/^postgres(ql)?:\/\//.test(url)) return Either.left("DATABASE_URL: expected postgres://…")
  const database: Database =
    url !== undefined && url !== "" ? { _tag: "postgres", url, schema: env.VERTAISTUKI_PG_SCHEMA?.trim() || undefined } : { _tag: "sqlite", filename: file }
  const key = env.VERTAISTUKI_MASTER_KEY?.trim()
  return Either.right({ port, host, database, demoData, secureCookies, masterKey: key === undefined || key === "" ? undefined : key })
}

/** A database URL with its password hidden, for printing. @category formatting */
export const redacted = (url: string): string => {
  try {
    const u = new URL(url)
    if (u.password !== "") u.password = "***"
    return u.toString()
  } catch {
    return "postgres://…"
  }
}
