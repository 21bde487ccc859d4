/**
 * Everything the lifecycles record, as one union for storage, and the machine tables for diagrams.
 *
 * @since 0.1.0
 */
import { Schema, SchemaAST } from "effect"
import * as Feedback from "./Feedback.js"
import * as Group from "./Group.js"
import { SensitiveAnnotationId } from "./internal/lifecycle/fields.js"
import type { Machine } from "./internal/lifecycle/Machine.js"
import * as Outcome from "./Outcome.js"
import * as Participant from "./Participant.js"
import * as Session from "./Session.js"

export { IsoDateTime, SensitiveAnnotationId, SensitiveText } from "./internal/lifecycle/fields.js"
export { toMarkdown, toMermaid } from "./internal/lifecycle/Machine.js"
export type { Machine, StateInfo, Transition } from "./internal/lifecycle/Machine.js"
export {
  CapacityExceeded,
  ConsentMissing,
  DurationExceeded,
  EscortRequired,
  LeaderCompositionInvalid,
  MinimumNotMet,
  NotEnrolledOnDate,
  RuleViolated,
  TrademarkRuleViolated,
  TransitionRefused
} from "./internal/lifecycle/errors.js"

/**
 * Every lifecycle event: participant, group, session, feedback and outcome. Each is a tagged struct
 * with string ids and UTC ISO times; the `_tag`s are unique across the union.
 *
 * @category events
 */
export const LifecycleEvent = Schema.Union(
  ...Participant.ParticipantEvent.members,
  ...Group.GroupEvent.members,
  ...Session.SessionEvent.members,
  ...Feedback.FeedbackEvent.members,
  Outcome.OutcomeMeasured
).annotations({ identifier: "LifecycleEvent" })
/** @category events */
export type LifecycleEvent = typeof LifecycleEvent.Type

const tagOf = (ast: SchemaAST.AST): string => (SchemaAST.isLiteral(ast) ? String(ast.literal) : "")

const isSensitive = (ast: SchemaAST.AST): boolean => {
  if (ast.annotations[SensitiveAnnotationId] === true) return true
  if (SchemaAST.isUnion(ast)) return ast.types.some(isSensitive)
  if (SchemaAST.isRefinement(ast)) return isSensitive(ast.from)
  if (SchemaAST.isTypeLiteral(ast)) return ast.propertySignatures.some((p) => isSensitive(p.type))
  if (SchemaAST.isTupleType(ast)) return ast.rest.some((r) => isSensitive(r.type)) || ast.elements.some((e) => isSensitive(e.type))
  return false
}

/**
 * For each event tag, the top-level fields that hold (or contain) free text marked sensitive: encrypt
 * these at rest.
 *
 * @category storage
 */
export const sensitiveFields: Readonly<Record<string, ReadonlyArray<string>>> = Object.fromEntries(
  LifecycleEvent.members.map((m) => {
    const props = SchemaAST.getPropertySignatures(m.ast)
    const tag = props.find((p) => p.name === "_tag")
    return [tag === undefined ? "" : tagOf(tag.type), props.filter((p) => isSensitive(p.type)).map((p) => String(p.name))]
  })
)

/** The machine tables the diagrams are drawn from. @category machines */
export const machines: ReadonlyArray<Machine<string, string>> = [
  Participant.machine as unknown as Machine<string, string>,
  Group.machine as unknown as Machine<string, string>,
  Session.machine as unknown as Machine<string, string>
]

