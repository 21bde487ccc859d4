/** The HTTP API a region mounts in its own service. */
export * as Accounts from "./Accounts.js"
export * as Authentication from "./Authentication.js"
