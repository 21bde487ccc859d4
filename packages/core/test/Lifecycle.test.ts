import { readFileSync } from "node:fs"
import { describe, expect, it } from "vitest"
import { Lifecycle } from "@vertaistuki/core"

describe("Lifecycle", () => {
  it("every event tag is unique across the union", () => {
    const tags = Object.keys(Lifecycle.sensitiveFields)
    expect(new Set(tags).size).toBe(Lifecycle.LifecycleEvent.members.length)
  })

  it("the committed diagrams are what the machine tables generate", () => {
    for (const m of Lifecycle.machines) {
      const committed = readFileSync(new URL(`../../../docs/diagrams/${m.name}.md`, import.meta.url), "utf8")
      expect(committed).toBe(Lifecycle.toMarkdown(m))
    }
  })

  it("every table transition starts from a known, non-terminal state", () => {
    for (const m of Lifecycle.machines) {
      for (const t of m.transitions) for (const s of t.from) expect(m.states[s]?.terminal).toBe(false)
    }
  })
})
