import { Effect } from "effect"
import { expect, it } from "vitest"
import { Attendance, Projection } from "../src/index.js"
import { jan, memory, store } from "./helpers.js"

it("attendance counts each participant's presences, excused and unexcused absences and minutes per held session", async () => {
  const { state } = await Effect.runPromise(
    Effect.provide(
      Effect.gen(function* () {
        for (const n of [1, 2]) {
          yield* store(`session-s${n}`, [
            { _tag: "SessionPlanned", sessionId: `s${n}`, groupId: "g1", number: n, at: jan(1), modality: "remote", maxMinutes: 180, theme: null },
            {
              _tag: "SessionHeld",
              sessionId: `s${n}`,
              at: jan(n * 7),
              date: jan(n * 7).slice(0, 10),
              minutes: 120,
              attendance: [
                { participantId: "a", status: "present", minutes: 120 },
                { participantId: "b", status: n === 1 ? "excused" : "absent", minutes: null }
              ],
              companions: [],
              travelClaims: [],
              guests: []
            }
          ])
        }
        return yield* Projection.rebuild(Attendance.projection)
      }),
      memory()
    )
  )
  expect(state.participants["a"]).toEqual({ present: 2, excused: 0, absent: 0, minutes: 240 })
  expect(state.participants["b"]).toEqual({ present: 0, excused: 1, absent: 1, minutes: 0 })
  expect(state.sessions["s2"]).toMatchObject({ groupId: "g1", number: 2, date: "2026-01-14", present: ["a"], absent: ["b"] })
})
