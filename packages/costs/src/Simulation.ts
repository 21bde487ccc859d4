/**
 * Monte Carlo simulation of a cost model. Each draw samples every ranged input once (triangular
 * or PERT, see `internal/sample.ts`) from a seeded xoshiro128** stream (`internal/prng.ts`) and
 * evaluates every line. The same model, seed and number of draws give the same draws, bit for bit,
 * on any machine.
 *
 * The model is compiled once into flat arrays: inputs whose min equals their max are folded into
 * the lines' constants, lines with nothing left to sample into one constant, and each draw is a
 * loop of multiplications over typed arrays. Ranged inputs are sampled in the order of
 * `model.inputs`; per-draw totals are kept unrounded and the percentiles rounded to whole cents.
 *
 * @since 0.1.0
 */
import { Money } from "@vertaistuki/core"
import { Data, Either } from "effect"
import type * as CostModel from "./CostModel.js"
import * as Prng from "./internal/prng.js"
import * as Sample from "./internal/sample.js"
import * as Range from "./Range.js"

/**
 * How to simulate. `onProgress` is called every 65 536 draws with the draws done.
 *
 * @category models
 */
export interface Options {
  readonly draws: number
  readonly seed: number
  readonly distribution?: "triangular" | "pert" | undefined
  readonly onProgress?: ((done: number, total: number) => void) | undefined
}

/** The 5th, 50th and 95th percentiles and the mean, in whole cents. @category models */
export interface Percentiles {
  readonly p5: number
  readonly p50: number
  readonly p95: number
  readonly mean: number
}

/**
 * The draws (unrounded cents, in draw order) and their percentiles; per participant when the
 * model has participants.
 *
 * @category models
 */
export interface Result {
  readonly draws: number
  readonly seed: number
  readonly distribution: "triangular" | "pert"
  readonly total: Float64Array
  readonly perParticipant: Float64Array | null
  readonly totalPercentiles: Percentiles
  readonly perParticipantPercentiles: Percentiles | null
}

/** A bar of a histogram: draws in `[from, to)` (the last bar includes `to`). @category models */
export interface Bin {
  readonly from: number
  readonly to: number
  readonly count: number
}

/** Options that cannot run. */
export class SimulationError extends Data.TaggedError("SimulationError")<{ readonly reason: string }> {
  override get message(): string {
    return this.reason
  }
}

/** The largest number of draws in one run. @category models */
export const maxDraws = 50_000_000

interface Compiled {
  readonly constant: number
  readonly values: Float64Array
  readonly sampled: Int32Array
  readonly pertParams: ReadonlyArray<Sample.Pert>
  readonly triA: Float64Array
  readonly triB: Float64Array
  readonly triFc: Float64Array
  readonly triK1: Float64Array
  readonly triK2: Float64Array
  readonly coef: Float64Array
  readonly start: Int32Array
  readonly factor: Int32Array
  readonly inverse: Uint8Array
  readonly participants: number
  readonly groups: number
}

const compile = (model: CostModel.Model, pert: boolean): Compiled => {
  const n = model.inputs.length
  const values = new Float64Array(n)
  const isSampled = model.inputs.map((i) => !Range.isPoint(i.range))
  const sampled: Array<number> = []
  model.inputs.forEach((input, i) => {
    values[i] = input.range.likely + input.shift
    if (isSampled[i]) sampled.push(i)
  })
  const shifted = (i: number) => {
    const { range, shift } = model.inputs[i]!
    return [range.min + shift, range.likely + shift, range.max + shift] as const
  }
  const tri = sampled.map((i) => Sample.triangular(...shifted(i)))
  const pertParams = pert ? sampled.map((i) => Sample.pert(...shifted(i))) : []
  let constant = 0
  const coef: Array<number> = []
  const start: Array<number> = [0]
  const factor: Array<number> = []
  const inverse: Array<number> = []
  for (const line of model.lines) {
    let c = line.coef
    const rest = line.factors.filter((f) => {
      if (isSampled[f.input]) return true
      c = f.inverse ? c / values[f.input]! : c * values[f.input]!
      return false
    })
    if (rest.length === 0) {
      constant += c
      continue
    }
    coef.push(c)
    for (const f of rest) {
      factor.push(f.input)
      inverse.push(f.inverse ? 1 : 0)
    }
    start.push(factor.length)
  }
  return {
    constant,
    values,
    sampled: Int32Array.from(sampled),
    pertParams,
    triA: Float64Array.from(tri, (t) => t.a),
    triB: Float64Array.from(tri, (t) => t.b),
    triFc: Float64Array.from(tri, (t) => t.fc),
    triK1: Float64Array.from(tri, (t) => t.k1),
    triK2: Float64Array.from(tri, (t) => t.k2),
    coef: Float64Array.from(coef),
    start: Int32Array.from(start),
    factor: Int32Array.from(factor),
    inverse: Uint8Array.from(inverse),
    participants: model.participants ?? -1,
    groups: model.groupsPerYear ?? -1
  }
}

const chunk = 65_536

const fill = (c: Compiled, pert: boolean, state: Prng.State, total: Float64Array, pp: Float64Array | null, from: number, to: number): void => {
  const { values, sampled, coef, start, factor, inverse, triA, triB, triFc, triK1, triK2, pertParams, constant, participants, groups } = c
  const ns = sampled.length
  const nl = coef.length
  for (let d = from; d < to; d++) {
    for (let k = 0; k < ns; k++) {
      let x: number
      if (pert) x = Sample.pertDraw(pertParams[k]!, state)
      else {
        const u = Prng.nextFloat(state)
        x = u < triFc[k]! ? triA[k]! + Math.sqrt(u * triK1[k]!) : triB[k]! - Math.sqrt((1 - u) * triK2[k]!)
      }
      values[sampled[k]!] = x
    }
    let sum = constant
    for (let l = 0; l < nl; l++) {
      let v = coef[l]!
      const end = start[l + 1]!
      for (let f = start[l]!; f < end; f++) v = inverse[f] === 1 ? v / values[factor[f]!]! : v * values[factor[f]!]!
      sum += v
    }
    total[d] = sum
    if (pp !== null) pp[d] = sum / (groups >= 0 ? values[participants]! * values[groups]! : values[participants]!)
  }
}

/**
 * A percentile of sorted values, interpolated linearly between ranks (`(n − 1) p`), rounded to
 * whole cents.
 *
 * @category combinators
 */
export const percentile = (sorted: Float64Array, p: number): number => {
  if (sorted.length === 0) return 0
  const h = (sorted.length - 1) * p
  const lo = Math.floor(h)
  const hi = Math.min(lo + 1, sorted.length - 1)
  return Money.roundHalfAwayFromZero(sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!))
}

/**
 * P5, P50, P95 and the mean of draws. The draws are sorted in a copy: `scratch` when given (at
 * least as long as the draws; its contents are overwritten), else a fresh array.
 *
 * @category combinators
 */
export const percentiles = (draws: Float64Array, scratch?: Float64Array): Percentiles => {
  const sorted = scratch === undefined ? draws.slice() : scratch.subarray(0, draws.length)
  if (scratch !== undefined) sorted.set(draws)
  sorted.sort()
  let sum = 0
  for (let i = 0; i < draws.length; i++) sum += draws[i]!
  return {
    p5: percentile(sorted, 0.05),
    p50: percentile(sorted, 0.5),
    p95: percentile(sorted, 0.95),
    mean: Money.roundHalfAwayFromZero(draws.length === 0 ? 0 : sum / draws.length)
  }
}

/**
 * Runs the simulation.
 *
 * @category combinators
 * @example
 * import { CostModel, Scenario, Simulation } from "@vertaistuki/costs"
 * import { Either } from "effect"
 * const s = Either.getOrThrow(Scenario.decode({ name: "VOIKUKKIA", price: { total: { min: 355500, max: 615500 } } }))
 * const r = Simulation.run(Either.getOrThrow(CostModel.fromScenario(s)), { draws: 10_000, seed: 1 })
 */
export const run = (model: CostModel.Model, options: Options): Either.Either<Result, SimulationError> => {
  const { draws, seed } = options
  if (!Number.isInteger(draws) || draws < 1 || draws > maxDraws) {
    return Either.left(new SimulationError({ reason: `expected a whole number of draws from 1 to ${maxDraws}, got ${draws}` }))
  }
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) {
    return Either.left(new SimulationError({ reason: `expected a whole-number seed from 0 to 4294967295, got ${seed}` }))
  }
  const distribution = options.distribution ?? model.distribution
  const pert = distribution === "pert"
  const c = compile(model, pert)
  const state = Prng.seed(seed)
  const total = new Float64Array(draws)
  const pp = c.participants >= 0 ? new Float64Array(draws) : null
  for (let from = 0; from < draws; from += chunk) {
    const to = Math.min(draws, from + chunk)
    fill(c, pert, state, total, pp, from, to)
    options.onProgress?.(to, draws)
  }
  // One sort buffer for both percentile sets.
  const scratch = new Float64Array(draws)
  return Either.right({
    draws,
    seed,
    distribution,
    total,
    perParticipant: pp,
    totalPercentiles: percentiles(total, scratch),
    perParticipantPercentiles: pp === null ? null : percentiles(pp, scratch)
  })
}

/**
 * Counts draws into `bins` bars of equal width between the least and the greatest draw.
 *
 * @category combinators
 */
export const histogram = (draws: Float64Array, bins = 30): ReadonlyArray<Bin> => {
  if (draws.length === 0) return []
  let lo = Number.POSITIVE_INFINITY
  let hi = Number.NEGATIVE_INFINITY
  for (let i = 0; i < draws.length; i++) {
    const x = draws[i]!
    if (x < lo) lo = x
    if (x > hi) hi = x
  }
  if (lo === hi) return [{ from: lo, to: hi, count: draws.length }]
  const width = (hi - lo) / bins
  const counts = new Array<number>(bins).fill(0)
  for (let i = 0; i < draws.length; i++) counts[Math.min(bins - 1, Math.floor((draws[i]! - lo) / width))]! += 1
  return counts.map((count, i) => ({ from: lo + i * width, to: i === bins - 1 ? hi : lo + (i + 1) * width, count }))
}
