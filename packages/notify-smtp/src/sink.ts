/**
 * Test and benchmark helpers, imported from `@vertaistuki/notify-smtp/sink`: a real SMTP server to send to
 * (needs the optional peer dependencies `smtp-server` and `mailparser`), sample emails, and raw nodemailer
 * as a baseline. Not for production code.
 *
 * @since 0.1.0
 */

/** A local SMTP server that keeps what arrives, with fault injection. */
export * as SmtpSink from "./SmtpSink.js"
/** Sample reminder emails. */
export * as Samples from "./Samples.js"
/** Raw pooled nodemailer, the benchmark's baseline. */
export * as Baseline from "./Baseline.js"
