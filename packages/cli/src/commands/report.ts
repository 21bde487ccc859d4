/**
 * `vertaistuki report`: the report for decision-makers from the event store, with small-cell
 * suppression (docs/reports.md). `--db` is a SQLite file (default `vertaistuki.sqlite`) or a
 * `postgres://` URL; the master key comes from `VERTAISTUKI_MASTER_KEY`. The 3X10D answers are
 * sealed, so they are revealed through the vault only for the people whose consent to reporting holds
 * at `--as-of` by the core's rule (`Facts.consentingAt`, i.e. `Consent.mayWe`),
 * and each read is written to the access log under `--actor` and `--basis` with the purpose
 * `reporting`. `--registry` keeps the filters of the reports published so far and refuses one whose
 * difference from an earlier one would single people out.
 *
 * @since 0.1.0
 */
import { existsSync } from "node:fs"
import { Command, Options } from "@effect/cli"
import { Csv, Differencing, Facts, Html, Json, type Labels, Messages as ReportMessages, Period, Report, Suppression } from "@vertaistuki/reports"
import { AccessLog, EventStore, LifecycleCodec, MasterKey, Messages as StoreMessages, PersonalDataVault, Projection, ReportFacts, type StoreDriver, type StoreError } from "@vertaistuki/store"
import { PgEventStore } from "@vertaistuki/store-postgres"
import { SqliteEventStore } from "@vertaistuki/store-sqlite"
import { Console, Effect, Either, type Layer, Option } from "effect"
import { Lang, lang as runLang, type Say, say } from "../Messages.js"
import { BadInput, CommandFailed, langIn, readData, writeText } from "../Output.js"
import { dbIn, schemaIn } from "./store.js"

/** The options of `report`, their help in `h`'s language. */
const optionsIn = (h: Say) => {
  const only = (name: "programme" | "organiser" | "region" | "language") =>
    Options.text(name).pipe(Options.optional, Options.withDescription(h(`describe.report.only-${name}`)))
  return {
    db: dbIn(h),
    schema: schemaIn(h),
    period: Options.text("period").pipe(Options.withDescription(h("describe.report.period"))),
    by: Options.text("by").pipe(Options.withDefault("region"), Options.withDescription(h("describe.report.by", { dimensions: Period.dimensions.join(", "), value: "region" }))),
    programme: only("programme"),
    organiser: only("organiser"),
    region: only("region"),
    language: only("language"),
    k: Options.integer("k").pipe(Options.withDefault(Suppression.defaultK), Options.withDescription(h("describe.report.k", { value: Suppression.defaultK }))),
    asOf: Options.text("as-of").pipe(Options.optional, Options.withDescription(h("describe.report.as-of"))),
    format: Options.choice("format", ["json", "csv", "csv-plain", "html"]).pipe(Options.withDefault("json"), Options.withDescription(h("describe.report.format", { value: "json" }))),
    locale: Options.choice("locale", ["fi", "sv", "en"]).pipe(Options.optional, Options.withDescription(h("describe.report.locale"))),
    out: Options.text("out").pipe(Options.optional, Options.withDescription(h("describe.report.out"))),
    groups: Options.text("groups").pipe(Options.optional, Options.withDescription(h("describe.report.groups", { shape: "{ groupId: { organiserId, region, language } }" }))),
    registry: Options.text("registry").pipe(Options.optional, Options.withDescription(h("describe.report.registry"))),
    actor: Options.text("actor").pipe(Options.withDefault("reporting"), Options.withDescription(h("describe.report.actor", { value: "reporting" }))),
    basis: Options.text("basis").pipe(Options.withDefault("consent to reporting"), Options.withDescription(h("describe.report.basis", { value: "consent to reporting" }))),
    lang: langIn(h)
  }
}

type StoreFailure = StoreError.StoreError | StoreError.InvalidInput

const layerFor = (target: string, pgSchema: string, keyring: MasterKey.Keyring): Layer.Layer<StoreDriver.Services, StoreFailure> =>
  /^postgres(ql)?:\/\//.test(target) ? PgEventStore.layer({ url: target, schema: pgSchema, keyring }) : SqliteEventStore.layer({ filename: target, keyring })

const bad = (message: string) => Effect.fail(new BadInput({ message }))
const either = <A, E extends { readonly _tag: string; readonly message: string }>(e: Either.Either<A, E>) =>
  Either.isLeft(e) ? Effect.flatMap(runLang, (l) => bad(ReportMessages.describe(e.left, l))) : Effect.succeed(e.right)

type Stored = { readonly streamId: string; readonly position: number }

/** The 3X10D answers of the given measurements and the response counts of the given feedback batches, revealed through the vault (logged). */
const reveal = (stored: ReadonlyArray<Stored>, context: { readonly actor: string; readonly purpose: string; readonly legalBasis: string }) =>
  Effect.gen(function* () {
    const es = yield* EventStore.EventStore
    const vault = yield* PersonalDataVault.PersonalDataVault
    const wanted = new Set(stored.map(ReportFacts.measurementKey))
    const answers = new Map<string, ReadonlyArray<number>>()
    const responses = new Map<string, number>()
    for (const streamId of new Set(stored.map((m) => m.streamId))) {
      const events = (yield* es.readStream(streamId)).filter((e) => wanted.has(ReportFacts.measurementKey(e)))
      if (events.length === 0) continue
      const revealed = yield* vault.reveal(events, context)
      events.forEach((e, i) => {
        const decoded = LifecycleCodec.decode(e, revealed[i])
        if (Either.isLeft(decoded)) return
        const x = decoded.right
        if (x._tag === "OutcomeMeasured" && Array.isArray(x.answers)) answers.set(ReportFacts.measurementKey(e), x.answers)
        if (x._tag === "AnonymousFeedbackBatchClosed" && Array.isArray(x.responses)) responses.set(ReportFacts.measurementKey(e), x.responses.length)
      })
    }
    return { answers, responses }
  })

type Parsed = Command.Command.ParseConfig<ReturnType<typeof optionsIn>>

const reporting = (o: Parsed) =>
  Effect.gen(function* () {
    const m = yield* say
    const chosen = yield* Lang
    const reportLocale: Labels.Locale = Option.getOrElse(o.locale, () => (chosen.source === "default" ? "fi" : chosen.lang))
    const p = yield* either(Period.parse(o.period))
    const dims: Array<Period.Dimension> = []
    for (const d of o.by.split(",").map((x) => x.trim())) dims.push(yield* either(Period.dimension(d)))
    yield* either(Suppression.threshold(o.k))
    const at = Option.getOrElse(o.asOf, () => new Date().toISOString())
    if (Number.isNaN(Date.parse(at))) return yield* bad(m("report.bad-as-of", { value: at }))
    const attributes = Option.isNone(o.groups) ? {} : ((yield* readData(o.groups.value)) as Record<string, ReportFacts.GroupAttributes>)
    const published = Option.isNone(o.registry) || !existsSync(o.registry.value) ? [] : yield* either(Differencing.decodeRegistry(yield* readData(o.registry.value)))
    const keyring = yield* Effect.mapError(MasterKey.config(), (e) => new BadInput({ message: m("store.master-key", { problem: String(e) }) }))

    const gathered = yield* Effect.provide(
      Effect.gen(function* () {
        const state = (yield* Projection.catchUp(ReportFacts.projection)).state
        const consenting = Facts.consentingAt(at)
        const consented = [...state.participants.values()].filter((x) => consenting({ participantId: x.participantId, consents: ReportFacts.consentsOf(state, x.participantId) }))
        const batches = [...state.sessions.values()].flatMap((x) => (x.feedbackBatch === null ? [] : [x.feedbackBatch]))
        const { answers, responses } = yield* reveal([...consented.flatMap((x) => x.measurements), ...batches], {
          actor: o.actor,
          purpose: "reporting",
          legalBasis: o.basis
        })
        return ReportFacts.facts(state, { categorise: Facts.categorise, answers, responses, attributes: (id) => attributes[id] ?? {} })
      }).pipe(AccessLog.actingAs({ actor: o.actor, purpose: "reporting", legalBasis: o.basis })),
      layerFor(o.db, o.schema, keyring)
    ).pipe(
      Effect.catchTag("InvalidInput", (e) => Effect.fail(new BadInput({ message: StoreMessages.describe(e, m.lang) }))),
      Effect.catchTag("StoreError", (e) =>
        Effect.fail(new CommandFailed({ message: m.lang === "en" ? `store ${e.reason.toLowerCase()}: ${e.message}` : StoreMessages.describe(e, m.lang) }))
      ),
      Effect.catchTag("DisclosureRefused", (e) => Effect.fail(new CommandFailed({ message: m("report.refused-reveal", { expected: e.expected }) })))
    )
    const decoded = Facts.decode(gathered)
    if (Either.isLeft(decoded)) return yield* Effect.fail(new CommandFailed({ message: m("report.facts-decode", { detail: decoded.left.message.slice(0, 300) }) }))
    const facts = decoded.right
    const list = (x: Option.Option<string>) => Option.getOrUndefined(Option.map(x, (v) => v.split(",").map((y) => y.trim())))
    const where = { programme: list(o.programme), organiser: list(o.organiser), region: list(o.region), language: list(o.language) }
    const options = { asOf: at, period: p, by: dims, k: o.k, where }
    yield* either(Differencing.check(facts, options, published))
    const r = yield* either(Report.build(facts, options))
    const text =
      o.format === "json" ? Json.encode(r) : o.format === "html" ? Html.html(r, reportLocale) : Csv.csv(r, { locale: reportLocale, dialect: o.format === "csv" ? "excel-fi" : "plain" })
    if (Option.isSome(o.registry)) yield* writeText(o.registry.value, `${JSON.stringify(Differencing.register(published, `${o.period}:${dims.join(",")}:${at}`, r), null, 2)}\n`)
    if (Option.isNone(o.out)) return yield* Effect.sync(() => process.stdout.write(text))
    yield* writeText(o.out.value, text)
    yield* Console.error(m("report.wrote", { k: r.k, tables: r.tables.length, file: o.out.value }))
  })

/** `vertaistuki report`, its help in `h`'s language. */
export const report = (h: Say) => Command.make("report", optionsIn(h), reporting).pipe(Command.withDescription(h("describe.report")))
