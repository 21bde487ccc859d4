import { Effect, Either } from "effect"
import { DateTime } from "luxon"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import type * as C from "../src/Coordinator.js"
import { client } from "./client.js"
import { type World, world } from "./world.js"

let w: World
beforeAll(async () => {
  w = await world()
})
afterAll(() => w.close())

const run = <A, E>(e: Effect.Effect<A, E>) => Effect.runPromise(e)
const as = (username: string) =>
  Effect.gen(function* () {
    const c = yield* client(w.url)
    yield* c.signIn(username)
    return c.api
  })

const consent = (purpose: C.ConsentInput["purpose"]): C.ConsentInput => ({ purpose, action: "grant", givenBy: "person", channel: "paper-form", textVersion: "v1" })
const plan = {
  groupId: "g-contract",
  programmeId: "professionally-guided",
  name: "Tuettu vertaisryhmä",
  language: "fi",
  organisers: [{ kind: "ngo", name: "Demo ry" }],
  leaders: [{ userId: "u-coordinator", role: "professional", trainings: [] }],
  sessionCount: 4,
  defaultMinutes: 90,
  minimum: 2,
  maximum: 3,
  groupForm: "closed"
} as const satisfies C.PlanGroupRequest

describe("contract: the typed client against the running server, every endpoint", () => {
  const ids = { participants: [] as Array<string>, sessions: [] as Array<string> }

  it("session: sign in, the current session, sign out (then 401)", () =>
    run(
      Effect.gen(function* () {
        const c = yield* client(w.url)
        const s = yield* c.signIn("analyst")
        expect(s.actor).toEqual({ userId: "u-analyst", role: "analyst", organisationId: "org-demo", groupsLed: [] })
        expect((yield* c.api.session.current()).csrfToken).toBe(s.csrfToken)
        yield* c.api.session.signOut()
        const after = yield* Effect.either(c.api.session.current())
        expect(Either.isLeft(after) && after.left._tag).toBe("Unauthenticated")
        const wrong = yield* Effect.either(c.signIn("analyst", "not the password at all"))
        expect(Either.isLeft(wrong) && wrong.left._tag).toBe("SignInRefused")
      })
    ))

  it("programmes: the catalogue, the organisation, registering it again", () =>
    run(
      Effect.gen(function* () {
        const api = yield* as("coordinator")
        const templates = yield* api.programmes.templates()
        expect(templates.map((t) => t.programmeId)).toContain("voikukkia")
        expect((yield* api.programmes.ensureOrganisation({ payload: { organisationId: "org-demo", name: "Demo" } })).organisationId).toBe("org-demo")
        expect((yield* api.programmes.organisation()).groups).toBeGreaterThanOrEqual(2)
      })
    ))

  it("groups: preview, plan, get, list, open recruitment", () =>
    run(
      Effect.gen(function* () {
        const api = yield* as("coordinator")
        const preview = yield* api.groups.preview({ payload: plan })
        expect(preview.valid).toBe(true)
        const bad = yield* api.groups.preview({ payload: { ...plan, programmeId: "voikukkia", name: "VOIKUKKIA-ryhmä", sessionCount: 9, leaders: [] } })
        expect(bad.valid).toBe(false)
        expect(bad.problems.length).toBeGreaterThan(0)
        const planned = yield* api.groups.plan({ payload: plan })
        expect(planned.status).toBe("draft")
        expect((yield* api.groups.get({ path: { groupId: "g-contract" } })).name).toBe(plan.name)
        expect((yield* api.groups.list()).map((g) => g.groupId)).toContain("g-contract")
        expect((yield* api.groups.openRecruitment({ path: { groupId: "g-contract" } })).status).toBe("recruiting")
      })
    ))

  it("participants: refer, eligibility, intake, consents, consent check, enrol (then the waitlist), messaging group", () =>
    run(
      Effect.gen(function* () {
        const api = yield* as("coordinator")
        for (let i = 0; i < 4; i++) {
          const p = yield* api.participants.refer({
            path: { groupId: "g-contract" },
            payload: { source: "social-worker", modality: "in-person", contact: { name: `Testi Henkilö ${i}`, language: i === 0 ? "sv" : "fi" } }
          })
          expect(p.contact._tag).toBe("Contact")
          ids.participants.push(p.participantId)
          const e = yield* api.participants.eligibility({ path: { participantId: p.participantId }, payload: { facts: {} } })
          expect(e.language).toBe(i === 0 ? "sv" : "fi")
          yield* api.participants.intake({
            path: { participantId: p.participantId },
            payload: { intakeAt: DateTime.now().setZone("Europe/Helsinki"), modality: "in-person", technologyRehearsed: false, consents: [consent("taking-part")] }
          })
        }
        const first = ids.participants[0]!
        expect((yield* api.participants.recordConsent({ path: { participantId: first }, payload: { consent: consent("evaluation-questionnaire") } })).consents).toContain("evaluation-questionnaire")
        const answer = yield* api.participants.consent({ path: { participantId: first }, payload: { purpose: "evaluation-questionnaire" } })
        expect(answer.allowed).toBe(true)
        const outcomes = []
        for (const id of ids.participants) outcomes.push((yield* api.participants.enrol({ path: { participantId: id } })).outcome)
        expect(outcomes).toEqual(["enrolled", "enrolled", "enrolled", "waitlisted"])
        expect((yield* api.groups.waitlist({ path: { groupId: "g-contract" } })).entries.map((e) => e.participantId)).toEqual([ids.participants[3]])
        yield* api.participants.recordConsent({ path: { participantId: first }, payload: { consent: consent("messaging-group") } })
        expect((yield* api.participants.joinMessagingGroup({ path: { participantId: first } })).inMessagingGroup).toBe(true)
        expect((yield* api.participants.get({ path: { participantId: first } })).status).toBe("enrolled")
        expect((yield* api.participants.decline({ path: { participantId: ids.participants[3]! } })).status).toBe("declined")
      })
    ))

  it("groups: schedule, calendar, start, sessions, roster, reminders, aggregates", () =>
    run(
      Effect.gen(function* () {
        const api = yield* as("coordinator")
        const schedule = yield* api.groups.schedule({ path: { groupId: "g-contract" }, payload: { start: "2026-12-18", time: "17:30", cadence: "weekly" } })
        expect(schedule.sessions).toHaveLength(4)
        // Christmas Day (a Friday) is skipped.
        expect(schedule.skipped.map((s) => s.date)).toContain("2026-12-25")
        ids.sessions.push(...schedule.sessions.map((s) => s.sessionId))
        const ics = yield* api.groups.calendar({ path: { groupId: "g-contract" } })
        expect(ics).toContain("BEGIN:VCALENDAR")
        expect((yield* api.groups.start({ path: { groupId: "g-contract" }, payload: {} })).status).toBe("running")
        expect(yield* api.groups.sessions({ path: { groupId: "g-contract" } })).toHaveLength(4)
        const roster = yield* api.groups.roster({ path: { groupId: "g-contract" } })
        expect(roster.enrolled).toBe(3)
        expect((yield* api.groups.reminders({ path: { groupId: "g-contract" } })).groupId).toBe("g-contract")
        expect((yield* api.groups.aggregates({ urlParams: { groupId: "g-contract" } })).enrolled).toBe(3)
        expect((yield* api.groups.aggregates({ urlParams: {} })).groups).toBeGreaterThanOrEqual(3)
      })
    ))

  it("sessions, feedback, outcomes, costs", () =>
    run(
      Effect.gen(function* () {
        const api = yield* as("coordinator")
        const [a, b, c] = ids.participants as [string, string, string]
        const held = yield* api.sessions.recordAttendance({
          path: { sessionId: ids.sessions[0]! },
          payload: { attendance: [{ participantId: a, status: "present", minutes: null }, { participantId: b, status: "excused", minutes: null }, { participantId: c, status: "absent", minutes: null }] }
        })
        expect([held.status, held.present, held.excused, held.absent]).toEqual(["held", 1, 1, 1])
        const fb = yield* api.feedback.submit({ path: { sessionId: ids.sessions[0]! }, payload: { responses: [{ rating: 5 }, { rating: 4 }, { rating: 3, text: "hyvä" }] } })
        expect(fb.responses).toBe(3)
        const start = yield* api.outcomes.record({ path: { participantId: a }, payload: { phase: "start", answers: [3, 4, 5, 6, 7, 3, 4, 5, 6, 5] } })
        expect(start.start).toHaveLength(10)
        expect((yield* api.outcomes.get({ path: { participantId: a } })).start).toEqual(start.start)
        const cost = yield* api.costs.compare({ path: { groupId: "g-contract" }, payload: { hourlyCents: 4500 } })
        expect(cost.options.length).toBeGreaterThan(0)
        expect(cost.charts.comparison).toContain("<svg")
      })
    ))

  it("groups: withdraw, closing, completion, follow-up, and cancelling another group", () =>
    run(
      Effect.gen(function* () {
        const api = yield* as("coordinator")
        expect((yield* api.participants.withdraw({ path: { participantId: ids.participants[2]! }, payload: {} })).status).toBe("withdrawn")
        expect((yield* api.groups.beginClosing({ path: { groupId: "g-contract" } })).status).toBe("closing")
        expect((yield* api.groups.complete({ path: { groupId: "g-contract" } })).status).toBe("completed")
        expect((yield* api.groups.followUp({ path: { groupId: "g-contract" }, payload: { held: true } })).status).toBe("followed-up")
        yield* api.groups.plan({ payload: { ...plan, groupId: "g-cancel" } })
        expect((yield* api.groups.cancel({ path: { groupId: "g-cancel" }, payload: { reason: "too few referrals" } })).status).toBe("cancelled")
      })
    ))

  it("privacy: find a person (the name in the body), export, access log, erase, refusals", () =>
    run(
      Effect.gen(function* () {
        const api = yield* as("dpo")
        const found = yield* api.privacy.findPeople({ payload: { name: "Testi Henkilö 1" } })
        expect(found.map((m) => m.participantId)).toEqual([ids.participants[1]])
        const exported = yield* api.privacy.exportPerson({ path: { participantId: ids.participants[1]! } })
        expect(exported.events.length).toBeGreaterThan(0)
        const log = yield* api.privacy.accessLog({ path: { participantId: ids.participants[1]! } })
        expect(log.entries.map((e) => e.actor)).toContain("u-coordinator")
        const erased = yield* api.privacy.erasePerson({ path: { participantId: ids.participants[1]! } })
        expect(erased.alreadyErased).toBe(false)
        expect(yield* api.privacy.refusals()).toBeInstanceOf(Array)
      })
    ))

  it("errors come back typed: a decode error names the field, NotFound, Forbidden", () =>
    run(
      Effect.gen(function* () {
        const api = yield* as("analyst")
        const missing = yield* Effect.either(api.groups.get({ path: { groupId: "g-none" } }))
        expect(Either.isLeft(missing) && missing.left._tag).toBe("NotFound")
        const refused = yield* Effect.either(api.groups.roster({ path: { groupId: "g-a" } }))
        expect(Either.isLeft(refused) && refused.left._tag === "Forbidden" && refused.left.rule).toBe("aggregates-only")
        const coordinator = yield* as("coordinator")
        const bad = yield* Effect.either(coordinator.groups.plan({ payload: { ...plan, groupId: "g-bad", sessionCount: 1000 } }))
        expect(Either.isLeft(bad) && bad.left._tag).toBe("ParseError")
      })
    ))
})
