import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { MasterKey } from "@vertaistuki/store"
import { SqliteEventStore } from "@vertaistuki/store-sqlite"
import { Duration, Effect, Either, Layer, Redacted } from "effect"
import { afterAll, describe, expect, it } from "vitest"
import * as Accounts from "../src/Accounts.js"
import type { Actor } from "../src/Coordinator.js"
import { actorFixture } from "./fixtures.js"

const dir = mkdtempSync(join(tmpdir(), "vt-accounts-"))
afterAll(() => rmSync(dir, { recursive: true, force: true }))
let n = 0
const keyring = MasterKey.unsafeKeyring(MasterKey.generate())
const secret = Redacted.make("correct horse battery staple")

const run = <A, E>(program: Effect.Effect<A, E, Accounts.Accounts>, options: Accounts.Options = {}) =>
  Effect.runPromise(
    Effect.provide(
      program,
      Accounts.layer({ scryptCost: 1024, ...options }).pipe(Layer.provide(SqliteEventStore.layerWithClient({ filename: join(dir, `a-${n++}.sqlite`), keyring })))
    )
  )

const actor: Actor = actorFixture("coordinator")

describe("Accounts", () => {
  it("hashes a password with a random salt and verifies it in constant time", async () => {
    const a = await Effect.runPromise(Accounts.hashPassword(secret, 1024))
    const b = await Effect.runPromise(Accounts.hashPassword(secret, 1024))
    expect(a).not.toBe(b)
    expect(a).toMatch(/^scrypt\$1024\$8\$1\$/)
    expect(a).not.toContain("horse")
    expect(await Effect.runPromise(Accounts.verifyPassword(secret, a))).toBe(true)
    expect(await Effect.runPromise(Accounts.verifyPassword(Redacted.make("correct horse battery stapl"), a))).toBe(false)
    expect(await Effect.runPromise(Accounts.verifyPassword(secret, "md5$x"))).toBe(false)
  })

  it("signs in with a new random session each time, resolves it, and signing out deletes it", () =>
    run(
      Effect.gen(function* () {
        const accounts = yield* Accounts.Accounts
        yield* accounts.create({ username: "Coordinator@Demo", password: secret, actor })
        const first = yield* accounts.signIn({ username: "coordinator@demo", password: secret, address: "127.0.0.1" })
        const second = yield* accounts.signIn({ username: "coordinator@demo", password: secret, address: "127.0.0.1" })
        expect(Redacted.value(first.token)).not.toBe(Redacted.value(second.token))
        expect(Redacted.value(first.token)).toMatch(/^[A-Za-z0-9_-]{43}$/)
        expect(first.csrfToken).not.toBe(second.csrfToken)
        const resolved = yield* accounts.resolve(first.token)
        expect(resolved.account.actor).toEqual(actor)
        expect(resolved.csrfToken).toBe(first.csrfToken)
        yield* accounts.signOut(first.token)
        const after = yield* Effect.either(accounts.resolve(first.token))
        expect(Either.isLeft(after) && after.left._tag === "NoSession" && after.left.reason).toBe("unknown")
        expect(Either.isRight(yield* Effect.either(accounts.resolve(second.token)))).toBe(true)
        // A token never issued (a fixation attempt) resolves to nothing.
        const made = yield* Effect.either(accounts.resolve(Redacted.make("attacker-chosen-token")))
        expect(Either.isLeft(made) && made.left._tag === "NoSession" && made.left.reason).toBe("unknown")
      })
    ))

  it("an expired session is refused and its row deleted", () =>
    run(
      Effect.gen(function* () {
        const accounts = yield* Accounts.Accounts
        yield* accounts.create({ username: "leader", password: secret, actor })
        const s = yield* accounts.signIn({ username: "leader", password: secret, address: "10.0.0.1" })
        yield* Effect.sleep(Duration.millis(150))
        const r = yield* Effect.either(accounts.resolve(s.token))
        expect(Either.isLeft(r) && r.left._tag === "NoSession" && r.left.reason).toBe("expired")
        const again = yield* Effect.either(accounts.resolve(s.token))
        expect(Either.isLeft(again) && again.left._tag === "NoSession" && again.left.reason).toBe("unknown")
      }),
      { sessionTtl: Duration.millis(100) }
    ))

  it("the same error for an unknown name as for a wrong password, and a limit per account and per address", () =>
    run(
      Effect.gen(function* () {
        const accounts = yield* Accounts.Accounts
        yield* accounts.create({ username: "analyst", password: secret, actor })
        const unknown = yield* Effect.either(accounts.signIn({ username: "nobody", password: secret, address: "10.0.0.2" }))
        const wrong = yield* Effect.either(accounts.signIn({ username: "analyst", password: Redacted.make("guess guess guess"), address: "10.0.0.2" }))
        expect(Either.isLeft(unknown) && unknown.left._tag).toBe("InvalidCredentials")
        expect(Either.isLeft(wrong) && wrong.left._tag).toBe("InvalidCredentials")
        // Two more failures for the account reach its limit of 3, from other addresses.
        for (const address of ["10.0.0.3", "10.0.0.4"]) yield* Effect.either(accounts.signIn({ username: "analyst", password: Redacted.make("guess guess guess"), address }))
        const limited = yield* Effect.either(accounts.signIn({ username: "analyst", password: secret, address: "10.0.0.9" }))
        expect(Either.isLeft(limited) && limited.left._tag).toBe("TooManyAttempts")
        if (Either.isLeft(limited) && limited.left._tag === "TooManyAttempts") expect(limited.left.retryAfterSeconds).toBeGreaterThan(0)
        // The address 10.0.0.2 has 2 failures; with names it has not tried it reaches its limit of 4.
        for (const username of ["x1", "x2"]) yield* Effect.either(accounts.signIn({ username, password: secret, address: "10.0.0.2" }))
        const byAddress = yield* Effect.either(accounts.signIn({ username: "someone-else", password: secret, address: "10.0.0.2" }))
        expect(Either.isLeft(byAddress) && byAddress.left._tag).toBe("TooManyAttempts")
      }),
      { maxFailuresPerAccount: 3, maxFailuresPerAddress: 4 }
    ))

  it("refuses a taken user name and a short password, naming the field", () =>
    run(
      Effect.gen(function* () {
        const accounts = yield* Accounts.Accounts
        yield* accounts.create({ username: "dpo", password: secret, actor })
        const taken = yield* Effect.either(accounts.create({ username: "DPO", password: secret, actor }))
        expect(Either.isLeft(taken) && taken.left._tag === "AccountRefused" && taken.left.field).toBe("username")
        const short = yield* Effect.either(accounts.create({ username: "dpo2", password: Redacted.make("short"), actor }))
        expect(Either.isLeft(short) && short.left._tag === "AccountRefused" && short.left.field).toBe("password")
        expect((yield* accounts.list).map((a) => a.username)).toEqual(["dpo"])
      })
    ))
})
