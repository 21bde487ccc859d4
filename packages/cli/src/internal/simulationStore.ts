/**
 * The national-year simulation against a store: one instance's share of the groups generated through the
 * deciders (`simulation.ts`), each run of a stream's events appended with `LifecycleCodec.encode` (the
 * personal fields and free texts sealed by the store) and its notices for the outbox (`Notice.fromEvents`),
 * many appends at once where the store has it (`EventStore.appendMany`, else `EventStore.transaction`);
 * then, once every instance has written, the erasures the stories ask for, through the vault. `catchUp`
 * catches up every projection in one scan and counts what they hold, to be compared with the generated counts.
 */
import { Notice } from "@vertaistuki/notify"
import {
  AccessLog,
  Attendance,
  ConsentRegistry,
  EventStore,
  GroupRoster,
  LifecycleCodec,
  PersonalDataVault,
  Projection,
  ReportFacts,
  Sessions,
  StoreError,
  Waitlist
} from "@vertaistuki/store"
import { Effect, Either } from "effect"
import { add, type Counts, groupsOf, type Story, story, zero } from "./simulation.js"

/** What one run of the simulation is asked to do. */
export interface Plan {
  readonly seed: number
  readonly regions: number
  readonly perRegion: number
  /** This instance (0-based) of `instances`: it takes every `instances`-th group. */
  readonly instance: number
  readonly instances: number
  /** About how many events one transaction holds. */
  readonly batchEvents?: number | undefined
  /** Called after each group is appended, with the groups done so far. */
  readonly progress?: ((done: number, total: number) => void) | undefined
}

/** Milliseconds spent per phase. */
export interface Timings {
  readonly deciding: number
  readonly encoding: number
  readonly appending: number
}

/** A group's attributes the events do not hold, for the report and the capacity check. */
export interface Attributes {
  readonly region: string
  readonly language: string
  readonly organiserId: string
  readonly capacity: number
}

/** What one instance wrote. */
export interface Written {
  /** Each group's attributes, by group id. */
  readonly groups: Readonly<Record<string, Attributes>>
  readonly instance: number
  readonly counts: Counts
  /** The counts per programme model. */
  readonly perModel: Readonly<Record<string, Counts>>
  readonly appends: number
  readonly transactions: number
  readonly outbox: number
  /** The people who ask to be erased after their group (`erase` erases them). */
  readonly erasures: ReadonlyArray<string>
  /** The largest group's peak enrolment above its capacity (0: never exceeded). */
  readonly overCapacity: number
  readonly timings: Timings
}

/** The actor the simulation writes and reads as (logged). */
export const actor = AccessLog.system("simulation")

/** Who acts for the erasures the simulated people ask for. */
const erasureContext = { actor: "simulation-dpo", purpose: "erasure-request", legalBasis: "GDPR Art. 17" }

/** A story's run as the store's new events, and its notices. */
export const encodeRun = (s: Story, run: Story["runs"][number]) => {
  const personOf = (participantId: string) => s.personOf.get(participantId)
  const events = run.events.map((e) => {
    const participantId = "participantId" in e && typeof e.participantId === "string" ? e.participantId : undefined
    const personId = participantId === undefined ? undefined : personOf(participantId)
    const personal = e._tag === "ParticipantReferred" ? s.personal.get(e.personId) : undefined
    return Either.getOrThrow(
      LifecycleCodec.encode(e, { groupId: s.groupId, ...(personId === undefined ? {} : { personId }), ...(personal === undefined ? {} : { personal }) })
    )
  })
  return { events, outbox: Notice.fromEvents(run.events, { groupId: s.groupId, personOf }) }
}

/**
 * Generates and appends this instance's share of the national year. Streams are the instance's own (one group's streams are written by one instance), so each append
 * expects the version the instance itself wrote last: a conflict would be a bug, and fails the run.
 */
export const write = (plan: Plan) =>
  Effect.gen(function* () {
    const es = yield* EventStore.EventStore
    const mine = groupsOf(plan.regions, plan.perRegion, plan.instance, plan.instances)
    const limit = plan.batchEvents ?? 2000
    const versions = new Map<string, number>()
    let counts = zero
    const perModel: Record<string, Counts> = {}
    let appends = 0
    let transactions = 0
    let outboxed = 0
    let overCapacity = 0
    const erasures: Array<string> = []
    const groups: Record<string, Attributes> = {}
    const t = { deciding: 0, encoding: 0, appending: 0 }
    type Pending = { readonly streamId: string; readonly events: ReadonlyArray<EventStore.NewEvent>; readonly outbox: ReturnType<typeof encodeRun>["outbox"] }
    let pending: Array<Pending> = []
    let pendingEvents = 0

    const flush = Effect.suspend(() => {
      if (pending.length === 0) return Effect.void
      const batch = pending
      pending = []
      pendingEvents = 0
      const started = performance.now()
      // The versions this batch leads to are kept only once it commits: a batch that fails is undone as a
      // whole and tried again (another instance holding the write lock too long is a retryable failure).
      const attempt = Effect.suspend(() => {
        const next = new Map<string, number>()
        const expect = (p: Pending): EventStore.ExpectedVersion => {
          const expected = next.get(p.streamId) ?? versions.get(p.streamId) ?? 0
          next.set(p.streamId, expected + p.events.length)
          return expected === 0 ? "no-stream" : expected
        }
        const commit = Effect.sync(() => {
          for (const [k, v] of next) versions.set(k, v)
        })
        // One call for the whole batch where the store has it; else its appends in one transaction.
        if (es.appendMany !== undefined) {
          const items = batch.map((p) => ({ streamId: p.streamId, expectedVersion: expect(p), events: p.events, options: p.outbox.length === 0 ? undefined : { outbox: p.outbox } }))
          return Effect.zipRight(es.appendMany(items), commit)
        }
        return EventStore.inTransaction(
          es,
          Effect.forEach(
            batch,
            (p) =>
              Effect.suspend(() => es.append(p.streamId, expect(p), p.events, p.outbox.length === 0 ? undefined : { outbox: p.outbox })),
            { discard: true }
          )
        ).pipe(Effect.zipRight(commit))
      })
      return StoreError.retryOnConflict(attempt, { times: 8, base: 50 }).pipe(
        Effect.tap(() =>
          Effect.sync(() => {
            appends += batch.length
            transactions++
            t.appending += performance.now() - started
          })
        )
      )
    })

    for (const [i, [r, g]] of mine.entries()) {
      const t0 = performance.now()
      const s = story(plan.seed, r, g)
      const t1 = performance.now()
      for (const run of s.runs) {
        const { events, outbox } = encodeRun(s, run)
        pending.push({ streamId: run.streamId, events, outbox })
        pendingEvents += events.length
        outboxed += outbox.length
      }
      t.deciding += t1 - t0
      t.encoding += performance.now() - t1
      counts = add(counts, s.counts)
      perModel[s.programmeId] = add(perModel[s.programmeId] ?? zero, s.counts)
      overCapacity = Math.max(overCapacity, s.counts.peakEnrolled - s.capacity)
      erasures.push(...s.erasures)
      groups[s.groupId] = { region: s.region, language: s.language, organiserId: s.organiserId, capacity: s.capacity }
      if (pendingEvents >= limit) yield* flush
      plan.progress?.(i + 1, mine.length)
    }
    yield* flush

    return {
      instance: plan.instance,
      groups,
      counts,
      perModel,
      appends,
      transactions,
      outbox: outboxed,
      erasures,
      overCapacity,
      timings: t
    } satisfies Written
  }).pipe(AccessLog.actingAs(actor))

/**
 * Erases the people who asked for it, through the vault (logged; each `PersonErased` is one more event),
 * once every instance has written: an erasure settles at once (on PostgreSQL it rewrites the key table),
 * which would wait for, and hold up, the other instances' open transactions.
 */
export const erase = (people: ReadonlyArray<string>) =>
  Effect.gen(function* () {
    const vault = yield* PersonalDataVault.PersonalDataVault
    let erased = 0
    for (const personId of people) if (!(yield* vault.erase(personId, erasureContext)).alreadyErased) erased++
    return erased
  }).pipe(AccessLog.actingAs(actor))

/** Every projection of the store. */
export const projections = {
  roster: GroupRoster.projection,
  attendance: Attendance.projection,
  waitlist: Waitlist.projection,
  consents: ConsentRegistry.projection,
  sessions: Sessions.projection,
  facts: ReportFacts.projection
}

/** What the projections hold, counted the way the stories count it. */
export interface Projected {
  readonly position: number
  readonly applied: number
  readonly groups: number
  readonly cancelled: number
  readonly people: number
  readonly enrolled: number
  readonly completed: number
  readonly droppedOut: number
  readonly withdrawn: number
  readonly sessions: number
  readonly heldSessions: number
  readonly present: number
  readonly excused: number
  readonly absent: number
  readonly measurements: number
  readonly stillWaiting: number
  readonly erased: number
  /** The largest number of members on one session's date above the group's capacity (0: never exceeded). */
  readonly overCapacity: number
}

/** Catches up every projection in one scan and counts what they hold. */
export const catchUp = (capacityOf: (groupId: string) => number | undefined) =>
  Effect.gen(function* () {
    const caught = yield* Projection.catchUpAll(projections)
    const facts = caught.facts.state
    const attendance = caught.attendance.state
    const participants = [...facts.participants.values()]
    let present = 0
    let excused = 0
    let absent = 0
    for (const x of Object.values(attendance.sessions)) {
      present += x.present.length
      excused += x.excused.length
      absent += x.absent.length
    }
    let overCapacity = 0
    for (const x of Object.values(attendance.sessions)) {
      if (x.groupId === null || x.date === null) continue
      const cap = capacityOf(x.groupId)
      const roster = GroupRoster.rosterOn(caught.roster.state, x.groupId, x.date).length
      if (cap !== undefined) overCapacity = Math.max(overCapacity, roster - cap)
    }
    const sessions = Object.values(caught.sessions.state.sessions)
    return {
      position: caught.facts.position,
      applied: Math.max(...Object.values(caught).map((c) => c.applied)),
      groups: facts.groups.size,
      cancelled: [...facts.groups.values()].filter((g) => g.cancelledAt !== null).length,
      people: participants.length,
      enrolled: participants.filter((p) => p.enrolledAt !== null).length,
      completed: participants.filter((p) => p.ending === "completed").length,
      droppedOut: participants.filter((p) => p.ending === "dropped-out").length,
      withdrawn: participants.filter((p) => p.ending === "withdrawn").length,
      sessions: sessions.length,
      heldSessions: sessions.filter((x) => x.status === "held").length,
      present,
      excused,
      absent,
      measurements: participants.reduce((n, p) => n + p.measurements.length, 0),
      stillWaiting: Object.values(caught.waitlist.state.groups).reduce((n, l) => n + l.length, 0),
      erased: Object.keys(caught.roster.state.erased).length,
      overCapacity
    } satisfies Projected
  }).pipe(AccessLog.actingAs(actor))
