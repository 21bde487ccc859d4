// A projection for the ownership tests whose state shows any event missed or applied twice: how many
// events of each stream it has applied, and the highest version seen (a version applied twice or skipped
// makes the count differ from the version).
import { Projection } from "../src/index.js"

export interface Streams {
  readonly count: Record<string, number>
  readonly last: Record<string, number>
}

export const streams = Projection.make<Streams>({
  name: "streams",
  version: 1,
  initial: () => ({ count: {}, last: {} }),
  evolve: (s, e) => ({
    count: { ...s.count, [e.streamId]: (s.count[e.streamId] ?? 0) + 1 },
    last: { ...s.last, [e.streamId]: e.version }
  })
})
