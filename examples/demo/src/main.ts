/**
 * The main job: one walk through what the library does, from the programme catalogue to a stored
 * group's life and its costs. Each chapter lives in `chapters/`.
 */
import { catalogue } from "./chapters/catalogue.js"
import { costs } from "./chapters/costs.js"
import { eligibility } from "./chapters/eligibility.js"
import { lifecycle } from "./chapters/lifecycle.js"
import { notifications } from "./chapters/notifications.js"
import { storage } from "./chapters/storage.js"
import { placeOf, settle } from "./Place.js"
import type { Story } from "./Story.js"

type Chapter = readonly [title: string, run: (story: Story) => void | Promise<void>]

const chapters: ReadonlyArray<Chapter> = [
  ["The programme catalogue", catalogue],
  ["Eligibility and consent", eligibility],
  ["A VOIKUKKIA group from referral to completion", lifecycle],
  ["Costs against the alternatives", costs],
  ["Reminders sent: consent at send time, quiet hours, each family's language", notifications],
  ["The story kept: storage, privacy and the access log", storage]
]

const here = placeOf(process.argv.slice(2), process.env)
if (typeof here === "string") {
  process.stderr.write(`demo: ${here}\n`)
  process.exit(2)
}
settle(here)
console.log(`The demo writes its SQLite store, the store's master key, an export and a report into ${here.dir}`)
if (here.reused) {
  console.log(`That folder holds the store of an earlier run (${here.db}): this run reuses it, so the storage chapter reads the story back instead of storing it again.`)
} else if (here.chosen === "new") {
  console.log("A new folder for this run only; `pnpm demo --dir <folder>` keeps the store in a folder of your choice for a second run.")
}

const story: Story = { events: [] }
for (const [title, run] of chapters) {
  console.log(`\n${"═".repeat(78)}\n  ${title}\n${"═".repeat(78)}`)
  await run(story)
}
