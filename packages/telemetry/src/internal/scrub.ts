// A tracer around another that lets no error text out: a span that fails ends with an error that has the
// failure's tag as its name and message (an error's message may name an id: "stream participant-… is at
// version 1"), and span events other than the database's own (log lines, which may quote anything) are
// dropped. Counts, names and attributes set by the code pass unchanged.
import { Cause, Exit, Option, Tracer } from "effect"

const inners = new WeakMap<Tracer.Span, Tracer.Span>()

const tagOf = (e: unknown): string =>
  typeof e === "object" && e !== null && "_tag" in e && typeof e._tag === "string" ? e._tag : e instanceof Error ? e.name : typeof e

/** The error a failed span is ended with: the tag alone. */
const bare = (tag: string): Error => {
  const e = new Error(tag)
  e.name = tag
  e.stack = `${tag}`
  return e
}

const scrubExit = (exit: Exit.Exit<unknown, unknown>): Exit.Exit<unknown, unknown> => {
  if (Exit.isSuccess(exit)) return exit
  if (Cause.isInterruptedOnly(exit.cause)) return exit
  const failure = Cause.failureOption(exit.cause)
  if (Option.isSome(failure)) return Exit.fail(bare(tagOf(failure.value)))
  const defect = Cause.dieOption(exit.cause)
  return Exit.die(bare(Option.isSome(defect) ? tagOf(defect.value) : "Failure"))
}

const keepEvent = (name: string) => name.startsWith("db.")

const wrap = (inner: Tracer.Span): Tracer.Span => {
  const span: Tracer.Span = {
    _tag: "Span",
    get name() {
      return inner.name
    },
    get spanId() {
      return inner.spanId
    },
    get traceId() {
      return inner.traceId
    },
    get parent() {
      return inner.parent
    },
    get context() {
      return inner.context
    },
    get status() {
      return inner.status
    },
    get attributes() {
      return inner.attributes
    },
    get links() {
      return inner.links
    },
    get sampled() {
      return inner.sampled
    },
    get kind() {
      return inner.kind
    },
    end: (endTime, exit) => inner.end(endTime, scrubExit(exit)),
    attribute: (key, value) => inner.attribute(key, value),
    event: (name, startTime, attributes) => {
      if (keepEvent(name)) inner.event(name, startTime, attributes)
    },
    addLinks: (links) => inner.addLinks(links)
  }
  inners.set(span, inner)
  return span
}

const unwrap = (parent: Option.Option<Tracer.AnySpan>): Option.Option<Tracer.AnySpan> =>
  Option.map(parent, (p) => (p._tag === "Span" ? (inners.get(p) ?? p) : p))

export const scrubbing = (tracer: Tracer.Tracer): Tracer.Tracer =>
  Tracer.make({
    span: (name, parent, context, links, startTime, kind, options) => wrap(tracer.span(name, unwrap(parent), context, links, startTime, kind, options)),
    context: (f, fiber) => tracer.context(f, fiber)
  })
