import { defineProject, mergeConfig } from "vitest/config"
import { shared } from "../../vitest.shared.js"

// Pure modules without global state: test files share a worker's module graph instead of importing effect afresh each (halves collect time).
export default mergeConfig(shared, defineProject({ test: { name: "notify", isolate: false } }))
