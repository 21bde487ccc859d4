/**
 * Form building blocks with accessible errors: each problem is shown at its field (`aria-describedby`,
 * `aria-invalid`) and listed in an error summary at the top of the form whose links move the focus to the
 * field. Field ids are `f-<name>`, so a problem's link is `#f-<name>`.
 *
 * @since 0.1.0
 */
import { Accounts } from "@vertaistuki/api"
import type { Language as Lang } from "@vertaistuki/core"
import { type Html, html } from "./Html.js"
import { t } from "./Messages.js"

/** A problem of a submitted form: the field's name and the text for people. @category models */
export interface Problem {
  readonly field: string
  readonly message: string
}

/** The id of a field's control. @category constants */
export const idOf = (name: string): string => `f-${name.replace(/[^A-Za-z0-9_-]/g, "-")}`

/**
 * The error summary, or nothing when there are no problems.
 *
 * @category rendering
 */
export const summary = (lang: Lang.Language, problems: ReadonlyArray<Problem>): Html =>
  problems.length === 0
    ? html``
    : html`<div class="error-summary" role="alert" tabindex="-1" aria-labelledby="error-summary-title">
<h2 id="error-summary-title">${t(lang, "errors.title")}</h2>
<ul>${problems.map((p) => html`<li><a href="#${idOf(p.field)}">${p.message}</a></li>`)}</ul>
</div>`

const errorsAt = (name: string, problems: ReadonlyArray<Problem>): ReadonlyArray<string> => problems.filter((p) => p.field === name).map((p) => p.message)

/** What a field shows. @category models */
export interface Field {
  readonly name: string
  readonly label: string
  readonly hint?: string | undefined
  readonly type?: "text" | "password" | "number" | "date" | "time" | "email" | "tel" | undefined
  readonly value?: string | undefined
  readonly autocomplete?: string | undefined
  readonly required?: boolean | undefined
  readonly short?: boolean | undefined
}

const described = (id: string, hint: boolean, errors: boolean): Html => {
  const ids = [hint ? `${id}-hint` : "", errors ? `${id}-error` : ""].filter((s) => s !== "")
  return ids.length === 0 ? html`` : html` aria-describedby="${ids.join(" ")}"`
}

const messages = (id: string, errors: ReadonlyArray<string>): Html =>
  errors.length === 0 ? html`` : html`<p class="field-error" id="${id}-error">${errors.join(" ")}</p>`

/**
 * A labelled input with its hint and its problems.
 *
 * @category rendering
 */
export const input = (f: Field, problems: ReadonlyArray<Problem> = []): Html => {
  const id = idOf(f.name)
  const errors = errorsAt(f.name, problems)
  return html`<div class="field${errors.length > 0 ? " invalid" : ""}">
<label for="${id}">${f.label}</label>
${f.hint === undefined ? "" : html`<p class="hint" id="${id}-hint">${f.hint}</p>`}
${messages(id, errors)}
<input id="${id}" name="${f.name}" type="${f.type ?? "text"}"${f.short === true ? html` class="short"` : ""} value="${f.value ?? ""}"${
    f.autocomplete === undefined ? "" : html` autocomplete="${f.autocomplete}"`
  }${f.required === true ? html` required` : ""}${errors.length > 0 ? html` aria-invalid="true"` : ""}${described(id, f.hint !== undefined, errors.length > 0)}>
</div>`
}

/** A labelled select. @category rendering */
export const select = (
  f: Omit<Field, "type" | "autocomplete" | "short"> & { readonly options: ReadonlyArray<readonly [value: string, label: string]> },
  problems: ReadonlyArray<Problem> = []
): Html => {
  const id = idOf(f.name)
  const errors = errorsAt(f.name, problems)
  return html`<div class="field${errors.length > 0 ? " invalid" : ""}">
<label for="${id}">${f.label}</label>
${f.hint === undefined ? "" : html`<p class="hint" id="${id}-hint">${f.hint}</p>`}
${messages(id, errors)}
<select id="${id}" name="${f.name}"${errors.length > 0 ? html` aria-invalid="true"` : ""}${described(id, f.hint !== undefined, errors.length > 0)}>
${f.options.map(([value, label]) => html`<option value="${value}"${value === f.value ? html` selected` : ""}>${label}</option>`)}
</select>
</div>`
}

/**
 * A group of radio buttons or check boxes in a fieldset with its legend; the first control carries the id
 * the error summary links to.
 *
 * @category rendering
 */
export const choices = (
  f: {
    readonly name: string
    readonly legend: string
    readonly hint?: string | undefined
    readonly kind: "radio" | "checkbox"
    readonly options: ReadonlyArray<readonly [value: string, label: string]>
    readonly checked?: ReadonlyArray<string> | undefined
  },
  problems: ReadonlyArray<Problem> = []
): Html => {
  const id = idOf(f.name)
  const errors = errorsAt(f.name, problems)
  return html`<fieldset class="${errors.length > 0 ? "invalid" : ""}"${described(id, f.hint !== undefined, errors.length > 0)}>
<legend>${f.legend}</legend>
${f.hint === undefined ? "" : html`<p class="hint" id="${id}-hint">${f.hint}</p>`}
${messages(id, errors)}
${f.options.map(
  ([value, label], i) =>
    html`<div class="choice"><input type="${f.kind}" name="${f.name}" value="${value}" id="${i === 0 ? id : `${id}-${i}`}"${
      (f.checked ?? []).includes(value) ? html` checked` : ""
    }><label for="${i === 0 ? id : `${id}-${i}`}">${label}</label></div>`
)}
</fieldset>`
}

/**
 * A form posting to `action` with its CSRF token and error summary.
 *
 * @category rendering
 */
export const form = (p: {
  readonly lang: Lang.Language
  readonly action: string
  /** The session's CSRF token; none on the sign-in form, which has no session yet. */
  readonly csrf: string | undefined
  readonly problems?: ReadonlyArray<Problem> | undefined
  readonly submit: string
  readonly body: Html
  readonly confirm?: string | undefined
  readonly label?: string | undefined
}): Html =>
  html`${summary(p.lang, p.problems ?? [])}<form method="post" action="${p.action}" novalidate${p.confirm === undefined ? "" : html` data-confirm="${p.confirm}"`}${
    p.label === undefined ? "" : html` aria-label="${p.label}"`
  }>
${p.csrf === undefined ? "" : html`<input type="hidden" name="${Accounts.csrfField}" value="${p.csrf}">`}
${p.body}
<button type="submit">${p.submit}</button>
</form>`
