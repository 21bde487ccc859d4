/**
 * The national-year simulation's stories, in memory: for each region and group, a year's group of one
 * of the five seed models, from planning to the follow-up, every step decided by the core's deciders
 * (`Group`, `Participant`, `Session`, `Outcome`, `Feedback`), so that only what the rules accept is ever
 * written. Pure and deterministic: every draw comes from a PRNG seeded by the run's seed, the region and
 * the group's number, and every time is derived from the fixed year, never the clock; so a group's story
 * is the same whichever instance generates it.
 *
 * The figures the catalogue gives (group sizes, session counts and lengths, leaders, instruments) are
 * read from the templates; where a source gives none, the simulation's own assumptions (`assumptions`)
 * fill in, named as such. See docs/simulation.md.
 */
import { Catalogue, type Consent, type ConsentPurpose, Feedback, Group, type Lifecycle, Outcome, Participant, type ProgrammeTemplate as Template, Schedule, Session } from "@vertaistuki/core"
import { Streams } from "@vertaistuki/store"
import { Either } from "effect"
import { DateTime } from "luxon"

/** The simulated year: every time of every story falls in it (a group that starts in late autumn may end in January). */
export const YEAR = 2026

/** One figure of the simulation: its value, and whether a seed file gives it (which) or the simulation assumes it. */
export interface Figure {
  readonly what: string
  readonly value: string
  /** The seed file that gives it, or `null`: the simulation's own assumption. */
  readonly source: string | null
}

/** How one model's groups are planned: the template's figures where it has them, else assumed ones. */
export interface ModelPlan {
  readonly template: Template.ProgrammeTemplate
  /** The smallest and largest group, as `Group.rulesFromTemplate` takes them when the template has none. */
  readonly minimum: number
  readonly maximum: number
  readonly sessions: number
  /** Minutes per session where the template gives none. */
  readonly minutes: number
  /** Share of the country's groups of this model. */
  readonly share: number
  readonly leaders: ReadonlyArray<Group.Leader>
  /** Remote sessions (the rest in person). */
  readonly remote: (number: number) => boolean
  readonly sources: ReadonlyArray<Figure>
}

const catalogueSource = (t: Template.ProgrammeTemplate): string => {
  const seeds: Record<string, string> = {
    voikukkia: "001_b24d0be2c52c8a44.txt",
    "online-parents-of-placed-youth": "000_2f0bf6902dc16743.txt",
    "professionally-guided": "002_66c02f855fe66a53.txt",
    "experience-expert-structure": "003_220f3bde38c28eca.txt",
    "usm-children": "004_c4976bc6d1fcc39d.txt"
  }
  return seeds[t.id] ?? t.id
}

const professional = (id: string, trainings: ReadonlyArray<string> = []): Group.Leader => ({ leaderId: id, role: "professional", trainings: [...trainings] })

/** The five models as the simulation plans them. */
export const models: ReadonlyArray<ModelPlan> = Catalogue.all.map((template): ModelPlan => {
  const seed = catalogueSource(template)
  const given = (what: string, value: string): Figure => ({ what, value, source: seed })
  const assumed = (what: string, value: string): Figure => ({ what, value, source: null })
  switch (template.id) {
    case "voikukkia":
      return {
        template,
        minimum: template.groupSize.min ?? 4,
        maximum: template.groupSize.max ?? 8,
        sessions: template.sessionPlan.count.max ?? 10,
        minutes: 150,
        share: 0.3,
        leaders: [professional("leader-a", ["voikukkia-leader"]), professional("leader-b", ["voikukkia-leader"]), { leaderId: "leader-c", role: "peer-leader", trainings: ["voikukkia-peer-leader"] }],
        remote: () => false,
        sources: [
          given("group size", `${template.groupSize.min}–${template.groupSize.max} parents`),
          given("sessions", `${template.sessionPlan.count.max} (the source: 8–10)`),
          given("session length", "150 min planned (2–2.5 h)"),
          given("leaders", "2 professional VOIKUKKIA leaders + 1 peer leader"),
          given("final feedback", "written and oral at the last session"),
          given("follow-up", "a follow-up meeting")
        ]
      }
    case "online-parents-of-placed-youth":
      return {
        template,
        minimum: 4,
        maximum: template.groupSize.max ?? 6,
        sessions: template.sessionPlan.count.max ?? 6,
        minutes: 120,
        share: 0.15,
        leaders: [professional("leader-a"), { leaderId: "leader-b", role: "peer-leader", trainings: [] }, { leaderId: "leader-c", role: "institution-professional", trainings: [] }],
        remote: (n) => n < 6,
        sources: [
          given("group size", `${template.groupSize.max} parents/families taken in`),
          assumed("smallest group that starts", "4 families (the source gives no minimum)"),
          given("sessions", "6: five remote (2 h), the last live (Saturday, 6 h)"),
          given("leaders", "the NGO's professional, a peer leader, the institution's professional"),
          given("referral", "by the institution, with the consent to hand over the contact details"),
          given("messaging group", "the WhatsApp group, with its consent"),
          assumed("follow-up", "none held (the group lives on as a silent messaging group)")
        ]
      }
    case "professionally-guided":
      return {
        template,
        minimum: 4,
        maximum: 10,
        sessions: 8,
        minutes: 90,
        share: 0.25,
        leaders: [professional("leader-a")],
        remote: (n) => n % 4 === 0,
        sources: [
          assumed("group size", "4–10 participants (the source gives none)"),
          assumed("sessions", "8 of 90 min, every fourth remote (the source gives none; it names remote sessions)"),
          assumed("leaders", "1 professional (the source names a professional, no number)"),
          given("3X10D", "at the start and the end"),
          given("session feedback", "after every session, anonymously"),
          assumed("follow-up", "none held")
        ]
      }
    case "experience-expert-structure":
      return {
        template,
        minimum: 3,
        maximum: 10,
        sessions: 6,
        minutes: 120,
        share: 0.2,
        leaders: [professional("leader-a")],
        remote: () => false,
        sources: [
          assumed("group size", "3–10 participants (the source gives none; it accepts small groups at the start)"),
          given("small start", "a group may start below its minimum with a recorded reason"),
          assumed("sessions", "6 of 120 min (the source gives none)"),
          assumed("leaders", "1 professional group leader"),
          assumed("intake", "a first meeting where the consents are recorded (the source has none; consent at the first session)"),
          assumed("follow-up", "none held")
        ]
      }
    default:
      return {
        template,
        minimum: 4,
        maximum: 8,
        sessions: 8,
        minutes: 90,
        share: 0.1,
        leaders: [professional("leader-a")],
        remote: () => false,
        sources: [
          assumed("group size", "4–8 children (the source gives none)"),
          assumed("sessions", "8 of 90 min (the source gives none)"),
          assumed("leaders", "1 professional (the source names none)"),
          given("languages", "Swedish, and Finnish too"),
          assumed("intake", "a first meeting where the consents are recorded (the source has none)"),
          assumed("follow-up", "none held")
        ]
      }
  }
})

/** The behaviour the sources do not describe: every rate is the simulation's own assumption. */
export const rates = {
  /** Referrals per place: recruitment brings in between these many people per place. */
  referralsPerPlace: [0.75, 1.45] as const,
  /** Share of the referred who decline before the intake. */
  declineBeforeIntake: 0.06,
  /** Share of the members who drop out during the group (a reason recorded). */
  dropOut: 0.08,
  /** Share of the members who withdraw during the group (no reason asked). */
  withdraw: 0.04,
  /** Share of the people who withdraw a consent (to reporting, or to the messaging group) later. */
  withdrawConsent: 0.04,
  /** Share of the people who consent to reporting at the intake. */
  reportingConsent: 0.9,
  /** Per session and member: present, excused; the rest absent. */
  present: 0.8,
  excused: 0.12,
  /** Share of the people who ask to be erased after their group. */
  erasure: 0.005
} as const

/** The rates as figures of the assumptions table. */
export const rateFigures: ReadonlyArray<Figure> = [
  { what: "referrals per place", value: `${rates.referralsPerPlace[0]}–${rates.referralsPerPlace[1]}; beyond the group's maximum they wait`, source: null },
  { what: "declined before the intake", value: pct(rates.declineBeforeIntake), source: null },
  { what: "drop-outs during the group", value: pct(rates.dropOut), source: null },
  { what: "withdrawals during the group", value: pct(rates.withdraw), source: null },
  { what: "consent to reporting", value: pct(rates.reportingConsent), source: null },
  { what: "consents withdrawn later", value: pct(rates.withdrawConsent), source: null },
  { what: "attendance per session", value: `${pct(rates.present)} present, ${pct(rates.excused)} excused, the rest absent`, source: null },
  { what: "erasure requests", value: pct(rates.erasure), source: null },
  { what: "group starts", value: `spring (February–April) or autumn (August–October) ${YEAR}, on a working day at 17.00`, source: null },
  { what: "groups too small to start", value: "cancelled with a reason (a waivable minimum starts with a recorded waiver)", source: null }
]

function pct(x: number): string {
  return `${Math.round(x * 1000) / 10} %`
}

/** A small seeded PRNG (mulberry32): the same seed gives the same draws on every machine. */
export const prng = (seed: number): (() => number) => {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** A 32-bit hash of the seed and the group's coordinates, so that each group has its own draws. */
const mix = (...xs: ReadonlyArray<number>): number => {
  let h = 0x811c9dc5
  for (const x of xs) {
    h = Math.imul(h ^ (x & 0xffff), 0x01000193)
    h = Math.imul(h ^ (x >>> 16), 0x01000193)
  }
  return h >>> 0
}

/** The 21 welfare regions and Helsinki, as the report's region codes; a 23rd and later region gets a number. */
export const regionNames: ReadonlyArray<string> = [
  "itä-uusimaa", "keski-uusimaa", "länsi-uusimaa", "vantaa-kerava", "varsinais-suomi", "satakunta", "kanta-häme", "pirkanmaa",
  "päijät-häme", "kymenlaakso", "etelä-karjala", "etelä-savo", "pohjois-savo", "pohjois-karjala", "keski-suomi", "etelä-pohjanmaa",
  "pohjanmaa", "keski-pohjanmaa", "pohjois-pohjanmaa", "kainuu", "lappi", "helsinki"
]

/** The region code of region `r` (0-based). */
export const regionName = (r: number): string => regionNames[r] ?? `region-${r + 1}`

const firstNames = ["Aino", "Eero", "Helmi", "Juha", "Kaisa", "Lauri", "Maija", "Niko", "Outi", "Pekka", "Riikka", "Sami", "Tiina", "Ville", "Anna", "Mikael"]
const lastNames = ["Korhonen", "Virtanen", "Mäkinen", "Nieminen", "Mäkelä", "Hämäläinen", "Laine", "Heikkinen", "Koskinen", "Järvinen", "Lindqvist", "Sjöberg"]

/** One append: a run of one stream's events, in the order decided. */
export interface Run {
  readonly streamId: string
  readonly events: ReadonlyArray<Lifecycle.LifecycleEvent>
}

/** What one group's story holds besides its events, counted as it was decided. */
export interface Counts {
  readonly groups: number
  readonly cancelled: number
  readonly people: number
  readonly enrolled: number
  readonly waitlisted: number
  readonly declined: number
  readonly completed: number
  readonly droppedOut: number
  readonly withdrawn: number
  readonly consentsWithdrawn: number
  readonly sessions: number
  readonly present: number
  readonly excused: number
  readonly absent: number
  readonly measurements: number
  readonly events: number
  /** The most members enrolled in the group at one time (never above its maximum). */
  readonly peakEnrolled: number
}

/** The counts of nothing. */
export const zero: Counts = {
  groups: 0, cancelled: 0, people: 0, enrolled: 0, waitlisted: 0, declined: 0, completed: 0, droppedOut: 0, withdrawn: 0, consentsWithdrawn: 0,
  sessions: 0, present: 0, excused: 0, absent: 0, measurements: 0, events: 0, peakEnrolled: 0
}

/** Adds two counts (the peak is the larger one). */
export const add = (a: Counts, b: Counts): Counts => {
  const out: Record<string, number> = {}
  for (const k of Object.keys(a) as Array<keyof Counts>) out[k] = k === "peakEnrolled" ? Math.max(a[k], b[k]) : a[k] + b[k]
  return out as unknown as Counts
}

/** One group's story. */
export interface Story {
  readonly groupId: string
  readonly region: string
  /** One of the region's five organisers (an assumption: the sources name kinds of organisers, not how many). */
  readonly organiserId: string
  readonly programmeId: string
  readonly language: string
  readonly capacity: number
  /**
   * The appends, in order. Each person's recruitment up to the enrolment (or waiting) is one run, then the
   * group's planning, enrolments and start, then each session, the group's ending, the rest of each
   * person's journey and their questionnaires and final feedback. So every projection sees an enrolment
   * before the membership's end and a group's plan before its sessions, with about two runs per stream.
   */
  readonly runs: ReadonlyArray<Run>
  /** participantId → personId. */
  readonly personOf: ReadonlyMap<string, string>
  /** personId → the personal fields sealed with the referral. */
  readonly personal: ReadonlyMap<string, Readonly<Record<string, string>>>
  /** The people who ask to be erased after the group. */
  readonly erasures: ReadonlyArray<string>
  readonly counts: Counts
}

/** Where a group's story goes wrong: a decider refused a step the simulation meant to take (a bug of the simulation). */
export class Refused extends Error {
  constructor(readonly step: string, readonly reason: unknown) {
    super(`the ${step} step was refused: ${typeof reason === "object" && reason !== null && "_tag" in reason ? String((reason as { _tag: unknown })._tag) : "?"}`)
  }
}

const must = <A, E>(step: string, r: Either.Either<A, E>): A => {
  if (Either.isLeft(r)) throw new Refused(step, r.left)
  return r.right
}

/** Which model group number `g` of a region is: the models in proportion to their shares, spread over the groups. */
export const modelOf = (rand: () => number): ModelPlan => {
  let x = rand()
  for (const m of models) {
    if (x < m.share) return m
    x -= m.share
  }
  return models[models.length - 1]!
}

/** The start of group `g`: a working day of spring or autumn, at 17.00 in Helsinki. */
const startOf = (rand: () => number): DateTime => {
  const autumn = rand() < 0.5
  let d = DateTime.fromObject({ year: YEAR, month: autumn ? 8 : 2, day: 1, hour: 17 }, { zone: Schedule.zone }).plus({ days: Math.floor(rand() * 84) })
  while (!Schedule.isWorkingDay(d.toISODate()!)) d = d.plus({ days: 1 })
  return d
}

/**
 * The same instant in UTC: arithmetic on it (a story's hours and days) needs no time-zone lookup, which in
 * Helsinki's zone costs more than the deciding itself. The sessions' own times come from `Schedule`, in Helsinki.
 */
const utc = (d: DateTime): DateTime => d.toUTC()

/**
 * The story of group `g` (0-based) of region `r` for `seed`: planned, recruited, run and closed through
 * the deciders. Throws `Refused` if a decider refuses a step the simulation takes (which would be a bug of
 * the simulation, never of the data).
 */
export const story = (seed: number, r: number, g: number): Story => {
  // The deciders answer many questions with a refusal as a value (no consent for this purpose yet, no room
  // left in the group): the simulation reads its tag, never its stack trace, which costs more than deciding.
  const limit = Error.stackTraceLimit
  Error.stackTraceLimit = 0
  try {
    return decideStory(seed, r, g)
  } finally {
    Error.stackTraceLimit = limit
  }
}

const decideStory = (seed: number, r: number, g: number): Story => {
  const rand = prng(mix(seed, r, g))
  const pick = <A>(xs: ReadonlyArray<A>): A => xs[Math.floor(rand() * xs.length)]!
  const model = modelOf(rand)
  const t = model.template
  const region = regionName(r)
  const groupId = `g-${r + 1}-${g + 1}`
  const organiserId = `${region}-organiser-${(g % 5) + 1}`
  const language = t.languages.length > 1 && rand() < 0.6 ? t.languages[0]! : t.id === "usm-children" ? "fi" : (t.languages[0] ?? "fi")
  const runs: Array<Run> = []
  const c: { -readonly [K in keyof Counts]: number } = { ...zero, groups: 1 }
  const emit = (streamId: string, events: ReadonlyArray<Lifecycle.LifecycleEvent>) => {
    if (events.length === 0) return
    runs.push({ streamId, events })
    c.events += events.length
  }

  const startLocal = startOf(rand)
  const start = utc(startLocal)
  const planned = start.minus({ weeks: 8 })
  const rules = must("plan", Group.rulesFromTemplate(t, { minimum: model.minimum, maximum: model.maximum }))
  const brand = t.brand !== null
  let group = Group.initial
  const groupEvents: Array<Lifecycle.LifecycleEvent> = []
  const onGroup = (command: Group.Command, now: DateTime, into: Array<Lifecycle.LifecycleEvent> = groupEvents) => {
    const events = must(`group ${command._tag}`, Group.decide(command, group, now))
    for (const e of events) {
      group = Group.evolve(group, e)
      into.push(e)
    }
  }
  onGroup({ _tag: "Plan", groupId, rules, usesProtectedName: brand }, planned)
  onGroup({ _tag: "OpenRecruitment" }, planned.plus({ minutes: 10 }))
  // Appended after the people's recruitment below: per stream as few runs as the projections allow (see `runs`).

  // Referrals, contact details, intakes and consents.
  const places = model.maximum
  const [lo, hi] = rates.referralsPerPlace
  const referred = Math.max(1, Math.round(places * (lo + rand() * (hi - lo))))
  const personOf = new Map<string, string>()
  const personal = new Map<string, Readonly<Record<string, string>>>()
  const people = new Map<string, Participant.State>()
  const later = new Map<string, Array<Lifecycle.LifecycleEvent>>()
  const purposesOf = (reporting: boolean): Array<ConsentPurpose.ConsentPurpose> => {
    const ps = new Set<ConsentPurpose.ConsentPurpose>(["taking-part"])
    for (const k of t.consents) if (k.purpose !== "contact-disclosure") ps.add(k.purpose)
    if (t.instruments.some((i) => i._tag === "LifeSituation3X10D")) ps.add("evaluation-questionnaire")
    if (reporting) ps.add("reporting")
    return [...ps]
  }
  const remoteIntake = model.remote(1)
  for (let i = 0; i < referred; i++) {
    const participantId = `${groupId}-p${i + 1}`
    const personId = `person-${r + 1}-${g + 1}-${i + 1}`
    personOf.set(participantId, personId)
    personal.set(personId, { name: `${pick(firstNames)} ${pick(lastNames)}`, phone: `+35840${String(Math.floor(rand() * 1e7)).padStart(7, "0")}` })
    const events: Array<Lifecycle.LifecycleEvent> = []
    let p = Participant.initial
    const on = (command: Participant.Command, now: DateTime, into = events) => {
      const decided = must(`participant ${command._tag}`, Participant.decide(command, p, now))
      for (const e of decided) {
        p = Participant.evolve(p, e)
        into.push(e)
      }
    }
    const when = planned.plus({ days: 3 + Math.floor(rand() * 28), hours: Math.floor(rand() * 6) - 8 })
    const source: Participant.ReferralSource = t.id === "online-parents-of-placed-youth" ? "institution" : pick(["social-worker", "self", "health-professional", "social-worker"] as const)
    const modality = remoteIntake ? "remote" : "in-person"
    on({ _tag: "Refer", participantId, personId, groupId, source, modality }, when)
    const record = (purpose: ConsentPurpose.ConsentPurpose, at: DateTime, action: "grant" | "withdraw" = "grant"): Consent.ConsentRecord => ({
      person: personId, purpose, action, givenBy: "person", textVersion: `${YEAR}-01`, at, channel: modality === "remote" ? "electronic-form" : "in-person"
    })
    if (source === "institution") on({ _tag: "ReceiveContactDetails", consents: { subject: { id: personId }, records: [record("contact-disclosure", when.minus({ hours: 1 }))] } }, when.plus({ hours: 2 }))
    else on({ _tag: "ReceiveContactDetails" }, when.plus({ hours: 2 }))
    c.people++
    if (rand() < rates.declineBeforeIntake) {
      on({ _tag: "Decline", by: "person" }, when.plus({ days: 2 }))
      c.declined++
      emit(Streams.participant(participantId), events)
      continue
    }
    const intake = when.plus({ days: 5 + Math.floor(rand() * 5) })
    on({ _tag: "ScheduleIntake", intakeAt: intake, modality }, when.plus({ hours: 3 }))
    on({ _tag: "HoldIntake", technologyRehearsed: modality === "remote" }, intake.plus({ hours: 1 }))
    const given = { subject: { id: personId }, records: purposesOf(rand() < rates.reportingConsent).map((purpose) => record(purpose, intake.plus({ minutes: 50 }))) }
    for (const rec of given.records) on({ _tag: "RecordConsent", record: rec }, intake.plus({ minutes: 50 }))
    on({ _tag: "RecordConsents", consents: given }, intake.plus({ hours: 1 }))
    people.set(participantId, p)
    // The enrolment or waiting is decided below, against `people`, and appended in the same run.
    later.set(participantId, events)
  }

  // Enrolment a week before the start: the group's capacity decides, the rest wait.
  const enrolAt = start.minus({ weeks: 1 })
  const waiting: Array<string> = []
  for (const [id, p] of people) {
    const placed = Group.decide({ _tag: "Enrol", participant: p }, group, enrolAt)
    const tail = later.get(id)!
    if (Either.isRight(placed)) {
      for (const e of placed.right) {
        group = Group.evolve(group, e)
        groupEvents.push(e)
      }
      const events = must("participant Enrol", Participant.decide({ _tag: "Enrol" }, p, enrolAt))
      let next = p
      for (const e of events) {
        next = Participant.evolve(next, e)
        tail.push(e)
      }
      people.set(id, next)
      c.enrolled++
    } else {
      if (placed.left._tag !== "CapacityExceeded") throw new Refused("group Enrol", placed.left)
      const events = must("participant Waitlist", Participant.decide({ _tag: "Waitlist" }, p, enrolAt))
      let next = p
      for (const e of events) {
        next = Participant.evolve(next, e)
        tail.push(e)
      }
      people.set(id, next)
      waiting.push(id)
      c.waitlisted++
    }
    c.peakEnrolled = Math.max(c.peakEnrolled, group.enrolled)
  }
  // Each person's enrolment or waiting, then the group's enrolments: per stream one run.
  for (const [id, tail] of later) emit(Streams.participant(id), tail.splice(0))

  const decideLater = (id: string, command: Participant.Command, now: DateTime): Participant.State => {
    let p = people.get(id)!
    for (const e of must(`participant ${command._tag}`, Participant.decide(command, p, now))) {
      p = Participant.evolve(p, e)
      later.get(id)!.push(e)
    }
    people.set(id, p)
    return p
  }

  // Too few to start: cancelled with a reason, or (where the template allows it) started with a waiver.
  const waiver = group.enrolled < rules.minimum && rules.minimumWaiverAllowed && group.enrolled > 0
  if (group.enrolled === 0 || (group.enrolled < rules.minimum && !waiver)) {
    onGroup({ _tag: "Cancel", reason: "too few participants to start" }, enrolAt.plus({ days: 1 }))
    c.cancelled++
    for (const id of waiting) {
      decideLater(id, { _tag: "Decline", by: "organiser" }, enrolAt.plus({ days: 1 }))
      c.declined++
    }
    for (const [id, p] of people) {
      if (p.status === "enrolled") {
        decideLater(id, { _tag: "Withdraw" }, enrolAt.plus({ days: 1 }))
        c.withdrawn++
      }
    }
    emit(Streams.group(groupId), groupEvents.splice(0))
    for (const [id, tail] of later) emit(Streams.participant(id), tail.splice(0))
    return { groupId, region, organiserId, programmeId: t.id, language, capacity: rules.maximum, runs, personOf, personal, erasures: [], counts: c }
  }
  onGroup({ _tag: "MarkReady" }, enrolAt.plus({ days: 1 }))
  onGroup({ _tag: "Start", leaders: model.leaders, ...(waiver ? { waiverReason: "a small group accepted at the start" } : {}) }, start.minus({ minutes: 30 }))
  emit(Streams.group(groupId), groupEvents.splice(0))
  for (const id of waiting) {
    decideLater(id, { _tag: "Decline", by: rand() < 0.5 ? "person" : "organiser" }, start.plus({ days: 1 }))
    c.declined++
  }

  const threeX10D = t.instruments.some((i) => i._tag === "LifeSituation3X10D")
  const anonymousFeedback = t.instruments.some((i) => i._tag === "SessionFeedback")
  const finalFeedback = t.instruments.some((i) => i._tag === "FinalFeedback")
  const instrument: Outcome.Instrument = { id: "org-3x10d", version: "18+", items: Outcome.itemLabels.map((l) => `(the organisation's licensed item: ${l})`) }
  const outcomes = new Map<string, Array<Lifecycle.LifecycleEvent>>()
  const firstAnswers = new Map<string, ReadonlyArray<number>>()
  for (const [id, p] of people) {
    if (p.status !== "enrolled") continue
    let next = decideLater(id, { _tag: "StartAttending" }, start)
    if (next.consents.includes("messaging-group") && t.id === "online-parents-of-placed-youth") next = decideLater(id, { _tag: "JoinMessagingGroup" }, start.plus({ hours: 3 }))
    if (threeX10D) {
      const answers = Outcome.itemLabels.map(() => 2 + Math.floor(rand() * 6))
      outcomes.set(id, [must("outcome start", Outcome.record(next, instrument, "start", answers, start.plus({ minutes: 10 })))])
      firstAnswers.set(id, answers)
      c.measurements++
    }
  }

  // The sessions.
  const slots = must("slots", Schedule.slotsOf(t, { count: model.sessions, minutes: model.minutes }))
  const schedule = must("schedule", Schedule.plan({ start: startLocal.toISODate()!, time: "17:00", cadence: Schedule.weekly, slots }))
  const sessions = schedule.sessions
  const leaving = new Map<number, Array<{ id: string; ending: Group.Ending }>>()
  for (const id of people.keys()) {
    if (people.get(id)!.status !== "attending") continue
    const x = rand()
    const after = 1 + Math.floor(rand() * Math.max(1, sessions.length - 2))
    const ending: Group.Ending | null = x < rates.dropOut ? "dropped-out" : x < rates.dropOut + rates.withdraw ? "withdrawn" : null
    if (ending !== null) leaving.set(after, [...(leaving.get(after) ?? []), { id, ending }])
  }
  const groupTail: Array<Lifecycle.LifecycleEvent> = []
  for (const planned of sessions) {
    const sessionId = `${groupId}-s${planned.number}`
    const events: Array<Lifecycle.LifecycleEvent> = []
    let s = Session.initial
    const on = (command: Session.Command, now: DateTime) => {
      for (const e of must(`session ${command._tag}`, Session.decide(command, s, now))) {
        s = Session.evolve(s, e)
        events.push(e)
      }
    }
    const maxMinutes = Session.maxMinutesFor(t, planned.number) ?? planned.minutes
    on({ _tag: "Plan", sessionId, groupId, number: planned.number, modality: model.remote(planned.number) ? "remote" : "in-person", maxMinutes, ...(planned.title === null ? {} : { theme: planned.title }) }, start.minus({ weeks: 2 }))
    on({ _tag: "Schedule", start: planned.start, minutes: planned.minutes }, start.minus({ weeks: 2 }))
    // The members at the session's start: on this date nobody joins or leaves, so it is the date's roster too (`Group.rosterOn`).
    const roster = Group.rosterAt(group, planned.start)
    const attendance = roster.map((participantId) => {
      const x = rand()
      const status = x < rates.present ? ("present" as const) : x < rates.present + rates.excused ? ("excused" as const) : ("absent" as const)
      c[status]++
      return { participantId, status, minutes: null }
    })
    on({ _tag: "Hold", group, attendance }, planned.end)
    c.sessions++
    emit(Streams.session(sessionId), events)
    if (anonymousFeedback) {
      let box = Feedback.openBox(sessionId)
      for (const a of attendance) if (a.status === "present" && rand() < 0.7) box = must("feedback", Feedback.submit(box, { rating: 1 + Math.floor(rand() * 5) }))
      emit(Streams.feedback(sessionId), [Feedback.closeBox(box, utc(planned.end).plus({ days: 1 }))])
    }
    const ended = utc(planned.end)
    for (const { id, ending } of leaving.get(planned.number) ?? []) {
      const when = ended.plus({ days: 2 })
      decideLater(id, ending === "dropped-out" ? { _tag: "DropOut", reason: "the family's situation changed" } : { _tag: "Withdraw" }, when)
      onGroup({ _tag: "Leave", participantId: id, ending }, when, groupTail)
      if (ending === "dropped-out") c.droppedOut++
      else c.withdrawn++
    }
    if (planned.number === sessions.length - 1) onGroup({ _tag: "BeginClosing" }, ended.plus({ hours: 1 }), groupTail)
  }
  if (sessions.length === 1) onGroup({ _tag: "BeginClosing" }, utc(sessions[0]!.end).minus({ minutes: 5 }), groupTail)

  // Completion, the last measurements and feedback, the follow-up.
  const end = utc(sessions[sessions.length - 1]!.end)
  onGroup({ _tag: "Complete" }, end.plus({ hours: 1 }), groupTail)
  for (const [id, p] of people) {
    if (p.status !== "attending") continue
    if (finalFeedback) {
      const list = outcomes.get(id) ?? []
      list.push(must("final feedback", Feedback.recordFinalFeedback(groupId, id, "written", "(written feedback)", end)))
      list.push(must("final feedback", Feedback.recordFinalFeedback(groupId, id, "oral", "(oral feedback noted by the leaders)", end)))
      outcomes.set(id, list)
    }
    if (threeX10D) {
      const first = firstAnswers.get(id)!
      outcomes.get(id)!.push(must("outcome end", Outcome.record(p, instrument, "end", first.map((a) => Math.min(10, a + Math.floor(rand() * 4))), end)))
      c.measurements++
    }
    decideLater(id, { _tag: "Complete" }, end.plus({ hours: 1 }))
    c.completed++
  }
  if (t.followUp.length > 0 && t.id === "voikukkia") onGroup({ _tag: "HoldFollowUp" }, end.plus({ days: 30 }), groupTail)
  else onGroup({ _tag: "SkipFollowUp", reason: "no follow-up meeting in this model" }, end.plus({ days: 30 }), groupTail)

  // Consents withdrawn after the group (to reporting, or leaving the messaging group).
  for (const [id, p] of people) {
    if (p.status === "declined" || rand() >= rates.withdrawConsent) continue
    const at = end.plus({ days: 10 + Math.floor(rand() * 20) })
    // Accepted in every state: a withdrawal must always be possible, also after the group.
    const purpose = p.inMessagingGroup ? "messaging-group" : "reporting"
    decideLater(id, { _tag: "RecordConsent", record: { person: personOf.get(id)!, purpose, action: "withdraw", givenBy: "person", textVersion: `${YEAR}-01`, at, channel: "electronic-form" } }, at)
    c.consentsWithdrawn++
  }

  emit(Streams.group(groupId), groupTail)
  for (const [id, tail] of later) emit(Streams.participant(id), tail)
  for (const [id, list] of outcomes) emit(Streams.outcomes(id), list)
  const erasures = [...personOf.values()].filter(() => rand() < rates.erasure)
  return { groupId, region, organiserId, programmeId: t.id, language, capacity: rules.maximum, runs, personOf, personal, erasures, counts: c }
}

/** The groups of a national year as (region, group) pairs, in order; `instance` of `instances` takes every `instances`-th. */
export const groupsOf = (regions: number, perRegion: number, instance = 0, instances = 1): ReadonlyArray<readonly [number, number]> => {
  const out: Array<readonly [number, number]> = []
  let k = 0
  for (let r = 0; r < regions; r++) for (let g = 0; g < perRegion; g++) if (k++ % instances === instance) out.push([r, g])
  return out
}
