import { Either } from "effect"
import { describe, expect, it } from "vitest"
import * as Options from "../src/Options.js"
import { preferred } from "../src/pages/Public.js"
import { fieldOf } from "../src/pages/Plan.js"

describe("Options", () => {
  it("defaults to the SQLite file on 127.0.0.1:3000 with demo data", () => {
    expect(Either.getOrThrow(Options.parse([], {}))).toEqual({
      port: 3000,
      host: "127.0.0.1",
      database: { _tag: "sqlite", filename: Options.defaultFile },
      demoData: true,
      secureCookies: false,
      masterKey: undefined
    })
  })

  it("reads --port, --db, --no-demo-data and DATABASE_URL", () => {
    const o = Either.getOrThrow(Options.parse(["--", "--port", "0", "--db", "x.sqlite", "--no-demo-data"], { DATABASE_URL: "postgres://u:secret@h/db", VERTAISTUKI_PG_SCHEMA: "app" }))
    expect(o.port).toBe(0)
    expect(o.demoData).toBe(false)
    expect(o.database).toEqual({ _tag: "postgres", url: "postgres://u:secret@h/db", schema: "app" })
    expect(Options.redacted("postgres://u:secret@h/db")).not.toContain("secret")
  })

  it("names the argument that is wrong", () => {
    expect(Options.parse(["--port", "http"], {})).toEqual(Either.left("--port: expected a port number 0–65535"))
    expect(Either.getLeft(Options.parse(["--colour"], {}))._tag).toBe("Some")
    expect(Options.parse([], { DATABASE_URL: "mysql://x" })).toEqual(Either.left("DATABASE_URL: expected postgres://…"))
  })
})

describe("the language of the front door", () => {
  it("is the browser's first of fi, sv and en by weight, Finnish when it names none", () => {
    expect(preferred("sv-FI,sv;q=0.9,en;q=0.8")).toBe("sv")
    expect(preferred("de-DE,en;q=0.5,fi;q=0.7")).toBe("fi")
    expect(preferred("en-GB")).toBe("en")
    expect(preferred(undefined)).toBe("fi")
    expect(preferred("fr")).toBe("fi")
  })
})

describe("the plan form's fields of a problem's path", () => {
  it("puts each problem at the field it is about", () => {
    expect(fieldOf("leaders[1].trainings", 3)).toBe("leaders.1.trainings")
    expect(fieldOf("leaders[5].name", 3)).toBe("leaders.2.userId")
    expect(fieldOf("sessions[2].minutes", 3)).toBe("defaultMinutes")
    expect(fieldOf("sessions", 3)).toBe("sessionCount")
    expect(fieldOf("groupSize.min", 3)).toBe("minimum")
    expect(fieldOf("organisers[0].name", 3)).toBe("organisers.0.name")
    expect(fieldOf("name", 3)).toBe("name")
    expect(fieldOf("something.else", 3)).toBe("name")
  })
})
