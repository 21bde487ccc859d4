/**
 * Whether a meeting is held remotely (etänä) or in person (lähitapaaminen).
 *
 * @since 0.1.0
 */
import { Schema } from "effect"

/** @category models */
export const Modality = Schema.Literal("remote", "in-person").annotations({ identifier: "Modality" })
/** @category models */
export type Modality = typeof Modality.Type
