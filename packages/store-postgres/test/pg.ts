import pg from "pg"

/** The test server; override with `VERTAISTUKI_TEST_PG_URL`. */
export const url = process.env.VERTAISTUKI_TEST_PG_URL ?? "postgres://postgres@127.0.0.1:5432/test"

const probe = async (): Promise<string | undefined> => {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 })
  try {
    await client.connect()
    await client.query("SELECT 1")
    return undefined
  } catch (e) {
    return e instanceof Error ? e.message : String(e)
  } finally {
    await client.end().catch(() => undefined)
  }
}

const problem = await probe()
if (problem !== undefined) {
  if (process.env.CI === "true") throw new Error(`PostgreSQL at ${url} is required when CI=true: ${problem}`)
  console.warn(`\n!!! SKIPPING PostgreSQL tests: ${url} is unreachable (${problem}). Set CI=true to make this fail.\n`)
}

/** True when the server is unreachable (and CI is not set). */
export const skip = problem !== undefined

const run = `${process.pid.toString(36)}_${Date.now().toString(36)}`
let n = 0
const created: Array<string> = []

/** A fresh schema name for one test; dropped by `dropSchemas`. */
export const freshSchema = (): string => {
  const s = `vt_test_${run}_${n++}`
  created.push(s)
  return s
}

/** Drops every schema this run created. */
export const dropSchemas = async () => {
  if (skip || created.length === 0) return
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  for (const s of created.splice(0)) await client.query(`DROP SCHEMA IF EXISTS "${s}" CASCADE`)
  await client.end()
}
