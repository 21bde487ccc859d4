/**
 * The dispatcher: plans the outbox's notices into deliveries and sends the deliveries that are due, one
 * `runOnce` step at a time (`run` repeats it). Several instances may run at once against one store: every
 * outbox entry and every delivery is claimed under a lease (`Deliveries`), so each is worked on by one
 * instance at a time, and a delivery's id is its `Message-ID` / client reference, so a resend after a crash
 * is recognisable downstream.
 *
 * At send time, and not only when planned, it checks (`SendCheck`) the person's consent for that channel
 * (the consent registry re-read), the session's status, the enrolment and whether the person was erased;
 * then reads the contact details through the `PersonalDataVault` (logged with the dispatcher as actor and
 * `reminder` as purpose; never stored in a delivery row), renders the template and calls the transport.
 * Time comes from Effect's `Clock`.
 *
 * @since 0.1.0
 */
import type { Language } from "@vertaistuki/core"
import {
  AccessLog,
  ConsentRegistry,
  Deliveries,
  EventStore,
  GroupRoster,
  PersonalDataVault,
  Projection,
  Sessions,
  type StoreError,
  Streams
} from "@vertaistuki/store"
import { Clock, Duration, Effect, Either, Layer, Random } from "effect"
import { DateTime } from "luxon"
import * as Delivery from "./Delivery.js"
import * as Notice from "./Notice.js"
import * as Planner from "./Planner.js"
import * as ReminderPolicy from "./ReminderPolicy.js"
import * as SendCheck from "./SendCheck.js"
import * as Templates from "./Templates.js"
import { EmailTransport, SmsTransport, TransportError } from "./Transport.js"

/** The dispatcher's access context: reads of contact details are logged under it. @category models */
export const actor: AccessLog.AccessContext = { actor: "notification-dispatcher", purpose: "reminder", legalBasis: "consent (GDPR Art. 6(1)(a))" }

/**
 * @category models
 */
export interface Config {
  /** This instance's id, the owner of its leases (an id: letters, digits, `._:@$/-`). */
  readonly instanceId: string
  /** The reminder policy; default `ReminderPolicy.defaults`. */
  readonly policy?: ReminderPolicy.Policy | undefined
  /** Retries: attempts before parking and the backoff; default `Delivery.defaultConfig`. */
  readonly retry?: Delivery.Config | undefined
  /** Outbox entries and deliveries claimed per step; default 100. */
  readonly batchSize?: number | undefined
  /** How long a claim lasts; default 60 s. A crashed instance's claims are taken over after it. */
  readonly leaseMillis?: number | undefined
  /**
   * A claimed delivery is not sent when less than this is left of its lease (it is left for the next claim
   * once the lease ends), so that no send outlasts its lease; default half the lease.
   */
  readonly leaseMarginMillis?: number | undefined
  /** Sends at once; default 8. */
  readonly concurrency?: number | undefined
  /** The group's language for people without one of their own; default `fi`. */
  readonly groupLanguage?: ((groupId: string) => Language.Language | undefined) | undefined
  /** A participant's own language, when known. */
  readonly languageOf?: ((participantId: string) => Language.Language | undefined) | undefined
  /** The stream whose events carry a participant's contact details; default `participant-<id>`. */
  readonly contactStream?: ((participantId: string) => string) | undefined
  /** The `List-Unsubscribe` address of a non-transactional email. */
  readonly unsubscribeUrl?: ((personId: string, deliveryId: string) => string | undefined) | undefined
  /** `run`: the pause when a step found nothing to do; default 1 s. */
  readonly pollMillis?: number | undefined
}

/**
 * What one step did.
 *
 * @category models
 */
export interface Step {
  /** Outbox entries planned. */
  readonly planned: number
  /** Deliveries recorded by planning (dropped ones included). */
  readonly recorded: number
  /** Outbox entries left in the outbox because their notice could not be read or planned. */
  readonly unreadable: number
  readonly sent: number
  readonly suppressed: number
  readonly expired: number
  readonly deferred: number
  readonly retried: number
  readonly failed: number
  readonly parked: number
  /**
   * Deliveries whose lease had passed to another instance before their outcome was recorded, or too little
   * of whose lease was left to send them (they are claimed again).
   */
  readonly lost: number
}

const emptyStep: Step = { planned: 0, recorded: 0, unreadable: 0, sent: 0, suppressed: 0, expired: 0, deferred: 0, retried: 0, failed: 0, parked: 0, lost: 0 }

type Counter = Exclude<keyof Step, never>

/** The read models a step needs, kept in memory between steps and brought up to date from the store. */
interface Views {
  roster: GroupRoster.State
  consents: ConsentRegistry.State
  sessions: Sessions.State
  position: number
}

const HELSINKI = "Europe/Helsinki"

/** The intent a delivery row holds (written by `plan` from the planner's), or undefined when it is not one. */
const intentOf = (d: Deliveries.Delivery): Planner.DeliveryIntent | undefined => {
  const i = d.intent as Partial<Planner.DeliveryIntent> | null
  if (typeof i !== "object" || i === null) return undefined
  if (i.deliveryId !== d.deliveryId || i.personId !== d.personId || i.participantId !== d.participantId || i.channel !== d.channel) return undefined
  if (typeof i.template !== "string" || typeof i.language !== "string" || typeof i.deliverAt !== "string" || typeof i.deadline !== "string") return undefined
  if (typeof i.transactional !== "boolean" || typeof i.purpose !== "string" || typeof i.values !== "object" || i.values === null) return undefined
  return i as Planner.DeliveryIntent
}

/** Whether the participant is in the group's roster today (Helsinki date) and not erased. */
const enrolledIn = (v: Views, groupId: string, participantId: string, now: number): boolean => {
  const date = DateTime.fromMillis(now, { zone: HELSINKI }).toISODate()!
  return GroupRoster.rosterOn(v.roster, groupId, date).some((r) => r.participantId === participantId && !r.erased)
}

/**
 * The services a dispatcher needs.
 *
 * @category models
 */
export type Requirements =
  | Deliveries.Deliveries
  | EventStore.EventStore
  | PersonalDataVault.PersonalDataVault
  | Projection.ProjectionStore
  | EmailTransport
  | SmsTransport

/**
 * A dispatcher over the store and transports in context. `runOnce` does one step: plans the claimed outbox
 * entries, then sends the due deliveries; `run` repeats it forever, pausing when a step found nothing.
 *
 * @category constructors
 */
export const make = (config: Config): Effect.Effect<Dispatcher, never, Requirements> =>
  Effect.gen(function* () {
    const deliveries = yield* Deliveries.Deliveries
    const es = yield* EventStore.EventStore
    const vault = yield* PersonalDataVault.PersonalDataVault
    const email = yield* EmailTransport
    const sms = yield* SmsTransport
    const policy = config.policy ?? ReminderPolicy.defaults
    const retry = config.retry ?? Delivery.defaultConfig
    const batch = config.batchSize ?? 100
    const leaseMillis = config.leaseMillis ?? 60_000
    const margin = config.leaseMarginMillis ?? leaseMillis / 2
    const contactStream = config.contactStream ?? Streams.participant
    const owner = config.instanceId
    const services = yield* Effect.context<EventStore.EventStore | Projection.ProjectionStore>()

    let views: Views | undefined

    /** Brings the read models up to date: from their checkpoints the first time, then from the events since. */
    const refresh = Effect.gen(function* () {
      if (views === undefined) {
        // Read, never saved: the projections' checkpoints are their owners' (`Projection.run`), not every dispatcher's.
        const roster = yield* Projection.read(GroupRoster.projection)
        const consents = yield* Projection.read(ConsentRegistry.projection)
        const sessions = yield* Projection.read(Sessions.projection)
        // Each caught up to its own position; the events after the lowest are applied to those behind.
        const positions = { roster: roster.position, consents: consents.position, sessions: sessions.position }
        const position = Math.min(positions.roster, positions.consents, positions.sessions)
        views = { roster: roster.state, consents: consents.state, sessions: sessions.state, position }
        yield* apply(positions)
        return views
      }
      yield* apply(undefined)
      return views
    })

    const apply = (from: { readonly roster: number; readonly consents: number; readonly sessions: number } | undefined) =>
      Effect.gen(function* () {
        const v = views!
        for (;;) {
          const events = yield* es.readAll(v.position, 1000)
          for (const e of events) {
            if (from === undefined || e.position > from.roster) v.roster = GroupRoster.projection.evolve(v.roster, e)
            if (from === undefined || e.position > from.consents) v.consents = ConsentRegistry.projection.evolve(v.consents, e)
            if (from === undefined || e.position > from.sessions) v.sessions = Sessions.projection.evolve(v.sessions, e)
            v.position = e.position
          }
          if (events.length < 1000) return
        }
      })

    /** Who a notice is for: the group's members enrolled now, or the one person of a participant's notice. */
    const audienceOf = (v: Views, notice: Notice.Notice, now: number): Planner.Audience => {
      const groupId = "groupId" in notice ? notice.groupId : undefined
      const groupLanguage = (groupId === undefined ? undefined : config.groupLanguage?.(groupId)) ?? "fi"
      const language = (participantId: string) => {
        const own = config.languageOf?.(participantId)
        return own === undefined ? {} : { language: own }
      }
      if ("personId" in notice && "participantId" in notice) {
        return { groupLanguage, recipients: [{ participantId: notice.participantId, personId: notice.personId, ...language(notice.participantId) }] }
      }
      if (groupId === undefined) return { groupLanguage, recipients: [] }
      const date = DateTime.fromMillis(now, { zone: HELSINKI }).toISODate()!
      const recipients = GroupRoster.rosterOn(v.roster, groupId, date)
        .filter((r) => !r.erased)
        .map((r) => ({ participantId: r.participantId, personId: v.roster.personOf[r.participantId] ?? r.participantId, ...language(r.participantId) }))
      return { groupLanguage, recipients }
    }

    const toNew = (intent: Planner.DeliveryIntent, drop?: { readonly reason: string; readonly status: "expired" | "suppressed" }): Deliveries.NewDelivery => ({
      deliveryId: intent.deliveryId,
      participantId: intent.participantId,
      personId: intent.personId,
      channel: intent.channel,
      template: intent.template,
      language: intent.language,
      deliverAt: intent.deliverAt,
      deadline: intent.deadline,
      intent,
      ...(drop === undefined ? {} : { status: drop.status, reason: drop.reason })
    })

    /** Plans the claimed outbox entries: each one's deliveries recorded and the entry marked planned, in one transaction. */
    const planOutbox = (count: (k: Counter, n?: number) => void) =>
      Effect.gen(function* () {
        const entries = yield* deliveries.claimOutbox({ owner, limit: batch, leaseMillis, topics: Notice.topics })
        if (entries.length === 0) return 0
        const v = yield* refresh
        const now = yield* Clock.currentTimeMillis
        const at = DateTime.fromMillis(now, { zone: HELSINKI })
        for (const entry of entries) {
          const notice = Notice.decode(entry.topic, entry.payload)
          if (Either.isLeft(notice)) {
            // Left in the outbox (nothing lost); its lease ends and it is tried again, e.g. after an upgrade.
            yield* Effect.logWarning(`outbox entry ${entry.id}: ${notice.left.message}`)
            count("unreadable")
            continue
          }
          const planned = Planner.plan({ outboxId: entry.id, notice: notice.right }, audienceOf(v, notice.right, now), policy, at)
          if (Either.isLeft(planned)) {
            yield* Effect.logWarning(`outbox entry ${entry.id}: ${planned.left.message}`)
            count("unreadable")
            continue
          }
          const rows = [
            ...planned.right.intents.map((i) => toNew(i)),
            ...planned.right.dropped.map((d) => toNew(d.intent, { reason: d.reason, status: /deadline|past|late/i.test(d.reason) ? "expired" : "suppressed" }))
          ]
          const r = yield* deliveries.plan(entry.id, rows)
          count("planned")
          count("recorded", r.inserted)
        }
        return entries.length
      })

    /** A person's contact details as read at send time; undefined fields when none. */
    type Contact = { readonly email: string | undefined; readonly phone: string | undefined }

    /**
     * What a batch of claimed deliveries needs at send time, read for the whole batch at once: whether each
     * person is erased, and the contact details of the others, read through the vault (each stream's read and
     * each person's reveal logged, in one write each).
     */
    const prefetch = (v: Views, due: ReadonlyArray<Deliveries.Delivery>) =>
      Effect.gen(function* () {
        const statuses = yield* vault.status([...new Set(due.map((d) => d.personId))])
        const erased = (d: Deliveries.Delivery) => statuses.get(d.personId) === "erased" || Projection.isErased(v.roster, d.participantId)
        const live = due.filter((d) => !erased(d))
        const streams = yield* es.readStreams([...new Set(live.map((d) => contactStream(d.participantId)))])
        const wanted = new Map<number, EventStore.RecordedEvent>()
        for (const d of live) {
          for (const e of streams.get(contactStream(d.participantId)) ?? []) if (e.personId === d.personId && e.sealed !== null) wanted.set(e.position, e)
        }
        const events = [...wanted.values()].sort((a, b) => a.position - b.position)
        // A reveal without a recipient is no disclosure: it is never refused as one.
        const revealed = events.length === 0 ? [] : yield* Effect.catchTag(vault.reveal(events, actor), "DisclosureRefused", (e) => Effect.die(e))
        const contacts = new Map<string, { email: string | undefined; phone: string | undefined }>()
        for (const [i, r] of revealed.entries()) {
          if (r._tag !== "Fields") continue
          const person = events[i]!.personId!
          const c = contacts.get(person) ?? { email: undefined, phone: undefined }
          if (typeof r.fields.email === "string" && r.fields.email !== "") c.email = r.fields.email
          if (typeof r.fields.phone === "string" && r.fields.phone !== "") c.phone = r.fields.phone
          contacts.set(person, c)
        }
        return { erased, contactOf: (d: Deliveries.Delivery): Contact => contacts.get(d.personId) ?? { email: undefined, phone: undefined } }
      })

    const sessionOf = (v: Views, sessionId: string | undefined): SendCheck.SessionNow | undefined => {
      if (sessionId === undefined) return undefined
      const s = Sessions.statusOf(v.sessions, sessionId)
      if (s === undefined || s.start === null) return undefined
      return { status: s.status === "planned" ? "cancelled" : s.status, start: s.start }
    }

    /**
     * What the delivery's decider makes of a command, as the outcome to record: the store's attempts count
     * the one begun by the claim, the decider's those that ended.
     */
    const decided = (d: Deliveries.Delivery, command: Delivery.Command, now: number): Deliveries.Outcome => {
      const state: Delivery.State = {
        ...Delivery.initial({ deliveryId: d.deliveryId, deliverAt: d.deliverAt.toISOString(), deadline: d.deadline.toISOString() }),
        status: "sending",
        attempts: Math.max(0, d.attempts - 1)
      }
      const events = Delivery.decide(command, state, DateTime.fromMillis(now, { zone: HELSINKI }), retry)
      if (Either.isLeft(events)) return { _tag: "Failed", error: events.left.message }
      const last = events.right[events.right.length - 1]
      const errorText = (e: Delivery.LastError) => `${e.reason}${e.code === undefined ? "" : ` ${e.code}`}`
      switch (last?._tag) {
        case "Sent":
          return { _tag: "Sent", providerMessageId: last.providerMessageId, consentRecord: last.consentRecordId }
        case "RetryScheduled":
          return { _tag: "Retry", error: errorText(last.error), nextAttemptAt: new Date(last.nextAttemptAt) }
        case "Failed":
          return { _tag: "Failed", error: errorText(last.error) }
        case "Parked":
          return { _tag: "Parked", error: errorText(last.error) }
        case "Suppressed":
          return { _tag: "Suppressed", reason: last.reason }
        case "Expired":
          return { _tag: "Expired", reason: last.reason }
        case "Deferred":
          return { _tag: "Defer", until: new Date(last.until) }
        default:
          return { _tag: "Failed", error: `unexpected ${last?._tag ?? "nothing"} from the delivery's decider` }
      }
    }

    /** Sends one claimed delivery if the check at send time allows it; how it ended. */
    const sendOne = (v: Views, d: Deliveries.Delivery, read: Effect.Effect.Success<ReturnType<typeof prefetch>>) =>
      Effect.gen(function* () {
        const now = yield* Clock.currentTimeMillis
        const intent = intentOf(d)
        if (intent === undefined) return decided(d, { _tag: "Suppress", reason: "unreadable-intent" }, now)
        const erased = read.erased(d)
        const contact = erased ? { email: undefined, phone: undefined } : read.contactOf(d)
        const address = d.channel === "email" ? contact.email : contact.phone
        const check = SendCheck.decide(
          {
            intent,
            // The registry keys records by participation; the check asks about the person.
            consents: ConsentRegistry.recordsOf(v.consents, d.participantId).map((r) => ({ ...r, person: d.personId })),
            person: { id: d.personId },
            enrolled: intent.groupId === undefined || intent.transactional || enrolledIn(v, intent.groupId, d.participantId, now),
            session: sessionOf(v, intent.sessionId),
            erased,
            hasContact: address !== undefined
          },
          DateTime.fromMillis(now, { zone: HELSINKI }),
          ReminderPolicy.windowOf(policy, d.channel),
          { skipHolidays: policy.skipHolidays }
        )
        switch (check._tag) {
          case "Suppress":
            return decided(d, { _tag: "Suppress", reason: check.reason }, now)
          case "Expire":
            return decided(d, { _tag: "Expire", reason: check.reason }, now)
          case "Defer":
            return decided(d, { _tag: "Defer", until: check.until }, now)
        }
        const rendered = Templates.render(intent.template, intent.language, intent.values, d.channel)
        if (Either.isLeft(rendered)) return decided(d, { _tag: "Fail", reason: "Misconfigured", retryable: false, jitter: 0 }, now)
        const sent = yield* Effect.either(
          d.channel === "email"
            ? email.send({
                deliveryId: d.deliveryId,
                to: address!,
                subject: rendered.right.subject,
                text: rendered.right.text,
                html: rendered.right.html,
                language: intent.language,
                unsubscribeUrl: intent.transactional ? undefined : config.unsubscribeUrl?.(d.personId, d.deliveryId)
              })
            : sms.send({ deliveryId: d.deliveryId, to: address!, text: rendered.right.sms })
        )
        const after = yield* Clock.currentTimeMillis
        if (Either.isRight(sent)) {
          return decided(d, { _tag: "Succeed", providerMessageId: sent.right.providerMessageId, consentRecordId: check.consentRecordId }, after)
        }
        const e = sent.left
        const jitter = Math.min(0.999_999, yield* Random.next)
        return decided(d, { _tag: "Fail", reason: e.reason, retryable: e.retryable, retryAfterMillis: e.retryAfterMillis, code: e.code, jitter }, after)
      })

    const outcomeCounter: Record<Deliveries.Outcome["_tag"], Counter> = {
      Sent: "sent",
      Suppressed: "suppressed",
      Expired: "expired",
      Defer: "deferred",
      Retry: "retried",
      Failed: "failed",
      Parked: "parked"
    }

    const sendDue = (count: (k: Counter, n?: number) => void) =>
      Effect.gen(function* () {
        // Brought up to date before the claim, so that the lease is not spent reading, and again after it:
        // a withdrawal recorded before the claim is seen by every delivery of the batch.
        yield* refresh
        const due = yield* deliveries.claimDue({ owner, limit: batch, leaseMillis })
        if (due.length === 0) return 0
        const v = yield* refresh
        const read = yield* prefetch(v, due)
        yield* Effect.forEach(
          due,
          (d) =>
            Effect.gen(function* () {
              const now = yield* Clock.currentTimeMillis
              if (d.leaseUntil !== null && d.leaseUntil.getTime() - now < margin) {
                count("lost")
                return
              }
              const outcome = yield* sendOne(v, d, read)
              const applied = yield* deliveries.settle(d.deliveryId, owner, outcome)
              count(applied ? outcomeCounter[outcome._tag] : "lost")
            }),
          { concurrency: config.concurrency ?? 8, discard: true }
        )
        return due.length
      })

    const runOnce = Effect.gen(function* () {
      const step: Record<Counter, number> = { ...emptyStep }
      const count = (k: Counter, n = 1) => {
        step[k] += n
      }
      yield* planOutbox(count)
      yield* sendDue(count)
      return step as Step
    }).pipe(AccessLog.actingAs(actor), Effect.provide(services))

    const idle = (s: Step) => s.planned + s.unreadable + s.sent + s.suppressed + s.expired + s.deferred + s.retried + s.failed + s.parked + s.lost === 0

    /** Repeats `runOnce` forever; `onStep` sees each step's result. */
    const run = (onStep: (s: Step) => Effect.Effect<void> = () => Effect.void) =>
      Effect.forever(
        Effect.flatMap(runOnce, (s) => Effect.zipRight(onStep(s), idle(s) ? Effect.sleep(Duration.millis(config.pollMillis ?? 1000)) : Effect.void))
      )

    return { runOnce, run }
  })

/** What a step can fail with: the store's errors (a transport's are settled on the delivery). @category models */
export type Failure = StoreError.StoreError | StoreError.InvalidInput

/** A dispatcher. @category models */
export interface Dispatcher {
  readonly runOnce: Effect.Effect<Step, Failure, Requirements>
  readonly run: (onStep?: (s: Step) => Effect.Effect<void>) => Effect.Effect<never, Failure, Requirements>
}

/**
 * Steps until a step does nothing (no entry planned, no delivery claimed), at most `maxSteps`; the steps' sum.
 *
 * @category combinators
 */
export const drain = (d: Dispatcher, maxSteps = 1000): Effect.Effect<Step, Failure, Requirements> =>
  Effect.gen(function* () {
    const total: Record<Counter, number> = { ...emptyStep }
    for (let i = 0; i < maxSteps; i++) {
      const s = yield* d.runOnce
      let busy = false
      for (const k of Object.keys(total) as Array<Counter>) {
        total[k] += s[k]
        if (s[k] > 0 && k !== "unreadable") busy = true
      }
      if (!busy) break
    }
    return total as Step
  })


const unconfigured = (what: string) =>
  Effect.fail(new TransportError({ reason: "Misconfigured", retryable: false, message: `no ${what} is configured` }))

/**
 * An SMS transport for a dispatcher without an SMS gateway: every SMS fails for good (`Misconfigured`).
 *
 * @category layers
 */
export const noSms: Layer.Layer<SmsTransport> = Layer.succeed(SmsTransport, { send: () => unconfigured("SMS gateway") })

/**
 * An email transport for a dispatcher without an SMTP server: every email fails for good (`Misconfigured`).
 *
 * @category layers
 */
export const noEmail: Layer.Layer<EmailTransport> = Layer.succeed(EmailTransport, { send: () => unconfigured("SMTP server") })
