/**
 * The whole flow of one group for each seed model, through the Coordinator: plan → recruit → refer →
 * eligibility → intake and consents → enrol or waitlist → schedule and .ics → start → 3X10D → sessions with
 * attendance and anonymous feedback → completion and follow-up → cost → aggregates → the data-protection
 * officer's export, access log and erasure.
 */
import type { PersonFacts } from "@vertaistuki/core"
import { Effect, type ManagedRuntime } from "effect"
import { DateTime } from "luxon"
import { expect } from "vitest"
import { Coordinator } from "../src/index.js"
import * as StoryClock from "../src/internal/clock.js"

export const organisationId = "org-demo"
type Actor = Coordinator.Actor
export const coordinator: Actor = { userId: "u-coordinator", role: "coordinator", organisationId, groupsLed: [] }
export const analyst: Actor = { userId: "u-analyst", role: "analyst", organisationId, groupsLed: [] }
export const dpo: Actor = { userId: "u-dpo", role: "data-protection-officer", organisationId, groupsLed: [] }
export const leaderOf = (groupId: string): Actor => ({ userId: `u-leader-${groupId}`, role: "group-leader", organisationId, groupsLed: [groupId] })

export const at = (iso: string) => DateTime.fromISO(iso, { zone: "Europe/Helsinki" })

/** One seed model's group: the plan's settings and the facts of the families referred to it. */
export interface Model {
  readonly programmeId: string
  readonly name: string
  readonly language: "fi" | "sv" | "en"
  readonly plan: Omit<Coordinator.PlanGroupRequest, "programmeId" | "name" | "language" | "leaders" | "groupId">
  readonly leaders: ReadonlyArray<{ readonly role: "professional" | "peer-leader" | "institution-professional" | "coordinator"; readonly trainings: ReadonlyArray<string> }>
  readonly source: "institution" | "social-worker" | "health-professional" | "self"
  readonly modality: "in-person" | "remote"
  readonly facts: PersonFacts.PersonFacts
  /** A minor whose guardian consents (the USM children). */
  readonly minor: boolean
  readonly messagingGroup: boolean
  readonly outcomes: boolean
  readonly capacity: number
}

const professional = { role: "professional", trainings: [] } as const

export const models: ReadonlyArray<Model> = [
  {
    programmeId: "voikukkia",
    name: "VOIKUKKIA-ryhmä Tampere kevät 2026",
    language: "fi",
    plan: { organisers: [{ kind: "municipality", name: "Tampere" }] },
    leaders: [
      { role: "professional", trainings: ["voikukkia-leader"] },
      { role: "professional", trainings: ["voikukkia-leader"] },
      { role: "peer-leader", trainings: ["voikukkia-peer-leader"] }
    ],
    source: "social-worker",
    modality: "in-person",
    facts: { role: "parent", childSituation: "custody", commitsToWholeProcess: true, lifeSituationAllows: true },
    minor: false,
    messagingGroup: false,
    outcomes: false,
    capacity: 8
  },
  {
    programmeId: "online-parents-of-placed-youth",
    name: "Verkkoryhmä sijoitettujen nuorten vanhemmille kevät 2026",
    language: "fi",
    plan: {
      organisers: [
        { kind: "ngo", name: "Läheisjärjestö" },
        { kind: "child-protection-institution", name: "Päihdekuntoutusyksikkö" }
      ],
      minimum: 3
    },
    leaders: [professional, { role: "peer-leader", trainings: [] }, { role: "institution-professional", trainings: [] }],
    source: "institution",
    modality: "remote",
    facts: {
      role: "parent",
      childSituation: "placement",
      placementSetting: "substance-rehabilitation-institution",
      referredBy: "institution",
      commitsToWholeProcess: true,
      lifeSituationAllows: true,
      specialSupportNeed: "none"
    },
    minor: false,
    messagingGroup: true,
    outcomes: false,
    capacity: 6
  },
  {
    programmeId: "professionally-guided",
    name: "Itsenäistyvien nuorten ryhmä Mikkeli",
    language: "fi",
    plan: { organisers: [{ kind: "welfare-region", name: "Etelä-Savon hyvinvointialue" }], minimum: 3, maximum: 6, sessionCount: 6, defaultMinutes: 90, groupForm: "closed" },
    leaders: [professional],
    source: "health-professional",
    modality: "in-person",
    facts: { role: "young-person", schoolStage: "final-year-comprehensive", specialSupportNeed: "neuropsychiatric", referredBy: "health-professional" },
    minor: false,
    messagingGroup: false,
    outcomes: true,
    capacity: 6
  },
  {
    programmeId: "experience-expert-structure",
    name: "Sisarusryhmä Hämeenlinna",
    language: "fi",
    plan: { organisers: [{ kind: "welfare-region", name: "Kanta-Hämeen hyvinvointialue" }], minimum: 4, maximum: 5, sessionCount: 4, defaultMinutes: 120, groupForm: "closed", minimumWaiverReason: "small numbers are accepted at the start (seed 003)" },
    leaders: [professional],
    source: "social-worker",
    modality: "in-person",
    facts: { role: "sibling", childSituation: "open-care" },
    minor: false,
    messagingGroup: false,
    outcomes: false,
    capacity: 5
  },
  {
    programmeId: "usm-children",
    name: "USM-gruppen Vasa våren 2026",
    language: "sv",
    plan: { organisers: [{ kind: "ngo", name: "Förening i Vasa" }], minimum: 3, maximum: 5, sessionCount: 5, defaultMinutes: 60, groupForm: "closed" },
    leaders: [professional],
    source: "social-worker",
    modality: "in-person",
    facts: { role: "child", dateOfBirth: "2016-04-12", languages: ["sv", "fi"], familySubstanceProblem: true, childSituation: "open-care" },
    minor: true,
    messagingGroup: false,
    outcomes: false,
    capacity: 5
  }
]

/** Runs an effect needing the Coordinator with the story clock at `when`. */
export type Run = <A, E>(effect: Effect.Effect<A, E, Coordinator.Coordinator>, when?: DateTime) => Promise<A>

export const runner = (runtime: ManagedRuntime.ManagedRuntime<Coordinator.Coordinator, unknown>, start: DateTime): { run: Run; clock: StoryClock.StoryClock } => {
  const clock = StoryClock.make(start)
  const run: Run = (effect, when) => {
    if (when !== undefined) clock.set(when)
    const stack = new Error("called here").stack
    return runtime.runPromise(Effect.withClock(effect, clock.clock)).catch((e) => {
      if (process.env.DEBUG_FLOW) console.log(String(e), stack)
      throw e
    })
  }
  return { run, clock }
}

/** Runs an effect and returns its failure (or fails the test when it succeeds). */
export const failure = async <A, E>(run: Run, effect: Effect.Effect<A, E, Coordinator.Coordinator>, when?: DateTime): Promise<E> => {
  const r = await run(Effect.flip(effect), when)
  return r
}

const C = Coordinator.Coordinator

/** The whole flow of one model; returns what the test checks afterwards. */
export const flow = async (run: Run, model: Model, suffix: string) => {
  const groupId = `${model.programmeId}-${suffix}`
  const leader = leaderOf(groupId)
  await run(Effect.flatMap(C, (c) => c.ensureOrganisation(coordinator, { organisationId, name: "Demo welfare region" })), at("2026-02-01T09:00"))

  const request: Coordinator.PlanGroupRequest = {
    ...model.plan,
    groupId,
    programmeId: model.programmeId,
    name: model.name,
    language: model.language,
    leaders: model.leaders.map((l, i) => ({ userId: i === 0 ? leader.userId : `u-${groupId}-leader-${i + 1}`, role: l.role, trainings: l.trainings as never }))
  }
  const planned = await run(Effect.flatMap(C, (c) => c.planGroup(coordinator, request)), at("2026-02-02T09:00"))
  expect(planned.status).toBe("draft")
  expect(planned.capacity).toBe(model.capacity)
  await run(Effect.flatMap(C, (c) => c.openRecruitment(leader, { groupId })), at("2026-02-02T09:05"))

  // Referral, eligibility, intake and consents for capacity + 1 people.
  const people: Array<string> = []
  for (let i = 0; i < model.capacity + 1; i++) {
    const participantId = `${groupId}-p${i + 1}`
    const when = at("2026-02-03T10:00").plus({ days: i })
    const consent = (purpose: Coordinator.ConsentInput["purpose"], givenBy: Coordinator.ConsentInput["givenBy"] = "person") =>
      ({ purpose, action: "grant", givenBy, channel: "in-person", textVersion: "2026-01" }) as const
    const referred = await run(
      Effect.flatMap(C, (c) =>
        c.refer(leader, {
          groupId,
          participantId,
          source: model.source,
          modality: model.modality,
          contact: { name: `Perhe ${i + 1} ${model.programmeId}`, phone: `+35840111${String(i).padStart(4, "0")}`, language: model.language },
          ...(model.source === "institution" ? { disclosureConsent: consent("contact-disclosure") } : {})
        })
      ),
      when
    )
    expect(referred.status).toBe("contact-received")
    expect(referred.contact._tag).toBe("Contact")

    const decided = await run(Effect.flatMap(C, (c) => c.eligibility(leader, { participantId, facts: model.facts })), when.plus({ hours: 1 }))
    expect(decided.language).toBe(model.language)
    expect(decided.outcome).toBe("eligible")
    expect(decided.summary.length).toBeGreaterThan(0)

    const givenBy = model.minor ? "guardian" : "person"
    const purposes: Array<Coordinator.ConsentInput["purpose"]> = ["taking-part", "reporting"]
    if (model.outcomes) purposes.push("evaluation-questionnaire")
    if (model.messagingGroup && i !== 2) purposes.push("messaging-group")
    const intake = await run(
      Effect.flatMap(C, (c) =>
        c.intake(leader, {
          participantId,
          intakeAt: when.plus({ days: 7 }),
          modality: model.modality,
          technologyRehearsed: model.modality === "remote",
          ...(model.minor ? { subject: { dateOfBirth: model.facts.dateOfBirth!, understandsOwnData: false } } : {}),
          consents: purposes.map((p) => consent(p, givenBy))
        })
      ),
      when.plus({ days: 7, hours: 1 })
    )
    expect(intake.status).toBe("consents-recorded")
    expect([...intake.consents].sort()).toEqual([...purposes, ...(model.source === "institution" ? ["contact-disclosure" as const] : [])].sort())
    people.push(participantId)
  }

  // Enrolment: the last one waits.
  const outcomes: Array<Coordinator.EnrolResult> = []
  for (const participantId of people) outcomes.push(await run(Effect.flatMap(C, (c) => c.enrol(coordinator, { participantId })), at("2026-03-02T12:00")))
  expect(outcomes.filter((o) => o.outcome === "enrolled")).toHaveLength(model.capacity)
  expect(outcomes.at(-1)).toMatchObject({ outcome: "waitlisted", waitlistPosition: 1, enrolled: model.capacity, capacity: model.capacity })
  const waiting = await run(Effect.flatMap(C, (c) => c.waitlist(leader, { groupId })))
  expect(waiting.entries.map((w) => w.participantId)).toEqual([people.at(-1)])

  if (model.messagingGroup) {
    for (const [i, participantId] of people.slice(0, model.capacity).entries()) {
      const joined = await run(Effect.either(Effect.flatMap(C, (c) => c.joinMessagingGroup(leader, { participantId }))), at("2026-03-03T09:00"))
      if (i === 2) expect(joined._tag).toBe("Left")
      else expect(joined._tag).toBe("Right")
    }
  }

  // Schedule from Thursday 2 April 2026: Ascension Day (14 May) is skipped by weekly groups long enough to reach it.
  const schedule = await run(Effect.flatMap(C, (c) => c.schedule(leader, { groupId, start: "2026-04-02", time: "17:00", cadence: "weekly", saturdayTime: "10:00" })), at("2026-03-20T09:00"))
  expect(schedule.sessions.length).toBeGreaterThan(0)
  for (const s of schedule.sessions) expect(s.start?.toISODate()).not.toBe("2026-05-14")
  const ics = await run(Effect.flatMap(C, (c) => c.calendar(leader, { groupId })))
  expect(ics.body.match(/BEGIN:VEVENT/g)).toHaveLength(schedule.sessions.length)
  expect(ics.body).toContain("TZID=Europe/Helsinki")
  if (model.programmeId === "online-parents-of-placed-youth") expect(schedule.sessions.at(-1)!.start!.weekday).toBe(6)

  // The schedule's notices wait in the outbox for the notifier.
  const reminders = await run(Effect.flatMap(C, (c) => c.reminders(leader, { groupId })))
  expect(reminders.available).toBe(true)
  expect(reminders.pendingNotices).toBeGreaterThanOrEqual(schedule.sessions.length)

  const started = await run(Effect.flatMap(C, (c) => c.startGroup(leader, { groupId })), schedule.sessions[0]!.start!.minus({ minutes: 30 }))
  expect(started.status).toBe("running")

  const enrolled = people.slice(0, model.capacity)
  if (model.outcomes) {
    for (const [i, participantId] of enrolled.entries()) {
      await run(Effect.flatMap(C, (c) => c.recordOutcome(leader, { participantId, phase: "start", answers: Array.from({ length: 10 }, (_, k) => (i + k) % 6) })))
    }
  }

  // Each session: attendance and anonymous feedback.
  for (const s of schedule.sessions) {
    const end = s.start!.plus({ minutes: s.minutes })
    const last = s.number === schedule.sessions.length
    const view = await run(
      Effect.flatMap(C, (c) =>
        c.recordAttendance(leader, {
          sessionId: s.sessionId,
          attendance: enrolled.map((participantId, i) => ({ participantId, status: i === 0 && s.number === 2 ? "excused" : i === 1 && s.number === 3 ? "absent" : "present", minutes: null })),
          ...(last && model.programmeId === "online-parents-of-placed-youth" ? { guests: [{ guestId: "expert-1", role: "experience-expert", feeCents: 20000 }] } : {}),
          travelClaims: [{ personId: enrolled[0]!, cents: 1260, minor: model.minor, escortId: model.minor ? "foster-carer-1" : null }].filter(() => s.number !== 2)
        })
      ),
      end
    )
    expect(view.status).toBe("held")
    const feedback = await run(Effect.flatMap(C, (c) => c.submitFeedback(leader, { sessionId: s.sessionId, responses: [{ rating: 4 }, { rating: 5 }, { rating: 3, text: "hyvä" }] })), end.plus({ hours: 1 }))
    expect(feedback).toEqual({ sessionId: s.sessionId, responses: 3, withheld: 0 })
  }

  const last = schedule.sessions.at(-1)!
  const completed = await run(Effect.flatMap(C, (c) => c.completeGroup(leader, { groupId })), last.start!.plus({ minutes: last.minutes + 60 }))
  expect(completed.status).toBe("completed")
  if (model.outcomes) {
    for (const [i, participantId] of enrolled.entries()) {
      await run(Effect.flatMap(C, (c) => c.recordOutcome(leader, { participantId, phase: "end", answers: Array.from({ length: 10 }, (_, k) => Math.min(10, ((i + k) % 6) + 2)) })))
    }
    const change = await run(Effect.flatMap(C, (c) => c.outcome(leader, { participantId: enrolled[0]! })))
    expect(change.change).toHaveLength(10)
    expect(change.change[9]!.change).toBe(2)
  }
  const followed = await run(Effect.flatMap(C, (c) => c.followUp(leader, { groupId, held: true })), last.start!.plus({ days: 30 }))
  expect(followed.status).toBe("followed-up")

  // The cost against its alternatives.
  const cost = await run(
    Effect.flatMap(C, (c) =>
      c.cost(coordinator, {
        groupId,
        ...(model.programmeId === "voikukkia" ? {} : { hourlyCents: 4500 }),
        ...(model.programmeId === "experience-expert-structure"
          ? {
              scenario: {
                name: model.name,
                participants: { min: 4, likely: 5, max: 5 },
                structure: [
                  { line: "coordinator", amount: 5_000_000, count: 0.2 },
                  { line: "experience-experts", amount: 20000, count: 4 },
                  { line: "refreshments", amount: 4000, count: 4 }
                ]
              } as never
            }
          : {})
      })
    )
  )
  expect(cost.options[0]!.kind).toBe("peer-group")
  // VOIKUKKIA as the seed prices it (seed 001): 3,555–6,155 €.
  if (model.programmeId === "voikukkia") expect(cost.options[0]!.total).toMatchObject({ min: 355500, max: 615500 })
  if (model.programmeId === "online-parents-of-placed-youth") expect(cost.scenario.staff?.map((x) => x.activity)).toEqual(["sessions", "intake"])
  expect(cost.options.length).toBeGreaterThan(1)
  expect(cost.charts.comparison).toContain("<svg")

  const roster = await run(Effect.flatMap(C, (c) => c.roster(leader, { groupId, contacts: true })))
  expect(roster.members).toHaveLength(model.capacity + 1)
  expect(roster.members[0]!.name).toBe(`Perhe 1 ${model.programmeId}`)
  expect((await run(Effect.flatMap(C, (c) => c.roster(leader, { groupId })))).members[0]!.name).toBeNull()
  expect(roster.members.filter((m) => m.status === "completed")).toHaveLength(model.capacity)
  expect(roster.members.find((m) => m.participantId === enrolled[1])).toMatchObject({ absent: 1 })

  return { groupId, leader, people, enrolled, schedule }
}
