/**
 * Professionally guided peer groups for families with children and young people with special-support needs
 * (ammatillisesti ohjatut vertaistukiryhmät erityisen tuen lapsiperheille ja -nuorille), Etelä-Savo welfare
 * region. Source: seed 002_66c02f855fe66a53.txt.
 *
 * The source gives no group size, session count, session length or leader count: those are `null` here and
 * the group plan must supply them.
 *
 * @since 0.1.0
 */
import * as Language from "../Language.js"
import * as EligibilityRules from "../internal/eligibility/rulesets.js"
import { ProgrammeTemplate } from "../ProgrammeTemplate.js"

const seed = "002_66c02f855fe66a53.txt"
const t = Language.text

/**
 * The professionally guided template: a structured personal intake interview with background information;
 * 3X10D at the start and the end; feedback after every session, face to face or anonymously with digital
 * tools; low-threshold contact with the leading professional between sessions. Sessions in person and remote.
 *
 * @category templates
 */
export const template: ProgrammeTemplate = new ProgrammeTemplate({
  id: "professionally-guided",
  name: t(
    "Ammatillisesti ohjatut vertaistukiryhmät erityisen tuen lapsiperheille ja -nuorille",
    "Professionellt ledda kamratstödsgrupper för barnfamiljer och unga med behov av särskilt stöd",
    "Professionally guided peer groups for families and young people with special-support needs"
  ),
  summary: t(
    "Ammattilainen tuo ryhmään uusinta näyttöön perustuvaa tietoa; malli soveltuu eri sairaus- ja vammaryhmille ja tähtää raskaiden palvelujen tarpeen vähentämiseen osana palvelupolkua.",
    "Den professionella för in aktuell evidensbaserad kunskap i gruppen; modellen lämpar sig för olika sjukdoms- och funktionsnedsättningsgrupper och syftar till att minska behovet av tunga tjänster som en del av servicekedjan.",
    "A professional brings current evidence-based knowledge to the group; the model applies to any illness or disability group and aims to reduce the need for heavier services as part of the service path."
  ),
  area: "Etelä-Savo",
  basedOn: [],
  brand: null,
  // seed 002: two pilot groups, young people at the end of comprehensive school / becoming independent, and parents of younger children.
  targetGroup: {
    description: t(
      "Erityisen tuen (esim. neuropsykiatrian kirjon häiriö) lapsiperheet ja nuoret; pilotissa peruskoulun päätösvaiheessa tai itsenäistymisvaiheessa olevien nuorten ryhmä ja pienempien lasten vanhempien ryhmä",
      "Barnfamiljer och unga med behov av särskilt stöd (t.ex. neuropsykiatriska funktionsnedsättningar); i piloten en grupp för unga i slutet av grundskolan eller på väg att bli självständiga och en grupp för föräldrar till yngre barn",
      "Families and young people with special-support needs (e.g. neuropsychiatric disorders); in the pilot a group of young people at the end of comprehensive school or becoming independent, and a group of parents of younger children"
    ),
    participantRoles: ["young-person", "parent"]
  },
  // seed 002 does not say whether the groups are closed or open: the group plan chooses.
  groupForms: ["closed", "open"],
  organisers: [["welfare-region"]],
  // seed 002 gives no group size.
  groupSize: { unit: "participant", min: null, max: null, planned: null, minimumWaivable: false },
  // seed 002: the group is led by a professional ("ryhmää vetäneeseen ammattilaiseen"); no number is given.
  leaders: {
    slots: [
      {
        role: "professional",
        count: null,
        recommended: false,
        trainings: [],
        description: t(
          "Ammattilainen, joka tuo ryhmään näyttöön perustuvaa tietoa",
          "En professionell som för in evidensbaserad kunskap i gruppen",
          "A professional who brings evidence-based knowledge to the group"
        )
      }
    ],
    total: null
  },
  // seed 002: "henkilökohtaisella strukturoidulla alkuhaastattelulla ja esitietoja keräämisellä".
  intake: {
    kind: "intake-interview",
    required: true,
    minutesPerParticipant: null,
    technologyRehearsal: false,
    structured: true,
    confirmsConsents: ["taking-part", "evaluation-questionnaire"],
    description: t(
      "Henkilökohtainen strukturoitu alkuhaastattelu ja esitiedot; osallistujien toiveet ohjaavat ryhmäkertojen aiheita",
      "En personlig strukturerad inledande intervju och bakgrundsuppgifter; deltagarnas önskemål styr träffarnas teman",
      "A structured personal intake interview and background information; participants' wishes shape the session topics"
    )
  },
  // seed 002 gives no session count or length; meetings are in person and remote ("etäyhteyksin ryhmätoiminnassa").
  sessionPlan: { count: { min: null, max: null }, modalities: ["in-person", "remote"], sessions: [], structure: [] },
  followUp: [],
  consents: [
    {
      purpose: "taking-part",
      collectedAt: "intake",
      description: t("Osallistuminen ryhmään", "Deltagande i gruppen", "Taking part in the group"),
      source: seed
    },
    {
      purpose: "evaluation-questionnaire",
      collectedAt: "intake",
      description: t(
        "3X10D-vastausten käyttö muutoksen arviointiin",
        "Användning av 3X10D-svaren för att utvärdera förändringen",
        "Using the 3X10D answers to evaluate change"
      ),
      source: seed
    }
  ],
  // seed 002: "Kaikki osallistujat ovat tehneet sekä vertaistukiryhmien alussa ja lopussa elämäntilannemittarikysely 3X10D:n"; "jokaisen kerran jälkeen palautetta ... kasvokkain mutta myös nimettömänä erilaisia digitaalisia ... välineitä käyttäen".
  instruments: [
    { _tag: "LifeSituation3X10D", at: ["start", "end"], source: seed },
    { _tag: "SessionFeedback", anonymousAllowed: true, channels: ["face-to-face", "digital"], source: seed }
  ],
  conditions: [
    {
      code: "wishes-shape-topics",
      text: t(
        "Osallistujien toiveet ohjaavat ryhmäkertojen aiheita ja sisältöjä",
        "Deltagarnas önskemål styr träffarnas teman och innehåll",
        "Participants' wishes shape the session topics and content"
      ),
      source: seed
    },
    {
      code: "low-threshold-contact-between-sessions",
      text: t(
        "Matala kynnys olla kokoontumisten välillä yhteydessä ryhmää vetäneeseen ammattilaiseen",
        "Låg tröskel att kontakta den professionella ledaren mellan träffarna",
        "A low threshold to contact the leading professional between sessions"
      ),
      source: seed
    },
    {
      code: "professional-detects-and-refers",
      text: t(
        "Tarvitaan ammattilainen havaitsemaan tarve ja ohjaamaan palveluun sekä palvelun toteuttaja",
        "Det behövs en professionell som upptäcker behovet och hänvisar till tjänsten, och någon som genomför den",
        "A professional must detect the need and refer to the service, and someone must run it"
      ),
      source: seed
    },
    {
      code: "part-of-service-path",
      text: t(
        "Tavoitteena vähentää raskaiden palvelujen tarvetta ja päästä osaksi palvelupolkua",
        "Målet är att minska behovet av tunga tjänster och bli en del av servicekedjan",
        "Aims to reduce the need for heavier services and become part of the service path"
      ),
      source: seed
    }
  ],
  eligibility: EligibilityRules.professionallyGuided,
  languages: ["fi"],
  sources: [
    {
      file: seed,
      title: "Ammatillisesti ohjatut vertaistukiryhmät erityisen tuen lapsiperheille ja -nuorille",
      citation: "Innokylä, Etelä-Savon hyvinvointialue (E-S Tulevaisuuden sotekeskus), 2022–2024"
    }
  ]
})
