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
})
