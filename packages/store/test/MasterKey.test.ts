import { ConfigProvider, Effect, Either, Redacted } from "effect"
import { describe, expect, it } from "vitest"
import { MasterKey } from "../src/index.js"

describe("MasterKey", () => {
  it("accepts base64 of exactly 32 bytes and names the field otherwise", () => {
    expect(Either.isRight(MasterKey.fromBase64(MasterKey.generate()))).toBe(true)
    const short = MasterKey.fromBase64(Buffer.alloc(16).toString("base64"))
    expect(Either.isLeft(short) && short.left).toMatchObject({ _tag: "InvalidInput", field: "masterKey", actual: "16 bytes" })
    const prev = MasterKey.keyring(MasterKey.generate(), "not base64!")
    expect(Either.isLeft(prev) && prev.left).toMatchObject({ field: "previousMasterKeys[0]" })
  })

  it("reads the keyring from configuration, the key itself redacted", async () => {
    const current = MasterKey.generate()
    const old = MasterKey.generate()
    const ring = await Effect.runPromise(
      Effect.withConfigProvider(
        MasterKey.config(),
        ConfigProvider.fromMap(new Map([["VERTAISTUKI_MASTER_KEY", current], ["VERTAISTUKI_PREVIOUS_MASTER_KEYS", old]]))
      )
    )
    expect(Buffer.from(Redacted.value(ring.current.key)).toString("base64")).toBe(current)
    expect(ring.previous.map((k) => k.id)).toEqual([Either.getOrThrow(MasterKey.fromBase64(old)).id])
    expect(String(ring.current.key)).not.toContain(current)
    const missing = await Effect.runPromise(Effect.flip(Effect.withConfigProvider(MasterKey.config(), ConfigProvider.fromMap(new Map()))))
    expect(String(missing)).toContain("VERTAISTUKI_MASTER_KEY")
  })
})
