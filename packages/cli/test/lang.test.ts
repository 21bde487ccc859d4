import { mkdtempSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { Holidays, Language, Messages } from "@vertaistuki/core"
import * as fc from "fast-check"
import { afterEach, beforeEach, describe, expect, it } from "vitest"
import { choose } from "../src/Messages.js"
import { repoRoot, runApp } from "./helpers.js"

const names = ["VERTAISTUKI_LANG", "LC_ALL", "LANG"] as const
const saved: Record<string, string | undefined> = {}

/** The environment variables that choose a language, set only for the run. */
const withEnv = async <A>(env: Partial<Record<(typeof names)[number], string>>, run: () => Promise<A>): Promise<A> => {
  for (const [k, v] of Object.entries(env)) process.env[k] = v
  try {
    return await run()
  } finally {
    for (const k of Object.keys(env)) delete process.env[k]
  }
}

beforeEach(() => {
  for (const k of names) {
    saved[k] = process.env[k]
    delete process.env[k]
  }
})
afterEach(() => {
  for (const k of names) {
    if (saved[k] === undefined) delete process.env[k]
    else process.env[k] = saved[k]
  }
})

const dir = mkdtempSync(join(tmpdir(), "vertaistuki-lang-"))
const structure = join(repoRoot, "examples/cost-comparison/region-structure.yaml")
const people = join(dir, "people.jsonl")
writeFileSync(
  people,
  [
    JSON.stringify({ id: "p1", role: "parent", childSituation: "custody", languages: ["fi"] }),
    JSON.stringify({ id: "p2", role: "parent", dateOfBirth: "1980-02-31" })
  ].join("\n")
)

const nbsp = "[\u00a0\u202f ]"

describe("--lang on every command", () => {
  it("programmes list: the headings in fi, sv and en; English when nothing is set", async () => {
    const heads = { fi: "tapaamiskerrat", sv: "träffar", en: "sessions" }
    for (const lang of Language.all) {
      const r = await runApp(["programmes", "list", "--lang", lang])
      expect(r.code, r.stderr).toBe(0)
      expect(r.stdout).toContain(heads[lang])
    }
    const plain = await runApp(["programmes", "list"])
    expect(plain.stdout).toContain("group size")
    expect(plain.stdout).not.toContain("ryhmäkoko")
  })

  it("programmes show: the rows of the template in the language", async () => {
    const fi = await runApp(["programmes", "show", "voikukkia", "--lang", "fi"])
    expect(fi.stdout).toContain("kohderyhmä")
    expect(fi.stdout).toContain("Tapaamiskertojen suunnitelma")
    const sv = await runApp(["programmes", "show", "voikukkia", "--lang", "sv"])
    expect(sv.stdout).toContain("målgrupp")
    expect(sv.stdout).not.toContain("target group")
  })

  it("eligibility check: outcomes, the summary and a bad row's error in the language", async () => {
    const fi = await runApp(["eligibility", "check", "--programme", "voikukkia", "--people", people, "--at", "2026-11-22", "--lang", "fi"])
    expect(fi.code).toBe(2)
    expect(fi.stdout).toMatch(/\d+ täyttää ehdot, \d+ ei täytä ehtoja, \d+ ratkaisematta, 1 virheellistä riviä/)
    expect(fi.stderr).toContain("rivi 2 (p2): kenttä dateOfBirth: arvon pitää olla päivämäärä muodossa VVVV-KK-PP")
    expect(fi.stderr).not.toContain("1980-02-31")
    const sv = await runApp(["eligibility", "check", "--programme", "voikukkia", "--people", people, "--at", "2026-11-22", "--lang", "sv"])
    expect(sv.stdout).toMatch(/\d+ uppfyller villkoren, \d+ uppfyller inte villkoren, \d+ oavgjorda, 1 felaktiga rader/)
    expect(sv.stderr).toContain("rad 2 (p2): fältet dateOfBirth: värdet ska vara ett datum i formen ÅÅÅÅ-MM-DD")
  })

  it("eligibility which: the outcome column and the closing line in the language", async () => {
    const person = join(dir, "person.json")
    writeFileSync(person, JSON.stringify({ role: "parent", childSituation: "custody" }))
    const fi = await runApp(["eligibility", "which", "--person", person, "--at", "2026-11-22", "--lang", "fi"])
    expect(fi.code, fi.stderr).toBe(0)
    expect(fi.stdout).toMatch(/perustelu \/ mitä kysyä/)
    expect(fi.stdout).toMatch(/Voi osallistua: |Tiedossa olevien tietojen perusteella/)
  })

  it("schedule: heading, table and the skipped holiday by its own name in fi and sv", async () => {
    const args = ["schedule", "--programme", "voikukkia", "--start", "2026-04-02", "--time", "17:00"]
    const day = Holidays.closedDay("2026-05-14")!
    const fi = await runApp([...args, "--lang", "fi"])
    expect(fi.code, fi.stderr).toBe(0)
    expect(fi.stdout).toContain(`Ohitettu: 2026-05-14 ${day.name.fi} (arkipyhä)`)
    expect(fi.stdout).toContain("viikoittain")
    expect(fi.stdout).toContain("päivämäärä")
    const sv = await runApp([...args, "--lang", "sv"])
    expect(sv.stdout).toContain(`Överhoppat: 2026-05-14 ${day.name.sv} (helgdag)`)
    expect(day.name.sv).toBe("Kristi himmelsfärdsdag")
    const en = await runApp(args)
    expect(en.stdout).toContain("Skipped: 2026-05-14 Ascension Day (public holiday)")
  })

  it("costs sensitivity: decimals with a comma in fi and sv, a point in en", async () => {
    const fi = await runApp(["costs", "sensitivity", structure, "--lang", "fi"])
    expect(fi.code, fi.stderr).toBe(0)
    expect(fi.stdout).toContain("0,5")
    expect(fi.stdout).toContain("lähtötieto")
    expect(fi.stdout).toContain("kun jokainen lähtötieto on todennäköisimmässä arvossaan")
    const sv = await runApp(["costs", "sensitivity", structure, "--lang", "sv"])
    expect(sv.stdout).toContain("0,5")
    expect(sv.stdout).toContain("ingångsvärde")
    const en = await runApp(["costs", "sensitivity", structure])
    expect(en.stdout).toContain("0.5")
    expect(en.stdout).toContain("with every input most likely")
  })

  it("costs simulate: counts with a no-break space in fi and sv, a comma in en", async () => {
    const args = ["costs", "simulate", structure, "--draws", "20000", "--seed", "2"]
    const fi = await runApp([...args, "--lang", "fi"])
    expect(fi.code, fi.stderr).toBe(0)
    expect(fi.stdout).toMatch(new RegExp(`20${nbsp}000 arvontaa`))
    expect(fi.stdout).toContain("keskiarvo")
    const sv = await runApp([...args, "--lang", "sv"])
    expect(sv.stdout).toMatch(new RegExp(`20${nbsp}000 dragningar`))
    const en = await runApp(args)
    expect(en.stdout).toContain("20,000 draws")
  })

  it("costs compare: the tables' heads in the language", async () => {
    const fi = await runApp(["costs", "compare", structure, "--lang", "fi"])
    expect(fi.code, fi.stderr).toBe(0)
    expect(fi.stdout).toContain("todennäköisin")
    expect(fi.stdout).toContain("yksikköhinta")
    const sv = await runApp(["costs", "compare", structure, "--lang", "sv"])
    expect(sv.stdout).toContain("troligast")
    expect(sv.stdout).toContain("enhetspris")
  })

  it("store: the messages and errors in the language", async () => {
    const db = join(dir, "store.sqlite")
    const missing = await runApp(["store", "erase", "--db", join(dir, "none.sqlite"), "--person", "p", "--actor", "a", "--purpose", "p", "--basis", "b", "--lang", "fi"])
    expect(missing.code).toBe(2)
    expect(missing.stderr).toContain("tietovarastoa ei ole")
    expect((await runApp(["store", "migrate", "--db", db, "--lang", "sv"])).code).toBe(0)
    const again = await runApp(["store", "migrate", "--db", db, "--lang", "sv"])
    expect(again.stdout).toContain("är uppdaterad")
  })

  it("errors of the command line itself: an unknown command and a file that cannot be read", async () => {
    const fi = await runApp(["nosuch", "--lang", "fi"])
    expect(fi.code).toBe(2)
    expect(fi.stderr).toContain("tuntematon komento ”nosuch”")
    const sv = await runApp(["costs", "compare", join(dir, "missing.yaml"), "--lang", "sv"])
    expect(sv.code).toBe(2)
    expect(sv.stderr).toContain("filen kan inte läsas (ENOENT)")
    const en = await runApp(["costs", "compare", join(dir, "missing.yaml")])
    expect(en.stderr).toContain("cannot read (ENOENT)")
  })

  it("costs: a scenario's problems in the language, naming the field", async () => {
    const bad = join(dir, "bad.json")
    writeFileSync(bad, JSON.stringify({ id: "x", name: "x", participants: { min: 9, likely: 5, max: 1 } }))
    const fi = await runApp(["costs", "compare", bad, "--lang", "fi"])
    expect(fi.code).toBe(2)
    expect(fi.stderr).toContain("participants: pitää olla min <= likely <= max")
    const en = await runApp(["costs", "compare", bad])
    expect(en.stderr).toContain("participants: expected min <= likely <= max")
  })

  it("an unknown programme in each language", async () => {
    const expected = { fi: "Ohjelmaa ”nosuch” ei löydy", sv: "Programmet ”nosuch” finns inte", en: 'unknown programme "nosuch"' }
    for (const lang of Language.all) {
      const r = await runApp(["programmes", "show", "nosuch", "--lang", lang])
      expect(r.code).toBe(2)
      expect(r.stderr).toContain(expected[lang])
    }
  })

  it("an unknown --lang is bad input", async () => {
    const r = await runApp(["programmes", "list", "--lang", "de"])
    expect(r.code).toBe(2)
  })
})

describe("the language from the environment", () => {
  it("VERTAISTUKI_LANG chooses the language when --lang is not given", async () => {
    const r = await withEnv({ VERTAISTUKI_LANG: "sv" }, () => runApp(["programmes", "show", "nosuch"]))
    expect(r.stderr).toContain("Programmet ”nosuch” finns inte")
  })

  it("LANG=fi_FI.UTF-8 gives Finnish; LC_ALL goes before LANG; VERTAISTUKI_LANG before both", async () => {
    const fi = await withEnv({ LANG: "fi_FI.UTF-8" }, () => runApp(["programmes", "list"]))
    expect(fi.stdout).toContain("ryhmäkoko")
    const sv = await withEnv({ LC_ALL: "sv_FI.UTF-8", LANG: "fi_FI.UTF-8" }, () => runApp(["programmes", "list"]))
    expect(sv.stdout).toContain("gruppstorlek")
    const own = await withEnv({ VERTAISTUKI_LANG: "en", LC_ALL: "sv_SE.UTF-8" }, () => runApp(["programmes", "list"]))
    expect(own.stdout).toContain("group size")
  })

  it("--lang goes before the environment", async () => {
    const r = await withEnv({ VERTAISTUKI_LANG: "fi", LANG: "fi_FI.UTF-8" }, () => runApp(["programmes", "list", "--lang", "en"]))
    expect(r.stdout).toContain("group size")
    const numbers = await withEnv({ VERTAISTUKI_LANG: "fi" }, () => runApp(["costs", "simulate", structure, "--draws", "20000", "--lang=sv"]))
    expect(numbers.stdout).toMatch(new RegExp(`20${nbsp}000 dragningar`))
  })

  it("choose: the last --lang wins, a value after -- is an argument, and any environment gives a language", () => {
    expect(choose(["--lang", "fi", "--lang", "sv"], {})).toEqual({ lang: "sv", source: "option" })
    expect(choose(["--", "--lang", "fi"], {})).toEqual({ lang: "en", source: "default" })
    expect(choose([], { LANG: "C.UTF-8" }).lang).toBe("en")
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.constantFrom("--lang", "fi", "sv", "en", "--lang=fi", "--"), fc.string())), fc.dictionary(fc.constantFrom(...names), fc.string()), (args, env) => {
        expect(Language.all).toContain(choose(args, env).lang)
      })
    )
  })
})

describe("numbers in the language's format", () => {
  it("the CLI's counts round-trip through the core's reader in each language", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000_000 }), fc.constantFrom(...Language.all), (n, lang) => {
        const text = Messages.formatNumber(n, lang)
        if (lang !== "en" && n >= 1000) expect(text).toMatch(/\u00a0/)
        expect(Messages.parseNumber(text, lang)).toBe(n)
      })
    )
  })
})
