export * as SqliteEventStore from "./SqliteEventStore.js"
