/**
 * One VOIKUKKIA® group from referral to completion, in memory: intake, consents, enrolment, a
 * waitlisted parent, ten sessions skipping a holiday, attendance, one withdrawal, anonymous feedback
 * and the 3X10D change per item.
 */
import { Catalogue, type Consent, Feedback, Group, Lifecycle, Outcome, Participant, Schedule, Session } from "@vertaistuki/core"
import { Either, Schema } from "effect"
import { DateTime } from "luxon"
import type { Story } from "../Story.js"
import { say } from "../Print.js"

const at = (iso: string) => DateTime.fromISO(iso, { zone: Schedule.zone })
const day = (d: DateTime) => d.setZone(Schedule.zone).setLocale("en").toFormat("ccc d LLL yyyy HH:mm")

export const lifecycle = (story: Story): void => {
  const log = story.events
  const apply = <S, C, E extends Lifecycle.LifecycleEvent, Err>(
    decide: (c: C, s: S, now: DateTime) => Either.Either<ReadonlyArray<E>, Err>,
    evolve: (s: S, e: E) => S
  ) => (s: S, c: C, now: DateTime): Either.Either<S, Err> =>
    Either.map(decide(c, s, now), (events) => {
      let next = s
      for (const e of events) {
        log.push(e)
        next = evolve(next, e)
      }
      return next
    })
  const onGroup = apply(Group.decide, Group.evolve)
  const onPerson = apply(Participant.decide, Participant.evolve)
  const onSession = apply(Session.decide, Session.evolve)
  const must = <A, E>(r: Either.Either<A, E>): A => {
    if (Either.isLeft(r)) throw new Error(`refused: ${JSON.stringify(r.left)}`)
    return r.right
  }

  const template = Catalogue.voikukkia
  const rules = must(Group.rulesFromTemplate(template))
  let group = must(onGroup(Group.initial, { _tag: "Plan", groupId: "tampere-2026-1", rules, usesProtectedName: true }, at("2026-02-02T09:00")))
  group = must(onGroup(group, { _tag: "OpenRecruitment" }, at("2026-02-02T09:05")))
  say(`A ${template.name.en} is planned in Tampere: ${rules.minimum}–${rules.maximum} parents; the name VOIKUKKIA needs the ${rules.protectedName?.training} training.`)

  // Referral, contact details, intake and consents for nine parents.
  const consentRecords = (person: string, purposes: ReadonlyArray<Consent.ConsentRecord["purpose"]>, when: DateTime): Participant.ConsentEvidence => ({
    subject: { id: person },
    records: purposes.map((purpose) => ({ person, purpose, action: "grant", givenBy: "person", textVersion: "2026-01", at: when, channel: "in-person" }) as const)
  })
  const sources: ReadonlyArray<Participant.ReferralSource> = ["social-worker", "institution", "self", "social-worker", "health-professional", "institution", "self", "social-worker", "social-worker"]
  const people = new Map<string, Participant.State>()
  sources.forEach((source, i) => {
    const id = `parent-${i + 1}`
    const person = `person-${i + 1}`
    const referred = at("2026-02-03T10:00").plus({ days: i })
    let p = must(onPerson(Participant.initial, { _tag: "Refer", participantId: id, personId: person, groupId: group.plan!.groupId, source, modality: "in-person" }, referred))
    if (source === "institution") {
      const refused = Participant.decide({ _tag: "ReceiveContactDetails" }, p, referred)
      if (i === 1 && Either.isLeft(refused)) say(`${id} (referred by an institution): contact details refused until the parent consents to their disclosure — ${refused.left._tag}.`)
      p = must(onPerson(p, { _tag: "ReceiveContactDetails", consents: consentRecords(person, ["contact-disclosure"], referred.minus({ hours: 1 })) }, referred.plus({ hours: 2 })))
    } else p = must(onPerson(p, { _tag: "ReceiveContactDetails" }, referred.plus({ hours: 2 })))
    const intake = referred.plus({ days: 7 })
    p = must(onPerson(p, { _tag: "ScheduleIntake", intakeAt: intake, modality: "in-person" }, referred.plus({ hours: 3 })))
    p = must(onPerson(p, { _tag: "HoldIntake", technologyRehearsed: false }, intake.plus({ hours: 1 })))
    const purposes: Array<Consent.ConsentRecord["purpose"]> = ["taking-part", "evaluation-questionnaire", "reporting"]
    if (i !== 2) purposes.push("messaging-group")
    // Each record is kept in the stream as it is given; RecordConsents derives the journey's facts from the same records.
    const given = consentRecords(person, purposes, intake.plus({ minutes: 50 }))
    for (const record of given.records) p = must(onPerson(p, { _tag: "RecordConsent", record }, intake.plus({ minutes: 50 })))
    p = must(onPerson(p, { _tag: "RecordConsents", consents: given }, intake.plus({ hours: 1 })))
    people.set(id, p)
  })
  say(`Nine parents referred (${sources.join(", ")}); each had the preliminary meeting and gave consents (to taking part, the 3X10D questionnaires and reporting; eight to the messaging group).`)

  // Enrolment: eight places, the ninth parent waits.
  for (const [id, p] of people) {
    const when = at("2026-03-02T12:00")
    const placed = onGroup(group, { _tag: "Enrol", participant: p }, when)
    if (Either.isRight(placed)) {
      group = placed.right
      people.set(id, must(onPerson(p, { _tag: "Enrol" }, when)))
    } else {
      say(`${id}: ${placed.left.message} → waitlisted.`)
      people.set(id, must(onPerson(p, { _tag: "Waitlist" }, when)))
    }
  }
  for (const [id, p] of people) {
    if (p.status !== "enrolled") continue
    const joined = onPerson(p, { _tag: "JoinMessagingGroup" }, at("2026-03-03T09:00"))
    if (Either.isRight(joined)) people.set(id, joined.right)
    else say(`${id} is not added to the messaging group: ${joined.left.message}.`)
  }
  say(`${group.enrolled} enrolled, ${[...people.values()].filter((p) => p.inMessagingGroup).length} in the messaging group.`)

  // Schedule: ten Thursdays at 17.00 from 2 April 2026, skipping Ascension Day.
  const slots = must(Schedule.slotsOf(template))
  const schedule = must(Schedule.plan({ start: "2026-04-02", time: "17:00", cadence: Schedule.weekly, slots }))
  for (const k of Schedule.skipped(schedule)) say(`The schedule skips ${k.date} (${k.name}, ${k.reason}).`)

  const leaders: ReadonlyArray<Group.Leader> = [
    { leaderId: "leader-a", role: "professional", trainings: ["voikukkia-leader"] },
    { leaderId: "leader-b", role: "professional", trainings: ["voikukkia-leader"] },
    { leaderId: "leader-c", role: "peer-leader", trainings: ["voikukkia-peer-leader"] }
  ]
  group = must(onGroup(group, { _tag: "MarkReady" }, at("2026-03-30T09:00")))
  group = must(onGroup(group, { _tag: "Start", leaders }, at("2026-04-02T16:30")))
  say(`The group starts on ${day(schedule.sessions[0]!.start)} with two trained professionals and a peer leader.`)

  // 3X10D at the start.
  const instrument: Outcome.Instrument = { id: "org-3x10d-adult", version: "18+", items: Outcome.itemLabels.map((l) => `(the organisation's licensed item text: ${l})`) }
  const starts = new Map<string, Outcome.Answers>()
  let seed = 7
  const rand = () => (seed = (seed * 48271) % 2147483647) / 2147483647
  for (const [id, p] of people) {
    if (p.status !== "enrolled") continue
    const answers = Outcome.itemLabels.map(() => 2 + Math.floor(rand() * 5))
    const e = must(Outcome.record(p, instrument, "start", answers, at("2026-04-02T17:10")))
    log.push(e)
    starts.set(id, answers)
    people.set(id, must(onPerson(p, { _tag: "StartAttending" }, at("2026-04-02T17:00"))))
  }

  // The ten sessions.
  const withdrawer = "parent-4"
  for (const planned of schedule.sessions) {
    const sessionId = `tampere-2026-1-s${planned.number}`
    const maxMinutes = Session.maxMinutesFor(template, planned.number) ?? planned.minutes
    const plan: Session.Command = { _tag: "Plan", sessionId, groupId: group.plan!.groupId, number: planned.number, modality: "in-person", maxMinutes, ...(planned.title === null ? {} : { theme: planned.title }) }
    let s = must(onSession(Session.initial, plan, at("2026-03-30T09:00")))
    s = must(onSession(s, { _tag: "Schedule", start: planned.start, minutes: planned.minutes }, at("2026-03-30T09:00")))
    const roster = Group.rosterOn(group, planned.start.toISODate()!)
    const attendance = roster.map((participantId, i) => ({ participantId, status: (i + planned.number) % 7 === 0 ? ("excused" as const) : ("present" as const), minutes: null }))
    const guests: ReadonlyArray<Session.Guest> = planned.number === 6 ? [{ guestId: "visiting-expert-1", role: "visiting-expert", feeCents: 15000 }] : []
    const travelClaims: ReadonlyArray<Session.TravelClaim> = [{ personId: attendance.find((a) => a.status === "present")!.participantId, cents: 1260, minor: false, escortId: null }]
    s = must(onSession(s, { _tag: "Hold", group, attendance, guests, travelClaims }, planned.end))
    const present = attendance.filter((a) => a.status === "present").length

    let box = Feedback.openBox(sessionId)
    for (let k = 0; k < present - 2; k++) box = must(Feedback.submit(box, { rating: 3 + ((k + planned.number) % 3) }))
    const batch = Feedback.closeBox(box, planned.end.plus({ days: 1 }))
    log.push(batch)
    const responses = batch._tag === "AnonymousFeedbackBatchClosed" ? batch.responses.length : 0
    say(`Session ${planned.number} ${day(planned.start)}: ${present}/${roster.length} present${guests.length > 0 ? ", a visiting expert" : ""}; ${responses} anonymous responses.`)

    if (planned.number === 3) {
      const p = people.get(withdrawer)!
      people.set(withdrawer, must(onPerson(p, { _tag: "Withdraw" }, planned.end.plus({ days: 2 }))))
      group = must(onGroup(group, { _tag: "Leave", participantId: withdrawer, ending: "withdrawn" }, planned.end.plus({ days: 2 })))
      say(`${withdrawer} withdraws (no reason asked). Later rosters no longer include them; earlier ones still do.`)
    }
    if (planned.number === 9) group = must(onGroup(group, { _tag: "BeginClosing" }, planned.end.plus({ hours: 1 })))
    if (planned.number === 10) {
      for (const [id, p] of people) {
        if (p.status !== "attending") continue
        log.push(must(Feedback.recordFinalFeedback(group.plan!.groupId, id, "written", "(written feedback)", planned.end)))
        log.push(must(Feedback.recordFinalFeedback(group.plan!.groupId, id, "oral", "(oral feedback noted by the leaders)", planned.end)))
      }
    }
  }
  const second = schedule.sessions[1]!.start.toISODate()!
  const fifth = schedule.sessions[4]!.start.toISODate()!
  say(`Roster on ${second}: ${Group.rosterOn(group, second).length} parents; on ${fifth}: ${Group.rosterOn(group, fifth).length}.`)

  // Completion, 3X10D at the end and the change per item.
  const end = schedule.sessions[9]!.end
  group = must(onGroup(group, { _tag: "Complete" }, end.plus({ hours: 1 })))
  const ends = new Map<string, Outcome.Answers>()
  for (const [id, p] of people) {
    if (p.status !== "attending") continue
    const first = starts.get(id)!
    const answers = first.map((a) => Math.min(10, a + Math.floor(rand() * 4)))
    log.push(must(Outcome.record(p, instrument, "end", answers, end)))
    ends.set(id, answers)
    people.set(id, must(onPerson(p, { _tag: "Complete" }, end.plus({ hours: 1 }))))
  }
  const waiting = people.get("parent-9")!
  people.set("parent-9", must(onPerson(waiting, { _tag: "Decline", by: "person" }, end.plus({ days: 3 }))))
  group = must(onGroup(group, { _tag: "HoldFollowUp" }, end.plus({ days: 30 })))

  const counts = new Map<string, number>()
  for (const p of people.values()) counts.set(p.status, (counts.get(p.status) ?? 0) + 1)
  say(`The group is ${group.status}; participants: ${[...counts].map(([k, v]) => `${v} ${k}`).join(", ")}.`)

  const who = "parent-1"
  console.log(`\n  3X10D of ${who}, start → end (no total score; item 10 is life as a whole):`)
  for (const c of Outcome.changePerItem(starts.get(who)!, ends.get(who)!)) {
    console.log(`    ${String(c.item).padStart(2)} ${c.label.padEnd(28)} ${String(c.start).padStart(2)} → ${String(c.end).padStart(2)}  ${c.change >= 0 ? "+" : ""}${c.change}  (${c.endBand})`)
  }

  const encoded = JSON.stringify(Schema.encodeSync(Schema.Array(Lifecycle.LifecycleEvent))(log))
  const decoded = Schema.decodeUnknownSync(Schema.Array(Lifecycle.LifecycleEvent))(JSON.parse(encoded))
  console.log(`\n  ${log.length} events recorded (${Math.round(encoded.length / 1024)} KiB as JSON) and decoded back: ${decoded.length === log.length ? "ok" : "MISMATCH"}.`)
}
