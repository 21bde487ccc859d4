import { Messages as Core } from "@vertaistuki/core"
import { describe, expect, it } from "vitest"
import * as Accessibility from "../src/Accessibility.js"
import * as Format from "../src/Format.js"
import { catalogue, t } from "../src/Messages.js"

describe("Messages", () => {
  it("every key is in fi, sv and en with the same placeholders", () => {
    expect(Core.problems(catalogue)).toEqual([])
  })

  it("no text is left untranslated by accident: fi and sv differ from en except names", () => {
    const same = Object.keys(catalogue.en).filter(
      (k) => catalogue.fi[k as keyof typeof catalogue.en] === catalogue.en[k as keyof typeof catalogue.en] && !k.startsWith("lang.")
    )
    expect(same).toEqual([])
  })

  it("formats placeholders", () => {
    expect(t("sv", "signedInAs", { name: "Anna", role: t("sv", "role.coordinator") })).toBe("Inloggad: Anna (koordinator)")
  })
})

describe("Format", () => {
  const at = "2027-03-06T10:00:00+02:00"
  it("writes dates and times in Helsinki time in each language's notation", () => {
    expect(Format.date(at, "fi")).toBe("6.3.2027")
    expect(Format.date(at, "sv")).toBe("6.3.2027")
    expect(Format.date(at, "en")).toBe("6 Mar 2027")
    expect(Format.time("2027-03-06T08:00:00Z", "fi")).toBe("10.00")
    expect(Format.time("2027-03-06T08:00:00Z", "sv")).toBe("10.00")
    expect(Format.time("2027-03-06T08:00:00Z", "en")).toBe("10:00")
    expect(Format.dateTime(at, "fi")).toBe("lauantai 6.3.2027 klo 10.00")
    expect(Format.dateTime(at, "en")).toBe("Saturday 6 Mar 2027 at 10:00")
  })

  it("writes money in each language's notation", () => {
    const plain = (s: string) => s.replace(/[\u00a0\u202f]/g, " ")
    expect(plain(Format.money(355500, "fi"))).toBe("3 555,00 €")
    expect(plain(Format.money(355500, "sv"))).toBe("3 555,00 €")
    expect(Format.money(355500, "en")).toBe("€3,555.00")
  })
})

describe("Accessibility statement", () => {
  it("has the same sections in every language, with the enforcement authority and the feedback channel", () => {
    const [fi, sv, en] = (["fi", "sv", "en"] as const).map(Accessibility.statement)
    expect(fi!.sections.length).toBe(en!.sections.length)
    expect(sv!.sections.length).toBe(en!.sections.length)
    for (const s of [fi!, sv!, en!]) {
      expect(s.authority.join(" ")).toContain("Traficom")
      expect(s.authority.join(" ")).toContain("saavutettavuus@traficom.fi")
      expect(s.sections.some((x) => x.paragraphs.join(" ").includes(Accessibility.feedbackEmail))).toBe(true)
      expect(s.sections.map((x) => x.list?.length ?? 0)).toEqual(en!.sections.map((x) => x.list?.length ?? 0))
    }
    expect(Accessibility.render("fi").value).toContain("Palvelu täyttää saavutettavuusvaatimukset osittain")
  })
})
