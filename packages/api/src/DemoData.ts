/**
 * Demo data for the coordinator app: an organisation, one user per role plus a leader per group, and one
 * running group per seed model of the catalogue, each with referred families, intake interviews, consents,
 * enrolments, a waiting list, a schedule and its first sessions held. Everything is made by calling the
 * `Coordinator` as the demo's users, so the demo exercises the same paths as the app. The story's times
 * follow `start` (the same start makes the same data); a second run finds the data and adds nothing.
 *
 * The people are fictional; the passwords are the demo's own, printed by the app for signing in.
 *
 * @since 0.1.0
 */
import { Catalogue, type PersonFacts, Schedule } from "@vertaistuki/core"
import { Clock, Effect } from "effect"
import { DateTime } from "luxon"
import type { Actor } from "./Authorization.js"
import { Coordinator, type CoordinatorError, type GroupSummary, type PlanGroupRequest } from "./Coordinator.js"
import * as StoryClock from "./internal/clock.js"

/** The demo's organisation. @category constants */
export const organisationId = "demo-org"

/** A demo user: the name to sign in with, the demo password and the actor. @category models */
export interface User {
  readonly username: string
  readonly password: string
  readonly displayName: string
  readonly actor: Actor
}

/** A demo group, with the ids of its participations and sessions. @category models */
export interface Group extends GroupSummary {
  readonly participantIds: ReadonlyArray<string>
  readonly sessionIds: ReadonlyArray<string>
}

/** What `ensure` made or found. @category models */
export interface Demo {
  /** False when the data was there already. */
  readonly created: boolean
  readonly organisationId: string
  readonly users: ReadonlyArray<User>
  readonly groups: ReadonlyArray<Group>
}

const user = (username: string, displayName: string, role: Actor["role"], groupsLed: ReadonlyArray<string> = []): User => ({
  username,
  password: `${username}-demo-2026`,
  displayName,
  actor: { userId: username, role, organisationId, groupsLed }
})

/** One demo group per seed model: its id, its leader's user name and how it is planned. */
interface DemoGroup {
  readonly groupId: string
  readonly leader: string
  readonly request: Omit<PlanGroupRequest, "groupId" | "leaders">
  readonly coLeaders: ReadonlyArray<{ readonly role: "professional" | "peer-leader" | "institution-professional"; readonly trainings: ReadonlyArray<string> }>
  readonly leaderTrainings: ReadonlyArray<string>
  readonly source: "institution" | "social-worker" | "health-professional" | "self"
  readonly modality: "in-person" | "remote"
  readonly facts: PersonFacts.PersonFacts
  readonly people: number
  readonly minor: boolean
  readonly purposes: ReadonlyArray<"taking-part" | "messaging-group" | "evaluation-questionnaire" | "reporting">
}

const groups: ReadonlyArray<DemoGroup> = [
  {
    groupId: "demo-voikukkia",
    leader: "leader-liisa",
    leaderTrainings: ["voikukkia-leader"],
    coLeaders: [
      { role: "professional", trainings: ["voikukkia-leader"] },
      { role: "peer-leader", trainings: ["voikukkia-peer-leader"] }
    ],
    request: { programmeId: "voikukkia", name: "VOIKUKKIA-ryhmä Tampere", language: "fi", organisers: [{ kind: "municipality", name: "Tampere" }] },
    source: "social-worker",
    modality: "in-person",
    facts: { role: "parent", childSituation: "custody", commitsToWholeProcess: true, lifeSituationAllows: true },
    people: 9,
    minor: false,
    purposes: ["taking-part", "reporting"]
  },
  {
    groupId: "demo-online",
    leader: "leader-mikko",
    leaderTrainings: [],
    coLeaders: [
      { role: "peer-leader", trainings: [] },
      { role: "institution-professional", trainings: [] }
    ],
    request: {
      programmeId: "online-parents-of-placed-youth",
      name: "Verkkoryhmä sijoitettujen nuorten vanhemmille",
      language: "fi",
      organisers: [
        { kind: "ngo", name: "Läheisjärjestö ry" },
        { kind: "child-protection-institution", name: "Nuorten päihdekuntoutusyksikkö" }
      ],
      minimum: 3
    },
    source: "institution",
    modality: "remote",
    facts: { role: "parent", childSituation: "placement", placementSetting: "substance-rehabilitation-institution", referredBy: "institution", commitsToWholeProcess: true, lifeSituationAllows: true, specialSupportNeed: "none" },
    people: 6,
    minor: false,
    purposes: ["taking-part", "messaging-group", "reporting"]
  },
  {
    groupId: "demo-guided",
    leader: "leader-sanna",
    leaderTrainings: [],
    coLeaders: [],
    request: {
      programmeId: "professionally-guided",
      name: "Itsenäistyvien nuorten ryhmä Mikkeli",
      language: "fi",
      organisers: [{ kind: "welfare-region", name: "Etelä-Savon hyvinvointialue" }],
      minimum: 3,
      maximum: 6,
      sessionCount: 6,
      defaultMinutes: 90,
      groupForm: "closed"
    },
    source: "health-professional",
    modality: "in-person",
    facts: { role: "young-person", schoolStage: "final-year-comprehensive", specialSupportNeed: "neuropsychiatric", referredBy: "health-professional" },
    people: 5,
    minor: false,
    purposes: ["taking-part", "evaluation-questionnaire", "reporting"]
  },
  {
    groupId: "demo-structure",
    leader: "leader-timo",
    leaderTrainings: [],
    coLeaders: [],
    request: {
      programmeId: "experience-expert-structure",
      name: "Sisarusryhmä Hämeenlinna",
      language: "fi",
      organisers: [{ kind: "welfare-region", name: "Kanta-Hämeen hyvinvointialue" }],
      minimum: 4,
      maximum: 6,
      sessionCount: 4,
      defaultMinutes: 120,
      groupForm: "closed",
      minimumWaiverReason: "Pienetkin osallistujamäärät hyväksytään alussa (seed 003)"
    },
    source: "social-worker",
    modality: "in-person",
    facts: { role: "sibling", childSituation: "open-care" },
    people: 3,
    minor: false,
    purposes: ["taking-part", "reporting"]
  },
  {
    groupId: "demo-usm",
    leader: "leader-ebba",
    leaderTrainings: [],
    coLeaders: [],
    request: {
      programmeId: "usm-children",
      name: "USM-gruppen Vasa",
      language: "sv",
      organisers: [{ kind: "ngo", name: "Förening i Vasa rf" }],
      minimum: 3,
      maximum: 5,
      sessionCount: 5,
      defaultMinutes: 60,
      groupForm: "closed"
    },
    source: "social-worker",
    modality: "in-person",
    facts: { role: "child", dateOfBirth: "2015-09-01", languages: ["sv", "fi"], familySubstanceProblem: true, childSituation: "open-care" },
    people: 4,
    minor: true,
    purposes: ["taking-part", "reporting"]
  }
]

/** The demo's users: one per role, and a leader for each group. @category constants */
export const users: ReadonlyArray<User> = [
  user("coordinator-anna", "Anna (koordinaattori)", "coordinator"),
  user("leader-liisa", "Liisa (ryhmänohjaaja)", "group-leader", ["demo-voikukkia"]),
  user("leader-mikko", "Mikko (ryhmänohjaaja)", "group-leader", ["demo-online"]),
  user("leader-sanna", "Sanna (ryhmänohjaaja)", "group-leader", ["demo-guided"]),
  user("leader-timo", "Timo (ryhmänohjaaja)", "group-leader", ["demo-structure"]),
  user("leader-ebba", "Ebba (gruppledare)", "group-leader", ["demo-usm"]),
  user("analyst-aino", "Aino (analyytikko)", "analyst"),
  user("dpo-daniel", "Daniel (tietosuojavastaava)", "data-protection-officer")
]

const byName = (username: string): Actor => users.find((u) => u.username === username)!.actor

const firstNames = ["Aino", "Jukka", "Sanna", "Leena", "Mikko", "Riikka", "Tapio", "Outi", "Pekka", "Elsa", "Oskar", "Maja"]
const lastNames = ["Mäkelä", "Nieminen", "Korhonen", "Hämäläinen", "Laine", "Virtanen", "Heikkinen", "Lehtonen", "Salonen", "Lindqvist", "Berg", "Holm"]

/** The first working day on or after `date`. */
const workingDayFrom = (date: DateTime): DateTime => {
  let d = date.startOf("day")
  for (let i = 0; i < 14 && !Schedule.isWorkingDay(d.toISODate()!); i++) d = d.plus({ days: 1 })
  return d
}

/**
 * Makes the demo data, or finds it: the story starts 60 days before `start` (default: now, to the day),
 * the groups' sessions began three weeks before it, and the sessions that ended before `start` are held;
 * the later sessions are scheduled, so attendance can be recorded for them.
 *
 * @category constructors
 */
export const ensure = (options: { readonly start?: DateTime } = {}): Effect.Effect<Demo, CoordinatorError, Coordinator> =>
  Effect.gen(function* () {
    const c = yield* Coordinator
    const coordinator = byName("coordinator-anna")
    const startAt = (options.start ?? DateTime.fromMillis(yield* Clock.currentTimeMillis, { zone: Schedule.zone })).setZone(Schedule.zone).startOf("day").set({ hour: 9 })
    const clock = StoryClock.make(startAt.minus({ days: 60 }))
    const at = <A, E>(when: DateTime, self: Effect.Effect<A, E>): Effect.Effect<A, E> =>
      Effect.suspend(() => {
        clock.set(when)
        return self
      }).pipe(Effect.withClock(clock.clock))

    yield* at(startAt.minus({ days: 60 }), c.ensureOrganisation(coordinator, { organisationId, name: "Demohyvinvointialue" }))
    const existing = new Set((yield* c.groups(coordinator)).map((g) => g.groupId))
    let created = false
    for (const [k, g] of groups.entries()) {
      if (existing.has(g.groupId)) continue
      created = true
      const leader = byName(g.leader)
      const planned = startAt.minus({ days: 60 - k })
      yield* at(
        planned,
        c.planGroup(coordinator, {
          ...g.request,
          groupId: g.groupId,
          leaders: [
            { userId: g.leader, role: "professional", trainings: g.leaderTrainings as never },
            ...g.coLeaders.map((l, i) => ({ userId: `${g.groupId}-co-leader-${i + 1}`, role: l.role, trainings: l.trainings as never }))
          ]
        })
      )
      yield* at(planned.plus({ minutes: 5 }), c.openRecruitment(leader, { groupId: g.groupId }))
      const participants: Array<string> = []
      for (let i = 0; i < g.people; i++) {
        const participantId = `${g.groupId}-p${i + 1}`
        const referred = planned.plus({ days: 1 + i, hours: 1 })
        const name = `${firstNames[(i + 3 * k) % firstNames.length]} ${lastNames[(i + 5 * k) % lastNames.length]}`
        const grant = (purpose: "taking-part" | "messaging-group" | "evaluation-questionnaire" | "reporting" | "contact-disclosure") =>
          ({ purpose, action: "grant", givenBy: g.minor && purpose !== "contact-disclosure" ? "guardian" : "person", channel: "in-person", textVersion: "2026-01" }) as const
        yield* at(
          referred,
          c.refer(leader, {
            groupId: g.groupId,
            participantId,
            source: g.source,
            modality: g.modality,
            contact: { name, phone: `+3584011${String(100 * k + i).padStart(5, "0")}`, language: g.request.language },
            ...(g.source === "institution" ? { disclosureConsent: grant("contact-disclosure") } : {})
          })
        )
        yield* at(referred.plus({ hours: 1 }), c.eligibility(leader, { participantId, facts: g.facts }))
        const purposes = g.purposes.filter((p) => !(p === "messaging-group" && i === 2))
        yield* at(
          referred.plus({ days: 7 }),
          c.intake(leader, {
            participantId,
            intakeAt: referred.plus({ days: 7 }),
            modality: g.modality,
            technologyRehearsed: g.modality === "remote",
            ...(g.minor ? { subject: { dateOfBirth: g.facts.dateOfBirth!, understandsOwnData: false } } : {}),
            consents: purposes.map(grant)
          })
        )
        participants.push(participantId)
      }
      const enrolAt = startAt.minus({ days: 30 })
      const enrolled: Array<string> = []
      for (const participantId of participants) {
        const r = yield* at(enrolAt, c.enrol(coordinator, { participantId }))
        if (r.outcome === "enrolled") enrolled.push(participantId)
      }
      if (g.purposes.includes("messaging-group")) {
        for (const participantId of enrolled) yield* Effect.either(at(enrolAt.plus({ days: 1 }), c.joinMessagingGroup(leader, { participantId })))
      }
      const first = workingDayFrom(startAt.minus({ days: 21 - (k % 3) }))
      const schedule = yield* at(
        enrolAt.plus({ days: 2 }),
        c.schedule(leader, { groupId: g.groupId, start: first.toISODate()!, time: g.request.language === "sv" ? "15:00" : "17:00", cadence: "weekly", saturdayTime: "10:00" })
      )
      const firstStart = schedule.sessions[0]?.start
      if (firstStart === null || firstStart === undefined) continue
      yield* at(firstStart.minus({ minutes: 30 }), c.startGroup(leader, { groupId: g.groupId, ...(g.request.minimumWaiverReason === undefined ? {} : { waiverReason: g.request.minimumWaiverReason }) }))
      if (g.purposes.includes("evaluation-questionnaire")) {
        for (const [i, participantId] of enrolled.entries()) {
          yield* at(firstStart.plus({ minutes: 10 }), c.recordOutcome(leader, { participantId, phase: "start", answers: Array.from({ length: 10 }, (_, j) => 3 + ((i + j) % 5)) }))
        }
      }
      for (const s of schedule.sessions) {
        const end = s.start!.plus({ minutes: s.minutes })
        if (end >= startAt) break
        yield* at(
          end,
          c.recordAttendance(leader, {
            sessionId: s.sessionId,
            attendance: enrolled.map((participantId, i) => ({
              participantId,
              status: (i + s.number) % 5 === 0 ? "excused" : (i + s.number) % 7 === 0 ? "absent" : "present",
              minutes: null
            }))
          })
        )
        yield* at(
          end.plus({ minutes: 30 }),
          c.submitFeedback(leader, { sessionId: s.sessionId, responses: [{ rating: 4 }, { rating: 5 }, { rating: 3 + (s.number % 3) }, { text: "Hyvä kerta" }] })
        )
      }
    }
    const made: Array<Group> = []
    for (const g of yield* c.groups(coordinator)) {
      const roster = yield* c.roster(coordinator, { groupId: g.groupId })
      const sessions = yield* c.sessions(coordinator, { groupId: g.groupId })
      made.push({ ...g, participantIds: roster.members.map((m) => m.participantId), sessionIds: sessions.map((x) => x.sessionId) })
    }
    return { created, organisationId, users, groups: made }
  })

/** The programmes the demo groups run, one per template of the catalogue. @category constants */
export const programmes: ReadonlyArray<string> = groups.map((g) => g.request.programmeId)

/** Whether the demo covers every template of the catalogue (it does; a test keeps it so). @category guards */
export const coversCatalogue = (): boolean => Catalogue.ids.every((id) => programmes.includes(id))
