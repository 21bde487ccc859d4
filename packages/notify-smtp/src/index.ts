/**
 * The SMTP adapter of the notification transport: `SmtpTransport.layer` / `layerConfig` provide
 * `@vertaistuki/notify`'s `EmailTransport` on nodemailer's pooled SMTP transport.
 *
 * @since 0.1.0
 */

/** The email transport on SMTP. */
export * as SmtpTransport from "./SmtpTransport.js"
