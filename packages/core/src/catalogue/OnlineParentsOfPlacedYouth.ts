/**
 * A closed online peer group for parents of young people placed in child-protection institutions specialised
 * in substance rehabilitation (suljettu vertaisryhmä sijoitettujen nuorten vanhemmille verkossa). Source:
 * seed 000_2f0bf6902dc16743.txt.
 *
 * @since 0.1.0
 */
import * as Duration from "../Duration.js"
import * as Language from "../Language.js"
import * as EligibilityRules from "../internal/eligibility/rulesets.js"
import { ProgrammeTemplate, type SessionSpec } from "../ProgrammeTemplate.js"

const seed = "000_2f0bf6902dc16743.txt"
const t = Language.text

// seed 000: "ryhmäkerrat 2h"; the source sets no maximum.
const remote = (ordinal: number, theme: Language.LocalizedText | null): SessionSpec => ({
  ordinal,
  theme,
  modality: "remote",
  plannedMinutes: { min: Duration.hours(2), max: Duration.hours(2) },
  maxMinutes: null,
  weekday: null,
  attendees: [{ role: "parent", presence: "whole" }],
  guests: []
})

/**
 * The online group's template: 6 sessions, 5 remote and the last live on a Saturday for 6 h with the young
 * people for part of it and an experience expert as a paid guest; 3 leaders (an NGO professional, a peer
 * leader and the institution's professional); 6 families taken in; a 1 h intake interview each with a
 * technology rehearsal and the messaging-group consent.
 *
 * Group size: seed 000 says 6 parents/families are taken in ("mukaan otetaan 6 vanhempaa/perhettä"). That
 * is the group's capacity, so `max` is 6 and `planned` is 6; the source gives no number below which the group
 * is not run, so `min` is null and the group plan must supply it.
 *
 * @category templates
 */
export const template: ProgrammeTemplate = new ProgrammeTemplate({
  id: "online-parents-of-placed-youth",
  name: t(
    "Suljettu vertaisryhmä sijoitettujen nuorten vanhemmille verkossa",
    "Sluten kamratgrupp på nätet för föräldrar till placerade unga",
    "Closed online peer group for parents of placed young people"
  ),
  summary: t(
    "Läheisjärjestö ja päihdekuntoutukseen erikoistuneet lastensuojelulaitokset tarjoavat vertaistukea verkossa eri puolilla Suomea asuville vanhemmille; malli huomioi päihteiden tuomat haasteet ja pelot.",
    "En anhörigorganisation och barnskyddsanstalter specialiserade på missbruksrehabilitering erbjuder kamratstöd på nätet för föräldrar som bor runt om i Finland; modellen beaktar de utmaningar och rädslor som rusmedlen för med sig.",
    "An NGO for relatives and child-protection institutions specialised in substance rehabilitation offer online peer support to parents living all over Finland; the model addresses the challenges and fears that substances bring."
  ),
  area: "nationwide (online)",
  // seed 000: "yhdistetty Voikukkia- vertaisryhmämallia ja ... Palaset -toimintamallia".
  basedOn: ["VOIKUKKIA", "Palaset"],
  brand: null,
  targetGroup: {
    description: t(
      "Päihdekuntoutuksessa olevien, lastensuojelulaitokseen sijoitettujen nuorten vanhemmat ja huoltajat",
      "Föräldrar och vårdnadshavare till unga som är placerade på en barnskyddsanstalt för missbruksrehabilitering",
      "Parents and guardians of young people placed in a child-protection institution for substance rehabilitation"
    ),
    participantRoles: ["parent", "guardian"]
  },
  // seed 000: "Suljettu vertaisryhmä".
  groupForms: ["closed"],
  organisers: [["ngo", "child-protection-institution"]],
  // seed 000: "mukaan otetaan 6 vanhempaa/ perhettä".
  groupSize: { unit: "family", min: null, max: 6, planned: 6, minimumWaivable: false },
  // seed 000: "Ryhmänohjaajina toimivat järjestön ammattilainen sekä vertaisohjaaja ja lastensuojelulaitoksen ammattilainen"; "Vetäjiä 3kpl".
  leaders: {
    slots: [
      {
        role: "professional",
        count: 1,
        recommended: false,
        trainings: [],
        description: t("Järjestön ammattilainen", "Organisationens professionella", "The NGO's professional")
      },
      {
        role: "peer-leader",
        count: 1,
        recommended: false,
        trainings: [],
        description: t("Vertaisohjaaja", "Kamratledare", "Peer leader")
      },
      {
        role: "institution-professional",
        count: 1,
        recommended: false,
        trainings: [],
        description: t(
          "Lastensuojelulaitoksen ammattilainen",
          "Barnskyddsanstaltens professionella",
          "The child-protection institution's professional"
        )
      }
    ],
    total: 3
  },
  // seed 000: "alkuhaastattelut 1h / osallistuja"; "harjoitellaan, että tekniikka pelaa"; "varmistetaan, että ryhmäläiset suostuvat, että heidät liitetään whatsapp ryhmään".
  intake: {
    kind: "intake-interview",
    required: true,
    minutesPerParticipant: Duration.hours(1),
    technologyRehearsal: true,
    structured: false,
    confirmsConsents: ["messaging-group"],
    description: t(
      "Järjestön ohjaajat haastattelevat jokaisen: kerrotaan ryhmän sisällöstä, harjoitellaan tekniikkaa ja varmistetaan suostumus WhatsApp-ryhmään",
      "Organisationens ledare intervjuar var och en: gruppens innehåll presenteras, tekniken övas och samtycket till WhatsApp-gruppen säkerställs",
      "The NGO's leaders interview each parent: the content is explained, the technology rehearsed and consent to the WhatsApp group made sure of"
    )
  },
  // seed 000: "kuuden kerran ... kokoontuu viisi kertaa etänä ja viimeisen kerran livenä".
  sessionPlan: {
    count: { min: 6, max: 6 },
    modalities: ["remote", "in-person"],
    sessions: [
      remote(
        1,
        t(
          "Tilanteiden esittely ja jakaminen",
          "Var och en presenterar och delar sin situation",
          "Presenting and sharing each family's situation"
        )
      ),
      remote(2, null),
      remote(3, null),
      remote(4, null),
      remote(5, null),
      // seed 000: "livetapaaminen lauantaina 6h"; "osan aikaa ovat mukana myös alueelle sijoitetut nuoret"; a paid experience expert.
      {
        ordinal: 6,
        theme: t(
          "Lähitapaaminen nuorten kanssa; kokemusasiantuntijan toipumistarina",
          "Träff på plats med de unga; en erfarenhetsexperts återhämtningsberättelse",
          "Live meeting with the young people; an experience expert's story of recovery"
        ),
        modality: "in-person",
        plannedMinutes: { min: Duration.hours(6), max: Duration.hours(6) },
        maxMinutes: null,
        weekday: "saturday",
        attendees: [
          { role: "parent", presence: "whole" },
          { role: "young-person", presence: "part" }
        ],
        guests: [
          {
            role: "experience-expert",
            optional: false,
            paid: true,
            description: t(
              "Kokemusasiantuntija kertoo tarinansa päihteistä toipumisesta nuorille ja vanhemmille",
              "En erfarenhetsexpert berättar om sin återhämtning från missbruk för de unga och föräldrarna",
              "An experience expert tells the young people and parents their story of recovery from substance use"
            )
          }
        ]
      }
    ],
    structure: []
  },
  // seed 000: "WhatsApp ryhmistä on jäänyt hiljaisia vertaisryhmiä, joka ei sido jälkikäteen työntekijäresurssia".
  followUp: [
    {
      kind: "messaging-group",
      staffTime: false,
      description: t(
        "WhatsApp-ryhmä jää hiljaiseksi vertaisryhmäksi",
        "WhatsApp-gruppen lever vidare som en tyst kamratgrupp",
        "The WhatsApp group lives on as a silent peer group"
      ),
      source: seed
    }
  ],
  consents: [
    {
      purpose: "contact-disclosure",
      collectedAt: "referral",
      description: t(
        "Laitos toimittaa vanhemman yhteystiedot järjestölle",
        "Anstalten lämnar förälderns kontaktuppgifter till organisationen",
        "The institution hands the parent's contact details to the NGO"
      ),
      source: seed
    },
    {
      purpose: "taking-part",
      collectedAt: "intake",
      description: t(
        "Laitos tarjoaa mahdollisuuden osallistua; osallistuminen on vapaaehtoista",
        "Anstalten erbjuder möjligheten att delta; deltagandet är frivilligt",
        "The institution offers the chance to take part; taking part is voluntary"
      ),
      source: seed
    },
    {
      purpose: "messaging-group",
      collectedAt: "intake",
      description: t("Lisääminen WhatsApp-ryhmään", "Att läggas till i WhatsApp-gruppen", "Being added to the WhatsApp group"),
      source: seed
    }
  ],
  instruments: [],
  conditions: [
    {
      code: "institution-offers-participation",
      text: t(
        "Lastensuojelulaitos tarjoaa vanhemmille mahdollisuuden osallistua ja kokoaa vanhemmat yhteen",
        "Barnskyddsanstalten erbjuder föräldrarna möjligheten att delta och samlar dem",
        "The child-protection institution offers the parents the chance to take part and brings them together"
      ),
      source: seed
    },
    {
      code: "experience-expert-fee",
      text: t(
        "Kokemusasiantuntijan palkkio lähitapaamisesta",
        "Arvode till erfarenhetsexperten för träffen på plats",
        "The experience expert's fee for the live meeting"
      ),
      source: seed
    }
  ],
  eligibility: EligibilityRules.onlineParentsOfPlacedYouth,
  languages: ["fi"],
  sources: [
    {
      file: seed,
      title: "Suljettu vertaisryhmä sijoitettujen nuorten vanhemmille verkossa",
      citation: "Innokylä practice database"
    }
  ]
})
