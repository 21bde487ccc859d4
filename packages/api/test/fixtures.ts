import type { Actor, Role } from "../src/Authorization.js"

/** An actor of a role in the organisation `org-demo`. */
export const actorFixture = (role: Role, groupsLed: ReadonlyArray<string> = []): Actor => ({ userId: `${role}-1`, role, organisationId: "org-demo", groupsLed })
