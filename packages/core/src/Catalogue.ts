/**
 * The catalogue of programme templates the library ships, one per model of the sources.
 *
 * @since 0.1.0
 */
import { Data, Either, Option } from "effect"
import * as ExperienceExpertStructure from "./catalogue/ExperienceExpertStructure.js"
import * as OnlineParentsOfPlacedYouth from "./catalogue/OnlineParentsOfPlacedYouth.js"
import * as ProfessionallyGuided from "./catalogue/ProfessionallyGuided.js"
import * as UsmChildren from "./catalogue/UsmChildren.js"
import * as Voikukkia from "./catalogue/Voikukkia.js"
import type { ProgrammeTemplate } from "./ProgrammeTemplate.js"

/**
 * The ids of the shipped templates.
 *
 * @category models
 */
export type KnownProgrammeId =
  | "voikukkia"
  | "online-parents-of-placed-youth"
  | "professionally-guided"
  | "experience-expert-structure"
  | "usm-children"

/** VOIKUKKIA® group for parents of children in care (seed 001_b24d0be2c52c8a44.txt). @category templates */
export const voikukkia: ProgrammeTemplate = Voikukkia.template
/** Closed online group for parents of placed young people (seed 000_2f0bf6902dc16743.txt). @category templates */
export const onlineParentsOfPlacedYouth: ProgrammeTemplate = OnlineParentsOfPlacedYouth.template
/** Professionally guided peer groups, Etelä-Savo (seed 002_66c02f855fe66a53.txt). @category templates */
export const professionallyGuided: ProgrammeTemplate = ProfessionallyGuided.template
/** Experience-expert and peer-support structure, Kanta-Häme (seed 003_220f3bde38c28eca.txt). @category templates */
export const experienceExpertStructure: ProgrammeTemplate = ExperienceExpertStructure.template
/** USM peer groups for children (seed 004_c4976bc6d1fcc39d.txt). @category templates */
export const usmChildren: ProgrammeTemplate = UsmChildren.template

/**
 * Every shipped template, in the order of the brief.
 *
 * @category constants
 */
export const all: ReadonlyArray<ProgrammeTemplate> = [
  voikukkia,
  onlineParentsOfPlacedYouth,
  professionallyGuided,
  experienceExpertStructure,
  usmChildren
]

/** @category constants */
export const ids: ReadonlyArray<KnownProgrammeId> = [
  "voikukkia",
  "online-parents-of-placed-youth",
  "professionally-guided",
  "experience-expert-structure",
  "usm-children"
]

/**
 * An id that names no template in the catalogue.
 *
 * @category errors
 */
export class UnknownProgramme extends Data.TaggedError("UnknownProgramme")<{
  readonly id: string
  readonly known: ReadonlyArray<string>
}> {
  override get message(): string {
    return `unknown programme "${this.id}"; known programmes: ${this.known.join(", ")}`
  }
}

/** @category guards */
export const isKnownId = (id: string): id is KnownProgrammeId => (ids as ReadonlyArray<string>).includes(id)

/**
 * Looks a template up by id.
 *
 * @category getters
 */
export const get = (id: string): Option.Option<ProgrammeTemplate> => Option.fromNullable(all.find((t) => t.id === id))

/**
 * Looks a template up by id, failing with `UnknownProgramme` that lists the known ids.
 *
 * @category getters
 */
export const find = (id: string): Either.Either<ProgrammeTemplate, UnknownProgramme> =>
  Either.fromOption(get(id), () => new UnknownProgramme({ id, known: ids }))

/**
 * Looks up a template that is known to exist.
 *
 * @category getters
 */
export const byId = (id: KnownProgrammeId): ProgrammeTemplate => all.find((t) => t.id === id)!
