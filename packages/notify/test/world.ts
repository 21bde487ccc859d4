/**
 * A small world for the dispatcher's tests: a group, its members with contact details (sealed personal
 * fields) and consents, a scheduled session, the outbox entries the events make, and a clock that runs at
 * real speed from a chosen instant.
 */
import type { Lifecycle, Session } from "@vertaistuki/core"
import { AccessLog, EventStore, type StoreDriver } from "@vertaistuki/store"
import { Clock, Duration, Effect } from "effect"

export const system = AccessLog.system("test")

/** A clock that runs at real speed from `start` (epoch milliseconds). */
export const clockFrom = (start: number): Clock.Clock => {
  const offset = start - Date.now()
  const now = () => Date.now() + offset
  return {
    [Clock.ClockTypeId]: Clock.ClockTypeId,
    unsafeCurrentTimeMillis: now,
    currentTimeMillis: Effect.sync(now),
    unsafeCurrentTimeNanos: () => BigInt(now()) * 1_000_000n,
    currentTimeNanos: Effect.sync(() => BigInt(now()) * 1_000_000n),
    sleep: (d) => Effect.promise(() => new Promise<void>((resolve) => setTimeout(resolve, Duration.toMillis(d))))
  }
}

/** One member of the world's group. */
export interface Member {
  readonly participantId: string
  readonly personId: string
  readonly email: string
  readonly phone?: string | undefined
  /** Which reminder consents the member gave (granted at `consentAt`). */
  readonly consents: ReadonlyArray<"email-reminders" | "sms-reminders">
}

export const member = (i: number, consents: Member["consents"] = ["email-reminders"], group = "g-1"): Member => ({
  participantId: `${group}-pt-${i}`,
  personId: `${group}-person-${i}`,
  email: `parent${i}.${group}@example.test`,
  phone: `+35840111${String(i).padStart(4, "0")}`,
  consents
})

const grant = (participantId: string, purpose: string, at: string) => ({
  type: "ConsentRecorded",
  data: { participantId, at, record: { purpose, action: "grant", givenBy: "person", textVersion: "reminders-v1", at, channel: "electronic-form" } }
})

/** Records the members' referral (with their contact details sealed), consents and enrolment in the group. */
export const seedMembers = (groupId: string, members: ReadonlyArray<Member>, at: string) =>
  Effect.gen(function* () {
    const es = yield* EventStore.EventStore
    for (const m of members) {
      yield* es.append(`participant-${m.participantId}`, "any", [
        {
          type: "ParticipantReferred",
          data: { participantId: m.participantId, personId: m.personId, groupId, source: "self", modality: "in-person", at },
          personId: m.personId,
          personal: { name: `Parent ${m.participantId}`, email: m.email, ...(m.phone === undefined ? {} : { phone: m.phone }) }
        },
        ...m.consents.map((p) => ({ ...grant(m.participantId, p, at), personId: m.personId })),
        { type: "ParticipantEnrolled", data: { participantId: m.participantId, groupId, at }, personId: m.personId }
      ])
    }
  })

/** Withdraws a consent of a member (the journey's `ConsentWithdrawn`). */
export const withdraw = (m: Member, purpose: string, at: string) =>
  Effect.flatMap(EventStore.EventStore, (es) =>
    es.append(`participant-${m.participantId}`, "any", [{ type: "ConsentWithdrawn", data: { participantId: m.participantId, at, purpose }, personId: m.personId }])
  )

/** Plans and schedules a session of the group, with the outbox entries `outbox` makes of the events. */
export const seedSession = (
  groupId: string,
  sessionId: string,
  start: string,
  at: string,
  outbox: (events: ReadonlyArray<Lifecycle.LifecycleEvent>) => ReadonlyArray<{ readonly topic: string; readonly payload: unknown; readonly personId?: string | undefined }>
) =>
  Effect.gen(function* () {
    const es = yield* EventStore.EventStore
    const events: ReadonlyArray<Session.SessionEvent> = [
      { _tag: "SessionPlanned", sessionId, groupId, number: 1, at, modality: "in-person", maxMinutes: 120, theme: null },
      { _tag: "SessionScheduled", sessionId, at, start, minutes: 90 }
    ]
    yield* es.append(`session-${sessionId}`, "any", events.map(({ _tag, ...data }) => ({ type: _tag, data })), { outbox: outbox(events) })
  })

export type Services = StoreDriver.Services
