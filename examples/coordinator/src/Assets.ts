/**
 * The app's one style sheet and its one script, served under `/assets/` (the CSP allows no inline style or
 * script). They live in the sources so that a bundle of the server carries them.
 *
 * @since 0.1.0
 */

/** The style sheet: mobile first, readable at 320 px, focus always visible. @category constants */
export const css = `/* The coordinator app's one style sheet: mobile first, readable at 320 px, focus always visible. */
*, *::before, *::after { box-sizing: border-box; }
html { font-family: system-ui, "Segoe UI", Roboto, Arial, sans-serif; line-height: 1.5; color: #1b1b1b; background: #fff; }
body { margin: 0; overflow-wrap: anywhere; }
a { color: #0b4fa3; }
a:hover { color: #06306a; }
:focus-visible { outline: 3px solid #b35c00; outline-offset: 2px; }
.skip { position: absolute; left: -10000px; top: 0; background: #fff; padding: .5rem 1rem; }
.skip:focus { left: 0; z-index: 10; }
header.top { background: #12355b; color: #fff; padding: .5rem 1rem; display: flex; flex-wrap: wrap; gap: .5rem 1.5rem; align-items: center; justify-content: space-between; }
header.top a { color: #fff; }
header.top .brand { font-weight: 700; font-size: 1.15rem; text-decoration: none; }
.langs { display: flex; gap: .75rem; list-style: none; margin: 0; padding: 0; }
.langs [aria-current] { font-weight: 700; text-decoration: none; }
nav.main { background: #e8eef6; padding: .25rem 1rem; }
nav.main ul { display: flex; flex-wrap: wrap; gap: .25rem 1.25rem; list-style: none; margin: 0; padding: 0; }
nav.main a { display: inline-block; padding: .35rem 0; }
nav.main a[aria-current] { font-weight: 700; }
.who { display: flex; flex-wrap: wrap; gap: .5rem; align-items: center; }
main { padding: 1rem; max-width: 60rem; margin: 0 auto; }
footer { padding: 1rem; border-top: 1px solid #ccc; max-width: 60rem; margin: 2rem auto 0; }
h1 { font-size: 1.6rem; line-height: 1.25; margin: .5rem 0 1rem; }
h2 { font-size: 1.25rem; margin: 1.5rem 0 .5rem; }
h3 { font-size: 1.05rem; margin: 1rem 0 .25rem; }
label, legend { font-weight: 600; display: block; margin: .75rem 0 .25rem; }
fieldset { border: 1px solid #8a8a8a; padding: .25rem .75rem .75rem; margin: .75rem 0; min-width: 0; }
.choice label { font-weight: 400; display: inline; margin: 0; }
.choice { display: flex; gap: .5rem; align-items: flex-start; margin: .4rem 0; }
.choice input { margin-top: .3rem; }
input[type=text], input[type=password], input[type=number], input[type=date], input[type=time], input[type=email], input[type=tel], select, textarea {
  font: inherit; width: 100%; max-width: 30rem; padding: .4rem .5rem; border: 2px solid #555; border-radius: 3px; background: #fff; color: #1b1b1b; }
input.short { max-width: 8rem; }
.hint { color: #4a4a4a; margin: 0 0 .25rem; font-size: .95rem; }
.field-error { color: #b00020; font-weight: 600; margin: .25rem 0; }
.invalid input, .invalid select, .invalid textarea { border-color: #b00020; }
button, .button { font: inherit; display: inline-block; background: #0b5d2a; color: #fff; border: 2px solid #0b5d2a; border-radius: 3px; padding: .45rem 1rem; margin: .5rem .5rem .5rem 0; cursor: pointer; text-decoration: none; }
button.secondary, .button.secondary { background: #fff; color: #0b5d2a; }
button.link { background: none; border: none; color: inherit; text-decoration: underline; padding: 0; margin: 0; }
header.top button.link { color: #fff; }
.error-summary { border: 4px solid #b00020; padding: .5rem 1rem; margin: 1rem 0; }
.error-summary h2 { margin-top: .25rem; }
.notice { border-left: 6px solid #0b5d2a; background: #eef7f0; padding: .5rem 1rem; margin: 1rem 0; }
.advice { border-left: 6px solid #b35c00; background: #fff6ec; padding: .5rem 1rem; margin: 1rem 0; }
.missing { border-left: 6px solid #555; background: #f2f2f2; padding: .5rem 1rem; margin: 1rem 0; }
table { border-collapse: collapse; width: 100%; margin: .5rem 0 1rem; }
th, td { text-align: left; padding: .35rem .5rem; border-bottom: 1px solid #bbb; vertical-align: top; }
caption { text-align: left; font-weight: 600; padding: .25rem 0; }
td.amount { white-space: nowrap; }
.vh { position: absolute !important; width: 1px; height: 1px; padding: 0; margin: -1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; border: 0; }
dl.facts { display: grid; grid-template-columns: minmax(8rem, max-content) 1fr; gap: .25rem 1rem; }
dl.facts dt { font-weight: 600; }
dl.facts dd { margin: 0; }
ol.steps li, ul.plain li { margin: .25rem 0; }
figure { margin: 1rem 0; }
figure svg { max-width: 100%; height: auto; display: block; }
.inline-form { display: inline; }
@media (max-width: 40rem) {
  table.stack, table.stack tbody, table.stack tr, table.stack td { display: block; width: 100%; }
  table.stack thead { position: absolute; left: -10000px; }
  table.stack tr { border-bottom: 2px solid #888; padding: .25rem 0; }
  table.stack td { border: none; padding: .15rem 0; }
  table.stack td[data-label]::before { content: attr(data-label) ": "; font-weight: 600; }
  table.stack td.amount { white-space: normal; }
  dl.facts { grid-template-columns: 1fr; }
  dl.facts dd { margin-bottom: .5rem; }
}
`

/**
 * The script: progressive enhancement only, every page works without it. A form with `data-confirm`
 * asks before it is sent (erasure); the error summary takes the focus so that a screen reader announces it.
 *
 * @category constants
 */
export const js = `// Progressive enhancement only: every page works without this file. A form whose button carries
// data-confirm asks before it is sent (erasure); the error summary takes the focus so that a screen
// reader announces it.
for (const form of document.querySelectorAll("form[data-confirm]")) {
  form.addEventListener("submit", (event) => {
    if (!window.confirm(form.getAttribute("data-confirm"))) event.preventDefault()
  })
}
const summary = document.querySelector(".error-summary")
if (summary instanceof HTMLElement) summary.focus()
`
