// Writes the package.json, tsconfig, tsup and vitest configs of one workspace package.
import { mkdirSync, writeFileSync } from "node:fs"
const [dir, name, description, extra = "{}"] = process.argv.slice(2)
const x = JSON.parse(extra)
mkdirSync(`${dir}/src`, { recursive: true })
mkdirSync(`${dir}/test`, { recursive: true })
const entries = ["src/index.ts", ...(x.bin ? ["src/bin.ts"] : [])]
const pkg = {
  name,
  version: "0.1.0",
  description,
  license: "MIT",
  type: "module",
  sideEffects: false,
  engines: { node: ">=20.19" },
  ...(x.bin ? { bin: { vertaistuki: "./dist/bin.js" } } : {}),
  exports: {
    ".": { types: "./dist/index.d.ts", default: "./dist/index.js" },
    "./package.json": "./package.json",
    "./internal/*": null
  },
  main: "./dist/index.js",
  types: "./dist/index.d.ts",
  files: ["dist"],
  scripts: {
    build: "tsup && tsc -p tsconfig.json --emitDeclarationOnly",
    ...(x.bench ? { bench: x.bench } : {})
  },
  dependencies: x.dependencies ?? {},
  ...(x.peerDependencies ? { peerDependencies: x.peerDependencies } : {}),
  devDependencies: x.devDependencies ?? {}
}
writeFileSync(`${dir}/package.json`, JSON.stringify(pkg, null, 2) + "\n")
writeFileSync(`${dir}/tsconfig.json`, JSON.stringify({ extends: "../../tsconfig.base.json", compilerOptions: { rootDir: "src", outDir: "dist" }, include: ["src"] }, null, 2) + "\n")
writeFileSync(`${dir}/tsup.config.ts`, `import { packageBuild } from "../../tsup.shared.js"\n\nexport default packageBuild(${x.bin ? JSON.stringify(entries) : ""})\n`)
writeFileSync(`${dir}/vitest.config.ts`, `import { defineProject, mergeConfig } from "vitest/config"
import { shared } from "../../vitest.shared.js"

export default mergeConfig(shared, defineProject({ test: { name: ${JSON.stringify(name.replace("@vertaistuki/", ""))} } }))
`)
