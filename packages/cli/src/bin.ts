#!/usr/bin/env node
import { ValidationError } from "@effect/cli"
import { NodeContext, NodeRuntime } from "@effect/platform-node"
import { Console, Effect, Exit } from "effect"
import { run } from "./main.js"

/** 0 on success, 2 on bad input (a rejected argument, file, row or scenario), 1 on anything else. */
let exitCode = 0

const program = run(process.argv).pipe(
  Effect.catchIf(ValidationError.isValidationError, () => Effect.sync(() => (exitCode = 2))),
  Effect.catchTag("BadInput", (e) => Console.error(`vertaistuki: ${e.message}`).pipe(Effect.tap(() => (exitCode = 2)))),
  Effect.provide(NodeContext.layer)
)

NodeRuntime.runMain(program, {
  teardown: (exit, onExit) => {
    const set = typeof process.exitCode === "number" ? process.exitCode : 0
    onExit(Exit.isSuccess(exit) ? Math.max(set, exitCode) : 1)
  }
})
