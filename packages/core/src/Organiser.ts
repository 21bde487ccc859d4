/**
 * Who organises a group (järjestäjä). Groups are often run jointly.
 *
 * @since 0.1.0
 */
import { Schema } from "effect"

/**
 * The kinds of organiser named by the sources: a welfare region (hyvinvointialue), a municipality
 * (kunta), municipalities jointly, an NGO (järjestö), a parish (seurakunta), a private provider and a
 * child-protection institution (lastensuojelulaitos).
 *
 * @category models
 */
export const OrganiserKind = Schema.Literal(
  "welfare-region",
  "municipality",
  "municipalities-jointly",
  "ngo",
  "parish",
  "private-provider",
  "child-protection-institution"
).annotations({ identifier: "OrganiserKind" })
/** @category models */
export type OrganiserKind = typeof OrganiserKind.Type

/** @category models */
export const Organiser = Schema.Struct({
  kind: OrganiserKind,
  name: Schema.NonEmptyTrimmedString
}).annotations({ identifier: "Organiser" })
/** @category models */
export type Organiser = typeof Organiser.Type

/**
 * One or more organisers running a group together; the first is the lead organiser.
 *
 * @category models
 */
export const Organisers = Schema.NonEmptyArray(Organiser).annotations({ identifier: "Organisers" })
/** @category models */
export type Organisers = typeof Organisers.Type
