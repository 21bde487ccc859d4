/**
 * The roles people have in a group: participants, leaders and guests.
 *
 * @since 0.1.0
 */
import { Schema } from "effect"

/**
 * A participant's role: parent (vanhempi), guardian (huoltaja), foster parent (sijaisvanhempi), child
 * (lapsi), young person (nuori), sibling (sisarus), foster sibling (sijaissisarus) or another close
 * adult (muu läheinen aikuinen).
 *
 * @category models
 */
export const ParticipantRole = Schema.Literal(
  "parent",
  "guardian",
  "foster-parent",
  "child",
  "young-person",
  "sibling",
  "foster-sibling",
  "other-close-adult"
).annotations({ identifier: "ParticipantRole" })
/** @category models */
export type ParticipantRole = typeof ParticipantRole.Type

/**
 * A leader's role: professional (ammattilainen), peer leader (vertaisohjaaja), the professional of a
 * child-protection institution (laitoksen ammattilainen) or coordinator (koordinaattori).
 *
 * @category models
 */
export const LeaderRole = Schema.Literal("professional", "peer-leader", "institution-professional", "coordinator").annotations({
  identifier: "LeaderRole"
})
/** @category models */
export type LeaderRole = typeof LeaderRole.Type

/**
 * A guest's role: experience expert (kokemusasiantuntija) or visiting expert (vieraileva asiantuntija).
 *
 * @category models
 */
export const GuestRole = Schema.Literal("experience-expert", "visiting-expert").annotations({ identifier: "GuestRole" })
/** @category models */
export type GuestRole = typeof GuestRole.Type
