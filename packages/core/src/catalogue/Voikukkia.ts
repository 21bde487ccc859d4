/**
 * VOIKUKKIA® peer-support group for parents of children taken into care or placed
 * (VOIKUKKIA-vertaistukiryhmä huostaanotettujen lasten vanhemmille). Source: seed 001_b24d0be2c52c8a44.txt;
 * the follow-up meeting from the VOIKUKKIA leader's guide (Kujala, Heinonen & Koivunen).
 *
 * @since 0.1.0
 */
import * as Duration from "../Duration.js"
import * as Language from "../Language.js"
import * as EligibilityRules from "../internal/eligibility/rulesets.js"
import { ProgrammeTemplate, type SessionSpec } from "../ProgrammeTemplate.js"

const seed = "001_b24d0be2c52c8a44.txt"
const guide = "VOIKUKKIA leader's guide (Kujala, Heinonen & Koivunen)"
const t = Language.text

// seed 001: the ten themes, in order ("VOIKUKKIA-vertaistukiryhmän teemat").
const themes: ReadonlyArray<Language.LocalizedText> = [
  t(
    "Ryhmäprosessin aloitus, tutustuminen ja pelisäännöt",
    "Gruppprocessen inleds, vi lär känna varandra och kommer överens om spelreglerna",
    "Starting the group process, getting to know each other, ground rules"
  ),
  t(
    "Vanhempien kertomukset lapsen sijoitukseen liittyen",
    "Föräldrarnas berättelser om barnets placering",
    "Parents' stories of the child's placement"
  ),
  t("Lapsesta luopuminen vanhemman kriisinä", "Att skiljas från barnet som förälderns kris", "Giving up the child as the parent's crisis"),
  t("Lapsen erokriisi", "Barnets separationskris", "The child's separation crisis"),
  t(
    "Lapsen ja vanhemman välisen yhteyden säilyttäminen",
    "Att bevara kontakten mellan barn och förälder",
    "Keeping the connection between child and parent"
  ),
  t("Selviytymistarina tai vieraileva asiantuntija", "En överlevnadsberättelse eller en gästande expert", "A survival story or a visiting expert"),
  t("Rinnakkaisen vanhemmuuden mahdollisuudet", "Möjligheterna i parallellt föräldraskap", "The possibilities of parallel parenthood"),
  t("Omat voimavarat ja jaksaminen", "Egna resurser och att orka", "Own resources and coping"),
  t("Tulevaisuuden näköaloja", "Framtidsutsikter", "Views of the future"),
  t("Ryhmäprosessin arviointi ja päätös", "Utvärdering och avslutning av gruppprocessen", "Evaluating and closing the group process")
]

const session = (theme: Language.LocalizedText, i: number): SessionSpec => ({
  ordinal: i + 1,
  theme,
  // seed 001 does not say whether sessions are remote or in person: the group plan chooses.
  modality: null,
  // seed 001: "Ryhmäkerran kesto 2-2,5 tuntia, maksimi 3 tuntia".
  plannedMinutes: { min: Duration.hours(2), max: Duration.hours(2.5) },
  maxMinutes: Duration.hours(3),
  weekday: null,
  attendees: [{ role: "parent", presence: "whole" }],
  guests:
    i === 5
      ? [
          {
            role: "visiting-expert",
            optional: true,
            paid: null,
            description: t(
              "Selviytymistarina tai vieraileva asiantuntija",
              "En överlevnadsberättelse eller en gästande expert",
              "A survival story or a visiting expert"
            )
          }
        ]
      : []
})

/**
 * The VOIKUKKIA template: 4–8 parents; 2 professional VOIKUKKIA leaders and 1 VOIKUKKIA peer leader
 * (recommended); a preliminary meeting with every parent; 8–10 sessions of 2–2.5 h, at most 3 h, on the ten
 * themes; written and oral feedback at the last session; a follow-up meeting. The VOIKUKKIA name requires
 * the four-day leader training.
 *
 * @category templates
 */
export const template: ProgrammeTemplate = new ProgrammeTemplate({
  id: "voikukkia",
  name: t(
    "VOIKUKKIA®-vertaistukiryhmä huostaanotettujen lasten vanhemmille",
    "VOIKUKKIA® kamratstödsgrupp för föräldrar till omhändertagna barn",
    "VOIKUKKIA® peer-support group for parents of children in care"
  ),
  summary: t(
    "Ryhmässä käydään läpi lapsen sijoituksen aiheuttamaa kriisiä vanhemman näkökulmasta; tavoitteena vanhemman oman elämän ja selviytymisen tukeminen, vanhemmuuden vahvistuminen ja sitä kautta lasten hyvinvoinnin lisääntyminen.",
    "Gruppen bearbetar krisen som barnets placering orsakar ur förälderns synvinkel; målet är att stödja förälderns eget liv och klarande, stärka föräldraskapet och därigenom barnets välbefinnande.",
    "The group works through the crisis of the child's placement from the parent's point of view, supporting the parent's own life and coping and strengthening parenthood, and through that the child's well-being."
  ),
  area: "nationwide",
  basedOn: [],
  // seed 001: "vain, mikäli ohjaajat ovat käyneet nelipäiväisen VOIKUKKIA-ohjaajakoulutuksen".
  brand: {
    name: "VOIKUKKIA",
    mark: "VOIKUKKIA®",
    requiredTraining: "voikukkia-leader",
    rolesRequiringTraining: ["professional"],
    unbrandedName: t(
      "Vertaistukiryhmä huostaanotettujen ja sijoitettujen lasten vanhemmille",
      "Kamratstödsgrupp för föräldrar till omhändertagna och placerade barn",
      "Peer-support group for parents of children in care or placed"
    ),
    source: seed
  },
  targetGroup: {
    description: t(
      "Äidit ja isät, jotka ovat kokeneet lapsensa huostaanoton tai sijoituksen",
      "Mammor och pappor vars barn har omhändertagits eller placerats",
      "Mothers and fathers whose child has been taken into care or placed"
    ),
    participantRoles: ["parent"]
  },
  // seed 001 names no open form; the parent commits to the whole group process ("sitoutuu koko ryhmäprosessiin").
  groupForms: ["closed"],
  // seed 001: "VOIKUKKIA-vertaistukiryhmiä voivat järjestää ..."
  organisers: [["municipality"], ["municipalities-jointly"], ["municipality", "ngo"], ["municipality", "parish"], ["private-provider"]],
  // seed 001: "Osallistujamäärä 4-8 vanhempaa".
  groupSize: { unit: "parent", min: 4, max: 8, planned: null, minimumWaivable: false },
  // seed 001: "Kaksi ammatillista VOIKUKKIA-ohjaajaa ja yksi VOIKUKKIA-vertaisohjaaja on suositus".
  leaders: {
    slots: [
      {
        role: "professional",
        count: 2,
        recommended: true,
        trainings: ["voikukkia-leader"],
        description: t("Ammatillinen VOIKUKKIA-ohjaaja", "Professionell VOIKUKKIA-ledare", "Professional VOIKUKKIA leader")
      },
      {
        role: "peer-leader",
        count: 1,
        recommended: true,
        trainings: ["voikukkia-peer-leader"],
        description: t(
          "VOIKUKKIA-vertaisohjaaja: ryhmän itse käynyt ja ohjaajakoulutuksen suorittanut vanhempi",
          "VOIKUKKIA-kamratledare: en förälder som själv gått i gruppen och gått ledarutbildningen",
          "VOIKUKKIA peer leader: a parent who has been in a group and completed the leader training"
        )
      }
    ],
    total: 3
  },
  // seed 001: "Ennakkotapaaminen jokaisen vanhemman kanssa ennen ryhmän alkua"; no duration is given.
  intake: {
    kind: "preliminary-meeting",
    required: true,
    minutesPerParticipant: null,
    technologyRehearsal: false,
    structured: false,
    confirmsConsents: ["taking-part"],
    description: t(
      "Ennakkotapaaminen jokaisen vanhemman kanssa ennen ryhmän alkua",
      "Ett förhandsmöte med varje förälder innan gruppen börjar",
      "A preliminary meeting with every parent before the group starts"
    )
  },
  // seed 001: "varsinaisia kokoontumisia 8-10 kertaa".
  sessionPlan: {
    count: { min: 8, max: 10 },
    modalities: [],
    sessions: themes.map(session),
    // seed 001: "tarjoilut, kuulumiskierros, teeman käsittely ja lopetuskierros sekä toiminnallisia harjoituksia".
    structure: [
      t("Tarjoilut", "Servering", "Refreshments"),
      t("Kuulumiskierros", "Incheckningsrunda", "Check-in round"),
      t("Teeman käsittely", "Dagens tema", "The theme"),
      t("Lopetuskierros", "Avslutningsrunda", "Closing round"),
      t(
        "Toiminnallisia harjoituksia eri kohdissa",
        "Funktionella övningar på olika ställen",
        "Functional exercises at various points"
      )
    ]
  },
  followUp: [
    {
      kind: "follow-up-meeting",
      staffTime: true,
      description: t("Jälkitapaaminen ryhmän jälkeen", "Uppföljningsmöte efter gruppen", "A follow-up meeting after the group"),
      source: guide
    }
  ],
  // seed 001: participation is voluntary ("perustuu vapaaehtoisuuteen").
  consents: [
    {
      purpose: "taking-part",
      collectedAt: "intake",
      description: t(
        "Vapaaehtoinen osallistuminen; ei ehto muille palveluille",
        "Frivilligt deltagande; inte ett villkor för andra tjänster",
        "Voluntary participation; never a condition for other services"
      ),
      source: seed
    }
  ],
  // seed 001: "Viimeisellä kerralla ohjaajat keräävät ryhmäläisiltä sekä kirjallista että suullista palautetta. Hyvä käytäntö on myös ... henkilökohtaiset palautekeskustelut."
  instruments: [{ _tag: "FinalFeedback", forms: ["written", "oral"], personalDiscussion: "recommended", source: seed }],
  conditions: [
    {
      code: "inform-through-many-channels",
      text: t(
        "Riittävä tiedotus kohderyhmälle monen kanavan kautta",
        "Tillräcklig information till målgruppen via många kanaler",
        "Enough information to the target group through many channels"
      ),
      source: seed
    },
    {
      code: "commits-to-whole-process",
      text: t(
        "Vanhempi sitoutuu koko ryhmäprosessiin",
        "Föräldern förbinder sig till hela gruppprocessen",
        "The parent commits to the whole group process"
      ),
      source: seed
    },
    {
      code: "life-situation-allows",
      text: t(
        "Vanhemman elämäntilanne mahdollistaa osallistumisen",
        "Förälderns livssituation gör deltagandet möjligt",
        "The parent's life situation allows taking part"
      ),
      source: seed
    },
    {
      code: "free-of-charge",
      text: t("Osallistuminen on vanhemmalle maksutonta", "Deltagandet är avgiftsfritt för föräldern", "Free of charge for the parent"),
      source: seed
    },
    {
      code: "travel-costs-paid-when-needed",
      text: t("Tarvittaessa myös matkakulut maksetaan", "Resekostnader betalas vid behov", "Travel costs are paid when needed"),
      source: seed
    },
    {
      code: "voluntary-not-a-condition",
      text: t(
        "Osallistuminen on vapaaehtoista, eikä viranomainen saa käyttää sitä ehtona muille palveluille",
        "Deltagandet är frivilligt och en myndighet får inte göra det till ett villkor för andra tjänster",
        "Participation is voluntary, and an authority must not make it a condition for other services"
      ),
      source: seed
    },
    {
      code: "confidential",
      text: t("Toiminta on luottamuksellista", "Verksamheten är konfidentiell", "The activity is confidential"),
      source: seed
    },
    {
      code: "leaders-trained-and-time-resourced",
      text: t(
        "Ohjaajat koulutettu ja ohjaamiseen tarvittava aika resursoitu",
        "Ledarna är utbildade och tiden för gruppen är resurserad",
        "Leaders are trained and their time is resourced"
      ),
      source: seed
    },
    {
      code: "all-clients-informed",
      text: t(
        "Toiminnasta tiedotetaan kaikille asiakkaille valikoimatta",
        "Alla klienter informeras utan urval",
        "All clients are informed, without selection"
      ),
      source: seed
    }
  ],
  // seed 001 describes a Finnish nationwide activity and names no other language.
  eligibility: EligibilityRules.voikukkia,
  languages: ["fi"],
  sources: [
    {
      file: seed,
      title: "VOIKUKKIA®-vertaistukiryhmä huostaanotettujen lasten vanhemmille",
      citation: "Innokylä, Sininauhaliitto and Suomen Kasvatus- ja perheneuvontaliitto, 2020"
    },
    { file: null, title: "VOIKUKKIA leader's guide", citation: "Kujala, Heinonen & Koivunen" }
  ]
})
