import { Effect, Either } from "effect"
import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { type AccessLog, Attendance, EventStore, GroupRoster, PersonalDataVault, Projection, type StoreDriver, Waitlist } from "../src/index.js"
import { memory } from "./helpers.js"

const worker = { actor: "w", purpose: "test", legalBasis: "test" }

/** Keys of `Object.prototype` and other names a plain-object lookup would find. */
const hostile = [
  "__proto__",
  "constructor",
  "toString",
  "prototype",
  "valueOf",
  "hasOwnProperty",
  "isPrototypeOf",
  "propertyIsEnumerable",
  "toLocaleString",
  "__defineGetter__",
  "__lookupSetter__"
] as const

const ID = /^[A-Za-z0-9$][A-Za-z0-9._:@$/-]{0,199}$/

const anyId = fc.oneof(
  fc.constantFrom(...hostile),
  fc.constantFrom("g1", "p1", "p2", "s1"),
  fc.stringMatching(/^[A-Za-z0-9$_][A-Za-z0-9._:@$/ -]{0,8}$/),
  fc.string({ maxLength: 6 })
)

const day = (n: number) => new Date(Date.UTC(2026, 0, 1) + n * 86_400_000).toISOString()

type Op =
  | { readonly op: "enrol"; readonly groupId: string; readonly participantId: string; readonly personId: string }
  | { readonly op: "withdraw"; readonly participantId: string }
  | { readonly op: "waitlist"; readonly groupId: string; readonly participantId: string }
  | { readonly op: "decline"; readonly participantId: string }
  | { readonly op: "held"; readonly sessionId: string; readonly rows: ReadonlyArray<{ readonly participantId: string; readonly status: "present" | "excused" | "absent" }> }
  | { readonly op: "erase"; readonly personId: string }

const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ op: fc.constant("enrol" as const), groupId: anyId, participantId: anyId, personId: anyId }),
  fc.record({ op: fc.constant("withdraw" as const), participantId: anyId }),
  fc.record({ op: fc.constant("waitlist" as const), groupId: anyId, participantId: anyId }),
  fc.record({ op: fc.constant("decline" as const), participantId: anyId }),
  fc.record({
    op: fc.constant("held" as const),
    sessionId: anyId,
    rows: fc.array(fc.record({ participantId: anyId, status: fc.constantFrom("present" as const, "excused" as const, "absent" as const) }), { maxLength: 3 })
  }),
  fc.record({ op: fc.constant("erase" as const), personId: anyId })
)

/** The event an operation appends on day `n`, and the id fields it carries. */
const eventOf = (o: Op, n: number): { readonly event: EventStore.NewEvent; readonly ids: ReadonlyArray<readonly [string, string]> } | undefined => {
  const at = day(n)
  switch (o.op) {
    case "enrol":
      return {
        event: { type: "MemberEnrolled", data: { groupId: o.groupId, participantId: o.participantId, at }, personId: o.personId },
        ids: [
          ["events[0].personId", o.personId],
          ["events[0].data.groupId", o.groupId],
          ["events[0].data.participantId", o.participantId]
        ]
      }
    case "withdraw":
      return { event: { type: "ParticipantWithdrew", data: { participantId: o.participantId, at } }, ids: [["events[0].data.participantId", o.participantId]] }
    case "waitlist":
      return {
        event: { type: "ParticipantWaitlisted", data: { groupId: o.groupId, participantId: o.participantId, at } },
        ids: [
          ["events[0].data.groupId", o.groupId],
          ["events[0].data.participantId", o.participantId]
        ]
      }
    case "decline":
      return { event: { type: "ParticipantDeclined", data: { participantId: o.participantId, at } }, ids: [["events[0].data.participantId", o.participantId]] }
    case "held":
      return {
        event: { type: "SessionHeld", data: { sessionId: o.sessionId, date: at.slice(0, 10), attendance: o.rows.map((r) => ({ ...r, minutes: 60 })) } },
        ids: [["events[0].data.sessionId", o.sessionId], ...o.rows.map((r, i) => [`events[0].data.attendance[${i}].participantId`, r.participantId] as const)]
      }
    case "erase":
      return undefined
  }
}

/** The reference: the same read models in `Map`s, from the operations the store accepted. */
const reference = (accepted: ReadonlyArray<Op>) => {
  const memberships = new Map<string, Array<{ participantId: string; open: boolean }>>()
  const open = new Map<string, string>()
  const waiting = new Map<string, Array<string>>()
  const tallies = new Map<string, { present: number; excused: number; absent: number; minutes: number }>()
  const sessions = new Map<string, { present: Array<string>; excused: Array<string>; absent: Array<string> }>()
  const personOf = new Map<string, string>()
  const erased = new Set<string>()
  for (const o of accepted) {
    if (o.op === "enrol") {
      if (o.personId !== o.participantId) personOf.set(o.participantId, o.personId)
      const list = memberships.get(o.groupId) ?? []
      memberships.set(o.groupId, list)
      if (!list.some((m) => m.participantId === o.participantId && m.open)) {
        list.push({ participantId: o.participantId, open: true })
        open.set(o.participantId, o.groupId)
      }
      const w = waiting.get(o.groupId)
      if (w?.includes(o.participantId)) w!.splice(w.indexOf(o.participantId), 1)
    } else if (o.op === "withdraw") {
      const g = open.get(o.participantId)
      if (g !== undefined) {
        const m = memberships.get(g)?.find((x) => x.participantId === o.participantId && x.open)
        if (m !== undefined) m.open = false
        open.delete(o.participantId)
      }
      for (const w of waiting.values()) if (w.includes(o.participantId)) w.splice(w.indexOf(o.participantId), 1)
    } else if (o.op === "waitlist") {
      const w = waiting.get(o.groupId) ?? []
      waiting.set(o.groupId, w)
      if (!w.includes(o.participantId)) w.push(o.participantId)
    } else if (o.op === "decline") {
      for (const w of waiting.values()) if (w.includes(o.participantId)) w.splice(w.indexOf(o.participantId), 1)
    } else if (o.op === "held") {
      const x = { present: [] as Array<string>, excused: [] as Array<string>, absent: [] as Array<string> }
      sessions.set(o.sessionId, x)
      for (const r of o.rows) {
        x[r.status].push(r.participantId)
        const t = tallies.get(r.participantId) ?? { present: 0, excused: 0, absent: 0, minutes: 0 }
        tallies.set(r.participantId, t)
        t[r.status] += 1
        t.minutes += 60
      }
    } else erased.add(o.personId)
  }
  return { memberships, waiting, tallies, sessions, personOf, erased }
}

/** `Object.prototype`'s own properties and their values, to see that nothing was written onto it. */
const prototypeSnapshot = () => Object.getOwnPropertyNames(Object.prototype).map((k) => [k, Object.getOwnPropertyDescriptor(Object.prototype, k)] as const)

const run = <A, E>(eff: Effect.Effect<A, E, StoreDriver.Services | AccessLog.Actor>) => Effect.runPromise(Effect.provide(eff, memory()))

describe("projections under hostile ids", () => {
  it("property: any id the store accepts leaves every projection as the reference gives it and Object.prototype untouched; every other id is refused at append, naming the field", async () => {
    const before = prototypeSnapshot()
    let refusals = 0
    let acceptedIds = 0
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 14 }), async (ops) => {
        const result = await run(
          Effect.gen(function* () {
            const es = yield* EventStore.EventStore
            const vault = yield* PersonalDataVault.PersonalDataVault
            const accepted: Array<Op> = []
            const half = Math.floor(ops.length / 2)
            let saved: ReadonlyArray<unknown> = []
            for (const [n, o] of ops.entries()) {
              // Half-way the projections are saved, so the rest is applied to states read back from JSON.
              if (n === half) saved = [yield* Projection.catchUp(GroupRoster.projection), yield* Projection.catchUp(Waitlist.projection), yield* Projection.catchUp(Attendance.projection)]
              const e = eventOf(o, n)
              const bad = e?.ids.find(([, v]) => !ID.test(v)) ?? (o.op === "erase" && !ID.test(o.personId) ? ["personId", o.personId] : undefined)
              const write: Effect.Effect<unknown, unknown> = e === undefined ? vault.erase((o as { personId: string }).personId, worker) : es.append(`stream-${n}`, "any", [e.event])
              const exit = yield* Effect.either(write)
              if (bad === undefined) {
                expect(Either.isRight(exit), `${JSON.stringify(o)} accepted`).toBe(true)
                accepted.push(o)
                acceptedIds += e?.ids.length ?? 1
              } else {
                expect(Either.isLeft(exit) && exit.left).toMatchObject({ _tag: "InvalidInput", field: bad[0] })
                refusals++
              }
            }
            expect(saved).toHaveLength(3)
            const roster = yield* Projection.catchUp(GroupRoster.projection)
            const waitlist = yield* Projection.catchUp(Waitlist.projection)
            const attendance = yield* Projection.catchUp(Attendance.projection)
            const rebuilt = yield* Projection.rebuild(GroupRoster.projection)
            return { accepted, roster: roster.state, rebuilt: rebuilt.state, waitlist: waitlist.state, attendance: attendance.state, last: ops.length }
          })
        )
        const ref = reference(result.accepted)
        const after = day(result.last + 1).slice(0, 10)
        const ids = new Set([...hostile, ...result.accepted.flatMap((o) => Object.values(o).filter((v): v is string => typeof v === "string"))])
        for (const g of ids) {
          const expected = (ref.memberships.get(g) ?? []).filter((m) => m.open).map((m) => m.participantId)
          const erasedOf = (p: string) => ref.erased.has(ref.personOf.get(p) ?? p)
          expect(GroupRoster.rosterOn(result.roster, g, after)).toEqual(expected.map((participantId) => ({ participantId, erased: erasedOf(participantId) })))
          expect(GroupRoster.rosterOn(result.rebuilt, g, after)).toEqual(GroupRoster.rosterOn(result.roster, g, after))
          expect(Object.hasOwn(result.waitlist.groups, g) ? result.waitlist.groups[g]!.map((w) => w.participantId) : []).toEqual(ref.waiting.get(g) ?? [])
          expect(Object.hasOwn(result.attendance.participants, g) ? { ...result.attendance.participants[g] } : undefined).toEqual(ref.tallies.get(g))
          const s = Object.hasOwn(result.attendance.sessions, g) ? result.attendance.sessions[g]! : undefined
          expect(s === undefined ? undefined : { present: s.present, excused: s.excused, absent: s.absent }).toEqual(ref.sessions.get(g))
          expect(Projection.isErased(result.roster, g)).toBe(ref.erased.has(ref.personOf.get(g) ?? g))
          expect(({} as Record<string, unknown>)[g]).toBe(g === "__proto__" ? Object.prototype : (Object.prototype as Record<string, unknown>)[g])
        }
        expect(prototypeSnapshot()).toEqual(before)
      }),
      { numRuns: 150 }
    )
    // Both sides of the property were exercised.
    expect(refusals).toBeGreaterThan(50)
    expect(acceptedIds).toBeGreaterThan(200)
  }, 60_000)

  it("hostile ids are refused at append with InvalidInput naming the field, at any depth of the data", async () => {
    const cases: ReadonlyArray<readonly [unknown, string]> = [
      [{ groupId: "__proto__" }, "events[0].data.groupId"],
      [{ participantId: "" }, "events[0].data.participantId"],
      [{ sessionId: "a b" }, "events[0].data.sessionId"],
      [{ attendance: [{ participantId: "ok" }, { participantId: "_x" }] }, "events[0].data.attendance[1].participantId"],
      [{ nested: { leaderIds: ["l-1", "has\nnewline"] } }, "events[0].data.nested.leaderIds[1]"],
      [{ id: "x".repeat(201) }, "events[0].data.id"]
    ]
    for (const [data, field] of cases) {
      const err = await run(Effect.flip(Effect.flatMap(EventStore.EventStore, (es) => es.append("group-g1", "any", [{ type: "GroupPlanned", data }]))))
      expect(err, field).toMatchObject({ _tag: "InvalidInput", field })
    }
    // Ids that are not own keys of Object.prototype's kind but valid ids are accepted.
    const ok = await run(Effect.flatMap(EventStore.EventStore, (es) => es.append("group-g1", "any", [{ type: "GroupPlanned", data: { groupId: "constructor", name: "__proto__" } }])))
    expect(ok.nextVersion).toBe(1)
  })

  it("a PersonErased outside the vault's stream (written before appends refused it) marks nobody erased", () => {
    const erasedIn = (streamId: string) => {
      const s = GroupRoster.projection.initial()
      GroupRoster.projection.evolve(s, { position: 1, streamId, version: 1, type: "PersonErased", data: { personId: "p-1" }, personId: "p-1", sealed: null, recordType: "PersonErased", recordedAt: new Date() })
      return Projection.isErased(s, "p-1")
    }
    expect(erasedIn("group-g1")).toBe(false)
    expect(erasedIn(PersonalDataVault.privacyStream)).toBe(true)
  })
})
