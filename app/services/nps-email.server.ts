import type { OutboxLinks } from "../../db/schema";
import type { NpsEmailKind } from "../../emails/nps-invitation";
import type { BodyValues } from "../domain/email-body-template";
import { LINK_SLOTS } from "../domain/email-links";
import { SurveyDefinition, surveyQuestion } from "../domain/survey";
import { LANGUAGES, type Language } from "../locales";
import { transaction } from "../utils/db.server";
import { renderEmail, saveBodyTemplate } from "../utils/email.server";
import { env } from "../utils/env.server";
import { fixedT } from "../utils/i18n.server";

/*
 * Invitation emails at scale. Rendering React Email costs milliseconds per message, far too slow
 * for a wave of 100,000, so each wave renders its email once per language with a greeting slot
 * and stores that rendering once (docs/decisions/040-a-wave-body-stored-once.md); each
 * recipient's email keeps only its greeting. The slots are plain capitals and digits: nothing in
 * React Email's HTML escaping or its text conversion alters them.
 */
const GREETING = "KZGREETING0000";
// The tokens' places stay slots in what is stored; the worker fills them when it sends
// (app/domain/email-links.ts, docs/decisions/027-no-working-links-at-rest.md).
const SURVEY_TOKEN = LINK_SLOTS.survey;
const UNSUBSCRIBE_TOKEN = LINK_SLOTS.unsubscribe;

export type InvitationTemplate = {
  campaignId: number;
  kind: NpsEmailKind;
  locale: Language;
  templateName: "nps-invitation" | "nps-reminder";
  subject: string;
  /** The stored rendering (`outbox_templates`) every recipient's email shares. */
  bodyTemplateId: number;
  /** The greeting with `{{name}}` still in it, and the one used when a contact has no name. */
  greeting: { named: string; unnamed: string };
};

export type InvitationTemplates = Record<Language, InvitationTemplate>;

export type InvitationRecipient = { contactId: number; name: string | null };

export type PersonalizedInvitation = {
  template: InvitationTemplate["templateName"];
  locale: Language;
  subject: string;
  /** The wave's shared body and this recipient's greeting. */
  body: { templateId: number; values: BodyValues };
  headers: Record<string, string>;
  tags: { name: string; value: string }[];
  /** The survey and unsubscribe tokens are derived from these when the email is sent. */
  links: OutboxLinks;
};

export function surveyUrl(token: string, score?: number): string {
  const url = `${env().APP_URL}/s/${token}`;
  return score === undefined ? url : `${url}?score=${score}`;
}
export function honeypotUrl(token: string): string {
  return `${env().APP_URL}/s/${token}/h`;
}
export function unsubscribeUrl(token: string): string {
  return `${env().APP_URL}/u/${token}`;
}

function requireSlots(source: string, where: string) {
  for (const slot of [GREETING, SURVEY_TOKEN, UNSUBSCRIBE_TOKEN]) {
    if (!source.includes(slot)) throw new Error(`The NPS email's ${where} lost its ${slot} placeholder while rendering.`);
  }
}

/**
 * Renders a wave's email once per language from the campaign's survey snapshot and stores each
 * rendering once (a job run that renders it again finds it stored). Async (React Email); call it
 * before opening the transaction that writes invitations and outbox rows.
 */
export async function renderInvitationTemplates(campaign: { id: number; name: string; survey: unknown }, kind: NpsEmailKind): Promise<InvitationTemplates> {
  if (campaign.survey == null) throw new Error(`Campaign ${campaign.id} has no survey snapshot; it is taken at launch.`);
  const survey = SurveyDefinition.parse(campaign.survey);
  const templateName = kind === "invitation" ? "nps-invitation" : "nps-reminder";
  const rendered = await Promise.all(
    LANGUAGES.map(async (locale) => {
      const email = await renderEmail(
        templateName,
        {
          greeting: GREETING,
          productName: survey.productName,
          question: surveyQuestion(survey, locale),
          scoreUrls: Array.from({ length: 11 }, (_, score) => surveyUrl(SURVEY_TOKEN, score)),
          unsubscribeUrl: unsubscribeUrl(UNSUBSCRIBE_TOKEN),
          honeypotUrl: honeypotUrl(SURVEY_TOKEN),
        },
        locale,
      );
      requireSlots(email.html, "HTML");
      requireSlots(email.text, "text part");
      const t = await fixedT(locale, "email");
      return { locale, email, greeting: { named: t("nps.greeting", { name: "{{name}}" }), unnamed: t("nps.greetingNoName") } };
    }),
  );
  return transaction((tx) =>
    Object.fromEntries(
      rendered.map(({ locale, email, greeting }) => {
        const template: InvitationTemplate = {
          campaignId: campaign.id,
          kind,
          locale,
          templateName,
          subject: email.subject,
          bodyTemplateId: saveBodyTemplate(tx, email),
          greeting,
        };
        return [locale, template];
      }),
    ),
  ) as InvitationTemplates;
}

/**
 * One recipient's copy of a rendered template: string splicing only, synchronous, safe to call
 * inside the transaction that inserts the invitation and its outbox row. The links keep their
 * slots: the copy holds no working token, and the worker fills them in when it sends.
 */
export function personalizeInvitation(template: InvitationTemplate, recipient: InvitationRecipient): PersonalizedInvitation {
  const name = recipient.name?.trim();
  const greeting = name ? template.greeting.named.replace("{{name}}", () => name) : template.greeting.unnamed;
  return {
    template: template.templateName,
    locale: template.locale,
    subject: template.subject,
    body: { templateId: template.bodyTemplateId, values: { [GREETING]: greeting } },
    // RFC 8058: mail clients show their own unsubscribe button and POST to this address.
    headers: { "List-Unsubscribe": `<${unsubscribeUrl(UNSUBSCRIBE_TOKEN)}>`, "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" },
    tags: [
      { name: "campaign", value: String(template.campaignId) },
      { name: "kind", value: template.kind },
    ],
    links: { kind: "invitation", campaignId: template.campaignId, contactId: recipient.contactId },
  };
}
