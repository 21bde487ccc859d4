import { Effect } from "effect"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { AccessLog, EventStore, InMemoryEventStore, MasterKey, PersonalDataVault, StoreDriver } from "../src/index.js"
import * as Crypto from "../src/internal/crypto.js"
import { atTime } from "./helpers.js"

const worker = { actor: "w", purpose: "test", legalBasis: "test" }
const idArb = fc.stringMatching(/^[a-z][a-z0-9-]{0,11}$/)
const fieldsArb = fc.dictionary(fc.string({ minLength: 1, maxLength: 12 }), fc.string({ unit: "binary", maxLength: 40 }), { minKeys: 1, maxKeys: 5 })
const eventArb = fc.record({ owner: idArb, type: idArb, recordType: fc.option(idArb, { nil: undefined }), fields: fieldsArb })
// Any instant from 2000 to 2099.
const timeArb = fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2099, 11, 31) })

describe("the envelope of an event", () => {
  it("property: every event's personal fields round-trip in one envelope, and a moved envelope or another master key does not open", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(eventArb, { minLength: 1, maxLength: 8 }), timeArb, async (events, at) => {
        const keyring = MasterKey.unsafeKeyring(MasterKey.generate())
        const driver = await Effect.runPromise(InMemoryEventStore.makeDriver)
        const run = <A, E>(ring: MasterKey.Keyring, eff: Effect.Effect<A, E, StoreDriver.Services | AccessLog.Actor>) =>
          Effect.runPromise(Effect.scoped(Effect.flatMap(StoreDriver.make(driver, ring), (ctx) => Effect.provide(eff.pipe(AccessLog.actingAs(worker)), ctx))))
        const stored = await run(
          keyring,
          Effect.flatMap(EventStore.EventStore, (es) =>
            Effect.zipRight(
              atTime(at, es.append("s-1", 0, events.map((e) => ({ type: e.type, data: {}, personId: e.owner, personal: e.fields, recordType: e.recordType })))),
              es.readStream("s-1")
            )
          )
        )
        for (const e of stored) {
          expect(e.sealed!.startsWith("v2.")).toBe(true)
          for (const ev of events) for (const v of Object.values(ev.fields)) if (v.length >= 8) expect(e.sealed).not.toContain(v)
        }
        const revealed = await run(keyring, Effect.flatMap(PersonalDataVault.PersonalDataVault, (v) => v.reveal(stored, worker)))
        expect(revealed).toEqual(events.map((e) => ({ _tag: "Fields", fields: e.fields })))
        // Each column the envelope is bound to, changed, and another event's envelope in its place.
        const first = stored[0]!
        const month = new Date(first.recordedAt)
        month.setUTCMonth(month.getUTCMonth() + 1)
        const moved = [
          { ...first, personId: `${first.personId}x` },
          { ...first, streamId: "s-2" },
          { ...first, type: `${first.type}x` },
          { ...first, recordType: `${first.recordType}x` },
          { ...first, recordedAt: month }
        ]
        for (const m of moved) {
          const r = await run(keyring, Effect.flip(Effect.flatMap(PersonalDataVault.PersonalDataVault, (v) => v.reveal([m], worker))))
          expect(r).toMatchObject({ _tag: "StoreError", reason: "Corrupt" })
        }
        // Another master key is refused when the store is opened, before anything is read or written.
        const other = await Effect.runPromise(Effect.flip(Effect.scoped(StoreDriver.make(driver, MasterKey.unsafeKeyring(MasterKey.generate())))))
        expect(other).toMatchObject({ _tag: "InvalidInput", field: "VERTAISTUKI_MASTER_KEY" })
      }),
      { numRuns: 60 }
    )
  })

  it("property: an envelope opens only under its key, its AAD and its format's prefix", () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 32, maxLength: 32 }), fc.uint8Array({ minLength: 32, maxLength: 32 }), fc.string(), fc.string(), fc.string(), (k1, k2, plain, aad, other) => {
        const sealed = Crypto.seal(k1, plain, aad, "v2.")
        expect(Crypto.open(k1, sealed, aad, "v2.")?.toString("utf8")).toBe(Buffer.from(plain, "utf8").toString("utf8"))
        expect(Crypto.open(k1, sealed, aad)).toBeUndefined()
        if (other !== aad) expect(Crypto.open(k1, sealed, other, "v2.")).toBeUndefined()
        if (Buffer.compare(Buffer.from(k1), Buffer.from(k2)) !== 0) expect(Crypto.open(k2, sealed, aad, "v2.")).toBeUndefined()
        // One flipped bit anywhere in the envelope.
        const bytes = Buffer.from(sealed.slice(3), "base64")
        bytes[bytes.length - 1]! ^= 1
        expect(Crypto.open(k1, `v2.${bytes.toString("base64")}`, aad, "v2.")).toBeUndefined()
      }),
      { numRuns: 300 }
    )
  })

  it("the months of the key slots: UTC calendar months as yyyymm", () => {
    fc.assert(
      fc.property(timeArb, (t) => {
        const p = Crypto.periodOf(t)
        expect(Crypto.periodStart(p)).toBeLessThanOrEqual(t)
        const next = new Date(Crypto.periodStart(p))
        next.setUTCMonth(next.getUTCMonth() + 1)
        expect(t).toBeLessThan(next.getTime())
      })
    )
    expect(Crypto.periodOf(Date.UTC(2026, 0, 31, 23, 59, 59, 999))).toBe(202601)
    expect(Crypto.periodOf(Date.UTC(2026, 1, 1))).toBe(202602)
  })
})
