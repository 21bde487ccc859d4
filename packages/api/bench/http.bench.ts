// The API against a raw `node:http` handler doing the same work, side by side in one run: 50 concurrent
// clients (autocannon) reading a group's roster, then recording attendance (each request holds a session
// not held before: an append to the session's stream after reading the group's). Both sides are served by
// one child process over one SQLite file; autocannon runs here. Goals: the API at ≥ 0.5× the raw
// handler's throughput and a p99 latency ≤ 50 ms.
import { fork } from "node:child_process"
import { fileURLToPath } from "node:url"
import autocannon from "autocannon"

type Result = Awaited<ReturnType<typeof autocannon>>
import type { Held, Ready } from "./server.js"

const CONNECTIONS = 50
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10)

const child = fork(fileURLToPath(new URL("./server.ts", import.meta.url)), [], { execArgv: ["--import", "tsx"], stdio: ["ignore", "inherit", "inherit", "ipc"] })
const ready = await new Promise<Ready>((resolve, reject) => {
  child.once("message", (m) => resolve(m as Ready))
  child.once("exit", (code) => reject(new Error(`the benchmark server exited (${code})`)))
})

const roster = (port: number, seconds = SECONDS) =>
  autocannon({
    url: `http://127.0.0.1:${port}/api/groups/${ready.rosterGroup}/roster`,
    connections: CONNECTIONS,
    duration: seconds,
    headers: { cookie: ready.cookie }
  })

const attendance = (port: number, sessions: ReadonlyArray<Held>) => {
  let next = 0
  return autocannon({
    url: `http://127.0.0.1:${port}`,
    connections: CONNECTIONS,
    amount: sessions.length,
    requests: [
      {
        method: "POST",
        headers: { cookie: ready.cookie, "x-csrf-token": ready.csrf, "content-type": "application/json" },
        setupRequest: (request) => {
          const s = sessions[next++ % sessions.length]!
          return { ...request, path: `/api/sessions/${s.sessionId}/attendance`, body: s.body }
        }
      }
    ]
  })
}

const line = (name: string, r: Result) =>
  `${name.padEnd(34)} ${r.requests.average.toFixed(0).padStart(7)} req/s   p50 ${String(r.latency.p50).padStart(4)} ms   p99 ${String(r.latency.p99).padStart(4)} ms   ` +
  `${r["2xx"]} 2xx, ${r.non2xx} other, ${r.errors} errors`

const verdict = (api: Result, raw: Result) => {
  const ratio = api.requests.average / raw.requests.average
  return `  API/raw throughput ${ratio.toFixed(2)}× (goal ≥ 0.5×: ${ratio >= 0.5 ? "met" : "NOT met"}); API p99 ${api.latency.p99} ms (goal ≤ 50 ms: ${api.latency.p99 <= 50 ? "met" : "NOT met"})`
}

console.log(`${CONNECTIONS} connections; roster ${SECONDS} s per side; attendance ${ready.attendance.api.length} sessions per side`)
// Warm both sides, then measure them one after the other.
await roster(ready.raw, 2)
await roster(ready.api, 2)
const rosterRaw = await roster(ready.raw)
const rosterApi = await roster(ready.api)
console.log(line("roster read, raw node:http", rosterRaw))
console.log(line("roster read, HttpApi", rosterApi))
console.log(verdict(rosterApi, rosterRaw))
const attendanceRaw = await attendance(ready.raw, ready.attendance.raw)
const attendanceApi = await attendance(ready.api, ready.attendance.api)
console.log(line("recording attendance, raw node:http", attendanceRaw))
console.log(line("recording attendance, HttpApi", attendanceApi))
console.log(verdict(attendanceApi, attendanceRaw))
child.disconnect()
