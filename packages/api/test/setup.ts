/** A VOIKUKKIA group (capacity 8) recruiting, with `people` referred, interviewed and consenting. */
import { Effect } from "effect"
import { Coordinator } from "../src/index.js"
import { at, coordinator, organisationId, type Run } from "./flow.js"

const C = Coordinator.Coordinator

export const trainedLeaders = (groupId: string): ReadonlyArray<Coordinator.PlannedLeader> => [
  { userId: `u-leader-${groupId}`, role: "professional", trainings: ["voikukkia-leader"] },
  { userId: `u-${groupId}-2`, role: "professional", trainings: ["voikukkia-leader"] },
  { userId: `u-${groupId}-3`, role: "peer-leader", trainings: ["voikukkia-peer-leader"] }
]

export const prepare = async (run: Run, groupId: string, people: number, options: { readonly organisation?: string } = {}) => {
  const org = options.organisation ?? organisationId
  const actor = { ...coordinator, organisationId: org }
  await run(Effect.flatMap(C, (c) => c.ensureOrganisation(actor, { organisationId: org, name: "Demo" })), at("2026-02-01T09:00"))
  await run(
    Effect.flatMap(C, (c) =>
      c.planGroup(actor, { groupId, programmeId: "voikukkia", name: "VOIKUKKIA-ryhmä Tampere", language: "fi", organisers: [{ kind: "municipality", name: "Tampere" }], leaders: trainedLeaders(groupId) })
    ),
    at("2026-02-02T09:00")
  )
  await run(Effect.flatMap(C, (c) => c.openRecruitment(actor, { groupId })))
  const ids: Array<string> = []
  for (let i = 0; i < people; i++) {
    const participantId = `${groupId}-p${i + 1}`
    await run(
      Effect.flatMap(C, (c) =>
        c.refer(actor, { groupId, participantId, source: "self", modality: "in-person", contact: { name: `Vanhempi ${i + 1}`, language: "fi" } })
      ),
      at("2026-02-03T10:00")
    )
    await run(
      Effect.flatMap(C, (c) =>
        c.intake(actor, {
          participantId,
          intakeAt: at("2026-02-10T10:00"),
          modality: "in-person",
          technologyRehearsed: false,
          consents: (["taking-part", "messaging-group", "share-participation-with-social-worker"] as const).map((purpose) => ({ purpose, action: "grant", givenBy: "person", channel: "in-person", textVersion: "2026-01" }) as const)
        })
      ),
      at("2026-02-10T11:00")
    )
    ids.push(participantId)
  }
  return { actor, ids }
}
