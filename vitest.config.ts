import { availableParallelism } from "node:os"
import { defineConfig } from "vitest/config"

export default defineConfig({
  test: {
    reporters: ["default", "./scripts/summary-reporter.ts"],
    // `vitest run` defaults to one worker fewer than the cores: a single worker on a 2-core machine, and
    // a core left idle whenever a test waits for a child process or PostgreSQL. One worker per core.
    maxWorkers: Math.max(2, availableParallelism()),
    minWorkers: 1
  }
})
