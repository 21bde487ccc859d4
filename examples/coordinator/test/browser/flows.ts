/// <reference lib="dom" />
// The flow of the issue, step by step in the browser, parametrised by programme model: plan from the
// template → open recruitment → referral → eligibility → intake with consents → enrol or waitlist →
// schedule (holidays skipped, .ics) → start → each session's attendance and anonymous feedback → 3X10D
// at the start and the end → closing, completion, follow-up → costs → reminders.
import type { Language } from "@vertaistuki/core"
import type { Page } from "playwright-core"
import { expect } from "vitest"
import { type Key, t } from "../../src/Messages.js"
import type { App } from "./harness.js"

/** A person referred in a flow. */
export interface Person {
  readonly name: string
  readonly language: Language.Language
  readonly source: "social-worker" | "institution" | "health-professional" | "self"
  /** A minor: the guardian consents and the minor's own view is recorded. */
  readonly minor?: boolean
}

/** One programme model's flow. */
export interface Model {
  readonly programmeId: string
  /** The language the coordinator works in. */
  readonly lang: Language.Language
  readonly groupName: string
  readonly groupLanguage: Language.Language
  readonly organiser: readonly [kind: string, name: string]
  /** The leaders' user ids and trainings, by row of the plan form. */
  readonly leaders: ReadonlyArray<{ readonly userId: string; readonly trainings?: ReadonlyArray<string> }>
  /** Form fields of the plan the model needs (id without `f-` → value). */
  readonly planFields?: Readonly<Record<string, string>>
  readonly remote: boolean
  readonly people: ReadonlyArray<Person>
  /** How many of `people` get a place (the rest are waitlisted). */
  readonly places: number
  readonly schedule: { readonly start: string; readonly time: string; readonly skipped: string; readonly saturdayTime?: string }
  readonly consents: ReadonlyArray<string>
  readonly messagingGroup?: boolean
  readonly outcomes?: boolean
  readonly feedback?: boolean
  readonly waiver?: string
  /** The model meets live on a Saturday (the online group's last meeting). */
  readonly saturday?: boolean
  /** The costs are the structure's budget lines. */
  readonly budgetLines?: boolean
}

const text = (lang: Language.Language, key: Key, values?: Record<string, string | number>) => t(lang, key, values)

const click = async (page: Page, name: string) => {
  await Promise.all([page.waitForLoadState("load"), page.getByRole("button", { name, exact: true }).first().click()])
}

const expectNotice = async (page: Page, lang: Language.Language, key: Key) => {
  const notice = page.locator("p.notice[role=status]")
  if ((await notice.count()) === 0) {
    const main = ((await page.locator("main").textContent()) ?? "").replace(/\s+/g, " ").trim()
    throw new Error(`expected "${text(lang, key)}" on ${new URL(page.url()).pathname}; the page says: ${main.slice(0, 600)}`)
  }
  expect(await notice.textContent()).toBe(text(lang, key))
}

/** Plans the group; returns its page's path. */
export const plan = async (page: Page, app: App, m: Model): Promise<string> => {
  const { lang } = m
  await page.goto(`${app.url}/${lang}/plan/${m.programmeId}`)
  await page.locator("#f-name").fill(m.groupName)
  await page.locator("#f-language").selectOption(m.groupLanguage)
  await page.locator("#f-organisers-0-kind").selectOption(m.organiser[0])
  await page.locator("#f-organisers-0-name").fill(m.organiser[1])
  for (const [i, l] of m.leaders.entries()) {
    if ((await page.locator(`#f-leaders-${i}-userId`).count()) === 0) break
    await page.locator(`#f-leaders-${i}-userId`).fill(l.userId)
    for (const training of l.trainings ?? []) await page.locator(`input[name="leaders.${i}.trainings"][value="${training}"]`).check()
  }
  for (const [id, value] of Object.entries(m.planFields ?? {})) {
    const field = page.locator(`#f-${id}`)
    if ((await field.evaluate((e) => e.tagName)) === "SELECT") await field.selectOption(value)
    else await field.fill(value)
  }
  await click(page, text(lang, "plan.submit"))
  await page.waitForURL(/\/groups\/[^/?]+\?done=planned$/)
  await expectNotice(page, lang, "done.planned")
  return new URL(page.url()).pathname
}

/** Opens recruitment on the group's page. */
export const openRecruitment = async (page: Page, m: Model) => {
  await click(page, text(m.lang, "step.open"))
  await expectNotice(page, m.lang, "done.opened")
}

/** Refers a person; returns the participant's page path. */
export const refer = async (page: Page, app: App, m: Model, groupPath: string, p: Person): Promise<string> => {
  const { lang } = m
  await page.goto(`${app.url}${groupPath}/refer`)
  await page.locator("#f-contact-name").fill(p.name)
  await page.locator("#f-source").selectOption(p.source)
  await page.locator("#f-modality").selectOption(m.remote ? "remote" : "in-person")
  await page.locator("#f-contact-phone").fill("+358 40 123 4567")
  await page.locator("#f-contact-language").selectOption(p.language)
  if (p.source === "institution") await page.locator("#f-disclosureConsent").check()
  await click(page, text(lang, "refer.submit"))
  await page.waitForURL(/\/participants\/[^/?]+\?done=referred$/)
  expect(page.url()).not.toContain(encodeURIComponent(p.name.split(" ")[0]!))
  return new URL(page.url()).pathname
}

/** Decides eligibility; checks the explanation is in the family's language. */
export const eligibility = async (page: Page, m: Model, p: Person, facts: Readonly<Record<string, string>>) => {
  for (const [id, value] of Object.entries(facts)) {
    const field = page.locator(`#f-${id}`)
    const tag = await field.evaluate((e) => `${e.tagName}:${(e as HTMLInputElement).type}`)
    if (tag.startsWith("SELECT")) await field.selectOption(value)
    else if (tag.endsWith("radio") || tag.endsWith("checkbox")) await page.locator(`input[name="${id}"][value="${value}"]`).check()
    else await field.fill(value)
  }
  await click(page, text(m.lang, "elig.submit"))
  const result = page.locator("#elig-result")
  await expect.poll(() => result.count()).toBe(1)
  await expect.poll(() => page.locator(`section div[lang="${p.language}"]`).count()).toBe(1)
  return (await result.textContent()) ?? ""
}

/** Holds the intake interview with the consents; the person on the participant's page. */
export const intake = async (page: Page, m: Model, p: Person) => {
  const { lang } = m
  await page.locator("#f-date").fill("2027-01-14")
  await page.locator("#f-time").fill("10:00")
  await page.locator("form[action$=intake] #f-modality").selectOption(m.remote ? "remote" : "in-person")
  if (m.remote) await page.locator("#f-technologyRehearsed").check()
  if (p.minor === true) {
    await page.locator("#f-subject-dateOfBirth").fill("2014-05-02")
    for (const purpose of m.consents) {
      await page.locator(`input[name="consents.guardian"][value="${purpose}"]`).check()
      await page.locator(`input[name="consents.minor-own-view"][value="${purpose}"]`).check()
    }
  } else {
    for (const purpose of m.consents) await page.locator(`input[name="consents.person"][value="${purpose}"]`).check()
  }
  await click(page, text(lang, "intake.submit"))
  await expectNotice(page, lang, "done.intake")
}

/** Enrols (or waitlists); returns which. */
export const enrol = async (page: Page, m: Model): Promise<"enrolled" | "waitlisted"> => {
  await click(page, text(m.lang, "enrol.submit"))
  await page.waitForURL(/done=(enrolled|waitlisted)$/)
  return page.url().endsWith("waitlisted") ? "waitlisted" : "enrolled"
}

/** Schedules the sessions; checks the skipped holiday and the .ics download. */
export const schedule = async (page: Page, app: App, m: Model, groupPath: string) => {
  const { lang } = m
  await page.goto(`${app.url}${groupPath}/schedule`)
  await page.locator("#f-start").fill(m.schedule.start)
  await page.locator("#f-time").fill(m.schedule.time)
  if (m.schedule.saturdayTime !== undefined) await page.locator("#f-saturdayTime").fill(m.schedule.saturdayTime)
  await click(page, text(lang, "schedule.submit"))
  await expectNotice(page, lang, "done.scheduled")
  const skipped = (await page.locator("h2:has-text('" + text(lang, "schedule.skipped") + "') + ul").textContent()) ?? ""
  expect(skipped).toContain(m.schedule.skipped)
  if (m.saturday === true) {
    const saturday = new Intl.DateTimeFormat(lang === "en" ? "en-GB" : `${lang}-FI`, { weekday: "long" }).format(new Date("2027-05-01T12:00:00Z"))
    expect(await page.locator("main table").first().textContent()).toContain(saturday)
  }
  const ics = await page.request.get(`${app.url}${groupPath}/calendar.ics`)
  expect(ics.headers()["content-type"]).toContain("text/calendar")
  const body = await ics.text()
  expect(body).toContain("BEGIN:VCALENDAR")
  expect(body).toContain("TZID=Europe/Helsinki")
  return body
}

/** Starts the group on its page. */
export const start = async (page: Page, app: App, m: Model, groupPath: string) => {
  await page.goto(`${app.url}${groupPath}`)
  if (m.waiver !== undefined && (await page.locator("#f-waiverReason").count()) > 0) await page.locator("#f-waiverReason").fill(m.waiver)
  await click(page, text(m.lang, "step.start"))
  await expectNotice(page, m.lang, "done.started")
}

/** Every session: attendance (the first participant excused at the first session) and feedback. */
export const sessions = async (page: Page, app: App, m: Model, groupPath: string) => {
  const { lang } = m
  await page.goto(`${app.url}${groupPath}`)
  const links = await page.locator("table a[href*='/sessions/']").evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).pathname))
  expect(links.length).toBeGreaterThan(0)
  for (const [i, path] of links.entries()) {
    await page.goto(`${app.url}${path}`)
    if (i === 0) await page.locator("fieldset input[value=excused]").first().check()
    await click(page, text(lang, "attendance.submit"))
    await expectNotice(page, lang, "done.attendance")
    if (m.feedback === true && (i === 0 || i === links.length - 1)) {
      await page.locator("#f-rating-5").fill("2")
      await page.locator("#f-rating-4").fill("1")
      await page.locator("#f-texts").fill("Hyvä ilmapiiri\nLisää aikaa keskustelulle")
      await click(page, text(lang, "feedback.submit"))
      await expectNotice(page, lang, "done.feedback")
    }
  }
  return links.length
}

/** The 3X10D questionnaire of a participant at `phase`. */
export const outcome = async (page: Page, app: App, m: Model, participantPath: string, phase: "start" | "end") => {
  await page.goto(`${app.url}${participantPath}`)
  for (let i = 0; i < 10; i++) await page.locator(`#f-answers-${i}`).selectOption(String(phase === "start" ? 4 : 7))
  await click(page, text(m.lang, "outcome.submit"))
  await expectNotice(page, m.lang, "done.outcome")
}

/** Closing, completion and the follow-up meeting. */
export const finish = async (page: Page, app: App, m: Model, groupPath: string) => {
  await page.goto(`${app.url}${groupPath}`)
  await click(page, text(m.lang, "step.closing"))
  await expectNotice(page, m.lang, "done.closing")
  await click(page, text(m.lang, "step.complete"))
  await expectNotice(page, m.lang, "done.completed")
  await click(page, text(m.lang, "step.followUp"))
  await expectNotice(page, m.lang, "done.followedUp")
}

/** The costs page: the comparison table and the charts. */
export const costs = async (page: Page, app: App, m: Model, groupPath: string) => {
  await page.goto(`${app.url}${groupPath}/costs`)
  if (m.budgetLines === true) {
    expect(await page.locator("main h2").allTextContents()).toContain(text(m.lang, "costs.budgetLines"))
    await page.locator("#f-b-coordinator").fill("40000")
    await click(page, text(m.lang, "costs.recompute"))
    expect(page.url()).toContain("b.coordinator=40000")
    // A figure that cannot be read is named at its field and in the error summary; nothing is computed from it.
    await page.locator("#f-b-marketing").fill("paljon")
    await click(page, text(m.lang, "costs.recompute"))
    expect(await page.locator(".error-summary a[href='#f-b-marketing']").count()).toBe(1)
    expect(await page.locator("#f-b-marketing").getAttribute("aria-invalid")).toBe("true")
    expect(await page.locator("#cost-table").count()).toBe(0)
    await page.locator("#f-b-marketing").fill("1000")
    await click(page, text(m.lang, "costs.recompute"))
  }
  expect(await page.locator("#cost-table tbody tr").count()).toBeGreaterThan(1)
  expect(await page.locator("#chart-comparison-caption + div svg").count()).toBe(1)
  // Nothing moves the cost of a group priced from fixed figures; VOIKUKKIA's price is the seed's range.
  expect(await page.locator("#chart-tornado-caption + div svg").count()).toBe(m.programmeId === "voikukkia" ? 1 : 0)
  return (await page.locator("#cost-table").textContent()) ?? ""
}

/** The whole flow of a model; returns what later checks need. */
export const whole = async (page: Page, app: App, m: Model, facts: Readonly<Record<string, string>>) => {
  const groupPath = await plan(page, app, m)
  await openRecruitment(page, m)
  const participants: Array<string> = []
  const outcomes: Array<"enrolled" | "waitlisted"> = []
  for (const [i, p] of m.people.entries()) {
    const path = await refer(page, app, m, groupPath, p)
    participants.push(path)
    if (i === 0) await eligibility(page, m, p, facts)
    await intake(page, m, p)
    outcomes.push(await enrol(page, m))
    if (m.messagingGroup === true && outcomes[i] === "enrolled") {
      await click(page, text(m.lang, "person.join"))
      await expectNotice(page, m.lang, "done.joined")
    }
  }
  expect(outcomes.filter((o) => o === "enrolled").length).toBe(m.places)
  const ics = await schedule(page, app, m, groupPath)
  await start(page, app, m, groupPath)
  const enrolled = participants.filter((_, i) => outcomes[i] === "enrolled")
  if (m.outcomes === true) for (const p of enrolled) await outcome(page, app, m, p, "start")
  const held = await sessions(page, app, m, groupPath)
  if (m.outcomes === true) for (const p of enrolled) await outcome(page, app, m, p, "end")
  await finish(page, app, m, groupPath)
  const costTable = await costs(page, app, m, groupPath)
  await page.goto(`${app.url}${groupPath}/reminders`)
  return { groupPath, participants, outcomes, ics, held, costTable }
}
