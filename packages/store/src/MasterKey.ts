/**
 * Master keys: the keys from configuration that wrap every person's data key. The current key wraps new
 * data keys; previous keys are kept only to unwrap data keys until a rotation re-wraps them.
 *
 * @since 0.1.0
 */
import { createHmac, randomBytes } from "node:crypto"
import { Config, ConfigError, Either, Redacted } from "effect"
import { keyId } from "./internal/crypto.js"
import { InvalidInput } from "./StoreError.js"

/**
 * A 256-bit master key and its id (derived from the key, so it needs no configuration of its own).
 *
 * @category models
 */
export interface MasterKey {
  readonly id: string
  readonly key: Redacted.Redacted<Uint8Array>
}

/**
 * The current master key and the previous ones still accepted for unwrapping.
 *
 * @category models
 */
export interface Keyring {
  readonly current: MasterKey
  readonly previous: ReadonlyArray<MasterKey>
  /** Where the current key is configured, named in errors; default `VERTAISTUKI_MASTER_KEY`. */
  readonly variable?: string | undefined
}

/**
 * A master key's key-check value: HMAC-SHA-256 of a fixed label under the key, hex. The store keeps one
 * per master key id and refuses to open with a key whose value differs, before anything is written.
 *
 * @category combinators
 */
export const checkValue = (key: MasterKey): string =>
  createHmac("sha256", Redacted.value(key.key)).update("vertaistuki master-key check v1").digest("hex")

/**
 * Reads a master key written as base64 of exactly 32 bytes.
 *
 * @category constructors
 */
export const fromBase64 = (text: string, field = "masterKey"): Either.Either<MasterKey, InvalidInput> => {
  const trimmed = text.trim()
  const bytes = /^[A-Za-z0-9+/]+={0,2}$/.test(trimmed) ? Buffer.from(trimmed, "base64") : Buffer.alloc(0)
  if (bytes.length !== 32) {
    return Either.left(
      new InvalidInput({ field, expected: "base64 of exactly 32 random bytes (e.g. `openssl rand -base64 32`)", actual: `${bytes.length} bytes` })
    )
  }
  return Either.right({ id: keyId(bytes), key: Redacted.make(new Uint8Array(bytes)) })
}

/**
 * Builds a keyring from base64 keys: the first is current, the rest are previous.
 *
 * @category constructors
 */
export const keyring = (current: string, ...previous: ReadonlyArray<string>): Either.Either<Keyring, InvalidInput> =>
  Either.gen(function* () {
    const c = yield* fromBase64(current)
    const p: Array<MasterKey> = []
    for (const [i, k] of previous.entries()) p.push(yield* fromBase64(k, `previousMasterKeys[${i}]`))
    return { current: c, previous: p }
  })

/**
 * Like `keyring`, throwing on a malformed key; for tests and examples.
 *
 * @category constructors
 */
export const unsafeKeyring = (current: string, ...previous: ReadonlyArray<string>): Keyring =>
  Either.getOrThrowWith(keyring(current, ...previous), (e) => new Error(e.message))

/**
 * A fresh random master key, base64.
 *
 * @category constructors
 */
export const generate = (): string => randomBytes(32).toString("base64")

/**
 * The keyring from configuration: `VERTAISTUKI_MASTER_KEY` (base64, 32 bytes) and, during a rotation,
 * `VERTAISTUKI_PREVIOUS_MASTER_KEYS` (comma-separated base64 keys).
 *
 * @category config
 */
export const config = (name = "VERTAISTUKI_MASTER_KEY", previousName = "VERTAISTUKI_PREVIOUS_MASTER_KEYS"): Config.Config<Keyring> =>
  Config.all([
    Config.redacted(name),
    Config.redacted(previousName).pipe(Config.withDefault(Redacted.make("")))
  ]).pipe(
    Config.mapOrFail(([current, previous]) => {
      const prev = Redacted.value(previous)
        .split(",")
        .map((s) => s.trim())
        .filter((s) => s.length > 0)
      return Either.map(
        Either.mapLeft(keyring(Redacted.value(current), ...prev), (e) => ConfigError.InvalidData([name], e.message)),
        (ring): Keyring => ({ ...ring, variable: name })
      )
    })
  )
