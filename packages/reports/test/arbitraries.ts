import fc from "fast-check"
import type * as Facts from "../src/Facts.js"
import { granted } from "./consents.js"

const regions = ["Kainuu", "Pirkanmaa", "Uusimaa", null] as const
const programmes = ["voikukkia", "usm-children", "online-parents"] as const
const day = (d: number) => new Date(Date.UTC(2026, 0, 1) + d * 86_400_000).toISOString()

const answers = fc.array(fc.integer({ min: 0, max: 10 }), { minLength: 10, maxLength: 10 })

const participant = (groupId: string, i: number, start: number) =>
  fc
    .record({
      path: fc.constantFrom("pending", "ineligible", "declined", "waiting", "in-group", "completed", "withdrawn", "dropped-out"),
      waited: fc.boolean(),
      consent: fc.constantFrom("held", "held", "held", "withdrawn", "never"),
      start: fc.option(answers, { freq: 3 }),
      end: fc.option(answers, { freq: 2 })
    })
    .map((x): Facts.ParticipantFacts => {
      const enrolled = ["in-group", "completed", "withdrawn", "dropped-out"].includes(x.path)
      return {
        participantId: `${groupId}-p${i}`,
        groupId,
        referredAt: day(start - 20),
        eligibleAt: x.path === "pending" || x.path === "ineligible" ? null : day(start - 15),
        ineligibleAt: x.path === "ineligible" ? day(start - 15) : null,
        declinedAt: x.path === "declined" ? day(start - 10) : null,
        enrolledAt: enrolled ? day(start - 5) : null,
        waitlistedAt: x.waited || x.path === "waiting" ? day(start - 14) : null,
        waitlistEndedAt: x.path === "waiting" ? null : x.waited ? day(start - 5) : null,
        ending: x.path === "completed" || x.path === "withdrawn" || x.path === "dropped-out" ? x.path : null,
        endedAt: x.path === "completed" || x.path === "withdrawn" || x.path === "dropped-out" ? day(start + 60) : null,
        measurements: enrolled
          ? [
              ...(x.start === null ? [] : [{ phase: "start" as const, at: day(start), answers: x.start }]),
              ...(x.end === null || x.start === null ? [] : [{ phase: "end" as const, at: day(start + 60), answers: x.end }])
            ]
          : [],
        consents: x.consent === "never" ? [] : granted(day(start - 20), x.consent === "withdrawn" ? day(start + 10) : null)
      }
    })

const group = (g: number) =>
  fc
    .record({
      region: fc.constantFrom(...regions),
      programme: fc.constantFrom(...programmes),
      start: fc.integer({ min: 0, max: 300 }),
      status: fc.constantFrom("planned", "running", "completed", "completed", "cancelled"),
      people: fc.integer({ min: 0, max: 12 }),
      responses: fc.array(fc.option(fc.integer({ min: 0, max: 8 })), { minLength: 0, maxLength: 6 })
    })
    .chain((x) =>
      fc.array(fc.constant(null), { minLength: x.people, maxLength: x.people }).chain((slots) =>
        fc.tuple(...slots.map((_, i) => participant(`g${g}`, i, x.start))).chain((people) =>
          fc
            .array(fc.array(fc.constantFrom("present", "present", "excused", "absent"), { minLength: people.length, maxLength: people.length }), {
              minLength: x.responses.length,
              maxLength: x.responses.length
            })
            .map((marks) => {
              const enrolled = people.filter((p) => p.enrolledAt !== null)
              const groupFacts: Facts.GroupFacts = {
                groupId: `g${g}`,
                programmeId: x.programme,
                organiserId: "org-1",
                region: x.region,
                language: "fi",
                plannedAt: day(x.start - 30),
                startedAt: x.status === "planned" || (x.status === "cancelled" && x.people % 2 === 0) ? null : day(x.start),
                completedAt: x.status === "completed" ? day(x.start + 60) : null,
                cancelledAt: x.status === "cancelled" ? day(x.start + 1) : null,
                cancellation: x.status === "cancelled" ? (x.people % 3 === 0 ? "too-few-participants" : "other") : null,
                sessions: x.responses.map((r, s) => ({
                  sessionId: `g${g}-s${s + 1}`,
                  number: s + 1,
                  date: x.status === "planned" ? null : day(x.start + 7 * s).slice(0, 10),
                  present: enrolled.filter((_, i) => marks[s]![i] === "present").map((p) => p.participantId),
                  excused: enrolled.filter((_, i) => marks[s]![i] === "excused").map((p) => p.participantId),
                  absent: enrolled.filter((_, i) => marks[s]![i] === "absent").map((p) => p.participantId),
                  anonymousResponses: r
                }))
              }
              return { group: groupFacts, people }
            })
        )
      )
    )

/** A population of 1–14 groups in 2026 with their people. */
export const population = fc.integer({ min: 1, max: 14 }).chain((n) =>
  fc.tuple(...Array.from({ length: n }, (_, g) => group(g))).map(
    (gs): Facts.Facts => ({ groups: gs.map((x) => x.group), participants: gs.flatMap((x) => x.people) })
  )
)
