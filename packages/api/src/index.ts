/** The HTTP API a region mounts in its own service. */
/** Role rules: who may do what to which organisation's and group's data. */
export * as Authorization from "./Authorization.js"
/** The coordinator's service: every step of a group's life, each taking the signed-in actor. */
export * as Coordinator from "./Coordinator.js"
/** Demo data: an organisation, its users and one group per seed model, made through the Coordinator. */
export * as DemoData from "./DemoData.js"
/** Load, decide, append over the event store, retried on concurrent writes. */
export * as Workflow from "./Workflow.js"
