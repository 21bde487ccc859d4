import { Money } from "@vertaistuki/core"
import { Either } from "effect"
import fc from "fast-check"
import { describe, expect, it } from "vitest"

const normalise = (s: string) => s.replace(/[\u00a0\u202f]/g, " ")
const cents = fc.integer({ min: -1_000_000_000, max: 1_000_000_000 })
const money = cents.map(Money.eur)

describe("Money", () => {
  it("formats for Finnish readers: eur(355500) is 3 555,00 €", () => {
    expect(normalise(Money.format(Money.eur(355500)))).toBe("3 555,00 €")
    expect(normalise(Money.format(Money.eur(615500)))).toBe("6 155,00 €")
    expect(normalise(Money.formatCents(1071200))).toBe("10 712,00 €")
  })

  it("formats whole euros for chart labels: formatWholeEuros(355550) is 3 556 €", () => {
    expect(normalise(Money.formatWholeEuros(355500))).toBe("3 555 €")
    expect(normalise(Money.formatWholeEuros(355550))).toBe("3 556 €")
    expect(normalise(Money.formatWholeEuros(0))).toBe("0 €")
  })

  it("add is commutative: add(a, b) equals add(b, a)", () => {
    fc.assert(
      fc.property(money, money, (a, b) => {
        expect(Money.add(a, b).cents).toBe(Money.add(b, a).cents)
      })
    )
  })

  it("add is associative and zero is its identity", () => {
    fc.assert(
      fc.property(money, money, money, (a, b, c) => {
        expect(Money.add(Money.add(a, b), c).cents).toBe(Money.add(a, Money.add(b, c)).cents)
        expect(Money.add(a, Money.zero).cents).toBe(a.cents)
      })
    )
  })

  it("subtract undoes add", () => {
    fc.assert(
      fc.property(money, money, (a, b) => {
        expect(Money.subtract(Money.add(a, b), b).cents).toBe(a.cents)
      })
    )
  })

  it("allocate sums to the whole: no cent is lost or made", () => {
    fc.assert(
      fc.property(cents, fc.array(fc.integer({ min: 0, max: 1000 }), { minLength: 1, maxLength: 12 }).filter((r) => r.some((x) => x > 0)), (c, ratios) => {
        const parts = Money.allocate(Money.eur(c), ratios)
        expect(parts).toHaveLength(ratios.length)
        expect(Money.sum(parts).cents).toBe(c)
      })
    )
  })

  it("allocate gives equal ratios parts that differ by at most one cent", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000_000 }), fc.integer({ min: 1, max: 20 }), (c, n) => {
        const parts = Money.allocate(Money.eur(c), Array.from({ length: n }, () => 1)).map((m) => m.cents)
        expect(Math.max(...parts) - Math.min(...parts)).toBeLessThanOrEqual(1)
      })
    )
    expect(Money.allocate(Money.eur(100), [1, 1, 1]).map((m) => m.cents)).toEqual([34, 33, 33])
  })

  it("fromEuros reads what format writes: the round trip keeps the amount", () => {
    fc.assert(
      fc.property(money, (m) => {
        expect(Money.fromEuros(Money.format(m)).pipe(Either.map((x) => x.cents))).toEqual(Either.right(m.cents))
      })
    )
  })

  it("fromEuros reads plain and Finnish notation, rounds numbers half away from zero, and names bad input", () => {
    expect(Money.fromEuros("3555").pipe(Either.map((m) => m.cents))).toEqual(Either.right(355500))
    expect(Money.fromEuros("3 555,50 €").pipe(Either.map((m) => m.cents))).toEqual(Either.right(355550))
    expect(Money.fromEuros(0.125).pipe(Either.map((m) => m.cents))).toEqual(Either.right(13))
    expect(Money.fromEuros(-0.125).pipe(Either.map((m) => m.cents))).toEqual(Either.right(-13))
    const bad = Money.fromEuros("about 3k")
    expect(Either.isLeft(bad) && bad.left._tag === "MoneyParseError" && bad.left.input === "about 3k").toBe(true)
    expect(Either.isLeft(Money.fromEuros(Number.NaN))).toBe(true)
  })

  it("fromEuros rounds a number by its decimal digits, not by its binary value", () => {
    const cents = (n: number) => Money.fromEuros(n).pipe(Either.map((m) => m.cents))
    expect(cents(1.005)).toEqual(Either.right(101))
    expect(cents(-1.005)).toEqual(Either.right(-101))
    expect(cents(2.675)).toEqual(Either.right(268))
    expect(cents(1.004999)).toEqual(Either.right(100))
    expect(cents(0.005)).toEqual(Either.right(1))
    expect(cents(1e-7)).toEqual(Either.right(0))
    expect(cents(-0)).toEqual(Either.right(0))
    expect(Either.isLeft(Money.fromEuros(1e21))).toBe(true)
  })

  it("fromEuros of a number with at most two decimals is exact, and a third decimal of 5 rounds away from zero", () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e12, max: 1e12 }), fc.boolean(), (c, half) => {
        const whole = Math.trunc(Math.abs(c) / 100)
        const frac = String(Math.abs(c) % 100).padStart(2, "0")
        const text = `${c < 0 ? "-" : ""}${whole}.${frac}${half ? "5" : ""}`
        const expected = half ? (c < 0 ? c - 1 : c + 1) : c
        return Money.fromEuros(Number(text)).pipe(Either.map((m) => m.cents === expected), Either.getOrElse(() => false))
      })
    )
  })

  it("multiply rounds half away from zero to whole cents", () => {
    expect(Money.multiply(Money.eur(105), 0.5).cents).toBe(53)
    expect(Money.multiply(Money.eur(-105), 0.5).cents).toBe(-53)
    fc.assert(
      fc.property(money, fc.integer({ min: -100, max: 100 }), (m, k) => {
        expect(Number.isInteger(Money.multiply(m, k / 7).cents)).toBe(true)
      })
    )
  })

  it("only EUR can be built: another currency is a type error", () => {
    // @ts-expect-error Money's currency is the literal "EUR"
    const build = () => new Money.Money({ currency: "SEK", cents: Money.eur(1).cents })
    expect(build).toThrow()
  })
})
