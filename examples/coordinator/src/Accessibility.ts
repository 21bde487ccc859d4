/**
 * The accessibility statement of the app (saavutettavuusseloste), following the model statement under the
 * Act on the Provision of Digital Services 306/2019 (the template Traficom publishes): the service and the
 * date, how accessibility was assessed, the compliance status, the content that is not accessible and why,
 * the feedback channel with its response time, and the enforcement authority (Traficom's accessibility
 * monitoring unit). A region that runs the app replaces the organisation, the channel and the date.
 *
 * @since 0.1.0
 */
import type { Language as Lang } from "@vertaistuki/core"
import * as Format from "./Format.js"
import { type Html, html } from "./Html.js"

/** When the statement was written and last reviewed (ISO dates). @category constants */
export const written = "2026-12-01"

/** The feedback channel of the example; a region puts its own here. @category constants */
export const feedbackEmail = "saavutettavuus@example.fi"

interface Section {
  readonly heading: string
  readonly paragraphs: ReadonlyArray<string>
  readonly list?: ReadonlyArray<string>
}

/** The statement's text in one language, section by section. @category models */
export interface Statement {
  readonly title: string
  readonly intro: ReadonlyArray<string>
  readonly sections: ReadonlyArray<Section>
  readonly authority: ReadonlyArray<string>
}

const texts = (date: string): Readonly<Record<Lang.Language, Statement>> => ({
  fi: {
    title: "Saavutettavuusseloste",
    intro: [
      `Tämä saavutettavuusseloste koskee Vertaistukiryhmät-koordinaattorisovellusta (vertaistuki-kirjaston esimerkkisovellus). Seloste on laadittu ${date}, ja se on tarkistettu samana päivänä.`,
      "Palvelua koskee laki digitaalisten palvelujen tarjoamisesta (306/2019), jossa edellytetään, että julkisten verkkopalvelujen on oltava saavutettavia."
    ],
    sections: [
      {
        heading: "Miten saavutettavuus on arvioitu",
        paragraphs: [
          "Olemme arvioineet palvelun saavutettavuuden itse. Jokainen sivu tarkistetaan automaattisesti axe-työkalulla (WCAG 2.0 ja 2.1, tasot A ja AA) kaikilla kolmella kielellä jokaisen muutoksen yhteydessä, ja ryhmään ilmoittautuminen tehdään testeissä pelkällä näppäimistöllä. Jokainen sivu tarkistetaan 320 pikselin levyisellä näytöllä ilman vaakavieritystä."
        ]
      },
      {
        heading: "Saavutettavuuden tila",
        paragraphs: ["Palvelu täyttää saavutettavuusvaatimukset osittain. Alla on lueteltu puutteet, joista tiedämme."]
      },
      {
        heading: "Ei-saavutettava sisältö",
        paragraphs: ["Seuraavat asiat eivät vielä täytä kaikkia vaatimuksia:"],
        list: [
          "Palvelua ei ole testattu ruudunlukijoilla eikä puheohjauksella; automaattinen tarkistus ei löydä kaikkia puutteita (WCAG 4.1.2, 1.3.1).",
          "Kustannuskaavioiden (SVG) tiedot ovat myös taulukkona kaavion alla, mutta kaavioiden värit eivät ole käyttäjän muutettavissa (WCAG 1.4.11).",
          "Kalenteritiedosto (.ics) ja rajapinnan kuvaus (/api/docs) ovat verkkosivujen ulkopuolista sisältöä, eikä niiden saavutettavuutta ole arvioitu.",
          "Palvelussa ei ole selkokielistä versiota eikä viittomakielistä sisältöä."
        ]
      },
      {
        heading: "Palaute ja yhteystiedot",
        paragraphs: [
          `Huomasitko saavutettavuuspuutteen? Kerro siitä meille sähköpostilla ${feedbackEmail}. Vastaamme 14 päivän kuluessa. Voit myös pyytää tietoa, joka ei ole saavutettavassa muodossa.`
        ]
      },
      {
        heading: "Valvontaviranomainen",
        paragraphs: [
          "Jos huomaat palvelussa saavutettavuusongelmia, anna ensin palautetta meille. Jos et ole tyytyväinen saamaasi vastaukseen tai et saa vastausta lainkaan kahden viikon aikana, voit tehdä ilmoituksen Liikenne- ja viestintävirasto Traficomiin. Traficomin sivulla kerrotaan, miten ilmoituksen voi tehdä ja miten asia käsitellään."
        ]
      }
    ],
    authority: [
      "Liikenne- ja viestintävirasto Traficom",
      "Digitaalisen esteettömyyden ja saavutettavuuden valvontayksikkö",
      "www.saavutettavuusvaatimukset.fi",
      "saavutettavuus@traficom.fi",
      "puhelinnumero vaihde 029 534 5000"
    ]
  },
  sv: {
    title: "Tillgänglighetsutlåtande",
    intro: [
      `Detta tillgänglighetsutlåtande gäller koordinatorappen Kamratstödsgrupper (exempelapplikation för biblioteket vertaistuki). Utlåtandet har upprättats ${date} och granskats samma dag.`,
      "Tjänsten omfattas av lagen om tillhandahållande av digitala tjänster (306/2019), som kräver att offentliga webbtjänster ska vara tillgängliga."
    ],
    sections: [
      {
        heading: "Hur tillgängligheten har bedömts",
        paragraphs: [
          "Vi har själva bedömt tjänstens tillgänglighet. Varje sida kontrolleras automatiskt med verktyget axe (WCAG 2.0 och 2.1, nivåerna A och AA) på alla tre språk vid varje ändring, och anmälan till en grupp görs i testerna enbart med tangentbordet. Varje sida kontrolleras på en 320 pixlar bred skärm utan vågrät rullning."
        ]
      },
      {
        heading: "Tillgänglighetsstatus",
        paragraphs: ["Tjänsten uppfyller tillgänglighetskraven delvis. Nedan listas de brister vi känner till."]
      },
      {
        heading: "Innehåll som inte är tillgängligt",
        paragraphs: ["Följande uppfyller ännu inte alla krav:"],
        list: [
          "Tjänsten har inte testats med skärmläsare eller röststyrning; en automatisk kontroll hittar inte alla brister (WCAG 4.1.2, 1.3.1).",
          "Kostnadsdiagrammens (SVG) uppgifter finns också som tabell under diagrammet, men diagrammens färger kan inte ändras av användaren (WCAG 1.4.11).",
          "Kalenderfilen (.ics) och gränssnittsbeskrivningen (/api/docs) är innehåll utanför webbsidorna, och deras tillgänglighet har inte bedömts.",
          "Tjänsten har ingen version på lättläst språk och inget innehåll på teckenspråk."
        ]
      },
      {
        heading: "Respons och kontaktuppgifter",
        paragraphs: [
          `Har du upptäckt en tillgänglighetsbrist? Berätta det för oss per e-post till ${feedbackEmail}. Vi svarar inom 14 dagar. Du kan också begära information som inte finns i tillgänglig form.`
        ]
      },
      {
        heading: "Tillsynsmyndighet",
        paragraphs: [
          "Om du upptäcker tillgänglighetsproblem i tjänsten, ge först respons till oss. Om du inte är nöjd med svaret eller inte får något svar inom två veckor, kan du göra en anmälan till Transport- och kommunikationsverket Traficom. På Traficoms webbplats finns information om hur du gör en anmälan och hur ärendet handläggs."
        ]
      }
    ],
    authority: [
      "Transport- och kommunikationsverket Traficom",
      "Enheten för tillsyn över tillgänglighet",
      "www.tillganglighetskrav.fi",
      "saavutettavuus@traficom.fi",
      "telefonnummer växel 029 534 5000"
    ]
  },
  en: {
    title: "Accessibility statement",
    intro: [
      `This accessibility statement applies to the Peer-support groups coordinator app (the example application of the vertaistuki library). The statement was drawn up on ${date} and reviewed on the same day.`,
      "The service is subject to the Act on the Provision of Digital Services (306/2019), which requires public online services to be accessible."
    ],
    sections: [
      {
        heading: "How accessibility was assessed",
        paragraphs: [
          "We assessed the accessibility of the service ourselves. Every page is checked automatically with the axe tool (WCAG 2.0 and 2.1, levels A and AA) in all three languages on every change, and enrolling in a group is done with the keyboard only in the tests. Every page is checked on a 320 pixel wide screen without horizontal scrolling."
        ]
      },
      {
        heading: "Compliance status",
        paragraphs: ["The service partially meets the accessibility requirements. The shortcomings we know of are listed below."]
      },
      {
        heading: "Non-accessible content",
        paragraphs: ["The following does not yet meet every requirement:"],
        list: [
          "The service has not been tested with screen readers or voice control; an automated check does not find every shortcoming (WCAG 4.1.2, 1.3.1).",
          "The figures of the cost charts (SVG) are also in a table below each chart, but the users cannot change the charts' colours (WCAG 1.4.11).",
          "The calendar file (.ics) and the API description (/api/docs) are content outside the web pages, and their accessibility has not been assessed.",
          "The service has no easy-to-read version and no content in sign language."
        ]
      },
      {
        heading: "Feedback and contact information",
        paragraphs: [
          `Did you notice an accessibility shortcoming? Tell us by email at ${feedbackEmail}. We reply within 14 days. You can also ask for information that is not in an accessible form.`
        ]
      },
      {
        heading: "Enforcement authority",
        paragraphs: [
          "If you notice accessibility problems in the service, first give feedback to us. If you are not satisfied with the reply, or you get no reply within two weeks, you can make a report to the Finnish Transport and Communications Agency Traficom. Traficom's website tells how to make a report and how the matter is handled."
        ]
      }
    ],
    authority: [
      "Finnish Transport and Communications Agency Traficom",
      "Digital Accessibility Supervision Unit",
      "www.webaccessibility.fi",
      "saavutettavuus@traficom.fi",
      "telephone switchboard 029 534 5000"
    ]
  }
})

/**
 * The statement in `lang`, its date in the language's notation.
 *
 * @category constructors
 */
export const statement = (lang: Lang.Language): Statement => texts(Format.date(written, lang))[lang]

/**
 * The statement's page content (the layout adds the frame).
 *
 * @category rendering
 */
export const render = (lang: Lang.Language): Html => {
  const s = statement(lang)
  const enforcement = s.sections.length - 1
  return html`<h1>${s.title}</h1>
${s.intro.map((p) => html`<p>${p}</p>`)}
${s.sections.map(
  (section, i) => html`<section aria-labelledby="a11y-${i}"><h2 id="a11y-${i}">${section.heading}</h2>
${section.paragraphs.map((p) => html`<p>${p}</p>`)}
${section.list === undefined ? "" : html`<ul>${section.list.map((item) => html`<li>${item}</li>`)}</ul>`}
${i === enforcement ? html`<address>${s.authority.map((line, j) => (j === 0 ? html`${line}` : html`<br>${line}`))}</address>` : ""}
</section>`
)}`
}
