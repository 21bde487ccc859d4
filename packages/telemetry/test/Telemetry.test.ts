import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { InMemorySpanExporter, SimpleSpanProcessor } from "@opentelemetry/sdk-trace-base"
import { Participant } from "@vertaistuki/core"
import { AccessLog, ConsentRegistry, EventStore, GroupRoster, InMemoryEventStore, LifecycleCodec, MasterKey, PersonalDataVault, Projection } from "@vertaistuki/store"
import { ConfigProvider, Effect, Either, Layer, Metric } from "effect"
import { DateTime } from "luxon"
import { SqliteEventStore } from "@vertaistuki/store-sqlite"
import { afterAll, describe, expect, it } from "vitest"
import { Telemetry } from "../src/index.js"

const worker = { actor: "worker-anna", purpose: "group-administration", legalBasis: "Social Welfare Act 1301/2014" }
const people = [
  { personId: "person-a7", participantId: "parent-q3", name: "Aino Mäkelä", phone: "+358401110001" },
  { personId: "person-b8", participantId: "parent-r4", name: "Jukka Nieminen", phone: "+358401110002" }
]
const groupId = "group-z9"
const at = "2026-03-02T08:00:00.000Z"
const now = DateTime.fromISO(at, { zone: "Europe/Helsinki" })

/** A group's first steps, stored and read as an app would, with a conflict and a hostile id on the way. */
const story = Effect.gen(function* () {
  const es = yield* EventStore.EventStore
  const vault = yield* PersonalDataVault.PersonalDataVault
  for (const p of people) {
    const referred = yield* Telemetry.decide("participant", { _tag: "Refer" }, () =>
      Participant.decide(
        { _tag: "Refer", participantId: p.participantId, personId: p.personId, groupId, source: "social-worker", modality: "in-person" },
        Participant.initial,
        now
      )
    )
    const encoded = Either.getOrThrow(referred).map((e) => Either.getOrThrow(LifecycleCodec.encode(e, { personId: p.personId, personal: { name: p.name, phone: p.phone } })))
    expect(encoded.length).toBeGreaterThan(0)
    yield* es.append(`participant-${p.participantId}`, "no-stream", encoded)
    yield* es.append(`group-${groupId}`, "any", [{ type: "MemberEnrolled", data: { groupId, participantId: p.participantId, at } }])
  }
  // A second writer's append of the same stream: refused, and the refusal names the stream in its message.
  const conflict = yield* Effect.either(es.append(`participant-${people[0]!.participantId}`, "no-stream", [{ type: "X", data: {} }]))
  expect(Either.isLeft(conflict) && conflict.left._tag).toBe("ConcurrencyConflict")
  const hostile = yield* Effect.either(es.append("__proto__", "no-stream", [{ type: "X", data: {} }]))
  expect(Either.isLeft(hostile)).toBe(true)
  const read = yield* es.readStream(`participant-${people[0]!.participantId}`).pipe(AccessLog.actingAs(worker))
  const [revealed] = yield* vault.reveal(read, worker)
  expect(revealed?._tag === "Fields" && revealed.fields.name).toBe(people[0]!.name)
  yield* Projection.catchUp(GroupRoster.projection).pipe(AccessLog.actingAs(AccessLog.system("roster")))
  yield* Projection.catchUp(ConsentRegistry.projection).pipe(AccessLog.actingAs(AccessLog.system("consents")))
  yield* vault.erase(people[1]!.personId, { actor: "dpo-kari", purpose: "erasure-request", legalBasis: "GDPR Art. 17" })
  yield* vault.exportPerson(people[1]!.personId, { actor: "dpo-kari", purpose: "erasure-check", legalBasis: "GDPR Art. 17" })
})

const dir = mkdtempSync(join(tmpdir(), "vt-telemetry-"))
afterAll(() => rmSync(dir, { recursive: true, force: true }))
const keyring = MasterKey.unsafeKeyring(MasterKey.generate())
const stores = [
  ["in memory", () => InMemoryEventStore.layer({ keyring })],
  ["SQLite", () => SqliteEventStore.layer({ filename: join(dir, `${Math.random().toString(36).slice(2)}.sqlite`), keyring })]
] as const

describe("Telemetry", () => {
  it.each(stores)("spans and metrics of a story stored %s name no person, participation, group, stream or personal value", async (where, makeStore) => {
    const exporter = new InMemorySpanExporter()
    const tracing = Telemetry.layerSdk({ resource: { serviceName: "vertaistuki-test" }, spanProcessor: new SimpleSpanProcessor(exporter) })
    const store = makeStore()
    // Read before the layer closes: shutting the provider down empties the in-memory exporter.
    // Metrics are the process's: counted as the difference the story made.
    const { before, metrics, spans } = await Effect.runPromise(
      Effect.provide(
        Effect.gen(function* () {
          const before = yield* Metric.snapshot
          yield* story
          return { before, metrics: yield* Metric.snapshot, spans: [...exporter.getFinishedSpans()] }
        }),
        Layer.merge(store, tracing)
      )
    )

    // The spans are there: one per operation of the story.
    const names = new Set(spans.map((s) => s.name))
    for (const name of [
      "vertaistuki.decide",
      "vertaistuki.store.append",
      "vertaistuki.store.read-stream",
      "vertaistuki.vault.reveal",
      "vertaistuki.vault.erase",
      "vertaistuki.vault.export",
      "vertaistuki.projection.catch-up"
    ]) {
      expect(names, name).toContain(name)
    }
    const failed = spans.filter((s) => s.attributes["error.type"] !== undefined).map((s) => s.attributes["error.type"])
    expect(failed).toContain("ConcurrencyConflict")
    expect(failed).toContain("InvalidInput")

    if (where === "SQLite") {
      // The driver's spans nest in the store's, and the rolled-back transaction's exception is the error's tag alone.
      const appendIds = new Set(spans.filter((s) => s.name === "vertaistuki.store.append").map((s) => s.spanContext().spanId))
      expect(spans.some((s) => s.parentSpanContext !== undefined && appendIds.has(s.parentSpanContext.spanId))).toBe(true)
      const exceptions = spans.flatMap((s) => s.events.filter((e) => e.name === "exception"))
      expect(exceptions.map((e) => e.attributes?.["exception.message"])).toContain("ConcurrencyConflict")
    }
    const exported = JSON.stringify(
      spans.map((s) => ({ name: s.name, attributes: s.attributes, events: s.events, status: s.status, links: s.links, resource: s.resource.attributes }))
    )
    const labels = JSON.stringify(metrics.map((m) => ({ name: m.metricKey.name, tags: m.metricKey.tags })))
    const secrets = [...people.flatMap((p) => [p.personId, p.participantId, p.name, p.phone]), groupId, "worker-anna", "dpo-kari", "__proto__"]
    for (const secret of secrets) {
      expect(exported, secret).not.toContain(secret)
      expect(labels, secret).not.toContain(secret)
    }

    // The metrics count what happened, labelled by projection name only.
    const state = (from: typeof metrics, name: string, tag?: string) =>
      from.find((m) => m.metricKey.name === name && (tag === undefined || m.metricKey.tags.some((t) => t.value === tag)))?.metricState as
        | { readonly count?: number; readonly value?: number }
        | undefined
    const counted = (name: string) => (state(metrics, name)?.count ?? 0) - (state(before, name)?.count ?? 0)
    expect(counted("vertaistuki_store_appends")).toBe(4)
    expect(counted("vertaistuki_store_events_appended")).toBe(4)
    expect(counted("vertaistuki_store_conflicts")).toBe(1)
    expect(state(metrics, "vertaistuki_projection_lag_events", GroupRoster.projection.name)?.value).toBe(0)
  })

  it("is off by default and refuses a setting it cannot use, naming it", async () => {
    const run = (env: Record<string, string>) =>
      Effect.runPromise(Effect.either(Effect.scoped(Layer.build(Telemetry.layerConfig)).pipe(Effect.withConfigProvider(ConfigProvider.fromMap(new Map(Object.entries(env)))))))
    expect(Either.isRight(await run({}))).toBe(true)
    const bad = await run({ VERTAISTUKI_TELEMETRY: "loud" })
    expect(Either.isLeft(bad) && bad.left._tag === "InvalidTelemetryConfig" && bad.left.field).toBe("VERTAISTUKI_TELEMETRY")
    const noUrl = await run({ VERTAISTUKI_TELEMETRY: "otlp" })
    expect(Either.isLeft(noUrl) && noUrl.left._tag === "InvalidTelemetryConfig" && noUrl.left.field).toBe("VERTAISTUKI_OTLP_URL")
    const badUrl = await run({ VERTAISTUKI_TELEMETRY: "otlp", VERTAISTUKI_OTLP_URL: "ftp://collector" })
    expect(Either.isLeft(badUrl) && badUrl.left._tag === "InvalidTelemetryConfig" && badUrl.left.field).toBe("VERTAISTUKI_OTLP_URL")
    const msg = Either.isLeft(badUrl) ? String(badUrl.left.message) : ""
    expect(msg).not.toContain("ftp://collector")
  })
})
