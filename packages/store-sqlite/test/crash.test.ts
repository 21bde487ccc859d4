import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import Database from "better-sqlite3"
import { afterAll, expect } from "vitest"
import { crashTest } from "../../store/test/crash.js"
import { SqliteEventStore } from "../src/index.js"

const dir = mkdtempSync(join(tmpdir(), "vt-crash-"))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

crashTest({
  storage: () => {
    const filename = join(dir, "crash.sqlite")
    return {
      writer: ["packages/store-sqlite/test/fixtures/crash-writer.ts", filename],
      layer: (keyring) => SqliteEventStore.layer({ filename, keyring }),
      check: async () => {
        const db = new Database(filename, { readonly: true })
        try {
          expect(db.pragma("integrity_check")).toEqual([{ integrity_check: "ok" }])
        } finally {
          db.close()
        }
      }
    }
  }
})
