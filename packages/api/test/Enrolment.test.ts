import { InMemoryEventStore, MasterKey } from "@vertaistuki/store"
import { Effect, Layer, ManagedRuntime } from "effect"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { Coordinator } from "../src/index.js"
import { at, runner } from "./flow.js"
import { prepare } from "./setup.js"

const keyring = MasterKey.unsafeKeyring(MasterKey.generate())
const C = Coordinator.Coordinator

const step = fc.record({ kind: fc.constantFrom("enrol", "withdraw", "withdraw-consent", "decline"), who: fc.integer({ min: 0, max: 10 }) })

describe("enrolment through the Coordinator (property)", () => {
  it("after any sequence of enrolments, withdrawals, withdrawn consents and declines: the group's count is its members', never above capacity, and the waiting list is the waitlisted", async () => {
    const runtime = ManagedRuntime.make(Coordinator.layer.pipe(Layer.provide(InMemoryEventStore.layer({ keyring }))))
    const { run } = runner(runtime, at("2026-02-01T09:00"))
    let n = 0
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 5, maxLength: 30 }), async (steps) => {
        const groupId = `prop-${n++}`
        const { actor, ids } = await prepare(run, groupId, 11)
        let t = at("2026-03-02T12:00")
        for (const s of steps) {
          t = t.plus({ minutes: 5 })
          const participantId = ids[s.who]!
          const op =
            s.kind === "enrol"
              ? Effect.flatMap(C, (c) => c.enrol(actor, { participantId }))
              : s.kind === "withdraw"
                ? Effect.flatMap(C, (c) => c.withdraw(actor, { participantId }))
                : s.kind === "decline"
                  ? Effect.flatMap(C, (c) => c.decline(actor, { participantId }))
                  : Effect.flatMap(C, (c) =>
                      c.recordConsent(actor, { participantId, consent: { purpose: "taking-part", action: "withdraw", givenBy: "person", channel: "phone", textVersion: "2026-01" } })
                    )
          // A step the journey does not allow is refused with a typed error; nothing else may happen.
          const result = await run(Effect.either(op as Effect.Effect<unknown, Coordinator.CoordinatorError, Coordinator.Coordinator>), t)
          if (result._tag === "Left") expect(["Refused", "InvalidRequest"]).toContain(result.left._tag)
          const [group, roster, waitlist] = await run(
            Effect.flatMap(C, (c) => Effect.all([c.group(actor, { groupId }), c.roster(actor, { groupId }), c.waitlist(actor, { groupId })]))
          )
          const members = roster.members.filter((m) => m.status === "enrolled" || m.status === "attending")
          expect(group.enrolled).toBe(members.length)
          expect(group.enrolled).toBeLessThanOrEqual(group.capacity)
          expect(waitlist.entries.map((w) => w.participantId).sort()).toEqual(roster.members.filter((m) => m.status === "waitlisted").map((m) => m.participantId).sort())
        }
      }),
      { numRuns: 6 }
    )
    await runtime.dispose()
  })
})
