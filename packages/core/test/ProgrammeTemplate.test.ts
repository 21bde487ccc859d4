import { Catalogue, Duration, GroupPlan, Language, ProgrammeTemplate, Validation } from "@vertaistuki/core"
import { Either } from "effect"
import fc from "fast-check"
import { describe, expect, it } from "vitest"

const encoded = () => JSON.parse(JSON.stringify(ProgrammeTemplate.encode(Catalogue.voikukkia))) as Record<string, unknown> & {
  groupSize: Record<string, unknown>
  leaders: { slots: Array<Record<string, unknown>> }
  sessionPlan: { sessions: Array<Record<string, unknown>> }
}

describe("ProgrammeTemplate", () => {
  it("decodes a template's JSON form", () => {
    const decoded = ProgrammeTemplate.decode(encoded())
    expect(Either.isRight(decoded)).toBe(true)
    expect(ProgrammeTemplate.isProgrammeTemplate(Either.getOrThrow(decoded))).toBe(true)
  })

  it("rejects an id that is not kebab case", () => {
    expect(Either.isLeft(ProgrammeTemplate.decode({ ...encoded(), id: "Voikukkia Group" }))).toBe(true)
  })

  it("rejects a group size that is not a positive whole number, but accepts null (a setting of the plan)", () => {
    const bad = encoded()
    bad.groupSize.min = 0
    expect(Either.isLeft(ProgrammeTemplate.decode(bad))).toBe(true)
    const open = encoded()
    open.groupSize.min = null
    expect(Either.isRight(ProgrammeTemplate.decode(open))).toBe(true)
  })

  it("rejects an unknown training but accepts an organisation's own `own:` training", () => {
    const unknown = encoded()
    unknown.leaders.slots[0]!.trainings = ["first-aid"]
    expect(Either.isLeft(ProgrammeTemplate.decode(unknown))).toBe(true)
    const own = encoded()
    own.leaders.slots[0]!.trainings = ["own:group-work-basics"]
    expect(Either.isRight(ProgrammeTemplate.decode(own))).toBe(true)
  })

  it("rejects a session with a fractional or negative maximum length", () => {
    for (const maxMinutes of [-1, 90.5, "3 h"]) {
      const bad = encoded()
      bad.sessionPlan.sessions[0]!.maxMinutes = maxMinutes
      expect(Either.isLeft(ProgrammeTemplate.decode(bad))).toBe(true)
    }
  })

  it("rejects a template without sources or languages", () => {
    expect(Either.isLeft(ProgrammeTemplate.decode({ ...encoded(), sources: [] }))).toBe(true)
    expect(Either.isLeft(ProgrammeTemplate.decode({ ...encoded(), languages: [] }))).toBe(true)
  })

  it("decoding accepts exactly the kebab-case ids", () => {
    fc.assert(
      fc.property(fc.string(), (id) => {
        const ok = /^[a-z0-9]+(-[a-z0-9]+)*$/.test(id)
        expect(Either.isRight(ProgrammeTemplate.decode({ ...encoded(), id }))).toBe(ok)
      }),
      { numRuns: 200 }
    )
  })

  it("sessionSpec finds a session by ordinal, falls back to a single spec, and sessionCount defaults to the maximum", () => {
    const online = Catalogue.onlineParentsOfPlacedYouth
    expect(ProgrammeTemplate.sessionSpec(online, 6)?.weekday).toBe("saturday")
    expect(ProgrammeTemplate.sessionSpec(online, 7)).toBeUndefined()
    const shuffled = { ...online, sessionPlan: { ...online.sessionPlan, sessions: [...online.sessionPlan.sessions].reverse() } }
    expect(ProgrammeTemplate.sessionSpec(shuffled, 1)?.ordinal).toBe(1)
    expect(ProgrammeTemplate.sessionSpec(shuffled, 6)?.plannedMinutes?.max).toBe(360)
    const single = { ...online, sessionPlan: { ...online.sessionPlan, sessions: [online.sessionPlan.sessions[5]!] } }
    expect(ProgrammeTemplate.sessionSpec(single, 3)?.ordinal).toBe(6)
    expect(ProgrammeTemplate.sessionSpec(Catalogue.usmChildren, 1)).toBeUndefined()
    expect(ProgrammeTemplate.sessionCount(Catalogue.voikukkia)).toBe(10)
    expect(ProgrammeTemplate.sessionCount(Catalogue.voikukkia, 8)).toBe(8)
    expect(ProgrammeTemplate.sessionCount(Catalogue.usmChildren)).toBe(0)
    const settings = {
      name: "Verkkoryhmä",
      organisers: [{ kind: "ngo", name: "Läheisjärjestö ry" }],
      leaders: [{ name: "Anna", role: "professional", trainings: [] }]
    } as const
    const plan = Either.getOrThrow(GroupPlan.fromTemplate(shuffled, settings))
    expect(plan.sessions.map((s) => s.minutes)).toEqual([120, 120, 120, 120, 120, 360])
    const unused = GroupPlan.fromTemplate(shuffled, { ...settings, defaultMinutes: 90 })
    expect(Either.isLeft(unused) && unused.left.field).toBe("defaultMinutes")
    const guided = GroupPlan.fromTemplate(Catalogue.professionallyGuided, { ...settings, sessionCount: 3 })
    expect(Either.isLeft(guided) && [guided.left.field, guided.left.expected.includes("sessions 1, 2, 3")]).toEqual(["defaultMinutes", true])
    const minutes = GroupPlan.fromTemplate(Catalogue.professionallyGuided, { ...settings, sessionCount: 3, defaultMinutes: 90 })
    expect(Either.map(minutes, (p) => p.sessions.map((s) => s.minutes))).toEqual(Either.right([90, 90, 90]))
    const noLeaders = GroupPlan.fromTemplate(shuffled, { ...settings, leaders: [] })
    expect(Either.isLeft(noLeaders) && noLeaders.left._tag === "InvalidPlanSettings" && noLeaders.left.field).toBe("leaders")
    const noName = GroupPlan.fromTemplate(shuffled, { ...settings, name: "  " })
    expect(Either.isLeft(noName) && noName.left.field).toBe("name")
  })

  it("openSettings lists what the plan must supply; leaderCount sums the slots or uses the total", () => {
    expect(ProgrammeTemplate.openSettings(Catalogue.voikukkia)).toEqual([])
    expect(ProgrammeTemplate.openSettings(Catalogue.onlineParentsOfPlacedYouth)).toEqual(["groupSize.min"])
    expect(ProgrammeTemplate.leaderCount(Catalogue.voikukkia)).toBe(3)
    expect(ProgrammeTemplate.leaderCount(Catalogue.professionallyGuided)).toBeNull()
    const slotsOnly = new ProgrammeTemplate.ProgrammeTemplate({
      ...Catalogue.voikukkia,
      leaders: { ...Catalogue.voikukkia.leaders, total: null }
    })
    expect(ProgrammeTemplate.leaderCount(slotsOnly)).toBe(3)
  })
})

describe("an organisation's own template (docs/own-template.md)", () => {
  const t = Language.text
  const ownTemplate = {
    id: "siblings-evening-group",
    name: t("Sisarusten iltaryhmä", "Syskonens kvällsgrupp", "Siblings' evening group"),
    summary: t("…", "…", "…"),
    area: "Pirkanmaa",
    basedOn: [],
    brand: null,
    targetGroup: { description: t("…", "…", "…"), participantRoles: ["sibling"] },
    groupForms: ["closed"],
    organisers: [["welfare-region", "ngo"]],
    groupSize: { unit: "participant", min: 4, max: 8, planned: null, minimumWaivable: true },
    leaders: {
      slots: [
        { role: "professional", count: 2, recommended: false, trainings: ["own:group-work-basics"], description: t("Ammattilainen", "Yrkesperson", "Professional") }
      ],
      total: 2
    },
    intake: null,
    sessionPlan: {
      count: { min: 6, max: 6 },
      modalities: ["in-person"],
      sessions: [1, 2, 3, 4, 5, 6].map((ordinal) => ({
        ordinal,
        theme: null,
        modality: "in-person",
        plannedMinutes: { min: Duration.hours(1.5), max: Duration.hours(1.5) },
        maxMinutes: Duration.hours(2),
        weekday: null,
        attendees: [{ role: "sibling", presence: "whole" }],
        guests: []
      })),
      structure: []
    },
    followUp: [],
    consents: [{ purpose: "taking-part", collectedAt: "first-session", description: t("…", "…", "…"), source: "own" }],
    instruments: [{ _tag: "SessionFeedback", anonymousAllowed: true, channels: ["digital"], source: "own" }],
    conditions: [],
    eligibility: {
      id: "siblings-evening-group",
      rules: [{ id: "sibling", fact: "role", equals: "sibling", label: t("Olet sisarus", "Du är syskon", "You are a sibling") }]
    },
    languages: ["fi"],
    sources: [{ file: null, title: "Sisarusten iltaryhmän kuvaus", citation: "Our organisation, 2027" }]
  }

  it("decodes, validates, and plans a valid group", () => {
    const template = Either.getOrThrow(Either.flatMap(ProgrammeTemplate.decode(ownTemplate), Validation.validateTemplate))
    const plan = Either.getOrThrow(GroupPlan.fromTemplate(template, {
      name: "Sisarusten iltaryhmä, kevät 2027",
      organisers: [{ kind: "welfare-region", name: "Pirkanmaan hyvinvointialue" }],
      leaders: [
        { name: "A", role: "professional", trainings: ["own:group-work-basics"] },
        { name: "B", role: "professional", trainings: ["own:group-work-basics"] }
      ],
      expectedParticipants: 5
    }))
    expect(Validation.validateGroupPlan(template, plan)).toEqual(Either.right({ plan, advice: [] }))
    const untrained = new GroupPlan.GroupPlan({ ...plan, leaders: [plan.leaders[0], { ...plan.leaders[1]!, trainings: [] }] })
    expect(Validation.groupPlanProblems(template, untrained).map((p) => [p._tag, p.path])).toEqual([["LeaderTrainingMissing", "leaders[1].trainings"]])
  })
})
