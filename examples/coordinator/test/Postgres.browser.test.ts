/// <reference lib="dom" />
// The coordinator app on PostgreSQL with two server processes on different ports over one database (a
// fresh schema): a whole flow on one instance read back on the other, and two enrolments sent at the
// same moment through the two instances for the last place of a group: one gets it, the other goes to
// the waiting list, and both instances show the same roster (no lost update, capacity never exceeded).
import { MasterKey } from "@vertaistuki/store"
import type { Browser, Page } from "playwright-core"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { dropSchemas, freshSchema, skip as noPostgres, url as pgUrl } from "../../../packages/store-postgres/test/pg.js"
import { t } from "../src/Messages.js"
import * as Flows from "./browser/flows.js"
import { models } from "./browser/models.js"
import { type App, context, hasChromium, launch, runBrowser, signIn, startApp } from "./browser/harness.js"

describe.runIf(runBrowser && !noPostgres)("the coordinator app on PostgreSQL, two instances", () => {
  let a: App
  let b: App
  let browser: Browser
  let pageA: Page
  let pageB: Page

  beforeAll(async () => {
    expect(hasChromium, "/usr/bin/chromium is missing (CI=true): install Debian's chromium").toBe(true)
    const env = { DATABASE_URL: pgUrl, VERTAISTUKI_PG_SCHEMA: freshSchema(), VERTAISTUKI_MASTER_KEY: MasterKey.generate() }
    ;[a, browser] = await Promise.all([startApp({ env }), launch()])
    b = await startApp({ env, args: ["--no-demo-data"] })
    b = { ...b, users: a.users }
    const ctx = await context(browser)
    pageA = await ctx.newPage()
    await signIn(pageA, a, "coordinator")
    const ctxB = await context(browser)
    pageB = await ctxB.newPage()
    await signIn(pageB, b, "coordinator")
  })
  afterAll(async () => {
    await browser?.close()
    await Promise.all([a?.stop(), b?.stop()])
    await dropSchemas()
  })

  it("runs a whole flow on one instance and shows it on the other", async () => {
    const m = models.find((x) => x.programmeId === "usm-children")!
    const r = await Flows.whole(pageA, a, m, m.facts)
    await pageB.goto(`${b.url}${r.groupPath}`)
    expect(await pageB.locator("main dl").textContent()).toContain("Uppföljning hållen")
  })

  it("gives the last place to one of two enrolments sent at once through the two instances, and waitlists the other", async () => {
    const m = { ...models.find((x) => x.programmeId === "experience-expert-structure")!, groupName: "Kahden palvelimen ryhmä" }
    const groupPath = await Flows.plan(pageA, a, m)
    await Flows.openRecruitment(pageA, m)
    const people = await Promise.all([0, 1, 2].map(async (i) => {
      const page = i % 2 === 0 ? pageA : pageB
      const app = i % 2 === 0 ? a : b
      return { page, app, path: "" as string, i }
    }))
    for (const p of people) {
      p.path = await Flows.refer(p.page, p.app, m, groupPath, m.people[p.i]!)
      await Flows.intake(p.page, m, m.people[p.i]!)
    }
    // the first takes one of the two places; the other two race for the last
    await pageA.goto(`${a.url}${people[0]!.path}`)
    expect(await Flows.enrol(pageA, m)).toBe("enrolled")
    await pageA.goto(`${a.url}${people[1]!.path}`)
    await pageB.goto(`${b.url}${people[2]!.path}`)
    const button = (page: Page) => page.getByRole("button", { name: t(m.lang, "enrol.submit"), exact: true })
    await Promise.all([button(pageA).click(), button(pageB).click()])
    await Promise.all([pageA.waitForURL(/done=/), pageB.waitForURL(/done=/)])
    const outcomes = [pageA.url(), pageB.url()].map((u) => (u.endsWith("done=enrolled") ? "enrolled" : "waitlisted")).sort()
    expect(outcomes).toEqual(["enrolled", "waitlisted"])
    for (const [page, app] of [[pageA, a], [pageB, b]] as const) {
      await page.goto(`${app.url}${groupPath}`)
      const facts = (await page.locator("main dl").textContent()) ?? ""
      expect(facts).toContain(t(m.lang, "groups.enrolledOf", { enrolled: 2, capacity: 2 }))
    }
  })
})

