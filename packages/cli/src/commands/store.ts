/**
 * `vertaistuki store migrate|export|erase|access-log`: operating the event store. `--db` is a SQLite
 * file (default `vertaistuki.sqlite` in the current folder) or a `postgres://` URL. The master key comes
 * from `VERTAISTUKI_MASTER_KEY` (base64 of 32 bytes); during a rotation the old keys are in
 * `VERTAISTUKI_PREVIOUS_MASTER_KEYS`. `export`, `erase` and `access-log` name who is acting, why and on
 * what legal basis (`--actor`, `--purpose`, `--basis`); that is written to the access log. See
 * docs/storage.md and docs/privacy.md. `access-log --verify` checks the log's hash chain instead and exits 1
 * naming the first entry that does not link.
 *
 * @since 0.1.0
 */
import { statSync } from "node:fs"
import { Command, Options } from "@effect/cli"
import { type AccessLog as AccessLogModule, AccessLog, MasterKey, PersonalDataVault, type StoreDriver, type StoreError } from "@vertaistuki/store"
import { PgEventStore } from "@vertaistuki/store-postgres"
import { SqliteEventStore } from "@vertaistuki/store-sqlite"
import { Console, Effect, type Layer, Option } from "effect"
import { BadInput, CommandFailed, json, printJson, printTable, writeText } from "../Output.js"

/** `--db`: a SQLite file or a `postgres://` URL. */
export const db = Options.text("db").pipe(
  Options.withDefault("vertaistuki.sqlite"),
  Options.withDescription("a SQLite file (default vertaistuki.sqlite) or a postgres:// URL")
)
/** `--schema`: the PostgreSQL schema. */
export const schema = Options.text("schema").pipe(Options.withDefault("vertaistuki"), Options.withDescription("PostgreSQL only: the schema of the tables"))
const person = Options.text("person").pipe(Options.withDescription("the pseudonymous id of the person"))
const actor = Options.text("actor").pipe(Options.withDescription("who is acting, e.g. a worker's user id (written to the access log)"))
const purpose = Options.text("purpose").pipe(Options.withDescription("why, e.g. client-request (written to the access log)"))
const basis = Options.text("basis").pipe(
  Options.withDescription("the legal basis, e.g. 'GDPR Art. 15' or 'Client Data Act 703/2023' (written to the access log)")
)
const out = Options.text("out").pipe(Options.optional, Options.withDescription("write the export to this file instead of stdout"))

/** What opening or using the store may fail with. */
export type StoreFailure = StoreError.StoreError | StoreError.InvalidInput

/** How to open and migrate one kind of store. */
export interface Driver {
  /** The store's layer with this keyring. */
  readonly layer: (keyring: MasterKey.Keyring) => Layer.Layer<StoreDriver.Services, StoreFailure>
  /** Applies the pending migrations and returns them. */
  readonly migrate: Effect.Effect<ReadonlyArray<{ readonly id: number; readonly name: string }>, StoreFailure>
  /** The store in a message: the SQLite file, or "the database" (a URL may carry a password). */
  readonly label: string
  /** The store in JSON output: the SQLite file, or "postgres". */
  readonly name: string
}

const isPostgres = (target: string) => /^postgres(ql)?:\/\//.test(target)

/** How to open the store `--db` names. */
export const driverFor = (target: string, pgSchema: string): Driver =>
  isPostgres(target)
    ? {
        layer: (keyring) => PgEventStore.layer({ url: target, schema: pgSchema, keyring }),
        migrate: PgEventStore.migrate({ url: target, schema: pgSchema }),
        label: "the database",
        name: "postgres"
      }
    : {
        layer: (keyring) => SqliteEventStore.layer({ filename: target, keyring }),
        migrate: SqliteEventStore.migrate({ filename: target }),
        label: target,
        name: target
      }

/** The master keys from the environment. */
export const keyring = Effect.mapError(
  MasterKey.config(),
  (e) => new BadInput({ message: `the master key: ${String(e)} (set VERTAISTUKI_MASTER_KEY to base64 of 32 bytes)` })
)

/** Store errors become messages: bad input exits 2, an unavailable or broken store exits 1. */
export const report = <A, R>(effect: Effect.Effect<A, BadInput | CommandFailed | StoreFailure, R>): Effect.Effect<void, BadInput | CommandFailed, R> =>
  effect.pipe(
    Effect.asVoid,
    Effect.catchTag("InvalidInput", (e) => Effect.fail(new BadInput({ message: `${e.field}: expected ${e.expected}` }))),
    Effect.catchTag("StoreError", (e) =>
      Effect.fail(new CommandFailed({ message: `store ${e.reason.toLowerCase()}${e.retryable ? " (retryable)" : ""}: ${e.message}` }))
    )
  )

/** A SQLite file that is missing or empty is no store: only `store migrate` creates one. */
export const existingStore = (target: string): Effect.Effect<void, BadInput> =>
  Effect.suspend(() => {
    if (isPostgres(target)) return Effect.void
    let size = 0
    try {
      size = statSync(target).size
    } catch {
      size = 0
    }
    return size > 0 ? Effect.void : Effect.fail(new BadInput({ message: `no store at ${target}; run \`vertaistuki store migrate\` to create one` }))
  })

const personOptions = { db, schema, person, actor, purpose, basis }
type PersonOptions = Command.Command.ParseConfig<typeof personOptions>

/**
 * A command about one person's data in the store: the store options, the person and who is acting,
 * why and on what basis (written to the access log), plus `extra` options.
 */
const personCommand = <Name extends string, const Extra extends Command.Command.Config>(
  name: Name,
  extra: Extra,
  body: (
    o: PersonOptions & Command.Command.ParseConfig<Extra>,
    context: AccessLogModule.AccessContext
  ) => Effect.Effect<unknown, BadInput | StoreFailure, StoreDriver.Services>
) =>
  Command.make(name, { ...personOptions, ...extra }, (parsed) => {
    // The parsed options of a generic config are not narrowed by TypeScript; they are these.
    const o = parsed as PersonOptions & Command.Command.ParseConfig<Extra>
    const context = { actor: o.actor, purpose: o.purpose, legalBasis: o.basis }
    return report(
      Effect.zipRight(
        existingStore(o.db),
        Effect.flatMap(keyring, (k) => Effect.provide(body(o, context), driverFor(o.db, o.schema).layer(k)))
      )
    )
  })

const migrate = Command.make("migrate", { db, schema, json }, ({ db, schema, json }) =>
  report(
    Effect.gen(function* () {
      const driver = driverFor(db, schema)
      const applied = yield* driver.migrate
      if (json) return yield* printJson({ db: driver.name, applied })
      yield* Console.log(applied.length === 0 ? `${driver.label} is up to date` : `applied: ${applied.map((m) => `${m.id}_${m.name}`).join(", ")}`)
    })
  )
).pipe(Command.withDescription("create or update the store's tables"))

const exportCmd = personCommand("export", { out }, (o, context) =>
  Effect.gen(function* () {
    const vault = yield* PersonalDataVault.PersonalDataVault
    const data = yield* vault.exportPerson(o.person, context)
    const text = printableJson(data)
    if (Option.isNone(o.out)) return yield* Console.log(text)
    yield* writeText(o.out.value, `${text}\n`, 0o600)
    yield* Console.error(`wrote ${data.events.length} events and ${data.accessLog.length} access-log entries to ${o.out.value}`)
  })
).pipe(Command.withDescription("everything held about a person, as JSON (GDPR Art. 15); logged as an export"))

const erase = personCommand("erase", { json }, (o, context) =>
  Effect.gen(function* () {
    const vault = yield* PersonalDataVault.PersonalDataVault
    const r = yield* vault.erase(o.person, context)
    if (o.json) return yield* printJson({ personId: r.personId, erasedAt: r.erasedAt.toISOString(), alreadyErased: r.alreadyErased, status: r.status })
    yield* Console.log(
      r.alreadyErased
        ? `${r.personId} was already erased on ${r.erasedAt.toISOString()}`
        : `${r.personId} erased: the data key is destroyed and no personal field of theirs can be read any more`
    )
    if (r.status === "pending") {
      yield* Console.error("another connection is still reading: an old copy of the key remains in the store's files until it ends; run erase again later to confirm")
    }
  })
).pipe(Command.withDescription("erase a person by destroying their data key (crypto-shredding)"))

const printable = (text: string) => AccessLog.printable(text)

/** JSON as it may be shown: `JSON.stringify` escapes the C0 controls in strings; the rest are escaped here, the indentation's line breaks kept. */
const printableJson = (value: unknown): string => AccessLog.printable(JSON.stringify(value, null, 2), "\n")

const verify = Options.boolean("verify").pipe(
  Options.withDescription("check the whole log's hash chain instead; exits 1 naming the first entry that does not link")
)
const optional = <A>(o: Options.Options<A>) => Options.optional(o)

const accessLog = Command.make(
  "access-log",
  { db, schema, json, verify, person: optional(person), actor: optional(actor), purpose: optional(purpose), basis: optional(basis) },
  (o) =>
    report(
      Effect.zipRight(
        existingStore(o.db),
        Effect.flatMap(keyring, (k) =>
        Effect.provide(
          Effect.gen(function* () {
            const log = yield* AccessLog.AccessLog
            if (o.verify) {
              const v = yield* log.verify
              if (o.json) yield* printJson(v)
              if (v.broken !== null) {
                return yield* new CommandFailed({
                  message: `the access log is broken at entry ${v.broken.id}: it ${v.broken.reason}; the ${v.checked} entries before it link`
                })
              }
              if (!o.json) yield* Console.log(`the access log is intact: ${v.checked} entries, newest hash ${v.head}`)
              return
            }
            if (Option.isNone(o.person) || Option.isNone(o.actor) || Option.isNone(o.purpose) || Option.isNone(o.basis)) {
              return yield* new BadInput({ message: "access-log needs --person, --actor, --purpose and --basis (or --verify)" })
            }
            const entries = yield* log.forPerson(o.person.value, { actor: o.actor.value, purpose: o.purpose.value, legalBasis: o.basis.value })
            if (o.json) return yield* Console.log(printableJson(entries.map((e) => ({ ...e, at: e.at.toISOString() }))))
            if (entries.length === 0) return yield* Console.log(`no access to ${o.person.value}'s data has been logged`)
            yield* printTable(
              ["when", "who", "action", "purpose", "legal basis", "recipient", "what"],
              entries.map((e) =>
                [
                  e.at.toISOString(),
                  e.actor,
                  e.action,
                  e.purpose,
                  e.legalBasis,
                  e.recipient ?? "",
                  e.range === null
                    ? (e.detail ?? "")
                    : `${e.range.streamId ?? "all streams"} #${e.range.from}–${e.range.to}${e.detail === null ? "" : ` (${e.detail})`}`
                ].map(printable)
              )
            )
          }),
          driverFor(o.db, o.schema).layer(k)
        )
        )
      )
    )
).pipe(
  Command.withDescription(
    "who processed a person's data, when, why and on what basis (Client Data Act 703/2023); --verify checks the log's hash chain"
  )
)

/** `vertaistuki store`. */
export const store = Command.make("store").pipe(
  Command.withDescription("the event store: migrate, export or erase a person, read the access log"),
  Command.withSubcommands([migrate, exportCmd, erase, accessLog])
)
