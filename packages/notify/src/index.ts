/**
 * Notifications: reminders planned from the outbox, consent checked at send time, quiet hours, templates in
 * Finnish, Swedish and English, and the transport ports the adapters implement.
 *
 * @since 0.1.0
 */

/** A delivery's state machine (decider) with retries, backoff and parking. */
export * as Delivery from "./Delivery.js"
/** What the outbox carries for notifications (ids and times only), from lifecycle events. */
export * as Notice from "./Notice.js"
/** Outbox entries to delivery intents: person, channel, template, language, deliverAt, deadline. */
export * as Planner from "./Planner.js"
/** Quiet hours in Helsinki wall-clock time, and Finnish holidays. */
export * as QuietHours from "./QuietHours.js"
/** Reminder policies per programme. */
export * as ReminderPolicy from "./ReminderPolicy.js"
/** SMS segment counting: GSM-7 and UCS-2. */
export * as Segments from "./Segments.js"
/** The rule at send time: consent, enrolment, session, erasure, contact, deadline, quiet hours. */
export * as SendCheck from "./SendCheck.js"
/** Message templates (ICU MessageFormat) in fi, sv and en. */
export * as Templates from "./Templates.js"
/** The dispatcher: plans the outbox into deliveries and sends the due ones, several instances at once. */
export * as Dispatcher from "./Dispatcher.js"
/** The transport ports and their errors. */
export * as Transport from "./Transport.js"
