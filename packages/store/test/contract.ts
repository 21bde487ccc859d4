/**
 * The contract every adapter of the store must meet. Each adapter's tests call `contract` with a factory
 * of its driver layer; the same tests then run unchanged against the in-memory, SQLite and PostgreSQL
 * adapters.
 */
import { spawn } from "node:child_process"
import { fileURLToPath } from "node:url"
import { Consent, Disclosure } from "@vertaistuki/core"
import { Cause, Chunk, Deferred, Duration, Effect, Either, Exit, Fiber, Layer, ManagedRuntime, Option, Stream } from "effect"
import fc from "fast-check"
import { afterEach, describe, expect, it } from "vitest"
import { AccessLog, Deliveries, EventStore, MasterKey, Outbox, PersonalDataVault, Projection, Retention, StoreDriver, StoreError } from "../src/index.js"
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

    it("appendMany writes every item in order: versions continue per stream, positions follow each other, each item's outbox at its last position, personal fields sealed", async () => {
      const { run } = open()
      const es = await run(EventStore.EventStore)
      if (es.appendMany === undefined) return expect(es.transaction).toBeUndefined()
      const [a, b] = [sid(), sid("participant")]
      await run(es.append(a, "no-stream", [ev("A", { n: 0 })]))
      const head = await run(es.head)
      const results = await run(
        es.appendMany([
          { streamId: a, expectedVersion: 1, events: [ev("A", { n: 1 }), ev("A", { n: 2 })] },
          { streamId: b, expectedVersion: "no-stream", events: [ev("B", { participantId: "p-many" }, { personId: "p-many", personal: { name: secrets.name } })], options: { outbox: [{ topic: "t", payload: { x: 1 } }] } },
          { streamId: a, expectedVersion: 3, events: [ev("A", { n: 3 })] }
        ])
      )
      expect(results.map((r) => [r.streamId, r.nextVersion, r.firstPosition - head, r.lastPosition - head])).toEqual([
        [a, 3, 1, 2],
        [b, 1, 3, 3],
        [a, 4, 4, 4]
      ])
      expect((await run(es.readStream(a))).map((e) => [e.version, e.data])).toEqual([[1, { n: 0 }], [2, { n: 1 }], [3, { n: 2 }], [4, { n: 3 }]])
      const [stored] = await run(es.readStream(b))
      expect(stored!.sealed).not.toBeNull()
      expect(JSON.stringify(stored)).not.toContain(secrets.name)
      const [revealed] = await run(Effect.flatMap(PersonalDataVault.PersonalDataVault, (v) => v.reveal([stored!], worker)))
      expect(revealed).toEqual({ _tag: "Fields", fields: { name: secrets.name } })
      const pending = await run(Effect.flatMap(Outbox.Outbox, (o) => o.pending()))
      expect(pending.map((m) => [m.topic, m.position])).toEqual([["t", head + 3]])
    })

    it("appendMany with one wrong expected version fails with that stream's ConcurrencyConflict and writes nothing", async () => {
      const { run, runExit } = open()
      const es = await run(EventStore.EventStore)
      if (es.appendMany === undefined) return expect(es.transaction).toBeUndefined()
      const [a, b] = [sid(), sid()]
      await run(es.append(b, "no-stream", [ev("B")]))
      const head = await run(es.head)
      const exit = await runExit(
        es.appendMany([
          { streamId: a, expectedVersion: "no-stream", events: [ev("A")], options: { outbox: [{ topic: "t", payload: {} }] } },
          { streamId: b, expectedVersion: 0, events: [ev("B")] }
        ])
      )
      expect(Exit.isFailure(exit) && Cause.failureOption(exit.cause).pipe(Option.map((e) => [e._tag, (e as StoreError.ConcurrencyConflict).streamId]), Option.getOrNull)).toEqual(["ConcurrencyConflict", b])
      expect(await run(es.head)).toBe(head)
      expect(await run(es.streamVersion(a))).toBe(0)
      expect(await run(Effect.flatMap(Outbox.Outbox, (o) => o.pending()))).toEqual([])
    })

    it("a transaction that fails undoes its appends and the data keys they made; the store seals the next append with a key it keeps", async () => {
      const { run, runExit } = open()
      const es = await run(EventStore.EventStore)
      if (es.transaction === undefined) return expect(es.appendMany).toBeUndefined()
      const s = sid("participant")
      const person = { personId: "p-tx", personal: { name: secrets.name } }
      const failed = await runExit(es.transaction(Effect.zipRight(es.append(s, "no-stream", [ev("A", { participantId: "p-tx" }, person)]), Effect.fail("stop" as const))))
      expect(Exit.isFailure(failed)).toBe(true)
      expect(await run(es.streamVersion(s))).toBe(0)
      await run(es.transaction(es.append(s, "no-stream", [ev("A", { participantId: "p-tx" }, person)])))
      const read = await run(es.readStream(s))
      expect(await run(Effect.flatMap(PersonalDataVault.PersonalDataVault, (v) => v.reveal(read, worker)))).toEqual([{ _tag: "Fields", fields: { name: secrets.name } }])
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

    it("readStreams reads many streams in one call, logs one entry per stream read in one write, and refuses a bad id naming it", async () => {
      const { run, runExit } = open()
      const [a, b] = [sid("participant"), sid("participant")]
      await run(Effect.flatMap(EventStore.EventStore, (es) => Effect.zipRight(es.append(a, 0, [ev("A", {}, { personId: "p-a" })]), es.append(b, 0, [ev("B"), ev("C")]))))
      const before = (await run(Effect.flatMap(AccessLog.AccessLog, (l) => l.verify))).checked
      const read = await run(Effect.flatMap(EventStore.EventStore, (es) => es.readStreams([a, b, a, sid("missing")])))
      expect([...read.keys()].length).toBe(3)
      expect(read.get(a)?.map((e) => e.type)).toEqual(["A"])
      expect(read.get(b)?.map((e) => e.type)).toEqual(["B", "C"])
      const after = (await run(Effect.flatMap(AccessLog.AccessLog, (l) => l.verify))).checked
      expect(after - before).toBe(2)
      const bad = await runExit(Effect.flatMap(EventStore.EventStore, (es) => es.readStreams([a, "__proto__"])))
      expect(Exit.isFailure(bad) && JSON.stringify(bad.cause)).toContain('"field":"streamIds[1]"')
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

    it("a projection's lease has one owner at a time; an expired lease is taken over with a new epoch, and the old owner can no longer save", async () => {
      const { run, runExit } = open()
      const ps = Projection.ProjectionStore
      const a = await run(Effect.flatMap(ps, (p) => p.acquire("tally", "instance-a", 300)))
      expect(Option.map(a, (l) => [l.owner, l.epoch])).toEqual(Option.some(["instance-a", 1]))
      expect(Option.isNone(await run(Effect.flatMap(ps, (p) => p.acquire("tally", "instance-b", 300))))).toBe(true)
      // A renewal keeps the epoch; the holder is the same as seen by anyone.
      const renewed = await run(Effect.flatMap(ps, (p) => p.acquire("tally", "instance-a", 300)))
      expect(Option.map(renewed, (l) => l.epoch)).toEqual(Option.some(1))
      const checkpoint = { position: 0, version: 1, state: JSON.stringify({ count: 0, erased: [] }) }
      expect(await run(Effect.flatMap(ps, (p) => p.saveAsOwner("tally", checkpoint, Option.getOrThrow(a))))).toBe(true)
      await run(Effect.sleep("400 millis"))
      const b = await run(Effect.flatMap(ps, (p) => p.acquire("tally", "instance-b", 300)))
      expect(Option.map(b, (l) => [l.owner, l.epoch])).toEqual(Option.some(["instance-b", 2]))
      expect(await run(Effect.flatMap(ps, (p) => p.saveAsOwner("tally", { ...checkpoint, position: 99 }, Option.getOrThrow(a))))).toBe(false)
      expect(Option.map(await run(Effect.flatMap(ps, (p) => p.load("tally"))), (c) => c.position)).toEqual(Option.some(0))
      expect(Option.isNone(await run(Effect.flatMap(ps, (p) => p.acquire("tally", "instance-a", 300))))).toBe(true)
      // A clean shutdown hands over at once.
      await run(Effect.flatMap(ps, (p) => p.release("tally", "instance-b")))
      expect(Option.map(await run(Effect.flatMap(ps, (p) => p.acquire("tally", "instance-a", 300))), (l) => l.epoch)).toEqual(Option.some(3))
      const bad = await runExit(Effect.flatMap(ps, (p) => p.acquire("tally", "bad\nowner", 300)))
      expect(Exit.isFailure(bad) && JSON.stringify(bad.cause)).toContain('"field":"owner"')
    })

    it("run: one of two instances runs a projection; when it stops without a word the other takes over from its checkpoint, and the state equals a rebuild", async () => {
      const { run } = open()
      const s = sid()
      const append = (n: number, from: number) =>
        run(Effect.flatMap(EventStore.EventStore, (es) => es.append(s, from, Array.from({ length: n }, (_, i) => ev(`E${from + i}`)))))
      await append(5, 0)
      const owners: Array<string> = []
      /** An instance running the projection until told to stop, when it is interrupted wherever it is (no release). */
      const instance = (owner: string) => {
        const stop = Effect.runSync(Deferred.make<void>())
        const done = run(
          Effect.race(
            Projection.run(tally, {
              owner,
              leaseMillis: 300,
              pollIntervalMillis: 20,
              standbyIntervalMillis: 30,
              onOwnership: (owned) => Effect.sync(() => void (owned && owners.push(owner)))
            }),
            Deferred.await(stop)
          )
        )
        return () => Effect.runPromise(Deferred.succeed(stop, undefined)).then(() => done)
      }
      const a = instance("instance-a")
      await run(Effect.sleep("150 millis"))
      const b = instance("instance-b")
      const holder = () => run(Effect.flatMap(Projection.ProjectionStore, (p) => p.holder("tally")))
      const first = Option.getOrThrow(await holder()).owner
      await append(5, 5)
      await run(Effect.sleep("150 millis"))
      const read = await run(Projection.read(tally))
      expect(read.state.count).toBe(10)
      // The owner stops without releasing (as a killed process would): its fiber is interrupted mid-run.
      await (first === "instance-a" ? a : b)()
      const stoppedAt = Date.now()
      await append(7, 10)
      let takeover = -1
      for (let i = 0; i < 100 && takeover < 0; i++) {
        const h = await holder()
        if (Option.isSome(h) && h.value.owner !== first) takeover = Date.now() - stoppedAt
        else await run(Effect.sleep("20 millis"))
      }
      expect(takeover).toBeGreaterThanOrEqual(0)
      expect(takeover).toBeLessThan(300 + 30 + 500)
      for (let i = 0; i < 100; i++) {
        const saved = await run(Effect.flatMap(Projection.ProjectionStore, (p) => p.load("tally")))
        if (Option.isSome(saved) && saved.value.position === (await run(Effect.flatMap(EventStore.EventStore, (es) => es.head)))) break
        await run(Effect.sleep("20 millis"))
      }
      await (first === "instance-a" ? b : a)()
      const saved = Option.getOrThrow(await run(Effect.flatMap(Projection.ProjectionStore, (p) => p.load("tally"))))
      const rebuilt = await run(Projection.read({ ...tally, name: "tally-rebuild" }))
      expect(JSON.parse(saved.state)).toEqual(rebuilt.state)
      expect(rebuilt.state.count).toBe(17)
      expect(owners).toEqual([first, first === "instance-a" ? "instance-b" : "instance-a"])
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

    /** Appends `n` outbox entries naming `p-0`, `p-1`, …; their ids, oldest first. */
    const outboxOf = async (run: ReturnType<typeof open>["run"], n: number, topic = "session-scheduled") => {
      const s = sid()
      await run(
        Effect.flatMap(EventStore.EventStore, (es) =>
          es.append(s, 0, [ev("SessionScheduled")], { outbox: Array.from({ length: n }, (_, i) => ({ topic, payload: { n: i }, personId: `p-${i}` })) })
        )
      )
      const pending = await run(Effect.flatMap(Outbox.Outbox, (o) => o.pending(10_000)))
      return pending.slice(-n).map((m) => m.id)
    }

    const newDelivery = (id: string, deliverAt: number, extra: Partial<Deliveries.NewDelivery> = {}): Deliveries.NewDelivery => ({
      deliveryId: id,
      participantId: `pt-${id}`,
      personId: `person-${id}`,
      channel: "email",
      template: "session-reminder",
      language: "fi",
      deliverAt: new Date(deliverAt).toISOString(),
      deadline: new Date(deliverAt + 86_400_000).toISOString(),
      intent: { deliveryId: id, values: { start: "2026-03-02T16:00:00.000Z" } },
      ...extra
    })

    const D = <A, E, R>(f: (d: Deliveries.Deliveries) => Effect.Effect<A, E, R>) => Effect.flatMap(Deliveries.Deliveries, f)

    it("deliveries: an outbox entry is claimed under a lease; planning records its deliveries and marks it planned in one step, idempotent on the delivery id", async () => {
      const { run } = open()
      const [first, second, third] = await outboxOf(run, 3)
      const other = await outboxOf(run, 1, "invoice")
      const a = await run(D((d) => d.claimOutbox({ owner: "dispatcher-a", topics: ["session-scheduled"], leaseMillis: 60_000 })))
      expect(a.map((e) => e.id)).toEqual([first, second, third])
      expect(a[0]).toMatchObject({ topic: "session-scheduled", payload: { n: 0 }, personId: "p-0" })
      // Held by A's lease: B gets nothing, and an entry of another topic stays out.
      expect(await run(D((d) => d.claimOutbox({ owner: "dispatcher-b", topics: ["session-scheduled"] })))).toEqual([])
      const now = Date.now()
      const rows = [newDelivery("d-1", now - 1000), newDelivery("d-2", now + 3_600_000, { channel: "sms" }), newDelivery("d-3", now, { status: "expired", reason: "past the deadline" })]
      expect(await run(D((d) => d.plan(first!, rows)))).toEqual({ outboxId: first, inserted: 3 })
      // Planned again (a crash before the first plan was known): nothing new, nothing changed.
      expect(await run(D((d) => d.plan(first!, [...rows, newDelivery("d-1", now + 99_999)])))).toEqual({ outboxId: first, inserted: 0 })
      const listed = await run(D((d) => d.list({ outboxId: first! })))
      expect(listed.map((r) => [r.deliveryId, r.status, r.channel, r.lastError])).toEqual([
        ["d-1", "pending", "email", null],
        ["d-2", "pending", "sms", null],
        ["d-3", "expired", "email", "past the deadline"]
      ])
      expect(listed[0]!.deliverAt.getTime()).toBe(now - 1000)
      expect(listed[0]!.intent).toEqual({ deliveryId: "d-1", values: { start: "2026-03-02T16:00:00.000Z" } })
      // The planned entry is no longer pending; the others are, until A's lease ends and B takes them.
      expect((await run(Effect.flatMap(Outbox.Outbox, (o) => o.pending()))).map((m) => m.id)).toEqual([second, third, other[0]])
      const later = await run(atTime(Date.now() + 61_000, D((d) => d.claimOutbox({ owner: "dispatcher-b", topics: ["session-scheduled"], limit: 1 }))))
      expect(later.map((e) => e.id)).toEqual([second])
      const all = await run(atTime(Date.now() + 61_000, D((d) => d.claimOutbox({ owner: "dispatcher-c" }))))
      expect(all.map((e) => e.id)).toEqual([third, other[0]])
    })

    it("deliveries: due ones are claimed under a lease, settled only by the lease's owner, and taken over when the lease ends", async () => {
      const { run } = open()
      const [entry] = await outboxOf(run, 1)
      const now = Date.now()
      await run(D((d) => d.plan(entry!, [newDelivery("d-due", now - 5000), newDelivery("d-early", now - 1000), newDelivery("d-later", now + 3_600_000)])))
      const a = await run(D((d) => d.claimDue({ owner: "a", leaseMillis: 30_000 })))
      expect(a.map((r) => [r.deliveryId, r.status, r.attempts, r.leaseOwner])).toEqual([
        ["d-due", "sending", 1, "a"],
        ["d-early", "sending", 1, "a"]
      ])
      expect(await run(D((d) => d.claimDue({ owner: "b" })))).toEqual([])
      expect(await run(D((d) => d.settle("d-due", "b", { _tag: "Sent", providerMessageId: "x", consentRecord: null })))).toBe(false)
      // A's lease ends: B takes the delivery over (a second attempt), and A's late result is refused.
      const b = await run(atTime(Date.now() + 31_000, D((d) => d.claimDue({ owner: "b", limit: 1 }))))
      expect(b.map((r) => [r.deliveryId, r.attempts, r.leaseOwner])).toEqual([["d-due", 2, "b"]])
      expect(await run(D((d) => d.settle("d-due", "a", { _tag: "Sent", providerMessageId: "late", consentRecord: null })))).toBe(false)
      expect(await run(D((d) => d.settle("d-due", "b", { _tag: "Sent", providerMessageId: "<d-due@example.test>", consentRecord: "consent-7" })))).toBe(true)
      expect(await run(D((d) => d.settle("d-due", "b", { _tag: "Failed", error: "again" })))).toBe(false)
      // A transient failure waits for its next attempt; a deferral does not count as one.
      const retryAt = new Date(Date.now() + 10_000)
      expect(await run(D((d) => d.settle("d-early", "a", { _tag: "Retry", error: "SMTP 451", nextAttemptAt: retryAt })))).toBe(true)
      expect(await run(D((d) => d.claimDue({ owner: "a" })))).toEqual([])
      const again = await run(atTime(retryAt.getTime(), D((d) => d.claimDue({ owner: "a" }))))
      expect(again.map((r) => [r.deliveryId, r.attempts, r.lastError])).toEqual([["d-early", 2, "SMTP 451"]])
      const until = new Date(retryAt.getTime() + 60_000)
      expect(await run(D((d) => d.settle("d-early", "a", { _tag: "Defer", until })))).toBe(true)
      const deferred = await run(atTime(until.getTime(), D((d) => d.claimDue({ owner: "a" }))))
      expect(deferred.map((r) => [r.deliveryId, r.attempts])).toEqual([["d-early", 2]])
      expect(await run(D((d) => d.settle("d-early", "a", { _tag: "Parked", error: "5 attempts" })))).toBe(true)
      const counts = await run(D((d) => d.counts))
      expect(counts.byStatus).toEqual({ pending: 1, sending: 0, sent: 1, suppressed: 0, expired: 0, failed: 0, parked: 1 })
      expect(counts.oldestPending?.getTime()).toBe(now + 3_600_000)
      expect(await run(D((d) => d.requeueParked))).toBe(1)
      const [requeued] = await run(D((d) => d.list({ status: "pending", limit: 1 })))
      expect(requeued).toMatchObject({ deliveryId: "d-early", attempts: 0, lastError: "5 attempts" })
      const [sent] = await run(D((d) => d.list({ status: "sent" })))
      expect(sent).toMatchObject({ deliveryId: "d-due", providerMessageId: "<d-due@example.test>", consentRecord: "consent-7", leaseOwner: null, attempts: 2 })
    })

    it("deliveries: concurrent claimers never claim the same outbox entry or delivery", async () => {
      const { run } = open()
      const entries = await outboxOf(run, 30)
      const claimers = ["c-1", "c-2", "c-3", "c-4"]
      const claimedEntries = await run(
        Effect.all(
          claimers.map((owner) => Effect.map(Effect.all(Array.from({ length: 5 }, () => D((d) => d.claimOutbox({ owner, limit: 3 }))), { concurrency: 2 }), (xs) => xs.flat())),
          { concurrency: "unbounded" }
        )
      )
      const ids = claimedEntries.flat().map((e) => e.id)
      expect(new Set(ids).size).toBe(ids.length)
      expect([...ids].sort((x, y) => x - y)).toEqual(entries)
      const now = Date.now() - 1000
      await run(Effect.forEach(entries, (id, i) => D((d) => d.plan(id, [newDelivery(`d-${i}-a`, now), newDelivery(`d-${i}-b`, now, { channel: "sms" })])), { concurrency: 4 }))
      const claimed = await run(
        Effect.all(
          claimers.map((owner) => Effect.map(Effect.all(Array.from({ length: 6 }, () => D((d) => d.claimDue({ owner, limit: 4 }))), { concurrency: 2 }), (xs) => xs.flat())),
          { concurrency: "unbounded" }
        )
      )
      const got = claimed.flat().map((r) => r.deliveryId)
      expect(new Set(got).size).toBe(got.length)
      expect(got.length).toBe(60)
      for (const [i, owner] of claimers.entries()) for (const r of claimed[i]!) expect(r.leaseOwner).toBe(owner)
    })

    it("deliveries: hostile ids and bad input fail with InvalidInput naming the field; nothing is stored and the entry stays in the outbox", async () => {
      const { run } = open()
      const [entry] = await outboxOf(run, 1)
      const now = Date.now()
      const field = async <A, E>(eff: Effect.Effect<A, E, StoreDriver.Services | AccessLog.Actor>) => {
        const e = (await run(Effect.flip(eff))) as unknown as StoreError.InvalidInput
        expect(e._tag).toBe("InvalidInput")
        return e.field
      }
      expect(await field(D((d) => d.claimOutbox({ owner: "__proto__" })))).toBe("owner")
      expect(await field(D((d) => d.claimOutbox({ owner: "a", limit: 0 })))).toBe("limit")
      expect(await field(D((d) => d.claimOutbox({ owner: "a", topics: ["ok", "bad topic\n"] })))).toBe("topics[1]")
      expect(await field(D((d) => d.claimDue({ owner: "a", leaseMillis: -5 })))).toBe("leaseMillis")
      expect(await field(D((d) => d.plan(entry!, [newDelivery("d-ok", now), newDelivery("__proto__", now)])))).toBe("deliveries[1].deliveryId")
      expect(await field(D((d) => d.plan(entry!, [newDelivery("d-ok", now, { personId: "constructor\u0000" })])))).toBe("deliveries[0].personId")
      expect(await field(D((d) => d.plan(entry!, [newDelivery("d-ok", now, { channel: "pigeon" as "sms" })])))).toBe("deliveries[0].channel")
      expect(await field(D((d) => d.plan(entry!, [newDelivery("d-ok", now, { deliverAt: "tomorrow" })])))).toBe("deliveries[0].deliverAt")
      expect(await field(D((d) => d.plan(entry!, [newDelivery("d-ok", now, { status: "sent" as "pending" })])))).toBe("deliveries[0].status")
      expect(await field(D((d) => d.plan(entry!, [newDelivery("d-ok", now, { status: "expired" })])))).toBe("deliveries[0].reason")
      expect(await field(D((d) => d.plan(entry!, [newDelivery("d-ok", now, { intent: { participantId: "../../etc" } })])))).toBe("deliveries[0].intent.participantId")
      expect(await field(D((d) => d.plan(-1, [])))).toBe("outboxId")
      expect(await field(D((d) => d.plan(entry! + 1000, [newDelivery("d-ok", now)])))).toBe("outboxId")
      expect(await field(D((d) => d.settle("__proto__", "a", { _tag: "Failed", error: "x" })))).toBe("deliveryId")
      expect(await field(D((d) => d.settle("d-ok", "a", { _tag: "Exploded" } as unknown as Deliveries.Outcome)))).toBe("outcome._tag")
      expect(await field(D((d) => d.settle("d-ok", "a", { _tag: "Retry", error: "x", nextAttemptAt: new Date(Number.NaN) })))).toBe("outcome.nextAttemptAt")
      expect(await field(D((d) => d.list({ status: "lost" as "sent" })))).toBe("status")
      expect(await run(D((d) => d.list()))).toEqual([])
      expect((await run(Effect.flatMap(Outbox.Outbox, (o) => o.pending()))).map((m) => m.id)).toEqual([entry])
    })

    it("deliveries: reads that name people are logged under the Actor, one entry per person; counts name no one", async () => {
      const { run } = open()
      const [entry] = await outboxOf(run, 1)
      await run(D((d) => d.claimOutbox({ owner: "a" })))
      await run(D((d) => d.plan(entry!, [newDelivery("d-x", Date.now() - 10)])))
      const dispatcher = { actor: "notification-dispatcher", purpose: "reminder", legalBasis: "consent" }
      await run(D((d) => d.claimDue({ owner: "a" })).pipe(AccessLog.actingAs(dispatcher)))
      await run(D((d) => d.counts))
      const log = await run(Effect.flatMap(AccessLog.AccessLog, (l) => l.forPerson("person-d-x", worker)))
      expect(log.filter((e) => e.action === "read").map((e) => [e.actor, e.purpose, e.detail])).toEqual([["notification-dispatcher", "reminder", "deliveries"]])
      const outboxReads = await run(Effect.flatMap(AccessLog.AccessLog, (l) => l.forPerson("p-0", worker)))
      expect(outboxReads.filter((e) => e.detail === "outbox").length).toBeGreaterThanOrEqual(2)
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
