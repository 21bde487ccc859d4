/**
 * The main job: one walk through what the library does, from the programme catalogue to a stored
 * group's life and its costs. Each chapter lives in `chapters/`.
 */
type Chapter = readonly [title: string, run: () => void | Promise<void>]

const chapters: ReadonlyArray<Chapter> = []

for (const [title, run] of chapters) {
  console.log(`\n${"═".repeat(78)}\n  ${title}\n${"═".repeat(78)}`)
  await run()
}
