/**
 * Splitting a cost without losing a cent: across joint organisers by their shares, or evenly
 * across participants. The parts always add up to the whole (`Money.allocateCents`: remainder
 * cents go to the largest fractional shares, ties to the first).
 *
 * @since 0.1.0
 */
import { Money } from "@vertaistuki/core"
import { Data, Either } from "effect"

/** Shares that cannot split an amount (none, negative, or summing to zero). */
export class AllocationError extends Data.TaggedError("AllocationError")<{ readonly reason: string }> {
  override get message(): string {
    return this.reason
  }
}

/** One organiser's part. @category models */
export interface Part {
  readonly name: string
  readonly cents: number
}

/**
 * Splits whole cents by ratios.
 *
 * @category combinators
 * @example
 * import { Allocation } from "@vertaistuki/costs"
 * Allocation.byRatios(100, [1, 1, 1]) // Either.right([34, 33, 33])
 */
export const byRatios = (cents: number, ratios: ReadonlyArray<number>): Either.Either<ReadonlyArray<number>, AllocationError> =>
  Number.isInteger(cents)
    ? // `Money.allocateCents` checks the ratios and throws a RangeError on bad ones.
      Either.try({
        try: () => Money.allocateCents(cents, ratios),
        catch: () => new AllocationError({ reason: "expected at least one non-negative share with a positive sum" })
      })
    : Either.left(new AllocationError({ reason: `expected whole cents, got ${cents}` }))

/**
 * Splits whole cents across joint organisers in proportion to their shares.
 *
 * @category combinators
 */
export const byOrganisers = (
  cents: number,
  organisers: ReadonlyArray<{ readonly name: string; readonly share: number }>
): Either.Either<ReadonlyArray<Part>, AllocationError> =>
  Either.map(
    byRatios(
      cents,
      organisers.map((o) => o.share)
    ),
    (parts) => parts.map((c, i) => ({ name: organisers[i]!.name, cents: c }))
  )

/**
 * Splits whole cents evenly across `n` participants; the first parts get the remainder cents.
 *
 * @category combinators
 */
export const evenly = (cents: number, n: number): Either.Either<ReadonlyArray<number>, AllocationError> =>
  Number.isInteger(n) && n > 0 ? byRatios(cents, Array.from({ length: n }, () => 1)) : Either.left(new AllocationError({ reason: `expected a whole number of participants above 0, got ${n}` }))
