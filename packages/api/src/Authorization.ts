/**
 * Who may do what: the roles of the coordinator app as pure rules. A coordinator works on the groups of
 * their organisation; a group leader only on the groups they lead; an analyst sees aggregates only, never
 * a person's data; the data-protection officer exports, erases and reads the access log of a person.
 * `authorize` answers with the rule that refused, so a refusal can be explained and logged.
 *
 * @since 0.1.0
 */
import { Either, Schema } from "effect"

/**
 * An id the API accepts: 1–120 letters, digits or `. _ : @ -`, starting with a letter or a digit. It fits
 * the store's stream and field ids with any of the API's stream prefixes; `__proto__`, control characters,
 * spaces and very long ids are refused at the boundary with the field named.
 *
 * @category models
 */
export const Id = Schema.String.pipe(
  Schema.pattern(/^[A-Za-z0-9][A-Za-z0-9._:@-]{0,119}$/, {
    message: () => "an id of 1–120 letters, digits or . _ : @ -, starting with a letter or a digit"
  })
).annotations({ identifier: "Id", description: "an id of 1–120 letters, digits or . _ : @ -, starting with a letter or a digit" })
/** @category models */
export type Id = typeof Id.Type

/**
 * The roles of the app.
 *
 * @category models
 */
export const Role = Schema.Literal("coordinator", "group-leader", "analyst", "data-protection-officer").annotations({ identifier: "Role" })
/** @category models */
export type Role = typeof Role.Type

/** @category constants */
export const roles: ReadonlyArray<Role> = Role.literals

/**
 * The signed-in user: `userId` is the actor of every access-log entry and consent check made for them;
 * `groupsLed` counts for a group leader only.
 *
 * @category models
 */
export const Actor = Schema.Struct({
  userId: Id,
  role: Role,
  organisationId: Id,
  groupsLed: Schema.Array(Id)
}).annotations({ identifier: "Actor", description: "the signed-in user: id (the access log's actor), role, organisation and the groups they lead" })
/** @category models */
export type Actor = typeof Actor.Type

/**
 * What an actor asks to do. Person-level actions (`personLevel`) reveal or change a person's data.
 *
 * @category models
 */
export const Action = Schema.Literal(
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
  "aggregate.read",
  "person.lookup",
  "person.export",
  "person.erase",
  "person.access-log",
  "refusal-log.read"
).annotations({ identifier: "Action" })
/** @category models */
export type Action = typeof Action.Type

/** @category constants */
export const actions: ReadonlyArray<Action> = Action.literals

/**
 * The actions that reveal or change data about a person (a participant, their contact details, consents,
 * attendance, answers): never allowed to an analyst.
 *
 * @category constants
 */
export const personLevel: ReadonlySet<Action> = new Set<Action>([
  "participant.refer",
  "participant.read",
  "participant.manage",
  "session.manage",
  "person.lookup",
  "person.export",
  "person.erase",
  "person.access-log"
])

/** The actions only the data-protection officer has. @category constants */
export const dataProtection: ReadonlySet<Action> = new Set<Action>(["person.lookup", "person.export", "person.erase", "person.access-log", "refusal-log.read"])

/**
 * What the action is done to: an organisation and, for a group's matters, the group and the users its plan
 * names as its leaders (`leaderIds`).
 *
 * @category models
 */
export const Resource = Schema.Struct({ organisationId: Id, groupId: Schema.optional(Id), leaderIds: Schema.optional(Schema.Array(Id)) }).annotations({
  identifier: "Resource"
})
/** @category models */
export type Resource = typeof Resource.Type

/**
 * The rule that refused:
 * - `other-organisation`: the resource belongs to another organisation;
 * - `not-a-leader-of-the-group`: a group leader asked about a group they do not lead (or about no group);
 * - `aggregates-only`: an analyst asked for a person's data;
 * - `data-protection-officer-only`: export, erasure and access logs belong to the data-protection officer;
 * - `role-not-allowed`: the role has no such action at all.
 *
 * @category models
 */
export const Rule = Schema.Literal("other-organisation", "not-a-leader-of-the-group", "aggregates-only", "data-protection-officer-only", "role-not-allowed").annotations({
  identifier: "AuthorizationRule"
})
/** @category models */
export type Rule = typeof Rule.Type

/**
 * A refused action, with the rule and an explanation in English (for logs and developers; pages translate
 * the `rule`). It names no person.
 *
 * @category errors
 */
export class Forbidden extends Schema.TaggedError<Forbidden>()("Forbidden", {
  action: Action,
  rule: Rule,
  explanation: Schema.String
}) {
  override get message(): string {
    return `${this.action} refused (${this.rule}): ${this.explanation}`
  }
}

const refuse = (action: Action, rule: Rule, explanation: string): Either.Either<void, Forbidden> =>
  Either.left(new Forbidden({ action, rule, explanation }))

const allow: Either.Either<void, Forbidden> = Either.void

/** What each role may do at all, before the organisation and group are looked at. */
const allowed: Readonly<Record<Role, ReadonlySet<Action>>> = {
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

/** Whether the role has the action at all, whatever the organisation and group. @category guards */
export const permits = (role: Role, action: Action): boolean => allowed[role].has(action)

/** Actions about the organisation as a whole: no group needed (a leader's list is narrowed to their groups). */
const organisationWide: ReadonlySet<Action> = new Set<Action>(["catalogue.read", "organisation.manage", "group.plan", "group.list", "aggregate.read", "refusal-log.read"])

/**
 * Whether the actor leads the group: it is among their `groupsLed`, or the group's plan names them as a
 * leader.
 *
 * @category guards
 */
export const leads = (actor: Actor, resource: Resource): boolean =>
  resource.groupId !== undefined && (actor.groupsLed.includes(resource.groupId) || (resource.leaderIds ?? []).includes(actor.userId))

/**
 * May `actor` do `action` to `resource`? Right when allowed; left with the rule and its explanation.
 *
 * The rules, in order: the role must have the action (an analyst never a person-level one; export, erasure
 * and access logs only the data-protection officer); the resource must be of the actor's organisation; a
 * group leader's group matters must be about a group they lead (`leads`; organisation-wide actions excepted,
 * and an aggregate without a group is narrowed to their groups by the caller).
 *
 * @example
 * import { Authorization } from "@vertaistuki/api"
 * const analyst = { userId: "u-1", role: "analyst", organisationId: "org-1", groupsLed: [] } as const
 * Authorization.authorize(analyst, "participant.read", { organisationId: "org-1", groupId: "g-1" }) // Left(Forbidden aggregates-only)
 *
 * @category combinators
 */
export const authorize = (actor: Actor, action: Action, resource: Resource): Either.Either<void, Forbidden> => {
  if (!allowed[actor.role].has(action)) {
    if (actor.role === "analyst" && personLevel.has(action)) return refuse(action, "aggregates-only", "an analyst sees aggregates only, never a person's data")
    if (dataProtection.has(action)) return refuse(action, "data-protection-officer-only", "only the data-protection officer exports, erases or reads the access log of a person")
    return refuse(action, "role-not-allowed", `the role ${actor.role} has no ${action}`)
  }
  if (resource.organisationId !== actor.organisationId) return refuse(action, "other-organisation", "the resource belongs to another organisation")
  // A leader's organisation-wide actions are narrowed to their groups by the caller; naming a group, it must be theirs.
  if (actor.role === "group-leader" && (resource.groupId !== undefined || !organisationWide.has(action))) {
    if (!leads(actor, resource)) {
      return refuse(action, "not-a-leader-of-the-group", "a group leader reaches only the groups they lead")
    }
  }
  return allow
}

/** `authorize` as a boolean. @category guards */
export const isAllowed = (actor: Actor, action: Action, resource: Resource): boolean => Either.isRight(authorize(actor, action, resource))

/**
 * Whether the actor sees a group in lists: a leader the groups they lead (`leads`), everyone else every group of
 * their organisation.
 *
 * @category guards
 */
export const seesGroup = (actor: Actor, organisationId: string, groupId: string, leaderIds: ReadonlyArray<string> = []): boolean =>
  organisationId === actor.organisationId && (actor.role !== "group-leader" || leads(actor, { organisationId, groupId, leaderIds }))
