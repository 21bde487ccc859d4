/**
 * SMS segments (3GPP TS 23.038 and 23.040): a text that uses only the GSM 7-bit default alphabet and its
 * extension table is sent as GSM-7 (160 septets in one segment, 153 in each of a concatenated message; an
 * extension character such as `€` or `[` takes two septets and is never split); any other text is sent as
 * UCS-2 (70 UTF-16 units, 67 per concatenated segment; a surrogate pair is never split). `ä ö å Ä Ö Å` are in the
 * GSM-7 alphabet, so Finnish and Swedish stay GSM-7.
 *
 * @since 0.1.0
 */

/** @category models */
export type Encoding = "GSM-7" | "UCS-2"

/**
 * A text's encoding, its length in the encoding's units (septets or UTF-16 units) and its segments.
 *
 * @category models
 */
export interface Count {
  readonly encoding: Encoding
  readonly units: number
  readonly segments: number
  /** Units in one segment of this message (160/153 or 70/67). */
  readonly perSegment: number
}

/** The GSM 7-bit default alphabet (one septet each). @category constants */
export const gsmBasic =
  "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"

/** The extension table (two septets each: the escape and the character). @category constants */
export const gsmExtension = "\f^{}\\[~]|€"

const basic = new Set(gsmBasic)
const extension = new Set(gsmExtension)

/**
 * Whether every character of the text is in the GSM-7 alphabet or its extension.
 *
 * @category guards
 */
export const isGsm7 = (text: string): boolean => {
  for (const c of text) if (!basic.has(c) && !extension.has(c)) return false
  return true
}

/**
 * The septets of a GSM-7 text (an extension character counts two).
 *
 * @category accessors
 */
export const septets = (text: string): number => {
  let n = 0
  for (const c of text) n += extension.has(c) ? 2 : 1
  return n
}

/** Fills segments greedily with indivisible pieces of the given sizes. */
const fill = (sizes: ReadonlyArray<number>, total: number, single: number, multi: number): number => {
  if (total === 0) return 1
  if (total <= single) return 1
  let segments = 1
  let used = 0
  for (const s of sizes) {
    if (used + s > multi) {
      segments++
      used = 0
    }
    used += s
  }
  return segments
}

/**
 * Counts a text's segments. An empty text is one segment.
 *
 * @category accessors
 */
export const count = (text: string): Count => {
  if (isGsm7(text)) {
    const sizes = Array.from(text, (c) => (extension.has(c) ? 2 : 1))
    const units = sizes.reduce((a, b) => a + b, 0)
    const segments = fill(sizes, units, 160, 153)
    return { encoding: "GSM-7", units, segments, perSegment: segments === 1 ? 160 : 153 }
  }
  const sizes = Array.from(text, (c) => c.length)
  const units = text.length
  const segments = fill(sizes, units, 70, 67)
  return { encoding: "UCS-2", units, segments, perSegment: segments === 1 ? 70 : 67 }
}

/**
 * A text with the typographic characters that would force UCS-2 replaced by their GSM-7 look-alikes: no-break
 * and thin spaces by a space, dashes by `-`, curly quotes by straight ones, the ellipsis by three dots. Other
 * characters are kept (a name in another script stays as it is and is sent as UCS-2).
 *
 * @category combinators
 */
export const toGsmFriendly = (text: string): string =>
  text
    .replace(/[\u00A0\u2000-\u200A\u202F\u205F]/g, " ")
    .replace(/[\u2010-\u2015\u2212]/g, "-")
    .replace(/[\u2018\u2019\u201A\u2032]/g, "'")
    .replace(/[\u201C\u201D\u201E\u2033]/g, '"')
    .replace(/\u2026/g, "...")
