import { createCipheriv, createDecipheriv, createHash, randomBytes } from "node:crypto"

const ALGO = "aes-256-gcm"

/** Deterministic short id of a key: the first 16 hex digits of its SHA-256. */
export const keyId = (key: Uint8Array): string => createHash("sha256").update(key).digest("hex").slice(0, 16)

/** `n` fresh data keys from one draw of the CSPRNG. */
export const newDataKeys = (n: number): Array<Buffer> => {
  const bytes = randomBytes(32 * n)
  return Array.from({ length: n }, (_, i) => bytes.subarray(32 * i, 32 * i + 32))
}

// Random IVs are drawn from a pool refilled from the CSPRNG, one system call per 4096 IVs.
const POOL = 12 * 4096
let pool = randomBytes(POOL)
let offset = 0
const nextIv = (): Buffer => {
  if (offset + 12 > POOL) {
    pool = randomBytes(POOL)
    offset = 0
  }
  const iv = pool.subarray(offset, offset + 12)
  offset += 12
  return iv
}

/**
 * AES-256-GCM with a random 96-bit IV; the AAD binds the ciphertext to its owner. `prefix` + base64(iv ‖ tag ‖
 * ciphertext): `v1.` for wrapped keys and the first format of personal fields, `v2.` for an event's envelope.
 */
export const seal = (key: Uint8Array, plaintext: Uint8Array | string, aad: string, prefix: "v1." | "v2." = "v1."): string => {
  const iv = nextIv()
  const c = createCipheriv(ALGO, key, iv)
  c.setAAD(Buffer.from(aad, "utf8"))
  const body = typeof plaintext === "string" ? c.update(plaintext, "utf8") : c.update(plaintext)
  const tail = c.final()
  return `${prefix}${Buffer.concat([iv, c.getAuthTag(), body, tail]).toString("base64")}`
}

/** Undefined when the text is not a sealed value with that prefix or fails authentication. */
export const open = (key: Uint8Array, sealed: string, aad: string, prefix: "v1." | "v2." = "v1."): Buffer | undefined => {
  if (!sealed.startsWith(prefix)) return undefined
  const bytes = Buffer.from(sealed.slice(3), "base64")
  if (bytes.length < 28) return undefined
  try {
    const d = createDecipheriv(ALGO, key, bytes.subarray(0, 12))
    d.setAAD(Buffer.from(aad, "utf8"))
    d.setAuthTag(bytes.subarray(12, 28))
    return Buffer.concat([d.update(bytes.subarray(28)), d.final()])
  } catch {
    return undefined
  }
}

/**
 * Which key seals an envelope: its owner (a person, `group:<id>`, `anonymous:<session>`), its retention
 * class (the event's record type) and its period (the UTC month it was recorded in, as yyyymm). The
 * owner's row with class `""` and period 0 is the key of the first format (one per person) and, once
 * destroyed, the owner's erasure tombstone.
 */
export interface Slot {
  readonly owner: string
  readonly retentionClass: string
  readonly period: number
}

/** The class and period of an owner's first-format key and erasure tombstone. */
export const OWNER_CLASS = ""
export const OWNER_PERIOD = 0

/** The UTC month of an instant as yyyymm. */
export const periodOf = (ms: number): number => {
  const d = new Date(ms)
  return d.getUTCFullYear() * 100 + d.getUTCMonth() + 1
}

/** The first instant of a period (yyyymm). */
export const periodStart = (period: number): number => Date.UTC(Math.floor(period / 100), (period % 100) - 1, 1)

/** A slot as one map key; `|` is in no id. */
export const slotKey = (owner: string, retentionClass: string, period: number): string => `${owner}|${retentionClass}|${period}`

/** The AAD a data key is wrapped under: bound to its owner, and for a class key to its class and period. */
export const wrapAad = (s: Slot): string =>
  s.retentionClass === OWNER_CLASS && s.period === OWNER_PERIOD ? `dk:${s.owner}` : `dk|${s.owner}|${s.retentionClass}|${s.period}`

/**
 * The AAD of an event's envelope: its key's slot, its stream and its type, so an envelope cannot be moved
 * to another owner, class, month, stream or event type unnoticed.
 */
export const envelopeAad = (s: Slot, streamId: string, type: string): string => `ev|${s.owner}|${s.retentionClass}|${s.period}|${streamId}|${type}`
