/**
 * Peer groups for children and young people when a family member has a substance or mental-health problem
 * (the USM model, developed by Understödsföreningen för Svenskspråkig Missbrukarvård), taken into wider use in
 * the TOP project. Source: seed 004_c4976bc6d1fcc39d.txt.
 *
 * The source gives no group size, session count, session length, leader composition or intake: those are
 * `null` or empty here and the group plan must supply them.
 *
 * @since 0.1.0
 */
import * as Language from "../Language.js"
import * as EligibilityRules from "../internal/eligibility/rulesets.js"
import { ProgrammeTemplate } from "../ProgrammeTemplate.js"

const seed = "004_c4976bc6d1fcc39d.txt"
const t = Language.text

/**
 * The USM template: groups in Swedish, to be run in Finnish too; every figure is a required setting.
 *
 * @category templates
 */
export const template: ProgrammeTemplate = new ProgrammeTemplate({
  id: "usm-children",
  name: t(
    "USM-vertaisryhmä lapsille ja nuorille, kun perheenjäsenellä on päihde- tai mielenterveysongelma",
    "USM-kamratgrupp för barn och unga när en familjemedlem har missbruks- eller psykiska problem",
    "USM peer group for children and young people when a family member has a substance or mental-health problem"
  ),
  summary: t(
    "TOP-hankkeessa (2020–2022) laajemmin käyttöön otettu USM:n vertaistukimalli; ryhmät ovat toimineet ruotsiksi ja niitä toteutetaan jatkossa myös suomeksi.",
    "USM:s kamratstödsmodell som togs i bredare bruk i TOP-projektet (2020–2022); grupperna har verkat på svenska och ska i fortsättningen ordnas också på finska.",
    "USM's peer-support model, taken into wider use in the TOP project (2020–2022); the groups have run in Swedish and are to be run in Finnish too."
  ),
  area: "Varsinais-Suomi, Satakunta, Pohjanmaa",
  basedOn: ["USM"],
  brand: null,
  targetGroup: {
    description: t(
      "Lapset ja nuoret, kun jollakin perheenjäsenellä on päihdeongelma tai mielenterveysongelmia",
      "Barn och unga när en familjemedlem har missbruksproblem eller psykiska problem",
      "Children and young people when a family member has a substance or mental-health problem"
    ),
    participantRoles: ["child", "young-person"]
  },
  // seed 004 does not say whether the groups are closed or open: the group plan chooses.
  groupForms: ["closed", "open"],
  // seed 004: a model of an NGO (USM), to be run by the welfare region.
  organisers: [["ngo"], ["welfare-region"]],
  groupSize: { unit: "participant", min: null, max: null, planned: null, minimumWaivable: false },
  leaders: { slots: [], total: null },
  intake: null,
  sessionPlan: { count: { min: null, max: null }, modalities: [], sessions: [], structure: [] },
  followUp: [],
  consents: [
    {
      purpose: "taking-part",
      collectedAt: "first-session",
      description: t("Osallistuminen ryhmään", "Deltagande i gruppen", "Taking part in the group"),
      source: seed
    }
  ],
  instruments: [],
  conditions: [
    {
      code: "low-threshold-in-units",
      text: t(
        "Sijoitetut nuoret sitoutuvat huonosti laitoksen ulkopuolisiin palveluihin, joten toimintaa tuodaan matalalla kynnyksellä lastensuojeluyksiköihin (pilotissa kuusi yksikköä kolmessa maakunnassa)",
        "Placerade unga förbinder sig dåligt till tjänster utanför anstalten, så verksamheten förs med låg tröskel in i barnskyddsenheterna (sex enheter i tre landskap i piloten)",
        "Placed young people commit poorly to services outside the institution, so activities are brought into child-protection units at a low threshold (six units in three regions in the pilot)"
      ),
      source: seed
    }
  ],
  // seed 004: "Vertaisryhmät ovat toimineet ruotsin kielellä. Jatkossa niitä tullaan toteuttamaan ... myös suomenkielisinä."
  eligibility: EligibilityRules.usmChildren,
  languages: ["sv", "fi"],
  sources: [
    {
      file: seed,
      title: "Päihdepalveluiden ja lastensuojelun kehittäminen TOP-hankkeessa",
      citation: "Emmi Hakala, Vasso blog (TOP-hanke)"
    }
  ]
})
