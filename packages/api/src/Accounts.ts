/**
 * Local accounts for the example app: a user name, a password hashed with scrypt (`node:crypto`, a random
 * salt per password, compared in constant time) and the `Actor` the account signs in as; and the sign-in
 * sessions of those accounts.
 *
 * Both live in the store's own database, in two tables this module creates through the store's SQL
 * connection (`api_accounts`, `api_sign_in_sessions`; in PostgreSQL in the store's schema): sign-in is the
 * example's concern, not the event store's, and a region that brings its own identity provider never gets
 * these tables. The adapters' `layerWithClient` gives the store's services and the `SqlClient` they share.
 *
 * A session is a random token (`crypto.randomBytes`, 32 bytes) that only the browser's cookie holds: the
 * table keeps its SHA-256, so a copy of the database signs nobody in. Each sign-in makes a new session (a
 * token sent by the browser before is never adopted: no fixation), each session expires (`sessionTtl`,
 * absolute), and signing out deletes its row. The CSRF token of a session is an HMAC of its token, so it is
 * bound to the session and needs no storage.
 *
 * Sign-in attempts are limited per account and per address (failures within a window); beyond the limit
 * `signIn` fails with `TooManyAttempts` and the number of seconds to wait. The failures are kept in the
 * database under hashed keys (no address is stored), so several instances on one database count them together.
 *
 * @since 0.1.0
 */
import { createHash, createHmac, randomBytes, randomUUID, scrypt, timingSafeEqual } from "node:crypto"
import * as SqlClient from "@effect/sql/SqlClient"
import type { SqlError } from "@effect/sql/SqlError"
import { Clock, Context, Data, Duration, Effect, Layer, Option, Redacted, Schema } from "effect"
import { Actor } from "./Authorization.js"

/**
 * A local account as the API sees it (never its password hash).
 *
 * @category models
 */
export interface Account {
  readonly accountId: string
  readonly username: string
  readonly actor: Actor
}

/**
 * A signed-in session: whose it is, its CSRF token and when it ends.
 *
 * @category models
 */
export interface Session {
  readonly account: Account
  /** The token to echo in a form field (`csrf`) or the `x-csrf-token` header on every state-changing request. */
  readonly csrfToken: string
  readonly expiresAt: Date
}

/**
 * What a successful sign-in returns: the new session and its token, to be set as the cookie (`cookie`).
 *
 * @category models
 */
export interface SignedIn extends Session {
  readonly token: Redacted.Redacted<string>
}

/**
 * A user name and password that do not match an account (the same error for an unknown name, so that
 * names cannot be probed).
 *
 * @category errors
 */
export class InvalidCredentials extends Data.TaggedError("InvalidCredentials")<{}> {
  override get message(): string {
    return "the user name or the password is wrong"
  }
}

/**
 * Too many failed sign-ins for the account or from the address; try again after `retryAfterSeconds`.
 *
 * @category errors
 */
export class TooManyAttempts extends Data.TaggedError("TooManyAttempts")<{ readonly retryAfterSeconds: number }> {
  override get message(): string {
    return `too many sign-in attempts; try again in ${this.retryAfterSeconds} s`
  }
}

/**
 * No session for the token: never signed in, signed out or expired (`reason`).
 *
 * @category errors
 */
export class NoSession extends Data.TaggedError("NoSession")<{ readonly reason: "missing" | "unknown" | "expired" }> {}

/**
 * An account that cannot be created: the user name is taken or a field is not acceptable.
 *
 * @category errors
 */
export class AccountRefused extends Data.TaggedError("AccountRefused")<{ readonly field: string; readonly expected: string }> {
  override get message(): string {
    return `${this.field}: expected ${this.expected}`
  }
}

/**
 * The database could not be used; carries the driver's error as its cause, never input.
 *
 * @category errors
 */
export class AccountsUnavailable extends Data.TaggedError("AccountsUnavailable")<{ readonly cause: unknown }> {
  override get message(): string {
    return "the accounts database is unavailable"
  }
}

/**
 * The accounts service.
 *
 * @category models
 */
export interface Service {
  /** Creates an account; the password is hashed before anything is stored. */
  readonly create: (input: {
    readonly username: string
    readonly password: Redacted.Redacted<string>
    readonly actor: Actor
  }) => Effect.Effect<Account, AccountRefused | AccountsUnavailable>
  /** Checks the password and opens a new session (`address`: the client's, for the rate limit). */
  readonly signIn: (input: {
    readonly username: string
    readonly password: Redacted.Redacted<string>
    readonly address: string
  }) => Effect.Effect<SignedIn, InvalidCredentials | TooManyAttempts | AccountsUnavailable>
  /** The live session of a token. */
  readonly resolve: (token: Redacted.Redacted<string>) => Effect.Effect<Session, NoSession | AccountsUnavailable>
  /** Deletes the session of a token (nothing if there is none). */
  readonly signOut: (token: Redacted.Redacted<string>) => Effect.Effect<void, AccountsUnavailable>
  /** The accounts, by user name. */
  readonly list: Effect.Effect<ReadonlyArray<Account>, AccountsUnavailable>
  /** Deletes sessions that have expired; returns how many. */
  readonly purgeExpired: Effect.Effect<number, AccountsUnavailable>
}

/**
 * The accounts service's tag.
 *
 * @category models
 */
export class Accounts extends Context.Tag("@vertaistuki/api/Accounts")<Accounts, Service>() {}

/**
 * Settings of the accounts layer.
 *
 * @category models
 */
export interface Options {
  /** PostgreSQL: the schema the store's tables are in (default `vertaistuki`). Ignored on SQLite. */
  readonly schema?: string | undefined
  /** How long a session lasts from sign-in (default 8 hours). */
  readonly sessionTtl?: Duration.DurationInput | undefined
  /** Failed sign-ins allowed per account within `attemptWindow` (default 5). */
  readonly maxFailuresPerAccount?: number | undefined
  /** Failed sign-ins allowed per address within `attemptWindow` (default 20). */
  readonly maxFailuresPerAddress?: number | undefined
  /** The window of the rate limit (default 15 minutes). */
  readonly attemptWindow?: Duration.DurationInput | undefined
  /** scrypt's cost parameter N (a power of two; default 16384). */
  readonly scryptCost?: number | undefined
}

/** The name of the session cookie. @category models */
export const cookieName = "vertaistuki_session"

/** The form field that carries the CSRF token in HTML forms. @category models */
export const csrfField = "csrf"

/** The header that carries the CSRF token from API clients. @category models */
export const csrfHeader = "x-csrf-token"

const KEY_LENGTH = 32

const scryptAsync = (password: string, salt: Buffer, cost: number): Effect.Effect<Buffer> =>
  Effect.async<Buffer>((resume) => {
    scrypt(password, salt, KEY_LENGTH, { N: cost, r: 8, p: 1, maxmem: 256 * cost * 8 }, (error, key) => {
      if (error) resume(Effect.die(error))
      else resume(Effect.succeed(key))
    })
  })

/**
 * Hashes a password: `scrypt$N$r$p$salt$key` (salt and key in base64url).
 *
 * @category constructors
 */
export const hashPassword = (password: Redacted.Redacted<string>, cost = 16384): Effect.Effect<string> =>
  Effect.suspend(() => {
    const salt = randomBytes(16)
    return Effect.map(scryptAsync(Redacted.value(password), salt, cost), (key) => `scrypt$${cost}$8$1$${salt.toString("base64url")}$${key.toString("base64url")}`)
  })

/**
 * Whether a password matches a hash made by `hashPassword` (compared in constant time).
 *
 * @category guards
 */
export const verifyPassword = (password: Redacted.Redacted<string>, hash: string): Effect.Effect<boolean> =>
  Effect.suspend(() => {
    const [scheme, n, r, p, salt, key] = hash.split("$")
    const cost = Number(n)
    if (scheme !== "scrypt" || r !== "8" || p !== "1" || !Number.isInteger(cost) || cost < 2 || salt === undefined || key === undefined) {
      return Effect.succeed(false)
    }
    const expected = Buffer.from(key, "base64url")
    return Effect.map(scryptAsync(Redacted.value(password), Buffer.from(salt, "base64url"), cost), (actual) => actual.length === expected.length && timingSafeEqual(actual, expected))
  })

/**
 * The CSRF token of a session token: HMAC-SHA256 keyed by the token, so it changes with every session.
 *
 * @category constructors
 */
export const csrfTokenOf = (token: Redacted.Redacted<string>): string =>
  createHmac("sha256", Redacted.value(token)).update("vertaistuki-csrf-v1").digest("base64url")

/**
 * Whether `presented` is the CSRF token `expected` (constant time).
 *
 * @category guards
 */
export const csrfMatches = (expected: string, presented: string | undefined): boolean => {
  if (presented === undefined) return false
  const a = Buffer.from(expected)
  const b = Buffer.from(presented)
  return a.length === b.length && timingSafeEqual(a, b)
}

const tokenHash = (token: Redacted.Redacted<string>): string => createHash("sha256").update(Redacted.value(token)).digest("hex")

const USERNAME = /^[a-z0-9][a-z0-9._@-]{0,99}$/

interface AccountRow {
  readonly accountId: string
  readonly username: string
  readonly passwordHash: string
  readonly actor: string
}

const decodeActor = Schema.decodeUnknownSync(Schema.parseJson(Actor))
const encodeActor = Schema.encodeSync(Schema.parseJson(Actor))

const SCHEMA = /^[a-z_][a-z0-9_]*$/

/**
 * Builds the service over the current `SqlClient`, creating its tables when missing.
 *
 * @category constructors
 */
export const make = (options: Options = {}): Effect.Effect<Service, AccountsUnavailable, SqlClient.SqlClient> =>
  Effect.gen(function* () {
    const sql = yield* SqlClient.SqlClient
    const schema = options.schema ?? "vertaistuki"
    if (!SCHEMA.test(schema)) return yield* Effect.dieMessage("Accounts: schema must be a lower-case SQL identifier")
    const t = (name: string) => sql.onDialectOrElse({ pg: () => `"${schema}"."${name}"`, orElse: () => name })
    const accounts = t("api_accounts")
    const sessions = t("api_sign_in_sessions")
    const failed = t("api_sign_in_failures")
    const unavailable = (cause: SqlError) => new AccountsUnavailable({ cause })
    const ttl = Duration.toMillis(options.sessionTtl ?? Duration.hours(8))
    const windowMillis = Duration.toMillis(options.attemptWindow ?? Duration.minutes(15))
    const maxPerAccount = options.maxFailuresPerAccount ?? 5
    const maxPerAddress = options.maxFailuresPerAddress ?? 20
    const cost = options.scryptCost ?? 16384

    yield* Effect.gen(function* () {
      if (sql.onDialectOrElse({ pg: () => true, orElse: () => false })) yield* sql.unsafe(`CREATE SCHEMA IF NOT EXISTS "${schema}"`)
      yield* sql.unsafe(`CREATE TABLE IF NOT EXISTS ${accounts} (
        account_id TEXT PRIMARY KEY,
        username TEXT NOT NULL UNIQUE,
        password_hash TEXT NOT NULL,
        actor TEXT NOT NULL,
        created_at BIGINT NOT NULL
      )`)
      yield* sql.unsafe(`CREATE TABLE IF NOT EXISTS ${sessions} (
        token_hash TEXT PRIMARY KEY,
        account_id TEXT NOT NULL REFERENCES ${accounts} (account_id) ON DELETE CASCADE,
        created_at BIGINT NOT NULL,
        expires_at BIGINT NOT NULL
      )`)
      yield* sql.unsafe(`CREATE INDEX IF NOT EXISTS api_sign_in_sessions_expiry ON ${sessions} (expires_at)`)
      // Failed sign-ins by key (an account's name or an address, hashed): shared by every instance on the database.
      yield* sql.unsafe(`CREATE TABLE IF NOT EXISTS ${failed} (
        failure_key TEXT NOT NULL,
        failed_at BIGINT NOT NULL
      )`)
      yield* sql.unsafe(`CREATE INDEX IF NOT EXISTS api_sign_in_failures_key ON ${failed} (failure_key, failed_at)`)
      yield* sql.unsafe(`CREATE INDEX IF NOT EXISTS api_sign_in_failures_time ON ${failed} (failed_at)`)
    }).pipe(
      // Two instances starting on one fresh PostgreSQL database may race on CREATE … IF NOT EXISTS.
      Effect.retry({ times: 2 }),
      Effect.mapError(unavailable)
    )

    const toAccount = (r: AccountRow): Account => ({ accountId: r.accountId, username: r.username, actor: decodeActor(r.actor) })

    // Failures per key, in the database so that every instance counts them: an account's name or an
    // address, hashed (no address is kept), and the times of its failures within the window.
    const keyOf = (kind: "account" | "address", value: string) => `${kind}:${createHash("sha256").update(value).digest("hex")}`
    const blockedFor = (key: string, max: number, now: number): Effect.Effect<number, AccountsUnavailable> =>
      Effect.map(
        sql<{ at: number | string }>`SELECT failed_at AS "at" FROM ${sql.literal(failed)}
          WHERE failure_key = ${key} AND failed_at > ${now - windowMillis} ORDER BY failed_at DESC LIMIT ${max}`.pipe(Effect.mapError(unavailable)),
        (rows) => (rows.length < max ? 0 : Math.max(1, Math.ceil((Number(rows[rows.length - 1]!.at) + windowMillis - now) / 1000)))
      )
    const fail = (keys: ReadonlyArray<string>, now: number): Effect.Effect<void, AccountsUnavailable> =>
      sql
        .withTransaction(
          Effect.zipRight(
            sql`DELETE FROM ${sql.literal(failed)} WHERE failed_at <= ${now - windowMillis}`,
            Effect.forEach(keys, (key) => sql`INSERT INTO ${sql.literal(failed)} (failure_key, failed_at) VALUES (${key}, ${now})`, { discard: true })
          )
        )
        .pipe(Effect.mapError(unavailable))
    // The same cost for an unknown name as for a wrong password.
    const dummyHash = yield* hashPassword(Redacted.make(randomUUID()), cost)

    const service: Service = {
      create: ({ username, password, actor }) =>
        Effect.gen(function* () {
          const name = username.trim().toLowerCase()
          if (!USERNAME.test(name)) return yield* new AccountRefused({ field: "username", expected: "1 to 100 of a-z, 0-9, . _ @ -, starting with a letter or digit" })
          if (Redacted.value(password).length < 12) return yield* new AccountRefused({ field: "password", expected: "at least 12 characters" })
          const [taken] = yield* sql<{ n: number }>`SELECT COUNT(*) AS n FROM ${sql.literal(accounts)} WHERE username = ${name}`.pipe(Effect.mapError(unavailable))
          if (Number(taken?.n ?? 0) > 0) return yield* new AccountRefused({ field: "username", expected: "a user name not taken" })
          const passwordHash = yield* hashPassword(password, cost)
          const accountId = randomUUID()
          const now = yield* Clock.currentTimeMillis
          yield* sql`INSERT INTO ${sql.literal(accounts)} (account_id, username, password_hash, actor, created_at)
            VALUES (${accountId}, ${name}, ${passwordHash}, ${encodeActor(actor)}, ${now})`.pipe(Effect.mapError(unavailable))
          return { accountId, username: name, actor }
        }),

      signIn: ({ username, password, address }) =>
        Effect.gen(function* () {
          const now = yield* Clock.currentTimeMillis
          const name = username.trim().toLowerCase()
          const accountKey = keyOf("account", name)
          const addressKey = keyOf("address", address)
          const wait = Math.max(yield* blockedFor(accountKey, maxPerAccount, now), yield* blockedFor(addressKey, maxPerAddress, now))
          if (wait > 0) return yield* new TooManyAttempts({ retryAfterSeconds: wait })
          const [row] = yield* sql<AccountRow>`SELECT account_id AS "accountId", username, password_hash AS "passwordHash", actor
            FROM ${sql.literal(accounts)} WHERE username = ${name}`.pipe(Effect.mapError(unavailable))
          const ok = yield* verifyPassword(password, row?.passwordHash ?? dummyHash)
          if (!ok || row === undefined) {
            yield* fail([accountKey, addressKey], now)
            return yield* new InvalidCredentials()
          }
          yield* sql`DELETE FROM ${sql.literal(failed)} WHERE failure_key = ${accountKey}`.pipe(Effect.mapError(unavailable))
          const token = Redacted.make(randomBytes(32).toString("base64url"))
          const expiresAt = now + ttl
          yield* sql`INSERT INTO ${sql.literal(sessions)} (token_hash, account_id, created_at, expires_at)
            VALUES (${tokenHash(token)}, ${row.accountId}, ${now}, ${expiresAt})`.pipe(Effect.mapError(unavailable))
          return { account: toAccount(row), csrfToken: csrfTokenOf(token), expiresAt: new Date(expiresAt), token }
        }),

      resolve: (token) =>
        Effect.gen(function* () {
          if (Redacted.value(token).length === 0) return yield* new NoSession({ reason: "missing" })
          const now = yield* Clock.currentTimeMillis
          const [row] = yield* sql<AccountRow & { expiresAt: number | string }>`SELECT a.account_id AS "accountId", a.username, a.password_hash AS "passwordHash",
              a.actor, s.expires_at AS "expiresAt"
            FROM ${sql.literal(sessions)} s JOIN ${sql.literal(accounts)} a ON a.account_id = s.account_id
            WHERE s.token_hash = ${tokenHash(token)}`.pipe(Effect.mapError(unavailable))
          if (row === undefined) return yield* new NoSession({ reason: "unknown" })
          const expiresAt = Number(row.expiresAt)
          if (expiresAt <= now) {
            yield* sql`DELETE FROM ${sql.literal(sessions)} WHERE token_hash = ${tokenHash(token)}`.pipe(Effect.mapError(unavailable))
            return yield* new NoSession({ reason: "expired" })
          }
          return { account: toAccount(row), csrfToken: csrfTokenOf(token), expiresAt: new Date(expiresAt) }
        }),

      signOut: (token) =>
        Effect.asVoid(sql`DELETE FROM ${sql.literal(sessions)} WHERE token_hash = ${tokenHash(token)}`.pipe(Effect.mapError(unavailable))),

      list: Effect.map(
        sql<AccountRow>`SELECT account_id AS "accountId", username, password_hash AS "passwordHash", actor FROM ${sql.literal(accounts)} ORDER BY username`.pipe(
          Effect.mapError(unavailable)
        ),
        (rows) => rows.map(toAccount)
      ),

      purgeExpired: Effect.flatMap(Clock.currentTimeMillis, (now) =>
        sql<{ n: number }>`SELECT COUNT(*) AS n FROM ${sql.literal(sessions)} WHERE expires_at <= ${now}`.pipe(
          Effect.zipLeft(sql`DELETE FROM ${sql.literal(sessions)} WHERE expires_at <= ${now}`),
          Effect.map(([r]) => Number(r?.n ?? 0)),
          Effect.mapError(unavailable)
        )
      )
    }
    return service
  })

/**
 * The accounts service as a layer over the store's `SqlClient`.
 *
 * @example
 * ```ts
 * import { MasterKey } from "@vertaistuki/store"
 * import { SqliteEventStore } from "@vertaistuki/store-sqlite"
 * import { Layer } from "effect"
 * import { Accounts } from "@vertaistuki/api"
 * const store = SqliteEventStore.layerWithClient({ filename: "app.sqlite", keyring: MasterKey.unsafeKeyring(MasterKey.generate()) })
 * const accounts = Accounts.layer().pipe(Layer.provideMerge(store))
 * ```
 *
 * @category layers
 */
export const layer = (options: Options = {}): Layer.Layer<Accounts, AccountsUnavailable, SqlClient.SqlClient> => Layer.effect(Accounts, make(options))

/**
 * The `Set-Cookie` options of the session cookie: `HttpOnly`, `SameSite=Strict`, `Path=/`, and `Secure`
 * unless `secure` is false (plain-HTTP development on 127.0.0.1).
 *
 * @category constructors
 */
export const cookieOptions = (secure: boolean, expiresAt?: Date) => ({
  httpOnly: true,
  sameSite: "strict" as const,
  secure,
  path: "/",
  ...(expiresAt === undefined ? {} : { expires: expiresAt })
})

/** @internal */
export const optionalToken = (value: string | undefined): Option.Option<Redacted.Redacted<string>> =>
  value === undefined || value.length === 0 ? Option.none() : Option.some(Redacted.make(value))
