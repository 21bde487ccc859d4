/**
 * Projection: each participant's consents by purpose (granted or withdrawn, when and by whom), from the
 * participant lifecycle's consent events.
 *
 * @since 0.1.0
 */
import { dataOf } from "./internal/events.js"
import * as Projection from "./Projection.js"

/** @category models */
export interface ConsentState {
  readonly status: "granted" | "withdrawn"
  readonly at: string
  readonly givenBy: string | null
}

/** @category models */
export interface State extends Projection.People {
  readonly consents: Record<string, Record<string, ConsentState>>
}

/** @category projections */
export const projection: Projection.Projection<State> = Projection.withPeople<State>({
  name: "consent-registry",
  version: 2,
  initial: () => ({ consents: {} }),
  evolve: (s, e) => {
    switch (e.type) {
      case "ConsentsRecorded": {
        const d = dataOf(e, "ConsentsRecorded")
        const c = (s.consents[d.participantId] ??= {})
        for (const g of d.consents) c[g.purpose] = { status: "granted", at: g.grantedAt, givenBy: g.givenBy }
        break
      }
      case "ConsentGiven": {
        const d = dataOf(e, "ConsentGiven")
        ;(s.consents[d.participantId] ??= {})[d.consent.purpose] = { status: "granted", at: d.consent.grantedAt, givenBy: d.consent.givenBy }
        break
      }
      case "ConsentWithdrawn": {
        const d = dataOf(e, "ConsentWithdrawn")
        ;(s.consents[d.participantId] ??= {})[d.purpose] = { status: "withdrawn", at: d.at, givenBy: null }
        break
      }
    }
    return s
  }
})

/**
 * Whether the participant's consent for a purpose is in force.
 *
 * @category queries
 */
export const isGranted = (s: State, participantId: string, purpose: string): boolean => s.consents[participantId]?.[purpose]?.status === "granted"
