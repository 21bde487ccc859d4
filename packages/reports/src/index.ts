export * as Suppression from "./Suppression.js"
