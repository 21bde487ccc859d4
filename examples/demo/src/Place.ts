/**
 * Where the demo writes its SQLite store, the store's master key, a parent's export and the cost
 * report: the folder given with `--dir <folder>` (kept between runs: a second run reuses its store),
 * else a new folder of this run's own under the OS temp folder, so that runs and users never share
 * one. `VERTAISTUKI_DEMO_DB=<file>` names the SQLite file instead, its folder taking the other files.
 */
import { existsSync, mkdirSync, mkdtempSync } from "node:fs"
import { tmpdir } from "node:os"
import { dirname, join, resolve } from "node:path"

/** The demo's folder and store, and whether the store is an earlier run's. */
export interface Place {
  readonly dir: string
  readonly db: string
  /** How the folder was chosen. */
  readonly chosen: "--dir" | "VERTAISTUKI_DEMO_DB" | "new"
  /** The store exists already: an earlier run's, read back instead of stored again. */
  readonly reused: boolean
}

/** The usage line of `pnpm demo`. */
export const usage = "usage: pnpm demo [--dir <folder>]"

/** The folder from the arguments (`--dir x` or `--dir=x`) and the environment; a string for a bad argument. */
export const placeOf = (args: ReadonlyArray<string>, env: Readonly<Record<string, string | undefined>>): Place | string => {
  let dir: string | undefined
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!
    if (a === "--") continue
    if (a === "--dir") {
      dir = args[++i]
      if (dir === undefined || dir === "") return `--dir needs a folder; ${usage}`
    } else if (a.startsWith("--dir=")) dir = a.slice("--dir=".length)
    else return `unknown argument ${JSON.stringify(a)}; ${usage}`
  }
  if (dir !== undefined) {
    const folder = resolve(dir)
    mkdirSync(folder, { recursive: true, mode: 0o700 })
    const db = join(folder, "demo.sqlite")
    return { dir: folder, db, chosen: "--dir", reused: existsSync(db) }
  }
  const file = env.VERTAISTUKI_DEMO_DB
  if (file !== undefined && file !== "") {
    const db = resolve(file)
    mkdirSync(dirname(db), { recursive: true, mode: 0o700 })
    return { dir: dirname(db), db, chosen: "VERTAISTUKI_DEMO_DB", reused: existsSync(db) }
  }
  const folder = mkdtempSync(join(tmpdir(), "vertaistuki-demo-"))
  return { dir: folder, db: join(folder, "demo.sqlite"), chosen: "new", reused: false }
}

let current: Place | undefined

/** Sets this run's place, once, before the chapters run. */
export const settle = (place: Place): void => {
  current = place
}

/** This run's place. */
export const here = (): Place => {
  if (current === undefined) throw new Error("the demo's place is not settled")
  return current
}
