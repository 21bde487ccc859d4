import { fileURLToPath } from "node:url"
import { defineConfig } from "vitest/config"

const pkg = (name: string) => fileURLToPath(new URL(`./packages/${name}/src/index.ts`, import.meta.url))

/** Tests run against the sources: workspace packages resolve to their `src/index.ts`. */
export const shared = defineConfig({
  resolve: {
    alias: {
      "@vertaistuki/core": pkg("core"),
      "@vertaistuki/costs": pkg("costs"),
      "@vertaistuki/store-sqlite": pkg("store-sqlite"),
      "@vertaistuki/store-postgres": pkg("store-postgres"),
      "@vertaistuki/store": pkg("store"),
      "@vertaistuki/cli": pkg("cli")
    }
  },
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 60_000
  }
})
