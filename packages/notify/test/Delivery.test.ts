import { Either } from "effect"
import fc from "fast-check"
import { DateTime } from "luxon"
import { describe, expect, it } from "vitest"
import { Delivery } from "@vertaistuki/notify"

const t0 = DateTime.fromISO("2026-05-12T10:00:00Z")
const deadline = "2026-05-13T10:00:00.000Z"
const fresh = () => Delivery.initial({ deliveryId: "d-1", deliverAt: t0.toUTC().toISO()!, deadline })
const run = (state: Delivery.State, command: Delivery.Command, now: DateTime, config?: Delivery.Config): Delivery.State => {
  const r = Delivery.step(command, state, now, config)
  if (Either.isLeft(r)) throw new Error(r.left.message)
  return r.right.state
}
const transient = (jitter = 0.5, retryAfterMillis?: number): Delivery.Command => ({ _tag: "Fail", reason: "Unavailable", retryable: true, jitter, ...(retryAfterMillis === undefined ? {} : { retryAfterMillis }) })

describe("Delivery", () => {
  it("claim then succeed: sent, one attempt, provider id and consent record kept", () => {
    const s = run(run(fresh(), { _tag: "Claim" }, t0), { _tag: "Succeed", providerMessageId: "m-1", consentRecordId: "c-1" }, t0)
    expect(s).toMatchObject({ status: "sent", attempts: 1, providerMessageId: "m-1", consentRecordId: "c-1", nextAttemptAt: null })
  })

  it("a transient failure backs off exponentially, scaled by the jitter, and honours Retry-After", () => {
    const c = Delivery.defaultConfig
    expect(Delivery.backoffMillis(1, undefined, 0, c)).toBe(15_000)
    expect(Delivery.backoffMillis(1, undefined, 1, c)).toBe(30_000)
    expect(Delivery.backoffMillis(3, undefined, 1, c)).toBe(120_000)
    expect(Delivery.backoffMillis(30, undefined, 1, c)).toBe(c.maxDelayMillis)
    expect(Delivery.backoffMillis(1, 600_000, 0, c)).toBe(600_000)
    let s = run(fresh(), { _tag: "Claim" }, t0)
    s = run(s, transient(1), t0)
    expect(s).toMatchObject({ status: "pending", attempts: 1, nextAttemptAt: "2026-05-12T10:00:30.000Z", lastError: { reason: "Unavailable" } })
    const early = Delivery.decide({ _tag: "Claim" }, s, t0.plus({ seconds: 29 }))
    expect(Either.isLeft(early) && early.left.field).toBe("nextAttemptAt")
    s = run(s, { _tag: "Claim" }, t0.plus({ seconds: 30 }))
    s = run(s, transient(1, 120_000), t0.plus({ seconds: 30 }))
    expect(s.nextAttemptAt).toBe("2026-05-12T10:02:30.000Z")
  })

  it("a permanent error stops; out of attempts parks; requeue gives a new round", () => {
    const failed = run(run(fresh(), { _tag: "Claim" }, t0), { _tag: "Fail", reason: "InvalidRecipient", retryable: false, code: 400, jitter: 0 }, t0)
    expect(failed).toMatchObject({ status: "failed", attempts: 1, lastError: { reason: "InvalidRecipient", code: 400 } })
    const config = { ...Delivery.defaultConfig, maxAttempts: 3, baseDelayMillis: 1000 }
    let s = fresh()
    let now = t0
    for (let i = 0; i < 3; i++) {
      s = run(s, { _tag: "Claim" }, now)
      s = run(s, transient(0.3), now, config)
      now = now.plus({ hours: 1 })
    }
    expect(s).toMatchObject({ status: "parked", attempts: 3 })
    expect(Either.isLeft(Delivery.decide({ _tag: "Claim" }, s, now))).toBe(true)
    s = run(s, { _tag: "Requeue" }, now)
    expect(s).toMatchObject({ status: "pending", attempts: 0 })
    expect(Delivery.isDue(s, now)).toBe(true)
    expect(run(failed, { _tag: "Requeue" }, t0).status).toBe("pending")
  })

  it("nothing after the deadline: a retry that would come at or after it expires, a late claim or requeue too", () => {
    const close = Delivery.initial({ deliveryId: "d-2", deliverAt: t0.toUTC().toISO()!, deadline: t0.plus({ seconds: 20 }).toUTC().toISO()! })
    const s = run(run(close, { _tag: "Claim" }, t0), transient(1), t0)
    expect(s).toMatchObject({ status: "expired", reason: "retry-past-deadline" })
    expect(run(fresh(), { _tag: "Claim" }, DateTime.fromISO(deadline))).toMatchObject({ status: "expired", reason: "past-deadline" })
  })

  it("suppress, expire and defer come from the send check; defer uses no attempt; ended deliveries refuse commands", () => {
    const sending = run(fresh(), { _tag: "Claim" }, t0)
    expect(run(sending, { _tag: "Suppress", reason: "consent-withdrawn" }, t0)).toMatchObject({ status: "suppressed", reason: "consent-withdrawn" })
    expect(run(sending, { _tag: "Expire", reason: "past-deadline" }, t0)).toMatchObject({ status: "expired" })
    expect(run(sending, { _tag: "Defer", until: "2026-05-13T05:00:00.000Z" }, t0)).toMatchObject({ status: "pending", attempts: 0, nextAttemptAt: "2026-05-13T05:00:00.000Z" })
    expect(run(sending, { _tag: "Defer", until: deadline }, t0)).toMatchObject({ status: "expired", reason: "deferred-past-deadline" })
    const bad = Delivery.decide({ _tag: "Defer", until: "tomorrow" }, sending, t0)
    expect(Either.isLeft(bad) && bad.left.field).toBe("until")
    const badJitter = Delivery.decide(transient(1.5), sending, t0)
    expect(Either.isLeft(badJitter) && badJitter.left.field).toBe("jitter")
    const sent = run(sending, { _tag: "Succeed", providerMessageId: null, consentRecordId: null }, t0)
    for (const c of [{ _tag: "Claim" }, { _tag: "Succeed", providerMessageId: "x", consentRecordId: null }, transient(), { _tag: "Suppress", reason: "x" }, { _tag: "Requeue" }] as const) {
      const r = Delivery.decide(c, sent, t0)
      expect(Either.isLeft(r) && r.left.field).toBe("status")
    }
    // A claim whose lease ran out after a crash may be claimed again.
    expect(run(sending, { _tag: "Claim" }, t0.plus({ minutes: 5 })).status).toBe("sending")
  })

  const commandArb: fc.Arbitrary<Delivery.Command> = fc.oneof(
    fc.constant({ _tag: "Claim" as const }),
    fc.record({ _tag: fc.constant("Succeed" as const), providerMessageId: fc.option(fc.string(), { nil: null }), consentRecordId: fc.option(fc.constant("c-1"), { nil: null }) }),
    fc.record({
      _tag: fc.constant("Fail" as const),
      reason: fc.constantFrom("Rejected", "InvalidRecipient", "RateLimited", "Unavailable", "Timeout", "Malformed", "Misconfigured") as fc.Arbitrary<"Rejected">,
      retryable: fc.boolean(),
      retryAfterMillis: fc.option(fc.integer({ min: 0, max: 7_200_000 }), { nil: undefined }),
      jitter: fc.double({ min: 0, max: 1, noNaN: true })
    }),
    fc.constant({ _tag: "Suppress" as const, reason: "consent-withdrawn" }),
    fc.constant({ _tag: "Expire" as const, reason: "past-deadline" }),
    fc.integer({ min: 0, max: 40 * 3600 }).map((s) => ({ _tag: "Defer" as const, until: t0.plus({ seconds: s }).toUTC().toISO()! })),
    fc.constant({ _tag: "Requeue" as const })
  )

  it("property: under any commands at any times, at most one Sent, never at or after the deadline, attempts bounded, ends stay ended", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(commandArb, fc.integer({ min: 0, max: 7200 })), { maxLength: 40 }), (steps) => {
        const config = Delivery.defaultConfig
        let s = fresh()
        let now = t0
        let sent = 0
        for (const [command, wait] of steps) {
          now = now.plus({ seconds: wait })
          // the dispatcher claims only due deliveries
          const due = command._tag !== "Claim" || s.status !== "pending" || Delivery.isDue(s, now)
          if (!due) continue
          const before = s
          const r = Delivery.step(command, s, now, config)
          if (Either.isLeft(r)) {
            expect(r.left._tag).toBe("DeliveryError")
            continue
          }
          s = r.right.state
          for (const e of r.right.events) {
            if (e._tag === "Sent") {
              sent++
              expect(now.toMillis()).toBeLessThan(DateTime.fromISO(deadline).toMillis())
            }
          }
          if (["sent", "suppressed", "expired"].includes(before.status)) expect(s).toEqual(before)
          expect(s.attempts).toBeLessThanOrEqual(config.maxAttempts)
          if (s.status === "pending" && s.nextAttemptAt !== null) expect(DateTime.fromISO(s.nextAttemptAt).toMillis()).toBeLessThan(DateTime.fromISO(deadline).toMillis())
          if (s.status === "sending") expect(before.status === "pending" || before.status === "sending").toBe(true)
        }
        expect(sent).toBeLessThanOrEqual(1)
      }),
      { numRuns: 500 }
    )
  })

  it("property: the wait grows with the attempts, stays within the cap (or Retry-After), and never undercuts Retry-After", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 20 }), fc.double({ min: 0, max: 1, noNaN: true }), fc.option(fc.integer({ min: 1, max: 10_000_000 }), { nil: undefined }), (n, j, ra) => {
        const c = Delivery.defaultConfig
        const w = Delivery.backoffMillis(n, ra, j, c)
        expect(w).toBeGreaterThanOrEqual(ra ?? 0)
        expect(w).toBeLessThanOrEqual(Math.max(c.maxDelayMillis, ra ?? 0))
        expect(w).toBeGreaterThanOrEqual(Math.min(c.maxDelayMillis, c.baseDelayMillis * 2 ** (n - 1)) / 2)
        expect(Delivery.backoffMillis(n + 1, undefined, j, c)).toBeGreaterThanOrEqual(Delivery.backoffMillis(n, undefined, j, c))
        expect(Delivery.nextAttemptAt(n, ra, j, t0, c).toMillis() - t0.toMillis()).toBe(w)
      })
    )
  })
})
