import { defineConfig } from "tsup"

/** How every package is built: ESM for Node 20 with declarations, from the given entry points. */
export const packageBuild = (entry: ReadonlyArray<string> = ["src/index.ts"]) =>
  defineConfig({
    entry: [...entry],
    format: ["esm"],
    dts: true,
    clean: true,
    sourcemap: true,
    target: "node20",
    platform: "node",
    splitting: true,
    treeshake: true
  })
