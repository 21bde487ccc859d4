/**
 * A clock that reads a time the caller sets (for the demo data and tests: every event's time is the story's,
 * not the wall clock's), while sleeping as the default clock does.
 */
import { Clock, Effect } from "effect"
import type { DateTime } from "luxon"

/** A settable clock. */
export interface StoryClock {
  readonly clock: Clock.Clock
  readonly set: (at: DateTime) => void
  readonly now: () => number
}

/** A clock at `start` until `set` moves it. */
export const make = (start: DateTime): StoryClock => {
  let millis = start.toMillis()
  const base = Clock.make()
  const clock: Clock.Clock = {
    [Clock.ClockTypeId]: Clock.ClockTypeId,
    unsafeCurrentTimeMillis: () => millis,
    currentTimeMillis: Effect.sync(() => millis),
    unsafeCurrentTimeNanos: () => BigInt(millis) * 1_000_000n,
    currentTimeNanos: Effect.sync(() => BigInt(millis) * 1_000_000n),
    sleep: (duration) => base.sleep(duration)
  }
  return { clock, set: (at) => void (millis = at.toMillis()), now: () => millis }
}
