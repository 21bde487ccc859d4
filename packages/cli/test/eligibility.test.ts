import { mkdtempSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { describe, expect, it } from "vitest"
import { runApp } from "./helpers.js"

const dir = mkdtempSync(join(tmpdir(), "vertaistuki-eligibility-"))
const file = (name: string, text: string) => {
  const path = join(dir, name)
  writeFileSync(path, text)
  return path
}

const csv = file(
  "people.csv",
  [
    "id;role;childSituation;commitsToWholeProcess;lifeSituationAllows",
    "anna;parent;custody;kyllä;kyllä",
    "bert;parent;placement;yes;",
    "cilla;foster-parent;placement;yes;yes",
    "dan;parent;custody;maybe;yes"
  ].join("\n")
)

const jsonl = file(
  "people.jsonl",
  [
    '{"id":"p1","role":"parent","childSituation":"placement","placementSetting":"substance-rehabilitation-institution","referredBy":"institution"}',
    '{"id":"p2","role":"guardian","childSituation":"placement"}',
    "",
    '{"id":"p3","role":"parent","dateOfBirth":"1980-02-31"}'
  ].join("\n")
)

describe("vertaistuki eligibility check", () => {
  it("reads a CSV that Excel saved in Windows-1252 (kyllä with the byte E4) and says which encoding it used", async () => {
    const text = ["id;role;childSituation;commitsToWholeProcess;lifeSituationAllows", "anna;parent;custody;kyllä;kyllä", "åke;parent;placement;kyllä;ei"].join("\r\n")
    const bytes = Buffer.from(text, "latin1")
    expect(bytes.includes(0xe4)).toBe(true)
    expect(bytes.includes(Buffer.from("ä", "utf8"))).toBe(false)
    const path = join(dir, "excel-1252.csv")
    writeFileSync(path, bytes)
    const r = await runApp(["eligibility", "check", "--programme", "voikukkia", "--people", path, "--at", "2026-11-22", "--json"])
    expect(r.code, r.stderr).toBe(0)
    const out = JSON.parse(r.stdout)
    expect(out.decisions.map((d: { id: string; outcome: string }) => [d.id, d.outcome])).toEqual([
      ["anna", "eligible"],
      ["åke", "ineligible"]
    ])
    expect(r.stderr).toContain("not UTF-8, read as Windows-1252")
    expect(r.stderr).toContain("CSV UTF-8")
  })

  it("reads UTF-8 with or without a byte order mark, and UTF-16 with one, saying nothing for UTF-8", async () => {
    const text = ["id;role;childSituation;commitsToWholeProcess;lifeSituationAllows", "anna;parent;custody;kyllä;kyllä"].join("\r\n")
    const variants: ReadonlyArray<readonly [string, Buffer, string]> = [
      ["utf8.csv", Buffer.from(text, "utf8"), ""],
      ["utf8-bom.csv", Buffer.from(`\uFEFF${text}`, "utf8"), ""],
      ["utf16.csv", Buffer.from(`\uFEFF${text}`, "utf16le"), "read as UTF-16LE"]
    ]
    for (const [name, bytes, said] of variants) {
      const path = join(dir, name)
      writeFileSync(path, bytes)
      const r = await runApp(["eligibility", "check", "--programme", "voikukkia", "--people", path, "--at", "2026-11-22", "--json"])
      expect(r.code, `${name}: ${r.stderr}`).toBe(0)
      expect(JSON.parse(r.stdout).decisions[0].outcome, name).toBe("eligible")
      if (said === "") expect(r.stderr, name).toBe("")
      else expect(r.stderr, name).toContain(said)
    }
  })

  it("decides every good CSV row, reports the bad one by line, field and expectation, and exits 2", async () => {
    const r = await runApp(["eligibility", "check", "--programme", "voikukkia", "--people", csv, "--at", "2026-11-22", "--json"])
    expect(r.code).toBe(2)
    const out = JSON.parse(r.stdout)
    expect(out.decisions.map((d: { id: string; outcome?: string }) => [d.id, d.outcome ?? "bad"])).toEqual([
      ["anna", "eligible"],
      ["bert", "undetermined"],
      ["cilla", "ineligible"],
      ["dan", "bad"]
    ])
    expect(out.decisions[1].missing).toEqual(["lifeSituationAllows"])
    expect(out.decisions[1].explanation.fi.questions).toEqual(["Mahdollistaako elämäntilanteesi osallistumisen nyt?"])
    expect(out.decisions[3].error.field).toBe("commitsToWholeProcess")
    expect(r.stderr).toContain("line 5 (dan): field commitsToWholeProcess: expected true or false")
  })

  it("reads JSON Lines, skips blank lines and counts lines as in the file; the table explains each decision", async () => {
    const r = await runApp(["eligibility", "check", "--programme", "online-parents-of-placed-youth", "--people", jsonl, "--at", "2026-11-22", "--lang", "sv"])
    expect(r.code).toBe(2)
    expect(r.stdout).toContain("Den unga är på en barnskyddsanstalt specialiserad på missbruksrehabilitering (uppfyllt)")
    expect(r.stdout).toContain("1 uppfyller villkoren, 0 uppfyller inte villkoren, 1 oavgjorda, 1 felaktiga rader")
    expect(r.stderr).toContain("rad 4 (p3): fältet dateOfBirth: värdet ska vara ett datum i formen ÅÅÅÅ-MM-DD\n")
    expect(r.stderr + r.stdout).not.toContain("1980-02-31")
  })

  it("an unknown programme or a bad rule file is bad input", async () => {
    const r = await runApp(["eligibility", "check", "--programme", "nope", "--people", csv])
    expect(r.code).toBe(2)
    expect(r.stderr).toContain('unknown programme "nope"')
    const rules = file("rules.json", JSON.stringify({ id: "own", rules: [{ fact: "role", equals: "mum" }] }))
    const s = await runApp(["eligibility", "check", "--programme", "voikukkia", "--rules", rules, "--people", csv])
    expect(s.code).toBe(2)
    expect(s.stderr).toContain("rules[0].equals")
  })
})

describe("vertaistuki eligibility which", () => {
  it("lists the programmes one person could join", async () => {
    const person = file(
      "person.json",
      JSON.stringify({ role: "child", familyMentalHealthProblem: true, languages: ["sv"], childSituation: "open-care" }, null, 2)
    )
    const r = await runApp(["eligibility", "which", "--person", person, "--at", "2026-11-22", "--json"])
    expect(r.code).toBe(0)
    const out = JSON.parse(r.stdout)
    const outcome = Object.fromEntries(out.programmes.map((p: { programme: string; outcome: string }) => [p.programme, p.outcome]))
    expect(outcome).toEqual({
      "usm-children": "eligible",
      "experience-expert-structure": "eligible",
      voikukkia: "ineligible",
      "online-parents-of-placed-youth": "ineligible",
      "professionally-guided": "undetermined"
    })
  })
})

describe("vertaistuki eligibility: personal values never appear in a message", () => {
  it("a wrong type, a broken JSON row and a broken CSV quote are reported without the value", async () => {
    const rows = file(
      "private.jsonl",
      ['{"id":"q1","role":"parent","dateOfBirth":19830601}', '{"id":"q2","homeMunicipality":"Kirsikkala",}', '{"id":"q3","role":"Lehtonen-Saarinen"}'].join("\n")
    )
    const r = await runApp(["eligibility", "check", "--programme", "voikukkia", "--people", rows, "--at", "2026-11-22", "--json"])
    expect(r.code).toBe(2)
    expect(r.stderr).toContain(`${rows} line 1 (q1): field dateOfBirth: expected a date YYYY-MM-DD\n`)
    expect(r.stderr).toMatch(/line 2: field \(row\): expected a JSON object of person facts \(not valid JSON at [a-z]+ \d+/)
    expect(r.stderr).toContain("line 3 (q3): field role: expected one of")
    for (const value of ["19830601", "Kirsikkala", "Lehtonen"]) {
      expect(r.stderr, value).not.toContain(value)
      expect(r.stdout, value).not.toContain(value)
    }
    const csv = file("private.csv", 'id;homeMunicipality\nq4;Kirsik"kala Lehtonen\n')
    const c = await runApp(["eligibility", "check", "--programme", "voikukkia", "--people", csv, "--at", "2026-11-22"])
    expect(c.code).toBe(2)
    expect(c.stderr).toMatch(/not valid CSV at line 2 \([A-Z_]+\)\n$/)
    expect(c.stderr).not.toContain("Lehtonen")
  })
})

describe("vertaistuki eligibility: sizes it refuses", () => {
  const rules = (n: number) =>
    file(`rules-${n}.json`, JSON.stringify({ id: "own", rules: [{ any: Array.from({ length: n - 1 }, () => ({ fact: "role", equals: "parent" })) }] }))

  it("a rule file of 1,000 rules is used; one of 1,001 is refused before it is compiled", async () => {
    const ok = await runApp(["eligibility", "check", "--programme", "voikukkia", "--rules", rules(1000), "--people", csv, "--at", "2026-11-22", "--json"])
    expect(JSON.parse(ok.stdout).decisions[0]).toMatchObject({ id: "anna", outcome: "eligible" })
    const big = rules(1001)
    const no = await runApp(["eligibility", "check", "--programme", "voikukkia", "--rules", big, "--people", csv])
    expect(no).toEqual({ code: 2, stdout: "", stderr: `vertaistuki: ${big}: more than 1000 rules; split the rule set\n` })
  })

  it("a row nested 101 levels deep is a bad row, one of 100 is decoded", async () => {
    const nest = (n: number) => `${"[".repeat(n - 1)}"fi"${"]".repeat(n - 1)}`
    const rows = file("nesting.jsonl", [`{"id":"d100","languages":${nest(100)}}`, `{"id":"d101","languages":${nest(101)}}`].join("\n"))
    const r = await runApp(["eligibility", "check", "--programme", "voikukkia", "--people", rows, "--at", "2026-11-22", "--json"])
    expect(r.code).toBe(2)
    const [d100, d101] = JSON.parse(r.stdout).decisions
    expect(d100.error.field).toMatch(/^languages/)
    expect(d101.error).toEqual({ field: "(row)", expected: "a JSON object of person facts (nested deeper than 100 levels)" })
  })

  it("--json streams every row's decision in order; the table counts the same outcomes", async () => {
    const many = file("many.jsonl", Array.from({ length: 3000 }, (_, i) => JSON.stringify({ id: `m${i}`, role: i % 2 === 0 ? "parent" : "child" })).join("\n"))
    const j = await runApp(["eligibility", "check", "--programme", "voikukkia", "--people", many, "--at", "2026-11-22", "--json"])
    expect(j.code).toBe(0)
    const decisions = JSON.parse(j.stdout).decisions as ReadonlyArray<{ id: string; line: number; outcome: string }>
    expect(decisions.map((d) => d.line)).toEqual(Array.from({ length: 3000 }, (_, i) => i + 1))
    const few = file("few.jsonl", Array.from({ length: 40 }, (_, i) => JSON.stringify({ id: `m${i}`, role: i % 2 === 0 ? "parent" : "child" })).join("\n"))
    const t = await runApp(["eligibility", "check", "--programme", "voikukkia", "--people", few, "--at", "2026-11-22"])
    const count = (o: string) => decisions.slice(0, 40).filter((d) => d.outcome === o).length
    expect(t.stdout).toContain(`${count("eligible")} eligible, ${count("ineligible")} ineligible, ${count("undetermined")} undetermined, 0 bad rows`)
  })
})
