import { Training } from "@vertaistuki/core"
import { Option, Schema } from "effect"
import { describe, expect, it } from "vitest"

describe("Training", () => {
  it("the VOIKUKKIA leader training lasts four days (seed 001)", () => {
    const info = Training.describe("voikukkia-leader")
    expect(Option.map(info, (i) => [i.days, i.source])).toEqual(Option.some([4, "001_b24d0be2c52c8a44.txt"]))
  })

  it("an organisation's own training decodes but has no description in the library", () => {
    expect(Schema.decodeUnknownSync(Training.Training)("own:group-work-basics")).toBe("own:group-work-basics")
    expect(() => Schema.decodeUnknownSync(Training.Training)("own:Bad Name")).toThrow()
    expect(Training.isKnown("own:group-work-basics")).toBe(false)
    expect(Option.isNone(Training.describe("own:group-work-basics"))).toBe(true)
    expect(Training.known).toEqual(["voikukkia-leader", "voikukkia-peer-leader", "palaset"])
  })
})
