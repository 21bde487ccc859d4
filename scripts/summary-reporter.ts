import type { RunnerTask as Task, RunnerTestFile as File } from "vitest"
import type { Reporter } from "vitest/reporters"

const count = (tasks: ReadonlyArray<Task>, acc = { passed: 0, failed: 0, skipped: 0 }) => {
  for (const t of tasks) {
    if (t.type === "suite") count(t.tasks, acc)
    else if (t.result?.state === "pass") acc.passed++
    else if (t.result?.state === "fail") acc.failed++
    else acc.skipped++
  }
  return acc
}

/** Prints one plain closing line after the default report: `Tests: N passed, N failed, N skipped`. */
export default class SummaryReporter implements Reporter {
  onFinished(files: ReadonlyArray<File> = []) {
    const { passed, failed, skipped } = count(files)
    setImmediate(() => process.stdout.write(`\nTests: ${passed} passed, ${failed} failed, ${skipped} skipped\n`))
  }
}
