export * as Snippets from "./Snippets.js"
