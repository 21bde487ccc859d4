/**
 * HTML built from tagged templates: every interpolated value is escaped unless it is already `Html` (the
 * result of another `html` template or of {@link raw} for trusted markup such as the costs package's SVG
 * charts). Arrays are joined, `null`, `undefined` and `false` render as nothing.
 *
 * @since 0.1.0
 */

/**
 * Markup that is safe to put into a page as it is.
 *
 * @category models
 */
export class Html {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value
  }
}

/** What may be interpolated into {@link html}. @category models */
export type Interpolation = Html | string | number | boolean | null | undefined | ReadonlyArray<Interpolation>

const entities: Readonly<Record<string, string>> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;", "`": "&#96;" }

/**
 * A text with `& < > " ' \`` replaced by entities, safe in element content and in quoted attribute values.
 *
 * @category combinators
 */
export const escapeText = (text: string): string => text.replace(/[&<>"'`]/g, (c) => entities[c]!)

const render = (value: Interpolation): string => {
  if (value === null || value === undefined || value === false) return ""
  if (value instanceof Html) return value.value
  if (Array.isArray(value)) return value.map(render).join("")
  return escapeText(String(value))
}

/**
 * A template whose interpolations are escaped.
 *
 * @example
 * import { html } from "./Html.js"
 * html`<p>${"<b>"}</p>`.value // "<p>&lt;b&gt;</p>"
 *
 * @category constructors
 */
export const html = (strings: TemplateStringsArray, ...values: ReadonlyArray<Interpolation>): Html => {
  let out = strings[0]!
  for (let i = 0; i < values.length; i++) out += render(values[i] as Interpolation) + strings[i + 1]!
  return new Html(out)
}

/**
 * Trusted markup taken as it is (SVG rendered on the server from numbers and escaped labels).
 *
 * @category constructors
 */
export const raw = (markup: string): Html => new Html(markup)

/**
 * The page as the text of a response, with its doctype.
 *
 * @category combinators
 */
export const document = (page: Html): string => `<!doctype html>\n${page.value}`
