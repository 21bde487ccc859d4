/**
 * Raw nodemailer, pooled, for benchmarks: the same messages the adapter sends (same headers, same pool
 * size), sent with plain callbacks and no checks, to measure what the adapter costs on top of the driver.
 *
 * @since 0.1.0
 */
import type { Transport } from "@vertaistuki/notify"
import nodemailer from "nodemailer"

/**
 * Sends every email through one nodemailer pool of `poolSize` connections, all handed to the pool at once,
 * and resolves with the milliseconds it took (pool created and closed inside the measurement) and how many
 * failed.
 *
 * @category constructors
 */
export const send = async (options: {
  readonly url: string
  readonly from: string
  readonly messageIdDomain: string
  readonly poolSize: number
  readonly emails: ReadonlyArray<Transport.Email>
}): Promise<{ readonly millis: number; readonly failed: number }> => {
  const t0 = performance.now()
  const transporter = nodemailer.createTransport({ url: options.url, pool: true, maxConnections: options.poolSize, maxMessages: 100, maxRequeues: 0, logger: false })
  let failed = 0
  await Promise.all(
    options.emails.map(
      (e) =>
        new Promise<void>((resolve) => {
          const headers: Record<string, string> = { "Content-Language": e.language }
          if (e.unsubscribeUrl !== undefined) {
            headers["List-Unsubscribe"] = `<${e.unsubscribeUrl}>`
            headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
          }
          transporter.sendMail(
            { from: options.from, to: e.to, subject: e.subject, text: e.text, html: e.html, messageId: `<${e.deliveryId}@${options.messageIdDomain}>`, headers },
            (err) => {
              if (err !== null) failed++
              resolve()
            }
          )
        })
    )
  )
  transporter.close()
  return { millis: performance.now() - t0, failed }
}
