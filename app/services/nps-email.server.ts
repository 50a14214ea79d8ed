import type { OutboxLinks } from "../../db/schema";
import type { NpsEmailKind } from "../../emails/nps-invitation";
import { LINK_SLOTS } from "../domain/email-links";
import { SurveyDefinition, surveyQuestion } from "../domain/survey";
import { LANGUAGES, type Language } from "../locales";
import { renderEmail } from "../utils/email.server";
import { env } from "../utils/env.server";
import { fixedT } from "../utils/i18n.server";

/*
 * Invitation emails at scale. Rendering React Email costs milliseconds per message, far too slow
 * for a wave of 100,000, so each wave renders its email once per language with placeholders and
 * every recipient gets a copy by splicing their greeting and tokens in. The placeholders are plain
 * capitals and digits: nothing in React Email's HTML escaping or its text conversion alters them.
 */
const GREETING = "KZGREETING0000";
// The tokens' places stay slots in what is stored; the worker fills them when it sends
// (app/domain/email-links.ts, docs/decisions/027-no-working-links-at-rest.md).
const SURVEY_TOKEN = LINK_SLOTS.survey;
const UNSUBSCRIBE_TOKEN = LINK_SLOTS.unsubscribe;
// Only the greeting is spliced per recipient; the link slots stay in the stored copy as they are.
const PLACEHOLDERS = new RegExp(GREETING, "g");

type Slot = typeof GREETING;

/** A text cut at its placeholders: `parts[i]` is followed by `slots[i]`, the last part by nothing. */
type Compiled = { parts: string[]; slots: Slot[] };

export type InvitationTemplate = {
  campaignId: number;
  kind: NpsEmailKind;
  locale: Language;
  templateName: "nps-invitation" | "nps-reminder";
  subject: string;
  html: Compiled;
  text: Compiled;
  /** The greeting with `{{name}}` still in it, and the one used when a contact has no name. */
  greeting: { named: string; unnamed: string };
};

export type InvitationTemplates = Record<Language, InvitationTemplate>;

export type InvitationRecipient = { contactId: number; name: string | null };

export type PersonalizedInvitation = {
  template: InvitationTemplate["templateName"];
  locale: Language;
  subject: string;
  html: string;
  text: string;
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

function compile(source: string): Compiled {
  const parts: string[] = [];
  const slots: Slot[] = [];
  let last = 0;
  for (const match of source.matchAll(PLACEHOLDERS)) {
    parts.push(source.slice(last, match.index));
    slots.push(match[0] as Slot);
    last = match.index + match[0].length;
  }
  parts.push(source.slice(last));
  return { parts, slots };
}

function fill(compiled: Compiled, values: Record<Slot, string>): string {
  let out = compiled.parts[0];
  for (let i = 0; i < compiled.slots.length; i++) out += values[compiled.slots[i]] + compiled.parts[i + 1];
  return out;
}

function requireSlots(source: string, compiled: Compiled, where: string) {
  if (!compiled.slots.includes(GREETING)) throw new Error(`The NPS email's ${where} lost its ${GREETING} placeholder while rendering.`);
  for (const slot of [SURVEY_TOKEN, UNSUBSCRIBE_TOKEN]) {
    if (!source.includes(slot)) throw new Error(`The NPS email's ${where} lost its ${slot} placeholder while rendering.`);
  }
}

const HTML_ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#x27;" };
function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (ch) => HTML_ESCAPES[ch]);
}

/**
 * Renders a wave's email once per language from the campaign's survey snapshot. Async (React
 * Email); call it before opening the transaction that writes invitations and outbox rows.
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
      const t = await fixedT(locale, "email");
      const html = compile(email.html);
      const text = compile(email.text);
      requireSlots(email.html, html, "HTML");
      requireSlots(email.text, text, "text part");
      const template: InvitationTemplate = {
        campaignId: campaign.id,
        kind,
        locale,
        templateName,
        subject: email.subject,
        html,
        text,
        greeting: { named: t("nps.greeting", { name: "{{name}}" }), unnamed: t("nps.greetingNoName") },
      };
      return [locale, template] as const;
    }),
  );
  return Object.fromEntries(rendered) as InvitationTemplates;
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
    html: fill(template.html, { [GREETING]: escapeHtml(greeting) }),
    text: fill(template.text, { [GREETING]: greeting }),
    // RFC 8058: mail clients show their own unsubscribe button and POST to this address.
    headers: { "List-Unsubscribe": `<${unsubscribeUrl(UNSUBSCRIBE_TOKEN)}>`, "List-Unsubscribe-Post": "List-Unsubscribe=One-Click" },
    tags: [
      { name: "campaign", value: String(template.campaignId) },
      { name: "kind", value: template.kind },
    ],
    links: { kind: "invitation", campaignId: template.campaignId, contactId: recipient.contactId },
  };
}
