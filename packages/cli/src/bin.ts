#!/usr/bin/env node
import { ValidationError } from "@effect/cli"
import { NodeContext, NodeRuntime } from "@effect/platform-node"
import { Console, Effect, Exit } from "effect"
import { run } from "./main.js"

/** 0 on success, 2 on bad input (a rejected argument, file, row or scenario), 1 on anything else. */
let exitCode = 0

const program = run(process.argv).pipe(
  Effect.catchIf(ValidationError.isValidationError, () => Effect.sync(() => (exitCode = 2))),
  Effect.catchTags({
    BadInput: (e) => Console.error(`vertaistuki: ${e.message}`).pipe(Effect.tap(() => (exitCode = 2))),
    CommandFailed: (e) => Console.error(`vertaistuki: ${e.message}`).pipe(Effect.tap(() => (exitCode = 1)))
  }),
  Effect.provide(NodeContext.layer)
)

NodeRuntime.runMain(program, {
  teardown: (exit, onExit) => onExit(Exit.isSuccess(exit) ? exitCode : 1)
})
