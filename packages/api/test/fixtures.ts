import type { Actor } from "../src/Coordinator.js"

/** An actor of a role for the tests that do not depend on its other fields. */
export const actorFixture = (role: string): Actor => ({ id: `${role}-1`, role, organisationId: "org-demo" }) as unknown as Actor
