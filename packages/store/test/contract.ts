/**
 * The contract every adapter of the store must meet. Each adapter's tests call `contract` with a factory
 * of its driver layer; the same tests then run unchanged against the in-memory, SQLite and PostgreSQL
 * adapters.
 */
import { spawn } from "node:child_process"
import { fileURLToPath } from "node:url"
import { Consent, Disclosure } from "@vertaistuki/core"
import { Chunk, Duration, Effect, Either, Exit, Fiber, Layer, ManagedRuntime, Option, Stream } from "effect"
import fc from "fast-check"
import { afterEach, describe, expect, it } from "vitest"
import { AccessLog, EventStore, MasterKey, Outbox, PersonalDataVault, Projection, Retention, StoreDriver, StoreError } from "../src/index.js"
import * as Crypto from "../src/internal/crypto.js"
import { atTime } from "./helpers.js"
import { nodeScript } from "./script.js"

const keyA = MasterKey.generate()
const keyB = MasterKey.generate()
const ring = MasterKey.unsafeKeyring(keyA)

export const worker = { actor: "worker-17", purpose: "group-administration", legalBasis: "Social Welfare Act 1301/2014" } as const

/** Personal strings that must never be stored in plaintext. */
export const secrets = {
  name: "Ainomaija Virtanen-Kekkonen",
  phone: "+358401234567",
  dateOfBirth: "1984-03-17",
  note: "Puhuimme huostaanoton jälkeisestä kriisistä"
} as const

export interface ContractOptions {
  /** Runs per property; fewer for slow servers. */
  readonly numRuns?: number
  /** Skips the suite (e.g. no server) after saying so loudly. */
  readonly skip?: boolean
  /**
   * Fresh storage that other processes can open: the writer process's script and its adapter arguments
   * (relative to the repository root; `concurrent-writer.ts` adds stream, writer and count), and the
   * store's layer over it. Without it the multi-process tests are not run (in-memory).
   */
  readonly processes?: () => {
    readonly writer: ReadonlyArray<string>
    readonly layer: (keyring: MasterKey.Keyring) => Layer.Layer<StoreDriver.Services, unknown>
  }
}

const root = fileURLToPath(new URL("../../../", import.meta.url))

/** Runs a writer process to its end; its exit code and what it wrote to stderr. */
const runProcess = async ([script, ...args]: ReadonlyArray<string>, key: string) => {
  const command = [...(await nodeScript(script!)), ...args]
  return new Promise<{ code: number | null; stderr: string }>((resolve, reject) => {
    const child = spawn(process.execPath, command, { cwd: root, env: { ...process.env, VT_TEST_MASTER_KEY: key }, stdio: ["ignore", "ignore", "pipe"] })
    let stderr = ""
    child.stderr.on("data", (c: Buffer) => (stderr += c.toString("utf8")))
    child.on("error", reject)
    child.on("exit", (code) => resolve({ code, stderr }))
  })
}

const tally = Projection.make<{ readonly count: number; readonly erased: ReadonlyArray<string> }>({
  name: "tally",
  version: 1,
  initial: () => ({ count: 0, erased: [] }),
  evolve: (s, e) => ({ count: s.count + 1, erased: e.type === "PersonErased" ? [...s.erased, e.personId!] : s.erased })
})

/** A disclosure of `person`'s participation to a social worker named `recipient`, on a consent the person gave. */
const disclosureOf = (person: string, recipient: string): Disclosure.Disclosure => {
  const grant = Either.getOrThrow(
    Consent.record({
      person,
      purpose: Disclosure.purpose,
      action: "grant",
      givenBy: "person",
      textVersion: "share-v2",
      channel: "paper-form",
      at: "2026-04-01T10:00:00+03:00"
    })
  )
  return Either.getOrThrow(
    Disclosure.discloseParticipation(
      { subject: { id: person, dateOfBirth: "1984-02-10" }, recipient: { kind: "social-worker", name: recipient }, programme: "voikukkia" },
      [grant],
      grant.at.plus({ days: 30 })
    )
  )
}

let seq = 0
const sid = (prefix = "group") => `${prefix}-${Date.now().toString(36)}-${(seq++).toString(36)}`

/** Runs the contract suite against a driver layer; each test gets a fresh driver from `makeDriver`. */
export const contract = (
  name: string,
  makeDriver: () => Layer.Layer<StoreDriver.StoreDriver, unknown>,
  options: ContractOptions = {}
) => {
  const numRuns = options.numRuns ?? 25
  describe.skipIf(options.skip === true)(`${name}: event-store contract`, () => {
    const runtimes: Array<ManagedRuntime.ManagedRuntime<unknown, unknown>> = []
    afterEach(async () => {
      for (const rt of runtimes.splice(0)) await rt.dispose()
    })

    /** A fresh store; `again` opens the same storage with another keyring. */
    const open = () => {
      const driver = ManagedRuntime.make(makeDriver())
      runtimes.push(driver as ManagedRuntime.ManagedRuntime<unknown, unknown>)
      const withRing = (keyring: MasterKey.Keyring, wrap: (d: StoreDriver.StoreDriver) => StoreDriver.StoreDriver = (d) => d) => {
        const services = Layer.scopedContext(
          Effect.flatMap(Effect.promise(() => driver.runPromise(StoreDriver.StoreDriver)), (d) => StoreDriver.make(wrap(d), keyring))
        )
        const rt = ManagedRuntime.make(Layer.merge(services, Layer.succeed(AccessLog.Actor, worker)))
        runtimes.push(rt as ManagedRuntime.ManagedRuntime<unknown, unknown>)
        return <A, E>(eff: Effect.Effect<A, E, StoreDriver.Services | AccessLog.Actor>) => rt.runPromise(eff)
      }
      const run = withRing(ring)
      const runExit = <A, E>(eff: Effect.Effect<A, E, StoreDriver.Services | AccessLog.Actor>) => run(Effect.exit(eff))
      const runDriver = <A, E>(f: (d: StoreDriver.StoreDriver) => Effect.Effect<A, E>) => driver.runPromise(Effect.flatMap(StoreDriver.StoreDriver, f))
      /** Opens the services over the same storage and closes them again; the exit of the opening. */
      const openExit = (keyring: MasterKey.Keyring, wrap: (d: StoreDriver.StoreDriver) => StoreDriver.StoreDriver = (d) => d) =>
        driver.runPromise(Effect.exit(Effect.scoped(Effect.flatMap(StoreDriver.StoreDriver, (d) => Effect.asVoid(StoreDriver.make(wrap(d), keyring))))))
      return { run, runExit, withRing, runDriver, openExit }
    }

    const ev = (type: string, data: unknown = {}, extra: Partial<EventStore.NewEvent> = {}): EventStore.NewEvent => ({ type, data, ...extra })

    it("append then readStream returns the events with versions 1..n in order", async () => {
      const { run } = open()
      const s = sid()
      const r = await run(Effect.flatMap(EventStore.EventStore, (es) => es.append(s, "no-stream", [ev("A", { n: 1 }), ev("B", { n: 2 }), ev("C", { n: 3 })])))
      expect(r.nextVersion).toBe(3)
      expect(r.lastPosition - r.firstPosition).toBe(2)
      const read = await run(Effect.flatMap(EventStore.EventStore, (es) => es.readStream(s)))
      expect(read.map((e) => [e.version, e.type, e.data])).toEqual([
        [1, "A", { n: 1 }],
        [2, "B", { n: 2 }],
        [3, "C", { n: 3 }]
      ])
      const tail = await run(Effect.flatMap(EventStore.EventStore, (es) => es.readStream(s, { fromVersion: 2, limit: 1 })))
      expect(tail.map((e) => e.version)).toEqual([2])
      expect(await run(Effect.flatMap(EventStore.EventStore, (es) => es.streamVersion(s)))).toBe(3)
    })

    it("a wrong expected version fails with ConcurrencyConflict and writes nothing, outbox included", async () => {
      const { run, runExit } = open()
      const s = sid()
      await run(Effect.flatMap(EventStore.EventStore, (es) => es.append(s, 0, [ev("A")])))
      const before = await run(Effect.flatMap(EventStore.EventStore, (es) => es.head))
      for (const expected of [0, 2, "no-stream"] as const) {
        const exit = await runExit(
          Effect.flatMap(EventStore.EventStore, (es) => es.append(s, expected, [ev("B")], { outbox: [{ topic: "notify", payload: {} }] }))
        )
        expect(Exit.isFailure(exit) && Exit.causeOption(exit).pipe(Option.flatMap((c) => Option.fromNullable(JSON.stringify(c))), Option.getOrElse(() => ""))).toContain("ConcurrencyConflict")
      }
      const conflict = await run(Effect.flip(Effect.flatMap(EventStore.EventStore, (es) => es.append(s, 5, [ev("B")]))))
      expect(conflict).toMatchObject({ _tag: "ConcurrencyConflict", streamId: s, expectedVersion: 5, actualVersion: 1 })
      expect(await run(Effect.flatMap(EventStore.EventStore, (es) => es.head))).toBe(before)
      expect(await run(Effect.flatMap(Outbox.Outbox, (o) => o.pending()))).toEqual([])
    })

    it("readAll returns every stream's events in global order, after a position (exclusive)", async () => {
      const { run } = open()
      const a = sid()
      const b = sid()
      const start = await run(Effect.flatMap(EventStore.EventStore, (es) => es.head))
      await run(
        Effect.flatMap(EventStore.EventStore, (es) =>
          Effect.all([es.append(a, 0, [ev("A1")]), es.append(b, 0, [ev("B1"), ev("B2")]), es.append(a, 1, [ev("A2")])])
        )
      )
      const all = await run(Effect.flatMap(EventStore.EventStore, (es) => es.readAll(start, 100)))
      expect(all.map((e) => e.type)).toEqual(["A1", "B1", "B2", "A2"])
      expect(all.map((e) => e.position)).toEqual([start + 1, start + 2, start + 3, start + 4])
      const after = await run(Effect.flatMap(EventStore.EventStore, (es) => es.readAll(start + 2, 100)))
      expect(after.map((e) => e.type)).toEqual(["B2", "A2"])
    })

    it("property: any interleaving of appends with correct expected versions yields contiguous versions and positions", async () => {
      const { run } = open()
      await fc.assert(
        fc.asyncProperty(fc.array(fc.tuple(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 1, max: 3 })), { minLength: 1, maxLength: 20 }), async (plan) => {
          const streams = [sid("p"), sid("p"), sid("p"), sid("p")]
          const start = await run(Effect.flatMap(EventStore.EventStore, (es) => es.head))
          const versions = [0, 0, 0, 0]
          for (const [k, n] of plan) {
            const r = await run(
              Effect.flatMap(EventStore.EventStore, (es) => es.append(streams[k]!, versions[k]!, Array.from({ length: n }, (_, i) => ev("E", { k, i }))))
            )
            versions[k] = versions[k]! + n
            expect(r.nextVersion).toBe(versions[k])
          }
          for (const [k, s] of streams.entries()) {
            const read = await run(Effect.flatMap(EventStore.EventStore, (es) => es.readStream(s)))
            expect(read.map((e) => e.version)).toEqual(Array.from({ length: versions[k]! }, (_, i) => i + 1))
          }
          const all = await run(Effect.flatMap(EventStore.EventStore, (es) => es.readAll(start, 1000)))
          const total = plan.reduce((t, [, n]) => t + n, 0)
          expect(all.map((e) => e.position)).toEqual(Array.from({ length: total }, (_, i) => start + i + 1))
        }),
        { numRuns }
      )
    })

    it("8 concurrent writers on one group stream lose no update (retryOnConflict)", async () => {
      const { run } = open()
      const s = sid()
      const writes = 12
      const writer = (w: number) =>
        Effect.flatMap(EventStore.EventStore, (es) =>
          Effect.forEach(
            Array.from({ length: writes }, (_, i) => i),
            (i) =>
              StoreError.retryOnConflict(
                Effect.flatMap(es.streamVersion(s), (v) => es.append(s, v, [ev("Marked", { w, i })])),
                { times: 200, base: 1 }
              ),
            { discard: true }
          )
        )
      await run(Effect.all(Array.from({ length: 8 }, (_, w) => writer(w)), { concurrency: "unbounded", discard: true }))
      const read = await run(Effect.flatMap(EventStore.EventStore, (es) => es.readStream(s)))
      expect(read.map((e) => e.version)).toEqual(Array.from({ length: 8 * writes }, (_, i) => i + 1))
      const seen = new Set(read.map((e) => JSON.stringify(e.data)))
      for (let w = 0; w < 8; w++) for (let i = 0; i < writes; i++) expect(seen.has(JSON.stringify({ w, i }))).toBe(true)
    })

    it.skipIf(options.processes === undefined)(
      "8 writer processes opening fresh storage at once all succeed, and on one group stream lose no update (twice)",
      async () => {
        for (let round = 0; round < 2; round++) {
          const { writer, layer } = options.processes!()
          const key = MasterKey.generate()
          const s = sid()
          const writes = 6
          const results = await Promise.all(Array.from({ length: 8 }, (_, w) => runProcess([...writer, s, String(w), String(writes)], key)))
          expect(results.map((r) => r.code), results.map((r) => r.stderr).join("\n")).toEqual(results.map(() => 0))
          const read = await Effect.runPromise(Effect.provide(Effect.flatMap(EventStore.EventStore, (es) => es.readStream(s)).pipe(AccessLog.actingAs(AccessLog.system("test"))), layer(MasterKey.unsafeKeyring(key))))
          expect(read.map((e) => e.version)).toEqual(Array.from({ length: 8 * writes }, (_, i) => i + 1))
          const seen = new Set(read.map((e) => JSON.stringify(e.data)))
          for (let w = 0; w < 8; w++) for (let i = 0; i < writes; i++) expect(seen.has(JSON.stringify({ w, i }))).toBe(true)
        }
      },
      120_000
    )

    it("bad input fails with InvalidInput naming the field, and nothing stored changes", async () => {
      const { run } = open()
      const s = sid()
      await run(Effect.flatMap(EventStore.EventStore, (es) => es.append(s, 0, [ev("A", {}, { personId: "p-1", personal: { name: secrets.name } })])))
      const head = await run(Effect.flatMap(EventStore.EventStore, (es) => es.head))
      const bad: ReadonlyArray<[string, Effect.Effect<unknown, unknown, StoreDriver.Services>]> = [
        ["streamId", Effect.flatMap(EventStore.EventStore, (es) => es.append("has space", 0, [ev("A")]))],
        ["expectedVersion", Effect.flatMap(EventStore.EventStore, (es) => es.append(s, -1, [ev("A")]))],
        ["events", Effect.flatMap(EventStore.EventStore, (es) => es.append(s, 1, []))],
        ["events[1].type", Effect.flatMap(EventStore.EventStore, (es) => es.append(s, 1, [ev("A"), ev("")]))],
        ["events[0].data", Effect.flatMap(EventStore.EventStore, (es) => es.append(s, 1, [ev("A", { big: 1n })]))],
        ["events[0].personId", Effect.flatMap(EventStore.EventStore, (es) => es.append(s, 1, [ev("A", {}, { personal: { name: "x" } })]))],
        ["events[0].personal.age", Effect.flatMap(EventStore.EventStore, (es) => es.append(s, 1, [ev("A", {}, { personId: "p-2", personal: { age: 3 as unknown as string } })]))],
        ["outbox[0].topic", Effect.flatMap(EventStore.EventStore, (es) => es.append(s, 1, [ev("A")], { outbox: [{ topic: "", payload: {} }] }))],
        ["context.actor", Effect.flatMap(PersonalDataVault.PersonalDataVault, (v) => v.exportPerson("p-1", { ...worker, actor: "" }))],
        ["personId", Effect.flatMap(AccessLog.AccessLog, (l) => l.forPerson("", worker))],
        ["rules[0].keepFor", Effect.flatMap(Retention.Retention, (r) => r.purge([{ recordType: "A", keepFor: "forever" as never }], worker))],
        ["rules[0].keepFor", Effect.flatMap(Retention.Retention, (r) => r.purge([{ recordType: "A", keepFor: Duration.infinity }], worker))]
      ]
      for (const [field, eff] of bad) {
        const err = await run(Effect.flip(eff))
        expect(err, field).toMatchObject({ _tag: "InvalidInput", field })
      }
      expect(await run(Effect.flatMap(EventStore.EventStore, (es) => es.head))).toBe(head)
      const read = await run(Effect.flatMap(EventStore.EventStore, (es) => es.readStream(s)))
      const revealed = await run(Effect.flatMap(PersonalDataVault.PersonalDataVault, (v) => v.reveal(read, worker)))
      expect(revealed).toEqual([{ _tag: "Fields", fields: { name: secrets.name } }])
    })

    it("privacy events are the vault's alone: a reserved type in any stream, or any append to $privacy, is InvalidInput; the vault's own still work", async () => {
      const { run } = open()
      const s = sid()
      await run(Effect.flatMap(EventStore.EventStore, (es) => es.append(s, 0, [ev("A", {}, { personId: "p-1", personal: { name: secrets.name } })])))
      const head = await run(Effect.flatMap(EventStore.EventStore, (es) => es.head))
      const forged: ReadonlyArray<[string, string, EventStore.NewEvent]> = [
        ["events[0].type", s, ev("PersonErased", { personId: "p-1" }, { personId: "p-1" })],
        ["events[0].type", `participant-${s}`, ev("RetentionPurged", { recordType: "A" })],
        ["streamId", PersonalDataVault.privacyStream, ev("PersonErased", { personId: "p-1" }, { personId: "p-1" })],
        ["streamId", PersonalDataVault.privacyStream, ev("A")],
        ["streamId", "$other", ev("A")]
      ]
      for (const [field, stream, e] of forged) {
        const err = await run(Effect.flip(Effect.flatMap(EventStore.EventStore, (es) => es.append(stream, "any", [ev("A"), e].slice(field === "streamId" ? 1 : 0)))))
        expect(err, `${stream} ${e.type}`).toMatchObject({ _tag: "InvalidInput", field: field === "streamId" ? field : "events[1].type" })
      }
      expect(await run(Effect.flatMap(EventStore.EventStore, (es) => es.head))).toBe(head)
      expect(await run(Effect.flatMap(PersonalDataVault.PersonalDataVault, (v) => v.status(["p-1"])))).toEqual(new Map([["p-1", "active"]]))
      await run(Effect.flatMap(PersonalDataVault.PersonalDataVault, (v) => v.erase("p-1", worker)))
      await run(Effect.flatMap(Retention.Retention, (r) => r.purge([{ recordType: "A", keepFor: "1 day" }], worker)))
      const privacy = await run(Effect.flatMap(EventStore.EventStore, (es) => es.readStream(PersonalDataVault.privacyStream)))
      expect(privacy.map((e) => e.type)).toEqual(["PersonErased", "RetentionPurged"])
    })

    it("the outbox is written with its events and drained by markDispatched", async () => {
      const { run } = open()
      const s = sid()
      const r = await run(
        Effect.flatMap(EventStore.EventStore, (es) =>
          es.append(s, 0, [ev("SessionScheduled")], { outbox: [{ topic: "reminder", payload: { session: 1 }, personId: "p-9" }] })
        )
      )
      const pending = await run(Effect.flatMap(Outbox.Outbox, (o) => o.pending()))
      expect(pending).toMatchObject([{ topic: "reminder", payload: { session: 1 }, personId: "p-9", position: r.lastPosition }])
      await run(Effect.flatMap(Outbox.Outbox, (o) => o.markDispatched(pending.map((m) => m.id))))
      expect(await run(Effect.flatMap(Outbox.Outbox, (o) => o.pending()))).toEqual([])
    })

    it("personal fields are revealed only through the vault, and every read is logged with actor, purpose and basis", async () => {
      const { run } = open()
      const s = sid()
      await run(
        Effect.flatMap(EventStore.EventStore, (es) =>
          es.append(s, 0, [ev("ParticipantRegistered", { participantId: "p-1" }, { personId: "p-1", personal: { name: secrets.name, phone: secrets.phone } })])
        )
      )
      const [e] = await run(Effect.flatMap(EventStore.EventStore, (es) => es.readStream(s)))
      expect(JSON.stringify(e)).not.toContain(secrets.name)
      const revealed = await run(Effect.flatMap(PersonalDataVault.PersonalDataVault, (v) => v.reveal([e!], worker)))
      expect(revealed).toEqual([{ _tag: "Fields", fields: { name: secrets.name, phone: secrets.phone } }])
      const toSocialWorker = { ...worker, purpose: Disclosure.purpose, recipient: "social-worker-3" }
      const proof = disclosureOf("p-1", "social-worker-3")
      await run(Effect.flatMap(PersonalDataVault.PersonalDataVault, (v) => v.reveal([e!], toSocialWorker, proof)))
      const log = await run(Effect.flatMap(AccessLog.AccessLog, (l) => l.forPerson("p-1", { ...worker, actor: "client-service" })))
      expect(log.map((a) => [a.action, a.actor, a.purpose, a.legalBasis, a.recipient, a.personId, a.range])).toEqual([
        ["read", worker.actor, worker.purpose, worker.legalBasis, null, null, { streamId: s, from: e!.position, to: e!.position }],
        ["read", worker.actor, worker.purpose, worker.legalBasis, null, "p-1", null],
        ["disclosure", worker.actor, Disclosure.purpose, worker.legalBasis, "social-worker-3", "p-1", null]
      ])
      const again = await run(Effect.flatMap(AccessLog.AccessLog, (l) => l.forPerson("p-1", worker)))
      expect(again.at(-1)).toMatchObject({ action: "access-log-read", actor: "client-service" })
    })

    it("reads of events, the outbox and status are logged under the Actor in context, one entry per read", async () => {
      const { run, runDriver } = open()
      const s = sid()
      const r = await run(
        Effect.flatMap(EventStore.EventStore, (es) =>
          es.append(s, 0, [ev("A", { participantId: "p-1" }, { personId: "p-1" }), ev("B")], { outbox: [{ topic: "t", payload: {}, personId: "p-1" }] })
        )
      )
      const all = () => runDriver((d) => d.accessPage(0, 100_000))
      const before = (await all()).length
      const nurse = { actor: "nurse-2", purpose: "reminders", legalBasis: "consent" }
      await run(Effect.flatMap(EventStore.EventStore, (es) => es.readStream(s)).pipe(AccessLog.actingAs(nurse)))
      await run(Effect.flatMap(EventStore.EventStore, (es) => es.readAll(r.firstPosition - 1, 10)))
      await run(Effect.flatMap(EventStore.EventStore, (es) => es.readAll(r.lastPosition, 10)))
      await run(Effect.flatMap(Outbox.Outbox, (o) => o.pending()))
      await run(Effect.flatMap(PersonalDataVault.PersonalDataVault, (v) => v.status(["p-1", "p-1", "p-2"])))
      const added = (await all()).slice(before)
      expect(added.map((a) => [a.actor, a.personId, a.streamId, a.fromPosition, a.toPosition, a.detail])).toEqual([
        ["nurse-2", null, s, r.firstPosition, r.lastPosition, null],
        [worker.actor, null, null, r.firstPosition, r.lastPosition, null],
        [worker.actor, "p-1", null, null, null, "outbox"],
        [worker.actor, "p-1", null, null, null, "status"],
        [worker.actor, "p-2", null, null, null, "status"]
      ])
      // @ts-expect-error a read without an Actor in context does not compile
      const unlogged: Effect.Effect<unknown, unknown, never> = Effect.flatMap(EventStore.EventStore, (es) => es.readStream(s))
      expect(unlogged).toBeDefined()
    })

    it("a rebuild logs ONE entry whatever the number of events; a catch-up one for its checkpoint and one for the new events", async () => {
      const { run, runDriver } = open()
      const s = sid()
      for (let b = 0; b < 3; b++) await run(Effect.flatMap(EventStore.EventStore, (es) => es.append(s, b * 400, Array.from({ length: 400 }, () => ev("A")))))
      const head = await run(Effect.flatMap(EventStore.EventStore, (es) => es.head))
      const all = () => runDriver((d) => d.accessPage(0, 100_000))
      const before = (await all()).length
      const system = AccessLog.system("projection-rebuild")
      const rebuilt = await run(Projection.rebuild(tally, { batchSize: 7 }).pipe(AccessLog.actingAs(system)))
      expect(rebuilt.position).toBe(head)
      const caught = await run(Projection.catchUp(tally, { batchSize: 7 }).pipe(AccessLog.actingAs(system)))
      expect(caught.applied).toBe(0)
      await run(Effect.flatMap(EventStore.EventStore, (es) => es.append(s, 1200, Array.from({ length: 30 }, () => ev("A")))))
      const more = await run(Projection.catchUp(tally, { batchSize: 7 }).pipe(AccessLog.actingAs(system)))
      expect(more.applied).toBe(30)
      const added = (await all()).slice(before)
      expect(added.map((a) => [a.actor, a.action, a.personId, a.streamId, a.fromPosition, a.toPosition, a.detail])).toEqual([
        ["system", "read", null, null, 1, head, "projection tally"],
        ["system", "read", null, null, 1, head, "projection checkpoint tally"],
        ["system", "read", null, null, 1, head, "projection checkpoint tally"],
        ["system", "read", null, null, head + 1, head + 30, "projection tally"]
      ])
    })

    it("the access log is a hash chain: verify finds it intact, and reports the first entry that was changed, removed or inserted", async () => {
      const { run, runDriver } = open()
      const s = sid()
      await run(Effect.flatMap(EventStore.EventStore, (es) => es.append(s, 0, [ev("A", {}, { personId: "p-1", personal: { name: secrets.name } })])))
      for (let i = 0; i < 5; i++) await run(Effect.flatMap(EventStore.EventStore, (es) => es.readStream(s)))
      await run(Effect.flatMap(PersonalDataVault.PersonalDataVault, (v) => v.exportPerson("p-1", worker)))
      const rows = await runDriver((d) => d.accessPage(0, 100_000))
      const verified = await run(Effect.flatMap(AccessLog.AccessLog, (l) => l.verify))
      expect(verified).toEqual({ checked: rows.length, broken: null, head: rows.at(-1)!.hash })
      expect(rows[0]!.previousHash).toBe(StoreDriver.GENESIS)
      for (let i = 1; i < rows.length; i++) expect(rows[i]!.previousHash).toBe(rows[i - 1]!.hash)
      const check = (changed: ReadonlyArray<StoreDriver.AccessRow>) =>
        Effect.runPromise(StoreDriver.verifyWith((after, limit) => Effect.succeed(changed.filter((r) => r.id > after).slice(0, limit))))
      const k = rows.length - 3
      expect((await check(rows.map((r, i) => (i === k ? { ...r, purpose: "something else" } : r)))).broken?.id).toBe(rows[k]!.id)
      expect((await check(rows.map((r, i) => (i === k ? { ...r, at: r.at + 1 } : r)))).broken?.id).toBe(rows[k]!.id)
      expect((await check(rows.filter((_, i) => i !== k))).broken?.id).toBe(rows[k + 1]!.id)
      // A forged entry with a correct hash of its own still does not link to the one before.
      const forged = { ...rows[k]!, actor: "nobody", previousHash: "f".repeat(64) }
      expect((await check(rows.map((r, i) => (i === k ? { ...forged, hash: StoreDriver.accessHash(forged) } : r)))).broken?.id).toBe(rows[k]!.id)
    })

    it("actors, purposes, legal bases and recipients with control characters or line breaks are refused, naming the field; nothing is logged", async () => {
      const { run, runDriver } = open()
      const s = sid()
      await run(Effect.flatMap(EventStore.EventStore, (es) => es.append(s, 0, [ev("A", {}, { personId: "p-1", personal: { name: "x" } })])))
      const [e] = await run(Effect.flatMap(EventStore.EventStore, (es) => es.readStream(s)))
      const before = (await runDriver((d) => d.accessPage(0, 100_000))).length
      const hostile = ["worker\nread p-9 GDPR", "a\u001b[2Jb", "a\rb", "a\u0000", "x\u2028y", "\u202egnp.exe", "a\u0085b"]
      for (const bad of hostile) {
        for (const [field, context] of [
          ["context.actor", { ...worker, actor: bad }],
          ["context.purpose", { ...worker, purpose: bad }],
          ["context.legalBasis", { ...worker, legalBasis: bad }],
          ["context.recipient", { ...worker, recipient: bad }]
        ] as const) {
          const viaVault = await run(Effect.flip(Effect.flatMap(PersonalDataVault.PersonalDataVault, (v) => v.reveal([e!], context))))
          expect(viaVault, `${field} ${JSON.stringify(bad)}`).toMatchObject({ _tag: "InvalidInput", field })
          expect(viaVault.message).not.toContain(bad)
          if (field !== "context.recipient") {
            const viaRead = await run(Effect.flip(Effect.flatMap(EventStore.EventStore, (es) => es.readStream(s)).pipe(AccessLog.actingAs(context))))
            expect(viaRead).toMatchObject({ _tag: "InvalidInput", field })
          }
        }
      }
      expect((await runDriver((d) => d.accessPage(0, 100_000))).length).toBe(before)
    })

    it("the export holds every event naming the person or one of their participations, in any stream, and no one else's personal fields", async () => {
      const { run } = open()
      const [ps, ss, gs, qs] = [sid("participant"), sid("session"), sid("group"), sid("participant")]
      await run(
        Effect.gen(function* () {
          const es = yield* EventStore.EventStore
          yield* es.append(ps, 0, [ev("ParticipantReferred", { participantId: "parent-1" }, { personId: "person-1", personal: { name: secrets.name } })])
          yield* es.append(qs, 0, [ev("ParticipantReferred", { participantId: "parent-2" }, { personId: "person-2", personal: { name: "Other Person" } })])
          yield* es.append(gs, 0, [ev("MemberEnrolled", { groupId: "g-1", participantId: "parent-1" }, { personId: "person-1" })])
          yield* es.append(ss, 0, [
            ev("SessionHeld", { sessionId: "s-1", attendance: [{ participantId: "parent-2", status: "present" }, { participantId: "parent-1", status: "excused" }] }),
            ev("SessionHeld", { sessionId: "s-1", attendance: [{ participantId: "parent-2", status: "present" }] }),
            ev("CompanionNoted", { withParticipantId: "parent-1" }, { personId: "person-2", personal: { note: "Other Person's note" } })
          ])
        })
      )
      const exported = await run(Effect.flatMap(PersonalDataVault.PersonalDataVault, (v) => v.exportPerson("person-1", worker)))
      expect(exported.events.map((e) => [e.streamId, e.type])).toEqual([
        [ps, "ParticipantReferred"],
        [gs, "MemberEnrolled"],
        [ss, "SessionHeld"],
        [ss, "CompanionNoted"]
      ])
      expect(exported.events.map((e) => e.personal)).toEqual([{ name: secrets.name }, null, null, null])
      expect(JSON.stringify(exported)).not.toContain("Other Person")
      // A read of the session stream is in person-1's access log; a read of only the other participant's stream is not.
      await run(Effect.flatMap(EventStore.EventStore, (es) => es.readStream(ss, { fromVersion: 1, limit: 1 })))
      await run(Effect.flatMap(EventStore.EventStore, (es) => es.readStream(ss, { fromVersion: 2, limit: 1 })).pipe(AccessLog.actingAs({ ...worker, actor: "w-2" })))
      await run(Effect.flatMap(EventStore.EventStore, (es) => es.readStream(qs)).pipe(AccessLog.actingAs({ ...worker, actor: "w-3" })))
      const log = await run(Effect.flatMap(AccessLog.AccessLog, (l) => l.forPerson("person-1", worker)))
      expect(log.filter((a) => a.range !== null).map((a) => [a.actor, a.range?.streamId])).toEqual([[worker.actor, ss]])
    })

    it("erasure destroys the key: export shows nothing readable for that person, the others are untouched", async () => {
      const { run } = open()
      const s = sid()
      await run(
        Effect.flatMap(EventStore.EventStore, (es) =>
          es.append(s, 0, [
            ev("ParticipantRegistered", { participantId: "p-1" }, { personId: "p-1", personal: { ...secrets } }),
            ev("ParticipantRegistered", { participantId: "p-2" }, { personId: "p-2", personal: { name: "Other Person" } }),
            ev("FeedbackGiven", { participantId: "p-1" }, { personId: "p-1", personal: { text: secrets.note } })
          ])
        )
      )
      const before = await run(Effect.flatMap(PersonalDataVault.PersonalDataVault, (v) => v.exportPerson("p-1", worker)))
      expect(JSON.stringify(before)).toContain(secrets.note)
      const erasure = await run(Effect.flatMap(PersonalDataVault.PersonalDataVault, (v) => v.erase("p-1", worker)))
      expect(erasure.personId).toBe("p-1")
      await run(Effect.flatMap(PersonalDataVault.PersonalDataVault, (v) => v.erase("p-1", worker)))
      const after = await run(Effect.flatMap(PersonalDataVault.PersonalDataVault, (v) => v.exportPerson("p-1", worker)))
      const text = JSON.stringify(after)
      for (const secret of Object.values(secrets)) expect(text).not.toContain(secret)
      expect(after.status).toBe("erased")
      expect(after.events.filter((e) => e.type !== "PersonErased").map((e) => e.personal)).toEqual(["erased", "erased"])
      expect(after.accessLog.map((a) => a.action)).toContain("erasure")
      const other = await run(Effect.flatMap(PersonalDataVault.PersonalDataVault, (v) => v.exportPerson("p-2", worker)))
      expect(other.events[0]?.personal).toEqual({ name: "Other Person" })
      const status = await run(Effect.flatMap(PersonalDataVault.PersonalDataVault, (v) => v.status(["p-1", "p-2", "p-3"])))
      expect([...status.entries()]).toEqual([["p-1", "erased"], ["p-2", "active"], ["p-3", "unknown"]])
      const refused = await run(
        Effect.flip(Effect.flatMap(EventStore.EventStore, (es) => es.append(s, 3, [ev("X", {}, { personId: "p-1", personal: { name: "again" } })])))
      )
      expect(refused).toMatchObject({ _tag: "InvalidInput", field: "events[0].personId" })
      const projected = await run(Projection.rebuild(tally))
      expect(projected.state.erased).toEqual(["p-1"])
    })

    it("an erasure by another app instance is seen by the next append, despite that instance's cached data keys", async () => {
      const { run, withRing } = open()
      const other = withRing(ring)
      const s = sid()
      const personal = (n: number) => ev("Noted", { n }, { personId: "p-1", personal: { text: `${secrets.note} ${n}` } })
      await run(Effect.flatMap(EventStore.EventStore, (es) => es.append(s, 0, [personal(1)])))
      await other(Effect.flatMap(PersonalDataVault.PersonalDataVault, (v) => v.erase("p-1", worker)))
      const refused = await run(Effect.flip(Effect.flatMap(EventStore.EventStore, (es) => es.append(s, 1, [personal(2)]))))
      expect(refused).toMatchObject({ _tag: "InvalidInput", field: "events[0].personId" })
      expect(await run(Effect.flatMap(EventStore.EventStore, (es) => es.streamVersion(s)))).toBe(1)
      const ok = await run(Effect.flatMap(EventStore.EventStore, (es) => es.append(s, 1, [ev("Noted", {}, { personId: "p-2", personal: { text: "x" } })])))
      expect(ok.nextVersion).toBe(2)
    })

    it("ensureKeys stores the keys of new people and returns the stored key of anyone who has one already (another writer came first)", async () => {
      const { runDriver } = open()
      const row = (i: number, wrappedKey: string): StoreDriver.KeyRow => ({ personId: `p-${i}`, retentionClass: "", period: 0, wrappedKey, createdAt: 1_700_000_000_000 + i, erasedAt: null })
      const byPerson = (rows: ReadonlyArray<StoreDriver.KeyRow>) => new Map(rows.map((r) => [r.personId, r]))
      const first = await runDriver((d) => d.ensureKeys(Array.from({ length: 700 }, (_, i) => row(i, `m:first-${i}`))))
      expect(first).toHaveLength(700)
      // More rows than one statement takes, most of them people who already have a key.
      const second = byPerson(await runDriver((d) => d.ensureKeys(Array.from({ length: 1201 }, (_, i) => row(i, `m:second-${i}`)))))
      expect(second.size).toBe(1201)
      expect(second.get("p-0")).toEqual(row(0, "m:first-0"))
      expect(second.get("p-699")).toEqual(row(699, "m:first-699"))
      expect(second.get("p-700")).toEqual(row(700, "m:second-700"))
      expect(second.get("p-1200")).toEqual(row(1200, "m:second-1200"))
      const stored = byPerson(await runDriver((d) => d.getKeys(["p-5", "p-1000"])))
      expect([stored.get("p-5")?.wrappedKey, stored.get("p-1000")?.wrappedKey]).toEqual(["m:first-5", "m:second-1000"])
    })

    it("no data key is stored for an erased owner, even by a writer that read the keys before the erasure", async () => {
      const { run, runDriver } = open()
      await run(Effect.flatMap(PersonalDataVault.PersonalDataVault, (v) => v.erase("p-9", worker)))
      const late = await runDriver((d) =>
        d.ensureKeys([
          { personId: "p-9", retentionClass: "Noted", period: 202601, wrappedKey: "m:late", createdAt: 1, erasedAt: null },
          { personId: "p-10", retentionClass: "Noted", period: 202601, wrappedKey: "m:other", createdAt: 1, erasedAt: null }
        ])
      )
      expect(late.map((r) => [r.personId, r.wrappedKey])).toEqual([["p-10", "m:other"]])
      expect((await runDriver((d) => d.getKeys(["p-9"]))).map((r) => r.wrappedKey)).toEqual([null])
    })

    it("master-key rotation re-wraps every data key; data stays readable with the new key alone", async () => {
      const { run, withRing } = open()
      const s = sid()
      await run(Effect.flatMap(EventStore.EventStore, (es) => es.append(s, 0, [ev("R", {}, { personId: "p-1", personal: { name: secrets.name } })])))
      const rotating = withRing(MasterKey.unsafeKeyring(keyB, keyA))
      const r = await rotating(Effect.flatMap(PersonalDataVault.PersonalDataVault, (v) => v.rotateMasterKey))
      expect(r.rewrapped).toBe(1)
      const onlyNew = withRing(MasterKey.unsafeKeyring(keyB))
      const events = await onlyNew(Effect.flatMap(EventStore.EventStore, (es) => es.readStream(s)))
      const revealed = await onlyNew(Effect.flatMap(PersonalDataVault.PersonalDataVault, (v) => v.reveal(events, worker)))
      expect(revealed).toEqual([{ _tag: "Fields", fields: { name: secrets.name } }])
      const oldOnly = await run(Effect.flip(Effect.flatMap(PersonalDataVault.PersonalDataVault, (v) => v.reveal(events, worker))))
      expect(oldOnly).toMatchObject({ _tag: "StoreError", reason: "Corrupt" })
    })

    it("master-key rotation re-wraps more keys than one statement takes, and leaves the erased erased", async () => {
      const { run, withRing } = open()
      const s = sid()
      const people = Array.from({ length: 1201 }, (_, i) => `p-${i}`)
      await run(Effect.flatMap(EventStore.EventStore, (es) => es.append(s, 0, people.map((p) => ev("R", {}, { personId: p, personal: { name: `${secrets.name} ${p}` } })))))
      await run(Effect.flatMap(PersonalDataVault.PersonalDataVault, (v) => v.erase("p-7", worker)))
      const r = await withRing(MasterKey.unsafeKeyring(keyB, keyA))(Effect.flatMap(PersonalDataVault.PersonalDataVault, (v) => v.rotateMasterKey))
      expect(r.rewrapped).toBe(1200)
      const onlyNew = withRing(MasterKey.unsafeKeyring(keyB))
      const events = await onlyNew(Effect.flatMap(EventStore.EventStore, (es) => es.readStream(s)))
      const revealed = await onlyNew(Effect.flatMap(PersonalDataVault.PersonalDataVault, (v) => v.reveal(events, worker)))
      expect(revealed).toEqual(people.map((p) => (p === "p-7" ? { _tag: "Erased" } : { _tag: "Fields", fields: { name: `${secrets.name} ${p}` } })))
    })

    it("a large append seals each event's fields under its own person, whether sealed in the caller or off the main thread", async () => {
      const { run, runExit } = open()
      const s = sid()
      const events = Array.from({ length: 1000 }, (_, i) =>
        i % 3 === 2 ? ev("Note", { i }) : ev("Contact", { i }, { personId: `p-${i % 97}`, personal: { name: `${secrets.name} ${i}`, phone: secrets.phone } })
      )
      // A refused large append writes nothing, even though its sealing has already started.
      await run(Effect.flatMap(EventStore.EventStore, (es) => es.append(s, 0, [ev("First")])))
      const refused = await runExit(Effect.flatMap(EventStore.EventStore, (es) => es.append(s, 0, events)))
      expect(Exit.isFailure(refused)).toBe(true)
      expect(await run(Effect.flatMap(EventStore.EventStore, (es) => es.streamVersion(s)))).toBe(1)
      // With every key now at hand, sealing starts before the rest is checked; a bad event still refuses it all.
      const badType = events.map((e, i) => (i === 900 ? { ...e, type: "" } : e))
      const invalid = await run(Effect.flip(Effect.flatMap(EventStore.EventStore, (es) => es.append(s, 1, badType))))
      expect(invalid).toMatchObject({ _tag: "InvalidInput", field: "events[900].type" })
      expect(await run(Effect.flatMap(EventStore.EventStore, (es) => es.streamVersion(s)))).toBe(1)
      const r = await run(Effect.flatMap(EventStore.EventStore, (es) => es.append(s, 1, events)))
      expect(r.lastPosition - r.firstPosition).toBe(999)
      const read = await run(Effect.flatMap(EventStore.EventStore, (es) => es.readStream(s, { fromVersion: 2 })))
      expect(read.map((e) => e.data)).toEqual(events.map((e) => e.data))
      expect(JSON.stringify(read)).not.toContain(secrets.name)
      expect(new Set(read.flatMap((e) => (e.sealed === null ? [] : [e.sealed]))).size).toBe(667)
      const revealed = await run(Effect.flatMap(PersonalDataVault.PersonalDataVault, (v) => v.reveal(read, worker)))
      expect(revealed).toEqual(events.map((e, i) => (e.personal === undefined ? { _tag: "None" } : { _tag: "Fields", fields: { name: `${secrets.name} ${i}`, phone: secrets.phone } })))
    })

    it("markDispatched drains more outbox messages than one statement takes", async () => {
      const { run } = open()
      const outbox = Array.from({ length: 2500 }, (_, i) => ({ topic: "reminder", payload: { i } }))
      await run(Effect.flatMap(EventStore.EventStore, (es) => es.append(sid(), 0, [ev("SessionScheduled")], { outbox })))
      const pending = await run(Effect.flatMap(Outbox.Outbox, (o) => o.pending(5000)))
      expect(pending).toHaveLength(2500)
      await run(Effect.flatMap(Outbox.Outbox, (o) => o.markDispatched(pending.map((m) => m.id))))
      expect(await run(Effect.flatMap(Outbox.Outbox, (o) => o.pending()))).toEqual([])
    })

    it("retention purges expired personal fields of one record type, whole months only, and records the purge", async () => {
      const { run } = open()
      const s = sid()
      const january = Date.UTC(2026, 0, 10)
      await run(
        atTime(
          january,
          Effect.flatMap(EventStore.EventStore, (es) =>
            es.append(s, 0, [
              ev("FeedbackGiven", {}, { personId: "p-1", personal: { text: secrets.note }, recordType: "feedback" }),
              ev("ParticipantRegistered", {}, { personId: "p-1", personal: { name: secrets.name } })
            ])
          )
        )
      )
      // Recorded this month: its month has not ended, so its key lives on whatever the rule says.
      await run(Effect.flatMap(EventStore.EventStore, (es) => es.append(s, 2, [ev("FeedbackGiven", {}, { personId: "p-1", personal: { text: "tässä kuussa" }, recordType: "feedback" })])))
      const before = await run(Effect.flatMap(EventStore.EventStore, (es) => es.readStream(s)))
      const reports = await run(
        Effect.flatMap(Retention.Retention, (r) =>
          r.purge([{ recordType: "feedback", keepFor: "5 millis" }, { recordType: "ParticipantRegistered", keepFor: "3650 days" }], worker)
        )
      )
      expect(reports.map((r) => [r.recordType, r.purged, r.status])).toEqual([["feedback", 1, "complete"], ["ParticipantRegistered", 0, "complete"]])
      expect(reports[0]!.before.getUTCDate()).toBe(1)
      const exported = await run(Effect.flatMap(PersonalDataVault.PersonalDataVault, (v) => v.exportPerson("p-1", worker)))
      expect(exported.events.filter((e) => e.streamId === s).map((e) => e.personal)).toEqual(["purged", { name: secrets.name }, { text: "tässä kuussa" }])
      expect(exported.accessLog.map((a) => a.action)).toContain("retention-purge")
      // The envelope as it was before the purge (a copy in a WAL, a backup) no longer opens: its key is gone.
      expect(await run(Effect.flatMap(PersonalDataVault.PersonalDataVault, (v) => v.reveal(before, worker)))).toEqual([
        { _tag: "Purged" },
        { _tag: "Fields", fields: { name: secrets.name } },
        { _tag: "Fields", fields: { text: "tässä kuussa" } }
      ])
      const privacy = await run(Effect.flatMap(EventStore.EventStore, (es) => es.readStream(PersonalDataVault.privacyStream)))
      expect(privacy.filter((e) => e.type === "RetentionPurged").map((e) => (e.data as { recordType: string }).recordType)).toEqual([
        "feedback",
        "ParticipantRegistered"
      ])
    })

    it("each record type and month of a person has a key of its own, and erasure destroys every one of them", async () => {
      const { run, runDriver } = open()
      const s = sid()
      const months = [Date.UTC(2025, 10, 3), Date.UTC(2025, 11, 30), Date.UTC(2026, 0, 2)]
      for (const [i, t] of months.entries()) {
        await run(
          atTime(
            t,
            Effect.flatMap(EventStore.EventStore, (es) =>
              es.append(s, 2 * i, [
                ev("FeedbackGiven", {}, { personId: "p-1", personal: { text: `${secrets.note} ${i}` }, recordType: "feedback" }),
                ev("Registered", {}, { personId: "p-1", personal: { name: secrets.name } })
              ])
            )
          )
        )
      }
      const keys = await runDriver((d) => d.getKeys(["p-1"]))
      expect(keys.map((k) => `${k.retentionClass}@${k.period}`).sort()).toEqual(
        ["Registered@202511", "Registered@202512", "Registered@202601", "feedback@202511", "feedback@202512", "feedback@202601"]
      )
      const held = await run(Effect.flatMap(EventStore.EventStore, (es) => es.readStream(s)))
      await run(Effect.flatMap(PersonalDataVault.PersonalDataVault, (v) => v.erase("p-1", worker)))
      const after = await runDriver((d) => d.getKeys(["p-1"]))
      expect(after.length).toBe(7)
      expect(after.every((k) => k.wrappedKey === null && k.erasedAt !== null)).toBe(true)
      expect((await run(Effect.flatMap(PersonalDataVault.PersonalDataVault, (v) => v.reveal(held, worker)))).every((r) => r._tag === "Erased")).toBe(true)
      expect((await run(Effect.flatMap(PersonalDataVault.PersonalDataVault, (v) => v.status(["p-1"])))).get("p-1")).toBe("erased")
    })

    it("personal fields stored in the first format (one key per person, one value per event) still reveal, and erase", async () => {
      const { run, runDriver } = open()
      const s = sid()
      const dataKey = Buffer.alloc(32, 7)
      const masterKey = Buffer.from(keyA, "base64")
      const wrapped = `${MasterKey.unsafeKeyring(keyA).current.id}:${Crypto.seal(masterKey, dataKey, "dk:p-old")}`
      await runDriver((d) => d.ensureKeys([{ personId: "p-old", retentionClass: "", period: 0, wrappedKey: wrapped, createdAt: 1, erasedAt: null }]))
      const sealed = Crypto.seal(dataKey, JSON.stringify({ name: secrets.name }), "pd:p-old")
      await runDriver((d) =>
        d.append(s, 0, [{ type: "Registered", data: "{}", personId: "p-old", sealed, recordType: "Registered", recordedAt: Date.UTC(2024, 5, 1) }], [])
      )
      const events = await run(Effect.flatMap(EventStore.EventStore, (es) => es.readStream(s)))
      expect(await run(Effect.flatMap(PersonalDataVault.PersonalDataVault, (v) => v.reveal(events, worker)))).toEqual([{ _tag: "Fields", fields: { name: secrets.name } }])
      // New events of the same person go into envelopes under keys of their own class and month.
      await run(Effect.flatMap(EventStore.EventStore, (es) => es.append(s, 1, [ev("Noted", {}, { personId: "p-old", personal: { text: secrets.note } })])))
      const both = await run(Effect.flatMap(EventStore.EventStore, (es) => es.readStream(s)))
      expect(both[1]!.sealed!.startsWith("v2.")).toBe(true)
      expect((await run(Effect.flatMap(PersonalDataVault.PersonalDataVault, (v) => v.reveal(both, worker)))).map((r) => r._tag)).toEqual(["Fields", "Fields"])
      const erasure = await run(Effect.flatMap(PersonalDataVault.PersonalDataVault, (v) => v.erase("p-old", worker)))
      expect(erasure.alreadyErased).toBe(false)
      expect(await run(Effect.flatMap(PersonalDataVault.PersonalDataVault, (v) => v.reveal(both, worker)))).toEqual([{ _tag: "Erased" }, { _tag: "Erased" }])
    })

    it("an envelope moved to another event, stream or person does not open", async () => {
      const { run } = open()
      const s = sid()
      await run(
        Effect.flatMap(EventStore.EventStore, (es) =>
          es.append(s, 0, [ev("A", {}, { personId: "p-1", personal: { name: secrets.name } }), ev("B", {}, { personId: "p-1", personal: { name: "x" } })])
        )
      )
      const [a, b] = await run(Effect.flatMap(EventStore.EventStore, (es) => es.readStream(s)))
      for (const moved of [{ ...b!, sealed: a!.sealed }, { ...a!, streamId: `${s}-other` }, { ...a!, personId: "p-2" }, { ...a!, recordType: "other" }]) {
        const r = await run(Effect.flip(Effect.flatMap(PersonalDataVault.PersonalDataVault, (v) => v.reveal([moved], worker))))
        expect(r).toMatchObject({ _tag: "StoreError", reason: "Corrupt" })
      }
    })

    it("projections catch up from their checkpoint and a rebuild from 0 gives the same state", async () => {
      const { run } = open()
      const s = sid()
      await run(Effect.flatMap(EventStore.EventStore, (es) => es.append(s, 0, [ev("A"), ev("B")])))
      const first = await run(Projection.catchUp(tally))
      await run(Effect.flatMap(EventStore.EventStore, (es) => es.append(s, 2, [ev("C")])))
      const second = await run(Projection.catchUp(tally))
      expect(second.applied).toBe(1)
      expect(second.state.count).toBe(first.state.count + 1)
      const rebuilt = await run(Projection.rebuild(tally, { batchSize: 2 }))
      expect(rebuilt.state).toEqual(second.state)
      const saved = await run(Effect.flatMap(Projection.ProjectionStore, (p) => p.load("tally")))
      expect(Option.map(saved, (c) => c.position)).toEqual(Option.some(rebuilt.position))
    })

    it("follow delivers existing events, then new ones as they are written", async () => {
      const { run } = open()
      const s = sid()
      const start = await run(Effect.flatMap(EventStore.EventStore, (es) => es.head))
      await run(Effect.flatMap(EventStore.EventStore, (es) => es.append(s, 0, [ev("A")])))
      const got = await run(
        Effect.gen(function* () {
          const es = yield* EventStore.EventStore
          const fiber = yield* Effect.fork(Stream.runCollect(Stream.take(es.follow(start, { pollIntervalMillis: 10 }), 3)))
          yield* Effect.sleep("30 millis")
          yield* es.append(s, 1, [ev("B"), ev("C")])
          return Chunk.toReadonlyArray(yield* Fiber.join(fiber))
        })
      )
      expect(got.map((e) => e.type)).toEqual(["A", "B", "C"])
    })

    it("a reveal to a recipient is refused without a Disclosure for that recipient, purpose and person, and nothing is logged", async () => {
      const { run } = open()
      const s = sid()
      await run(
        Effect.flatMap(EventStore.EventStore, (es) =>
          es.append(s, 0, [
            ev("ParticipantRegistered", {}, { personId: "p-1", personal: { name: secrets.name } }),
            ev("ParticipantRegistered", {}, { personId: "p-2", personal: { name: "Other Person" } })
          ])
        )
      )
      const [one, two] = await run(Effect.flatMap(EventStore.EventStore, (es) => es.readStream(s)))
      const context: AccessLog.AccessContext = { ...worker, purpose: Disclosure.purpose, recipient: "social-worker-3" }
      const valid = disclosureOf("p-1", "social-worker-3")
      const attempts: ReadonlyArray<[string, ReadonlyArray<EventStore.RecordedEvent>, AccessLog.AccessContext, unknown]> = [
        ["no proof", [one!], context, undefined],
        ["a plain object shaped like a proof", [one!], context, { request: valid.request, at: valid.at, basis: valid.basis }],
        ["a proof for another recipient", [one!], context, disclosureOf("p-1", "other-service-9")],
        ["a proof for another person", [one!], context, disclosureOf("p-2", "social-worker-3")],
        ["a proof for one person, revealing two", [one!, two!], context, valid],
        ["a proof used for another purpose", [one!], { ...context, purpose: "annual-report" }, valid]
      ]
      for (const [what, events, ctx, proof] of attempts) {
        const refused = await run(
          Effect.flip(Effect.flatMap(PersonalDataVault.PersonalDataVault, (v) => v.reveal(events, ctx, proof as Disclosure.Disclosure)))
        )
        expect(refused, what).toMatchObject({ _tag: "DisclosureRefused", recipient: "social-worker-3" })
      }
      for (const p of ["p-1", "p-2"]) {
        const log = await run(Effect.flatMap(AccessLog.AccessLog, (l) => l.forPerson(p, worker)))
        expect(log.filter((a) => a.action === "disclosure")).toEqual([])
      }
      const shown = await run(Effect.flatMap(PersonalDataVault.PersonalDataVault, (v) => v.reveal([one!], context, valid)))
      expect(shown).toEqual([{ _tag: "Fields", fields: { name: secrets.name } }])
    })

    it("an erasure that fails between its steps is completed by a rerun: the key is gone, one PersonErased event, one erasure entry", async () => {
      const { run, withRing, runDriver } = open()
      const failing = (step: "destroyKey" | "event" | "log") => {
        let armed = true
        const boom = () => {
          armed = false
          return Effect.fail(new StoreError.StoreError({ reason: "Unavailable", retryable: true, message: `injected failure at ${step}` }))
        }
        return (d: StoreDriver.StoreDriver): StoreDriver.StoreDriver => ({
          ...d,
          destroyKey: (p, at) => (armed && step === "destroyKey" ? boom() : d.destroyKey(p, at)),
          append: (streamId, ...rest) => (armed && step === "event" && streamId === PersonalDataVault.privacyStream ? boom() : d.append(streamId, ...rest)),
          insertAccess: (rows) => (armed && step === "log" && rows.some((r) => r.action === "erasure") ? boom() : d.insertAccess(rows))
        })
      }
      for (const [i, step] of (["destroyKey", "event", "log"] as const).entries()) {
        const person = `p-fail-${i}`
        const s = sid()
        await run(Effect.flatMap(EventStore.EventStore, (es) => es.append(s, 0, [ev("Noted", {}, { personId: person, personal: { text: secrets.note } })])))
        const broken = withRing(ring, failing(step))
        const first = await broken(Effect.exit(Effect.flatMap(PersonalDataVault.PersonalDataVault, (v) => v.erase(person, worker))))
        expect(Exit.isFailure(first), step).toBe(true)
        const status = await run(Effect.flatMap(PersonalDataVault.PersonalDataVault, (v) => v.status([person])))
        expect(status.get(person), step).toBe(step === "destroyKey" ? "active" : "erased")
        const again = await run(Effect.flatMap(PersonalDataVault.PersonalDataVault, (v) => v.erase(person, worker)))
        expect(again.alreadyErased, step).toBe(step !== "destroyKey")
        await run(Effect.flatMap(PersonalDataVault.PersonalDataVault, (v) => v.erase(person, worker)))
        const privacy = await run(Effect.flatMap(EventStore.EventStore, (es) => es.readStream(PersonalDataVault.privacyStream)))
        expect(privacy.filter((e) => e.type === "PersonErased" && e.personId === person), step).toHaveLength(1)
        const log = await run(Effect.flatMap(AccessLog.AccessLog, (l) => l.forPerson(person, worker)))
        expect(log.filter((a) => a.action === "erasure"), step).toHaveLength(1)
        const [key] = await runDriver((d) => d.getKeys([person]))
        expect(key?.wrappedKey, step).toBeNull()
      }
    })

    it("a wrong master key is refused before anything is written, naming the configuration variable", async () => {
      const { run, runDriver, openExit } = open()
      await run(Effect.flatMap(EventStore.EventStore, (es) => es.append(sid(), 0, [ev("R", {}, { personId: "p-1", personal: { name: secrets.name } })])))
      const keys = await runDriver((d) => d.allKeys)
      const checks = await runDriver((d) => d.masterKeyChecks)
      expect(checks.map((c) => c.id)).toEqual([ring.current.id])
      const failure = async (exit: Exit.Exit<void, unknown>) => {
        expect(Exit.isFailure(exit)).toBe(true)
        return Exit.isFailure(exit) ? Option.getOrUndefined(Exit.causeOption(exit).pipe(Option.flatMap((c) => Option.fromNullable(JSON.parse(JSON.stringify(c)))))) : undefined
      }
      const wrong = MasterKey.unsafeKeyring(keyB)
      expect(JSON.stringify(await failure(await openExit(wrong)))).toContain('"field":"VERTAISTUKI_MASTER_KEY"')
      expect(JSON.stringify(await failure(await openExit({ ...wrong, variable: "APP_MASTER_KEY" })))).toContain('"field":"APP_MASTER_KEY"')
      // A check value that does not match its key id, and a store from before key checks (only its wrapped keys say which master key).
      const tampered = (d: StoreDriver.StoreDriver): StoreDriver.StoreDriver => ({ ...d, masterKeyChecks: Effect.succeed([{ id: ring.current.id, check: "0".repeat(64) }]) })
      expect(JSON.stringify(await failure(await openExit(ring, tampered)))).toContain("does not match")
      const legacy = (d: StoreDriver.StoreDriver): StoreDriver.StoreDriver => ({ ...d, masterKeyChecks: Effect.succeed([]), addMasterKeyChecks: () => Effect.void })
      expect(JSON.stringify(await failure(await openExit(wrong, legacy)))).toContain('"field":"VERTAISTUKI_MASTER_KEY"')
      expect(Exit.isSuccess(await openExit(ring, legacy))).toBe(true)
      expect(await runDriver((d) => d.allKeys)).toEqual(keys)
      expect(await runDriver((d) => d.masterKeyChecks)).toEqual(checks)
      // A rotation (the new key current, the old one previous) adds the new key's check; then the new key alone opens the store.
      expect(Exit.isSuccess(await openExit(MasterKey.unsafeKeyring(keyB, keyA)))).toBe(true)
      expect(Exit.isSuccess(await openExit(wrong))).toBe(true)
      expect(Exit.isFailure(await openExit(MasterKey.unsafeKeyring(MasterKey.generate())))).toBe(true)
    })

    it("typed events round-trip through a Schema encoder and decoder", async () => {
      const { run } = open()
      const { Schema } = await import("effect")
      const Joined = Schema.TaggedStruct("Joined", { participantId: Schema.String, at: Schema.DateFromString })
      const encode = EventStore.encoder(Joined, { personId: (e) => e.participantId })
      const decode = EventStore.decoder(Joined)
      const value = { _tag: "Joined" as const, participantId: "p-4", at: new Date("2026-01-02T10:00:00Z") }
      const s = sid()
      const newEvent = Either.getOrThrow(encode(value))
      await run(Effect.flatMap(EventStore.EventStore, (es) => es.append(s, 0, [newEvent])))
      const [stored] = await run(Effect.flatMap(EventStore.EventStore, (es) => es.readStream(s)))
      expect(stored?.personId).toBe("p-4")
      expect(Either.getOrThrow(decode(stored!))).toEqual(value)
      expect(Either.isLeft(encode({ ...value, participantId: 5 as unknown as string }))).toBe(true)
    })
  })
}
