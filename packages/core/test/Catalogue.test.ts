import { Catalogue, Duration, ProgrammeTemplate, Validation } from "@vertaistuki/core"
import { Either, Option } from "effect"
import { describe, expect, it } from "vitest"

const roundTrip = (t: ProgrammeTemplate.ProgrammeTemplate) => ProgrammeTemplate.decode(ProgrammeTemplate.encode(t))
const json = (t: ProgrammeTemplate.ProgrammeTemplate) => ProgrammeTemplate.decode(JSON.parse(JSON.stringify(ProgrammeTemplate.encode(t))))

describe("Catalogue", () => {
  it("holds the five models under the ids others rely on", () => {
    expect(Catalogue.ids).toEqual([
      "voikukkia",
      "online-parents-of-placed-youth",
      "professionally-guided",
      "experience-expert-structure",
      "usm-children"
    ])
    expect(Catalogue.all.map((t) => t.id)).toEqual(Catalogue.ids)
  })

  it.each(Catalogue.ids)("%s decodes with the schema from its JSON form and back to an equal template", (id) => {
    const t = Catalogue.byId(id)
    const decoded = json(t)
    expect(Either.isRight(decoded)).toBe(true)
    expect(ProgrammeTemplate.encode(Either.getOrThrow(decoded))).toEqual(ProgrammeTemplate.encode(t))
    expect(Either.isRight(roundTrip(t))).toBe(true)
  })

  it.each(Catalogue.ids)("%s passes template validation", (id) => {
    expect(Validation.validateTemplate(Catalogue.byId(id))).toEqual(Either.right(Catalogue.byId(id)))
  })

  it.each(Catalogue.ids)("%s cites its seed file", (id) => {
    const seeds: Record<Catalogue.KnownProgrammeId, string> = {
      voikukkia: "001_b24d0be2c52c8a44.txt",
      "online-parents-of-placed-youth": "000_2f0bf6902dc16743.txt",
      "professionally-guided": "002_66c02f855fe66a53.txt",
      "experience-expert-structure": "003_220f3bde38c28eca.txt",
      "usm-children": "004_c4976bc6d1fcc39d.txt"
    }
    expect(Catalogue.byId(id).sources.map((s) => s.file)).toContain(seeds[id])
  })

  it("get finds by id and returns none for an unknown one; find names the id and the known ones", () => {
    expect(Option.map(Catalogue.get("voikukkia"), (t) => t.id)).toEqual(Option.some("voikukkia"))
    expect(Option.isNone(Catalogue.get("nope"))).toBe(true)
    const missing = Catalogue.find("nope")
    expect(Either.isLeft(missing)).toBe(true)
    if (Either.isLeft(missing)) {
      expect(missing.left._tag).toBe("UnknownProgramme")
      expect(missing.left.message).toContain('"nope"')
      for (const id of Catalogue.ids) expect(missing.left.message).toContain(id)
    }
    expect(Catalogue.isKnownId("usm-children")).toBe(true)
    expect(Catalogue.isKnownId("USM")).toBe(false)
  })
})

describe("VOIKUKKIA (seed 001)", () => {
  const t = Catalogue.voikukkia

  it("takes 4–8 parents, with a firm minimum", () => {
    expect(t.groupSize).toEqual({ unit: "parent", min: 4, max: 8, planned: null, minimumWaivable: false })
  })

  it("is led by 2 professional VOIKUKKIA leaders and 1 VOIKUKKIA peer leader, as a recommendation", () => {
    expect(t.leaders.total).toBe(3)
    expect(t.leaders.slots.map((s) => [s.role, s.count, s.recommended, s.trainings])).toEqual([
      ["professional", 2, true, ["voikukkia-leader"]],
      ["peer-leader", 1, true, ["voikukkia-peer-leader"]]
    ])
  })

  it("holds a preliminary meeting with every parent", () => {
    expect(t.intake?.kind).toBe("preliminary-meeting")
    expect(t.intake?.required).toBe(true)
    expect(t.intake?.minutesPerParticipant).toBeNull()
  })

  it("has 8–10 sessions of 2–2.5 h, at most 3 h", () => {
    expect(t.sessionPlan.count).toEqual({ min: 8, max: 10 })
    expect(t.sessionPlan.sessions).toHaveLength(10)
    for (const s of t.sessionPlan.sessions) {
      expect(s.plannedMinutes).toEqual({ min: 120, max: 150 })
      expect(s.maxMinutes).toBe(180)
      expect(s.attendees).toEqual([{ role: "parent", presence: "whole" }])
    }
  })

  it("goes through the ten themes in order", () => {
    expect(t.sessionPlan.sessions.map((s) => s.ordinal)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10])
    expect(t.sessionPlan.sessions.map((s) => s.theme?.fi)).toEqual([
      "Ryhmäprosessin aloitus, tutustuminen ja pelisäännöt",
      "Vanhempien kertomukset lapsen sijoitukseen liittyen",
      "Lapsesta luopuminen vanhemman kriisinä",
      "Lapsen erokriisi",
      "Lapsen ja vanhemman välisen yhteyden säilyttäminen",
      "Selviytymistarina tai vieraileva asiantuntija",
      "Rinnakkaisen vanhemmuuden mahdollisuudet",
      "Omat voimavarat ja jaksaminen",
      "Tulevaisuuden näköaloja",
      "Ryhmäprosessin arviointi ja päätös"
    ])
    expect(t.sessionPlan.sessions[5]?.guests.map((g) => [g.role, g.optional])).toEqual([["visiting-expert", true]])
  })

  it("follows the same structure every session: refreshments, check-in, theme, closing round, exercises", () => {
    expect(t.sessionPlan.structure.map((s) => s.en)).toEqual([
      "Refreshments",
      "Check-in round",
      "The theme",
      "Closing round",
      "Functional exercises at various points"
    ])
  })

  it("collects written and oral feedback at the last session and recommends a personal feedback discussion", () => {
    expect(t.instruments).toEqual([
      { _tag: "FinalFeedback", forms: ["written", "oral"], personalDiscussion: "recommended", source: "001_b24d0be2c52c8a44.txt" }
    ])
  })

  it("ends with a follow-up meeting (leader's guide)", () => {
    expect(t.followUp.map((f) => f.kind)).toEqual(["follow-up-meeting"])
    expect(t.sources.map((s) => s.title)).toContain("VOIKUKKIA leader's guide")
  })

  it("carries the VOIKUKKIA® mark, which requires the four-day leader training of the professionals", () => {
    expect(t.brand?.name).toBe("VOIKUKKIA")
    expect(t.brand?.mark).toBe("VOIKUKKIA®")
    expect(t.brand?.requiredTraining).toBe("voikukkia-leader")
    expect(t.brand?.rolesRequiringTraining).toEqual(["professional"])
  })

  it("is free of charge, voluntary, confidential, pays travel when needed and asks commitment to the whole process", () => {
    const codes = t.conditions.map((c) => c.code)
    for (const code of [
      "free-of-charge",
      "travel-costs-paid-when-needed",
      "voluntary-not-a-condition",
      "confidential",
      "commits-to-whole-process",
      "all-clients-informed"
    ]) {
      expect(codes).toContain(code)
    }
  })

  it("may be organised by a municipality, municipalities jointly, with an NGO or parish, or by a private provider", () => {
    expect(t.organisers).toEqual([["municipality"], ["municipalities-jointly"], ["municipality", "ngo"], ["municipality", "parish"], ["private-provider"]])
    expect(t.groupForms).toEqual(["closed"])
    expect(t.targetGroup.participantRoles).toEqual(["parent"])
  })
})

describe("Online group for parents of placed young people (seed 000)", () => {
  const t = Catalogue.onlineParentsOfPlacedYouth

  it("has 6 sessions: 5 remote of 2 h and the last live on a Saturday for 6 h", () => {
    expect(t.sessionPlan.count).toEqual({ min: 6, max: 6 })
    const s = t.sessionPlan.sessions
    expect(s.map((x) => x.modality)).toEqual(["remote", "remote", "remote", "remote", "remote", "in-person"])
    expect(s.slice(0, 5).every((x) => x.plannedMinutes?.min === 120 && x.plannedMinutes.max === 120)).toBe(true)
    expect(s[5]?.plannedMinutes).toEqual({ min: Duration.hours(6), max: Duration.hours(6) })
    expect(s[5]?.weekday).toBe("saturday")
    expect(s.slice(0, 5).every((x) => x.weekday === null)).toBe(true)
  })

  it("brings the young people to part of the live meeting, with a paid experience expert as a guest", () => {
    const live = t.sessionPlan.sessions[5]
    expect(live?.attendees).toEqual([
      { role: "parent", presence: "whole" },
      { role: "young-person", presence: "part" }
    ])
    expect(live?.guests.map((g) => [g.role, g.optional, g.paid])).toEqual([["experience-expert", false, true]])
  })

  it("is led by 3: the NGO's professional, a peer leader and the institution's professional", () => {
    expect(t.leaders.total).toBe(3)
    expect(t.leaders.slots.map((s) => [s.role, s.count])).toEqual([
      ["professional", 1],
      ["peer-leader", 1],
      ["institution-professional", 1]
    ])
  })

  it("takes in 6 families: max and planned 6, the minimum left to the plan", () => {
    expect(t.groupSize).toEqual({ unit: "family", min: null, max: 6, planned: 6, minimumWaivable: false })
    expect(ProgrammeTemplate.openSettings(t)).toEqual(["groupSize.min"])
  })

  it("interviews every parent for 1 h, rehearsing the technology and making sure of the messaging-group consent", () => {
    expect(t.intake).toMatchObject({
      kind: "intake-interview",
      required: true,
      minutesPerParticipant: 60,
      technologyRehearsal: true,
      confirmsConsents: ["messaging-group"]
    })
  })

  it("asks consent to hand contact details over, to take part and to join the messaging group", () => {
    expect(t.consents.map((c) => [c.purpose, c.collectedAt])).toEqual([
      ["contact-disclosure", "referral"],
      ["taking-part", "intake"],
      ["messaging-group", "intake"]
    ])
  })

  it("is closed, run by an NGO with the institution, combines VOIKUKKIA and Palaset, and lives on as a messaging group", () => {
    expect(t.groupForms).toEqual(["closed"])
    expect(t.organisers).toEqual([["ngo", "child-protection-institution"]])
    expect(t.basedOn).toEqual(["VOIKUKKIA", "Palaset"])
    expect(t.followUp.map((f) => [f.kind, f.staffTime])).toEqual([["messaging-group", false]])
    expect(t.brand).toBeNull()
  })
})

describe("Professionally guided groups (seed 002)", () => {
  const t = Catalogue.professionallyGuided

  it("measures with 3X10D at the start and the end, and collects feedback after every session, anonymous allowed", () => {
    expect(t.instruments).toEqual([
      { _tag: "LifeSituation3X10D", at: ["start", "end"], source: "002_66c02f855fe66a53.txt" },
      { _tag: "SessionFeedback", anonymousAllowed: true, channels: ["face-to-face", "digital"], source: "002_66c02f855fe66a53.txt" }
    ])
  })

  it("starts with a structured personal intake interview", () => {
    expect(t.intake).toMatchObject({ kind: "intake-interview", required: true, structured: true, minutesPerParticipant: null })
  })

  it("meets in person and remotely, with low-threshold contact between sessions", () => {
    expect(t.sessionPlan.modalities).toEqual(["in-person", "remote"])
    expect(t.conditions.map((c) => c.code)).toContain("low-threshold-contact-between-sessions")
    expect(t.targetGroup.participantRoles).toEqual(["young-person", "parent"])
  })

  it("invents no figure: size, session count and leader count are settings of the plan", () => {
    expect(t.groupSize).toEqual({ unit: "participant", min: null, max: null, planned: null, minimumWaivable: false })
    expect(t.sessionPlan.count).toEqual({ min: null, max: null })
    expect(t.sessionPlan.sessions).toEqual([])
    expect(t.leaders.slots.map((s) => [s.role, s.count])).toEqual([["professional", null]])
    expect(t.leaders.total).toBeNull()
  })
})

describe("Experience-expert structure (seed 003)", () => {
  const t = Catalogue.experienceExpertStructure

  it("allows closed and open groups and lets a group start below its minimum with a reason", () => {
    expect(t.groupForms).toEqual(["closed", "open"])
    expect(t.groupSize).toEqual({ unit: "participant", min: null, max: null, planned: null, minimumWaivable: true })
  })

  it("is for children and young people with their siblings, later parents and other close adults", () => {
    expect(t.targetGroup.participantRoles).toEqual(["child", "young-person", "sibling", "foster-sibling", "parent", "foster-parent", "other-close-adult"])
  })

  it("requires a coordinator's work time, travel support, an adult committing for minors, and the budget lines", () => {
    const codes = t.conditions.map((c) => c.code)
    for (const code of [
      "coordinator-work-time",
      "travel-supported",
      "adult-commits-for-minors",
      "accept-small-numbers-at-start",
      "budget-experience-expert-fees",
      "budget-purchased-activities",
      "budget-events",
      "budget-room-rent",
      "budget-marketing",
      "budget-refreshments",
      "budget-leader-pay"
    ]) {
      expect(codes).toContain(code)
    }
  })

  it("invents no figure", () => {
    expect(t.sessionPlan.count).toEqual({ min: null, max: null })
    expect(t.intake).toBeNull()
    expect(t.leaders.total).toBeNull()
  })
})

describe("USM groups for children (seed 004)", () => {
  const t = Catalogue.usmChildren

  it("runs in Swedish, and in Finnish too", () => {
    expect(t.languages).toEqual(["sv", "fi"])
    expect(t.targetGroup.participantRoles).toEqual(["child", "young-person"])
  })

  it("makes group size, session count and leaders required settings with no default", () => {
    expect(t.groupSize).toEqual({ unit: "participant", min: null, max: null, planned: null, minimumWaivable: false })
    expect(t.sessionPlan.count).toEqual({ min: null, max: null })
    expect(t.leaders).toEqual({ slots: [], total: null })
    expect(ProgrammeTemplate.openSettings(t)).toEqual([
      "groupSize.min",
      "groupSize.max",
      "sessionPlan.count.min",
      "sessionPlan.count.max",
      "groupForm"
    ])
    expect(ProgrammeTemplate.leaderCount(t)).toBeNull()
  })
})
