#!/usr/bin/env node
import { NodeContext, NodeRuntime } from "@effect/platform-node"
import { Telemetry } from "@vertaistuki/telemetry"
import { Effect, Exit, Layer } from "effect"
import { main } from "./main.js"

/** A reader that stopped reading (`vertaistuki … | head`) ends the run quietly: what it wanted, it has. */
const onStreamError = (e: NodeJS.ErrnoException): void => {
  if (e.code === "EPIPE") process.exit(0)
  process.stderr.write(`vertaistuki: cannot write the output (${e.code ?? e.name})\n`)
  process.exit(1)
}
process.stdout.on("error", onStreamError)
process.stderr.on("error", (e: NodeJS.ErrnoException) => process.exit(e.code === "EPIPE" ? 0 : 1))

/** Anything thrown outside the run (a library callback, a timer) is one line too, never a stack trace. */
const outside = (e: unknown): never => {
  process.stderr.write(`vertaistuki: unexpected ${e instanceof Error ? e.name : "failure"}\n`)
  return process.exit(2)
}
process.on("uncaughtException", outside)
process.on("unhandledRejection", outside)

/** Traces and metrics where `VERTAISTUKI_TELEMETRY` says (off by default); a setting it cannot use is bad input. */
const telemetry = Telemetry.layerConfig.pipe(
  Layer.catchAll((e) =>
    Layer.effectDiscard(
      Effect.sync(() => {
        process.stderr.write(`vertaistuki: ${e._tag === "InvalidTelemetryConfig" ? e.message : "the telemetry settings cannot be read"}\n`)
        process.exit(2)
      })
    )
  )
)

NodeRuntime.runMain(Effect.provide(main(process.argv), Layer.merge(NodeContext.layer, telemetry)), {
  disableErrorReporting: true,
  teardown: (exit, onExit) => onExit(Exit.isSuccess(exit) ? (exit.value as number) : 1)
})
