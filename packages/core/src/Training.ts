/**
 * Leader trainings (ohjaajakoulutus) a template may require of its leaders.
 *
 * @since 0.1.0
 */
import { Option, Schema } from "effect"
import * as Language from "./Language.js"

/**
 * The trainings the sources name:
 * - `voikukkia-leader`: the four-day VOIKUKKIA leader training (nelipäiväinen VOIKUKKIA-ohjaajakoulutus) for
 *   professionals; the VOIKUKKIA name may be used only by groups whose leaders have completed it
 *   (seed 001_b24d0be2c52c8a44.txt);
 * - `voikukkia-peer-leader`: the VOIKUKKIA leader training completed by a parent who has been in a VOIKUKKIA
 *   group themselves (vertaisohjaaja; seed 001_b24d0be2c52c8a44.txt);
 * - `palaset`: the Palaset model of Sininauhaliitto, the Finnish application of the Five-Step Method
 *   (seed 000_2f0bf6902dc16743.txt).
 *
 * @category models
 */
export const KnownTraining = Schema.Literal("voikukkia-leader", "voikukkia-peer-leader", "palaset").annotations({
  identifier: "KnownTraining"
})
/** @category models */
export type KnownTraining = typeof KnownTraining.Type

/**
 * An organisation's own training, written `own:<kebab-case-id>`, e.g. `own:group-work-basics`.
 *
 * @category models
 */
export const OwnTraining = Schema.TemplateLiteral(Schema.Literal("own:"), Schema.String).pipe(
  Schema.pattern(/^own:[a-z0-9]+(-[a-z0-9]+)*$/),
  Schema.annotations({ identifier: "OwnTraining" })
)
/** @category models */
export type OwnTraining = typeof OwnTraining.Type

/**
 * A training a leader has completed or a template requires.
 *
 * @category models
 */
export const Training = Schema.Union(KnownTraining, OwnTraining).annotations({ identifier: "Training" })
/** @category models */
export type Training = typeof Training.Type

/** @category constants */
export const known: ReadonlyArray<KnownTraining> = KnownTraining.literals

/**
 * What a known training is, with its length in days where the source gives one.
 *
 * @category models
 */
export interface TrainingInfo {
  readonly name: Language.LocalizedText
  readonly days: number | null
  readonly source: string
}

const info: Record<KnownTraining, TrainingInfo> = {
  "voikukkia-leader": {
    name: Language.text("VOIKUKKIA-ohjaajakoulutus", "VOIKUKKIA-ledarutbildning", "VOIKUKKIA leader training"),
    days: 4,
    source: "001_b24d0be2c52c8a44.txt"
  },
  "voikukkia-peer-leader": {
    name: Language.text(
      "VOIKUKKIA-vertaisohjaajan koulutus",
      "VOIKUKKIA-utbildning för kamratledare",
      "VOIKUKKIA peer-leader training"
    ),
    days: null,
    source: "001_b24d0be2c52c8a44.txt"
  },
  palaset: {
    name: Language.text("Palaset-malli", "Palaset-modellen", "Palaset model (Five-Step Method)"),
    days: null,
    source: "000_2f0bf6902dc16743.txt"
  }
}

/** @category guards */
export const isKnown = (t: Training): t is KnownTraining => (known as ReadonlyArray<string>).includes(t)

/**
 * Describes a known training; an organisation's own training has no description in the library.
 *
 * @category getters
 */
export const describe = (t: Training): Option.Option<TrainingInfo> => (isKnown(t) ? Option.some(info[t]) : Option.none())
