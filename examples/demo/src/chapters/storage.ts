/**
 * The group's story kept in a SQLite file: the events the lifecycle chapter decided, stored stream by
 * stream in their order, each parent's name and phone number sealed under their own key, projections
 * caught up from their checkpoints, reads written to the access log, one parent erased by destroying
 * their key, and finally one parent's export and access log. A second run finds the story stored, is
 * refused a duplicate by optimistic concurrency, and reads it back.
 */
import { chmodSync, existsSync, readFileSync, writeFileSync } from "node:fs"
import { dirname, join } from "node:path"
import { Feedback, Group, Lifecycle, Participant, Session } from "@vertaistuki/core"
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
  Streams,
  Waitlist
} from "@vertaistuki/store"
import { Notice } from "@vertaistuki/notify"
import { SqliteEventStore } from "@vertaistuki/store-sqlite"
import { Effect, Either, Schema } from "effect"
import { DateTime } from "luxon"
import type { Story } from "../Story.js"
import { here } from "../Place.js"
import { say } from "../Print.js"

/** The parents behind `person-1` … `person-9` of the lifecycle chapter: the only personal data stored. */
const parents = [
  { name: "Aino Mäkelä", phone: "+358401110001" },
  { name: "Jukka Nieminen", phone: "+358401110002" },
  { name: "Sanna Korhonen", phone: "+358401110003" },
  { name: "Leena Hämäläinen", phone: "+358401110004" },
  { name: "Mikko Laine", phone: "+358401110005" },
  { name: "Riikka Virtanen", phone: "+358401110006" },
  { name: "Tapio Heikkinen", phone: "+358401110007" },
  { name: "Outi Lehtonen", phone: "+358401110008" },
  { name: "Pekka Salonen", phone: "+358401110009" }
]

const worker = { actor: "worker-anna", purpose: "group-administration", legalBasis: "Social Welfare Act 1301/2014" }

type Kind = "participant" | "group" | "session" | "feedback" | "outcomes"
const kinds = new Map<string, Kind>()
const isParticipantEvent = Schema.is(Participant.ParticipantEvent)
const isGroupEvent = Schema.is(Group.GroupEvent)
const isSessionEvent = Schema.is(Session.SessionEvent)
const isFeedbackEvent = Schema.is(Feedback.FeedbackEvent)

/** Which machine's union an event belongs to, worked out once per tag (tags are unique across the unions). */
const kindOf = (e: Lifecycle.LifecycleEvent): Kind => {
  let kind = kinds.get(e._tag)
  if (kind === undefined) {
    kind = isParticipantEvent(e)
      ? "participant"
      : isGroupEvent(e)
        ? "group"
        : isSessionEvent(e)
          ? "session"
          : isFeedbackEvent(e) && e._tag === "AnonymousFeedbackBatchClosed"
            ? "feedback"
            : "outcomes"
    kinds.set(e._tag, kind)
  }
  return kind
}

/** The stream an event belongs to: one per participation, group and session; outcomes and feedback beside them. */
const streamOf = (e: Lifecycle.LifecycleEvent): string => {
  const kind = kindOf(e)
  const id =
    kind === "participant" || kind === "outcomes"
      ? "participantId" in e
        ? e.participantId
        : "unknown"
      : kind === "group"
        ? "groupId" in e
          ? e.groupId
          : "unknown"
        : "sessionId" in e
          ? e.sessionId
          : "unknown"
  return Streams[kind](id)
}

/** The demo's file and its master key, in the demo's folder (see `Place.ts`). */
export const location = () => {
  const file = here().db
  const keyFile = `${file}.master-key`
  if (!existsSync(keyFile)) writeFileSync(keyFile, MasterKey.generate(), { mode: 0o600 })
  chmodSync(keyFile, 0o600)
  return { file, key: process.env.VERTAISTUKI_MASTER_KEY ?? readFileSync(keyFile, "utf8").trim() }
}

export const storage = async (story: Story): Promise<void> => {
  const { file, key } = location()
  say(`Event store: ${file} (SQLite, WAL, synchronous=FULL)`)
  say(`Master key: ${file}.master-key for this demo; in production it comes from VERTAISTUKI_MASTER_KEY.`)

  const personOf = new Map<string, string>()
  for (const e of story.events) if (e._tag === "ParticipantReferred") personOf.set(e.participantId, e.personId)
  const groupId = story.events.find((e) => e._tag === "GroupPlanned" && "groupId" in e)
  if (groupId === undefined || !("groupId" in groupId)) throw new Error("the lifecycle chapter has not told its story")
  const group = Streams.group(groupId.groupId)
  const participant = "parent-1"
  const person = personOf.get(participant)!
  const erasedParticipant = "parent-2"
  const erasedPerson = personOf.get(erasedParticipant)!

  const program = Effect.gen(function* () {
    const es = yield* EventStore.EventStore
    const vault = yield* PersonalDataVault.PersonalDataVault
    const encode = (e: Lifecycle.LifecycleEvent): EventStore.NewEvent => {
      const subject = "participantId" in e ? personOf.get(e.participantId) : undefined
      const parent = e._tag === "ParticipantReferred" ? parents[Number(e.personId.replace("person-", "")) - 1] : undefined
      // A session's texts (a cancellation or rescheduling reason) are sealed under the key of its group.
      return Either.getOrThrow(
        LifecycleCodec.encode(e, { groupId: groupId.groupId, ...(subject === undefined ? {} : { personId: subject }), ...(parent === undefined ? {} : { personal: parent }) })
      )
    }

    if ((yield* es.streamVersion(group)) === 0) {
      // In the decided order, each run of events of one stream as one append expecting that stream's version.
      const versions = new Map<string, number>()
      const streams = story.events.map(streamOf)
      let i = 0
      while (i < story.events.length) {
        const stream = streams[i]!
        let j = i
        while (j < story.events.length && streams[j] === stream) j++
        const batch = story.events.slice(i, j)
        const expected = versions.get(stream) ?? 0
        // What the notifier needs to know, written with the events (ids and times only).
        const outbox = Notice.fromEvents(batch, { groupId: groupId.groupId, personOf: (p) => personOf.get(p) })
        yield* es.append(stream, expected === 0 ? "no-stream" : expected, batch.map(encode), { outbox })
        versions.set(stream, expected + batch.length)
        i = j
      }
      say(`Stored the group's ${story.events.length} events in ${versions.size} streams, in the order they were decided.`)
    } else {
      const again = yield* Effect.either(es.append(group, "no-stream", [encode(story.events.find((e) => streamOf(e) === group)!)]))
      say(
        `An earlier run stored this story: appending it again is refused (${Either.isLeft(again) ? again.left._tag : "accepted?!"}), so nothing is duplicated; reading it back.`
      )
    }

    yield* Projection.catchUp(GroupRoster.projection)
    const attendance = (yield* Projection.catchUp(Attendance.projection)).state
    const waitlist = (yield* Projection.catchUp(Waitlist.projection)).state
    const consents = (yield* Projection.catchUp(ConsentRegistry.projection)).state
    say(`Projections caught up from their checkpoints (group roster, attendance, consent registry, waiting list).`)

    const referral = (yield* es.readStream(Streams.participant(participant), { limit: 1 }))
    const [contact] = yield* vault.reveal(referral, worker)
    say(`${participant}'s phone number read by ${worker.actor} for a reminder (logged): ${contact?._tag === "Fields" ? contact.fields.phone : "?"}.`)
    const share = ConsentRegistry.isGranted(consents, participant, "share-participation-with-social-worker", DateTime.fromISO("2026-06-01T12:00:00+03:00"))
    say(
      `The child's social worker asks whether ${participant} takes part: ${share ? "consented, so it may be told" : "no consent to share participation, so nothing is disclosed (Disclosure.discloseParticipation refuses the same)"}.`
    )

    const erasure = yield* vault.erase(erasedPerson, { actor: "dpo-kari", purpose: "erasure-request", legalBasis: "GDPR Art. 17" })
    say(`${erasedPerson} (${erasedParticipant}) asked to be forgotten: their key is ${erasure.alreadyErased ? "already" : "now"} destroyed.`)
    const roster = (yield* Projection.catchUp(GroupRoster.projection)).state
    for (const date of ["2026-04-09", "2026-04-30"]) {
      const names = GroupRoster.rosterOn(roster, groupId.groupId, date).map((r) => (r.erased ? `${r.participantId} (erased)` : r.participantId))
      say(`Roster on ${date}: ${names.join(", ")}`)
    }
    const a = attendance.participants[participant]
    say(`Attendance of ${participant}: ${a?.present ?? 0} present, ${a?.excused ?? 0} excused, ${a?.absent ?? 0} absent.`)
    const waiting = waitlist.groups[groupId.groupId] ?? []
    say(`Waiting list: ${waiting.map((w) => w.participantId).join(", ") || "empty (the waitlisted parent has declined)"}.`)
    say(`Outbox: ${(yield* (yield* Outbox.Outbox).pending(1000)).length} notices waiting for the notifier.`)

    const erasedExport = yield* vault.exportPerson(erasedPerson, { actor: "dpo-kari", purpose: "erasure-check", legalBasis: "GDPR Art. 17" })
    const leaked = JSON.stringify(erasedExport).includes(parents[1]!.name)
    say(`Export of the erased ${erasedPerson}: ${erasedExport.status}, ${erasedExport.events.length} events, personal fields ${[...new Set(erasedExport.events.map((e) => JSON.stringify(e.personal)))].join(" / ")}; name readable: ${leaked ? "YES" : "no"}.`)

    const bytes = Buffer.concat([readFileSync(file), existsSync(`${file}-wal`) ? readFileSync(`${file}-wal`) : Buffer.alloc(0)])
    // Every free text the story recorded, a group's and a session's own included (a reason can name a family).
    const texts = story.events.flatMap((e) =>
      (Lifecycle.sensitiveFields[e._tag] ?? []).flatMap((f) => {
        const v = (e as unknown as Record<string, unknown>)[f]
        return typeof v === "string" && v.length >= 6 ? [v] : []
      })
    )
    const found = [...parents.flatMap((p) => [p.name, p.phone]), ...texts].filter((t) => bytes.includes(Buffer.from(t)))
    say(
      `Searched ${file} and its WAL for every parent's name and phone number and the story's ${texts.length} free texts in plaintext: ${found.length === 0 ? "none found" : `FOUND ${found.length}`}.`
    )

    const exported = yield* vault.exportPerson(person, { actor: "client-services", purpose: "client-request", legalBasis: "GDPR Art. 15" })
    const exportFile = join(dirname(file), `export-${person}.json`)
    writeFileSync(exportFile, `${JSON.stringify(exported, null, 2)}\n`, { mode: 0o600 })
    chmodSync(exportFile, 0o600)
    console.log(`\n  Export of ${person} (${participant}), GDPR Art. 15, in full in ${exportFile}:`)
    const named = story.events.filter((e) => JSON.stringify(e).includes(`"${participant}"`) || JSON.stringify(e).includes(`"${person}"`)).length
    say(`  status ${exported.status}; ${exported.events.length} events: ${[...new Set(exported.events.map((e) => e.type))].join(", ")}`)
    say(`  The story names ${participant} or ${person} in ${named} events; the export holds ${exported.events.length}.`)
    for (const e of exported.events) if (e.personal !== null && typeof e.personal === "object") say(`  ${e.type} #${e.position}: ${JSON.stringify(e.personal)}`)

    const log = yield* (yield* AccessLog.AccessLog).forPerson(person, { actor: "client-services", purpose: "client-request", legalBasis: "Client Data Act 703/2023" })
    console.log(`\n  Access log of ${person} (Client Data Act 703/2023), newest last:`)
    if (log.length > 8) say(`  (${log.length - 8} earlier entries not shown)`)
    for (const e of log.slice(-8)) {
      say(`  ${e.at.toISOString()}  ${e.actor.padEnd(16)} ${e.action.padEnd(15)} ${e.purpose} — ${e.legalBasis}${e.recipient === null ? "" : ` → ${e.recipient}`}${e.range === null ? "" : ` [${e.range.streamId ?? "all streams"} #${e.range.from}–${e.range.to}${e.detail === null ? "" : `, ${e.detail}`}]`}`)
    }
  }).pipe(AccessLog.actingAs(worker))

  await Effect.runPromise(Effect.provide(program, SqliteEventStore.layer({ filename: file, keyring: MasterKey.unsafeKeyring(key) })))
}
