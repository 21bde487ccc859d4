/// <reference lib="dom" />
// The browser tests' world: the app as a real server process on 127.0.0.1 (its sources bundled once and
// run by plain node, on a fresh SQLite file or a PostgreSQL schema), Debian's Chromium driven by
// playwright-core in a Finnish, Helsinki-time context with a controlled clock, and the checks every page
// gets: axe with the WCAG 2.0/2.1 A and AA tags, and no horizontal scrolling at 320 px.
import { type ChildProcess, spawn } from "node:child_process"
import { existsSync, mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import AxeBuilder from "@axe-core/playwright"
import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core"
import { nodeScript } from "../../../../packages/store/test/script.js"

/** Debian's Chromium; `npx playwright install` cannot work offline. */
export const chromiumPath = "/usr/bin/chromium"
export const hasChromium = existsSync(chromiumPath)
export const inCi = process.env.CI === "true"
/** Whether the browser tests run: with Chromium, or under CI=true (where a missing Chromium fails). */
export const runBrowser = hasChromium || inCi
if (!hasChromium && !inCi) {
  console.warn(`\n*** SKIPPED: ${chromiumPath} is missing; install Debian's chromium (apt-get install -y chromium) to run the coordinator app's browser tests. ***\n`)
}

const root = fileURLToPath(new URL("../../../../", import.meta.url))

/** A running app process. */
export interface App {
  readonly url: string
  readonly users: ReadonlyMap<string, { readonly username: string; readonly password: string }>
  readonly output: () => string
  readonly stop: () => Promise<void>
}

/** Starts `pnpm app`'s program on a free port; resolves when it prints its address. */
export const startApp = async (options: { readonly args?: ReadonlyArray<string>; readonly env?: Readonly<Record<string, string>>; readonly dir?: string } = {}): Promise<App> => {
  const [bundle] = await nodeScript("examples/coordinator/src/main.ts")
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), "vt-app-"))
  const child: ChildProcess = spawn(process.execPath, [bundle!, "--port", "0", "--db", join(dir, "app.sqlite"), ...(options.args ?? [])], {
    cwd: root,
    env: { ...process.env, ...options.env },
    stdio: ["ignore", "pipe", "pipe"]
  })
  let out = ""
  child.stderr!.on("data", (d: Buffer) => {
    out += d.toString()
  })
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the app did not start in 90 s:\n${out}`)), 90_000)
    child.stdout!.on("data", (d: Buffer) => {
      out += d.toString()
      const m = /The coordinator app: (http:\/\/\S+?)\/?\s/.exec(out)
      if (m !== null) {
        clearTimeout(timer)
        resolve(m[1]!)
      }
    })
    child.once("exit", (code) => {
      clearTimeout(timer)
      reject(new Error(`the app exited (${code}):\n${out}`))
    })
  })
  const users = new Map<string, { username: string; password: string }>()
  for (const m of out.matchAll(/^ {2}(\S+)\s+(\S+)\s+(\S+)$/gm)) users.set(m[3]! === "group-leader" && users.has("group-leader") ? `group-leader:${m[1]}` : m[3]!, { username: m[1]!, password: m[2]! })
  return {
    url,
    users,
    output: () => out,
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once("exit", r))
        child.kill("SIGTERM")
        await exited
      }
      if (options.dir === undefined) rmSync(dir, { recursive: true, force: true })
    }
  }
}

/** The one browser of a test file. */
export const launch = (): Promise<Browser> => chromium.launch({ executablePath: chromiumPath, args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"] })

/** The moment the browser's clock stands at (a Monday in Helsinki). */
export const browserTime = new Date("2027-01-11T09:00:00+02:00")

/** A Finnish, Helsinki-time context with a controlled clock. */
export const context = async (browser: Browser, viewport = { width: 1100, height: 900 }): Promise<BrowserContext> => {
  const ctx = await browser.newContext({ locale: "fi-FI", timezoneId: "Europe/Helsinki", viewport })
  ctx.setDefaultTimeout(8000)
  await ctx.clock.install({ time: browserTime })
  return ctx
}

/** Signs in through the sign-in page of `lang`. */
export const signIn = async (page: Page, app: App, role: string, lang = "fi"): Promise<void> => {
  const user = app.users.get(role)
  if (user === undefined) throw new Error(`no demo user for ${role}; printed:\n${app.output()}`)
  await page.goto(`${app.url}/${lang}/sign-in`)
  await page.locator("#f-username").fill(user.username)
  await page.locator("#f-password").fill(user.password)
  await Promise.all([page.waitForURL(`${app.url}/${lang}/`), page.locator("main form button[type=submit]").click()])
}

/** The violations axe finds on the page with the WCAG 2.0/2.1 A and AA tags, one line each. */
export const axe = async (page: Page): Promise<ReadonlyArray<string>> => {
  const result = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze()
  return result.violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(" ")).slice(0, 3).join(", ")}`)
}

/** Whether the page scrolls sideways (its document wider than the window). */
export const scrollsSideways = (page: Page): Promise<boolean> =>
  page.evaluate(() => document.documentElement.scrollWidth > document.documentElement.clientWidth)

/** The form's hidden CSRF token on the page. */
export const csrf = (page: Page): Promise<string> => page.locator('input[name="csrf"]').first().inputValue()
