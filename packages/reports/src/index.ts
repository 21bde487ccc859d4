export * as Facts from "./Facts.js"
export * as Period from "./Period.js"
export * as Report from "./Report.js"
export * as Suppression from "./Suppression.js"
