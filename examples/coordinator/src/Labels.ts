/**
 * The names of the domain's enumerations for people, in fi, sv and en: statuses, roles, sources,
 * consent purposes, facts of eligibility. Each table is typed by the core's literal union, so a value the
 * core adds without a name here is a type error.
 *
 * @since 0.1.0
 */
import type { Language as Lang } from "@vertaistuki/core"

type L = readonly [fi: string, sv: string, en: string]
const idx = { fi: 0, sv: 1, en: 2 } as const

/**
 * The name of `value` in `table` in `lang` (the value itself when the table has none).
 *
 * @category formatting
 */
export const label = <K extends string>(table: Readonly<Record<K, L>>, value: K, lang: Lang.Language): string =>
  (table as Record<string, L | undefined>)[value]?.[idx[lang]] ?? value

/** @category constants */
export const groupStatus = {
  draft: ["Suunnitteilla", "Under planering", "Draft"],
  recruiting: ["Haku auki", "Ansökan öppen", "Recruiting"],
  ready: ["Valmis alkamaan", "Redo att börja", "Ready to start"],
  running: ["Käynnissä", "Pågår", "Running"],
  closing: ["Päättymässä", "Avslutas", "Closing"],
  completed: ["Päättynyt", "Avslutad", "Completed"],
  "followed-up": ["Jälkitapaaminen pidetty", "Uppföljning hållen", "Followed up"],
  "no-follow-up": ["Ei jälkitapaamista", "Ingen uppföljning", "No follow-up"],
  cancelled: ["Peruttu", "Inställd", "Cancelled"]
} as const satisfies Record<string, L>

/** @category constants */
export const participantStatus = {
  referred: ["Ohjattu", "Hänvisad", "Referred"],
  "contact-received": ["Yhteystiedot saatu", "Kontaktuppgifter mottagna", "Contact received"],
  "intake-scheduled": ["Alkuhaastattelu sovittu", "Inledande intervju bokad", "Intake scheduled"],
  "intake-held": ["Alkuhaastattelu pidetty", "Inledande intervju hållen", "Intake held"],
  "consents-recorded": ["Suostumukset kirjattu", "Samtycken registrerade", "Consents recorded"],
  waitlisted: ["Jonossa", "På väntelistan", "Waitlisted"],
  enrolled: ["Ryhmässä", "Antagen", "Enrolled"],
  attending: ["Osallistuu", "Deltar", "Attending"],
  completed: ["Päättänyt ryhmän", "Slutfört gruppen", "Completed"],
  withdrawn: ["Vetäytynyt", "Dragit sig ur", "Withdrawn"],
  "dropped-out": ["Jäänyt pois", "Avbrutit", "Dropped out"],
  declined: ["Kieltäytynyt paikasta", "Tackat nej", "Declined"],
  ineligible: ["Ei täytä ehtoja", "Uppfyller inte villkoren", "Not eligible"]
} as const satisfies Record<string, L>

/** @category constants */
export const sessionStatus = {
  planned: ["Suunniteltu", "Planerad", "Planned"],
  scheduled: ["Aikataulutettu", "Schemalagd", "Scheduled"],
  rescheduled: ["Siirretty", "Flyttad", "Rescheduled"],
  held: ["Pidetty", "Hållen", "Held"],
  cancelled: ["Peruttu", "Inställd", "Cancelled"]
} as const satisfies Record<string, L>

/** @category constants */
export const referralSource = {
  "social-worker": ["Sosiaalityöntekijä", "Socialarbetare", "Social worker"],
  institution: ["Lastensuojelulaitos", "Barnskyddsanstalt", "Child-protection institution"],
  "health-professional": ["Terveydenhuollon ammattilainen", "Yrkesperson inom hälsovården", "Health professional"],
  self: ["Hakeutui itse", "Sökte själv", "Came themselves"]
} as const satisfies Record<string, L>

/** @category constants */
export const modality = {
  remote: ["Etänä", "På distans", "Remote"],
  "in-person": ["Lähitapaaminen", "Fysiskt möte", "In person"]
} as const satisfies Record<string, L>

/** @category constants */
export const consentPurpose = {
  "taking-part": ["Ryhmään osallistuminen", "Deltagande i gruppen", "Taking part in the group"],
  "messaging-group": ["Lisääminen ryhmän viestiryhmään (esim. WhatsApp)", "Att läggas till i gruppens meddelandegrupp (t.ex. WhatsApp)", "Being added to the group's messaging group (e.g. WhatsApp)"],
  "contact-disclosure": ["Yhteystietojen luovutus järjestölle", "Utlämnande av kontaktuppgifter till organisationen", "Handing the contact details to the NGO"],
  "evaluation-questionnaire": ["3X10D-kysely alussa ja lopussa", "3X10D-enkäten i början och slutet", "The 3X10D questionnaire at the start and end"],
  "share-participation-with-social-worker": ["Osallistumistiedon jakaminen sosiaalityöntekijälle", "Delning av deltagande med socialarbetaren", "Sharing participation with the social worker"],
  "sms-reminders": ["Muistutukset tekstiviestillä", "Påminnelser per sms", "Reminders by SMS"],
  "email-reminders": ["Muistutukset sähköpostilla", "Påminnelser per e-post", "Reminders by email"],
  reporting: ["Tilastointi", "Statistik", "Reporting"]
} as const satisfies Record<string, L>

/** @category constants */
export const givenBy = {
  person: ["Henkilö itse", "Personen själv", "The person"],
  guardian: ["Huoltaja", "Vårdnadshavare", "The guardian"],
  "minor-own-view": ["Alaikäisen oma näkemys", "Den minderårigas egen åsikt", "The minor's own view"]
} as const satisfies Record<string, L>

/** @category constants */
export const channel = {
  "in-person": ["Kasvokkain", "Personligen", "In person"],
  "paper-form": ["Paperilomake", "Pappersblankett", "Paper form"],
  "electronic-form": ["Sähköinen lomake", "Elektronisk blankett", "Electronic form"],
  phone: ["Puhelin", "Telefon", "Phone"],
  "video-call": ["Videopuhelu", "Videosamtal", "Video call"],
  sms: ["Tekstiviesti", "Sms", "SMS"],
  email: ["Sähköposti", "E-post", "Email"]
} as const satisfies Record<string, L>

/** @category constants */
export const leaderRole = {
  professional: ["Ammattilainen", "Yrkesperson", "Professional"],
  "peer-leader": ["Vertaisohjaaja", "Kamratledare", "Peer leader"],
  "institution-professional": ["Laitoksen ammattilainen", "Anstaltens yrkesperson", "Institution professional"],
  coordinator: ["Koordinaattori", "Koordinator", "Coordinator"]
} as const satisfies Record<string, L>

/** @category constants */
export const training = {
  "voikukkia-leader": ["VOIKUKKIA-ohjaajakoulutus (4 päivää)", "VOIKUKKIA-ledarutbildning (4 dagar)", "VOIKUKKIA leader training (4 days)"],
  "voikukkia-peer-leader": ["VOIKUKKIA-vertaisohjaajakoulutus", "VOIKUKKIA-kamratledarutbildning", "VOIKUKKIA peer-leader training"],
  palaset: ["Palaset-koulutus", "Palaset-utbildning", "Palaset training"]
} as const satisfies Record<string, L>

/** @category constants */
export const organiserKind = {
  "welfare-region": ["Hyvinvointialue", "Välfärdsområde", "Welfare region"],
  municipality: ["Kunta", "Kommun", "Municipality"],
  "municipalities-jointly": ["Kunnat yhdessä", "Kommuner tillsammans", "Municipalities jointly"],
  ngo: ["Järjestö", "Organisation", "NGO"],
  parish: ["Seurakunta", "Församling", "Parish"],
  "private-provider": ["Yksityinen palveluntuottaja", "Privat tjänsteproducent", "Private provider"],
  "child-protection-institution": ["Lastensuojelulaitos", "Barnskyddsanstalt", "Child-protection institution"]
} as const satisfies Record<string, L>

/** @category constants */
export const groupForm = {
  closed: ["Suljettu ryhmä", "Sluten grupp", "Closed group"],
  open: ["Avoin ryhmä", "Öppen grupp", "Open group"]
} as const satisfies Record<string, L>

/** @category constants */
export const attendance = {
  present: ["Paikalla", "Närvarande", "Present"],
  excused: ["Poissa, ilmoitettu", "Frånvarande, anmält", "Excused"],
  absent: ["Poissa", "Frånvarande", "Absent"]
} as const satisfies Record<string, L>

/** @category constants */
export const participantRole = {
  parent: ["Vanhempi", "Förälder", "Parent"],
  guardian: ["Huoltaja", "Vårdnadshavare", "Guardian"],
  "foster-parent": ["Sijaisvanhempi", "Fosterförälder", "Foster parent"],
  child: ["Lapsi", "Barn", "Child"],
  "young-person": ["Nuori", "Ungdom", "Young person"],
  sibling: ["Sisarus", "Syskon", "Sibling"],
  "foster-sibling": ["Sijaissisarus", "Fostersyskon", "Foster sibling"],
  "other-close-adult": ["Muu läheinen aikuinen", "Annan närstående vuxen", "Other close adult"]
} as const satisfies Record<string, L>

/** @category constants */
export const childSituation = {
  custody: ["Huostaanotettu", "Omhändertaget", "Taken into care"],
  placement: ["Sijoitettu", "Placerat", "Placed"],
  "open-care": ["Avohuolto", "Öppenvård", "Open care"],
  aftercare: ["Jälkihuolto", "Eftervård", "Aftercare"],
  none: ["Ei lastensuojelun asiakkuutta", "Inget barnskyddsärende", "No child-protection case"]
} as const satisfies Record<string, L>

/** @category constants */
export const placementSetting = {
  "substance-rehabilitation-institution": ["Päihdekuntoutukseen erikoistunut laitos", "Anstalt för missbruksrehabilitering", "Substance-rehabilitation institution"],
  "child-protection-institution": ["Lastensuojelulaitos", "Barnskyddsanstalt", "Child-protection institution"],
  "foster-family": ["Sijaisperhe", "Familjehem", "Foster family"],
  "professional-family-home": ["Ammatillinen perhekoti", "Professionellt familjehem", "Professional family home"],
  kinship: ["Sukulaissijoitus", "Släktplacering", "Kinship care"],
  other: ["Muu", "Annat", "Other"]
} as const satisfies Record<string, L>

/** @category constants */
export const specialSupportNeed = {
  neuropsychiatric: ["Neuropsykiatrinen", "Neuropsykiatriskt", "Neuropsychiatric"],
  disability: ["Vamma", "Funktionsnedsättning", "Disability"],
  "chronic-illness": ["Pitkäaikaissairaus", "Kronisk sjukdom", "Chronic illness"],
  other: ["Muu", "Annat", "Other"],
  none: ["Ei erityisen tuen tarvetta", "Inget behov av särskilt stöd", "No special-support need"]
} as const satisfies Record<string, L>

/** @category constants */
export const schoolStage = {
  "early-childhood": ["Varhaiskasvatus", "Småbarnspedagogik", "Early childhood"],
  primary: ["Alakoulu", "Lågstadiet", "Primary school"],
  "lower-secondary": ["Yläkoulu", "Högstadiet", "Lower secondary"],
  "final-year-comprehensive": ["Peruskoulun viimeinen vuosi", "Sista året i grundskolan", "Final year of comprehensive school"],
  "upper-secondary": ["Lukio", "Gymnasiet", "Upper secondary"],
  vocational: ["Ammatillinen koulutus", "Yrkesutbildning", "Vocational"],
  "not-in-school": ["Ei koulussa", "Inte i skolan", "Not in school"]
} as const satisfies Record<string, L>

/** @category constants */
export const eligibilityOutcome = {
  eligible: ["Täyttää ehdot", "Uppfyller villkoren", "Eligible"],
  ineligible: ["Ei täytä ehtoja", "Uppfyller inte villkoren", "Not eligible"],
  undetermined: ["Ei voida vielä ratkaista", "Kan inte avgöras ännu", "Cannot be decided yet"]
} as const satisfies Record<string, L>

/** @category constants */
export const languageName = {
  fi: ["suomi", "finska", "Finnish"],
  sv: ["ruotsi", "svenska", "Swedish"],
  en: ["englanti", "engelska", "English"]
} as const satisfies Record<string, L>

/** @category constants */
export const outcomeItems: ReadonlyArray<L> = [
  ["Terveys", "Hälsa", "Health"],
  ["Jaksaminen", "Ork", "Perseverance"],
  ["Asuminen", "Boende", "Housing"],
  ["Arjessa pärjääminen", "Att klara vardagen", "Everyday coping"],
  ["Perhe ja läheiset", "Familj och närstående", "Family and close ones"],
  ["Ystävät", "Vänner", "Friends"],
  ["Raha-asiat", "Ekonomi", "Finances"],
  ["Omien vahvuuksien kehittäminen", "Att utveckla sina styrkor", "Developing one's strengths"],
  ["Itsetunto", "Självkänsla", "Self-esteem"],
  ["Elämä kokonaisuutena", "Livet som helhet", "Life as a whole"]
]

/** The name of a 3X10D item (0-based) in `lang`. @category formatting */
export const outcomeItem = (i: number, lang: Lang.Language): string => outcomeItems[i]?.[idx[lang]] ?? String(i + 1)

/** The entries of a table as `[value, label]` pairs in `lang`, for a select or radio buttons. @category formatting */
export const options = <K extends string>(table: Readonly<Record<K, L>>, lang: Lang.Language): ReadonlyArray<readonly [K, string]> =>
  (Object.keys(table) as Array<K>).map((k) => [k, label(table, k, lang)] as const)
