import * as HttpApi from "@effect/platform/HttpApi"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { Api } from "../src/Api.js"
import type { Action } from "../src/Authorization.js"
import { type User, type World, world } from "./world.js"

let w: World
beforeAll(async () => {
  w = await world()
})
afterAll(() => w.close())

/** Where a request is aimed: a group and one of its participants and sessions. */
interface Target {
  readonly group: string
  readonly participant: string
  readonly session: string
}

interface Case {
  /** What the request asks, as the issue states the roles: which action, about a group or the organisation. */
  readonly action: Action
  readonly scope: "group" | "organisation"
  readonly method: string
  readonly path: (t: Target) => string
  readonly body?: (t: Target, user: User) => unknown
  /** Changes or ends what later requests need: run after every other route. */
  readonly last?: boolean
}

const consent = { purpose: "evaluation-questionnaire", action: "grant", givenBy: "person", channel: "paper-form", textVersion: "v1" }
let fresh = 0
const plan = () => ({
  groupId: `g-matrix-${fresh++}`,
  programmeId: "professionally-guided",
  name: "Matrix group",
  language: "fi",
  organisers: [{ kind: "ngo", name: "Demo ry" }],
  leaders: [{ userId: "u-coordinator", role: "professional", trainings: [] }],
  sessionCount: 2,
  defaultMinutes: 60,
  minimum: 2,
  maximum: 4,
  groupForm: "closed"
})

/** Every endpoint of the API with a request its schemas accept, so that only the role decides. */
const cases: Record<string, Case> = {
  "programmes.templates": { action: "catalogue.read", scope: "organisation", method: "GET", path: () => "/api/programmes" },
  "programmes.organisation": { action: "group.list", scope: "organisation", method: "GET", path: () => "/api/organisation" },
  "programmes.ensureOrganisation": {
    action: "organisation.manage",
    scope: "organisation",
    method: "PUT",
    path: () => "/api/organisation",
    body: (_t, user) => ({ organisationId: user === "elsewhere" ? "org-other" : "org-demo", name: "Demo" })
  },
  "groups.list": { action: "group.list", scope: "organisation", method: "GET", path: () => "/api/groups" },
  "groups.preview": { action: "group.plan", scope: "organisation", method: "POST", path: () => "/api/groups/preview", body: plan },
  "groups.plan": { action: "group.plan", scope: "organisation", method: "POST", path: () => "/api/groups", body: plan },
  "groups.get": { action: "group.read", scope: "group", method: "GET", path: (t) => `/api/groups/${t.group}` },
  "groups.openRecruitment": { action: "group.manage", scope: "group", method: "POST", path: (t) => `/api/groups/${t.group}/recruitment` },
  "groups.schedule": {
    action: "group.manage",
    scope: "group",
    method: "POST",
    path: (t) => `/api/groups/${t.group}/schedule`,
    body: () => ({ start: "2026-01-05", time: "17:00", cadence: "weekly" })
  },
  "groups.calendar": { action: "session.read", scope: "group", method: "GET", path: (t) => `/api/groups/${t.group}/calendar.ics` },
  "groups.start": { action: "group.manage", scope: "group", method: "POST", path: (t) => `/api/groups/${t.group}/start`, body: () => ({}) },
  "groups.beginClosing": { action: "group.manage", scope: "group", method: "POST", path: (t) => `/api/groups/${t.group}/closing`, last: true },
  "groups.complete": { action: "group.manage", scope: "group", method: "POST", path: (t) => `/api/groups/${t.group}/completion`, last: true },
  "groups.followUp": { action: "group.manage", scope: "group", method: "POST", path: (t) => `/api/groups/${t.group}/follow-up`, body: () => ({ held: true }), last: true },
  "groups.cancel": { action: "group.manage", scope: "group", method: "POST", path: (t) => `/api/groups/${t.group}/cancellation`, body: () => ({ reason: "matrix" }), last: true },
  "groups.sessions": { action: "session.read", scope: "group", method: "GET", path: (t) => `/api/groups/${t.group}/sessions` },
  "groups.roster": { action: "participant.read", scope: "group", method: "GET", path: (t) => `/api/groups/${t.group}/roster` },
  "groups.waitlist": { action: "participant.read", scope: "group", method: "GET", path: (t) => `/api/groups/${t.group}/waitlist` },
  "groups.reminders": { action: "participant.read", scope: "group", method: "GET", path: (t) => `/api/groups/${t.group}/reminders` },
  "groups.aggregates": { action: "aggregate.read", scope: "group", method: "GET", path: (t) => `/api/aggregates?groupId=${t.group}` },
  "participants.refer": {
    action: "participant.refer",
    scope: "group",
    method: "POST",
    path: (t) => `/api/groups/${t.group}/participants`,
    body: () => ({ source: "social-worker", modality: "in-person", contact: { name: "Matrix Person", language: "fi" } })
  },
  "participants.get": { action: "participant.read", scope: "group", method: "GET", path: (t) => `/api/participants/${t.participant}` },
  "participants.eligibility": { action: "participant.manage", scope: "group", method: "POST", path: (t) => `/api/participants/${t.participant}/eligibility`, body: () => ({ facts: {} }) },
  "participants.intake": {
    action: "participant.manage",
    scope: "group",
    method: "POST",
    path: (t) => `/api/participants/${t.participant}/intake`,
    body: () => ({ intakeAt: "2026-01-02T10:00:00.000+02:00", modality: "in-person", technologyRehearsed: false, consents: [] })
  },
  "participants.recordConsent": { action: "participant.manage", scope: "group", method: "POST", path: (t) => `/api/participants/${t.participant}/consents`, body: () => ({ consent }) },
  "participants.consent": {
    action: "participant.read",
    scope: "group",
    method: "POST",
    path: (t) => `/api/participants/${t.participant}/consent-check`,
    body: () => ({ purpose: "taking-part" })
  },
  "participants.enrol": { action: "participant.manage", scope: "group", method: "POST", path: (t) => `/api/participants/${t.participant}/enrolment` },
  "participants.joinMessagingGroup": { action: "participant.manage", scope: "group", method: "POST", path: (t) => `/api/participants/${t.participant}/messaging-group` },
  "participants.withdraw": { action: "participant.manage", scope: "group", method: "POST", path: (t) => `/api/participants/${t.participant}/withdrawal`, body: () => ({}), last: true },
  "participants.decline": { action: "participant.manage", scope: "group", method: "POST", path: (t) => `/api/participants/${t.participant}/decline`, last: true },
  "sessions.recordAttendance": {
    action: "session.manage",
    scope: "group",
    method: "POST",
    path: (t) => `/api/sessions/${t.session}/attendance`,
    body: (t) => ({ attendance: [{ participantId: t.participant, status: "present", minutes: null }] })
  },
  "outcomes.record": {
    action: "participant.manage",
    scope: "group",
    method: "POST",
    path: (t) => `/api/participants/${t.participant}/outcomes`,
    body: () => ({ phase: "start", answers: [5, 5, 5, 5, 5, 5, 5, 5, 5, 5] })
  },
  "outcomes.get": { action: "participant.read", scope: "group", method: "GET", path: (t) => `/api/participants/${t.participant}/outcomes` },
  "feedback.submit": { action: "session.manage", scope: "group", method: "POST", path: (t) => `/api/sessions/${t.session}/feedback`, body: () => ({ responses: [{ rating: 4 }] }) },
  "costs.compare": { action: "aggregate.read", scope: "group", method: "POST", path: (t) => `/api/groups/${t.group}/cost`, body: () => ({}) },
  "privacy.findPeople": { action: "person.lookup", scope: "organisation", method: "POST", path: () => "/api/privacy/people/search", body: () => ({ name: "Person g-a 0" }) },
  "privacy.exportPerson": { action: "person.export", scope: "group", method: "POST", path: (t) => `/api/privacy/participants/${t.participant}/export` },
  "privacy.accessLog": { action: "person.access-log", scope: "group", method: "GET", path: (t) => `/api/privacy/participants/${t.participant}/access-log` },
  "privacy.erasePerson": { action: "person.erase", scope: "group", method: "POST", path: (t) => `/api/privacy/participants/${t.participant}/erasure`, last: true },
  "privacy.refusals": { action: "refusal-log.read", scope: "organisation", method: "GET", path: () => "/api/privacy/refusals" }
}

/**
 * The roles as the issue states them: a coordinator works on the groups of their organisation; a group
 * leader only on the groups they lead; an analyst sees aggregates only, no person-level data; the
 * data-protection officer exports, erases and reads the access log (and the refusals).
 */
const mayByRole: Record<"coordinator" | "group-leader" | "analyst" | "data-protection-officer", ReadonlySet<Action>> = {
  coordinator: new Set<Action>([
    "catalogue.read",
    "organisation.manage",
    "group.plan",
    "group.list",
    "group.read",
    "group.manage",
    "participant.refer",
    "participant.read",
    "participant.manage",
    "session.read",
    "session.manage",
    "aggregate.read"
  ]),
  "group-leader": new Set<Action>([
    "catalogue.read",
    "group.list",
    "group.read",
    "group.manage",
    "participant.refer",
    "participant.read",
    "participant.manage",
    "session.read",
    "session.manage",
    "aggregate.read"
  ]),
  analyst: new Set<Action>(["catalogue.read", "group.list", "group.read", "session.read", "aggregate.read"]),
  "data-protection-officer": new Set<Action>(["catalogue.read", "group.list", "group.read", "person.lookup", "person.export", "person.erase", "person.access-log", "refusal-log.read"])
}

/** The matrix's rows: every role, the leader once on their own group and once on another's, and a coordinator of another organisation. */
const rows: ReadonlyArray<{ readonly user: User; readonly label: string; readonly on: "a" | "b" }> = [
  { user: "coordinator", label: "coordinator", on: "a" },
  { user: "leader", label: "group leader, own group", on: "a" },
  { user: "leader", label: "group leader, another group", on: "b" },
  { user: "analyst", label: "analyst", on: "a" },
  { user: "dpo", label: "data-protection officer", on: "a" },
  { user: "elsewhere", label: "coordinator of another organisation", on: "a" }
]

const expected = (row: (typeof rows)[number], c: Case): "allowed" | "refused" => {
  const actor = { leader: "group-leader", coordinator: "coordinator", analyst: "analyst", dpo: "data-protection-officer", elsewhere: "coordinator" } as const
  const role = actor[row.user as keyof typeof actor]
  if (!mayByRole[role].has(c.action)) return "refused"
  if (c.scope === "group" && row.user === "elsewhere") return "refused"
  if (c.scope === "group" && row.user === "leader" && row.on === "b") return "refused"
  return "allowed"
}

describe("authorisation matrix: every route × every role", () => {
  it("the matrix covers every endpoint of the API", () => {
    const endpoints: Array<string> = []
    HttpApi.reflect(Api, { onGroup: () => undefined, onEndpoint: ({ group, endpoint }) => endpoints.push(`${group.identifier}.${endpoint.name}`) })
    const session = endpoints.filter((e) => e.startsWith("session."))
    expect(endpoints.filter((e) => !e.startsWith("session.")).sort()).toEqual(Object.keys(cases).sort())
    expect(session.sort()).toEqual(["session.current", "session.signIn", "session.signOut"])
  })

  it("each request is allowed exactly as the roles say, each refusal is a 403 naming its rule, and each is in the refusal log", async () => {
    const target = (on: "a" | "b"): Target => ({ group: w.groups[on], participant: w.participants[on][0]!, session: w.sessionsOf[on][0]! })
    const ordered = Object.entries(cases).sort(([, x], [, y]) => Number(x.last ?? false) - Number(y.last ?? false))
    const table: Array<string> = []
    const refusals: Array<{ user: string; action: string; rule: string }> = []
    for (const [name, c] of ordered) {
      // Within a route, the refusals first, so that what an allowed request changes cannot hide one.
      const sorted = [...rows].sort((x, y) => Number(expected(x, c) === "allowed") - Number(expected(y, c) === "allowed"))
      for (const row of sorted) {
        const t = target(row.on)
        const s = w.sessions[row.user]!
        const body = c.body?.(t, row.user)
        const res = await fetch(`${w.url}${c.path(t)}`, {
          method: c.method,
          headers: { cookie: `vertaistuki_session=${s.token}`, "x-csrf-token": s.csrfToken, ...(body === undefined ? {} : { "content-type": "application/json" }) },
          ...(body === undefined ? {} : { body: JSON.stringify(body) })
        })
        const text = await res.text()
        const want = expected(row, c)
        const got = res.status === 403 ? "refused" : "allowed"
        table.push(`${name} × ${row.label}: ${res.status}`)
        expect(res.status, `${name} × ${row.label}: ${text.slice(0, 200)}`).toBeLessThan(500)
        expect([res.status, text.slice(0, 160)]).not.toEqual([400, expect.stringContaining("HttpApiDecodeError")])
        expect(`${name} × ${row.label}: ${got}`).toBe(`${name} × ${row.label}: ${want}`)
        if (got === "refused") {
          const problem = JSON.parse(text) as { _tag: string; action: string; rule: string }
          expect(problem._tag).toBe("Forbidden")
          expect(problem.action).toBe(c.action)
          refusals.push({ user: row.user, action: problem.action, rule: problem.rule })
        }
      }
    }
    // The leader reading another group's participants, and the analyst reading a person, are refused for their rule.
    expect(refusals).toContainEqual({ user: "leader", action: "participant.read", rule: "not-a-leader-of-the-group" })
    expect(refusals).toContainEqual({ user: "analyst", action: "participant.read", rule: "aggregates-only" })
    // Every refusal is in its organisation's refusal log, under the user who was refused.
    const logOf = async (dpo: User) => {
      const s = w.sessions[dpo]!
      const res = await fetch(`${w.url}/api/privacy/refusals`, { headers: { cookie: `vertaistuki_session=${s.token}` } })
      return (await res.json()) as Array<{ userId: string; action: string; rule: string }>
    }
    const logged = [...(await logOf("dpo")), ...(await logOf("dpoElsewhere"))]
    const userIds: Record<string, string> = { coordinator: "u-coordinator", leader: "u-leader-a", analyst: "u-analyst", dpo: "u-dpo", elsewhere: "u-coordinator-x" }
    const count = (xs: ReadonlyArray<{ userId: string; action: string; rule: string }>) => {
      const m = new Map<string, number>()
      for (const x of xs) m.set(`${x.userId} ${x.action} ${x.rule}`, (m.get(`${x.userId} ${x.action} ${x.rule}`) ?? 0) + 1)
      return m
    }
    const made = count(refusals.map((r) => ({ userId: userIds[r.user]!, action: r.action, rule: r.rule })))
    const inLog = count(logged)
    for (const [key, n] of made) expect(inLog.get(key) ?? 0, key).toBeGreaterThanOrEqual(n)
    expect(table.length).toBe(Object.keys(cases).length * rows.length)
  })

  it("signing in, the current session and signing out are every role's", async () => {
    for (const user of ["coordinator", "leader", "analyst", "dpo", "elsewhere"] as const) {
      const s = w.sessions[user]!
      const res = await fetch(`${w.url}/api/session`, { headers: { cookie: `vertaistuki_session=${s.token}` } })
      expect(res.status).toBe(200)
      expect(((await res.json()) as { actor: { userId: string } }).actor.userId).toMatch(/^u-/)
    }
  })
})
