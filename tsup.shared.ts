import { defineConfig } from "tsup"

/**
 * How every package bundles its JavaScript: ESM for Node 20, from the given entry points. Declarations are
 * emitted per module by `tsc` (see each package's `build` script), which keeps a Schema and its type under
 * one name intact where declaration bundlers split them.
 */
export const packageBuild = (entry: ReadonlyArray<string> = ["src/index.ts"]) =>
  defineConfig({
    entry: [...entry],
    format: ["esm"],
    dts: false,
    clean: true,
    sourcemap: true,
    target: "node20",
    platform: "node",
    splitting: true,
    treeshake: true
  })
