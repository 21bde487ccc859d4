import type { Language } from "../../Language.js"
import type { Code, Node } from "./compile.js"
import { factValueLabels, lookup, valueLabels } from "./facts.js"

type Words = Readonly<Record<Language, string>>

const or: Words = { fi: "tai", sv: "eller", en: "or" }
const yes: Words = { fi: "kyllä", sv: "ja", en: "yes" }
const no: Words = { fi: "ei", sv: "nej", en: "no" }

export const status: Readonly<Record<Code, Words>> = {
  1: { fi: "täyttyy", sv: "uppfyllt", en: "met" },
  0: { fi: "ei täyty", sv: "inte uppfyllt", en: "not met" },
  2: { fi: "tieto puuttuu", sv: "uppgift saknas", en: "not known yet" }
}

export const summary: Readonly<Record<Code, Words>> = {
  1: { fi: "Voit osallistua ryhmään.", sv: "Du kan delta i gruppen.", en: "You can join the group." },
  0: { fi: "Et voi osallistua tähän ryhmään.", sv: "Du kan inte delta i den här gruppen.", en: "You cannot join this group." },
  2: {
    fi: "Osallistumista ei voida vielä ratkaista; tarvitsemme lisää tietoa.",
    sv: "Deltagandet kan inte avgöras ännu; vi behöver mer information.",
    en: "We cannot decide yet; we need to know more."
  }
}

const fmtDate = (iso: string) => `${Number(iso.slice(8, 10))}.${Number(iso.slice(5, 7))}.${iso.slice(0, 4)}`

const value = (v: unknown, lang: Language, fact?: string): string => {
  if (v === true) return yes[lang]
  if (v === false) return no[lang]
  const s = String(v)
  const own = fact !== undefined && Object.hasOwn(factValueLabels, fact) ? factValueLabels[fact]! : undefined
  if (own !== undefined && Object.hasOwn(own, s)) return own[s]![lang]
  return Object.hasOwn(valueLabels, s) ? valueLabels[s]![lang] : s
}

const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1)

/** The requirement a rule states, in plain words. */
export const requirement = (node: Node, lang: Language): string => {
  const rule = node.rule as Record<string, unknown> | undefined
  if (rule !== undefined && typeof rule.label === "object" && rule.label !== null) return (rule.label as Words)[lang]
  switch (node.kind) {
    case "all":
      return node.rule === undefined
        ? { fi: "Kaikki ehdot", sv: "Alla villkor", en: "All conditions" }[lang]
        : { fi: "Kaikki seuraavat", sv: "Alla följande", en: "All of the following" }[lang]
    case "any":
      return { fi: "Jokin seuraavista", sv: "Något av följande", en: "Any of the following" }[lang]
    case "not":
      return { fi: "Ei seuraava", sv: "Inte följande", en: "Not the following" }[lang]
    case "fact":
      break
  }
  const r = rule!
  const label = capital(node.fact!.label[lang])
  const type = node.fact!.type
  if ("equals" in r) return `${label}: ${value(r.equals, lang, node.factName)}`
  if ("in" in r) {
    const vs = (r.in as ReadonlyArray<unknown>).map((v) => value(v, lang, node.factName))
    return vs.length === 0 ? `${label}: –` : `${label}: ${vs.join(` ${or[lang]} `)}`
  }
  const parts: Array<string> = []
  if (type.kind === "age") {
    const y = { fi: "vuotta", sv: "år", en: "years" }[lang]
    if (typeof r.min === "number" && typeof r.max === "number") parts.push(`${r.min}–${r.max} ${y}`)
    else if (typeof r.min === "number") parts.push(`${{ fi: "vähintään", sv: "minst", en: "at least" }[lang]} ${r.min} ${y}`)
    else if (typeof r.max === "number") parts.push(`${{ fi: "enintään", sv: "högst", en: "at most" }[lang]} ${r.max} ${y}`)
  } else {
    if (typeof r.onOrAfter === "string") parts.push(`${{ fi: "aikaisintaan", sv: "tidigast", en: "on or after" }[lang]} ${fmtDate(r.onOrAfter)}`)
    if (typeof r.before === "string") parts.push(`${{ fi: "ennen", sv: "före", en: "before" }[lang]} ${fmtDate(r.before)}`)
    if (typeof r.withinDays === "number") {
      parts.push(
        {
          fi: `enintään ${r.withinDays} päivää sitten`,
          sv: `för högst ${r.withinDays} dagar sedan`,
          en: `at most ${r.withinDays} days ago`
        }[lang]
      )
    }
  }
  return `${label}: ${parts.join(", ")}`
}

const questions: Readonly<Record<string, Words>> = {
  role: { fi: "Mikä on roolisi perheessä (esim. vanhempi, huoltaja, lapsi, sisarus)?", sv: "Vilken är din roll i familjen (t.ex. förälder, vårdnadshavare, barn, syskon)?", en: "What is your role in the family (e.g. parent, guardian, child, sibling)?" },
  dateOfBirth: { fi: "Mikä on syntymäaikasi?", sv: "Vilket är ditt födelsedatum?", en: "What is your date of birth?" },
  languages: { fi: "Millä kielillä voit osallistua?", sv: "På vilka språk kan du delta?", en: "In which languages can you take part?" },
  homeMunicipality: { fi: "Mikä on kotikuntasi?", sv: "Vilken är din hemkommun?", en: "What is your home municipality?" },
  welfareRegion: { fi: "Millä hyvinvointialueella asut?", sv: "I vilket välfärdsområde bor du?", en: "Which welfare region do you live in?" },
  childSituation: { fi: "Onko lapsesi otettu huostaan tai sijoitettu, onko hän avohuollon tai jälkihuollon asiakas, vai eikö perheellänne ole lastensuojelun asiakkuutta?", sv: "Är ditt barn omhändertaget eller placerat, klient inom öppenvården eller eftervården, eller har er familj ingen kontakt med barnskyddet?", en: "Is your child taken into care or placed, in open care or in aftercare, or has your family no contact with child protection?" },
  placementSetting: { fi: "Missä lapsesi on sijoitettuna?", sv: "Var är ditt barn placerat?", en: "Where is your child placed?" },
  placingWelfareRegion: { fi: "Mikä hyvinvointialue sijoitti lapsesi?", sv: "Vilket välfärdsområde placerade ditt barn?", en: "Which welfare region placed your child?" },
  childDateOfBirth: { fi: "Mikä on lapsesi syntymäaika?", sv: "Vilket är ditt barns födelsedatum?", en: "What is your child's date of birth?" },
  specialSupportNeed: { fi: "Onko perheessänne erityisen tuen tarvetta (esim. neuropsykiatrinen)?", sv: "Finns det behov av särskilt stöd i familjen (t.ex. neuropsykiatriskt)?", en: "Does your family have a special-support need (e.g. neuropsychiatric)?" },
  familySubstanceProblem: { fi: "Onko jollakin perheenjäsenellä päihdeongelma?", sv: "Har någon familjemedlem missbruksproblem?", en: "Does a family member have a substance problem?" },
  familyMentalHealthProblem: { fi: "Onko jollakin perheenjäsenellä mielenterveysongelma?", sv: "Har någon familjemedlem psykiska problem?", en: "Does a family member have a mental-health problem?" },
  schoolStage: { fi: "Missä vaiheessa koulunkäynti on?", sv: "I vilket skede är skolgången?", en: "Which stage of school are you at?" },
  referredBy: { fi: "Kuka ohjasi sinut ryhmään?", sv: "Vem hänvisade dig till gruppen?", en: "Who referred you to the group?" },
  referralDate: { fi: "Milloin sinut ohjattiin ryhmään?", sv: "När hänvisades du till gruppen?", en: "When were you referred to the group?" },
  commitsToWholeProcess: { fi: "Voitko sitoutua koko ryhmäprosessiin?", sv: "Kan du förbinda dig till hela gruppens process?", en: "Can you commit to the whole group process?" },
  lifeSituationAllows: { fi: "Mahdollistaako elämäntilanteesi osallistumisen nyt?", sv: "Gör din livssituation det möjligt att delta nu?", en: "Does your life situation allow you to take part now?" }
}

/** The question to ask for an unknown fact. */
export const question = (field: string, lang: Language): string => {
  if (Object.hasOwn(questions, field)) return questions[field]![lang]
  const info = lookup(field)
  const name = info ? info.label[lang] : field
  return { fi: `Kertoisitko: ${name}?`, sv: `Kan du berätta: ${name}?`, en: `Could you tell us: ${name}?` }[lang]
}

export const groupFull = (position: number, lang: Language): string =>
  ({
    fi: `Ryhmä on täynnä; jonosijasi olisi ${position}.`,
    sv: `Gruppen är full; din plats i kön skulle vara ${position}.`,
    en: `The group is full; your waitlist position would be ${position}.`
  })[lang]
