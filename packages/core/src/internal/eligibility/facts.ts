import { ParticipantRole } from "../../Role.js"
import { ChildSituation, PlacementSetting, Referrer, SchoolStage, SpecialSupportNeed } from "../../PersonFacts.js"
import { all as languages, type LocalizedText, text as t } from "../../Language.js"

/** The type of a fact as rules see it; `source` is the prepared field a derived fact reads. */
export type FactType =
  | { readonly kind: "enum"; readonly values: ReadonlyArray<string> }
  | { readonly kind: "string" }
  | { readonly kind: "boolean" }
  | { readonly kind: "set"; readonly values: ReadonlyArray<string> }
  | { readonly kind: "date" }
  | { readonly kind: "age"; readonly source: string }

export interface FactInfo {
  readonly type: FactType
  readonly label: LocalizedText
  /** The PersonFacts field to ask for when this fact is unknown. */
  readonly asks: string
}

/** Every fact a rule may name, with its type and its name in the three languages. */
export const facts: Readonly<Record<string, FactInfo>> = {
  role: { type: { kind: "enum", values: ParticipantRole.literals }, label: t("rooli", "roll", "role"), asks: "role" },
  age: { type: { kind: "age", source: "dateOfBirth" }, label: t("ikä", "ålder", "age"), asks: "dateOfBirth" },
  dateOfBirth: { type: { kind: "date" }, label: t("syntymäaika", "födelsedatum", "date of birth"), asks: "dateOfBirth" },
  languages: {
    type: { kind: "set", values: languages },
    label: t("kielet", "språk", "languages"),
    asks: "languages"
  },
  homeMunicipality: { type: { kind: "string" }, label: t("kotikunta", "hemkommun", "home municipality"), asks: "homeMunicipality" },
  welfareRegion: { type: { kind: "string" }, label: t("hyvinvointialue", "välfärdsområde", "welfare region"), asks: "welfareRegion" },
  childSituation: {
    type: { kind: "enum", values: ChildSituation.literals },
    label: t("lapsen tilanne lastensuojelussa", "barnets situation inom barnskyddet", "the child's child-protection situation"),
    asks: "childSituation"
  },
  placementSetting: {
    type: { kind: "enum", values: PlacementSetting.literals },
    label: t("lapsen sijoituspaikka", "barnets placeringsplats", "where the child is placed"),
    asks: "placementSetting"
  },
  placingWelfareRegion: {
    type: { kind: "string" },
    label: t("sijoittanut hyvinvointialue", "placerande välfärdsområde", "the placing welfare region"),
    asks: "placingWelfareRegion"
  },
  childDateOfBirth: {
    type: { kind: "date" },
    label: t("lapsen syntymäaika", "barnets födelsedatum", "the child's date of birth"),
    asks: "childDateOfBirth"
  },
  childAge: { type: { kind: "age", source: "childDateOfBirth" }, label: t("lapsen ikä", "barnets ålder", "the child's age"), asks: "childDateOfBirth" },
  specialSupportNeed: {
    type: { kind: "enum", values: SpecialSupportNeed.literals },
    label: t("erityisen tuen tarve", "behov av särskilt stöd", "special-support need"),
    asks: "specialSupportNeed"
  },
  familySubstanceProblem: {
    type: { kind: "boolean" },
    label: t("perheenjäsenen päihdeongelma", "missbruksproblem hos en familjemedlem", "a family member's substance problem"),
    asks: "familySubstanceProblem"
  },
  familyMentalHealthProblem: {
    type: { kind: "boolean" },
    label: t("perheenjäsenen mielenterveysongelma", "psykiska problem hos en familjemedlem", "a family member's mental-health problem"),
    asks: "familyMentalHealthProblem"
  },
  schoolStage: { type: { kind: "enum", values: SchoolStage.literals }, label: t("kouluvaihe", "skolskede", "school stage"), asks: "schoolStage" },
  referredBy: { type: { kind: "enum", values: Referrer.literals }, label: t("kuka ohjasi ryhmään", "vem som hänvisade", "referred by"), asks: "referredBy" },
  referralDate: { type: { kind: "date" }, label: t("ohjauksen päivä", "hänvisningsdatum", "referral date"), asks: "referralDate" },
  commitsToWholeProcess: {
    type: { kind: "boolean" },
    label: t("sitoutuminen koko ryhmäprosessiin", "engagemang i hela gruppens process", "commitment to the whole group process"),
    asks: "commitsToWholeProcess"
  },
  lifeSituationAllows: {
    type: { kind: "boolean" },
    label: t("elämäntilanne mahdollistaa osallistumisen", "livssituationen tillåter deltagande", "life situation allows taking part"),
    asks: "lifeSituationAllows"
  }
}

export const factNames: ReadonlyArray<string> = Object.keys(facts)

export const lookup = (name: string): FactInfo | undefined => (Object.hasOwn(facts, name) ? facts[name] : undefined)

/** Values that read differently for one fact than for the others (`none` of `childSituation`). */
export const factValueLabels: Readonly<Record<string, Readonly<Record<string, LocalizedText>>>> = {
  childSituation: { none: t("ei lastensuojelun asiakkuutta", "ingen kontakt med barnskyddet", "no contact with child protection") }
}

/** How a fact's values read in the three languages. */
export const valueLabels: Readonly<Record<string, LocalizedText>> = {
  parent: t("vanhempi", "förälder", "parent"),
  guardian: t("huoltaja", "vårdnadshavare", "guardian"),
  "foster-parent": t("sijaisvanhempi", "fosterförälder", "foster parent"),
  child: t("lapsi", "barn", "child"),
  "young-person": t("nuori", "ung person", "young person"),
  sibling: t("sisarus", "syskon", "sibling"),
  "foster-sibling": t("sijaissisarus", "fostersyskon", "foster sibling"),
  "other-close-adult": t("muu läheinen aikuinen", "annan närstående vuxen", "other close adult"),
  custody: t("huostaanotto", "omhändertagande", "taken into care"),
  placement: t("sijoitus", "placering", "placed"),
  "open-care": t("avohuolto", "öppenvård", "open care"),
  aftercare: t("jälkihuolto", "eftervård", "aftercare"),
  "substance-rehabilitation-institution": t(
    "päihdekuntoutukseen erikoistunut lastensuojelulaitos",
    "barnskyddsanstalt specialiserad på missbruksrehabilitering",
    "a child-protection institution specialised in substance rehabilitation"
  ),
  "child-protection-institution": t("lastensuojelulaitos", "barnskyddsanstalt", "a child-protection institution"),
  "foster-family": t("perhehoito", "familjevård", "a foster family"),
  "professional-family-home": t("ammatillinen perhekoti", "professionellt familjehem", "a professional family home"),
  kinship: t("läheissijoitus", "placering hos närstående", "with relatives or close people"),
  other: t("muu", "annat", "other"),
  neuropsychiatric: t("neuropsykiatrinen", "neuropsykiatriskt", "neuropsychiatric"),
  disability: t("vamma", "funktionsnedsättning", "disability"),
  "chronic-illness": t("pitkäaikaissairaus", "långvarig sjukdom", "chronic illness"),
  none: t("ei tarvetta", "inget behov", "none"),
  "early-childhood": t("varhaiskasvatus", "småbarnspedagogik", "early childhood education"),
  primary: t("alakoulu", "lågstadiet", "primary school"),
  "lower-secondary": t("yläkoulu", "högstadiet", "lower secondary school"),
  "final-year-comprehensive": t("peruskoulun päättövaihe", "sista året i grundskolan", "final year of comprehensive school"),
  "upper-secondary": t("lukio", "gymnasiet", "upper secondary school"),
  vocational: t("ammatillinen koulutus", "yrkesutbildning", "vocational school"),
  "not-in-school": t("ei koulussa", "inte i skolan", "not in school"),
  "social-worker": t("sosiaalityöntekijä", "socialarbetare", "social worker"),
  institution: t("laitos", "anstalt", "institution"),
  "health-professional": t("terveydenhuollon ammattilainen", "yrkesperson inom hälsovården", "health professional"),
  self: t("itse", "själv", "self"),
  fi: t("suomi", "finska", "Finnish"),
  sv: t("ruotsi", "svenska", "Swedish"),
  en: t("englanti", "engelska", "English")
}
