/**
 * What someone holding copies of a store's files (or a dump) and the master key can decrypt: every data
 * key still wrapped in them, tried on every sealed value found anywhere in the bytes, under the AADs of
 * the events the test wrote.
 */
import { Either } from "effect"
import { MasterKey } from "../src/index.js"
import * as Crypto from "../src/internal/crypto.js"

/** A key row as an attacker reads it from a copy. */
export interface StolenKey {
  readonly personId: string
  readonly retentionClass: string
  readonly period: number
  readonly wrappedKey: string | null
}

/** Every sealed value (`v1.` or `v2.` + base64) in some bytes. */
export const sealedIn = (bytes: Buffer | string): ReadonlyArray<string> => [
  ...new Set((typeof bytes === "string" ? bytes : bytes.toString("latin1")).match(/v[12]\.[A-Za-z0-9+/]{20,}={0,2}/g) ?? [])
]

/** The data keys the master key unwraps from the rows. */
export const unwrapAll = (rows: ReadonlyArray<StolenKey>, masterKey: string): ReadonlyArray<Uint8Array> => {
  const master = Either.getOrThrow(MasterKey.fromBase64(masterKey))
  const key = Buffer.from(masterKey, "base64")
  const out: Array<Uint8Array> = []
  for (const r of rows) {
    if (r.wrappedKey === null || !r.wrappedKey.startsWith(`${master.id}:`)) continue
    const k = Crypto.open(key, r.wrappedKey.slice(master.id.length + 1), Crypto.wrapAad({ owner: r.personId, retentionClass: r.retentionClass, period: r.period }))
    if (k !== undefined) out.push(k)
  }
  return out
}

/** The AADs of events written by a test, as the store binds them. */
export const aadsOf = (events: ReadonlyArray<{ readonly owner: string; readonly recordType: string; readonly at: number; readonly streamId: string; readonly type: string }>) => [
  ...new Set(
    events.flatMap((e) => [
      Crypto.envelopeAad({ owner: e.owner, retentionClass: e.recordType, period: Crypto.periodOf(e.at) }, e.streamId, e.type),
      `pd:${e.owner}`
    ])
  )
]

/** Every plaintext the keys open from the sealed values under one of the AADs. */
export const decrypt = (sealed: ReadonlyArray<string>, keys: ReadonlyArray<Uint8Array>, aads: ReadonlyArray<string>): ReadonlyArray<string> => {
  const out: Array<string> = []
  for (const s of sealed) {
    const prefix = s.startsWith("v2.") ? "v2." : "v1."
    search: for (const k of keys) {
      for (const aad of aads) {
        const plain = Crypto.open(k, s, aad, prefix)
        if (plain !== undefined) {
          out.push(plain.toString("utf8"))
          break search
        }
      }
    }
  }
  return out
}
