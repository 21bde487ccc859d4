import { mkdtempSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { describe, expect, it } from "vitest"
import { runCli } from "./helpers.js"

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
  it("decides every good CSV row, reports the bad one by line, field and expectation, and exits 2", async () => {
    const r = await runCli(["eligibility", "check", "--programme", "voikukkia", "--people", csv, "--at", "2026-11-22", "--json"])
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
    const r = await runCli(["eligibility", "check", "--programme", "online-parents-of-placed-youth", "--people", jsonl, "--at", "2026-11-22", "--lang", "sv"])
    expect(r.code).toBe(2)
    expect(r.stdout).toContain("Den unga är på en barnskyddsanstalt specialiserad på missbruksrehabilitering (uppfyllt)")
    expect(r.stdout).toContain("1 eligible, 0 ineligible, 1 undetermined, 1 bad rows")
    expect(r.stderr).toContain("line 4 (p3): field dateOfBirth: expected a date YYYY-MM-DD")
    expect(r.stderr).not.toContain("1980-02-31")
  })

  it("an unknown programme or a bad rule file is bad input", async () => {
    const r = await runCli(["eligibility", "check", "--programme", "nope", "--people", csv])
    expect(r.code).toBe(2)
    expect(r.stderr).toContain('unknown programme "nope"')
    const rules = file("rules.json", JSON.stringify({ id: "own", rules: [{ fact: "role", equals: "mum" }] }))
    const s = await runCli(["eligibility", "check", "--programme", "voikukkia", "--rules", rules, "--people", csv])
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
    const r = await runCli(["eligibility", "which", "--person", person, "--at", "2026-11-22", "--json"])
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
