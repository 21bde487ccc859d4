/**
 * Notifications: reminders planned from the outbox, consent checked at send time, quiet hours, templates in
 * Finnish, Swedish and English, and the transport ports the adapters implement.
 *
 * @since 0.1.0
 */

/** The transport ports and their errors. */
export * as Transport from "./Transport.js"
