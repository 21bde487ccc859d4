import { fileURLToPath } from "node:url"
import { defineConfig } from "vitest/config"

const packages = fileURLToPath(new URL("./packages/", import.meta.url))

/**
 * Tests run against the sources: `@vertaistuki/<name>` resolves to `packages/<name>/src/index.ts`, and a
 * subpath export `@vertaistuki/<name>/<entry>` to `packages/<name>/src/<entry>.ts`, as in tsconfig's paths.
 */
export const shared = defineConfig({
  resolve: {
    alias: [
      { find: /^@vertaistuki\/([a-z-]+)$/, replacement: `${packages}$1/src/index.ts` },
      { find: /^@vertaistuki\/([a-z-]+)\/([a-z-]+)$/, replacement: `${packages}$1/src/$2.ts` }
    ]
  },
  test: {
    include: ["test/**/*.test.ts"],
    // Generous: with a worker per core on a shared 2-core machine, a test that starts processes can take
    // several times its time on an idle one. A passing test never waits for its timeout.
    testTimeout: 120_000,
    hookTimeout: 120_000
  }
})
