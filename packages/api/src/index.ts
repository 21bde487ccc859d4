/** The HTTP API a region mounts in its own service. */
/** Local accounts: scrypt password hashes, sign-in sessions in the store's database, the sign-in limit. */
export * as Accounts from "./Accounts.js"
/** The HttpApi definition: every endpoint, its schemas and errors. */
export * as Api from "./Api.js"
/** Who sends a request: the replaceable layer that gives the signed-in actor, and the CSRF check. */
export * as Authentication from "./Authentication.js"
/** Role rules: who may do what to which organisation's and group's data. */
export * as Authorization from "./Authorization.js"
/** The coordinator's service: every step of a group's life, each taking the signed-in actor. */
export * as Coordinator from "./Coordinator.js"
/** Demo data: an organisation, its users and one group per seed model, made through the Coordinator. */
export * as DemoData from "./DemoData.js"
/** What the API's refusals expect, in Finnish and Swedish beside English. */
export * as Messages from "./Messages.js"
/** The handlers of the API as a layer over the Coordinator. */
export * as Handlers from "./Handlers.js"
/** 4xx bodies that name the field and quote no value back. */
export * as Problems from "./Problems.js"
/** The security headers of every response. */
export * as SecurityHeaders from "./SecurityHeaders.js"
/** Mounting the API, its OpenAPI document and Swagger UI in a service. */
export * as Server from "./Server.js"
/** Load, decide, append over the event store, retried on concurrent writes. */
export * as Workflow from "./Workflow.js"
