import { InMemoryEventStore, MasterKey } from "@vertaistuki/store"
import { Effect, Either, Layer, ManagedRuntime } from "effect"
import { afterAll, describe, expect, it } from "vitest"
import { Coordinator } from "../src/index.js"
import { analyst, at, coordinator, dpo, leaderOf, runner } from "./flow.js"
import { prepare, trainedLeaders } from "./setup.js"

const keyring = MasterKey.unsafeKeyring(MasterKey.generate())
const runtime = ManagedRuntime.make(Coordinator.layer.pipe(Layer.provide(InMemoryEventStore.layer({ keyring }))))
afterAll(() => runtime.dispose())
const { run } = runner(runtime, at("2026-02-01T09:00"))
const C = Coordinator.Coordinator
const fail = <A>(effect: Effect.Effect<A, Coordinator.CoordinatorError, Coordinator.Coordinator>) => run(Effect.flip(effect))

describe("Coordinator", () => {
  it("a plan using the VOIKUKKIA name without trained leaders is refused at its field, with the name to use instead", async () => {
    await run(Effect.flatMap(C, (c) => c.ensureOrganisation(coordinator, { organisationId: coordinator.organisationId, name: "Demo" })))
    const request: Coordinator.PlanGroupRequest = {
      programmeId: "voikukkia",
      name: "VOIKUKKIA-ryhmä Tampere kevät 2027",
      language: "fi",
      organisers: [{ kind: "municipality", name: "Tampere" }],
      leaders: [{ userId: "u-x", role: "professional", trainings: [] }]
    }
    const preview = await run(Effect.flatMap(C, (c) => c.previewPlan(coordinator, request)))
    expect(preview.valid).toBe(false)
    expect(preview.suggestedName).toBe("Vertaistukiryhmä huostaanotettujen ja sijoitettujen lasten vanhemmille, Tampere kevät 2027")
    const e = await fail(Effect.flatMap(C, (c) => c.planGroup(coordinator, request)))
    expect(e._tag).toBe("PlanProblems")
    if (e._tag === "PlanProblems") {
      const trademark = e.problems.find((p) => p.tag === "TrademarkRequiresTraining")
      expect(trademark?.path).toBe("name")
      expect(e.suggestedName).toBe(preview.suggestedName)
    }
    const missing = await fail(Effect.flatMap(C, (c) => c.planGroup(coordinator, { ...request, programmeId: "professionally-guided", name: "Ryhmä" })))
    expect(missing).toMatchObject({ _tag: "PlanProblems" })
    // The settings the template leaves open are asked for at their fields.
    if (missing._tag === "PlanProblems") expect(missing.problems.map((p) => p.path)).toContain("groupForm")
  })

  it("hostile ids (__proto__, very long, control characters, not a string) are typed errors naming the field; nothing is written", async () => {
    const hostile: ReadonlyArray<unknown> = ["__proto__", "x".repeat(10_000), "x".repeat(121), "g-1\u0000", "g\n1", "g\u202e1", "", 42, null, { toString: () => "g-1" }]
    for (const groupId of hostile) {
      const e = await fail(Effect.flatMap(C, (c) => c.group(coordinator, { groupId } as never)))
      expect(e).toMatchObject({ _tag: "InvalidRequest", field: "groupId" })
      const p = await fail(Effect.flatMap(C, (c) => c.participant(coordinator, { participantId: groupId } as never)))
      expect(p).toMatchObject({ _tag: "InvalidRequest", field: "participantId" })
    }
    const actor = await fail(Effect.flatMap(C, (c) => c.groups({ ...coordinator, userId: "__proto__" })))
    expect(actor).toMatchObject({ _tag: "InvalidRequest", field: "actor.userId" })
    const name = await fail(Effect.flatMap(C, (c) => c.ensureOrganisation(coordinator, { organisationId: coordinator.organisationId, name: "a\u001b[31mb" })))
    expect(name).toMatchObject({ _tag: "InvalidRequest", field: "name" })
    // An id of the right shape that names nothing is a 404, not a 500; `constructor` is an ordinary id.
    expect(await fail(Effect.flatMap(C, (c) => c.group(coordinator, { groupId: "constructor" })))).toMatchObject({ _tag: "NotFound", entity: "group" })
    expect(await fail(Effect.flatMap(C, (c) => c.group(coordinator, { groupId: "no-such-group" })))).toMatchObject({ _tag: "NotFound", entity: "group" })
    expect(await fail(Effect.flatMap(C, (c) => c.enrol(coordinator, { participantId: "no-such-person" })))).toMatchObject({ _tag: "NotFound", entity: "participant" })
    // A name too long (over 200 characters) is refused naming the field, and the error never repeats it.
    const tooLong = "Aino Mäkelä ".repeat(17)
    const e = await fail(Effect.flatMap(C, (c) => c.refer(coordinator, { groupId: "g", source: "self", modality: "in-person", contact: { name: tooLong, language: "fi" } })))
    expect(e).toMatchObject({ _tag: "InvalidRequest", field: "contact.name" })
    expect(JSON.stringify(e)).not.toContain("Aino Mäkelä")
  })

  it("a consent withdrawn is honoured at once: out of the messaging group, and the taking-part withdrawal frees the place", async () => {
    const groupId = "withdrawal"
    const { actor, ids } = await prepare(run, groupId, 9)
    for (const participantId of ids) await run(Effect.flatMap(C, (c) => c.enrol(actor, { participantId })), at("2026-03-02T12:00"))
    const [first, second] = ids
    await run(Effect.flatMap(C, (c) => c.joinMessagingGroup(actor, { participantId: first! })))
    const withdrawn = { action: "withdraw", givenBy: "person", channel: "phone", textVersion: "2026-01" } as const
    const out = await run(Effect.flatMap(C, (c) => c.recordConsent(actor, { participantId: first!, consent: { purpose: "messaging-group", ...withdrawn } })), at("2026-03-05T10:00"))
    expect(out.inMessagingGroup).toBe(false)
    expect(out.consents).not.toContain("messaging-group")
    const answer = await run(Effect.flatMap(C, (c) => c.consent(actor, { participantId: first!, purpose: "messaging-group", language: "fi" })), at("2026-03-05T10:00:01"))
    expect(answer).toMatchObject({ allowed: false, refusal: "Withdrawn", explanation: "Suostumus on peruttu 5.3.2026." })
    const rejoin = await fail(Effect.flatMap(C, (c) => c.joinMessagingGroup(actor, { participantId: first! })))
    expect(rejoin).toMatchObject({ _tag: "Refused", rule: "messaging-group-consent-before-joining" })
    // Telling the social worker was allowed a moment ago, and is not after the withdrawal.
    expect((await run(Effect.flatMap(C, (c) => c.consent(actor, { participantId: second!, purpose: "share-participation-with-social-worker" })))).allowed).toBe(true)
    await run(Effect.flatMap(C, (c) => c.recordConsent(actor, { participantId: second!, consent: { purpose: "share-participation-with-social-worker", ...withdrawn } })), at("2026-03-05T11:00"))
    expect((await run(Effect.flatMap(C, (c) => c.consent(actor, { participantId: second!, purpose: "share-participation-with-social-worker" })))).allowed).toBe(false)
    // Withdrawing the consent to take part ends the participation and frees the place for the waiting parent.
    const gone = await run(Effect.flatMap(C, (c) => c.recordConsent(actor, { participantId: second!, consent: { purpose: "taking-part", ...withdrawn } })), at("2026-03-06T10:00"))
    expect(gone.status).toBe("withdrawn")
    expect((await run(Effect.flatMap(C, (c) => c.group(actor, { groupId })))).enrolled).toBe(7)
    const waiting = ids[8]!
    expect(await run(Effect.flatMap(C, (c) => c.enrol(actor, { participantId: waiting })), at("2026-03-06T11:00"))).toMatchObject({ outcome: "enrolled", enrolled: 8 })
  })

  it("the analyst never sees person-level data: every person-level operation is refused and the refusal logged; aggregates hold no id", async () => {
    const groupId = "analyst-group"
    const { actor, ids } = await prepare(run, groupId, 3)
    for (const participantId of ids) await run(Effect.flatMap(C, (c) => c.enrol(actor, { participantId })), at("2026-03-02T12:00"))
    const participantId = ids[0]!
    const attempts: ReadonlyArray<readonly [string, Effect.Effect<unknown, Coordinator.CoordinatorError, Coordinator.Coordinator>]> = [
      ["roster", Effect.flatMap(C, (c) => c.roster(analyst, { groupId }))],
      ["waitlist", Effect.flatMap(C, (c) => c.waitlist(analyst, { groupId }))],
      ["participant", Effect.flatMap(C, (c) => c.participant(analyst, { participantId }))],
      ["consent", Effect.flatMap(C, (c) => c.consent(analyst, { participantId, purpose: "taking-part" }))],
      ["outcome", Effect.flatMap(C, (c) => c.outcome(analyst, { participantId }))],
      ["refer", Effect.flatMap(C, (c) => c.refer(analyst, { groupId, source: "self", modality: "in-person", contact: { name: "X", language: "fi" } }))],
      ["enrol", Effect.flatMap(C, (c) => c.enrol(analyst, { participantId }))],
      ["reminders", Effect.flatMap(C, (c) => c.reminders(analyst, { groupId }))],
      ["findPeople", Effect.flatMap(C, (c) => c.findPeople(analyst, { name: "Vanhempi" }))],
      ["exportPerson", Effect.flatMap(C, (c) => c.exportPerson(analyst, { participantId }))],
      ["erasePerson", Effect.flatMap(C, (c) => c.erasePerson(analyst, { participantId }))],
      ["accessLog", Effect.flatMap(C, (c) => c.accessLog(analyst, { participantId }))]
    ]
    for (const [name, attempt] of attempts) {
      const e = await fail(attempt)
      expect(e._tag, name).toBe("Forbidden")
    }
    const aggregates = await run(Effect.flatMap(C, (c) => c.aggregates(analyst, {})))
    expect(aggregates.enrolled).toBeGreaterThanOrEqual(3)
    const text = JSON.stringify(aggregates)
    for (const id of ids) expect(text).not.toContain(id)
    expect((await run(Effect.flatMap(C, (c) => c.groups(analyst)))).length).toBeGreaterThan(0)
    // Each refusal is in the refusal log, which the data-protection officer reads.
    const refusals = (await run(Effect.flatMap(C, (c) => c.refusals(dpo)))).filter((r) => r.userId === analyst.userId)
    expect(refusals.length).toBeGreaterThanOrEqual(attempts.length)
    expect(new Set(refusals.map((r) => r.rule))).toEqual(new Set(["aggregates-only"]))
    // The analyst's refused attempts read nothing of the person: they are not in the person's access log.
    const log = await run(Effect.flatMap(C, (c) => c.accessLog(dpo, { participantId })))
    expect(log.entries.some((e) => e.actor === analyst.userId && e.action !== "read")).toBe(false)
  })

  it("a group leader reaches only the groups they lead; the refusal is logged", async () => {
    const { actor } = await prepare(run, "led-a", 1)
    await prepare(run, "led-b", 1)
    const leader = leaderOf("led-a")
    expect((await run(Effect.flatMap(C, (c) => c.group(leader, { groupId: "led-a" })))).groupId).toBe("led-a")
    const e = await fail(Effect.flatMap(C, (c) => c.roster(leader, { groupId: "led-b" })))
    expect(e).toMatchObject({ _tag: "Forbidden", rule: "not-a-leader-of-the-group" })
    expect(await fail(Effect.flatMap(C, (c) => c.participant(leader, { participantId: "led-b-p1" })))).toMatchObject({ _tag: "Forbidden" })
    expect(await fail(Effect.flatMap(C, (c) => c.aggregates(leader, { groupId: "led-b" })))).toMatchObject({ _tag: "Forbidden" })
    expect(await fail(Effect.flatMap(C, (c) => c.recordAttendance(leader, { sessionId: "led-b-s1", attendance: [] })))).toMatchObject({ _tag: "Forbidden" })
    expect(await fail(Effect.flatMap(C, (c) => c.recordAttendance(leader, { sessionId: "led-a-s1", attendance: [] })))).toMatchObject({ _tag: "NotFound", entity: "session" })
    expect(await fail(Effect.flatMap(C, (c) => c.recordAttendance(leader, { sessionId: "nonsense", attendance: [] })))).toMatchObject({ _tag: "NotFound", entity: "session" })
    const again = await fail(
      Effect.flatMap(C, (c) =>
        c.planGroup(actor, { groupId: "led-a", programmeId: "voikukkia", name: "VOIKUKKIA-ryhmä", language: "fi", organisers: [{ kind: "municipality", name: "Tampere" }], leaders: trainedLeaders("led-a") })
      )
    )
    expect(again).toMatchObject({ _tag: "Refused", rule: "group-id-unique", field: "groupId" })
    const listed = (await run(Effect.flatMap(C, (c) => c.groups({ ...leader, groupsLed: [] })))).map((g) => g.groupId)
    expect(listed).toEqual(["led-a"])
    // The plan names the leader: that is enough, without groupsLed.
    expect((await run(Effect.flatMap(C, (c) => c.roster({ ...leader, groupsLed: [] }, { groupId: "led-a" })))).groupId).toBe("led-a")
    const refusals = await run(Effect.flatMap(C, (c) => c.refusals(dpo)))
    expect(refusals.some((r) => r.userId === leader.userId && r.groupId === "led-b" && r.rule === "not-a-leader-of-the-group")).toBe(true)
    // Another organisation's coordinator is refused too.
    expect(await fail(Effect.flatMap(C, (c) => c.group({ ...actor, organisationId: "org-other" }, { groupId: "led-a" })))).toMatchObject({ _tag: "Forbidden", rule: "other-organisation" })
  })

  it("a minor's consents: the guardian's counts for a child who does not understand; the child's own no wins over the guardian's yes", async () => {
    await run(Effect.flatMap(C, (c) => c.ensureOrganisation(coordinator, { organisationId: coordinator.organisationId, name: "Demo" })))
    const groupId = "usm-minor"
    await run(
      Effect.flatMap(C, (c) =>
        c.planGroup(coordinator, {
          groupId,
          programmeId: "usm-children",
          name: "USM-gruppen Vasa",
          language: "sv",
          organisers: [{ kind: "ngo", name: "Förening" }],
          leaders: [{ userId: "u-ebba", role: "professional", trainings: [] }],
          minimum: 2,
          maximum: 5,
          sessionCount: 4,
          defaultMinutes: 60,
          groupForm: "closed"
        })
      ),
      at("2026-02-02T09:00")
    )
    await run(Effect.flatMap(C, (c) => c.openRecruitment(coordinator, { groupId })))
    const child = { dateOfBirth: "2016-04-12", understandsOwnData: false }
    const grant = (givenBy: "guardian" | "person" | "minor-own-view", action: "grant" | "refuse" = "grant") =>
      ({ purpose: "taking-part", action, givenBy, channel: "in-person", textVersion: "2026-01" }) as const
    const intake = (participantId: string, consents: ReadonlyArray<Coordinator.ConsentInput>, subject = child) =>
      Effect.flatMap(C, (c) =>
        Effect.zipRight(
          c.refer(coordinator, { groupId, participantId, source: "social-worker", modality: "in-person", contact: { name: "Barn", language: "sv" } }),
          c.intake(coordinator, { participantId, intakeAt: at("2026-02-10T10:00"), modality: "in-person", technologyRehearsed: false, subject, consents })
        )
      )
    // The guardian consents for the child: taking part is in force, and the child may be enrolled.
    expect((await run(intake("minor-1", [grant("guardian")]), at("2026-02-10T11:00"))).consents).toEqual(["taking-part"])
    expect(await run(Effect.flatMap(C, (c) => c.enrol(coordinator, { participantId: "minor-1" })))).toMatchObject({ outcome: "enrolled" })
    // The child's own consent does not count for a child who does not understand; the guardian's is needed.
    expect((await run(intake("minor-2", [grant("person")]), at("2026-02-10T11:00"))).consents).toEqual([])
    expect(await fail(Effect.flatMap(C, (c) => c.enrol(coordinator, { participantId: "minor-2" })))).toMatchObject({ _tag: "Refused", rule: "taking-part-consent-before-enrolment" })
    // The child's own no (minor-own-view) wins over the guardian's yes.
    expect((await run(intake("minor-3", [grant("guardian"), grant("minor-own-view", "refuse")]), at("2026-02-10T11:00"))).consents).toEqual([])
    const answer = await run(Effect.flatMap(C, (c) => c.consent(coordinator, { participantId: "minor-3", purpose: "taking-part", subject: child, language: "sv" })))
    expect(answer).toMatchObject({ allowed: false, refusal: "MinorForbids" })
  })

  it("eligibility is explained in the family's language; an ineligible decision is recorded and ends the journey", async () => {
    const groupId = "eligibility"
    const { actor, ids } = await prepare(run, groupId, 2)
    const swedish = await run(Effect.flatMap(C, (c) => c.eligibility(actor, { participantId: ids[0]!, facts: { role: "parent", childSituation: "custody" }, language: "sv" })))
    expect(swedish).toMatchObject({ outcome: "undetermined", recorded: false, language: "sv" })
    expect(swedish.questions.length).toBeGreaterThan(0)
    const no = await run(Effect.flatMap(C, (c) => c.eligibility(actor, { participantId: ids[1]!, facts: { role: "child" } })))
    expect(no).toMatchObject({ outcome: "ineligible", recorded: true, language: "fi" })
    expect((await run(Effect.flatMap(C, (c) => c.participant(actor, { participantId: ids[1]! })))).status).toBe("ineligible")
    expect(await fail(Effect.flatMap(C, (c) => c.enrol(actor, { participantId: ids[1]! })))).toMatchObject({ _tag: "Refused" })
    await run(Effect.flatMap(C, (c) => c.enrol(actor, { participantId: ids[0]! })))
    // Once enrolled, a later decision is explained but not recorded.
    expect(await run(Effect.flatMap(C, (c) => c.eligibility(actor, { participantId: ids[0]!, facts: { role: "child" } })))).toMatchObject({ outcome: "ineligible", recorded: false })
  })

  it("closing then completing, and starting a ready group, skip the steps already taken", async () => {
    const groupId = "closing"
    const { actor, ids } = await prepare(run, groupId, 4)
    for (const participantId of ids) await run(Effect.flatMap(C, (c) => c.enrol(actor, { participantId })), at("2026-03-02T12:00"))
    await run(Effect.flatMap(C, (c) => c.schedule(actor, { groupId, start: "2026-04-02", time: "17:00", cadence: "weekly" })), at("2026-03-03T12:00"))
    await run(Effect.flatMap(C, (c) => c.startGroup(actor, { groupId })), at("2026-04-02T16:00"))
    await run(Effect.flatMap(C, (c) => c.beginClosing(actor, { groupId })), at("2026-06-01T16:00"))
    const done = await run(Effect.flatMap(C, (c) => c.completeGroup(actor, { groupId })), at("2026-06-05T16:00"))
    expect(done.status).toBe("completed")
    const again = await run(Effect.either(Effect.flatMap(C, (c) => c.completeGroup(actor, { groupId }))))
    expect(Either.isLeft(again) && again.left._tag).toBe("Refused")
  })
})
