/**
 * xoshiro128** (Blackman & Vigna, 2018) on 32-bit integers, seeded by splitmix32. Integer
 * arithmetic only (`Math.imul`, shifts), so a seed gives the same stream on every machine.
 * `Math.random` is never used.
 */

/** A generator's state: four 32-bit words. */
export type State = Uint32Array

const splitmix32 = (x: number): number => {
  let z = (x + 0x9e3779b9) | 0
  z = Math.imul(z ^ (z >>> 16), 0x21f0aaad)
  z = Math.imul(z ^ (z >>> 15), 0x735a2d97)
  return (z ^ (z >>> 15)) >>> 0
}

/** The state for a seed (an integer; taken modulo 2^32). */
export const seed = (seed: number): State => {
  const s = new Uint32Array(4)
  let x = seed >>> 0
  for (let i = 0; i < 4; i++) {
    x = (x + 0x9e3779b9) >>> 0
    s[i] = splitmix32(x)
  }
  if ((s[0]! | s[1]! | s[2]! | s[3]!) === 0) s[0] = 1
  return s
}

/** The next 32-bit output. */
export const nextUint32 = (s: State): number => {
  const s0 = s[0]!
  const s1 = s[1]!
  const s2 = s[2]!
  const s3 = s[3]!
  const m = Math.imul(s1, 5)
  const result = Math.imul((m << 7) | (m >>> 25), 9) >>> 0
  const t = s1 << 9
  const n2 = s2 ^ s0
  const n3 = s3 ^ s1
  s[1] = s1 ^ n2
  s[0] = s0 ^ n3
  s[2] = n2 ^ t
  s[3] = (n3 << 11) | (n3 >>> 21)
  return result
}

/** A uniform float in [0, 1) with 32 random bits. */
export const nextFloat = (s: State): number => nextUint32(s) / 4294967296
