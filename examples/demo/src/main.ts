/**
 * The main job: one walk through what the library does, from the programme catalogue to a stored
 * group's life and its costs. Each chapter lives in `chapters/`.
 */
import { catalogue } from "./chapters/catalogue.js"
import { costs } from "./chapters/costs.js"
import { eligibility } from "./chapters/eligibility.js"
import { lifecycle } from "./chapters/lifecycle.js"
import { storage } from "./chapters/storage.js"
import type { Story } from "./Story.js"

type Chapter = readonly [title: string, run: (story: Story) => void | Promise<void>]

const chapters: ReadonlyArray<Chapter> = [
  ["The programme catalogue", catalogue],
  ["Eligibility and consent", eligibility],
  ["A VOIKUKKIA group from referral to completion", lifecycle],
  ["Costs against the alternatives", costs],
  ["The story kept: storage, privacy and the access log", storage]
]

const story: Story = { events: [] }
for (const [title, run] of chapters) {
  console.log(`\n${"═".repeat(78)}\n  ${title}\n${"═".repeat(78)}`)
  await run(story)
}
