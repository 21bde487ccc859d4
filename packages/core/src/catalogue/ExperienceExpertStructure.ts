/**
 * The region-wide experience-expert and peer-support structure for child protection in the Kanta-Häme welfare
 * region (lastensuojelun kokemusasiantuntija- ja vertaistukirakenne). Source: seed 003_220f3bde38c28eca.txt.
 *
 * The source describes a structure, not one group's script: it gives no group size, session count, session
 * length or leader count. Those are `null` here and the group plan must supply them. It does say to accept
 * small participant numbers at the start, so the minimum group size may be waived with a recorded reason.
 *
 * @since 0.1.0
 */
import * as Language from "../Language.js"
import * as EligibilityRules from "../internal/eligibility/rulesets.js"
import { type Condition, ProgrammeTemplate } from "../ProgrammeTemplate.js"

const seed = "003_220f3bde38c28eca.txt"
const t = Language.text
const condition = (code: string, fi: string, sv: string, en: string): Condition => ({ code, text: t(fi, sv, en), source: seed })

/**
 * The experience-expert structure's template: closed and open peer groups for children and young people in
 * open care, substitute care and aftercare with their siblings, later also parents and other close adults;
 * coordinated by a coordinator with dedicated work time; the minimum group size may be waived.
 *
 * @category templates
 */
export const template: ProgrammeTemplate = new ProgrammeTemplate({
  id: "experience-expert-structure",
  name: t(
    "Lastensuojelun kokemusasiantuntija- ja vertaistukirakenne",
    "Struktur för erfarenhetsexpertis och kamratstöd inom barnskyddet",
    "Experience-expert and peer-support structure for child protection"
  ),
  summary: t(
    "Koordinaattorin ylläpitämä systemaattinen rakenne: jokaiselle lastensuojelun kanssa kosketuksissa olevalle lapselle ja nuorelle sisaruksineen tarjotaan ikätasoista vertais- ja kokemusasiantuntijatoimintaa.",
    "En systematisk struktur som upprätthålls av en koordinator: varje barn och ung som har kontakt med barnskyddet erbjuds, tillsammans med sina syskon, kamrat- och erfarenhetsexpertverksamhet enligt ålder.",
    "A systematic structure maintained by a coordinator: every child and young person in contact with child protection, with their siblings, is offered age-appropriate peer and experience-expert activity."
  ),
  area: "Kanta-Häme",
  basedOn: [],
  brand: null,
  // seed 003: children and young people of different ages in open, substitute and aftercare, parents, foster parents, siblings, foster siblings.
  targetGroup: {
    description: t(
      "Lastensuojelun kanssa kosketuksissa olevat eri-ikäiset lapset ja nuoret (avo-, sijais- ja jälkihuolto) sisaruksineen; jatkossa myös vanhemmat, sijaisvanhemmat ja muut läheiset aikuiset",
      "Barn och unga i olika åldrar som har kontakt med barnskyddet (öppenvård, vård utom hemmet, eftervård) med sina syskon; senare också föräldrar, familjehemsföräldrar och andra närstående vuxna",
      "Children and young people of all ages in contact with child protection (open care, substitute care, aftercare) with their siblings; later also parents, foster parents and other close adults"
    ),
    participantRoles: ["child", "young-person", "sibling", "foster-sibling", "parent", "foster-parent", "other-close-adult"]
  },
  // seed 003: "suljetut ja avoimet vertaisryhmät".
  groupForms: ["closed", "open"],
  // seed 003: the welfare region, possibly buying some activities from NGOs.
  organisers: [["welfare-region"], ["welfare-region", "ngo"]],
  // seed 003: "Alkuun on siedettävä pieniäkin osallistujamääriä"; no figures.
  groupSize: { unit: "participant", min: null, max: null, planned: null, minimumWaivable: true },
  // seed 003: group leaders are paid and leading groups belongs to their job description; no number is given.
  leaders: {
    slots: [
      {
        role: "professional",
        count: null,
        recommended: false,
        trainings: [],
        description: t(
          "Ryhmänohjaaja, jonka työnkuvaan ryhmien ohjaaminen aidosti kuuluu",
          "Gruppledare vars arbetsbeskrivning verkligen omfattar att leda grupper",
          "A group leader whose job description genuinely includes leading groups"
        )
      }
    ],
    total: null
  },
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
    condition(
      "coordinator-work-time",
      "Koordinaattorin tähän osoitettu työpanos on ehdoton vaatimus",
      "En koordinators avsatta arbetstid är ett ovillkorligt krav",
      "A coordinator's dedicated work time is an absolute requirement"
    ),
    condition(
      "travel-supported",
      "Kulkemisen taloudelliseen tukemiseen on oltava mahdollisuus",
      "Det måste finnas möjlighet att stödja resorna ekonomiskt",
      "Travel must be supported financially"
    ),
    condition(
      "adult-commits-for-minors",
      "Alaikäisten osalta aikuisten (laitosten ohjaajat, perhehoitajat) on sitouduttava kulkemiseen",
      "För minderåriga måste vuxna (anstaltens personal, familjehemsföräldrar) förbinda sig till resorna",
      "For minors an adult (institution staff, foster carer) must commit to the travel"
    ),
    condition(
      "children-plan-refreshments",
      "Hyvät tarjoilut ovat keskeisiä, ja lapset ja nuoret suunnittelevat ne itse",
      "God servering är central och barnen och de unga planerar den själva",
      "Good refreshments matter, and the children and young people plan them"
    ),
    condition(
      "results-made-visible",
      "Tulokset tehdään säännöllisesti näkyviksi ammattilaisille ja päättäjille",
      "Resultaten synliggörs regelbundet för yrkesfolk och beslutsfattare",
      "Results are made visible to professionals and decision-makers regularly"
    ),
    condition(
      "new-employees-informed",
      "Uusille työntekijöille kerrotaan toiminnasta säännöllisesti",
      "Nya anställda informeras regelbundet om verksamheten",
      "New employees are informed regularly"
    ),
    condition(
      "leading-groups-part-of-job",
      "Ryhmien ohjaaminen kuuluu työnkuvaan, ei muun työn ohelle",
      "Att leda grupper ingår i arbetsbeskrivningen, inte vid sidan av annat arbete",
      "Leading groups is part of the job description, not done on top of other work"
    ),
    condition(
      "accept-small-numbers-at-start",
      "Alkuun on siedettävä pieniäkin osallistujamääriä",
      "I början måste man godta också små deltagarantal",
      "Accept small participant numbers at the start"
    ),
    condition(
      "coordinated-separately",
      "Lastensuojelun osallisuutta koordinoidaan erillään muusta sote-osallisuudesta",
      "Delaktigheten inom barnskyddet samordnas skilt från övrig social- och hälsovårdsdelaktighet",
      "Child-protection participation is coordinated separately from other social and health participation"
    ),
    condition(
      "budget-experience-expert-fees",
      "Budjetti: kokemusasiantuntijoiden palkkiot ja kulut (mm. matkat)",
      "Budget: erfarenhetsexperternas arvoden och kostnader (bl.a. resor)",
      "Budget: experience experts' fees and expenses (travel)"
    ),
    condition(
      "budget-purchased-activities",
      "Budjetti: joidenkin toimintojen ostaminen esimerkiksi järjestöiltä",
      "Budget: att köpa vissa verksamheter till exempel av organisationer",
      "Budget: activities bought from NGOs"
    ),
    condition(
      "budget-events",
      "Budjetti: tapahtumat (esim. Nuorten Foorumi kerran vuodessa)",
      "Budget: evenemang (t.ex. ett ungdomsforum en gång om året)",
      "Budget: events (e.g. a yearly youth forum)"
    ),
    condition("budget-room-rent", "Budjetti: tilavuokrat", "Budget: lokalhyror", "Budget: room rent"),
    condition(
      "budget-marketing",
      "Budjetti: markkinointi ja viestintä",
      "Budget: marknadsföring och kommunikation",
      "Budget: marketing and communication"
    ),
    condition("budget-refreshments", "Budjetti: tarjoilut", "Budget: servering", "Budget: refreshments"),
    condition(
      "budget-leader-pay",
      "Budjetti: ryhmien ohjaajien palkat ja palkkiot",
      "Budget: gruppledarnas löner och arvoden",
      "Budget: group leaders' pay"
    )
  ],
  eligibility: EligibilityRules.experienceExpertStructure,
  languages: ["fi"],
  sources: [
    {
      file: seed,
      title: "Lastensuojelun kokemusasiantuntija- ja vertaistukirakenne Kanta-Hämeen hyvinvointialueella",
      citation: "Innokylä, Kanta-Hämeen hyvinvointialue (MONNI-hanke), 2022"
    }
  ]
})
