/** The HTTP API a region mounts in its own service. */
export * as Accounts from "./Accounts.js"
export * as Authentication from "./Authentication.js"
/** Role rules: who may do what to which organisation's and group's data. */
export * as Authorization from "./Authorization.js"
/** The coordinator's service: every step of a group's life, each taking the signed-in actor. */
export * as Coordinator from "./Coordinator.js"
