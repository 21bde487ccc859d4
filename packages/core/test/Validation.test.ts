import { Catalogue, Duration, GroupPlan, ProgrammeTemplate, Validation } from "@vertaistuki/core"
import { Either } from "effect"
import fc from "fast-check"
import { describe, expect, it } from "vitest"

type Leader = GroupPlan.PlannedLeader

const leaders: readonly [Leader, ...Array<Leader>] = [
  { name: "Anna", role: "professional", trainings: ["voikukkia-leader"] },
  { name: "Bo", role: "professional", trainings: ["voikukkia-leader"] },
  { name: "Cecilia", role: "peer-leader", trainings: ["voikukkia-peer-leader"] }
]

const validPlan = Either.getOrThrow(
  GroupPlan.fromTemplate(Catalogue.voikukkia, {
    name: "VOIKUKKIA-ryhmä Tampere kevät 2027",
    organisers: [{ kind: "municipality", name: "Tampere" }],
    leaders,
    expectedParticipants: 6
  })
)

const plan = (changes: Partial<ConstructorParameters<typeof GroupPlan.GroupPlan>[0]>) =>
  new GroupPlan.GroupPlan({ ...validPlan, ...changes })

const tags = (t: ProgrammeTemplate.ProgrammeTemplate, p: GroupPlan.GroupPlan) =>
  Validation.groupPlanProblems(t, p).map((x) => x._tag).sort()

/** Independent faults of a VOIKUKKIA plan, each producing exactly one finding with the given tag. */
const faults = {
  sessionTooLong: {
    tag: "SessionLongerThanMaximum",
    apply: (p: GroupPlan.GroupPlan) => plan({ ...p, sessions: p.sessions.map((s, i) => (i === 0 ? { ...s, minutes: Duration.minutes(181) } : s)) })
  },
  tooManySessions: {
    tag: "SessionCountOutsideRange",
    apply: (p: GroupPlan.GroupPlan) => plan({ ...p, sessions: [...p.sessions, { minutes: Duration.minutes(150) }] })
  },
  aboveMaximum: { tag: "GroupSizeAboveMaximum", apply: (p: GroupPlan.GroupPlan) => plan({ ...p, expectedParticipants: 9 }) },
  waiver: { tag: "WaiverNotAllowed", apply: (p: GroupPlan.GroupPlan) => plan({ ...p, minimumWaiver: { reason: "a small start" } }) },
  noPeerLeader: {
    tag: "LeadersShortOfComposition",
    apply: (p: GroupPlan.GroupPlan) => {
      const [first, ...rest] = p.leaders
      return plan({ ...p, leaders: [first, ...rest.filter((l) => l.role !== "peer-leader")] })
    }
  },
  untrainedProfessional: {
    tag: "TrademarkRequiresTraining",
    apply: (p: GroupPlan.GroupPlan) => {
      const [first, ...rest] = p.leaders
      return plan({ ...p, leaders: [first, ...rest.map((l) => (l.name === "Bo" ? { ...l, trainings: [] } : l))] })
    }
  },
  wrongProgramme: { tag: "ProgrammeMismatch", apply: (p: GroupPlan.GroupPlan) => plan({ ...p, programmeId: "usm-children" }) },
  minBelowTemplate: { tag: "SettingOutsideTemplate", apply: (p: GroupPlan.GroupPlan) => plan({ ...p, groupSize: { min: 3 } }) },
  openForm: { tag: "GroupFormNotAllowed", apply: (p: GroupPlan.GroupPlan) => plan({ ...p, groupForm: "open" }) }
} as const
type Fault = keyof typeof faults
const faultNames = Object.keys(faults) as Array<Fault>

describe("validateGroupPlan", () => {
  it("accepts a VOIKUKKIA plan with trained leaders, 10 sessions of 2.5 h and 6 parents", () => {
    expect(Validation.validateGroupPlan(Catalogue.voikukkia, validPlan)).toEqual(Either.right({ plan: validPlan, advice: [] }))
  })

  it("every problem is reported, not only the first: k independent faults give k findings", () => {
    fc.assert(
      fc.property(fc.subarray(faultNames), (chosen) => {
        const faulty = chosen.reduce((p, f) => faults[f].apply(p), validPlan)
        expect(tags(Catalogue.voikukkia, faulty)).toEqual(chosen.map((f) => faults[f].tag).sort())
      }),
      { numRuns: 300 }
    )
  })

  it("a valid plan stays valid under irrelevant changes (place in the name, lengths up to 3 h, 4–8 parents, names, extra trainings)", () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 1, maxLength: 20 }).filter((s) => s.trim() !== ""),
        fc.integer({ min: 8, max: 10 }).chain((n) => fc.array(fc.integer({ min: 1, max: 180 }), { minLength: n, maxLength: n })),
        fc.integer({ min: 4, max: 8 }),
        fc.constantFrom("fi" as const, "sv" as const, "en" as const),
        fc.boolean(),
        (place, minutes, participants, language, extraTraining) => {
          const p = plan({
            name: `VOIKUKKIA ${place.trim()}`,
            language,
            sessions: minutes.map((m) => ({ minutes: Duration.minutes(m) })),
            expectedParticipants: participants,
            leaders: [
              { name: "Anna Virtanen", role: "professional", trainings: extraTraining ? ["voikukkia-leader", "palaset"] : ["voikukkia-leader"] },
              { name: "Bo Ek", role: "professional", trainings: ["voikukkia-leader"] },
              { name: "Cecilia", role: "peer-leader", trainings: ["voikukkia-peer-leader"] }
            ]
          })
          expect(Validation.groupPlanProblems(Catalogue.voikukkia, p)).toEqual([])
        }
      ),
      { numRuns: 200 }
    )
  })

  it("trademark rule: a VOIKUKKIA-named group with untrained professionals is refused and an unbranded name is suggested", () => {
    const untrained = plan({
      leaders: [
        { name: "Anna", role: "professional", trainings: [] },
        { name: "Bo", role: "professional", trainings: [] },
        { name: "Cecilia", role: "peer-leader", trainings: ["voikukkia-peer-leader"] }
      ]
    })
    const result = Validation.validateGroupPlan(Catalogue.voikukkia, untrained)
    expect(Either.isLeft(result)).toBe(true)
    const problems = Either.isLeft(result) ? result.left : []
    expect(problems).toHaveLength(1)
    const finding = problems[0]
    expect(finding?._tag).toBe("TrademarkRequiresTraining")
    if (finding?._tag === "TrademarkRequiresTraining") {
      expect(finding.path).toBe("name")
      expect(finding.severity).toBe("error")
      expect(finding.untrainedLeaders).toEqual(["Anna", "Bo"])
      expect(finding.training).toBe("voikukkia-leader")
      expect(finding.suggestedName).toBe("Vertaistukiryhmä huostaanotettujen ja sijoitettujen lasten vanhemmille, Tampere kevät 2027")
      expect(finding.suggestedName).not.toMatch(/voikukkia/i)
      expect(finding.message).toContain(finding.suggestedName)
    }
  })

  it("trademark rule: the model may be used without the training under an unbranded name", () => {
    fc.assert(
      fc.property(fc.constantFrom("fi" as const, "sv" as const, "en" as const), (language) => {
        const name = Catalogue.voikukkia.brand!.unbrandedName[language]
        const p = plan({
          name,
          language,
          leaders: [
            { name: "Anna", role: "professional", trainings: [] },
            { name: "Bo", role: "professional", trainings: [] },
            { name: "Cecilia", role: "peer-leader", trainings: ["voikukkia-peer-leader"] }
          ]
        })
        expect(Validation.groupPlanProblems(Catalogue.voikukkia, p)).toEqual([])
      })
    )
  })

  it("the suggested name keeps the rest of the name in the plan's language and never carries the brand", () => {
    const brand = Catalogue.voikukkia.brand!
    expect(Validation.suggestUnbrandedName({ name: "VOIKUKKIA®", language: "en" }, brand)).toBe(brand.unbrandedName.en)
    expect(Validation.suggestUnbrandedName({ name: "Voikukkia-grupp Vasa", language: "sv" }, brand)).toBe(`${brand.unbrandedName.sv}, Vasa`)
    fc.assert(
      fc.property(fc.string(), fc.string(), fc.constantFrom("fi" as const, "sv" as const, "en" as const), (a, b, language) => {
        const suggested = Validation.suggestUnbrandedName({ name: `${a}VOIKUKKIA${b}`, language }, brand)
        expect(suggested.startsWith(brand.unbrandedName[language])).toBe(true)
        expect(Validation.usesBrand(suggested, brand)).toBe(false)
      })
    )
  })

  it("a recommended slot left empty is advice, and the plan is still valid", () => {
    const p = faults.noPeerLeader.apply(validPlan)
    const result = Validation.validateGroupPlan(Catalogue.voikukkia, p)
    expect(Either.isRight(result)).toBe(true)
    if (Either.isRight(result)) {
      expect(result.right.advice.map((a) => [a._tag, a.severity, a.path])).toEqual([["LeadersShortOfComposition", "advice", "leaders"]])
    }
  })

  it("a session over 3 h names the session and the maximum", () => {
    const [finding] = Validation.groupPlanProblems(Catalogue.voikukkia, faults.sessionTooLong.apply(validPlan))
    expect(finding).toMatchObject({ _tag: "SessionLongerThanMaximum", path: "sessions[0].minutes", minutes: 181, maxMinutes: 180 })
  })

  it("8–10 sessions: 7 and 11 are outside the range, 8 and 10 inside", () => {
    const withCount = (n: number) => plan({ sessions: Array.from({ length: n }, () => ({ minutes: Duration.minutes(150) })) })
    expect(tags(Catalogue.voikukkia, withCount(7))).toEqual(["SessionCountOutsideRange"])
    expect(tags(Catalogue.voikukkia, withCount(11))).toEqual(["SessionCountOutsideRange"])
    expect(tags(Catalogue.voikukkia, withCount(8))).toEqual([])
    expect(tags(Catalogue.voikukkia, withCount(10))).toEqual([])
  })

  it("4–8 parents: 3 is below the minimum and cannot be waived; 9 is above the maximum", () => {
    expect(tags(Catalogue.voikukkia, plan({ expectedParticipants: 3 }))).toEqual(["GroupSizeBelowMinimum"])
    expect(tags(Catalogue.voikukkia, plan({ expectedParticipants: 3, minimumWaiver: { reason: "new group" } }))).toEqual([
      "GroupSizeBelowMinimum",
      "WaiverNotAllowed"
    ])
    expect(tags(Catalogue.voikukkia, plan({ expectedParticipants: 9 }))).toEqual(["GroupSizeAboveMaximum"])
  })

  const onlinePlan = Either.getOrThrow(GroupPlan.fromTemplate(Catalogue.onlineParentsOfPlacedYouth, {
    name: "Verkkoryhmä syksy 2027",
    organisers: [
      { kind: "ngo", name: "Läheisjärjestö ry" },
      { kind: "child-protection-institution", name: "Nuorisokoti" }
    ],
    leaders: [
      { name: "Anna", role: "professional", trainings: [] },
      { name: "Bo", role: "peer-leader", trainings: [] },
      { name: "Cecilia", role: "institution-professional", trainings: [] }
    ],
    groupSize: { min: 4 },
    expectedParticipants: 6
  }))

  it("the online group: 3 leaders, 6 families, 5 remote sessions and a Saturday live meeting are valid", () => {
    expect(onlinePlan.sessions.map((s) => [s.minutes, s.modality, s.weekday])).toEqual([
      [120, "remote", undefined],
      [120, "remote", undefined],
      [120, "remote", undefined],
      [120, "remote", undefined],
      [120, "remote", undefined],
      [360, "in-person", "saturday"]
    ])
    expect(Validation.groupPlanProblems(Catalogue.onlineParentsOfPlacedYouth, onlinePlan)).toEqual([])
  })

  it("the online group: the minimum is a required setting, the live meeting must be in person on a Saturday, 7 families are too many", () => {
    const p = new GroupPlan.GroupPlan({
      ...onlinePlan,
      groupSize: {},
      expectedParticipants: 7,
      sessions: onlinePlan.sessions.map((s, i) => (i === 5 ? { minutes: s.minutes, modality: "remote", weekday: "friday" } : s)),
      leaders: [onlinePlan.leaders[0], onlinePlan.leaders[1]!]
    })
    expect(Validation.groupPlanProblems(Catalogue.onlineParentsOfPlacedYouth, p).map((x) => [x._tag, x.path])).toEqual([
      ["MissingSetting", "groupSize.min"],
      ["GroupSizeAboveMaximum", "expectedParticipants"],
      ["ModalityMismatch", "sessions[5].modality"],
      ["WeekdayMismatch", "sessions[5].weekday"],
      ["LeadersShortOfComposition", "leaders"]
    ])
  })

  it("USM: with no figures in the source, group size, group form and sessions must all come from the plan", () => {
    const p = new GroupPlan.GroupPlan({
      programmeId: "usm-children",
      name: "Kamratgrupp Jakobstad",
      language: "sv",
      organisers: [{ kind: "welfare-region", name: "Pohjanmaan hyvinvointialue" }],
      leaders: [{ name: "Dan", role: "professional", trainings: [] }],
      sessions: []
    })
    const problems = Validation.groupPlanProblems(Catalogue.usmChildren, p)
    expect(problems.map((x) => [x._tag, x.path])).toEqual([
      ["MissingSetting", "groupForm"],
      ["MissingSetting", "groupSize.min"],
      ["MissingSetting", "groupSize.max"],
      ["SessionCountOutsideRange", "sessions"]
    ])
    const complete = new GroupPlan.GroupPlan({
      ...p,
      groupForm: "closed",
      groupSize: { min: 4, max: 8 },
      sessions: Array.from({ length: 8 }, () => ({ minutes: Duration.minutes(90) }))
    })
    expect(Validation.groupPlanProblems(Catalogue.usmChildren, complete)).toEqual([])
  })

  it("experience-expert structure: a group may start below its minimum with a recorded reason, not without", () => {
    const base = new GroupPlan.GroupPlan({
      programmeId: "experience-expert-structure",
      name: "Nuorten vertaisryhmä Hämeenlinna",
      language: "fi",
      organisers: [{ kind: "welfare-region", name: "Kanta-Hämeen hyvinvointialue" }],
      groupForm: "open",
      groupSize: { min: 5, max: 10 },
      expectedParticipants: 2,
      leaders: [{ name: "Eija", role: "professional", trainings: [] }],
      sessions: [{ minutes: Duration.minutes(90) }]
    })
    expect(tags(Catalogue.experienceExpertStructure, base)).toEqual(["GroupSizeBelowMinimum"])
    const waived = new GroupPlan.GroupPlan({ ...base, minimumWaiver: { reason: "first term of the structure: small numbers accepted" } })
    expect(Validation.groupPlanProblems(Catalogue.experienceExpertStructure, waived)).toEqual([])
  })

  it("a plan's min above its max is reported with the path", () => {
    const p = new GroupPlan.GroupPlan({ ...validPlan, groupSize: { min: 7, max: 5 } })
    expect(Validation.groupPlanProblems(Catalogue.voikukkia, p).map((x) => [x._tag, x.path])).toEqual([["MinAboveMax", "groupSize"]])
  })

  it("a missing training of a required slot is reported per leader", () => {
    const t = new ProgrammeTemplate.ProgrammeTemplate({
      ...Catalogue.onlineParentsOfPlacedYouth,
      leaders: {
        ...Catalogue.onlineParentsOfPlacedYouth.leaders,
        slots: Catalogue.onlineParentsOfPlacedYouth.leaders.slots.map((s) => (s.role === "peer-leader" ? { ...s, trainings: ["palaset"] } : s))
      }
    })
    expect(Validation.groupPlanProblems(t, onlinePlan).map((x) => [x._tag, x.path, x.severity])).toEqual([
      ["LeaderTrainingMissing", "leaders[1].trainings", "error"]
    ])
  })
})

describe("validateTemplate", () => {
  const v = Catalogue.voikukkia
  const templateFaults = {
    sizeInverted: {
      tag: "MinAboveMax",
      apply: (t: ProgrammeTemplate.ProgrammeTemplate) =>
        new ProgrammeTemplate.ProgrammeTemplate({ ...t, groupSize: { ...t.groupSize, min: 9 } })
    },
    countInverted: {
      tag: "MinAboveMax",
      apply: (t: ProgrammeTemplate.ProgrammeTemplate) =>
        new ProgrammeTemplate.ProgrammeTemplate({ ...t, sessionPlan: { ...t.sessionPlan, count: { min: 12, max: 11 } } })
    },
    plannedOverMax: {
      tag: "SessionLongerThanMaximum",
      apply: (t: ProgrammeTemplate.ProgrammeTemplate) =>
        new ProgrammeTemplate.ProgrammeTemplate({
          ...t,
          sessionPlan: {
            ...t.sessionPlan,
            sessions: t.sessionPlan.sessions.map((s, i) => (i === 2 ? { ...s, maxMinutes: Duration.minutes(140) } : s))
          }
        })
    },
    wrongOrdinal: {
      tag: "SessionOrdinalMismatch",
      apply: (t: ProgrammeTemplate.ProgrammeTemplate) =>
        new ProgrammeTemplate.ProgrammeTemplate({
          ...t,
          sessionPlan: { ...t.sessionPlan, sessions: t.sessionPlan.sessions.map((s, i) => (i === 4 ? { ...s, ordinal: 40 } : s)) }
        })
    },
    slotsOverTotal: {
      tag: "LeaderTotalMismatch",
      apply: (t: ProgrammeTemplate.ProgrammeTemplate) => new ProgrammeTemplate.ProgrammeTemplate({ ...t, leaders: { ...t.leaders, total: 2 } })
    },
    tooManySessions: {
      tag: "SessionCountOutsideRange",
      apply: (t: ProgrammeTemplate.ProgrammeTemplate) =>
        new ProgrammeTemplate.ProgrammeTemplate({ ...t, sessionPlan: { ...t.sessionPlan, count: { min: 8, max: 9 } } })
    }
  } as const
  type TemplateFault = keyof typeof templateFaults
  const names = Object.keys(templateFaults) as Array<TemplateFault>

  it("every problem is reported: k independent faults give k findings", () => {
    fc.assert(
      fc.property(
        fc.subarray(names).filter((c) => !(c.includes("countInverted") && c.includes("tooManySessions"))),
        (chosen) => {
          const t = chosen.reduce((acc, f) => templateFaults[f].apply(acc), v)
          expect(Validation.templateProblems(t).map((p) => p._tag).sort()).toEqual(chosen.map((f) => templateFaults[f].tag).sort())
        }
      ),
      { numRuns: 200 }
    )
  })

  it("names the field and what was expected", () => {
    const result = Validation.validateTemplate(templateFaults.plannedOverMax.apply(v))
    expect(Either.isLeft(result)).toBe(true)
    if (Either.isLeft(result)) {
      expect(result.left[0]).toMatchObject({
        _tag: "SessionLongerThanMaximum",
        path: "sessionPlan.sessions[2].plannedMinutes.max",
        expected: "at most maxMinutes (140)",
        minutes: 150,
        maxMinutes: 140
      })
    }
  })
})
