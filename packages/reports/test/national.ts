import type * as Facts from "../src/Facts.js"
import { granted } from "./consents.js"

/** The 22 welfare regions, Helsinki and HUS-area regions counted as one each. */
export const regions = [
  "Helsinki", "Itä-Uusimaa", "Keski-Uusimaa", "Länsi-Uusimaa", "Vantaa-Kerava", "Varsinais-Suomi", "Satakunta", "Kanta-Häme",
  "Pirkanmaa", "Päijät-Häme", "Kymenlaakso", "Etelä-Karjala", "Etelä-Savo", "Pohjois-Savo", "Pohjois-Karjala", "Keski-Suomi",
  "Etelä-Pohjanmaa", "Pohjanmaa", "Keski-Pohjanmaa", "Pohjois-Pohjanmaa", "Kainuu", "Lappi"
] as const

const programmes = ["voikukkia", "online-parents", "professional", "experience-experts", "usm-children"] as const

/**
 * A year of groups across the country, the same for the same seed: `groupsPerRegion` groups in
 * each region, about `people` people in each, ten sessions, 3X10D at the start and (mostly) the end.
 */
export const national = (options: { readonly groupsPerRegion: number; readonly people: number; readonly seed?: number }): Facts.Facts => {
  let a = options.seed ?? 1
  const rand = () => {
    a = (a + 0x6d2b79f5) | 0
    let t = Math.imul(a ^ (a >>> 15), 1 | a)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  const int = (n: number) => Math.floor(rand() * n)
  const day = (d: number, hour = 15) => new Date(Date.UTC(2026, 0, 1, hour) + d * 86_400_000).toISOString()
  const clamp = (x: number) => Math.max(0, Math.min(10, x))
  const groups: Array<Facts.GroupFacts> = []
  const participants: Array<Facts.ParticipantFacts> = []
  for (const region of regions) {
    for (let g = 0; g < options.groupsPerRegion; g++) {
      const groupId = `${region}-${g}`
      const start = int(300)
      const fate = rand()
      const cancelled = fate < 0.06
      const started = !cancelled && fate < 0.95
      const completed = started && start < 280
      const n = Math.max(1, options.people - 3 + int(7))
      const people: Array<Facts.ParticipantFacts> = []
      for (let i = 0; i < n; i++) {
        const r = rand()
        const path = r < 0.05 ? "ineligible" : r < 0.1 ? "declined" : r < 0.13 ? "pending" : "enrolled"
        const enrolled = path === "enrolled" && started
        const e = rand()
        const ending = !enrolled ? null : e < 0.08 ? "withdrawn" : e < 0.15 ? "dropped-out" : completed ? "completed" : null
        const startAnswers = Array.from({ length: 10 }, () => int(11))
        const endAnswers = startAnswers.map((x) => clamp(x + int(5) - 1))
        const waited = rand() < 0.3
        const consent = rand()
        people.push({
          participantId: `${groupId}-p${i}`,
          groupId,
          referredAt: day(start - 40),
          eligibleAt: path === "ineligible" || path === "pending" ? null : day(start - 30),
          ineligibleAt: path === "ineligible" ? day(start - 30) : null,
          declinedAt: path === "declined" ? day(start - 20) : null,
          enrolledAt: enrolled ? day(start - 7) : null,
          waitlistedAt: waited ? day(start - 30 - int(60)) : null,
          waitlistEndedAt: waited ? day(start - 7) : null,
          ending,
          endedAt: ending === null ? null : day(start + (ending === "completed" ? 70 : 20 + int(30))),
          measurements: enrolled
            ? [
                { phase: "start", at: day(start), answers: startAnswers },
                ...(ending === "completed" && rand() < 0.85 ? [{ phase: "end" as const, at: day(start + 70), answers: endAnswers }] : [])
              ]
            : [],
          consents: consent < 0.04 ? [] : granted(day(start - 40), consent < 0.07 ? day(start + 30) : null)
        })
      }
      const members = people.filter((p) => p.enrolledAt !== null)
      groups.push({
        groupId,
        programmeId: programmes[int(programmes.length)]!,
        organiserId: `${region}-org-${int(3)}`,
        region,
        language: rand() < 0.9 ? "fi" : "sv",
        plannedAt: day(start - 60),
        startedAt: started ? day(start) : null,
        completedAt: completed ? day(start + 70) : null,
        cancelledAt: cancelled ? day(start - 5) : null,
        cancellation: cancelled ? (rand() < 0.6 ? "too-few-participants" : "leaders-unavailable") : null,
        sessions: started
          ? Array.from({ length: 10 }, (_, s) => {
              const marks = members.map(() => rand())
              return {
                sessionId: `${groupId}-s${s + 1}`,
                number: s + 1,
                date: day(start + 7 * s).slice(0, 10),
                present: members.filter((_, i) => marks[i]! < 0.8).map((p) => p.participantId),
                excused: members.filter((_, i) => marks[i]! >= 0.8 && marks[i]! < 0.93).map((p) => p.participantId),
                absent: members.filter((_, i) => marks[i]! >= 0.93).map((p) => p.participantId),
                anonymousResponses: s === 9 || s === 4 ? int(members.length + 1) : null
              }
            })
          : []
      })
      participants.push(...people)
    }
  }
  return { groups, participants }
}
