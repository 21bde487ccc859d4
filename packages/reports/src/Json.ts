/**
 * The report as JSON: every figure with its suppression mark (`hidden: true`, `value: null`), and
 * its schema, so that a published report can be read back and checked.
 *
 * @since 0.1.0
 */
import { Schema } from "effect"
import * as Period from "./Period.js"
import type * as Report from "./Report.js"

/** @category schemas */
export const Cell = Schema.Struct({ value: Schema.NullOr(Schema.Number), hidden: Schema.Boolean }).pipe(
  Schema.filter((c) => !c.hidden || c.value === null, { message: () => "a hidden cell carries no value" })
)

/** @category schemas */
export const Row = Schema.Struct({
  key: Schema.String,
  counts: Schema.NullOr(Schema.Array(Cell)),
  total: Schema.NullOr(Cell),
  figures: Schema.Record({ key: Schema.String, value: Cell })
})

/** @category schemas */
export const Table = Schema.Struct({
  id: Schema.String,
  rowsBy: Schema.String,
  columns: Schema.Array(Schema.String),
  figures: Schema.Array(Schema.String),
  rows: Schema.Array(Row),
  total: Row
})

const Cents = Schema.Struct({ min: Schema.Number, likely: Schema.Number, max: Schema.Number })
const CentsCell = Schema.Struct({ value: Schema.NullOr(Cents), hidden: Schema.Boolean })
const Names = Schema.optional(Schema.Array(Schema.String))

/** @category schemas */
export const ReportJson = Schema.Struct({
  k: Schema.Int.pipe(Schema.greaterThanOrEqualTo(2)),
  asOf: Schema.String,
  period: Schema.Struct({ from: Schema.String, to: Schema.String }),
  by: Schema.Array(Schema.Literal(...Period.dimensions)),
  where: Schema.Struct({ programme: Names, organiser: Names, region: Names, language: Names }),
  changeThreshold: Schema.Int,
  excludedForConsent: Cell,
  tables: Schema.Array(Table),
  costs: Schema.Array(
    Schema.Struct({
      programmeId: Schema.String,
      groups: Cell,
      perGroup: Cents,
      total: CentsCell,
      perParticipant: CentsCell,
      perCompletedParticipant: CentsCell,
      alternatives: Schema.Array(Schema.Struct({ id: Schema.String, label: Schema.String, perParticipant: Cents, source: Schema.NullOr(Schema.String) }))
    })
  )
})

/** The report as JSON text. @category combinators */
export const encode = (r: Report.Report): string => `${JSON.stringify(r, null, 2)}\n`

/** Reads a published report back. @category decoding */
export const decode = Schema.decodeUnknownEither(Schema.parseJson(ReportJson))
