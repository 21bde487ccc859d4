import { Effect, Ref } from "effect"
import { expect, it } from "vitest"
import { StoreError } from "../src/index.js"

it("retryOnConflict re-runs on ConcurrencyConflict and retryable StoreError, but not on other errors", async () => {
  const attempts = await Effect.runPromise(
    Effect.gen(function* () {
      const n = yield* Ref.make(0)
      yield* StoreError.retryOnConflict(
        Effect.flatMap(Ref.updateAndGet(n, (x) => x + 1), (x) =>
          x < 3 ? Effect.fail(new StoreError.ConcurrencyConflict({ streamId: "s", expectedVersion: 1, actualVersion: 2 })) : Effect.void
        ),
        { base: 1 }
      )
      return yield* Ref.get(n)
    })
  )
  expect(attempts).toBe(3)
  let tries = 0
  const err = await Effect.runPromise(
    Effect.flip(StoreError.retryOnConflict(Effect.suspend(() => {
      tries++
      return Effect.fail(StoreError.corrupt("bad"))
    }), { base: 1 }))
  )
  expect(err.reason).toBe("Corrupt")
  expect(tries).toBe(1)
})
