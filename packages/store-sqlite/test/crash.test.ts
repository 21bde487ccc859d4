import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterAll } from "vitest"
import { crashTest } from "../../store/test/crash.js"
import { SqliteEventStore } from "../src/index.js"

const dir = mkdtempSync(join(tmpdir(), "vt-crash-"))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

crashTest({
  storage: () => {
    const filename = join(dir, "crash.sqlite")
    return {
      writer: ["packages/store-sqlite/test/fixtures/crash-writer.ts", filename],
      layer: (keyring) => SqliteEventStore.layer({ filename, keyring })
    }
  }
})
