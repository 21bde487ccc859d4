import fc from "fast-check"
import { describe, expect, it } from "vitest"
import { document, escapeText, html, raw } from "../src/Html.js"

const unescapeText = (s: string): string =>
  s.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&#96;/g, "`").replace(/&amp;/g, "&")

describe("Html", () => {
  it("escapes every interpolated text: no < > \" ' ` left, and unescaping gives the text back", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary" }), (s) => {
        const out = html`<p title="${s}">${s}</p>`.value
        const inner = out.slice('<p title="'.length, out.indexOf('">'))
        expect(inner).not.toMatch(/[<>"'`]/)
        expect(unescapeText(inner)).toBe(s)
      })
    )
  })

  it("escapes & first, so an entity in the input stays text", () => {
    expect(escapeText("&lt;")).toBe("&amp;lt;")
  })

  it("keeps nested html and raw markup, joins arrays, drops null, undefined and false", () => {
    const items = ["<a>", "b"]
    expect(html`<ul>${items.map((i) => html`<li>${i}</li>`)}</ul>`.value).toBe("<ul><li>&lt;a&gt;</li><li>b</li></ul>")
    expect(html`${raw("<svg></svg>")}${null}${undefined}${false}${0}`.value).toBe("<svg></svg>0")
  })

  it("a script in a value never becomes markup", () => {
    const attack = `"><script>alert(1)</script><img src=x onerror=alert(1)>`
    const out = html`<input value="${attack}"><p>${attack}</p>`.value
    expect(out).not.toContain("<script")
    expect(out).not.toContain("<img")
    expect(document(html`<p>${attack}</p>`)).toMatch(/^<!doctype html>\n<p>&quot;&gt;&lt;script&gt;/)
  })
})
