/**
 * `pnpm app`: the coordinator app and its API in one server, on an SQLite file (or PostgreSQL with
 * `DATABASE_URL`), with a demo organisation, its users and one group per programme model on first start
 * (`--no-demo-data` to skip). Prints where the data is, the address, and the demo users' sign-in names.
 */
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs"
import { createServer } from "node:http"
import { dirname, resolve } from "node:path"
import * as HttpServer from "@effect/platform/HttpServer"
import * as NodeHttpServer from "@effect/platform-node/NodeHttpServer"
import { Accounts, Authentication, Coordinator, Server } from "@vertaistuki/api"
import { MasterKey } from "@vertaistuki/store"
import { PgEventStore } from "@vertaistuki/store-postgres"
import { SqliteEventStore } from "@vertaistuki/store-sqlite"
import { Effect, Either, Layer, ManagedRuntime } from "effect"
import * as App from "./App.js"
import * as Demo from "./Demo.js"
import * as Options from "./Options.js"

const parsed = Options.parse(process.argv.slice(2), process.env)
if (Either.isLeft(parsed)) {
  process.stderr.write(`app: ${parsed.left}\n`)
  process.exit(2)
}
const options = parsed.right

/** The master key: from the environment, else a key file (made readable by its owner only on first start). */
const masterKey = (file: string): string => {
  if (options.masterKey !== undefined) return options.masterKey
  if (existsSync(file)) return readFileSync(file, "utf8").trim()
  mkdirSync(dirname(file), { recursive: true })
  const key = MasterKey.generate()
  writeFileSync(file, `${key}\n`, { mode: 0o600 })
  chmodSync(file, 0o600)
  return key
}

const db = options.database
const where =
  db._tag === "sqlite"
    ? (() => {
        const filename = resolve(db.filename)
        mkdirSync(dirname(filename), { recursive: true })
        return { filename, key: `${filename}.key` }
      })()
    : { filename: undefined, key: resolve(".tmp/app/master.key") }
const keyring = MasterKey.keyring(masterKey(where.key))
if (Either.isLeft(keyring)) {
  process.stderr.write("app: VERTAISTUKI_MASTER_KEY: expected a base64 key of 32 bytes\n")
  process.exit(2)
}

const store =
  db._tag === "sqlite"
    ? SqliteEventStore.layerWithClient({ filename: where.filename!, keyring: keyring.right })
    : PgEventStore.layerWithClient({ url: db.url, keyring: keyring.right, ...(db.schema === undefined ? {} : { schema: db.schema }) })

const settings = { secureCookies: options.secureCookies }
const app = Server.layer(settings).pipe(
  Layer.provide(App.layer(settings).pipe(Layer.provide(Authentication.local))),
  Layer.provideMerge(Coordinator.layer),
  Layer.provideMerge(Accounts.layer(db._tag === "postgres" && db.schema !== undefined ? { schema: db.schema } : {})),
  Layer.provideMerge(store),
  Layer.provideMerge(NodeHttpServer.layer(createServer, { port: options.port, host: options.host }))
)

const runtime = ManagedRuntime.make(app)
const started = await runtime.runPromiseExit(Effect.map(HttpServer.HttpServer, (s) => s.address))
if (started._tag === "Failure") {
  process.stderr.write(`app: the server could not start: ${String(started.cause).split("\n")[0]}\n`)
  await runtime.dispose()
  process.exit(1)
}
const address = started.value
const port = address._tag === "TcpAddress" ? address.port : options.port
const url = `http://${options.host}:${port}/`

console.log(db._tag === "sqlite" ? `Data: SQLite file ${where.filename}` : `Data: PostgreSQL ${Options.redacted(db.url)}`)
if (options.demoData) {
  const demo = await runtime.runPromise(Demo.ensure)
  console.log(
    demo.created
      ? `Demo data created: an organisation, its users and ${demo.groups.length} groups, one per programme model.`
      : "Demo data found from an earlier start; reused."
  )
  console.log("Demo users (sign-in name / password / role):")
  for (const u of demo.users) console.log(`  ${u.username.padEnd(20)} ${u.password.padEnd(28)} ${u.role}`)
}
console.log(`The coordinator app: ${url}`)
console.log(`The API: ${url}api/docs (OpenAPI ${url}api/openapi.json)`)

const stop = () => {
  void runtime.dispose().then(() => process.exit(0))
}
process.once("SIGINT", stop)
process.once("SIGTERM", stop)
