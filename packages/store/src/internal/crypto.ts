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

/** AES-256-GCM with a random 96-bit IV; the AAD binds the ciphertext to its owner. `v1.` + base64(iv ‖ tag ‖ ciphertext). */
export const seal = (key: Uint8Array, plaintext: Uint8Array | string, aad: string): string => {
  const iv = nextIv()
  const c = createCipheriv(ALGO, key, iv)
  c.setAAD(Buffer.from(aad, "utf8"))
  const body = typeof plaintext === "string" ? c.update(plaintext, "utf8") : c.update(plaintext)
  const tail = c.final()
  return `v1.${Buffer.concat([iv, c.getAuthTag(), body, tail]).toString("base64")}`
}

/** Undefined when the text is not a sealed value or fails authentication. */
export const open = (key: Uint8Array, sealed: string, aad: string): Buffer | undefined => {
  if (!sealed.startsWith("v1.")) return undefined
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
