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
import { closeSync, constants, fsyncSync, openSync, readFileSync, statSync, writeSync } from "node:fs"
import { Command, Options } from "@effect/cli"
import { type AccessLog as AccessLogModule, AccessLog, ErasureLedger, MasterKey, Messages as StoreMessages, PersonalDataVault, type StoreDriver, StoreError } from "@vertaistuki/store"
import { PgEventStore } from "@vertaistuki/store-postgres"
import { SqliteEventStore } from "@vertaistuki/store-sqlite"
import { Config, Console, Effect, Either, Layer, Option } from "effect"
import { type Say, say } from "../Messages.js"
import { BadInput, CommandFailed, jsonIn, langIn, printJson, printTable, writeText } from "../Output.js"

/** `--db`, else `VERTAISTUKI_DB`, else `DATABASE_URL`, so that a PostgreSQL password need not be on the command line; its help in `h`'s language. */
export const dbIn = (h: Say) =>
  Options.text("db").pipe(
    Options.withFallbackConfig(Config.string("VERTAISTUKI_DB").pipe(Config.orElse(() => Config.string("DATABASE_URL")))),
    Options.withDefault("vertaistuki.sqlite"),
    Options.withDescription(h("describe.store.db"))
  )
/** `--schema`: the PostgreSQL schema, its help in `h`'s language. */
export const schemaIn = (h: Say) => Options.text("schema").pipe(Options.withDefault("vertaistuki"), Options.withDescription(h("describe.store.schema", { value: "vertaistuki" })))

/** The options of the `store` commands, their help in `h`'s language. */
const optionsIn = (h: Say) => ({
  h,
  db: dbIn(h),
  schema: schemaIn(h),
  json: jsonIn(h),
  lang: langIn(h),
  person: Options.text("person").pipe(Options.withDescription(h("describe.store.person"))),
  actor: Options.text("actor").pipe(Options.withDescription(h("describe.store.actor"))),
  purpose: Options.text("purpose").pipe(Options.withDescription(h("describe.store.purpose"))),
  basis: Options.text("basis").pipe(Options.withDescription(h("describe.store.basis"))),
  out: Options.text("out").pipe(Options.optional, Options.withDescription(h("describe.store.out"))),
  ledgerOut: Options.text("ledger").pipe(
    Options.withFallbackConfig(Config.string("VERTAISTUKI_ERASURE_LEDGER")),
    Options.optional,
    Options.withDescription(h("describe.store.ledger-out"))
  ),
  verify: Options.boolean("verify").pipe(Options.withDescription(h("describe.store.verify"))),
  to: Options.text("to").pipe(Options.withDescription(h("describe.store.to"))),
  from: Options.text("from").pipe(Options.withDescription(h("describe.store.from"))),
  ledgerIn: Options.text("ledger").pipe(
    Options.withFallbackConfig(Config.string("VERTAISTUKI_ERASURE_LEDGER")),
    Options.optional,
    Options.withDescription(h("describe.store.ledger-in"))
  ),
  noLedger: Options.boolean("no-ledger").pipe(Options.withDescription(h("describe.store.no-ledger")))
})
type StoreOptions = ReturnType<typeof optionsIn>

/** What opening or using the store may fail with. */
export type StoreFailure = StoreError.StoreError | StoreError.InvalidInput

/** How to open and migrate one kind of store. */
export interface Driver {
  /** The store's layer with this keyring. */
  readonly layer: (keyring: MasterKey.Keyring) => Layer.Layer<StoreDriver.Services, StoreFailure>
  /** Applies the pending migrations and returns them. */
  readonly migrate: Effect.Effect<ReadonlyArray<{ readonly id: number; readonly name: string }>, StoreFailure>
  /** The store in a message: the SQLite file, or `null` for a database (a URL may carry a password). */
  readonly label: string | null
  /** The store in JSON output: the SQLite file, or "postgres". */
  readonly name: string
}

const isPostgres = (target: string) => /^postgres(ql)?:\/\//.test(target)

/** How to open the store `--db` names. */
/**
 * A whole number from the environment (undefined when unset), or the variable named with what it must be.
 * The tuning of the stores comes from here, so that it is set once per deployment.
 */
const envCount = (name: string, min: number): number | undefined | StoreError.InvalidInput => {
  const text = process.env[name]?.trim()
  if (text === undefined || text === "") return undefined
  const n = Number(text)
  return /^\d+$/.test(text) && Number.isSafeInteger(n) && n >= min
    ? n
    : new StoreError.InvalidInput({ field: name, expected: `a whole number${min > 0 ? ` of at least ${min}` : ", 0 or more"}` })
}

/** `VERTAISTUKI_PG_POOL_SIZE`, `VERTAISTUKI_PG_LOCK_TIMEOUT_MS`, `VERTAISTUKI_PG_STATEMENT_TIMEOUT_MS`. */
const pgTuning = () => {
  const maxConnections = envCount("VERTAISTUKI_PG_POOL_SIZE", 1)
  const lockTimeoutMillis = envCount("VERTAISTUKI_PG_LOCK_TIMEOUT_MS", 0)
  const statementTimeoutMillis = envCount("VERTAISTUKI_PG_STATEMENT_TIMEOUT_MS", 0)
  for (const v of [maxConnections, lockTimeoutMillis, statementTimeoutMillis]) if (v instanceof StoreError.InvalidInput) return v
  return { maxConnections: maxConnections as number | undefined, lockTimeoutMillis: lockTimeoutMillis as number | undefined, statementTimeoutMillis: statementTimeoutMillis as number | undefined }
}

export const driverFor = (target: string, pgSchema: string): Driver =>
  isPostgres(target)
    ? {
        layer: (keyring) => {
          const tuning = pgTuning()
          return tuning instanceof StoreError.InvalidInput ? Layer.fail(tuning) : PgEventStore.layer({ url: target, schema: pgSchema, keyring, ...tuning })
        },
        migrate: PgEventStore.migrate({ url: target, schema: pgSchema }),
        label: null,
        name: "postgres"
      }
    : {
        layer: (keyring) => {
          const busy = envCount("VERTAISTUKI_SQLITE_BUSY_TIMEOUT_MS", 0)
          return busy instanceof StoreError.InvalidInput ? Layer.fail(busy) : SqliteEventStore.layer({ filename: target, keyring, busyTimeoutMillis: busy })
        },
        migrate: SqliteEventStore.migrate({ filename: target }),
        label: target,
        name: target
      }

/** The master keys from the environment. */
export const keyring = Effect.flatMap(say, (m) => Effect.mapError(MasterKey.config(), (e) => new BadInput({ message: m("store.master-key", { problem: String(e) }) })))

/** Store errors become messages: bad input exits 2, an unavailable or broken store exits 1. */
export const report = <A, R>(effect: Effect.Effect<A, BadInput | CommandFailed | StoreFailure, R>): Effect.Effect<void, BadInput | CommandFailed, R> =>
  Effect.flatMap(say, (m) =>
    effect.pipe(
      Effect.asVoid,
      Effect.catchTag("InvalidInput", (e) => Effect.fail(new BadInput({ message: StoreMessages.describe(e, m.lang) }))),
      Effect.catchTag("StoreError", (e) =>
        Effect.fail(
          new CommandFailed({
            message: m.lang === "en" ? `store ${e.reason.toLowerCase()}${e.retryable ? " (retryable)" : ""}: ${e.message}` : StoreMessages.describe(e, m.lang)
          })
        )
      )
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
    return size > 0 ? Effect.void : Effect.flatMap(say, (m) => Effect.fail(new BadInput({ message: m("store.no-store", { target }) })))
  })

const personOptionsOf = (x: StoreOptions) => ({ db: x.db, schema: x.schema, person: x.person, actor: x.actor, purpose: x.purpose, basis: x.basis, lang: x.lang })
type PersonOptions = Command.Command.ParseConfig<ReturnType<typeof personOptionsOf>>

/**
 * A command about one person's data in the store: the store options, the person and who is acting,
 * why and on what basis (written to the access log), plus `extra` options.
 */
const personCommand = <Name extends string, const Extra extends Command.Command.Config>(
  x: StoreOptions,
  name: Name,
  extra: Extra,
  body: (
    o: PersonOptions & Command.Command.ParseConfig<Extra>,
    context: AccessLogModule.AccessContext
  ) => Effect.Effect<unknown, BadInput | CommandFailed | StoreFailure, StoreDriver.Services>
) =>
  Command.make(name, { ...personOptionsOf(x), ...extra }, (parsed) => {
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

const migrate = (x: StoreOptions) =>
  Command.make("migrate", { db: x.db, schema: x.schema, json: x.json, lang: x.lang }, ({ db, schema, json }) =>
  report(
    Effect.gen(function* () {
      const m = yield* say
      const driver = driverFor(db, schema)
      const applied = yield* driver.migrate
      if (json) return yield* printJson({ db: driver.name, applied })
      yield* Console.log(
        applied.length === 0
          ? m("store.up-to-date", { store: driver.label ?? m("store.the-database") })
          : m("store.applied", { migrations: applied.map((x) => `${x.id}_${x.name}`).join(", ") })
      )
    })
  )
).pipe(Command.withDescription(x.h("describe.store.migrate")))

const exportCmd = (x: StoreOptions) =>
  personCommand(x, "export", { out: x.out }, (o, context) =>
  Effect.gen(function* () {
    const vault = yield* PersonalDataVault.PersonalDataVault
    const data = yield* vault.exportPerson(o.person, context)
    const text = printableJson(data)
    if (Option.isNone(o.out)) return yield* Console.log(text)
    yield* writeText(o.out.value, `${text}\n`, 0o600)
    const m = yield* say
    yield* Console.error(m("store.wrote-export", { events: data.events.length, entries: data.accessLog.length, file: o.out.value }))
  })
).pipe(Command.withDescription(x.h("describe.store.export")))

/** Appends a line to the ledger (created readable by its owner only) and waits until it is on disk. */
const appendLedger = (file: string, text: string): Effect.Effect<void, CommandFailed> =>
  Effect.flatMap(say, (m) => Effect.try({
    try: () => {
      const fd = openSync(file, constants.O_WRONLY | constants.O_CREAT | constants.O_APPEND | constants.O_NOFOLLOW, 0o600)
      try {
        writeSync(fd, text)
        fsyncSync(fd)
      } finally {
        closeSync(fd)
      }
    },
    catch: (e) =>
      new CommandFailed({ message: m("store.ledger-append", { file, code: (e as NodeJS.ErrnoException).code ?? "error" }) })
  }))

const erase = (x: StoreOptions) =>
  personCommand(x, "erase", { json: x.json, ledger: x.ledgerOut }, (o, context) =>
  Effect.gen(function* () {
    const vault = yield* PersonalDataVault.PersonalDataVault
    const r = yield* vault.erase(o.person, context)
    if (Option.isSome(o.ledger)) yield* appendLedger(o.ledger.value, ErasureLedger.line(r))
    if (o.json) return yield* printJson({ personId: r.personId, erasedAt: r.erasedAt.toISOString(), alreadyErased: r.alreadyErased, status: r.status })
    const m = yield* say
    yield* Console.log(
      r.alreadyErased ? m("store.already-erased", { person: r.personId, at: r.erasedAt.toISOString() }) : m("store.erased", { person: r.personId })
    )
    if (r.status === "pending") yield* Console.error(m("store.erase-pending"))
  })
).pipe(Command.withDescription(x.h("describe.store.erase")))

const printable = (text: string) => AccessLog.printable(text)

/** JSON as it may be shown: `JSON.stringify` escapes the C0 controls in strings; the rest are escaped here, the indentation's line breaks kept. */
const printableJson = (value: unknown): string => AccessLog.printable(JSON.stringify(value, null, 2), "\n")

const optional = <A>(o: Options.Options<A>) => Options.optional(o)

const accessLog = (x: StoreOptions) =>
  Command.make(
  "access-log",
  { db: x.db, schema: x.schema, json: x.json, verify: x.verify, person: optional(x.person), actor: optional(x.actor), purpose: optional(x.purpose), basis: optional(x.basis), lang: x.lang },
  (o) =>
    report(
      Effect.zipRight(
        existingStore(o.db),
        Effect.flatMap(keyring, (k) =>
        Effect.provide(
          Effect.gen(function* () {
            const m: Say = yield* say
            const log = yield* AccessLog.AccessLog
            if (o.verify) {
              const v = yield* log.verify
              if (o.json) yield* printJson(v)
              if (v.broken !== null) {
                return yield* new CommandFailed({ message: m("store.log-broken", { id: v.broken.id, reason: v.broken.reason, checked: v.checked }) })
              }
              if (!o.json) yield* Console.log(m("store.log-intact", { checked: v.checked, head: v.head }))
              return
            }
            if (Option.isNone(o.person) || Option.isNone(o.actor) || Option.isNone(o.purpose) || Option.isNone(o.basis)) {
              return yield* new BadInput({ message: m("store.access-log-needs") })
            }
            const entries = yield* log.forPerson(o.person.value, { actor: o.actor.value, purpose: o.purpose.value, legalBasis: o.basis.value })
            if (o.json) return yield* Console.log(printableJson(entries.map((e) => ({ ...e, at: e.at.toISOString() }))))
            if (entries.length === 0) return yield* Console.log(m("store.no-access", { person: o.person.value }))
            yield* printTable(
              [m("store.when"), m("store.who"), m("store.action"), m("store.purpose"), m("store.basis"), m("store.recipient"), m("store.what")],
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
                    : `${e.range.streamId ?? m("store.all-streams")} #${e.range.from}–${e.range.to}${e.detail === null ? "" : ` (${e.detail})`}`
                ].map(printable)
              )
            )
          }),
          driverFor(o.db, o.schema).layer(k)
        )
        )
      )
    )
).pipe(Command.withDescription(x.h("describe.store.access-log")))


const sqliteOnly = (target: string, what: string): Effect.Effect<void, BadInput> =>
  isPostgres(target) ? Effect.flatMap(say, (m) => Effect.fail(new BadInput({ message: m("store.sqlite-only", { what }) }))) : Effect.void

const readLedger = (file: string): Effect.Effect<ReadonlyArray<ErasureLedger.Entry>, BadInput> =>
  Effect.flatMap(say, (m) =>
    Effect.flatMap(
      Effect.try({ try: () => readFileSync(file, "utf8"), catch: (e) => new BadInput({ message: m("store.ledger-unreadable", { file, code: (e as NodeJS.ErrnoException).code ?? "error" }) }) }),
      (text) =>
        Either.match(ErasureLedger.parse(text), {
          onLeft: (e) => Effect.fail(new BadInput({ message: m("store.ledger-bad", { file, field: e.field, expected: e.expected }) })),
          onRight: Effect.succeed
        })
    )
  )

/** The ledger to re-apply: `--ledger`, or none only when `--no-ledger` says so. */
const ledgerOf = (o: { readonly ledger: Option.Option<string>; readonly noLedger: boolean }) =>
  Option.isSome(o.ledger)
    ? readLedger(o.ledger.value)
    : o.noLedger
      ? Effect.succeed([])
      : Effect.flatMap(say, (m) => Effect.fail(new BadInput({ message: m("store.ledger-needed") })))

const backup = (x: StoreOptions) =>
  Command.make("backup", { db: x.db, to: x.to, json: x.json, lang: x.lang }, (o) =>
  report(
    Effect.gen(function* () {
      yield* sqliteOnly(o.db, "backup")
      yield* existingStore(o.db)
      const r = yield* SqliteEventStore.backup({ filename: o.db, to: o.to })
      if (o.json) return yield* printJson(r)
      yield* Console.log((yield* say)("store.backed-up", { store: o.db, file: r.file, pages: r.pages }))
    })
  )
).pipe(Command.withDescription(x.h("describe.store.backup")))

const restore = (x: StoreOptions) =>
  Command.make("restore", { db: x.db, from: x.from, ledger: x.ledgerIn, noLedger: x.noLedger, actor: x.actor, purpose: x.purpose, basis: x.basis, json: x.json, lang: x.lang }, (o) =>
  report(
    Effect.gen(function* () {
      yield* sqliteOnly(o.db, "restore")
      const ledger = yield* ledgerOf(o)
      const k = yield* keyring
      const r = yield* SqliteEventStore.restore({ from: o.from, filename: o.db, keyring: k, ledger, context: { actor: o.actor, purpose: o.purpose, legalBasis: o.basis } })
      if (o.json) return yield* printJson(r)
      const m = yield* say
      yield* Console.log(m("store.restored", { from: o.from, file: r.file, again: r.erasedAgain.length, already: r.alreadyErased.length }))
      if (r.pending) yield* Console.error(m("store.restore-pending"))
    })
  )
).pipe(Command.withDescription(x.h("describe.store.restore")))

const reapplyErasures = (x: StoreOptions) =>
  Command.make("reapply-erasures", { db: x.db, schema: x.schema, ledger: x.ledgerIn, actor: x.actor, purpose: x.purpose, basis: x.basis, json: x.json, lang: x.lang }, (o) =>
  report(
    Effect.gen(function* () {
      if (Option.isNone(o.ledger)) return yield* new BadInput({ message: (yield* say)("store.ledger-to-reapply") })
      yield* existingStore(o.db)
      const ledger = yield* readLedger(o.ledger.value)
      const k = yield* keyring
      const r = yield* Effect.provide(ErasureLedger.reapply(ledger, { actor: o.actor, purpose: o.purpose, legalBasis: o.basis }), driverFor(o.db, o.schema).layer(k))
      if (o.json) return yield* printJson(r)
      yield* Console.log((yield* say)("store.reapplied", { again: r.erasedAgain.length, already: r.alreadyErased.length }))
    })
  )
).pipe(Command.withDescription(x.h("describe.store.reapply-erasures")))

const erasures = (x: StoreOptions) =>
  Command.make("erasures", { db: x.db, schema: x.schema, out: x.out, lang: x.lang }, (o) =>
  report(
    Effect.gen(function* () {
      yield* existingStore(o.db)
      const k = yield* keyring
      const entries = yield* Effect.provide(ErasureLedger.read.pipe(AccessLog.actingAs(AccessLog.system("erasure-ledger"))), driverFor(o.db, o.schema).layer(k))
      const text = entries.map(ErasureLedger.line).join("")
      if (Option.isNone(o.out)) return yield* Console.log(text.trimEnd())
      yield* writeText(o.out.value, text, 0o600)
      yield* Console.error((yield* say)("store.wrote-erasures", { count: entries.length, file: o.out.value }))
    })
  )
).pipe(Command.withDescription(x.h("describe.store.erasures")))

/** `vertaistuki store`, its help in `h`'s language. */
export const store = (h: Say) => {
  const x = optionsIn(h)
  return Command.make("store").pipe(
    Command.withDescription(h("describe.store")),
    Command.withSubcommands([migrate(x), exportCmd(x), erase(x), accessLog(x), backup(x), restore(x), reapplyErasures(x), erasures(x)])
  )
}
