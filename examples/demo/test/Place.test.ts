import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterAll, describe, expect, it } from "vitest"
import { type Place, placeOf } from "../src/Place.js"

const dir = mkdtempSync(join(tmpdir(), "vertaistuki-demo-place-"))
const made: Array<string> = []
afterAll(() => {
  rmSync(dir, { recursive: true, force: true })
  for (const d of made) rmSync(d, { recursive: true, force: true })
})

const place = (args: ReadonlyArray<string>, env: Record<string, string> = {}): Place => {
  const p = placeOf(args, env)
  if (typeof p === "string") throw new Error(p)
  return p
}

describe("where pnpm demo writes", () => {
  it("without --dir: a new folder for each run, its owner's only, never a fixed path", () => {
    const a = place([])
    const b = place([])
    made.push(a.dir, b.dir)
    expect(a.dir).not.toBe(b.dir)
    expect(a).toMatchObject({ chosen: "new", reused: false, db: join(a.dir, "demo.sqlite") })
    expect((statSync(a.dir).mode & 0o777).toString(8)).toBe("700")
  })

  it("--dir (or --dir=) takes the folder, creating it; a store left there by an earlier run is reused", () => {
    const folder = join(dir, "kept", "here")
    const first = place(["--dir", folder])
    expect(first).toEqual({ dir: folder, db: join(folder, "demo.sqlite"), chosen: "--dir", reused: false })
    expect(existsSync(folder)).toBe(true)
    writeFileSync(first.db, "")
    expect(place([`--dir=${folder}`]).reused).toBe(true)
    expect(place(["--", "--dir", folder]).reused).toBe(true)
  })

  it("VERTAISTUKI_DEMO_DB names the SQLite file; --dir wins over it", () => {
    const db = join(dir, "env", "x.sqlite")
    expect(place([], { VERTAISTUKI_DEMO_DB: db })).toEqual({ dir: join(dir, "env"), db, chosen: "VERTAISTUKI_DEMO_DB", reused: false })
    expect(place(["--dir", join(dir, "other")], { VERTAISTUKI_DEMO_DB: db }).chosen).toBe("--dir")
  })

  it("refuses an unknown argument and a --dir without a folder, naming the usage", () => {
    expect(placeOf(["--bogus"], {})).toMatch(/unknown argument "--bogus"; usage: pnpm demo \[--dir <folder>\]/)
    expect(placeOf(["--dir"], {})).toMatch(/--dir needs a folder/)
  })
})
