/**
 * The `vertaistuki` command and its subcommands.
 *
 * @since 0.1.0
 */
import { Command } from "@effect/cli"
import { costs } from "./commands/costs.js"
import { eligibility } from "./commands/eligibility.js"
import { programmes } from "./commands/programmes.js"
import { report } from "./commands/report.js"
import { store } from "./commands/store.js"
import { schedule } from "./commands/schedule.js"

/** Every subcommand of `vertaistuki`; each lives in `commands/`. */
const subcommands = [programmes, costs, eligibility, schedule, store, report] as const

/** The root command. */
export const vertaistuki = Command.make("vertaistuki").pipe(
  Command.withDescription("Peer-support group programmes for Finnish child protection."),
  Command.withSubcommands(subcommands)
)

/** Runs the command line with `process.argv`-shaped arguments. */
export const run = Command.run(vertaistuki, { name: "vertaistuki", version: "0.1.0" })
