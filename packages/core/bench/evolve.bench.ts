// Replays 1,000,000 group events through Group.evolve, side by side with XState v5's pure `transition`
// on an equivalent group machine and with a hand-written `switch` reducer over the same events.
import { performance } from "node:perf_hooks"
import { DateTime } from "luxon"
import { assign, initialTransition, setup, transition } from "xstate"
import { Group } from "@vertaistuki/core"

const TOTAL = 1_000_000
const XSTATE_SAMPLE = 100_000

const rules: Group.GroupRules = {
  programmeId: "voikukkia",
  minimum: 4,
  maximum: 8,
  minimumWaiverAllowed: false,
  leaders: [{ role: "professional", min: 2, required: false }],
  protectedName: null
}

const makeEvents = (): Array<Group.GroupEvent> => {
  const events: Array<Group.GroupEvent> = []
  let t = DateTime.fromISO("2026-01-05T09:00:00Z").toMillis()
  const at = () => new Date((t += 3_600_000)).toISOString()
  for (let g = 0; events.length < TOTAL; g++) {
    const groupId = `g${g}`
    events.push({ _tag: "GroupPlanned", groupId, at: at(), rules, usesProtectedName: true })
    events.push({ _tag: "RecruitmentOpened", groupId, at: at() })
    for (let p = 0; p < 8; p++) events.push({ _tag: "MemberEnrolled", groupId, participantId: `${groupId}-p${p}`, at: at() })
    events.push({ _tag: "GroupReady", groupId, at: at() })
    events.push({ _tag: "GroupStarted", groupId, at: at(), leaders: [{ leaderId: "L1", role: "professional" }], waiverReason: null, recommendationsUnmet: [] })
    events.push({ _tag: "MemberLeft", groupId, participantId: `${groupId}-p3`, at: at(), ending: "withdrawn" })
    events.push({ _tag: "GroupClosingBegan", groupId, at: at() })
    events.push({ _tag: "GroupCompleted", groupId, at: at() })
    events.push({ _tag: "FollowUpHeld", groupId, at: at() })
  }
  events.length = TOTAL
  return events
}

// A hand-written reducer: a `switch` on the tag building each next state as an object literal, with
// membership as a list of changes (one new cell per change).
interface Change {
  readonly id: string
  readonly at: string
  readonly joined: boolean
  readonly previous: Change | null
}
interface Hand {
  readonly status: string
  readonly groupId: string
  readonly changes: Change | null
  readonly enrolled: number
  readonly startedAt: string | null
  readonly endedAt: string | null
  readonly version: number
}
const handInitial: Hand = { status: "none", groupId: "", changes: null, enrolled: 0, startedAt: null, endedAt: null, version: 0 }
const hand = (s: Hand, e: Group.GroupEvent): Hand => {
  switch (e._tag) {
    case "GroupPlanned":
      return { status: "draft", groupId: e.groupId, changes: null, enrolled: 0, startedAt: null, endedAt: null, version: s.version + 1 }
    case "RecruitmentOpened":
      return { status: "recruiting", groupId: s.groupId, changes: s.changes, enrolled: s.enrolled, startedAt: s.startedAt, endedAt: s.endedAt, version: s.version + 1 }
    case "MemberEnrolled":
      return { status: s.status, groupId: s.groupId, changes: { id: e.participantId, at: e.at, joined: true, previous: s.changes }, enrolled: s.enrolled + 1, startedAt: s.startedAt, endedAt: s.endedAt, version: s.version + 1 }
    case "MemberLeft":
      return { status: s.status, groupId: s.groupId, changes: { id: e.participantId, at: e.at, joined: false, previous: s.changes }, enrolled: s.enrolled - 1, startedAt: s.startedAt, endedAt: s.endedAt, version: s.version + 1 }
    case "GroupReady":
      return { status: "ready", groupId: s.groupId, changes: s.changes, enrolled: s.enrolled, startedAt: s.startedAt, endedAt: s.endedAt, version: s.version + 1 }
    case "GroupStarted":
      return { status: "running", groupId: s.groupId, changes: s.changes, enrolled: s.enrolled, startedAt: e.at, endedAt: null, version: s.version + 1 }
    case "GroupClosingBegan":
      return { status: "closing", groupId: s.groupId, changes: s.changes, enrolled: s.enrolled, startedAt: s.startedAt, endedAt: s.endedAt, version: s.version + 1 }
    case "GroupCompleted":
      return { status: "completed", groupId: s.groupId, changes: s.changes, enrolled: 0, startedAt: s.startedAt, endedAt: e.at, version: s.version + 1 }
    case "GroupCancelled":
      return { status: "cancelled", groupId: s.groupId, changes: s.changes, enrolled: 0, startedAt: s.startedAt, endedAt: e.at, version: s.version + 1 }
    case "FollowUpHeld":
      return { status: "followed-up", groupId: s.groupId, changes: s.changes, enrolled: s.enrolled, startedAt: s.startedAt, endedAt: s.endedAt, version: s.version + 1 }
    case "FollowUpSkipped":
      return { status: "no-follow-up", groupId: s.groupId, changes: s.changes, enrolled: s.enrolled, startedAt: s.startedAt, endedAt: s.endedAt, version: s.version + 1 }
  }
}

// The equivalent XState v5 machine, driven by its pure `transition`.
type XEvent = Group.GroupEvent & { readonly type: Group.GroupEvent["_tag"] }
interface XContext {
  groupId: string
  members: ReadonlyArray<{ id: string; from: string; until: string | null }>
  enrolled: number
  startedAt: string | null
  endedAt: string | null
}
const machine = setup({
  types: {} as { context: XContext; events: XEvent },
  actions: {
    plan: assign(({ event }) => ({ groupId: event.groupId, members: [], enrolled: 0, startedAt: null, endedAt: null })),
    enrol: assign(({ context, event }) =>
      event._tag === "MemberEnrolled" ? { members: context.members.concat({ id: event.participantId, from: event.at, until: null }), enrolled: context.enrolled + 1 } : {}
    ),
    leave: assign(({ context, event }) =>
      event._tag === "MemberLeft"
        ? { members: context.members.map((m) => (m.id === event.participantId && m.until === null ? { ...m, until: event.at } : m)), enrolled: context.enrolled - 1 }
        : {}
    ),
    start: assign(({ event }) => ({ startedAt: event.at })),
    close: assign(({ context, event }) => ({ members: context.members.map((m) => (m.until === null ? { ...m, until: event.at } : m)), enrolled: 0, endedAt: event.at }))
  }
}).createMachine({
  id: "group",
  initial: "none",
  context: { groupId: "", members: [], enrolled: 0, startedAt: null, endedAt: null },
  on: { GroupPlanned: { target: ".draft", actions: "plan" } },
  states: {
    none: {},
    draft: { on: { RecruitmentOpened: "recruiting", GroupCancelled: { target: "cancelled", actions: "close" } } },
    recruiting: { on: { MemberEnrolled: { actions: "enrol" }, MemberLeft: { actions: "leave" }, GroupReady: "ready", GroupCancelled: { target: "cancelled", actions: "close" } } },
    ready: {
      on: { MemberEnrolled: { actions: "enrol" }, MemberLeft: { actions: "leave" }, GroupStarted: { target: "running", actions: "start" }, GroupCancelled: { target: "cancelled", actions: "close" } }
    },
    running: { on: { MemberLeft: { actions: "leave" }, GroupClosingBegan: "closing", GroupCancelled: { target: "cancelled", actions: "close" } } },
    closing: { on: { MemberLeft: { actions: "leave" }, GroupCompleted: { target: "completed", actions: "close" }, GroupCancelled: { target: "cancelled", actions: "close" } } },
    completed: { on: { FollowUpHeld: "followedUp", FollowUpSkipped: "noFollowUp" } },
    followedUp: {},
    noFollowUp: {},
    cancelled: {}
  }
})

const gc = (globalThis as { gc?: () => void }).gc ?? (() => {})
const time = (f: () => void): number => {
  gc()
  const t = performance.now()
  f()
  return (performance.now() - t) / 1000
}
const best = (runs: number, f: () => void) => Math.min(...Array.from({ length: runs }, () => time(f)))

const events = makeEvents()
const xevents: Array<XEvent> = events.map((e) => ({ ...e, type: e._tag }))

let sink: unknown
const replayOurs = () => {
  let s = Group.initial
  for (let i = 0; i < events.length; i++) s = Group.evolve(s, events[i]!)
  sink = s
}
const replayHand = () => {
  let s = handInitial
  for (let i = 0; i < events.length; i++) s = hand(s, events[i]!)
  sink = s
}
// Interleaved, so that neither profits from running first or last.
const oursTimes: Array<number> = []
const handTimes: Array<number> = []
for (let round = 0; round < 5; round++) {
  oursTimes.push(time(replayOurs))
  handTimes.push(time(replayHand))
}
const ours = Math.min(...oursTimes)
const handTime = Math.min(...handTimes)
const [first] = initialTransition(machine)
const xsample = xevents.slice(0, XSTATE_SAMPLE)
const runX = () => {
  let snap = first
  for (let i = 0; i < xsample.length; i++) [snap] = transition(machine, snap, xsample[i]!)
  sink = snap
}
runX()
const xTime = best(2, runX)


const rate = (n: number, s: number) => n / s
const ourRate = rate(TOTAL, ours)
const handRate = rate(TOTAL, handTime)
const xRate = rate(XSTATE_SAMPLE, xTime)
const fmt = (n: number) => Math.round(n).toLocaleString("en-US")
const rows: Array<[string, string, string, string]> = [
  ["Group.evolve (ours)", fmt(ourRate), "1.00×", ""],
  ["hand-written switch reducer", fmt(handRate), `${(handRate / ourRate).toFixed(2)}× ours`, `goal: ours within 2× → ${handRate / ourRate <= 2 ? "met" : "NOT met"}`],
  [`XState v5 transition (${fmt(XSTATE_SAMPLE)} of them)`, fmt(xRate), `ours ${(ourRate / xRate).toFixed(1)}×`, `goal: ours ≥ 20× → ${ourRate / xRate >= 20 ? "met" : "NOT met"}`],
  ["absolute goal", "1,400,000", "", `ours ≥ 1,400,000/s → ${ourRate >= 1_400_000 ? "met" : "NOT met"}`]
]
const widths = [0, 1, 2, 3].map((c) => Math.max(...rows.map((r) => r[c]!.length), ["replay", "events/s", "ratio", "goal"][c]!.length))
const line = (r: ReadonlyArray<string>) => r.map((c, i) => c.padEnd(widths[i]!)).join("  ")
console.log(`replay of ${fmt(TOTAL)} group events (${Math.round(TOTAL / 16).toLocaleString("en-US")} group lifecycles), best of runs; Node ${process.version}`)
console.log(line(["replay", "events/s", "ratio", "goal"]))
for (const r of rows) console.log(line(r))
void sink
