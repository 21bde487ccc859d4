/**
 * A group's story kept in a SQLite file: personal fields encrypted under each parent's own key,
 * projections caught up from their checkpoints, a read and a disclosure written to the access log, one
 * parent erased by destroying their key, and finally one parent's export and access log. Each run adds
 * a new group to the same file, so the chapter can be run again and again.
 */
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import type { Lifecycle } from "@vertaistuki/core"
import {
  AccessLog,
  Attendance,
  ConsentRegistry,
  EventStore,
  GroupRoster,
  LifecycleCodec,
  MasterKey,
  Outbox,
  PersonalDataVault,
  Projection,
  Waitlist
} from "@vertaistuki/store"
import { SqliteEventStore } from "@vertaistuki/store-sqlite"
import { Effect, Either } from "effect"

const say = (text: string) => console.log(`  ${text}`)
const iso = (date: string, time = "15:00") => new Date(`${date}T${time}:00+03:00`).toISOString()

const parents = [
  { name: "Aino Mäkelä", phone: "+358401110001", dateOfBirth: "1985-04-12" },
  { name: "Jukka Nieminen", phone: "+358401110002", dateOfBirth: "1979-11-30" },
  { name: "Sanna Korhonen", phone: "+358401110003", dateOfBirth: "1990-02-07" },
  { name: "Leena Hämäläinen", phone: "+358401110004", dateOfBirth: "1982-08-21" },
  { name: "Mikko Laine", phone: "+358401110005", dateOfBirth: "1976-06-15" }
]

const worker = { actor: "worker-anna", purpose: "group-administration", legalBasis: "Social Welfare Act 1301/2014" }

/** The demo's file and its master key: `VERTAISTUKI_DEMO_DB` or a file under the OS temp folder. */
const location = () => {
  const file = process.env.VERTAISTUKI_DEMO_DB ?? join(tmpdir(), "vertaistuki-demo", "demo.sqlite")
  const dir = join(file, "..")
  mkdirSync(dir, { recursive: true })
  const keyFile = `${file}.master-key`
  if (!existsSync(keyFile)) writeFileSync(keyFile, MasterKey.generate(), { mode: 0o600 })
  chmodSync(keyFile, 0o600)
  return { file, key: process.env.VERTAISTUKI_MASTER_KEY ?? readFileSync(keyFile, "utf8").trim() }
}

const must = <A, E>(e: Either.Either<A, E>): A => Either.getOrThrowWith(e, (x) => new Error(String(x)))

export const storage = async (): Promise<void> => {
  const { file, key } = location()
  say(`Event store: ${file} (SQLite, WAL, synchronous=FULL)`)
  say(`Master key: ${file}.master-key for this demo; in production it comes from VERTAISTUKI_MASTER_KEY.`)
  const run = `r${Date.now().toString(36)}`
  const groupId = `${run}-group`
  const pid = (i: number) => `${run}-parent-${i + 1}`

  const program = Effect.gen(function* () {
    const es = yield* EventStore.EventStore
    const vault = yield* PersonalDataVault.PersonalDataVault
    const append = (streamId: string, expected: EventStore.ExpectedVersion, events: ReadonlyArray<EventStore.NewEvent>, outbox?: ReadonlyArray<Outbox.OutboxMessage>) =>
      es.append(streamId, expected, events, { outbox })
    const enc = (e: Lifecycle.LifecycleEvent, personal?: Record<string, string>) => must(LifecycleCodec.encode(e, personal === undefined ? {} : { personal }))

    const before = yield* es.head
    for (const [i, p] of parents.entries()) {
      const participantId = pid(i)
      yield* append(
        `participant-${participantId}`,
        "no-stream",
        [
          enc(
            { _tag: "ParticipantReferred", participantId, personId: participantId, groupId, source: "social-worker", modality: "in-person", at: iso("2026-02-03") },
            p
          ),
          enc({
            _tag: "ConsentsRecorded",
            participantId,
            at: iso("2026-02-10"),
            consents: [
              { purpose: "taking-part", givenBy: "person", grantedAt: iso("2026-02-10"), textVersion: "2026-01" },
              { purpose: "sms-reminders", givenBy: "person", grantedAt: iso("2026-02-10"), textVersion: "2026-01" }
            ]
          })
        ],
        [{ topic: "intake-reminder", payload: { participantId }, personId: participantId }]
      )
    }
    const enrolled = parents.slice(0, 4).map((_, i) => pid(i))
    yield* append(
      `group-${groupId}`,
      "no-stream",
      enrolled.map((participantId) => enc({ _tag: "MemberEnrolled", groupId, participantId, at: iso("2026-03-02") }))
    )
    yield* append(`participant-${pid(4)}`, 2, [enc({ _tag: "ParticipantWaitlisted", participantId: pid(4), groupId, at: iso("2026-03-02") })])
    for (const n of [1, 2, 3]) {
      const sessionId = `${groupId}-s${n}`
      const date = `2026-04-${String(2 + (n - 1) * 7).padStart(2, "0")}`
      yield* append(`session-${sessionId}`, "no-stream", [
        enc({ _tag: "SessionPlanned", sessionId, groupId, number: n, at: iso("2026-03-30"), modality: "in-person", maxMinutes: 180, theme: null }),
        enc({
          _tag: "SessionHeld",
          sessionId,
          at: iso(date, "19:30"),
          date,
          minutes: 150,
          attendance: enrolled.map((participantId, k) => ({ participantId, status: (k + n) % 4 === 0 ? "excused" : "present", minutes: null })),
          companions: [],
          travelClaims: [],
          guests: []
        })
      ])
    }
    const leaving = pid(3)
    yield* append(`participant-${leaving}`, 2, [enc({ _tag: "ParticipantWithdrew", participantId: leaving, at: iso("2026-04-18"), reason: "Työvuorot muuttuivat" })])
    yield* append(`group-${groupId}`, enrolled.length, [enc({ _tag: "MemberLeft", groupId, participantId: leaving, at: iso("2026-04-18"), ending: "withdrawn" })])
    yield* append(`participant-${pid(0)}`, 2, [
      enc({ _tag: "FinalFeedbackRecorded", groupId, participantId: pid(0), at: iso("2026-06-04"), form: "written", text: "Sain voimaa muiden vanhempien tarinoista." })
    ])
    const after = yield* es.head
    say(`This run stored ${after - before} events for group ${groupId} (positions ${before + 1}–${after}).`)

    const roster = yield* Projection.catchUp(GroupRoster.projection)
    say(`Projections caught up from their checkpoints: ${roster.applied} new events applied.`)
    const attendance = (yield* Projection.catchUp(Attendance.projection)).state
    const waitlist = (yield* Projection.catchUp(Waitlist.projection)).state
    const consents = (yield* Projection.catchUp(ConsentRegistry.projection)).state

    // A worker looks up contact details for the reminders; a disclosure goes to the social worker.
    const referral = yield* es.readStream(`participant-${pid(0)}`, { limit: 1 })
    const [contact] = yield* vault.reveal(referral, worker)
    say(`${pid(0)}'s contact details read by ${worker.actor} (logged): ${contact?._tag === "Fields" ? contact.fields.name : "?"}.`)
    yield* vault.reveal(referral, { ...worker, purpose: "participation-confirmation", legalBasis: "consent", recipient: "social-worker-of-the-child" })

    // The second parent asks to be forgotten.
    yield* vault.erase(pid(1), { actor: "dpo-kari", purpose: "erasure-request", legalBasis: "GDPR Art. 17" })
    const updated = (yield* Projection.catchUp(GroupRoster.projection)).state
    for (const date of ["2026-04-09", "2026-04-23"]) {
      const names = GroupRoster.rosterOn(updated, groupId, date).map((r) => (r.erased ? `${r.participantId} (erased)` : r.participantId))
      say(`Roster on ${date}: ${names.join(", ")}`)
    }
    const a = attendance.participants[pid(0)]
    say(`Attendance of ${pid(0)}: ${a?.present ?? 0} present, ${a?.excused ?? 0} excused.`)
    say(`Waiting list: ${(waitlist.groups[groupId] ?? []).map((w) => w.participantId).join(", ") || "empty"}.`)
    say(`${pid(2)} consents to SMS reminders: ${ConsentRegistry.isGranted(consents, pid(2), "sms-reminders") ? "yes" : "no"}.`)
    say(`Outbox: ${(yield* (yield* Outbox.Outbox).pending(1000)).length} messages waiting for the notifier.`)

    const erasedExport = yield* vault.exportPerson(pid(1), { actor: "dpo-kari", purpose: "erasure-check", legalBasis: "GDPR Art. 17" })
    say(`Export of the erased ${pid(1)}: ${erasedExport.events.map((e) => JSON.stringify(e.personal)).join(", ")}; their name appears: ${JSON.stringify(erasedExport).includes(parents[1]!.name) ? "YES" : "no"}.`)

    const bytes = Buffer.concat([readFileSync(file), existsSync(`${file}-wal`) ? readFileSync(`${file}-wal`) : Buffer.alloc(0)])
    const found = parents.filter((p) => bytes.includes(Buffer.from(p.name)) || bytes.includes(Buffer.from(p.phone)))
    say(`Searched ${file} and its WAL for the parents' names and phone numbers in plaintext: ${found.length === 0 ? "none found" : `FOUND ${found.length}`}.`)

    const exported = yield* vault.exportPerson(pid(0), { actor: "client-services", purpose: "client-request", legalBasis: "GDPR Art. 15" })
    console.log(`\n  Export of ${pid(0)} (GDPR Art. 15):`)
    console.log(
      JSON.stringify({ ...exported, accessLog: `${exported.accessLog.length} entries, below` }, null, 2)
        .split("\n")
        .map((l) => `    ${l}`)
        .join("\n")
    )
    const log = yield* (yield* AccessLog.AccessLog).forPerson(pid(0), { actor: "client-services", purpose: "client-request", legalBasis: "Client Data Act 703/2023" })
    console.log(`\n  Access log of ${pid(0)} (Client Data Act 703/2023):`)
    for (const e of log) {
      console.log(`    ${e.at.toISOString()}  ${e.actor.padEnd(16)} ${e.action.padEnd(16)} ${e.purpose} — ${e.legalBasis}${e.recipient === null ? "" : ` → ${e.recipient}`}`)
    }
  })

  await Effect.runPromise(Effect.provide(program, SqliteEventStore.layer({ filename: file, keyring: MasterKey.unsafeKeyring(key) })))
}
