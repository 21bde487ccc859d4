import * as SqlClient from "@effect/sql/SqlClient"
import { MasterKey } from "@vertaistuki/store"
import { PgEventStore } from "@vertaistuki/store-postgres"
import { Effect, Either, Layer, Redacted } from "effect"
import { afterAll, describe, expect, it } from "vitest"
import { dropSchemas, freshSchema, skip, url } from "../../store-postgres/test/pg.js"
import * as Accounts from "../src/Accounts.js"
import { actorFixture } from "./fixtures.js"

afterAll(dropSchemas)
const secret = Redacted.make("correct horse battery staple")

describe.skipIf(skip)("Accounts on PostgreSQL", () => {
  it("keeps accounts and sessions in the store's schema, over the store's pool: create, sign in, resolve, sign out, two instances", async () => {
    const schema = freshSchema()
    const keyring = MasterKey.unsafeKeyring(MasterKey.generate())
    const layer = () => Accounts.layer({ schema, scryptCost: 1024 }).pipe(Layer.provideMerge(PgEventStore.layerWithClient({ url, schema, keyring })))
    const signedIn = await Effect.runPromise(
      Effect.provide(
        Effect.gen(function* () {
          const accounts = yield* Accounts.Accounts
          yield* accounts.create({ username: "coordinator", password: secret, actor: actorFixture("coordinator") })
          return yield* accounts.signIn({ username: "coordinator", password: secret, address: "10.1.1.1" })
        }),
        layer()
      )
    )
    // A second instance (its own pool) on the same database sees the session and ends it.
    await Effect.runPromise(
      Effect.provide(
        Effect.gen(function* () {
          const accounts = yield* Accounts.Accounts
          expect((yield* accounts.resolve(signedIn.token)).account.actor.role).toBe("coordinator")
          yield* accounts.signOut(signedIn.token)
          const after = yield* Effect.either(accounts.resolve(signedIn.token))
          expect(Either.isLeft(after) && after.left._tag).toBe("NoSession")
          expect((yield* accounts.list).map((a) => a.username)).toEqual(["coordinator"])
        }),
        layer()
      )
    )
  })

  it("counts failed sign-ins across instances: failures on one reach the limit on the other, and no address is stored", async () => {
    const schema = freshSchema()
    const keyring = MasterKey.unsafeKeyring(MasterKey.generate())
    const layer = () =>
      Accounts.layer({ schema, scryptCost: 1024, maxFailuresPerAccount: 4 }).pipe(Layer.provideMerge(PgEventStore.layerWithClient({ url, schema, keyring })))
    const wrong = Redacted.make("not the passphrase at all")
    const attempt = (address: string, password = wrong) =>
      Effect.flatMap(Accounts.Accounts, (accounts) => Effect.either(accounts.signIn({ username: "leader", password, address })))
    await Effect.runPromise(
      Effect.provide(
        Effect.gen(function* () {
          yield* (yield* Accounts.Accounts).create({ username: "leader", password: secret, actor: actorFixture("coordinator") })
          for (const address of ["10.2.0.1", "10.2.0.2"]) expect(Either.isLeft(yield* attempt(address))).toBe(true)
        }),
        layer()
      )
    )
    const [third, fourth, fifth] = await Effect.runPromise(
      Effect.provide(
        Effect.gen(function* () {
          const sql = yield* SqlClient.SqlClient
          const stored = yield* sql<{ key: string }>`SELECT failure_key AS "key" FROM ${sql.literal(`"${schema}"."api_sign_in_failures"`)}`
          expect(stored).toHaveLength(4)
          expect(stored.some((r) => r.key.includes("10.2.0"))).toBe(false)
          return [yield* attempt("10.2.0.3"), yield* attempt("10.2.0.4"), yield* attempt("10.2.0.5", secret)] as const
        }),
        layer()
      )
    )
    expect([third, fourth].map((r) => Either.isLeft(r) && r.left._tag)).toEqual(["InvalidCredentials", "InvalidCredentials"])
    // The right passphrase, but the account has had its 4 failures on the two instances together.
    expect(Either.isLeft(fifth) && fifth.left._tag).toBe("TooManyAttempts")
  })
})
