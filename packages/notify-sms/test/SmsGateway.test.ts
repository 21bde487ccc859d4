import { Transport } from "@vertaistuki/notify"
import { ConfigProvider, Effect, Either, Exit, Layer, Redacted } from "effect"
import fc from "fast-check"
import { afterEach, describe, expect, it } from "vitest"
import { retryAfterMillis } from "../src/internal/errors.js"
import { SmsGateway } from "../src/index.js"
import { answer, gateway, type Handler } from "./gateway.js"

const open: Array<{ close: () => Promise<void> }> = []
afterEach(async () => {
  await Promise.all(open.splice(0).map((g) => g.close()))
})
const start = async (handler: Handler) => {
  const g = await gateway(handler)
  open.push(g)
  return g
}

const SMS: Transport.Sms = { deliveryId: "d-00000000002a", to: "+358401234567", text: "Muistutus: ryhmä huomenna klo 17.30. Tervetuloa!" }

const sendAll = (options: SmsGateway.Options, messages: ReadonlyArray<Transport.Sms>) =>
  Effect.runPromise(
    Effect.flatMap(Transport.SmsTransport, (t) => Effect.forEach(messages, (m) => Effect.either(t.send(m)))).pipe(Effect.provide(SmsGateway.layer(options)))
  )
const sendOne = async (options: SmsGateway.Options, sms: Transport.Sms = SMS) => (await sendAll(options, [sms]))[0] as Either.Either<Transport.Receipt, Transport.TransportError>
const failure = (r: Either.Either<Transport.Receipt, Transport.TransportError>) => {
  if (Either.isRight(r)) throw new Error("expected the send to fail")
  return r.left
}
const clean = (e: Transport.TransportError) => {
  expect(e.message).not.toContain(SMS.to)
  expect(e.message).not.toContain("358401234567")
  expect(e.message).not.toContain("Muistutus")
}

describe("SmsGateway", () => {
  it("posts the default JSON body with the delivery id as reference and the bearer token; the answer's id is the receipt", async () => {
    const g = await start((_, n, res) => answer(res, 200, { id: `m-${n}`, status: "accepted" }))
    const r = await sendOne({ url: g.url, token: Redacted.make("t0ken-abc") })
    expect(Either.getOrThrow(r)).toEqual({ providerMessageId: "m-1" })
    const [req] = g.received
    expect(req?.method).toBe("POST")
    expect(req?.path).toBe("/v1/messages")
    expect(req?.headers.authorization).toBe("Bearer t0ken-abc")
    expect(req?.headers["content-type"]).toMatch(/^application\/json/)
    expect(JSON.parse(req?.body ?? "")).toEqual({ to: SMS.to, text: SMS.text, reference: SMS.deliveryId })
  })

  it("fills a custom body template, nested and with a sender; the id is read from a nested path; a text holding a placeholder stays as it is", async () => {
    const g = await start((_, __, res) => answer(res, 201, { messages: [{ msgId: 9001 }] }))
    const sms = { ...SMS, text: "Vastaa {to} {reference}" }
    const r = await sendOne(
      {
        url: g.url,
        sender: "Vertaistuki",
        body: { message: { recipients: ["{to}"], body: "{text}", from: "{sender}" }, clientReference: "ref:{reference}", priority: 1 },
        messageIdPath: "messages.0.msgId"
      },
      sms
    )
    expect(Either.getOrThrow(r)).toEqual({ providerMessageId: "9001" })
    expect(JSON.parse(g.received[0]?.body ?? "")).toEqual({
      message: { recipients: [SMS.to], body: "Vastaa {to} {reference}", from: "Vertaistuki" },
      clientReference: `ref:${SMS.deliveryId}`,
      priority: 1
    })
    expect(g.received[0]?.headers.authorization).toBeUndefined()
  })

  it("429 with Retry-After in seconds → RateLimited, retryable, retryAfterMillis 7000", async () => {
    const g = await start((_, __, res) => answer(res, 429, { error: `too many to ${SMS.to}` }, { "retry-after": "7" }))
    const e = failure(await sendOne({ url: g.url }))
    expect({ reason: e.reason, retryable: e.retryable, code: e.code, retryAfterMillis: e.retryAfterMillis }).toEqual({ reason: "RateLimited", retryable: true, code: 429, retryAfterMillis: 7000 })
    clean(e)
  })

  it("429 with Retry-After as an HTTP date → the milliseconds until then", async () => {
    const when = new Date(Date.now() + 120_000)
    when.setMilliseconds(0)
    const g = await start((_, __, res) => answer(res, 429, {}, { "retry-after": when.toUTCString() }))
    const e = failure(await sendOne({ url: g.url }))
    expect(e.reason).toBe("RateLimited")
    expect(e.retryAfterMillis).toBeGreaterThan(115_000)
    expect(e.retryAfterMillis).toBeLessThanOrEqual(120_000)
  })

  const statuses: ReadonlyArray<readonly [number, Transport.Reason, boolean]> = [
    [500, "Unavailable", true],
    [502, "Unavailable", true],
    [503, "Unavailable", true],
    [408, "Timeout", true],
    [422, "InvalidRecipient", false],
    [400, "Rejected", false],
    [409, "Rejected", false],
    [401, "Misconfigured", false],
    [403, "Misconfigured", false],
    [404, "Misconfigured", false]
  ]
  for (const [status, reason, retryable] of statuses) {
    it(`HTTP ${status} → ${reason}, ${retryable ? "retryable" : "permanent"}; the body is never quoted`, async () => {
      const g = await start((_, __, res) => answer(res, status, { error: `bad number ${SMS.to}: ${SMS.text}` }))
      const e = failure(await sendOne({ url: g.url }))
      expect({ reason: e.reason, retryable: e.retryable, code: e.code }).toEqual({ reason, retryable, code: status })
      clean(e)
    })
  }

  it("a redirect is not followed (the number would go elsewhere): Misconfigured, the other server gets nothing", async () => {
    const elsewhere = await start((_, __, res) => answer(res, 200, { id: "stolen" }))
    const g = await start((_, __, res) => answer(res, 307, "", { location: elsewhere.url }))
    const e = failure(await sendOne({ url: g.url }))
    expect({ reason: e.reason, retryable: e.retryable, code: e.code }).toEqual({ reason: "Misconfigured", retryable: false, code: 307 })
    expect(elsewhere.received).toHaveLength(0)
  })

  it("503 with Retry-After keeps the hint", async () => {
    const g = await start((_, __, res) => answer(res, 503, "down", { "retry-after": "30" }))
    const e = failure(await sendOne({ url: g.url }))
    expect({ reason: e.reason, retryAfterMillis: e.retryAfterMillis }).toEqual({ reason: "Unavailable", retryAfterMillis: 30_000 })
  })

  it("invalidRecipientStatuses makes the gateway's own status an InvalidRecipient", async () => {
    const g = await start((_, __, res) => answer(res, 400, { error: "invalid msisdn" }))
    const e = failure(await sendOne({ url: g.url, invalidRecipientStatuses: [400] }))
    expect({ reason: e.reason, retryable: e.retryable }).toEqual({ reason: "InvalidRecipient", retryable: false })
  })

  it("no answer within timeoutMillis → Timeout, retryable, promptly", async () => {
    const g = await start(() => {
      // never answers
    })
    const t0 = Date.now()
    const e = failure(await sendOne({ url: g.url, timeoutMillis: 300 }))
    expect({ reason: e.reason, retryable: e.retryable }).toEqual({ reason: "Timeout", retryable: true })
    expect(Date.now() - t0).toBeLessThan(3000)
  })

  it("headers sent but the body never finished within timeoutMillis → Timeout", async () => {
    const g = await start((_, __, res) => {
      res.writeHead(200, { "content-type": "application/json" })
      res.write('{"id":')
    })
    const e = failure(await sendOne({ url: g.url, timeoutMillis: 300 }))
    expect(e.reason).toBe("Timeout")
  })

  it("a dropped connection → Unavailable, retryable; nobody listening → Unavailable", async () => {
    const g = await start((_, __, res) => res.socket?.destroy())
    const e = failure(await sendOne({ url: g.url }))
    expect({ reason: e.reason, retryable: e.retryable }).toEqual({ reason: "Unavailable", retryable: true })
    const url = g.url
    await g.close()
    open.length = 0
    const refused = failure(await sendOne({ url }))
    expect({ reason: refused.reason, retryable: refused.retryable }).toEqual({ reason: "Unavailable", retryable: true })
  })

  it("a 2xx whose answer is not JSON, or has no id at the path → Malformed, not retryable (the gateway may have sent it)", async () => {
    const notJson = await start((_, __, res) => answer(res, 200, "<html>OK</html>"))
    const e1 = failure(await sendOne({ url: notJson.url }))
    expect({ reason: e1.reason, retryable: e1.retryable, code: e1.code }).toEqual({ reason: "Malformed", retryable: false, code: 200 })
    const noId = await start((_, __, res) => answer(res, 200, { status: "ok", __proto__: { id: "x" } }))
    const e2 = failure(await sendOne({ url: noId.url }))
    expect(e2.reason).toBe("Malformed")
    expect(e2.message).toContain("id")
    const hostilePath = await start((_, __, res) => answer(res, 200, { status: "ok" }))
    expect(failure(await sendOne({ url: hostilePath.url, messageIdPath: "constructor.name" })).reason).toBe("Malformed")
    expect(failure(await sendOne({ url: hostilePath.url, messageIdPath: "__proto__.constructor" })).reason).toBe("Malformed")
    const empty = await start((_, __, res) => answer(res, 200, { id: "  " }))
    expect(failure(await sendOne({ url: empty.url })).reason).toBe("Malformed")
  })

  describe("bad input: a typed error naming the field, nothing sent", () => {
    const bad: ReadonlyArray<readonly [string, Partial<Transport.Sms>, Transport.Reason]> = [
      ["to", { to: "0401234567" }, "InvalidRecipient"],
      ["to", { to: "+358 40 123 4567" }, "InvalidRecipient"],
      ["to", { to: "+0401234567" }, "InvalidRecipient"],
      ["to", { to: "+3584012345678901" }, "InvalidRecipient"],
      ["to", { to: "+358401234567\n" }, "InvalidRecipient"],
      ["to", { to: "__proto__" }, "InvalidRecipient"],
      ["deliveryId", { deliveryId: "__proto__" }, "Rejected"],
      ["deliveryId", { deliveryId: "" }, "Rejected"],
      ["text", { text: "" }, "Rejected"]
    ]
    for (const [field, patch, reason] of bad) {
      it(`${field}: ${JSON.stringify(Object.values(patch)[0])} → ${reason}`, async () => {
        const g = await start((_, __, res) => answer(res, 200, { id: "m" }))
        const e = failure(await sendOne({ url: g.url }, { ...SMS, ...patch }))
        expect({ reason: e.reason, retryable: e.retryable }).toEqual({ reason, retryable: false })
        expect(e.message.startsWith(`${field}: expected`)).toBe(true)
        expect(g.received).toHaveLength(0)
      })
    }

    it("isE164 accepts exactly + and 2 to 15 digits, the first not 0", () => {
      fc.assert(
        fc.property(fc.stringMatching(/^[1-9]\d{1,14}$/), (digits) => {
          expect(SmsGateway.isE164(`+${digits}`)).toBe(true)
          expect(SmsGateway.isE164(digits)).toBe(false)
          expect(SmsGateway.isE164(`+${digits}9`)).toBe(digits.length < 15)
        })
      )
      fc.assert(
        fc.property(fc.string(), (s) => {
          expect(SmsGateway.isE164(s)).toBe(/^\+[1-9]\d{1,14}$/.test(s))
        })
      )
    })
  })

  describe("settings", () => {
    const configFailure = async (options: SmsGateway.Options) => {
      const exit = await Effect.runPromiseExit(Layer.build(SmsGateway.layer(options)).pipe(Effect.scoped))
      if (Exit.isSuccess(exit) || exit.cause._tag !== "Fail") throw new Error("expected a typed failure")
      return exit.cause.error
    }
    const cases: ReadonlyArray<readonly [string, SmsGateway.Options]> = [
      ["url", { url: "sms.example.fi/v1", token: "secret" }],
      ["url", { url: "ftp://sms.example.fi/v1", token: "secret" }],
      ["url", { url: "https://user:secret@sms.example.fi/v1" }],
      ["token", { url: "https://sms.example.fi/v1", token: "sec ret\n" }],
      ["body", { url: "https://sms.example.fi/v1", token: "secret", body: { text: "{text}" } }],
      ["body", { url: "https://sms.example.fi/v1", token: "secret", body: { to: "{to}", text: "{text}", x: "{password}" } }],
      ["body", { url: "https://sms.example.fi/v1", token: "secret", body: ["{to}", "{text}"] }],
      ["messageIdPath", { url: "https://sms.example.fi/v1", token: "secret", messageIdPath: "a..b" }],
      ["timeoutMillis", { url: "https://sms.example.fi/v1", token: "secret", timeoutMillis: 0 }],
      ["invalidRecipientStatuses", { url: "https://sms.example.fi/v1", token: "secret", invalidRecipientStatuses: [429] }]
    ]
    for (const [field, options] of cases) {
      it(`a malformed ${field} → InvalidTransportConfig naming ${field}, never the secret`, async () => {
        const e = await configFailure(options)
        expect(e).toBeInstanceOf(Transport.InvalidTransportConfig)
        expect(e.field).toBe(field)
        expect(JSON.stringify(e) + e.message).not.toContain("secret")
      })
    }

    it("layerConfig reads VERTAISTUKI_SMS_URL, the token (both redacted) and the body template as JSON", async () => {
      const g = await start((_, __, res) => answer(res, 200, { data: { id: "abc" } }))
      const provider = ConfigProvider.fromMap(
        new Map([
          ["VERTAISTUKI_SMS_URL", g.url],
          ["VERTAISTUKI_SMS_TOKEN", "tok"],
          ["VERTAISTUKI_SMS_BODY", '{"dest":"{to}","msg":"{text}","ref":"{reference}"}'],
          ["VERTAISTUKI_SMS_MESSAGE_ID_PATH", "data.id"]
        ])
      )
      const receipt = await Effect.runPromise(
        Effect.flatMap(Transport.SmsTransport, (t) => t.send(SMS)).pipe(Effect.provide(SmsGateway.layerConfig().pipe(Layer.provide(Layer.setConfigProvider(provider)))))
      )
      expect(receipt).toEqual({ providerMessageId: "abc" })
      expect(JSON.parse(g.received[0]?.body ?? "")).toEqual({ dest: SMS.to, msg: SMS.text, ref: SMS.deliveryId })
      expect(g.received[0]?.headers.authorization).toBe("Bearer tok")
      const settings = await Effect.runPromise(Effect.flatMap(SmsGateway.config, SmsGateway.settings).pipe(Effect.withConfigProvider(provider)))
      expect(String(settings.url)).not.toContain("127.0.0.1")
      expect(String(settings.token)).not.toContain("tok")
    })

    it("layerConfig with a malformed body template fails naming body; without VERTAISTUKI_SMS_URL with a ConfigError", async () => {
      const run = (entries: ReadonlyArray<readonly [string, string]>) =>
        Effect.runPromiseExit(
          Effect.flatMap(Transport.SmsTransport, () => Effect.void).pipe(
            Effect.provide(SmsGateway.layerConfig().pipe(Layer.provide(Layer.setConfigProvider(ConfigProvider.fromMap(new Map(entries))))))
          )
        )
      const bad = await run([["VERTAISTUKI_SMS_URL", "https://sms.example.fi"], ["VERTAISTUKI_SMS_BODY", "{not json"]])
      expect(Exit.isFailure(bad) && bad.cause._tag === "Fail" && bad.cause.error).toMatchObject({ _tag: "InvalidTransportConfig", field: "body" })
      const missing = await run([])
      expect(Exit.isFailure(missing) && missing.cause._tag === "Fail" && String(missing.cause.error)).toContain("VERTAISTUKI_SMS_URL")
    })
  })

  describe("Retry-After", () => {
    it("whole seconds are milliseconds ×1000; an HTTP date is measured from now and never negative; anything else is no hint", () => {
      fc.assert(
        fc.property(fc.integer({ min: 0, max: 10_000_000 }), fc.integer({ min: 0, max: 2_000_000_000_000 }), (seconds, now) => {
          expect(retryAfterMillis(String(seconds), now)).toBe(seconds * 1000)
          const date = new Date(Math.floor(now / 1000) * 1000 + seconds * 1000)
          expect(retryAfterMillis(date.toUTCString(), now)).toBe(Math.max(0, date.getTime() - now))
          expect(retryAfterMillis(new Date(now - seconds * 1000 - 1000).toUTCString(), now)).toBe(0)
        })
      )
      for (const v of ["-5", "1.5", "soon", "", "Mon, 32 Foo 2026 99:99:99 GMT"]) expect(retryAfterMillis(v, 0)).toBeUndefined()
      expect(retryAfterMillis(undefined, 0)).toBeUndefined()
    })
  })
})
