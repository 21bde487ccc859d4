/**
 * Money in integer cents of euro. Every amount in the library is a whole number of cents; a
 * fractional cent can only arise from `multiply` and `fromEuros`, which round by the one rule
 * of the library: half away from zero.
 *
 * @since 0.1.0
 */
import { Data, Either, Schema } from "effect"

/**
 * A whole number of euro cents.
 *
 * @category models
 */
export const Cents = Schema.Int.pipe(Schema.brand("Cents")).annotations({
  identifier: "Cents",
  description: "an integer number of euro cents"
})
/** @category models */
export type Cents = typeof Cents.Type

/**
 * An amount of money: integer cents in a currency. Only EUR is used in Finland's welfare
 * services, and the currency tag makes mixing in another one a type error.
 *
 * @category models
 */
export class Money extends Schema.Class<Money>("Money")({
  currency: Schema.Literal("EUR"),
  cents: Cents
}) {}

/** @category constructors */
export const eur = (cents: number): Money => new Money({ currency: "EUR", cents: Cents.make(cents) })

/** @category constructors */
export const zero: Money = eur(0)

/**
 * Rounds half away from zero, the one rounding rule of the library.
 *
 * @category combinators
 */
export const roundHalfAwayFromZero = (x: number): number => (x < 0 ? -Math.round(-x) : Math.round(x))

/** A euro string that could not be read as an amount. */
export class MoneyParseError extends Data.TaggedError("MoneyParseError")<{
  readonly input: string
  readonly expected: string
}> {}

/**
 * The cents of a number's shortest decimal form (`String(1.005)` is `"1.005"`), rounded half away from
 * zero on those decimal digits rather than on the binary value, which for 1.005 lies just below it.
 */
const centsOfDecimal = (n: number): number | undefined => {
  const m = /^(\d+)(?:\.(\d+))?(?:e([+-]\d+))?$/.exec(String(Math.abs(n)))
  if (m === null) return undefined
  const digits = `${m[1]}${m[2] ?? ""}`
  const point = m[1]!.length + Number(m[3] ?? "0") + 2
  const whole = point <= 0 ? "0" : digits.slice(0, point).padEnd(point, "0")
  const next = point < 0 ? "0" : (digits[point] ?? "0")
  const cents = Number(whole) + (next >= "5" ? 1 : 0)
  if (!Number.isSafeInteger(cents)) return undefined
  return n < 0 && cents !== 0 ? -cents : cents
}

/**
 * Reads euros written in Finnish or plain notation: `3555`, `3555.5`, `3 555,50`, `3 555,50 €`, and negative
 * amounts with a hyphen or the minus sign (U+2212) that Finnish formatting writes.
 *
 * @category constructors
 */
export const fromEuros = (input: string | number): Either.Either<Money, MoneyParseError> => {
  if (typeof input === "number") {
    const cents = Number.isFinite(input) ? centsOfDecimal(input) : undefined
    return cents !== undefined
      ? Either.right(eur(cents))
      : Either.left(new MoneyParseError({ input: String(input), expected: "a finite number of euros below 90 trillion" }))
  }
  const cleaned = input.replace(/[\s\u00a0\u202f]/g, "").replace(/€$/, "").replace(",", ".").replace(/^\u2212/, "-")
  if (!/^-?\d+(\.\d{1,2})?$/.test(cleaned)) {
    return Either.left(new MoneyParseError({ input, expected: "euros such as 3555, 3555.50 or 3 555,50 €" }))
  }
  const [whole = "0", frac = ""] = cleaned.replace("-", "").split(".")
  const cents = Number(whole) * 100 + Number(frac.padEnd(2, "0"))
  return Either.right(eur(cleaned.startsWith("-") ? -cents : cents))
}

/** @category combinators */
export const add = (a: Money, b: Money): Money => eur(a.cents + b.cents)

/** @category combinators */
export const subtract = (a: Money, b: Money): Money => eur(a.cents - b.cents)

/** @category combinators */
export const sum = (items: Iterable<Money>): Money => {
  let total = 0
  for (const m of items) total += m.cents
  return eur(total)
}

/**
 * Multiplies by a factor and rounds half away from zero to whole cents.
 *
 * @category combinators
 */
export const multiply = (m: Money, factor: number): Money => eur(roundHalfAwayFromZero(m.cents * factor))

/**
 * Splits an amount by ratios without losing a cent: the parts always add up to the whole, and the
 * remainder cents go one by one to the parts with the largest fractional shares.
 *
 * @category combinators
 */
export const allocate = (m: Money, ratios: ReadonlyArray<number>): ReadonlyArray<Money> =>
  allocateCents(m.cents, ratios).map(eur)

/**
 * `allocate` over plain cents.
 *
 * @category combinators
 */
export const allocateCents = (cents: number, ratios: ReadonlyArray<number>): ReadonlyArray<number> => {
  const total = ratios.reduce((s, r) => s + r, 0)
  if (ratios.length === 0 || total <= 0 || ratios.some((r) => r < 0 || !Number.isFinite(r))) {
    throw new RangeError("allocate needs at least one non-negative ratio with a positive sum")
  }
  const sign = cents < 0 ? -1 : 1
  const abs = Math.abs(cents)
  const exact = ratios.map((r) => (abs * r) / total)
  const parts = exact.map(Math.floor)
  let remainder = abs - parts.reduce((s, p) => s + p, 0)
  const order = exact.map((e, i) => ({ i, frac: e - Math.floor(e) })).sort((a, b) => b.frac - a.frac || a.i - b.i)
  for (let k = 0; remainder > 0; k = (k + 1) % order.length, remainder--) parts[order[k]!.i]! += 1
  return parts.map((p) => sign * p)
}

/** @category combinators */
export const euros = (m: Money): number => m.cents / 100

const fiFormat = new Intl.NumberFormat("fi-FI", { style: "currency", currency: "EUR" })

/**
 * Formats for Finnish readers, e.g. `3 555,00 €` (with the non-breaking spaces Finnish typography uses).
 *
 * @category formatting
 */
export const format = (m: Money): string => fiFormat.format(m.cents / 100)

/**
 * Formats plain cents for Finnish readers.
 *
 * @category formatting
 */
export const formatCents = (cents: number): string => fiFormat.format(cents / 100)

const fiWholeFormat = new Intl.NumberFormat("fi-FI", { style: "currency", currency: "EUR", maximumFractionDigits: 0 })

/**
 * Formats plain cents as whole euros for Finnish readers, e.g. `3 555 €` (for chart labels).
 *
 * @category formatting
 */
export const formatWholeEuros = (cents: number): string => fiWholeFormat.format(cents / 100)
