/// <reference lib="dom" />
// The coordinator app in Debian's Chromium against a real server process on 127.0.0.1 and a real SQLite
// file: the whole flow for every programme model, every page in fi, sv and en through axe (WCAG 2.0/2.1
// A and AA: no violation) and at 320 px without horizontal scrolling, enrolment with the keyboard only,
// and form errors in an error summary whose links move to the fields. One browser for the file.
import { mkdirSync, mkdtempSync, statSync } from "node:fs"
import { tmpdir } from "node:os"
import { join, resolve } from "node:path"
import { fileURLToPath } from "node:url"
import type { Browser, BrowserContext, Page } from "playwright-core"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { t } from "../src/Messages.js"
import * as Flows from "./browser/flows.js"
import { models } from "./browser/models.js"

const root = fileURLToPath(new URL("../../../", import.meta.url))
import { type App, axe, context, hasChromium, launch, runBrowser, scrollsSideways, signIn, startApp } from "./browser/harness.js"

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

  it("shows the reminders of a group, or says that none are configured", async () => {
    const r = done.get("voikukkia")!
    await page.goto(`${app.url}${r.groupPath}/reminders`)
    const main = (await page.locator("main").textContent()) ?? ""
    expect(main.includes("muistutus") || main.includes(t("fi", "missing.capability", { what: t("fi", "reminders.what") }))).toBe(true)
  })

  it("lets a group leader see only the groups they lead, and an analyst no person", async () => {
    const ctx = await context(browser)
    const leader = await ctx.newPage()
    await signIn(leader, app, "group-leader")
    await leader.goto(`${app.url}/fi/groups`)
    const links = await leader.locator("main table a").evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).pathname))
    expect(links).toContain("/fi/groups/demo-voikukkia")
    for (const other of ["demo-online", "demo-guided", "demo-structure", "demo-usm"]) expect(links).not.toContain(`/fi/groups/${other}`)
    const other = await leader.goto(`${app.url}/fi/groups/demo-online`)
    expect([403, 404]).toContain(other?.status())
    await ctx.close()
    const actx = await context(browser)
    const analyst = await actx.newPage()
    await signIn(analyst, app, "analyst")
    const person = await analyst.goto(`${app.url}/en${done.get("voikukkia")!.participants[0]!.replace(/^\/(fi|sv|en)/, "")}`)
    expect(person?.status()).toBe(403)
    const roster = await analyst.goto(`${app.url}/en/groups/demo-voikukkia`)
    expect(roster?.status()).toBe(200)
    expect(await analyst.locator("a[href*='/participants/']").count()).toBe(0)
    await actx.close()
  })

  it("lets the data-protection officer find a person by a name sent in a form, read the access log, export and erase, then sign out", async () => {
    const ctx = await context(browser)
    const dpo = await ctx.newPage()
    await signIn(dpo, app, "data-protection-officer")
    await dpo.goto(`${app.url}/fi/privacy`)
    await dpo.locator("#f-name").fill("Aili Ruohonen")
    await Promise.all([dpo.waitForLoadState("load"), dpo.getByRole("button", { name: t("fi", "privacy.search"), exact: true }).click()])
    expect(dpo.url()).toBe(`${app.url}/fi/privacy/search`)
    const match = dpo.locator("main table a").first()
    await Promise.all([dpo.waitForURL(/\/privacy\/people\//), match.click()])
    expect(dpo.url()).not.toContain("Aili")
    expect(await dpo.locator("main table tbody tr").count()).toBeGreaterThan(0)
    const exported = await dpo.request.get(`${dpo.url()}/export.json`)
    expect(exported.status()).toBe(200)
    const body = (await exported.json()) as { personId: string; events: ReadonlyArray<unknown> }
    expect(body.events.length).toBeGreaterThan(0)
    dpo.once("dialog", (d) => void d.accept())
    await Promise.all([dpo.waitForURL(/done=erased$/), dpo.getByRole("button", { name: t("fi", "privacy.eraseSubmit"), exact: true }).click()])
    expect(await dpo.locator("p.notice").textContent()).toBe(t("fi", "done.erased"))
    await Promise.all([dpo.waitForURL(/\/fi\/sign-in\?signed-out$/), dpo.getByRole("button", { name: t("fi", "signOut"), exact: true }).click()])
    expect(await dpo.locator("p.notice").textContent()).toBe(t("fi", "signedOut"))
    expect((await dpo.goto(`${app.url}/fi/privacy`))?.url()).toBe(`${app.url}/fi/sign-in`)
    await ctx.close()
    await page.goto(`${app.url}${done.get("voikukkia")!.participants[0]}`)
    expect(await page.locator("main").textContent()).toContain(t("fi", "roster.erased"))
  })

  it("takes the screenshots of the main pages (pnpm app:screenshots writes them to docs/app/)", async () => {
    const dir = process.env.VERTAISTUKI_SCREENSHOTS === undefined ? mkdtempSync(join(tmpdir(), "vt-shots-")) : resolve(root, process.env.VERTAISTUKI_SCREENSHOTS)
    mkdirSync(dir, { recursive: true })
    const r = done.get("professionally-guided")!
    const shots: ReadonlyArray<readonly [name: string, path: string, width: number]> = [
      ["front-page", "/fi/", 1100],
      ["group", "/fi/groups/demo-voikukkia", 1100],
      ["group-320px", "/fi/groups/demo-voikukkia", 320],
      ["participant", `/en${r.participants[0]!.replace(/^\/(fi|sv|en)/, "")}`, 1100],
      ["costs", `/en${r.groupPath.replace(/^\/(fi|sv|en)/, "")}/costs`, 1100],
      ["schedule", `/sv${done.get("usm-children")!.groupPath.replace(/^\/(fi|sv|en)/, "")}/schedule`, 1100],
      ["accessibility-statement", "/sv/accessibility", 1100]
    ]
    for (const [name, path, width] of shots) {
      await page.setViewportSize({ width, height: 900 })
      await page.goto(`${app.url}${path}`)
      await page.screenshot({ path: join(dir, `${name}.png`), fullPage: true })
    }
    // the plan form with its error summary and the trademark rule's suggested name
    await page.setViewportSize({ width: 1100, height: 900 })
    await page.goto(`${app.url}/fi/plan/voikukkia`)
    await page.locator("#f-organisers-0-name").fill("Tampereen kaupunki")
    await page.locator("#f-leaders-0-userId").fill("leader-liisa")
    await page.locator("#f-sessionCount").fill("10")
    await page.getByRole("button", { name: t("fi", "plan.submit"), exact: true }).click()
    await expect.poll(() => page.locator(".error-summary").count()).toBe(1)
    await page.screenshot({ path: join(dir, "plan-errors.png"), fullPage: false })
    for (const name of [...shots.map(([n]) => n), "plan-errors"]) expect(statSync(join(dir, `${name}.png`)).size).toBeGreaterThan(10_000)
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

/** The pages of a role to check, as paths after the language. */
const pagesOf = async (page: Page, app: App, groupPath: string, participantPath: string): Promise<ReadonlyArray<string>> => {
  const strip = (p: string) => p.replace(/^\/(fi|sv|en)/, "")
  await page.goto(`${app.url}${groupPath}`)
  const session = await page.locator("table a[href*='/sessions/']").first().evaluate((a) => (a as HTMLAnchorElement).pathname)
  return [
    "/",
    "/groups",
    "/plan",
    ...models.map((m) => `/plan/${m.programmeId}`),
    strip(groupPath),
    `${strip(groupPath)}/refer`,
    `${strip(groupPath)}/schedule`,
    strip(session),
    `${strip(groupPath)}/costs`,
    `${strip(groupPath)}/reminders`,
    strip(participantPath),
    "/costs",
    "/reminders",
    "/accessibility"
  ]
}

describe.runIf(runBrowser)("every page in fi, sv and en (SQLite)", () => {
  let app: App
  let browser: Browser
  const problems: Array<string> = []
  /** A group open for recruitment (planned by the first test), after the language. */
  let recruiting = ""

  beforeAll(async () => {
    expect(hasChromium, "/usr/bin/chromium is missing (CI=true): install Debian's chromium").toBe(true)
    ;[app, browser] = await Promise.all([startApp(), launch()])
  })
  afterAll(async () => {
    await browser?.close()
    await app?.stop()
  })

  /**
   * Checks `paths` in the three languages, one page of the context per language side by side: axe at
   * full width, then no sideways scrolling at 320 px.
   */
  const check = async (ctx: BrowserContext, who: string, paths: ReadonlyArray<string>) => {
    await Promise.all(
      (["fi", "sv", "en"] as const).map(async (lang) => {
        const page = await ctx.newPage()
        for (const path of paths) {
          await page.setViewportSize({ width: 1100, height: 800 })
          const response = await page.goto(`${app.url}/${lang}${path}`)
          const where = `${who} /${lang}${path}`
          if (response?.status() !== 200) problems.push(`${where}: status ${response?.status()}`)
          if ((await page.getAttribute("html", "lang")) !== lang) problems.push(`${where}: lang is not ${lang}`)
          for (const v of await axe(page)) problems.push(`${where}: ${v}`)
          await page.setViewportSize({ width: 320, height: 800 })
          if (await scrollsSideways(page)) problems.push(`${where} at 320 px: scrolls sideways`)
        }
        await page.close()
      })
    )
  }

  it("has no axe violation (wcag2a, wcag2aa, wcag21a, wcag21aa) and no sideways scrolling at 320 px, for every role", async () => {
    const ctx = await context(browser)
    const page = await ctx.newPage()
    await check(ctx, "signed out", ["/sign-in", "/accessibility"])
    await signIn(page, app, "coordinator")
    const m = models.find((x) => x.programmeId === "professionally-guided")!
    const groupPath = await Flows.plan(page, app, m)
    recruiting = groupPath.replace(/^\/(fi|sv|en)/, "")
    await Flows.openRecruitment(page, m)
    const participantPath = await Flows.refer(page, app, m, groupPath, m.people[0]!)
    await Flows.schedule(page, app, m, groupPath)
    const structure = await Flows.plan(page, app, models.find((x) => x.programmeId === "experience-expert-structure")!)
    await check(ctx, "coordinator", [...(await pagesOf(page, app, groupPath, participantPath)), `${structure.replace(/^\/(fi|sv|en)/, "")}/costs`])
    // a page with form errors and its summary
    await page.goto(`${app.url}/fi${groupPath.replace(/^\/(fi|sv|en)/, "")}/refer`)
    await page.getByRole("button", { name: t("fi", "refer.submit"), exact: true }).click()
    await expect.poll(() => page.locator(".error-summary").count()).toBe(1)
    for (const v of await axe(page)) problems.push(`coordinator: refer form with errors: ${v}`)
    // a page answering a post: the eligibility decision with its explanation
    await page.goto(`${app.url}/sv${participantPath.replace(/^\/(fi|sv|en)/, "")}`)
    await Flows.eligibility(page, { ...m, lang: "sv" }, m.people[0]!, m.facts)
    for (const v of await axe(page)) problems.push(`coordinator: eligibility decision: ${v}`)
    await ctx.close()
    for (const [role, paths] of [
      ["analyst", ["/", "/costs", "/reports", `${groupPath.replace(/^\/(fi|sv|en)/, "")}/costs`]],
      ["data-protection-officer", ["/", "/privacy", "/privacy/refusals", `/privacy/people/${participantPath.split("/").pop()}`]]
    ] as const) {
      const c = await context(browser)
      const p = await c.newPage()
      await signIn(p, app, role)
      await check(c, role, paths)
      if (role === "data-protection-officer") {
        await p.goto(`${app.url}/en/privacy`)
        await p.locator("#f-name").fill(m.people[0]!.name)
        await Promise.all([p.waitForURL(/\/privacy\/search$/), p.getByRole("button", { name: t("en", "privacy.search"), exact: true }).click()])
        expect(await p.locator("main table tbody tr").count()).toBeGreaterThan(0)
        for (const v of await axe(p)) problems.push(`${role}: search results: ${v}`)
      }
      await c.close()
    }
    expect(problems).toEqual([])
  })

  it("works without JavaScript: sign-in, a form's errors, a referral and an enrolment", async () => {
    const ctx = await browser.newContext({ locale: "fi-FI", timezoneId: "Europe/Helsinki", javaScriptEnabled: false })
    ctx.setDefaultTimeout(8000)
    const page = await ctx.newPage()
    await signIn(page, app, "coordinator", "sv")
    const m = { ...models.find((x) => x.programmeId === "usm-children")!, lang: "sv" as const }
    await page.goto(`${app.url}/sv${recruiting}/refer`)
    await page.getByRole("button", { name: t("sv", "refer.submit"), exact: true }).click()
    expect(await page.locator(".error-summary a").first().getAttribute("href")).toBe("#f-contact-name")
    const participant = await Flows.refer(page, app, m, `/sv${recruiting}`, { name: "Nils Holm", language: "sv", source: "self" })
    expect(participant).toMatch(/^\/sv\/participants\//)
    await Flows.intake(page, m, { name: "Nils Holm", language: "sv", source: "self" })
    expect(["enrolled", "waitlisted"]).toContain(await Flows.enrol(page, m))
    await ctx.close()
  })

  it("enrols a person with the keyboard only", async () => {
    const ctx = await context(browser)
    const page = await ctx.newPage()
    const kb = page.keyboard
    /** Tabs until the focused element matches `selector` (at most 80 presses). */
    const tabTo = async (selector: string) => {
      for (let i = 0; i < 80; i++) {
        if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return
        await kb.press("Tab")
      }
      throw new Error(`the keyboard never reached ${selector}`)
    }
    const user = app.users.get("coordinator")!
    await page.goto(`${app.url}/fi/sign-in`)
    await tabTo("#f-username")
    await kb.type(user.username)
    await tabTo("#f-password")
    await kb.type(user.password)
    await Promise.all([page.waitForURL(`${app.url}/fi/`), kb.press("Enter")])
    await tabTo(`main table a[href='/fi${recruiting}']`)
    await Promise.all([page.waitForURL(/\/groups\/[^/?]+$/), kb.press("Enter")])
    const groupPath = new URL(page.url()).pathname
    await tabTo("a[href$='/refer']")
    await Promise.all([page.waitForURL(/\/refer$/), kb.press("Enter")])
    await tabTo("#f-contact-name")
    await kb.type("Mirja Keskinen")
    await tabTo("#f-contact-language")
    await tabTo("form button[type=submit]")
    await Promise.all([page.waitForURL(/done=referred$/), kb.press("Enter")])
    await tabTo("#f-date")
    await kb.type("14012027")
    await tabTo("input[name='consents.person'][value='taking-part']")
    await kb.press("Space")
    await tabTo("form[action$='/intake'] button[type=submit]")
    await Promise.all([page.waitForURL(/done=intake$/), kb.press("Enter")])
    await tabTo("form[action$='/enrol'] button[type=submit]")
    await Promise.all([page.waitForURL(/done=(enrolled|waitlisted)$/), kb.press("Enter")])
    expect(await page.locator("p.notice").textContent()).toMatch(new RegExp(`${t("fi", "done.enrolled")}|${t("fi", "done.waitlisted")}`))
    expect(groupPath).toMatch(/\/groups\//)
    await ctx.close()
  })
})


