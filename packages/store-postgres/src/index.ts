export * as PgEventStore from "./PgEventStore.js"
