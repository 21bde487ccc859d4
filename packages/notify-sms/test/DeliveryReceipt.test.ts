import { Effect, Either } from "effect"
import fc from "fast-check"
import { afterEach, describe, expect, it } from "vitest"
import { DeliveryReceipt } from "../src/index.js"
import { answer, gateway } from "./gateway.js"

const closers: Array<() => Promise<void>> = []
afterEach(async () => {
  await Promise.all(closers.splice(0).map((c) => c()))
})

const left = (r: Either.Either<DeliveryReceipt.DeliveryReceipt, DeliveryReceipt.InvalidReceipt>) => {
  if (Either.isRight(r)) throw new Error("expected an InvalidReceipt")
  return r.left
}

describe("DeliveryReceipt", () => {
  it("reads a delivered receipt from JSON text: reference, provider id, status (any case), time in UTC", () => {
    const r = DeliveryReceipt.parse('{"reference":"d-0a1b","id":"m-77","status":"DELIVERED","timestamp":"2026-12-01T11:00:00+02:00"}')
    expect(Either.getOrThrow(r)).toEqual({ reference: "d-0a1b", providerMessageId: "m-77", status: "delivered", at: "2026-12-01T09:00:00.000Z", errorCode: null })
  })

  it("reads a failed receipt with an error code and epoch milliseconds, from a parsed value or bytes", () => {
    const body = { reference: "d-1", id: 12345, status: "undelivered", timestamp: 1_764_579_600_000, errorCode: 34 }
    const expected = { reference: "d-1", providerMessageId: "12345", status: "failed", at: new Date(1_764_579_600_000).toISOString(), errorCode: "34" }
    expect(Either.getOrThrow(DeliveryReceipt.parse(body))).toEqual(expected)
    expect(Either.getOrThrow(DeliveryReceipt.parse(new TextEncoder().encode(JSON.stringify(body))))).toEqual(expected)
  })

  it("a gateway's own format: nested paths and its own status words", () => {
    const format: DeliveryReceipt.Format = {
      reference: "message.clientRef",
      providerMessageId: "message.id",
      status: "report.state",
      at: "report.doneAt",
      errorCode: "report.err",
      statuses: { ok: "delivered", nok: "failed", wait: "pending" }
    }
    const r = DeliveryReceipt.parse({ message: { clientRef: "d-9", id: "x" }, report: { state: "NOK", doneAt: "2026-12-01T09:00:00Z", err: "E12" } }, format)
    expect(Either.getOrThrow(r)).toMatchObject({ reference: "d-9", status: "failed", errorCode: "E12" })
    expect(left(DeliveryReceipt.parse({ message: { clientRef: "d-9" }, report: { state: "delivered" } }, format)).field).toBe("report.state")
  })

  const malformed: ReadonlyArray<readonly [string, unknown, string]> = [
    ["not JSON", "{reference: d-1", "body"],
    ["an array", "[1,2]", "body"],
    ["null", null, "body"],
    ["no reference", { id: "m", status: "delivered" }, "reference"],
    ["a reference with a line break", { reference: "d-1\nX", status: "delivered" }, "reference"],
    ["a number as reference", { reference: 5, status: "delivered" }, "reference"],
    ["a reference only on the prototype", JSON.parse('{"__proto__":{"reference":"d-1"},"status":"delivered"}'), "reference"],
    ["no status", { reference: "d-1" }, "status"],
    ["an unknown status", { reference: "d-1", status: "teleported" }, "status"],
    ["a status naming a prototype property", { reference: "d-1", status: "constructor" }, "status"],
    ["__proto__ as status", { reference: "d-1", status: "__proto__" }, "status"],
    ["an empty id", { reference: "d-1", status: "delivered", id: "" }, "id"],
    ["an object as id", { reference: "d-1", status: "delivered", id: { a: 1 } }, "id"],
    ["a time without an offset", { reference: "d-1", status: "delivered", timestamp: "2026-12-01 09:00" }, "timestamp"],
    ["a time that is no date", { reference: "d-1", status: "delivered", timestamp: "2026-13-45T99:00:00Z" }, "timestamp"],
    ["an error code with a line break", { reference: "d-1", status: "failed", errorCode: "a\nb" }, "errorCode"]
  ]
  for (const [what, body, field] of malformed) {
    it(`${what} → InvalidReceipt naming ${field}`, () => {
      const e = left(DeliveryReceipt.parse(body))
      expect(e).toBeInstanceOf(DeliveryReceipt.InvalidReceipt)
      expect(e.field).toBe(field)
      expect(e.message.startsWith(`${field}: expected`)).toBe(true)
    })
  }

  it("never throws and never quotes a value: any JSON gives a receipt or an InvalidReceipt", () => {
    fc.assert(
      fc.property(fc.oneof(fc.json(), fc.string(), fc.jsonValue()), (body) => {
        const r = DeliveryReceipt.parse(body)
        if (Either.isLeft(r)) expect(["body", "reference", "status", "id", "timestamp", "errorCode"]).toContain(r.left.field)
      })
    )
    fc.assert(
      fc.property(fc.stringMatching(/^\+358\d{9}$/), (number) => {
        const e = left(DeliveryReceipt.parse({ reference: number, status: "delivered" }))
        expect(e.message).not.toContain(number)
      })
    )
  })

  it("every status word of the default format maps to its outcome; a receipt round-trips through JSON text", () => {
    fc.assert(
      fc.property(fc.constantFrom(...Object.keys(DeliveryReceipt.defaultFormat.statuses)), fc.stringMatching(/^d-[0-9a-f]{12}$/), fc.boolean(), (word, reference, upper) => {
        const r = Either.getOrThrow(DeliveryReceipt.parse(JSON.stringify({ reference, status: upper ? word.toUpperCase() : word })))
        expect(r.status).toBe(DeliveryReceipt.defaultFormat.statuses[word])
        expect(r.reference).toBe(reference)
      })
    )
  })

  it("a callback posted over real HTTP is read from its raw body", async () => {
    const { request } = await import("node:http")
    const bodies: Array<string> = []
    const g = await gateway((r, _, res) => {
      bodies.push(r.body)
      answer(res, 204, "")
    })
    closers.push(g.close)
    await new Promise<void>((resolve, reject) => {
      const req = request(g.url, { method: "POST", headers: { "content-type": "application/json" } }, (res) => {
        res.resume()
        res.on("end", resolve)
      })
      req.on("error", reject)
      req.end(JSON.stringify({ reference: "d-00000000002a", id: "m-1", status: "delivered", timestamp: "2026-12-01T09:00:00Z" }))
    })
    const r = await Effect.runPromise(Effect.succeed(bodies[0]).pipe(Effect.map((b) => DeliveryReceipt.parse(b))))
    expect(Either.getOrThrow(r)).toMatchObject({ reference: "d-00000000002a", status: "delivered" })
  })
})
