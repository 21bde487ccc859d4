/**
 * Sampling a three-point range. Triangular by the inverse of its distribution function; PERT as
 * `min + (max − min) × Beta(α, β)` with `α = 1 + 4 (likely − min) / (max − min)` and
 * `β = 1 + 4 (max − likely) / (max − min)`, the Beta from two Gamma draws (Marsaglia & Tsang, 2000;
 * α, β ≥ 1 here) and the Normal by Marsaglia's polar method. Plain float maths in a fixed order:
 * `Math.sqrt` is exactly rounded and V8's `Math.log` is a fixed port of fdlibm, so a stream of
 * uniforms gives the same samples on every machine.
 */
import { nextFloat, type State } from "./prng.js"

/** Parameters of a triangular range, precomputed. */
export interface Triangular {
  readonly a: number
  readonly b: number
  readonly fc: number
  readonly k1: number
  readonly k2: number
}

/** Precomputes a triangular range `min <= likely <= max` with `min < max`. */
export const triangular = (a: number, c: number, b: number): Triangular => ({
  a,
  b,
  fc: (c - a) / (b - a),
  k1: (b - a) * (c - a),
  k2: (b - a) * (b - c)
})

/** Parameters of a PERT range, precomputed. */
export interface Pert {
  readonly a: number
  readonly width: number
  readonly da: number
  readonly ca: number
  readonly db: number
  readonly cb: number
}

/** Precomputes a PERT range `min <= likely <= max` with `min < max`. */
export const pert = (a: number, c: number, b: number): Pert => {
  const alpha = 1 + (4 * (c - a)) / (b - a)
  const beta = 1 + (4 * (b - c)) / (b - a)
  const da = alpha - 1 / 3
  const db = beta - 1 / 3
  return { a, width: b - a, da, ca: 1 / Math.sqrt(9 * da), db, cb: 1 / Math.sqrt(9 * db) }
}

const normal = (s: State): number => {
  for (;;) {
    const u = 2 * nextFloat(s) - 1
    const v = 2 * nextFloat(s) - 1
    const q = u * u + v * v
    if (q > 0 && q < 1) return u * Math.sqrt((-2 * Math.log(q)) / q)
  }
}

const gamma = (s: State, d: number, c: number): number => {
  for (;;) {
    let x: number
    let v: number
    do {
      x = normal(s)
      v = 1 + c * x
    } while (v <= 0)
    v = v * v * v
    const u = nextFloat(s)
    const x2 = x * x
    if (u < 1 - 0.0331 * x2 * x2) return d * v
    if (Math.log(u) < 0.5 * x2 + d * (1 - v + Math.log(v))) return d * v
  }
}

/** A PERT draw. */
export const pertDraw = (p: Pert, s: State): number => {
  const x = gamma(s, p.da, p.ca)
  const y = gamma(s, p.db, p.cb)
  return p.a + (p.width * x) / (x + y)
}
