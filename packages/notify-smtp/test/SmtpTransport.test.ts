import { createServer } from "node:net"
import { Transport } from "@vertaistuki/notify"
import { ConfigProvider, Effect, Either, Exit, Layer } from "effect"
import fc from "fast-check"
import { afterEach, describe, expect, it } from "vitest"
import { toTransportError } from "../src/internal/errors.js"
import { SmtpTransport } from "../src/index.js"
import { Samples, SmtpSink } from "../src/sink.js"

const sinks: Array<SmtpSink.SmtpSink> = []
afterEach(async () => {
  await Promise.all(sinks.splice(0).map((s) => s.close()))
})
const sink = async (options: SmtpSink.Options = {}) => {
  const s = await SmtpSink.start(options)
  sinks.push(s)
  return s
}

const FROM = "Vertaistuki <noreply@vertaistuki.example.fi>"

/** Sends each email in turn through one transport (one pool), returning each result. */
const sendAll = (options: SmtpTransport.Options, emails: ReadonlyArray<Transport.Email>) =>
  Effect.runPromise(
    Effect.scoped(
      Effect.flatMap(SmtpTransport.make(options), (t) => Effect.forEach(emails, (e) => Effect.either(t.send(e))))
    )
  )
const sendOne = async (options: SmtpTransport.Options, email: Transport.Email) => {
  const [r] = await sendAll(options, [email])
  return r as Either.Either<Transport.Receipt, Transport.TransportError>
}
const failure = (r: Either.Either<Transport.Receipt, Transport.TransportError>): Transport.TransportError => {
  if (Either.isRight(r)) throw new Error("expected the send to fail")
  return r.left
}
/** The message never quotes the recipient, the subject or the text. */
const clean = (e: Transport.TransportError, email: Transport.Email) => {
  expect(e.message).not.toContain(email.to)
  expect(e.message).not.toContain(email.to.split("@")[0])
  expect(e.message).not.toContain(email.subject)
  expect(e.message).not.toContain(email.text.slice(0, 20))
  expect(e.cause).toBeUndefined()
}

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createServer()
    s.listen(0, "127.0.0.1", () => {
      const a = s.address()
      s.close(() => resolve(typeof a === "object" && a !== null ? a.port : 0))
    })
  })

describe("SmtpTransport", () => {
  it("delivers a reminder with Message-ID <deliveryId@domain>, Content-Language, both parts and List-Unsubscribe", async () => {
    const s = await sink()
    const email = Samples.email(1)
    const r = await sendOne({ url: s.url, from: FROM }, email)
    expect(Either.getOrThrow(r)).toEqual({ providerMessageId: "s1" })
    const [m] = s.received()
    expect(s.count()).toBe(1)
    expect(m?.messageId).toBe(`<${email.deliveryId}@vertaistuki.example.fi>`)
    expect(m?.envelope).toEqual({ from: "noreply@vertaistuki.example.fi", to: [email.to] })
    expect(m?.language).toBe("sv")
    expect(m?.subject).toBe(email.subject)
    expect(m?.text.trim()).toBe(email.text)
    expect(m?.html).toContain('<html lang="sv">')
    expect(m?.html).toContain("kamratstödsgrupps")
    expect(m?.headers.get("list-unsubscribe")).toBe(`<${email.unsubscribeUrl}>`)
    expect(m?.headers.get("list-unsubscribe-post")).toBe("List-Unsubscribe=One-Click")
    expect(m?.headers.get("content-language")).toBe("sv")
    expect(m?.headers.get("content-type")).toMatch(/^multipart\/alternative;/)
  })

  it("a transactional message (no unsubscribeUrl) has no List-Unsubscribe header; messageIdDomain overrides the sender's domain", async () => {
    const s = await sink()
    const { unsubscribeUrl: _, ...email } = Samples.email(0)
    Either.getOrThrow(await sendOne({ url: s.url, from: "noreply@a.example.fi", messageIdDomain: "mid.example.fi" }, email))
    const [m] = s.received()
    expect(m?.headers.has("list-unsubscribe")).toBe(false)
    expect(m?.headers.has("list-unsubscribe-post")).toBe(false)
    expect(m?.messageId).toBe(`<${email.deliveryId}@mid.example.fi>`)
    expect(m?.language).toBe("fi")
  })

  it("an internationalised domain (äänekoski) is accepted and sent in its ASCII form", async () => {
    const s = await sink()
    Either.getOrThrow(await sendOne({ url: s.url, from: FROM }, { ...Samples.email(16), to: "matti@äänekoski.example" }))
    const [m] = s.received()
    expect(m?.headers.get("to")).toBe("matti@xn--nekoski-4waa.example")
    // smtp-server shows envelope addresses in their Unicode form
    expect(m?.envelope.to).toEqual(["matti@äänekoski.example"])
  })

  it("logs in with the URL's user and password (percent-decoded)", async () => {
    const s = await sink()
    const url = s.url.replace("smtp://", "smtp://mailer%40example.fi:p%C3%A4ss%20word@")
    Either.getOrThrow(await sendOne({ url, from: FROM }, Samples.email(2)))
    expect(s.logins()).toEqual(["mailer@example.fi"])
    expect(s.count()).toBe(1)
  })

  it("shares a pool of at most poolSize connections across concurrent sends, and closes it with the scope", async () => {
    const s = await sink({ parse: "headers" })
    const emails = Samples.emails(60)
    const results = await Effect.runPromise(
      Effect.scoped(
        Effect.gen(function* () {
          const t = yield* SmtpTransport.make({ url: s.url, from: FROM, poolSize: 3 })
          const rs = yield* Effect.forEach(emails, (e) => t.send(e), { concurrency: "unbounded" })
          expect(s.open()).toBeGreaterThan(0)
          return rs
        })
      )
    )
    expect(results).toHaveLength(60)
    expect(new Set(s.received().map((m) => m.connection)).size).toBeLessThanOrEqual(3)
    expect([...s.messageIds().values()].every((n) => n === 1)).toBe(true)
    expect(s.messageIds().size).toBe(60)
    const deadline = Date.now() + 5000
    while (s.open() > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20))
    expect(s.open()).toBe(0)
  })

  describe("fault injection: every failure is a TransportError with reason, retryability and code, and no personal data", () => {
    const cases: ReadonlyArray<readonly [SmtpSink.Stage, number, Transport.Reason, boolean]> = [
      ["RCPT", 451, "RateLimited", true],
      ["RCPT", 450, "RateLimited", true],
      ["MAIL", 452, "RateLimited", true],
      ["DATA", 451, "RateLimited", true],
      ["MAIL", 421, "RateLimited", true],
      ["CONNECT", 421, "RateLimited", true],
      ["DATA", 454, "Unavailable", true],
      ["RCPT", 550, "InvalidRecipient", false],
      ["RCPT", 553, "InvalidRecipient", false],
      ["DATA", 550, "Rejected", false],
      ["DATA", 554, "Rejected", false],
      ["MAIL", 552, "Rejected", false]
    ]
    for (const [stage, code, reason, retryable] of cases) {
      it(`${code} at ${stage} → ${reason}, ${retryable ? "retryable" : "permanent"}; nothing arrives`, async () => {
        const s = await sink({ fault: (c) => (c.stage === stage ? { _tag: "Reply", code, text: `refused <${c.recipient ?? "x"}>` } : undefined) })
        const email = Samples.email(3)
        const e = failure(await sendOne({ url: s.url, from: FROM }, email))
        expect(e).toBeInstanceOf(Transport.TransportError)
        expect({ reason: e.reason, retryable: e.retryable, code: e.code }).toEqual({ reason, retryable, code })
        clean(e, email)
        expect(s.count()).toBe(0)
      })
    }

    it("after a 451 the same pool delivers the next message (and the retry of the first)", async () => {
      const s = await sink({ fault: (c) => (c.stage === "RCPT" && c.attempt === 1 ? { _tag: "Reply", code: 451 } : undefined) })
      const email = Samples.email(4)
      const [first, second] = await sendAll({ url: s.url, from: FROM }, [email, email])
      expect(failure(first!).reason).toBe("RateLimited")
      expect(Either.isRight(second!)).toBe(true)
      expect(s.messageIds().get(`<${email.deliveryId}@vertaistuki.example.fi>`)).toBe(1)
    })

    it("a connection dropped after the data → Unavailable, retryable; the pool does not resend by itself", async () => {
      const s = await sink({ fault: (c) => (c.stage === "DATA" ? { _tag: "Drop" } : undefined) })
      const email = Samples.email(5)
      const e = failure(await sendOne({ url: s.url, from: FROM }, email))
      expect({ reason: e.reason, retryable: e.retryable }).toEqual({ reason: "Unavailable", retryable: true })
      clean(e, email)
      expect(s.count()).toBe(0)
    })

    it("a connection dropped after the server kept the message: Unavailable, and a retry arrives with the same Message-ID", async () => {
      const s = await sink({ fault: (c) => (c.stage === "DATA" && c.attempt === 1 ? { _tag: "Drop", accepted: true } : undefined) })
      const email = Samples.email(6)
      const [first, retry] = await sendAll({ url: s.url, from: FROM }, [email, email])
      expect(failure(first!).reason).toBe("Unavailable")
      expect(Either.isRight(retry!)).toBe(true)
      expect(s.messageIds().get(`<${email.deliveryId}@vertaistuki.example.fi>`)).toBe(2)
    })

    it("a connection dropped at the greeting → Unavailable, retryable", async () => {
      const s = await sink({ fault: (c) => (c.stage === "CONNECT" ? { _tag: "Drop" } : undefined) })
      const e = failure(await sendOne({ url: s.url, from: FROM }, Samples.email(7)))
      expect({ reason: e.reason, retryable: e.retryable }).toEqual({ reason: "Unavailable", retryable: true })
    })

    it("nobody listening (ECONNREFUSED) → Unavailable, retryable", async () => {
      const port = await freePort()
      const e = failure(await sendOne({ url: `smtp://127.0.0.1:${port}`, from: FROM }, Samples.email(8)))
      expect({ reason: e.reason, retryable: e.retryable }).toEqual({ reason: "Unavailable", retryable: true })
      expect(e.message).toContain("ECONNREFUSED")
    })

    it("an answer to the data slower than socketTimeoutMillis → Timeout, retryable", async () => {
      const s = await sink({ fault: (c) => (c.stage === "DATA" ? { _tag: "Delay", millis: 1500 } : undefined) })
      const email = Samples.email(9)
      const t0 = Date.now()
      const e = failure(await sendOne({ url: s.url, from: FROM, socketTimeoutMillis: 300 }, email))
      expect({ reason: e.reason, retryable: e.retryable }).toEqual({ reason: "Timeout", retryable: true })
      expect(Date.now() - t0).toBeLessThan(1400)
      clean(e, email)
    })

    it("a greeting slower than greetingTimeoutMillis → Timeout, retryable", async () => {
      const s = await sink({ fault: (c) => (c.stage === "CONNECT" ? { _tag: "Delay", millis: 1500 } : undefined) })
      const e = failure(await sendOne({ url: s.url, from: FROM, greetingTimeoutMillis: 300 }, Samples.email(10)))
      expect({ reason: e.reason, retryable: e.retryable }).toEqual({ reason: "Timeout", retryable: true })
    })

    it("a send slower in all than sendTimeoutMillis → Timeout, retryable (the send is abandoned)", async () => {
      const s = await sink({ fault: (c) => (c.stage === "RCPT" ? { _tag: "Delay", millis: 1500 } : undefined) })
      const t0 = Date.now()
      const e = failure(await sendOne({ url: s.url, from: FROM, sendTimeoutMillis: 300 }, Samples.email(11)))
      expect({ reason: e.reason, retryable: e.retryable }).toEqual({ reason: "Timeout", retryable: true })
      expect(Date.now() - t0).toBeLessThan(1400)
    })
  })

  it("an interrupted send is abandoned: nothing arrives afterwards", async () => {
    const s = await sink({ fault: (c) => (c.stage === "RCPT" ? { _tag: "Delay", millis: 400 } : undefined) })
    const r = await Effect.runPromise(
      Effect.scoped(Effect.flatMap(SmtpTransport.make({ url: s.url, from: FROM }), (t) => Effect.timeout(t.send(Samples.email(15)), 100).pipe(Effect.option)))
    )
    expect(r._tag).toBe("None")
    await new Promise((resolve) => setTimeout(resolve, 800))
    expect(s.count()).toBe(0)
  })

  describe("bad input: a typed error naming the field, nothing sent", () => {
    const bad: ReadonlyArray<readonly [string, Partial<Transport.Email>, Transport.Reason]> = [
      ["to", { to: "a@example.test, b@example.test" }, "InvalidRecipient"],
      ["to", { to: "Someone <a@example.test>" }, "InvalidRecipient"],
      ["to", { to: "a@example.test\r\nRCPT TO:<b@example.test>" }, "InvalidRecipient"],
      ["to", { to: "not an address" }, "InvalidRecipient"],
      ["deliveryId", { deliveryId: "__proto__" }, "Rejected"],
      ["deliveryId", { deliveryId: "d-1>\r\nBcc: x@example.test" }, "Rejected"],
      ["language", { language: "fi\r\nX-Evil: 1" }, "Rejected"],
      ["unsubscribeUrl", { unsubscribeUrl: "javascript:alert(1)" }, "Rejected"],
      ["unsubscribeUrl", { unsubscribeUrl: "https://x.example.test/a>, <https://evil.example.test" }, "Rejected"]
    ]
    for (const [field, patch, reason] of bad) {
      it(`${field}: ${JSON.stringify(Object.values(patch)[0])} → ${reason}`, async () => {
        const s = await sink()
        const e = failure(await sendOne({ url: s.url, from: FROM }, { ...Samples.email(12), ...patch }))
        expect({ reason: e.reason, retryable: e.retryable }).toEqual({ reason, retryable: false })
        expect(e.message.startsWith(`${field}: expected`)).toBe(true)
        expect(s.count()).toBe(0)
      })
    }

    it("a subject with a line break cannot add a header or a recipient", async () => {
      const s = await sink()
      Either.getOrThrow(await sendOne({ url: s.url, from: FROM }, { ...Samples.email(13), subject: "Hei\r\nBcc: evil@example.test\r\n" }))
      const [m] = s.received()
      expect(m?.headers.has("bcc")).toBe(false)
      expect(m?.envelope.to).toEqual(["person13@example.test"])
      expect(m?.subject.trim()).toBe("Hei Bcc: evil@example.test")
    })
  })

  describe("settings", () => {
    const configFailure = async (options: SmtpTransport.Options) => {
      const exit = await Effect.runPromiseExit(Effect.scoped(SmtpTransport.make(options)))
      if (Exit.isSuccess(exit) || exit.cause._tag !== "Fail") throw new Error("expected a typed failure")
      return exit.cause.error
    }
    const cases: ReadonlyArray<readonly [string, SmtpTransport.Options]> = [
      ["url", { url: "smtp//user:secret@host", from: FROM }],
      ["url", { url: "http://user:secret@mail.example.fi", from: FROM }],
      ["url", { url: "smtp://user:secret@", from: FROM }],
      ["url", { url: "", from: FROM }],
      ["from", { url: "smtp://user:secret@mail.example.fi", from: "nobody" }],
      ["from", { url: "smtp://user:secret@mail.example.fi", from: "a@example.fi, b@example.fi" }],
      ["messageIdDomain", { url: "smtp://user:secret@mail.example.fi", from: FROM, messageIdDomain: "bad domain>" }],
      ["poolSize", { url: "smtp://user:secret@mail.example.fi", from: FROM, poolSize: 0 }],
      ["socketTimeoutMillis", { url: "smtp://user:secret@mail.example.fi", from: FROM, socketTimeoutMillis: 1.5 }]
    ]
    for (const [field, options] of cases) {
      it(`a malformed ${field} → InvalidTransportConfig naming ${field}, the URL's password never shown`, async () => {
        const e = await configFailure(options)
        expect(e).toBeInstanceOf(Transport.InvalidTransportConfig)
        expect(e.field).toBe(field)
        expect(e.message).not.toContain("secret")
        expect(JSON.stringify(e)).not.toContain("secret")
      })
    }

    it("layerConfig reads VERTAISTUKI_SMTP_URL (redacted), the sender, the pool size and the timeouts", async () => {
      const s = await sink()
      const provider = ConfigProvider.fromMap(
        new Map([
          ["VERTAISTUKI_SMTP_URL", s.url.replace("smtp://", "smtp://u:secret@")],
          ["VERTAISTUKI_SMTP_FROM", FROM],
          ["VERTAISTUKI_SMTP_POOL_SIZE", "2"],
          ["VERTAISTUKI_SMTP_SOCKET_TIMEOUT_MS", "5000"]
        ])
      )
      const email = Samples.email(14)
      const receipt = await Effect.runPromise(
        Effect.flatMap(Transport.EmailTransport, (t) => t.send(email)).pipe(
          Effect.provide(SmtpTransport.layerConfig().pipe(Layer.provide(Layer.setConfigProvider(provider))))
        )
      )
      expect(receipt.providerMessageId).toBe("s1")
      expect(s.logins()).toEqual(["u"])
      const settings = await Effect.runPromise(
        Effect.flatMap(SmtpTransport.config, SmtpTransport.settings).pipe(Effect.withConfigProvider(provider))
      )
      expect(String(settings.url)).not.toContain("secret")
      expect({ poolSize: settings.poolSize, socketTimeoutMillis: settings.socketTimeoutMillis }).toEqual({ poolSize: 2, socketTimeoutMillis: 5000 })
    })

    it("layerConfig with a malformed VERTAISTUKI_SMTP_URL fails with InvalidTransportConfig naming url; a missing one with a ConfigError", async () => {
      const run = (entries: ReadonlyArray<readonly [string, string]>) =>
        Effect.runPromiseExit(
          Effect.flatMap(Transport.EmailTransport, () => Effect.void).pipe(
            Effect.provide(SmtpTransport.layerConfig().pipe(Layer.provide(Layer.setConfigProvider(ConfigProvider.fromMap(new Map(entries))))))
          )
        )
      const malformed = await run([["VERTAISTUKI_SMTP_URL", "mail.example.fi:25"], ["VERTAISTUKI_SMTP_FROM", FROM]])
      expect(Exit.isFailure(malformed) && malformed.cause._tag === "Fail" && malformed.cause.error).toMatchObject({ _tag: "InvalidTransportConfig", field: "url" })
      const missing = await run([["VERTAISTUKI_SMTP_FROM", FROM]])
      expect(Exit.isFailure(missing) && missing.cause._tag === "Fail" && String(missing.cause.error)).toContain("VERTAISTUKI_SMTP_URL")
    })
  })

  describe("the error mapping (driver errors from any source)", () => {
    const address = fc.tuple(fc.stringMatching(/^[a-z]{3,10}$/), fc.stringMatching(/^[a-z]{3,10}$/)).map(([l, d]) => `${l}@${d}.test`)
    it("never quotes the server's text; 4xx is retryable, 5xx other than 503 is not; the code is kept", () => {
      fc.assert(
        fc.property(fc.integer({ min: 400, max: 599 }), address, fc.constantFrom("RCPT TO", "MAIL FROM", "DATA", undefined), (code, to, command) => {
          const e = toTransportError({ responseCode: code, response: `${code} 5.1.1 <${to}>: Recipient address rejected`, command, code: "EENVELOPE", recipient: to })
          expect(e.message).not.toContain(to)
          expect(e.message).not.toContain("Recipient address rejected")
          expect(e.code).toBe(code)
          expect(e.retryable).toBe(code < 500 || code === 503)
          if (code < 500) expect(["RateLimited", "Unavailable"]).toContain(e.reason)
          else if (code !== 503) expect(["Rejected", "InvalidRecipient", "Misconfigured"]).toContain(e.reason)
        })
      )
    })

    it("errors without a reply: network codes are Unavailable, ETIMEDOUT is Timeout (both retryable), auth is Misconfigured", () => {
      expect(toTransportError({ code: "ESOCKET", originalCode: "ECONNRESET" })).toMatchObject({ reason: "Unavailable", retryable: true })
      expect(toTransportError({ code: "ECONNECTION" })).toMatchObject({ reason: "Unavailable", retryable: true })
      expect(toTransportError({ code: "ETIMEDOUT" })).toMatchObject({ reason: "Timeout", retryable: true })
      expect(toTransportError({ code: "ESOCKET", originalCode: "ETIMEDOUT" })).toMatchObject({ reason: "Timeout", retryable: true })
      expect(toTransportError({ code: "EAUTH", responseCode: 535 })).toMatchObject({ reason: "Misconfigured", retryable: false })
      expect(toTransportError({ code: "EPROTOCOL" })).toMatchObject({ reason: "Malformed", retryable: true })
      expect(toTransportError("not an error")).toMatchObject({ reason: "Unavailable", retryable: true })
      expect(toTransportError(Object.create(null))).toMatchObject({ reason: "Unavailable" })
    })

    it("a hostile command or code field is not echoed", () => {
      const e = toTransportError({ code: "ESOCKET", command: "RCPT TO:<someone@example.test>" })
      expect(e.message).not.toContain("someone")
    })
  })
})
