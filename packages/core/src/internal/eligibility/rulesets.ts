import { text as t } from "../../Language.js"
import type { RuleSet } from "../../Rule.js"

/**
 * VOIKUKKIA® (seed 001_b24d0be2c52c8a44.txt): "äideille ja isille, jotka ovat kokeneet lapsensa
 * huostaanoton tai sijoituksen"; "Vanhempi sitoutuu koko ryhmäprosessiin"; "Vanhemman elämäntilanne on
 * sellainen, että hänen on mahdollista osallistua". "Ovat kokeneet" is the perfect tense: a parent whose
 * child's placement has ended and who is now in aftercare (jälkihuolto) has experienced it too.
 */
export const voikukkia: RuleSet = {
  id: "voikukkia",
  title: t("VOIKUKKIA-vertaistukiryhmä", "VOIKUKKIA-kamratstödsgrupp", "VOIKUKKIA peer-support group"),
  rules: [
    { id: "parent", fact: "role", equals: "parent", label: t("Olet lapsen äiti tai isä", "Du är barnets mamma eller pappa", "You are the child's mother or father") },
    {
      id: "child-in-care",
      fact: "childSituation",
      in: ["custody", "placement", "aftercare"],
      label: t(
        "Olet kokenut lapsesi huostaanoton tai sijoituksen",
        "Du har varit med om att ditt barn omhändertagits eller placerats",
        "You have experienced your child being taken into care or placed"
      )
    },
    {
      id: "commits",
      fact: "commitsToWholeProcess",
      equals: true,
      label: t("Sitoudut koko ryhmäprosessiin", "Du förbinder dig till hela gruppens process", "You commit to the whole group process")
    },
    {
      id: "life-situation",
      fact: "lifeSituationAllows",
      equals: true,
      label: t(
        "Elämäntilanteesi mahdollistaa osallistumisen",
        "Din livssituation gör det möjligt att delta",
        "Your life situation allows you to take part"
      )
    }
  ]
}

/**
 * The closed online group (seed 000_2f0bf6902dc16743.txt): "päihdekuntoutuksessa olevien nuorten
 * vanhemmille / huoltajille"; "Lastensuojelulaitoksesta tarjotaan sijoitettujen nuorten vanhemmille
 * mahdollisuutta osallistua" (the institution offers the place and hands over the contact details).
 */
export const onlineParentsOfPlacedYouth: RuleSet = {
  id: "online-parents-of-placed-youth",
  title: t(
    "Suljettu verkkovertaisryhmä sijoitettujen nuorten vanhemmille",
    "Sluten kamratgrupp på nätet för föräldrar till placerade unga",
    "Closed online peer group for parents of placed young people"
  ),
  rules: [
    {
      id: "parent-or-guardian",
      fact: "role",
      in: ["parent", "guardian"],
      label: t("Olet nuoren vanhempi tai huoltaja", "Du är den ungas förälder eller vårdnadshavare", "You are the young person's parent or guardian")
    },
    {
      id: "young-person-placed",
      fact: "childSituation",
      in: ["custody", "placement"],
      label: t("Nuori on sijoitettu", "Den unga är placerad", "The young person is placed")
    },
    {
      id: "substance-rehabilitation",
      fact: "placementSetting",
      equals: "substance-rehabilitation-institution",
      label: t(
        "Nuori on päihdekuntoutukseen erikoistuneessa lastensuojelulaitoksessa",
        "Den unga är på en barnskyddsanstalt specialiserad på missbruksrehabilitering",
        "The young person is in a child-protection institution specialised in substance rehabilitation"
      )
    },
    {
      id: "offered-by-institution",
      fact: "referredBy",
      equals: "institution",
      label: t("Laitos on tarjonnut sinulle paikkaa ryhmässä", "Anstalten har erbjudit dig en plats i gruppen", "The institution has offered you a place in the group")
    }
  ]
}

/**
 * Professionally guided peer groups (seed 002_66c02f855fe66a53.txt): families with a special-support need
 * ("erityisen tuen tarve, kuten neuropsykiatrian kirjon häiriö"); two groups, "peruskoulun
 * päätösvaiheessa/itsenäistymisvaiheessa olevien nuorten ryhmä ja pienempien lasten vanhempien ryhmä";
 * members come through professionals ("Tarvitaan ammattilainen havaitsemaan tarve, ohjaamaan palveluun").
 */
export const professionallyGuided: RuleSet = {
  id: "professionally-guided",
  title: t(
    "Ammatillisesti ohjattu vertaistukiryhmä",
    "Professionellt ledd kamratstödsgrupp",
    "Professionally guided peer-support group"
  ),
  rules: [
    {
      id: "special-support",
      not: { fact: "specialSupportNeed", equals: "none" },
      label: t("Perheessä on erityisen tuen tarve", "Familjen har behov av särskilt stöd", "The family has a special-support need")
    },
    {
      id: "group",
      any: [
        {
          id: "young-person-finishing-school",
          all: [
            { fact: "role", in: ["young-person", "child"] },
            { fact: "schoolStage", in: ["final-year-comprehensive", "upper-secondary", "vocational"] }
          ],
          label: t(
            "Olet nuori peruskoulun päättö- tai itsenäistymisvaiheessa",
            "Du är ung i slutet av grundskolan eller på väg att bli självständig",
            "You are a young person finishing comprehensive school or becoming independent"
          )
        },
        {
          id: "parent",
          fact: "role",
          in: ["parent", "guardian", "foster-parent"],
          label: t(
            "Olet lapsen vanhempi, huoltaja tai sijaisvanhempi",
            "Du är barnets förälder, vårdnadshavare eller fosterförälder",
            "You are the child's parent, guardian or foster parent"
          )
        }
      ],
      label: t("Kuulut jompaankumpaan ryhmään", "Du hör till någon av grupperna", "You belong to one of the groups")
    },
    {
      id: "referred-by-professional",
      fact: "referredBy",
      in: ["social-worker", "health-professional", "institution"],
      label: t("Ammattilainen on ohjannut sinut ryhmään", "En yrkesperson har hänvisat dig till gruppen", "A professional has referred you to the group")
    }
  ]
}

/**
 * The Kanta-Häme structure (seed 003_220f3bde38c28eca.txt): "jokaiselle lastensuojelun kanssa
 * kosketuksissa olevalle lapselle ja nuorelle sisaruksineen"; groups for children and young people "avo-,
 * sijais- ja jälkihuollossa", siblings and foster siblings. Parents and close adults come later ("jatkossa"),
 * so an organisation that runs parents' groups supplies its own rule set.
 */
export const experienceExpertStructure: RuleSet = {
  id: "experience-expert-structure",
  title: t(
    "Lastensuojelun kokemusasiantuntija- ja vertaistoiminta",
    "Erfarenhetsexpert- och kamratverksamhet inom barnskyddet",
    "Child-protection experience-expert and peer activity"
  ),
  rules: [
    {
      id: "child-or-sibling",
      fact: "role",
      in: ["child", "young-person", "sibling", "foster-sibling"],
      label: t(
        "Olet lapsi, nuori, sisarus tai sijaissisarus",
        "Du är barn, ung, syskon eller fostersyskon",
        "You are a child, a young person, a sibling or a foster sibling"
      )
    },
    {
      id: "child-protection-contact",
      fact: "childSituation",
      in: ["open-care", "custody", "placement", "aftercare"],
      label: t(
        "Perheellä on lastensuojelun asiakkuus (avo-, sijais- tai jälkihuolto)",
        "Familjen är klient inom barnskyddet (öppenvård, vård utom hemmet eller eftervård)",
        "The family is a child-protection client (open care, substitute care or aftercare)"
      )
    }
  ]
}

/**
 * USM groups of the TOP project (seed 004_c4976bc6d1fcc39d.txt): "vertaistukimalli lapsille ja nuorille,
 * kun jollakin perheenjäsenellä on päihdeongelma tai mielenterveysongelmia"; "Vertaisryhmät ovat toimineet
 * ruotsin kielellä. Jatkossa ... myös suomenkielisinä".
 */
export const usmChildren: RuleSet = {
  id: "usm-children",
  title: t("USM-vertaisryhmä lapsille ja nuorille", "USM-kamratgrupp för barn och unga", "USM peer group for children and young people"),
  rules: [
    {
      id: "child-or-young-person",
      fact: "role",
      in: ["child", "young-person"],
      label: t("Olet lapsi tai nuori", "Du är barn eller ung", "You are a child or a young person")
    },
    {
      id: "family-problem",
      any: [
        { fact: "familySubstanceProblem", equals: true },
        { fact: "familyMentalHealthProblem", equals: true }
      ],
      label: t(
        "Perheenjäsenellä on päihde- tai mielenterveysongelma",
        "En familjemedlem har missbruks- eller psykiska problem",
        "A family member has a substance or mental-health problem"
      )
    },
    {
      id: "language",
      fact: "languages",
      in: ["sv", "fi"],
      label: t("Puhut ruotsia tai suomea", "Du talar svenska eller finska", "You speak Swedish or Finnish")
    }
  ]
}

/** Every catalogue rule set, by programme id. */
export const byProgramme: Readonly<Record<string, RuleSet>> = {
  voikukkia,
  "online-parents-of-placed-youth": onlineParentsOfPlacedYouth,
  "professionally-guided": professionallyGuided,
  "experience-expert-structure": experienceExpertStructure,
  "usm-children": usmChildren
}
