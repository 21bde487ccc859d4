/**
 * The frame of every page: `lang` on the root element, a skip link, the language switch (the same page in
 * the other languages), the navigation for the signed-in user's role, the footer with the accessibility
 * statement. No inline script or style: one style sheet and one deferred script, both under `/assets/`.
 *
 * @since 0.1.0
 */
import { Accounts } from "@vertaistuki/api"
import type { Language as Lang } from "@vertaistuki/core"
import { type Html, html } from "./Html.js"
import { type Key, t } from "./Messages.js"

/** The roles the navigation knows. @category models */
export type Role = "coordinator" | "group-leader" | "analyst" | "data-protection-officer"

/** The signed-in user as the frame shows them. @category models */
export interface User {
  readonly name: string
  readonly role: Role
}

/** What a page gives the frame. @category models */
export interface Page {
  readonly lang: Lang.Language
  /** The path after the language, e.g. `/groups/g-1` (for the language switch and the current link). */
  readonly path: string
  readonly title: string
  readonly user?: User | undefined
  /** The CSRF token for the sign-out form. */
  readonly csrf?: string | undefined
  readonly body: Html
}

const languages: ReadonlyArray<Lang.Language> = ["fi", "sv", "en"]

/** The navigation entries of a role: path after the language and message key. @category constants */
export const navigation: Readonly<Record<Role, ReadonlyArray<readonly [path: string, key: Key]>>> = {
  coordinator: [
    ["/", "nav.home"],
    ["/groups", "nav.groups"],
    ["/plan", "nav.plan"],
    ["/costs", "nav.costs"],
    ["/reminders", "nav.reminders"]
  ],
  "group-leader": [
    ["/", "nav.home"],
    ["/groups", "nav.myGroups"]
  ],
  analyst: [
    ["/", "nav.home"],
    ["/costs", "nav.costs"],
    ["/reports", "nav.reports"]
  ],
  "data-protection-officer": [
    ["/", "nav.home"],
    ["/privacy", "nav.privacy"],
    ["/privacy/refusals", "nav.refusals"]
  ]
}

const current = (path: string, target: string): boolean => (target === "/" ? path === "/" : path === target || path.startsWith(`${target}/`))

/**
 * A whole page.
 *
 * @category rendering
 */
export const page = (p: Page): Html => {
  const { lang } = p
  const nav = p.user === undefined ? [] : navigation[p.user.role]
  return html`<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${p.title} – ${t(lang, "app.name")}</title>
<link rel="stylesheet" href="/assets/app.css">
<script src="/assets/app.js" defer></script>
</head>
<body>
<a class="skip" href="#main">${t(lang, "skip")}</a>
<header class="top">
<a class="brand" href="/${lang}/">${t(lang, "app.name")}</a>
<nav aria-label="${t(lang, "lang.label")}"><ul class="langs">${languages.map(
    (l) =>
      html`<li><a href="/${l}${p.path}" lang="${l}" hreflang="${l}"${l === lang ? html` aria-current="true"` : ""}>${t(l, `lang.${l}`)}</a></li>`
  )}</ul></nav>
${
  p.user === undefined
    ? ""
    : html`<div class="who"><span>${t(lang, "signedInAs", { name: p.user.name, role: t(lang, `role.${p.user.role}`) })}</span>
<form class="inline-form" method="post" action="/${lang}/sign-out"><input type="hidden" name="${Accounts.csrfField}" value="${p.csrf ?? ""}"><button class="link" type="submit">${t(lang, "signOut")}</button></form></div>`
}
</header>
${
  nav.length === 0
    ? ""
    : html`<nav class="main" aria-label="${t(lang, "nav.label")}"><ul>${nav.map(
        ([path, key]) => html`<li><a href="/${lang}${path}"${current(p.path, path) ? html` aria-current="page"` : ""}>${t(lang, key)}</a></li>`
      )}</ul></nav>`
}
<main id="main" tabindex="-1">
${p.body}
</main>
<footer><p>${t(lang, "footer.text")}</p><p><a href="/${lang}/accessibility">${t(lang, "nav.accessibility")}</a></p></footer>
</body>
</html>`
}
