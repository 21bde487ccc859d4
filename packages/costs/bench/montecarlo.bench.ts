// 1,000,000 Monte Carlo draws of the VOIKUKKIA scenario (seed 001_b24d0be2c52c8a44.txt), ours side
// by side with a plain JavaScript loop hand-written for the same model (price 3,555–6,155 €
// triangular, 4–8 parents triangular; total and per parent; P5/P50/P95 by sorting).
// Goals: ours ≤ 1 s, and within 2× of the plain loop.
import { readFileSync } from "node:fs"
import { CostModel, Scenario, Simulation } from "@vertaistuki/costs"
import { Either } from "effect"

const draws = 1_000_000
const rounds = 3
const file = new URL("../../../examples/cost-comparison/voikukkia-2015.json", import.meta.url)
const scenario = Either.getOrThrow(Scenario.decode(JSON.parse(readFileSync(file, "utf8"))))
const model = Either.getOrThrow(CostModel.fromScenario(scenario))

const ours = (n: number) => {
  const r = Either.getOrThrow(Simulation.run(model, { draws: n, seed: 1 }))
  return r.totalPercentiles.p50
}

/** The same model written out by hand: mulberry32, two triangular draws, two sorts. */
const plain = (n: number) => {
  let a = 1
  const rand = () => {
    a = (a + 0x6d2b79f5) | 0
    let t = Math.imul(a ^ (a >>> 15), 1 | a)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  const tri = (u: number, lo: number, mode: number, hi: number) =>
    u < (mode - lo) / (hi - lo) ? lo + Math.sqrt(u * (hi - lo) * (mode - lo)) : hi - Math.sqrt((1 - u) * (hi - lo) * (hi - mode))
  const total = new Float64Array(n)
  const perParent = new Float64Array(n)
  for (let i = 0; i < n; i++) {
    const price = tri(rand(), 355500, 485500, 615500)
    const parents = tri(rand(), 4, 6, 8)
    total[i] = price
    perParent[i] = price / parents
  }
  const p = (xs: Float64Array, q: number) => {
    const s = xs.slice().sort()
    return s[Math.floor((s.length - 1) * q)]!
  }
  p(perParent, 0.5)
  return Math.round(p(total, 0.5))
}

const time = (f: (n: number) => number) => {
  const times: Array<number> = []
  let check = 0
  for (let r = 0; r < rounds; r++) {
    ;(globalThis as { gc?: () => void }).gc?.()
    const t = performance.now()
    check = f(draws)
    times.push(performance.now() - t)
  }
  times.sort((x, y) => x - y)
  return { ms: times[Math.floor(rounds / 2)]!, check }
}

ours(50_000)
plain(50_000)
const o = time(ours)
const p = time(plain)
const rate = (ms: number) => Math.round((draws / ms) * 1000).toLocaleString("en-US")
const ratio = o.ms / p.ms
console.table([
  { implementation: "@vertaistuki/costs Simulation.run", draws, "median ms": Math.round(o.ms), "draws/s": rate(o.ms), P50: o.check },
  { implementation: "plain JavaScript loop", draws, "median ms": Math.round(p.ms), "draws/s": rate(p.ms), P50: p.check }
])
console.table([
  { goal: "1,000,000 draws in ≤ 1 s", measured: `${Math.round(o.ms)} ms`, met: o.ms <= 1000 ? "yes" : "NO" },
  { goal: "within 2× of the plain loop", measured: `${ratio.toFixed(2)}×`, met: ratio <= 2 ? "yes" : "NO" }
])
