/**
 * The service's errors at the boundary: the store's and the core's errors translated into the
 * `CoordinatorError`s callers see, never repeating a value given or a driver's detail.
 */
import type { PersonalDataVault, StoreError } from "@vertaistuki/store"
import { Data, Effect } from "effect"
import * as M from "./model.js"

type Fail = M.CoordinatorError

/** A store error as the service's error. */
export const fromStore = (e: StoreError.StoreError | StoreError.InvalidInput | StoreError.ConcurrencyConflict | PersonalDataVault.DisclosureRefused): Fail => {
  switch (e._tag) {
    case "InvalidInput":
      return new M.InvalidRequest({ field: e.field, expected: e.expected })
    case "ConcurrencyConflict":
      return new M.Refused({ rule: "concurrent-update", tag: e._tag, field: null, explanation: "the record changed while it was being updated; try again" })
    case "DisclosureRefused":
      return new M.Refused({ rule: "disclosure-needs-consent", tag: e._tag, field: null, explanation: e.expected })
    case "StoreError":
      return new M.Unavailable({ reason: e.retryable ? "the database is busy or unreachable" : "the stored data could not be read" })
  }
}

/** A refusal of the core (a decider's error): its rule, tag and message. */
export const fromCore = (e: { readonly _tag: string; readonly rule?: string; readonly message: string }, field: string | null = null): Fail =>
  new M.Refused({ rule: e.rule ?? e._tag, tag: e._tag, field, explanation: e.message })

export const isFail = (u: unknown): u is Fail => M.isCoordinatorError(u)

/** Maps every error of an effect to the service's errors: its own pass, the store's and the core's are translated. */
export const boundary = <A, E, R>(self: Effect.Effect<A, E, R>): Effect.Effect<A, Fail, R> =>
  Effect.mapError(self, (e: unknown): Fail => {
    if (isFail(e)) return e
    if (typeof e === "object" && e !== null && "_tag" in e) {
      const tag = (e as { _tag: string })._tag
      if (tag === "StoreError" || tag === "InvalidInput" || tag === "ConcurrencyConflict" || tag === "DisclosureRefused") return fromStore(e as never)
      if ("message" in e) return fromCore(e as { _tag: string; rule?: string; message: string })
    }
    return new M.Unavailable({ reason: "unexpected failure" })
  })

/** A step with nothing to do in the state found (e.g. already closing): skipped, never an answer. */
export class Skip extends Data.TaggedError("Skip") {}

export const refused = (rule: string, explanation: string, field: string | null = null): Fail => new M.Refused({ rule, tag: "Refused", field, explanation })
