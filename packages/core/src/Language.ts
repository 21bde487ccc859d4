/**
 * The languages groups run in and explanations are written in.
 *
 * @since 0.1.0
 */
import { Schema } from "effect"

/**
 * Finnish, Swedish or English (Finland's national languages and the common third).
 *
 * @category models
 */
export const Language = Schema.Literal("fi", "sv", "en").annotations({ identifier: "Language" })
/** @category models */
export type Language = typeof Language.Type

/** @category constants */
export const all: ReadonlyArray<Language> = ["fi", "sv", "en"]

/**
 * A text in each of the three languages.
 *
 * @category models
 */
export const LocalizedText = Schema.Struct({ fi: Schema.String, sv: Schema.String, en: Schema.String }).annotations({
  identifier: "LocalizedText"
})
/** @category models */
export type LocalizedText = typeof LocalizedText.Type

/** @category constructors */
export const text = (fi: string, sv: string, en: string): LocalizedText => ({ fi, sv, en })
