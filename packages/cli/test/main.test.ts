import { mkdtempSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { Effect } from "effect"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import { BadInput, CommandFailed, Stderr } from "../src/Output.js"
import { exitCodeOf } from "../src/main.js"
import { runApp, runShell } from "./helpers.js"

const dir = mkdtempSync(join(tmpdir(), "vt-cli-main-"))
afterAll(() => rmSync(dir, { recursive: true, force: true }))
const deep = (n: number) => `${"[".repeat(n)}${"]".repeat(n)}`
const stackLine = /^\s+at .+[:(]/m

const files = {
  deepPerson: join(dir, "deep-person.json"),
  deepRows: join(dir, "deep-rows.jsonl"),
  wideRules: join(dir, "wide-rules.json"),
  rows: join(dir, "rows.jsonl")
}

beforeAll(() => {
  writeFileSync(files.deepPerson, `{"role":${deep(200_000)}}`)
  writeFileSync(files.deepRows, `{"id":"p1","role":"parent"}\n{"id":"p2","languages":${deep(200_000)}}\n`)
  writeFileSync(files.wideRules, JSON.stringify({ id: "own", rules: [{ any: Array.from({ length: 200_000 }, () => ({ fact: "role", equals: "parent" })) }] }))
  writeFileSync(files.rows, Array.from({ length: 200_000 }, (_, i) => JSON.stringify({ id: `p${i}`, role: "parent", childSituation: "placement" })).join("\n"))
})

/** Runs an effect as the command line's last step does and gives back the exit code and stderr. */
const exit = async (program: Effect.Effect<void, unknown>) => {
  let stderr = ""
  const code = await Effect.runPromise(exitCodeOf(program).pipe(Effect.provideService(Stderr, { write: (t) => Effect.sync(() => void (stderr += t)) })))
  return { code, stderr }
}

describe("exit codes and messages", () => {
  it("bad input exits 2, a failed command 1, each with its one-line message on stderr", async () => {
    expect(await exit(Effect.fail(new BadInput({ message: "x.json: nested deeper than 100 levels" })))).toEqual({
      code: 2,
      stderr: "vertaistuki: x.json: nested deeper than 100 levels\n"
    })
    expect(await exit(Effect.fail(new CommandFailed({ message: "store unavailable (retryable)" })))).toEqual({
      code: 1,
      stderr: "vertaistuki: store unavailable (retryable)\n"
    })
    expect(await exit(Effect.succeed(undefined))).toEqual({ code: 0, stderr: "" })
  })

  it("a defect exits 2 with one line that quotes neither its message nor its stack", async () => {
    const overflow = await exit(Effect.die(new RangeError("Maximum call stack size exceeded")))
    expect(overflow.code).toBe(2)
    expect(overflow.stderr).toMatch(/^vertaistuki: the input is too large or nested too deeply to process .*\n$/)
    const thrown = await exit(
      Effect.sync(() => {
        throw new SyntaxError('Unexpected token in "dateOfBirth":"1983-06-01"')
      })
    )
    expect(thrown.code).toBe(2)
    expect(thrown.stderr.split("\n")).toHaveLength(2)
    expect(thrown.stderr).toContain("SyntaxError")
    expect(thrown.stderr).not.toContain("1983")
    expect(thrown.stderr).not.toMatch(stackLine)
  })
})

describe("unknown commands", () => {
  it("an unknown command with --help exits 2 and names the known ones", async () => {
    const r = await runApp(["nosuch", "--help"])
    expect(r.code).toBe(2)
    expect(r.stdout).toBe("")
    expect(r.stderr).toBe('vertaistuki: unknown command "nosuch"; the commands are programmes, costs, eligibility, schedule, store, report, notify, simulate\n')
    const sub = await runApp(["costs", "nosuch", "--help"])
    expect(sub.code).toBe(2)
    expect(sub.stderr).toBe('vertaistuki: unknown command "costs nosuch"; the commands of costs are compare, sensitivity, simulate\n')
  })

  it("--help of a known command still prints its help and exits 0", async () => {
    for (const args of [["--help"], ["schedule", "--help"], ["costs", "compare", "--help"]]) {
      const r = await runApp(args)
      expect(r.code, args.join(" ")).toBe(0)
      expect(r.stdout).toContain("USAGE")
    }
  })
})

describe("hostile input, in process", () => {
  it("200,000-deep facts, a 200,000-deep row and an any of 200,000 rules exit 2 with a message", async () => {
    const person = await runApp(["eligibility", "which", "--person", files.deepPerson, "--at", "2026-11-22"])
    expect(person).toEqual({ code: 2, stdout: "", stderr: `vertaistuki: ${files.deepPerson}: nested deeper than 100 levels\n` })
    const rows = await runApp(["eligibility", "check", "--programme", "voikukkia", "--people", files.deepRows, "--at", "2026-11-22", "--json"])
    expect(rows.code).toBe(2)
    expect(JSON.parse(rows.stdout).decisions.map((d: { outcome?: string }) => d.outcome ?? "bad")).toEqual(["undetermined", "bad"])
    expect(rows.stderr).toBe(
      `vertaistuki: ${files.deepRows} line 2: field (row): expected a JSON object of person facts (nested deeper than 100 levels)\n`
    )
    const rules = await runApp(["eligibility", "check", "--programme", "voikukkia", "--rules", files.wideRules, "--people", files.deepRows])
    expect(rules).toEqual({ code: 2, stdout: "", stderr: `vertaistuki: ${files.wideRules}: more than 1000 rules; split the rule set\n` })
  })
})

describe("the binary", () => {
  it("prints no stack trace on hostile input: deep facts, a huge rule file", async () => {
    const r = await runShell(
      `$VT eligibility which --person '${files.deepPerson}'; echo "exit $?" >&2; $VT eligibility check --programme voikukkia --rules '${files.wideRules}' --people '${files.deepRows}'; echo "exit $?" >&2`
    )
    expect(r.stdout).toBe("")
    expect(r.stderr).toBe(
      `vertaistuki: ${files.deepPerson}: nested deeper than 100 levels\nexit 2\nvertaistuki: ${files.wideRules}: more than 1000 rules; split the rule set\nexit 2\n`
    )
  })

  it("streams 200,000 decisions with --json, and stops quietly with exit 0 when the reader goes (| head)", async () => {
    const whole = await runShell(
      `{ $VT eligibility check --programme voikukkia --people '${files.rows}' --at 2026-11-22 --json; echo "exit $?" >&2; } | awk '{ a = b; b = c; c = $0; if ($0 ~ /^    {$/) n++ } END { print n; print a; print b; print c }'`
    )
    expect(whole.stderr).toBe("exit 0\n")
    expect(whole.stdout).toBe("200000\n    }\n  ]\n}\n")
    const head = await runShell(`{ $VT eligibility check --programme voikukkia --people '${files.rows}' --at 2026-11-22 --json; echo "exit $?" >&2; } | head -c 100`)
    expect(head.stdout.startsWith('{\n  "programme": "voikukkia",\n  "reference": "2026-11-22",\n  "decisions": [\n')).toBe(true)
    expect(head.stderr).toBe("exit 0\n")
  })
})
