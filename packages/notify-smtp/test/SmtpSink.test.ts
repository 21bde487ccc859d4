import { Effect } from "effect"
import nodemailer from "nodemailer"
import { describe, expect, it } from "vitest"
import { Samples, SmtpSink } from "../src/sink.js"

const send = (url: string, messageId: string) =>
  nodemailer.createTransport({ url }).sendMail({ from: "a@example.test", to: "b@example.test", subject: "Hei", text: "x", messageId, headers: { "Content-Language": "fi" } })

describe("SmtpSink", () => {
  it("headers mode with keep: false counts messages and Message-IDs without keeping them", async () => {
    const sink = await SmtpSink.start({ parse: "headers", keep: false })
    try {
      await send(sink.url, "<m1@example.test>")
      await send(sink.url, "<m1@example.test>")
      await send(sink.url, "<m2@example.test>")
      await sink.waitFor(3, 5000)
      expect(sink.count()).toBe(3)
      expect(sink.received()).toEqual([])
      expect([...sink.messageIds()]).toEqual([["<m1@example.test>", 2], ["<m2@example.test>", 1]])
    } finally {
      await sink.close()
    }
  })

  it("headers mode keeps the envelope, Message-ID, language and subject", async () => {
    const sink = await SmtpSink.start({ parse: "headers" })
    try {
      await send(sink.url, "<m3@example.test>")
      const [m] = sink.received()
      expect(m).toMatchObject({ envelope: { from: "a@example.test", to: ["b@example.test"] }, messageId: "<m3@example.test>", language: "fi", subject: "Hei", text: "" })
      expect(m?.headers.get("message-id")).toBe("<m3@example.test>")
    } finally {
      await sink.close()
    }
  })

  it("waitFor rejects when the messages do not come in time, naming how many did", async () => {
    const sink = await SmtpSink.start()
    try {
      await expect(sink.waitFor(1, 50)).rejects.toThrow("received 0 of 1")
    } finally {
      await sink.close()
    }
  })

  it("a Delay fault answers normally after the delay; attempts count across connections", async () => {
    const seen: Array<SmtpSink.FaultContext> = []
    const sink = await SmtpSink.start({
      fault: (c) => {
        seen.push(c)
        return c.stage === "DATA" && c.attempt === 1 ? { _tag: "Delay", millis: 200 } : undefined
      }
    })
    try {
      const t0 = Date.now()
      await send(sink.url, "<m4@example.test>")
      expect(Date.now() - t0).toBeGreaterThanOrEqual(190)
      await send(sink.url, "<m5@example.test>")
      expect(sink.count()).toBe(2)
      expect(seen.filter((c) => c.stage === "DATA").map((c) => [c.attempt, c.connection, c.messageId])).toEqual([[1, 1, "<m4@example.test>"], [2, 2, "<m5@example.test>"]])
      expect(seen.find((c) => c.stage === "RCPT")?.recipient).toBe("b@example.test")
    } finally {
      await sink.close()
    }
  })

  it("make closes the sink with its scope", async () => {
    const url = await Effect.runPromise(Effect.scoped(Effect.map(SmtpSink.make(), (s) => s.url)))
    await expect(send(url, "<m6@example.test>")).rejects.toMatchObject({ code: "ESOCKET" })
  })

  it("Samples are deterministic, cycle fi, sv, en and give the HTML the language's lang attribute", () => {
    expect(Samples.email(7)).toEqual(Samples.email(7))
    expect(Samples.emails(3, 30).map((e) => [e.deliveryId, e.language])).toEqual([["d-00000000001e", "fi"], ["d-00000000001f", "sv"], ["d-000000000020", "en"]])
    expect(Samples.email(2).html).toContain('lang="en"')
  })
})
