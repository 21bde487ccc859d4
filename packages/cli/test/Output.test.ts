import { linkSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { Effect, Either } from "effect"
import fc from "fast-check"
import { afterAll, describe, expect, it } from "vitest"
import { csvText, maxDepth, nestedDeeperThan, parseJson, printJsonStream, Stdout, writeText } from "../src/Output.js"

const dir = mkdtempSync(join(tmpdir(), "vt-cli-output-"))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const modeOf = (file: string) => (statSync(file).mode & 0o777).toString(8)

const streamed = (head: Record<string, unknown>, key: string, items: ReadonlyArray<unknown>): string => {
  let out = ""
  Effect.runSync(printJsonStream(head, key, items).pipe(Effect.provideService(Stdout, { write: (t) => Effect.sync(() => void (out += t)) })))
  return out
}

/** The nesting depth of a JSON value, by recursion: the reference the iterative check must agree with. */
const depth = (v: unknown): number =>
  typeof v !== "object" || v === null ? 0 : 1 + Math.max(0, ...(Array.isArray(v) ? v : Object.values(v)).map(depth))

const deep = (n: number) => `${"[".repeat(n)}${"]".repeat(n)}`

describe("printJsonStream", () => {
  it("prints exactly the pretty JSON of the whole value, for any head and items", () => {
    // Integer-like keys would be moved first by JavaScript's own key order; the items' key comes last.
    const key = fc.string().filter((k) => k !== "__proto__" && !/^(0|[1-9][0-9]*)$/.test(k))
    fc.assert(
      fc.property(fc.dictionary(key, fc.jsonValue()), key, fc.array(fc.jsonValue(), { maxLength: 20 }), (head, k, items) => {
        fc.pre(!(k in head))
        expect(streamed(head, k, items)).toBe(`${JSON.stringify({ ...head, [k]: items }, null, 2)}\n`)
      }),
      { numRuns: 500 }
    )
  })

  it("prints 100,000 items in chunks, never as one string", () => {
    const chunks: Array<number> = []
    const items = Array.from({ length: 100_000 }, (_, i) => ({ line: i + 1, id: `p${i}` }))
    Effect.runSync(
      printJsonStream({ programme: "x" }, "decisions", items).pipe(Effect.provideService(Stdout, { write: (t) => Effect.sync(() => void chunks.push(t.length)) }))
    )
    expect(chunks.length).toBeGreaterThan(10)
    expect(Math.max(...chunks)).toBeLessThan(1 << 17)
  })
})

describe("csvText", () => {
  it("no text cell starts with a formula character; a prefixed cell is the cell after one quote", () => {
    fc.assert(
      fc.property(fc.string(), fc.constantFrom("=", "+", "-", "@", "\t", "\r", ""), (s, lead) => {
        const cell = `${lead}${s}`
        const out = csvText(cell)
        expect(/^[=+\-@\t\r]/.test(out)).toBe(false)
        expect(out === cell || out === `'${cell}`).toBe(true)
        if (!/^[=+\-@\t\r]/.test(cell)) expect(out).toBe(cell)
      })
    )
    expect(csvText("=HYPERLINK(\"http://x\")")).toBe("'=HYPERLINK(\"http://x\")")
    expect(csvText("-2+3")).toBe("'-2+3")
  })
})

describe("parseJson and nestedDeeperThan", () => {
  it("the iterative depth check agrees with a recursive one", () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 8 }), fc.integer({ min: 0, max: 9 }), (v, max) => {
        expect(nestedDeeperThan(v, max)).toBe(depth(v) > max)
      }),
      { numRuns: 1000 }
    )
  })

  it("refuses 200,000 levels and accepts the documented limit", () => {
    expect(parseJson(deep(200_000))).toEqual({ ok: false, problem: `nested deeper than ${maxDepth} levels` })
    expect(parseJson(deep(maxDepth)).ok).toBe(true)
    expect(parseJson(deep(maxDepth + 1)).ok).toBe(false)
  })

  it("says where the JSON is wrong without quoting it", () => {
    for (const text of ['{"dateOfBirth": 19830601x}', '{"name": "Kirsikka Lehtonen', '{"name": "Kirsikka" "x"}', "Kirsikka"]) {
      const r = parseJson(text)
      expect(r.ok).toBe(false)
      if (!r.ok) {
        expect(r.problem).toMatch(/^not valid JSON/)
        expect(r.problem).not.toMatch(/1983|Kirsikka/)
      }
    }
  })
})

describe("writeText", () => {
  it("creates a file only its owner can read, and makes an existing file so", () => {
    const file = join(dir, "new.json")
    expect(Either.isRight(Effect.runSync(Effect.either(writeText(file, "{}\n"))))).toBe(true)
    expect(modeOf(file)).toBe("600")
    const old = join(dir, "old.json")
    writeFileSync(old, "a much longer earlier content", { mode: 0o644 })
    Effect.runSync(writeText(old, "new"))
    expect(modeOf(old)).toBe("600")
    expect(readFileSync(old, "utf8")).toBe("new")
  })

  it("refuses a symbolic link and a hard link, and leaves the file they point to as it was", () => {
    const target = join(dir, "elsewhere.txt")
    writeFileSync(target, "keep me", { mode: 0o644 })
    const link = join(dir, "export.json")
    symlinkSync(target, link)
    const viaSymlink = Effect.runSync(Effect.either(writeText(link, "personal data")))
    expect(Either.isLeft(viaSymlink) && viaSymlink.left.message).toBe(`${link}: is a symbolic link; refusing to write through it`)
    const hard = join(dir, "hard.json")
    linkSync(target, hard)
    const viaHardLink = Effect.runSync(Effect.either(writeText(hard, "personal data")))
    expect(Either.isLeft(viaHardLink) && viaHardLink.left.message).toContain("refusing to write")
    expect(readFileSync(target, "utf8")).toBe("keep me")
    expect(modeOf(target)).toBe("644")
  })

  it("names the file and the error code when it cannot write", () => {
    const r = Effect.runSync(Effect.either(writeText(join(dir, "no-such-folder", "x.json"), "x")))
    expect(Either.isLeft(r) && r.left.message).toBe(`${join(dir, "no-such-folder", "x.json")}: cannot write (ENOENT)`)
  })
})
