export { exitCodeOf, main, run, vertaistuki } from "./main.js"
export * as Output from "./Output.js"
export * as Messages from "./Messages.js"
