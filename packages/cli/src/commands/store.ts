/**
 * `vertaistuki store migrate|export|erase|access-log`: operating the event store. `--db` is a SQLite
 * file (default `vertaistuki.sqlite` in the current folder) or a `postgres://` URL. The master key comes
 * from `VERTAISTUKI_MASTER_KEY` (base64 of 32 bytes); during a rotation the old keys are in
 * `VERTAISTUKI_PREVIOUS_MASTER_KEYS`. `export`, `erase` and `access-log` name who is acting, why and on
 * what legal basis (`--actor`, `--purpose`, `--basis`); that is written to the access log. See
 * docs/storage.md and docs/privacy.md.
 *
 * @since 0.1.0
 */
import { writeFileSync } from "node:fs"
import { Command, Options } from "@effect/cli"
import { AccessLog, MasterKey, PersonalDataVault, type StoreDriver, type StoreError } from "@vertaistuki/store"
import { PgEventStore } from "@vertaistuki/store-postgres"
import { SqliteEventStore } from "@vertaistuki/store-sqlite"
import { Console, Effect, type Layer, Option } from "effect"
import { BadInput, json, printJson, printTable } from "../Output.js"

const db = Options.text("db").pipe(
  Options.withDefault("vertaistuki.sqlite"),
  Options.withDescription("a SQLite file (default vertaistuki.sqlite) or a postgres:// URL")
)
const schema = Options.text("schema").pipe(Options.withDefault("vertaistuki"), Options.withDescription("PostgreSQL only: the schema of the tables"))
const person = Options.text("person").pipe(Options.withDescription("the pseudonymous id of the person"))
const actor = Options.text("actor").pipe(Options.withDescription("who is acting, e.g. a worker's user id (written to the access log)"))
const purpose = Options.text("purpose").pipe(Options.withDescription("why, e.g. client-request (written to the access log)"))
const basis = Options.text("basis").pipe(
  Options.withDescription("the legal basis, e.g. 'GDPR Art. 15' or 'Client Data Act 703/2023' (written to the access log)")
)
const out = Options.text("out").pipe(Options.optional, Options.withDescription("write the export to this file instead of stdout"))

const isPostgres = (target: string) => /^postgres(ql)?:\/\//.test(target)

const layerFor = (target: string, pgSchema: string) =>
  Effect.map(
    Effect.mapError(MasterKey.config(), (e) => new BadInput({ message: `the master key: ${String(e)} (set VERTAISTUKI_MASTER_KEY to base64 of 32 bytes)` })),
    (keyring): Layer.Layer<StoreDriver.Services, StoreError.StoreError | StoreError.InvalidInput> =>
      isPostgres(target) ? PgEventStore.layer({ url: target, schema: pgSchema, keyring }) : SqliteEventStore.layer({ filename: target, keyring })
  )

/** Store errors become messages: bad input exits 2, an unavailable or broken store exits 1. */
const report = <A, R>(effect: Effect.Effect<A, BadInput | StoreError.StoreError | StoreError.InvalidInput, R>): Effect.Effect<void, BadInput, R> =>
  effect.pipe(
    Effect.asVoid,
    Effect.catchTag("InvalidInput", (e) => Effect.fail(new BadInput({ message: e.message }))),
    Effect.catchTag("StoreError", (e) =>
      Effect.zipRight(
        Console.error(`vertaistuki: store ${e.reason.toLowerCase()}${e.retryable ? " (retryable)" : ""}: ${e.message}`),
        Effect.sync(() => {
          process.exitCode = 1
        })
      )
    )
  )

const withStore = <A, E, R>(target: string, pgSchema: string, effect: Effect.Effect<A, E, R>) =>
  Effect.flatMap(layerFor(target, pgSchema), (layer) => Effect.provide(effect, layer))

const migrate = Command.make("migrate", { db, schema, json }, ({ db, schema, json }) =>
  report(
    Effect.gen(function* () {
      const applied = isPostgres(db) ? yield* PgEventStore.migrate({ url: db, schema }) : yield* SqliteEventStore.migrate({ filename: db })
      if (json) return yield* printJson({ db: isPostgres(db) ? "postgres" : db, applied })
      yield* Console.log(
        applied.length === 0 ? `${isPostgres(db) ? "the database" : db} is up to date` : `applied: ${applied.map((m) => `${m.id}_${m.name}`).join(", ")}`
      )
    })
  )
).pipe(Command.withDescription("create or update the store's tables"))

const exportCmd = Command.make("export", { db, schema, person, actor, purpose, basis, out }, (o) =>
  report(
    withStore(
      o.db,
      o.schema,
      Effect.gen(function* () {
        const vault = yield* PersonalDataVault.PersonalDataVault
        const data = yield* vault.exportPerson(o.person, { actor: o.actor, purpose: o.purpose, legalBasis: o.basis })
        const text = JSON.stringify(data, null, 2)
        if (Option.isSome(o.out)) {
          const file = o.out.value
          yield* Effect.try({
            try: () => writeFileSync(file, `${text}\n`, { mode: 0o600 }),
            catch: (e) => new BadInput({ message: `${file}: cannot write (${(e as NodeJS.ErrnoException).code ?? String(e)})` })
          })
          yield* Console.error(`wrote ${data.events.length} events and ${data.accessLog.length} access-log entries to ${file}`)
        } else yield* Console.log(text)
      })
    )
  )
).pipe(Command.withDescription("everything held about a person, as JSON (GDPR Art. 15); logged as an export"))

const erase = Command.make("erase", { db, schema, person, actor, purpose, basis, json }, (o) =>
  report(
    withStore(
      o.db,
      o.schema,
      Effect.gen(function* () {
        const vault = yield* PersonalDataVault.PersonalDataVault
        const r = yield* vault.erase(o.person, { actor: o.actor, purpose: o.purpose, legalBasis: o.basis })
        if (o.json) return yield* printJson({ personId: r.personId, erasedAt: r.erasedAt.toISOString(), alreadyErased: r.alreadyErased })
        yield* Console.log(
          r.alreadyErased
            ? `${r.personId} was already erased on ${r.erasedAt.toISOString()}`
            : `${r.personId} erased: the data key is destroyed and no personal field of theirs can be read any more`
        )
      })
    )
  )
).pipe(Command.withDescription("erase a person by destroying their data key (crypto-shredding)"))

const accessLog = Command.make("access-log", { db, schema, person, actor, purpose, basis, json }, (o) =>
  report(
    withStore(
      o.db,
      o.schema,
      Effect.gen(function* () {
        const log = yield* AccessLog.AccessLog
        const entries = yield* log.forPerson(o.person, { actor: o.actor, purpose: o.purpose, legalBasis: o.basis })
        if (o.json) return yield* printJson(entries.map((e) => ({ ...e, at: e.at.toISOString() })))
        if (entries.length === 0) return yield* Console.log(`no access to ${o.person}'s data has been logged`)
        yield* printTable(
          ["when", "who", "action", "purpose", "legal basis", "recipient"],
          entries.map((e) => [e.at.toISOString(), e.actor, e.action, e.purpose, e.legalBasis, e.recipient ?? ""])
        )
      })
    )
  )
).pipe(Command.withDescription("who processed a person's data, when, why and on what basis (Client Data Act 703/2023)"))

/** `vertaistuki store`. */
export const store = Command.make("store").pipe(
  Command.withDescription("the event store: migrate, export or erase a person, read the access log"),
  Command.withSubcommands([migrate, exportCmd, erase, accessLog])
)
