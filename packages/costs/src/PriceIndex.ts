/**
 * Prices of different years restated to one year (hintojen muuntaminen saman vuoden rahaksi) with a
 * price-index series the analyst supplies, such as Statistics Finland's cost-of-living index
 * (elinkustannusindeksi) or consumer price index (kuluttajahintaindeksi). The library ships no index
 * values: a series names its source and gives one value per year, copied from that source.
 *
 * A price of year `a` in year `b` money is `price × index[b] / index[a]`, rounded to whole cents.
 *
 * @since 0.1.0
 */
import { Money } from "@vertaistuki/core"
import { Data, Either, ParseResult, Schema } from "effect"
import type * as CostModel from "./CostModel.js"
import * as Range from "./Range.js"
import type * as Scenario from "./Scenario.js"

const Year = Schema.String.pipe(Schema.pattern(/^\d{4}$/)).annotations({
  message: () => ({ message: "expected a year of four digits, e.g. 2024", override: true })
})
const Value = Schema.Number.pipe(Schema.finite(), Schema.positive()).annotations({
  message: () => ({ message: "expected a positive index value, as the source publishes it", override: true })
})
const Text = Schema.String.pipe(Schema.minLength(1)).annotations({
  message: () => ({ message: "expected a non-empty text", override: true })
})

/**
 * A price-index series: its name, where its values come from, and one value per year (`"2015": …`).
 *
 * @category models
 */
export const PriceIndex = Schema.Struct({
  name: Text.annotations({ description: "the index, e.g. Statistics Finland, cost-of-living index 1951:10=100" }),
  source: Text.annotations({ description: "where the values were copied from: the table and its address" }),
  values: Schema.Record({ key: Year, value: Value }).annotations({ description: "one value per year, e.g. the year's average" })
}).annotations({ identifier: "PriceIndex", title: "vertaistuki price-index series" })
/** @category models */
export type PriceIndex = typeof PriceIndex.Type

/** A series that does not match `PriceIndex`, or that lacks a year a restatement needs. */
export class PriceIndexError extends Data.TaggedError("PriceIndexError")<{ readonly message: string }> {}

/**
 * Validates a parsed series; a series without any value is refused.
 *
 * @category constructors
 */
export const decode = (input: unknown): Either.Either<PriceIndex, PriceIndexError> =>
  Schema.decodeUnknownEither(PriceIndex, { errors: "all", onExcessProperty: "error" })(input).pipe(
    Either.mapLeft(
      (e) =>
        new PriceIndexError({
          message: ParseResult.ArrayFormatter.formatErrorSync(e)
            .map((i) => `${i.path.join(".")}${i.path.length === 0 ? "" : ": "}${i._tag === "Unexpected" ? "is not a field of a price index" : i.message}`)
            .join("\n")
        })
    ),
    Either.filterOrLeft(
      (x) => Object.keys(x.values).length > 0,
      (x) => new PriceIndexError({ message: `values: ${x.name} has no values; copy the yearly values from ${x.source}` })
    )
  )

/**
 * The factor that restates a price of year `from` in the money of year `to`: `index[to] / index[from]`.
 *
 * @category combinators
 */
export const factor = (index: PriceIndex, from: number, to: number): Either.Either<number, PriceIndexError> => {
  const a = index.values[String(from)]
  const b = index.values[String(to)]
  const missing = [a === undefined ? from : null, b === undefined && to !== from ? to : null].filter((y) => y !== null)
  if (missing.length > 0 || a === undefined || b === undefined) {
    return Either.left(new PriceIndexError({ message: `${index.name} has no value for ${missing.join(" and ")}; add the yearly value to the series (its source: ${index.source})` }))
  }
  return Either.right(b / a)
}

const scale = (r: Range.Range, k: number): Range.Range => Range.map(r, (x) => Money.roundHalfAwayFromZero(x * k))

/**
 * A model whose every amount of money (prices, hourly pay, fees, costs, structure lines) is restated
 * from the scenario's year `from` to year `to`.
 *
 * @category combinators
 */
export const restateModel = (model: CostModel.Model, index: PriceIndex, from: number, to: number): Either.Either<CostModel.Model, PriceIndexError> =>
  Either.map(factor(index, from, to), (k) => ({
    ...model,
    inputs: model.inputs.map((i) => (i.unit === "cents" ? { ...i, range: scale(i.range, k) } : i))
  }))

/**
 * Alternatives restated to year `to`: each unit price times the factor from its own `year`, its
 * label saying both years (`…, day (2002 prices → 2024)`) and its source naming the index. An
 * alternative without a year cannot be restated and is refused.
 *
 * @category combinators
 */
export const restateAlternatives = (
  alternatives: ReadonlyArray<Scenario.Alternative>,
  index: PriceIndex,
  to: number
): Either.Either<ReadonlyArray<Scenario.Alternative>, PriceIndexError> =>
  Either.all(
    alternatives.map((a) => {
      if (a.year === undefined) return Either.left(new PriceIndexError({ message: `alternative ${a.id} has no year; give its price year to restate it` }))
      if (a.year === to) return Either.right(a)
      const from = a.year
      return Either.map(
        factor(index, from, to),
        (k): Scenario.Alternative => ({
          ...a,
          label: `${a.label.replace(/ \(\d{4} prices\)$/, "")} (${from} prices → ${to})`,
          unitPrice: scale(Range.fromInput(a.unitPrice), k),
          source: `${a.source}; restated from ${from} with ${index.name}`,
          year: to
        })
      )
    })
  )
