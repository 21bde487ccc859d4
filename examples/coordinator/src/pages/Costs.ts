/**
 * What a group costs against its alternatives: the options of the comparison as a table, the costs
 * package's charts (SVG rendered on the server, each with the table as its text alternative), the
 * break-even units, and for the region structure its budget lines. Aggregates only: the analyst's page.
 * Also the reports page (aggregates per group) and the reminders of a group.
 *
 * @since 0.1.0
 */
import * as HttpRouter from "@effect/platform/HttpRouter"
import * as HttpServerRequest from "@effect/platform/HttpServerRequest"
import { Coordinator } from "@vertaistuki/api"
import { type Language as Lang, Money } from "@vertaistuki/core"
import { Scenario } from "@vertaistuki/costs"
import { Effect, Either } from "effect"
import * as Form from "../Form.js"
import * as Format from "../Format.js"
import { type Html, html, raw } from "../Html.js"
import { t } from "../Messages.js"
import * as Web from "../Web.js"
import * as Groups from "./Groups.js"

/** The hourly cost of a leader when none is asked for: 45 € (salary with side costs), an analyst replaces it. @category constants */
export const defaultHourlyCents = 4500

type Range = number | { readonly min: number; readonly likely?: number | undefined; readonly max: number }

/** A range of cents in words: `3 555,00 € – 6 155,00 €`, or one amount. @category formatting */
export const range = (r: Range, lang: Lang.Language): string =>
  typeof r === "number" ? Format.money(r, lang) : r.min === r.max ? Format.money(r.min, lang) : `${Format.money(r.min, lang)} – ${Format.money(r.max, lang)}`

const structureLine = {
  coordinator: ["Koordinaattori", "Koordinator", "Coordinator"],
  "experience-experts": ["Kokemusasiantuntijoiden palkkiot ja kulut", "Erfarenhetsexperternas arvoden och kostnader", "Experience experts' fees and expenses"],
  "ngo-activities": ["Järjestöiltä ostettu toiminta", "Verksamhet köpt av organisationer", "Activities bought from NGOs"],
  events: ["Tapahtumat", "Evenemang", "Events"],
  "room-rent": ["Tilavuokrat", "Lokalhyror", "Room rent"],
  marketing: ["Markkinointi ja viestintä", "Marknadsföring och kommunikation", "Marketing and communication"],
  refreshments: ["Tarjoilut", "Förplägnad", "Refreshments"],
  "leaders-pay": ["Ryhmänohjaajien palkat", "Gruppledarnas löner", "Group leaders' pay"],
  travel: ["Matkat", "Resor", "Travel"],
  other: ["Muut", "Övrigt", "Other"]
} as const
const idx = { fi: 0, sv: 1, en: 2 } as const

type LineId = keyof typeof structureLine

/**
 * The region structure's yearly budget lines (seed 003_220f3bde38c28eca.txt names them) until the region
 * enters its own: illustrative figures in cents, a coordinator's half-time year the largest.
 *
 * @category constants
 */
export const exampleBudget: Readonly<Record<LineId, number>> = {
  coordinator: 3_000_000,
  "experience-experts": 800_000,
  "ngo-activities": 500_000,
  events: 300_000,
  "room-rent": 200_000,
  marketing: 100_000,
  refreshments: 150_000,
  "leaders-pay": 1_200_000,
  travel: 200_000,
  other: 0
}

/** The most a budget line or an hourly cost may be, in cents: 90 million euros, 10,000 euros. */
const maxLineCents = 9_000_000_000
const maxHourlyCents = 1_000_000

/**
 * An amount of euros from a query field (`3555`, `3 555,50`, `3555.5 €`): `undefined` when the field is
 * absent, else its cents or the problem that names the field. An empty field is no amount (0 cents).
 *
 * @category requests
 */
export const amountOf = (
  lang: Lang.Language,
  field: string,
  value: string | null,
  bounds: { readonly min: number; readonly max: number }
): Either.Either<number | undefined, Form.Problem> => {
  if (value === null) return Either.right(undefined)
  if (value.trim() === "" && bounds.min === 0) return Either.right(0)
  const parsed = Money.fromEuros(value.slice(0, 40))
  return Either.isRight(parsed) && parsed.right.cents >= bounds.min && parsed.right.cents <= bounds.max
    ? Either.right(parsed.right.cents)
    : Either.left({ field, message: t(lang, "costs.badAmount", { min: Format.money(bounds.min, lang), max: Format.money(bounds.max, lang) }) })
}

/** A budget line as the form shows it: its cents, or the text given and its problem. */
interface BudgetLine {
  readonly line: LineId
  readonly amount: number
  readonly text: string | undefined
}

/**
 * The budget lines of the query (`b.<line>` in euros), each one not sent the example's; an unreadable one
 * is a problem naming its field, never replaced by a figure it was not given.
 *
 * @category requests
 */
export const budgetOf = (
  lang: Lang.Language,
  params: URLSearchParams
): { readonly lines: ReadonlyArray<BudgetLine>; readonly problems: ReadonlyArray<Form.Problem> } => {
  const problems: Array<Form.Problem> = []
  const lines = (Object.keys(structureLine) as Array<LineId>).map((line): BudgetLine => {
    const text = params.get(`b.${line}`)
    const amount = amountOf(lang, `b.${line}`, text, { min: 0, max: maxLineCents })
    if (Either.isLeft(amount)) {
      problems.push(amount.left)
      return { line, amount: 0, text: text ?? undefined }
    }
    return { line, amount: amount.right ?? exampleBudget[line], text: undefined }
  })
  return { lines, problems }
}

const costPage = (lang: Lang.Language, g: Coordinator.GroupDetail, v: Coordinator.CostView): Html => html`<h1>${t(lang, "costs.titleOf", { name: g.name })}</h1>
<p>${t(lang, "costs.intro")}</p>
<table class="stack" id="cost-table"><caption>${t(lang, "costs.options")}</caption>
<thead><tr><th scope="col">${t(lang, "costs.option")}</th><th scope="col">${t(lang, "costs.total")}</th><th scope="col">${t(lang, "costs.perParticipant")}</th><th scope="col">${t(lang, "costs.source")}</th></tr></thead>
<tbody>${v.options.map(
  (o) => html`<tr><td data-label="${t(lang, "costs.option")}">${o.kind === "peer-group" ? html`<strong>${o.label}</strong>` : o.label}</td><td class="amount" data-label="${t(lang, "costs.total")}">${range(o.total, lang)}</td><td class="amount" data-label="${t(lang, "costs.perParticipant")}">${o.perParticipant === null ? "–" : range(o.perParticipant, lang)}</td><td data-label="${t(lang, "costs.source")}">${o.source ?? "–"}</td></tr>`
)}</tbody></table>
<figure aria-labelledby="chart-comparison-caption"><figcaption id="chart-comparison-caption">${t(lang, "costs.chartComparison")}</figcaption><div role="img" aria-label="${t(lang, "costs.chartComparison")}">${raw(v.charts.comparison)}</div></figure>
${v.charts.tornado === null ? "" : html`<figure aria-labelledby="chart-tornado-caption"><figcaption id="chart-tornado-caption">${t(lang, "costs.chartTornado")}</figcaption><div role="img" aria-label="${t(lang, "costs.chartTornado")}">${raw(v.charts.tornado)}</div></figure>`}
${v.charts.histogram === null ? "" : html`<figure aria-labelledby="chart-histogram-caption"><figcaption id="chart-histogram-caption">${t(lang, "costs.chartHistogram")}</figcaption><div role="img" aria-label="${t(lang, "costs.chartHistogram")}">${raw(v.charts.histogram)}</div></figure>`}
${
  v.breakEven.length === 0
    ? ""
    : html`<h2>${t(lang, "costs.breakEven")}</h2><ul>${v.breakEven.map((b) => html`<li>${t(lang, "costs.breakEvenLine", { label: b.label, units: Math.ceil(b.units.min) === Math.ceil(b.units.max) ? Format.number(Math.ceil(b.units.max), lang, 0) : `${Format.number(Math.ceil(b.units.min), lang, 0)}–${Format.number(Math.ceil(b.units.max), lang, 0)}`, unit: b.unit })}</li>`)}</ul>`
}
${
  g.features.budgetLines && (v.scenario.structure ?? []).length > 0
    ? html`<h2>${t(lang, "costs.budgetLines")}</h2><table class="stack"><caption>${t(lang, "costs.budgetLines")}</caption><thead><tr><th scope="col">${t(lang, "costs.line")}</th><th scope="col">${t(lang, "costs.amount")}</th></tr></thead><tbody>${(v.scenario.structure ?? []).map(
        (l) => html`<tr><td data-label="${t(lang, "costs.line")}">${l.label ?? structureLine[l.line][idx[lang]]}</td><td data-label="${t(lang, "costs.amount")}">${range(l.amount as Range, lang)}</td></tr>`
      )}</tbody></table>`
    : ""
}
<p>${t(lang, "costs.scenario", { name: v.scenario.name })}${v.scenario.source === undefined ? "" : ` (${v.scenario.source})`}</p>
<p><a href="/${lang}/groups/${g.groupId}">${t(lang, "common.back")}</a></p>`

/**
 * The routes of costs, reports and reminders.
 *
 * @category routes
 */
export const routes = HttpRouter.empty.pipe(
  HttpRouter.get(
    "/:lang/costs",
    Web.handle(
      Effect.gen(function* () {
        const lang = yield* Web.language
        const p = yield* Web.signedIn(lang)
        const c = yield* Coordinator.Coordinator
        const groups = yield* Web.runOrExplain(lang, p, c.groups(p.actor))
        return Web.page(lang, p, "/costs", t(lang, "nav.costs"), html`<h1>${t(lang, "nav.costs")}</h1><p>${t(lang, "costs.pick")}</p>${Groups.table(lang, groups, (g) => `/${lang}/groups/${g.groupId}/costs`)}`)
      })
    )
  ),
  HttpRouter.get(
    "/:lang/groups/:groupId/costs",
    Web.handle(
      Effect.gen(function* () {
        const lang = yield* Web.language
        const p = yield* Web.signedIn(lang)
        const { groupId } = yield* HttpRouter.params
        const c = yield* Coordinator.Coordinator
        const g = yield* Web.runOrExplain(lang, p, c.group(p.actor, { groupId: groupId ?? "" }))
        const params = new URL((yield* HttpServerRequest.HttpServerRequest).url, "http://x").searchParams
        const hourlyText = params.get("hourly")
        const askedHourly = amountOf(lang, "hourly", hourlyText, { min: 1, max: maxHourlyCents })
        const asked = Either.getOrUndefined(askedHourly)
        const cost = (hourlyCents: number | undefined) =>
          Effect.either(Web.run(lang, p, c.cost(p.actor, { groupId: g.groupId, language: lang, ...(hourlyCents === undefined ? {} : { hourlyCents }) })))
        const budget = g.features.budgetLines ? budgetOf(lang, params) : undefined
        const problems = [...(Either.isLeft(askedHourly) ? [askedHourly.left] : []), ...(budget?.problems ?? [])]
        const budgetForm =
          budget === undefined
            ? html``
            : html`<h2>${t(lang, "costs.budgetForm")}</h2><p>${t(lang, "costs.budgetIntro")}</p><form method="get" action="/${lang}/groups/${g.groupId}/costs">${budget.lines.map((l) =>
                Form.input(
                  { name: `b.${l.line}`, label: structureLine[l.line][idx[lang]], value: l.text ?? Format.number(l.amount / 100, lang, 2), short: true },
                  problems
                )
              )}<button type="submit" class="secondary">${t(lang, "costs.recompute")}</button></form>`
        const hourlyFormOf = (value: string) =>
          html`<form method="get" action="/${lang}/groups/${g.groupId}/costs" class="hourly">${Form.input(
            { name: "hourly", label: t(lang, "costs.hourly"), hint: t(lang, "costs.hourlyHint"), value, short: true },
            problems
          )}<button type="submit" class="secondary">${t(lang, "costs.recompute")}</button></form>`
        // A figure that cannot be read is shown at its field; nothing is computed from a figure not given.
        if (problems.length > 0) {
          return Web.page(
            lang,
            p,
            `/groups/${g.groupId}/costs`,
            t(lang, "costs.titleOf", { name: g.name }),
            html`<h1>${t(lang, "costs.titleOf", { name: g.name })}</h1>${Form.summary(lang, problems)}${budget === undefined ? hourlyFormOf(hourlyText ?? "") : budgetForm}`
          )
        }
        const scenario =
          budget === undefined
            ? undefined
            : Scenario.decode({ name: g.name, source: t(lang, "costs.budgetSource"), participants: Math.max(1, g.enrolled), structure: budget.lines.filter((l) => l.amount > 0).map(({ line, amount }) => ({ line, amount })) })
        let hourly = asked
        let v =
          scenario !== undefined && Either.isRight(scenario)
            ? yield* Effect.either(Web.run(lang, p, c.cost(p.actor, { groupId: g.groupId, language: lang, scenario: scenario.right })))
            : yield* cost(hourly)
        // A model priced by its leaders' hours needs their hourly cost: the default, until one is asked for.
        if (v._tag === "Left" && !(v.left instanceof Web.Respond) && v.left._tag === "InvalidRequest" && v.left.field === "hourlyCents") {
          hourly = defaultHourlyCents
          v = yield* cost(hourly)
        }
        if (v._tag === "Left" && v.left instanceof Web.Respond) return v.left.response
        const hourlyForm = hourly === undefined ? html`` : hourlyFormOf(Format.number(hourly / 100, lang, 2))
        return Web.page(
          lang,
          p,
          `/groups/${g.groupId}/costs`,
          t(lang, "costs.titleOf", { name: g.name }),
          v._tag === "Right"
            ? html`${costPage(lang, g, v.right)}${budget === undefined ? hourlyForm : budgetForm}`
            : html`<h1>${t(lang, "costs.titleOf", { name: g.name })}</h1><p class="missing">${t(lang, "costs.notYet")} ${Web.explain(lang, v.left as Web.FormError)}</p><p><a href="/${lang}/groups/${g.groupId}">${t(lang, "common.back")}</a></p>`
        )
      })
    )
  ),
  HttpRouter.get(
    "/:lang/reports",
    Web.handle(
      Effect.gen(function* () {
        const lang = yield* Web.language
        const p = yield* Web.signedIn(lang)
        const c = yield* Coordinator.Coordinator
        const groups = yield* Web.runOrExplain(lang, p, c.groups(p.actor))
        const rows = yield* Effect.forEach(groups, (g) => Effect.map(Web.runOrExplain(lang, p, c.aggregates(p.actor, { groupId: g.groupId })), (a) => [g, a] as const))
        const cell = (x: number | null, digits = 1) => (x === null ? t(lang, "agg.withheld") : Format.number(x, lang, digits))
        return Web.page(
          lang,
          p,
          "/reports",
          t(lang, "nav.reports"),
          html`<h1>${t(lang, "nav.reports")}</h1><p>${t(lang, "reports.intro")}</p>
<table class="stack"><caption>${t(lang, "agg.title")}</caption><thead><tr><th scope="col">${t(lang, "groups.name")}</th><th scope="col">${t(lang, "agg.enrolled")}</th><th scope="col">${t(lang, "agg.completed")}</th><th scope="col">${t(lang, "agg.sessionsHeld")}</th><th scope="col">${t(lang, "agg.attendanceRate")}</th><th scope="col">${t(lang, "agg.meanRating")}</th></tr></thead>
<tbody>${rows.map(
            ([g, a]) => html`<tr><td data-label="${t(lang, "groups.name")}"><a href="/${lang}/groups/${g.groupId}/costs">${g.name}</a></td><td data-label="${t(lang, "agg.enrolled")}">${a.enrolled}</td><td data-label="${t(lang, "agg.completed")}">${a.completed}</td><td data-label="${t(lang, "agg.sessionsHeld")}">${a.sessionsHeld}</td><td data-label="${t(lang, "agg.attendanceRate")}">${a.attendanceRate === null ? t(lang, "agg.withheld") : `${Format.number(a.attendanceRate * 100, lang, 0)} %`}</td><td data-label="${t(lang, "agg.meanRating")}">${cell(a.meanRating)}</td></tr>`
          )}</tbody></table>`
        )
      })
    )
  ),
  HttpRouter.get(
    "/:lang/reminders",
    Web.handle(
      Effect.gen(function* () {
        const lang = yield* Web.language
        const p = yield* Web.signedIn(lang)
        const c = yield* Coordinator.Coordinator
        const groups = yield* Web.runOrExplain(lang, p, c.groups(p.actor))
        return Web.page(lang, p, "/reminders", t(lang, "nav.reminders"), html`<h1>${t(lang, "nav.reminders")}</h1>${Groups.table(lang, groups, (g) => `/${lang}/groups/${g.groupId}/reminders`)}`)
      })
    )
  ),
  HttpRouter.get(
    "/:lang/groups/:groupId/reminders",
    Web.handle(
      Effect.gen(function* () {
        const lang = yield* Web.language
        const p = yield* Web.signedIn(lang)
        const { groupId } = yield* HttpRouter.params
        const c = yield* Coordinator.Coordinator
        const g = yield* Web.runOrExplain(lang, p, c.group(p.actor, { groupId: groupId ?? "" }))
        const r = yield* Web.runOrExplain(lang, p, c.reminders(p.actor, { groupId: g.groupId }))
        const deliveries = Object.entries(r.deliveries)
        return Web.page(
          lang,
          p,
          `/groups/${g.groupId}/reminders`,
          t(lang, "nav.reminders"),
          html`<h1>${t(lang, "nav.reminders")}: ${g.name}</h1>
${
  r.available
    ? html`<p>${t(lang, "reminders.pending", { n: r.pendingNotices })}</p>${
        deliveries.length === 0
          ? ""
          : html`<table class="stack"><caption>${t(lang, "reminders.deliveries")}</caption><thead><tr><th scope="col">${t(lang, "groups.status")}</th><th scope="col">${t(lang, "reminders.count")}</th></tr></thead><tbody>${deliveries.map(([k, n]) => html`<tr><td data-label="${t(lang, "groups.status")}">${k}</td><td data-label="${t(lang, "reminders.count")}">${n}</td></tr>`)}</tbody></table>`
      }`
    : Web.missing(lang, t(lang, "reminders.what"))
}
<p><a href="/${lang}/groups/${g.groupId}">${t(lang, "common.back")}</a></p>`
        )
      })
    )
  )
)
