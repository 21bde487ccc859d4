/**
 * What a consent (suostumus) allows. Consent is always for one purpose.
 *
 * @since 0.1.0
 */
import { Schema } from "effect"

/**
 * The purposes of consent:
 * - `taking-part`: taking part in the group at all;
 * - `messaging-group`: being added to the group's messaging group, e.g. WhatsApp (seed 000_2f0bf6902dc16743.txt);
 * - `contact-disclosure`: the referrer or institution handing contact details to the organiser (seed 000);
 * - `evaluation-questionnaire`: questionnaire answers used for evaluation, e.g. 3X10D (seed 002_66c02f855fe66a53.txt);
 * - `share-participation-with-social-worker`: telling the child's social worker about participation;
 * - `sms-reminders`, `email-reminders`: reminders through those channels;
 * - `reporting`: counting the person's data in aggregate reports for decision-makers (seed 003_220f3bde38c28eca.txt).
 *
 * @category models
 */
export const ConsentPurpose = Schema.Literal(
  "taking-part",
  "messaging-group",
  "contact-disclosure",
  "evaluation-questionnaire",
  "share-participation-with-social-worker",
  "sms-reminders",
  "email-reminders",
  "reporting"
).annotations({ identifier: "ConsentPurpose" })
/** @category models */
export type ConsentPurpose = typeof ConsentPurpose.Type

/** @category constants */
export const all: ReadonlyArray<ConsentPurpose> = ConsentPurpose.literals
