import { IANAZone } from "luxon"

/** The offset is constant within each quarter hour (Helsinki changes at 01:00 UTC); keys are quarter hours. */
const quarter = 900_000
const limit = 200_000

/**
 * Europe/Helsinki with its offsets remembered per quarter hour: luxon asks `Intl` for the offset of every
 * instant it builds or moves, which is most of the planner's and the send check's time.
 */
class RememberingZone extends IANAZone {
  private readonly offsets = new Map<number, number>()
  override offset(ts: number): number {
    const key = Math.floor(ts / quarter)
    let o = this.offsets.get(key)
    if (o === undefined) {
      if (this.offsets.size >= limit) this.offsets.clear()
      o = super.offset(ts)
      this.offsets.set(key, o)
    }
    return o
  }
}

/** The zone every notify module reads times in. */
export const helsinki: IANAZone = new RememberingZone("Europe/Helsinki")

/** Milliseconds of an ISO time with an offset (`NaN` when it is not one). */
export const millisOf = (iso: string): number => Date.parse(iso)

/** A UTC ISO string of fixed width (`2026-01-15T15:00:00.000Z`), as core's events hold. */
export const utcIso = (ms: number): string => new Date(ms).toISOString()
