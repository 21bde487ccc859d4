// The coordinator app in Debian's Chromium against a real server process on 127.0.0.1 and a real SQLite
// file: the whole flow for every programme model, every page in fi, sv and en through axe (WCAG 2.0/2.1
// A and AA: no violation) and at 320 px without horizontal scrolling, enrolment with the keyboard only,
// and form errors in an error summary whose links move to the fields. One browser for the file.
import type { Browser, BrowserContext, Page } from "playwright-core"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { t } from "../src/Messages.js"
import * as Flows from "./browser/flows.js"
import { type App, axe, context, inCi, hasChromium, launch, runBrowser, scrollsSideways, signIn, startApp } from "./browser/harness.js"

const leaders = [{ userId: "leader-liisa" }, { userId: "leader-mikko" }]

/** The five programme models of the catalogue, each with what its flow needs. */
export const models: ReadonlyArray<Flows.Model & { readonly facts: Readonly<Record<string, string>> }> = [
  {
    programmeId: "voikukkia",
    lang: "fi",
    groupName: "VOIKUKKIA Tampere kevät 2027",
    groupLanguage: "fi",
    organiser: ["ngo", "Sininauhaliitto"],
    leaders: [
      { userId: "leader-liisa", trainings: ["voikukkia-leader"] },
      { userId: "leader-mikko", trainings: ["voikukkia-leader"] },
      { userId: "coordinator-anna", trainings: ["voikukkia-peer-leader"] }
    ],
    planFields: { sessionCount: "10" },
    remote: false,
    people: [
      { name: "Aino Mäkelä", language: "fi", source: "social-worker" },
      { name: "Jukka Nieminen", language: "fi", source: "social-worker" },
      { name: "Sanna Korhonen", language: "fi", source: "self" },
      { name: "Leena Hämäläinen", language: "fi", source: "health-professional" }
    ],
    places: 4,
    schedule: { start: "2027-04-29", time: "17:00", skipped: "6.5.2027" },
    consents: ["taking-part"],
    facts: { role: "parent", childSituation: "custody", commitsToWholeProcess: "true", lifeSituationAllows: "true" }
  },
  {
    programmeId: "online-parents-of-placed-youth",
    lang: "fi",
    groupName: "Verkkovertaisryhmä syksy 2027",
    groupLanguage: "fi",
    organiser: ["ngo", "Läheisjärjestö ry"],
    leaders: [...leaders, { userId: "coordinator-anna" }],
    planFields: { minimum: "1", maximum: "6" },
    remote: true,
    people: [
      { name: "Outi Lehtonen", language: "fi", source: "institution" },
      { name: "Pekka Salonen", language: "fi", source: "institution" }
    ],
    places: 2,
    schedule: { start: "2027-04-29", time: "18:00", skipped: "6.5.2027", saturdayTime: "10:00" },
    consents: ["taking-part", "messaging-group"],
    messagingGroup: true,
    facts: { role: "parent", childSituation: "placement", placementSetting: "substance-rehabilitation-institution" }
  },
  {
    programmeId: "professionally-guided",
    lang: "en",
    groupName: "Guided group for parents, Mikkeli spring 2027",
    groupLanguage: "fi",
    organiser: ["welfare-region", "Etelä-Savon hyvinvointialue"],
    leaders,
    planFields: { minimum: "1", maximum: "8", sessionCount: "6", defaultMinutes: "90" },
    remote: false,
    people: [
      { name: "Riikka Virtanen", language: "fi", source: "health-professional" },
      { name: "Tapio Heikkinen", language: "en", source: "social-worker" }
    ],
    places: 2,
    schedule: { start: "2027-04-29", time: "17:30", skipped: "6 May 2027" },
    consents: ["taking-part", "evaluation-questionnaire"],
    outcomes: true,
    feedback: true,
    facts: { role: "parent", specialSupportNeed: "neuropsychiatric" }
  },
  {
    programmeId: "experience-expert-structure",
    lang: "fi",
    groupName: "Nuorten vertaisryhmä, Kanta-Häme",
    groupLanguage: "fi",
    organiser: ["welfare-region", "Kanta-Hämeen hyvinvointialue"],
    leaders,
    planFields: { minimum: "2", maximum: "2", sessionCount: "4", defaultMinutes: "90" },
    remote: false,
    people: [
      { name: "Eetu Lahtinen", language: "fi", source: "social-worker", minor: true },
      { name: "Venla Koskinen", language: "fi", source: "social-worker", minor: true },
      { name: "Onni Mattila", language: "fi", source: "social-worker", minor: true }
    ],
    places: 2,
    schedule: { start: "2027-04-29", time: "16:00", skipped: "6.5.2027" },
    consents: ["taking-part"],
    facts: { role: "young-person", childSituation: "placement" }
  },
  {
    programmeId: "usm-children",
    lang: "sv",
    groupName: "USM-gruppen i Vasa våren 2027",
    groupLanguage: "sv",
    organiser: ["welfare-region", "Österbottens välfärdsområde"],
    leaders,
    planFields: { minimum: "1", maximum: "6", sessionCount: "4", defaultMinutes: "75" },
    remote: false,
    people: [{ name: "Ella Sjöberg", language: "sv", source: "social-worker", minor: true }],
    places: 1,
    schedule: { start: "2027-04-29", time: "15:00", skipped: "6.5.2027" },
    consents: ["taking-part"],
    facts: { role: "child", familySubstanceProblem: "true" }
  }
]

describe.runIf(runBrowser)("the coordinator app in Chromium (SQLite)", () => {
  let app: App
  let browser: Browser
  let coordinator: BrowserContext
  let page: Page
  const done = new Map<string, Awaited<ReturnType<typeof Flows.whole>>>()

  beforeAll(async () => {
    expect(hasChromium, "/usr/bin/chromium is missing (CI=true): install Debian's chromium").toBe(true)
    ;[app, browser] = await Promise.all([startApp(), launch()])
    coordinator = await context(browser)
    page = await coordinator.newPage()
    await signIn(page, app, "coordinator")
  })
  afterAll(async () => {
    if (process.env.APP_LOG === "1") console.log(app?.output().slice(-4000))
    await browser?.close()
    await app?.stop()
  })

  for (const m of models) {
    it(`runs the whole flow of ${m.programmeId} in ${m.lang}: plan → … → follow-up, costs, reminders`, async () => {
      const r = await Flows.whole(page, app, m, m.facts)
      done.set(m.programmeId, r)
      expect(r.held).toBeGreaterThan(0)
      expect(r.outcomes.filter((o) => o === "waitlisted").length).toBe(m.people.length - m.places)
    })
  }

  it("sends no personal data in any address of the flows", () => {
    const names = models.flatMap((m) => m.people.flatMap((p) => p.name.split(" ")))
    for (const r of done.values()) for (const path of [r.groupPath, ...r.participants]) for (const n of names) expect(path).not.toContain(n)
  })

  it("shows form errors in an error summary whose links move the focus to the field, and offers the trademark rule's name", async () => {
    await page.goto(`${app.url}/fi/plan/voikukkia`)
    await page.locator("#f-name").fill("VOIKUKKIA Hämeenlinna syksy 2027")
    await page.locator("#f-organisers-0-name").fill("Hämeenlinnan seurakunta")
    await page.locator("#f-organisers-0-kind").selectOption("parish")
    await page.locator("#f-leaders-0-userId").fill("leader-liisa")
    await page.locator("#f-leaders-1-userId").fill("leader-mikko")
    await page.locator("#f-sessionCount").fill("10")
    await page.getByRole("button", { name: t("fi", "plan.submit"), exact: true }).click()
    const summary = page.locator(".error-summary")
    await expect.poll(() => summary.count()).toBe(1)
    const link = summary.locator("a").first()
    const target = await link.getAttribute("href")
    expect(target).toBe("#f-name")
    await link.click()
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("f-name")
    expect(await page.locator("#f-name").getAttribute("aria-invalid")).toBe("true")
    const suggested = page.locator("button[name=useSuggested]")
    const name = await suggested.getAttribute("value")
    expect(name).not.toContain("VOIKUKKIA")
    await suggested.click()
    await page.waitForURL(/done=planned$/)
    expect(await page.locator("h1").textContent()).toBe(name)
  })
})

describe.runIf(!runBrowser)("the coordinator app in Chromium", () => {
  it.skip("is skipped: /usr/bin/chromium is missing", () => undefined)
})

void inCi
