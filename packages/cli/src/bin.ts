#!/usr/bin/env node
import { ValidationError } from "@effect/cli"
import { NodeContext, NodeRuntime } from "@effect/platform-node"
import { Console, Effect, Exit } from "effect"
import { run } from "./main.js"

const program = run(process.argv).pipe(
  Effect.as(0),
  Effect.catchIf(ValidationError.isValidationError, () => Effect.succeed(2)),
  Effect.catchTag("BadInput", (e) => Console.error(`vertaistuki: ${e.message}`).pipe(Effect.as(2))),
  Effect.provide(NodeContext.layer)
)

NodeRuntime.runMain(program, {
  teardown: (exit, onExit) => {
    const set = typeof process.exitCode === "number" ? process.exitCode : 0
    onExit(Exit.isSuccess(exit) ? Math.max(set, exit.value) : 1)
  }
})
