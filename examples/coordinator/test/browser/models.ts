// The five programme models of the catalogue as the browser flows run them: the plan's fields, the
// people referred (a minor's consents by the guardian with the minor's own view), the places, the
// schedule and the holiday it passes over (Ascension Day, Thursday 6 May 2027), and the model's particulars.
import type * as Flows from "./flows.js"

const leaders = [{ userId: "leader-liisa" }, { userId: "leader-mikko" }]

/** The five programme models of the catalogue, each with what its flow needs. */
export const models: ReadonlyArray<Flows.Model & { readonly facts: Readonly<Record<string, string>> }> = [
  {
    programmeId: "voikukkia",
    lang: "fi",
    groupName: "VOIKUKKIA Tampere kevät 2027",
    groupLanguage: "fi",
    organiser: ["ngo", "Sininauhaliitto"],
    leaders: [
      { userId: "leader-liisa", trainings: ["voikukkia-leader"] },
      { userId: "leader-mikko", trainings: ["voikukkia-leader"] },
      { userId: "coordinator-anna", trainings: ["voikukkia-peer-leader"] }
    ],
    planFields: { sessionCount: "10" },
    remote: false,
    people: [
      { name: "Aili Ruohonen", language: "fi", source: "social-worker" },
      { name: "Jukka Nieminen", language: "fi", source: "social-worker" },
      { name: "Sanna Korhonen", language: "fi", source: "self" },
      { name: "Leena Hämäläinen", language: "fi", source: "health-professional" }
    ],
    places: 4,
    schedule: { start: "2027-04-29", time: "17:00", skipped: "6.5.2027" },
    consents: ["taking-part"],
    facts: { role: "parent", childSituation: "custody", commitsToWholeProcess: "true", lifeSituationAllows: "true" }
  },
  {
    programmeId: "online-parents-of-placed-youth",
    lang: "fi",
    groupName: "Verkkovertaisryhmä syksy 2027",
    groupLanguage: "fi",
    organiser: ["ngo", "Läheisjärjestö ry"],
    leaders: [...leaders, { userId: "coordinator-anna" }],
    planFields: { minimum: "1", maximum: "6" },
    remote: true,
    people: [
      { name: "Outi Lehtonen", language: "fi", source: "institution" },
      { name: "Pekka Salonen", language: "fi", source: "institution" }
    ],
    places: 2,
    schedule: { start: "2027-04-29", time: "18:00", skipped: "6.5.2027", saturdayTime: "10:00" },
    consents: ["taking-part", "messaging-group"],
    messagingGroup: true,
    saturday: true,
    facts: { role: "parent", childSituation: "placement", placementSetting: "substance-rehabilitation-institution" }
  },
  {
    programmeId: "professionally-guided",
    lang: "en",
    groupName: "Guided group for parents, Mikkeli spring 2027",
    groupLanguage: "fi",
    organiser: ["welfare-region", "Etelä-Savon hyvinvointialue"],
    leaders,
    planFields: { minimum: "1", maximum: "8", sessionCount: "6", defaultMinutes: "90" },
    remote: false,
    people: [
      { name: "Riikka Virtanen", language: "fi", source: "health-professional" },
      { name: "Tapio Heikkinen", language: "en", source: "social-worker" }
    ],
    places: 2,
    schedule: { start: "2027-04-29", time: "17:30", skipped: "6 May 2027" },
    consents: ["taking-part", "evaluation-questionnaire"],
    outcomes: true,
    feedback: true,
    facts: { role: "parent", specialSupportNeed: "neuropsychiatric" }
  },
  {
    programmeId: "experience-expert-structure",
    lang: "fi",
    groupName: "Nuorten vertaisryhmä, Kanta-Häme",
    groupLanguage: "fi",
    organiser: ["welfare-region", "Kanta-Hämeen hyvinvointialue"],
    leaders,
    planFields: { minimum: "2", maximum: "2", sessionCount: "4", defaultMinutes: "90" },
    remote: false,
    people: [
      { name: "Eetu Lahtinen", language: "fi", source: "social-worker", minor: true },
      { name: "Venla Koskinen", language: "fi", source: "social-worker", minor: true },
      { name: "Onni Mattila", language: "fi", source: "social-worker", minor: true }
    ],
    places: 2,
    schedule: { start: "2027-04-29", time: "16:00", skipped: "6.5.2027" },
    consents: ["taking-part"],
    budgetLines: true,
    facts: { role: "young-person", childSituation: "placement" }
  },
  {
    programmeId: "usm-children",
    lang: "sv",
    groupName: "USM-gruppen i Vasa våren 2027",
    groupLanguage: "sv",
    organiser: ["welfare-region", "Österbottens välfärdsområde"],
    leaders,
    planFields: { minimum: "1", maximum: "6", sessionCount: "4", defaultMinutes: "75" },
    remote: false,
    people: [{ name: "Ella Sjöberg", language: "sv", source: "social-worker", minor: true }],
    places: 1,
    schedule: { start: "2027-04-29", time: "15:00", skipped: "6.5.2027" },
    consents: ["taking-part"],
    facts: { role: "child", familySubstanceProblem: "true" }
  }
]

