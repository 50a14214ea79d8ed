/**
 * Slack messages Kizuna posts to an incoming webhook, as Block Kit JSON. Text from customers and
 * the CRM goes through `escapeSlackText`: Slack's mrkdwn reads `<…>` as links and mentions
 * (`<!channel>` would ping everyone), so `&`, `<` and `>` are sent as entities.
 */
import type { Language } from "../locales";
import enEmail from "../locales/en/email";
import jaEmail from "../locales/ja/email";
import { contactLabel } from "./contact-rows";
import { createFormatter } from "./format";
import type { Segment } from "./segments";

/** The words of Slack posts, per language (strings in app/locales/{en,ja}/email.ts, group `slack`). */
const SLACK_WORDS = { en: enEmail.slack, ja: jaEmail.slack };

/** `{{name}}` placeholders filled with plain values; escaping, where needed, is the caller's. */
function fill(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{\{(\w+)\}\}/g, (whole, key: string) => (Object.hasOwn(values, key) ? String(values[key]) : whole));
}

export type SlackText = { type: "mrkdwn" | "plain_text"; text: string; emoji?: boolean };
export type SlackBlock =
  | { type: "header"; text: SlackText }
  | { type: "section"; text?: SlackText; fields?: SlackText[] }
  | { type: "context"; elements: SlackText[] }
  | { type: "actions"; elements: { type: "button"; text: SlackText; url: string; action_id: string }[] };
export type SlackMessage = { text: string; blocks: SlackBlock[] };

/** Slack's limits: 3,000 characters in a section's text, 150 in a header, 2,000 in a field. */
const SECTION_MAX = 3000;
const HEADER_MAX = 150;
const FIELD_MAX = 2000;

export function escapeSlackText(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** Cuts plain text by characters (not UTF-16 units), for plain_text fields. */
function clip(text: string, max: number): string {
  const chars = Array.from(text);
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join("")}…`;
}

/**
 * Escapes character by character and stops before `max` escaped characters, so a long text never
 * exceeds Slack's limit and an entity (`&amp;`) is never cut in half. `each` maps one character.
 */
function escapeWithin(text: string, max: number, each: (char: string) => string = escapeSlackText): string {
  let out = "";
  for (const char of text) {
    const piece = each(char);
    if (out.length + piece.length > max - 1) return `${out}…`;
    out += piece;
  }
  return out;
}

export type DetractorSlackAlert = {
  score: number;
  comment: string | null;
  contactName: string | null;
  contactEmail: string;
  accountName: string;
  /** Formatted, e.g. "¥3,600,000". */
  acv: string;
  segment: Segment;
  /** `YYYY-MM-DD`, or null when the CRM does not know it. */
  renewalDate: string | null;
  /** The case when one was opened, else the account. */
  consoleUrl: string;
  linkLabel: "Open the case" | "Open the account";
};

/** The alert in the team's Slack language (English unless chosen otherwise). */
export function detractorSlackMessage(alert: DetractorSlackAlert, language: Language = "en"): SlackMessage {
  const words = SLACK_WORDS[language];
  // English keeps the ISO date it always showed; Japanese reads 2026年6月30日.
  const renewal = alert.renewalDate === null ? words.renewalUnknown : language === "ja" ? createFormatter(language).day(alert.renewalDate) : alert.renewalDate;
  const who = contactLabel(alert.contactName, alert.contactEmail);
  const field = (label: string, value: string): SlackText => ({ type: "mrkdwn", text: `*${label}*\n${escapeWithin(value, FIELD_MAX - label.length - 3)}` });
  const comment = alert.comment?.trim()
    ? // A quote mark on every line, so a multi-line comment stays one quote block.
      `>${escapeWithin(alert.comment.trim(), SECTION_MAX - 1, (char) => (char === "\n" ? "\n>" : escapeSlackText(char)))}`
    : `_${words.noComment}_`;
  return {
    // The notification and screen-reader text; the blocks are what the channel shows.
    text: fill(words.summary, { account: escapeWithin(alert.accountName, SECTION_MAX - 30), score: alert.score }),
    blocks: [
      {
        type: "header",
        text: { type: "plain_text", text: clip(fill(words.header, { account: alert.accountName, score: alert.score }), HEADER_MAX), emoji: false },
      },
      {
        type: "section",
        fields: [
          field(words.score, fill(words.scoreValue, { score: alert.score })),
          field(words.contact, who),
          field(words.account, alert.accountName),
          field(words.acv, alert.acv),
          field(words.segment, words.segments[alert.segment]),
          field(words.renewal, renewal),
        ],
      },
      { type: "section", text: { type: "mrkdwn", text: comment } },
      {
        type: "actions",
        elements: [
          {
            type: "button",
            text: { type: "plain_text", text: alert.linkLabel === "Open the case" ? words.openCase : words.openAccount },
            url: alert.consoleUrl,
            action_id: "open-in-kizuna",
          },
        ],
      },
    ],
  };
}

/** What "Send test message" posts: proof the URL works, saying who asked. */
export function slackTestMessage(requestedBy: string, language: Language = "en"): SlackMessage {
  const text = fill(SLACK_WORDS[language].test, { name: escapeSlackText(requestedBy) });
  return { text, blocks: [{ type: "section", text: { type: "mrkdwn", text } }] };
}

/**
 * How to treat Slack's answer to a POST: 2xx is delivered; 429 and 5xx are worth another try
 * later; any other 4xx means the webhook is wrong (revoked, channel gone) and retrying will not help.
 */
export function slackOutcome(status: number): "delivered" | "retry" | "rejected" {
  if (status >= 200 && status < 300) return "delivered";
  if (status === 429 || status >= 500) return "retry";
  return "rejected";
}
