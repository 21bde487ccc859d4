import { createHash, randomBytes } from "node:crypto"
import { mkdtempSync, rmSync } from "node:fs"
import { createServer } from "node:http"
import { tmpdir } from "node:os"
import { join } from "node:path"
import * as HttpServer from "@effect/platform/HttpServer"
import * as NodeHttpServer from "@effect/platform-node/NodeHttpServer"
import * as SqlClient from "@effect/sql/SqlClient"
import { MasterKey, type StoreDriver } from "@vertaistuki/store"
import { SqliteEventStore } from "@vertaistuki/store-sqlite"
import { Effect, Layer, Logger, ManagedRuntime, Redacted } from "effect"
import { DateTime } from "luxon"
import * as Accounts from "../src/Accounts.js"
import type { Actor, Role } from "../src/Authorization.js"
import * as C from "../src/Coordinator.js"
import * as Server from "../src/Server.js"

/** The password of every test account. */
export const password = "a long enough test password"

/** The users of the world, by name: every role, two leaders of different groups, a coordinator elsewhere. */
export const users = {
  coordinator: { userId: "u-coordinator", role: "coordinator", organisationId: "org-demo", groupsLed: [] },
  leader: { userId: "u-leader-a", role: "group-leader", organisationId: "org-demo", groupsLed: ["g-a"] },
  otherLeader: { userId: "u-leader-b", role: "group-leader", organisationId: "org-demo", groupsLed: ["g-b"] },
  analyst: { userId: "u-analyst", role: "analyst", organisationId: "org-demo", groupsLed: [] },
  dpo: { userId: "u-dpo", role: "data-protection-officer", organisationId: "org-demo", groupsLed: [] },
  elsewhere: { userId: "u-coordinator-x", role: "coordinator", organisationId: "org-other", groupsLed: [] },
  dpoElsewhere: { userId: "u-dpo-x", role: "data-protection-officer", organisationId: "org-other", groupsLed: [] }
} satisfies Record<string, Actor>

/** A user's name in the world. */
export type User = keyof typeof users

/** The roles of `Authorization`, each with the world's user of that role. */
export const userOfRole: Readonly<Record<Role, User>> = { coordinator: "coordinator", "group-leader": "leader", analyst: "analyst", "data-protection-officer": "dpo" }

/** A running server on 127.0.0.1 over a fresh SQLite file, with a populated store. */
export interface World {
  readonly url: string
  readonly file: string
  readonly organisationId: string
  /** Group A (led by `leader`) and group B (led by `otherLeader`). */
  readonly groups: { readonly a: string; readonly b: string }
  readonly participants: { readonly a: ReadonlyArray<string>; readonly b: ReadonlyArray<string> }
  readonly sessionsOf: { readonly a: ReadonlyArray<string>; readonly b: ReadonlyArray<string> }
  /** Ids for generated requests: every id above. */
  readonly ids: ReadonlyArray<string>
  readonly roles: ReadonlyArray<User>
  /** A signed-in session of every user, made through `Accounts` (not the HTTP sign-in). */
  readonly sessions: Readonly<Record<string, { readonly token: string; readonly csrfToken: string }>>
  /** A session token whose session has expired. */
  readonly expiredToken: string
  /** A new session of a user (through `Accounts`, as sign-in makes one). */
  readonly signIn: (user: User) => Promise<{ readonly token: string; readonly csrfToken: string }>
  /** Every log line the server wrote. */
  readonly logs: () => ReadonlyArray<string>
  readonly runtime: ManagedRuntime.ManagedRuntime<C.Coordinator | Accounts.Accounts | StoreDriver.Services | SqlClient.SqlClient, unknown>
  readonly close: () => Promise<void>
}

const consent = (purpose: string): C.ConsentInput => ({ purpose, action: "grant", givenBy: "person", channel: "paper-form", textVersion: "v1" }) as C.ConsentInput

/** Plans, recruits, enrols `people` and schedules a group led by `leader`. */
export const seedGroup = (groupId: string, leaderId: string, people: number, sessionCount = 10) =>
  Effect.gen(function* () {
    const c = yield* C.Coordinator
    const coordinator = users.coordinator
    yield* c.planGroup(coordinator, {
      groupId,
      programmeId: "professionally-guided",
      name: `Group ${groupId}`,
      language: "fi",
      organisers: [{ kind: "ngo", name: "Demo ry" }],
      leaders: [{ userId: leaderId, role: "professional", trainings: [] }],
      sessionCount,
      defaultMinutes: 90,
      maximum: Math.max(people, 2) + 2,
      minimum: 2,
      groupForm: "closed"
    })
    yield* c.openRecruitment(coordinator, { groupId })
    const participants: Array<string> = []
    for (let i = 0; i < people; i++) {
      const p = yield* c.refer(coordinator, { groupId, source: "social-worker", modality: "in-person", contact: { name: `Person ${groupId} ${i}`, language: "fi" } })
      yield* c.intake(coordinator, {
        participantId: p.participantId,
        intakeAt: DateTime.now().setZone("Europe/Helsinki"),
        modality: "in-person",
        technologyRehearsed: false,
        consents: [consent("taking-part")]
      })
      yield* c.enrol(coordinator, { participantId: p.participantId })
      participants.push(p.participantId)
    }
    // From the Monday after next, so that every participant is enrolled on every session's date.
    const monday = DateTime.now().setZone("Europe/Helsinki").startOf("week").plus({ weeks: 2 }).toISODate()!
    const schedule = yield* c.schedule(coordinator, { groupId, start: monday, time: "17:00", cadence: "weekly" })
    const started = yield* Effect.either(c.startGroup(coordinator, { groupId }))
    if (started._tag === "Left") yield* Effect.logWarning(`the group ${groupId} could not be started: ${started.left._tag}`)
    return { participants, sessions: schedule.sessions.map((s) => s.sessionId) }
  })

/** Starts the API over a fresh SQLite file with the world's users and two groups. */
export const world = async (options: { readonly accounts?: Accounts.Options; readonly people?: number; readonly sessions?: number } = {}): Promise<World> => {
  const dir = mkdtempSync(join(tmpdir(), "vt-api-"))
  const file = join(dir, "store.sqlite")
  const logs: Array<string> = []
  const logger = Logger.replace(
    Logger.defaultLogger,
    Logger.make(({ message, annotations, cause }) => {
      logs.push(JSON.stringify({ message, annotations: [...annotations], cause: String(cause) }))
    })
  )
  // A real file; NORMAL synchronisation (no fsync per commit) keeps thousands of generated requests quick.
  const store = SqliteEventStore.layerWithClient({ filename: file, keyring: MasterKey.unsafeKeyring(MasterKey.generate()), synchronous: "NORMAL" })
  const accounts = Accounts.layer({ scryptCost: 1024, ...options.accounts })
  const http = NodeHttpServer.layer(createServer, { port: 0, host: "127.0.0.1" })
  const app = Server.layer({ secureCookies: false }).pipe(
    Layer.provideMerge(C.layer),
    Layer.provideMerge(accounts),
    Layer.provideMerge(store),
    Layer.provideMerge(http),
    Layer.provide(logger)
  )
  const runtime = ManagedRuntime.make(app)
  const address = await runtime.runPromise(Effect.map(HttpServer.HttpServer, (s) => s.address))
  if (address._tag !== "TcpAddress") throw new Error("expected a TCP address")
  const seeded = await runtime.runPromise(
    Effect.gen(function* () {
      const c = yield* C.Coordinator
      const a = yield* Accounts.Accounts
      const sql = yield* SqlClient.SqlClient
      yield* c.ensureOrganisation(users.coordinator, { organisationId: "org-demo", name: "Demo" })
      yield* c.ensureOrganisation(users.elsewhere, { organisationId: "org-other", name: "Other" })
      const ga = yield* seedGroup("g-a", users.leader.userId, options.people ?? 3, options.sessions ?? 10)
      const gb = yield* seedGroup("g-b", users.otherLeader.userId, 2, 4)
      const sessions: Record<string, { token: string; csrfToken: string }> = {}
      for (const [name, actor] of Object.entries(users)) {
        yield* a.create({ username: name, password: Redacted.make(password), actor })
        const s = yield* a.signIn({ username: name, password: Redacted.make(password), address: "seed" })
        sessions[name] = { token: Redacted.value(s.token), csrfToken: s.csrfToken }
      }
      // A session that ended an hour ago.
      const expiredToken = randomBytes(32).toString("base64url")
      const [row] = yield* sql<{ accountId: string }>`SELECT account_id AS "accountId" FROM api_accounts WHERE username = 'coordinator'`
      const now = Date.now()
      yield* sql`INSERT INTO api_sign_in_sessions (token_hash, account_id, created_at, expires_at)
        VALUES (${createHash("sha256").update(expiredToken).digest("hex")}, ${row!.accountId}, ${now - 7_200_000}, ${now - 3_600_000})`
      return { ga, gb, sessions, expiredToken }
    })
  )
  return {
    url: `http://127.0.0.1:${address.port}`,
    file,
    organisationId: "org-demo",
    groups: { a: "g-a", b: "g-b" },
    participants: { a: seeded.ga.participants, b: seeded.gb.participants },
    sessionsOf: { a: seeded.ga.sessions, b: seeded.gb.sessions },
    ids: ["g-a", "g-b", ...seeded.ga.participants, ...seeded.gb.participants, ...seeded.ga.sessions.slice(0, 3), ...seeded.gb.sessions.slice(0, 2)],
    roles: Object.keys(users) as Array<User>,
    sessions: seeded.sessions,
    expiredToken: seeded.expiredToken,
    logs: () => logs,
    signIn: (user) =>
      runtime.runPromise(
        Effect.map(
          Effect.flatMap(Accounts.Accounts, (a) => a.signIn({ username: user, password: Redacted.make(password), address: "test" })),
          (s) => ({ token: Redacted.value(s.token), csrfToken: s.csrfToken })
        )
      ),
    runtime: runtime as never,
    close: async () => {
      await runtime.dispose()
      rmSync(dir, { recursive: true, force: true })
    }
  }
}
