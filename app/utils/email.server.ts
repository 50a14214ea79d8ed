import { render } from "@react-email/render";
import { createInstance, type i18n } from "i18next";
import { createElement } from "react";
import { z } from "zod";
import type { Db } from "../../db/client";
import { emailTemplates, type EmailChrome, type EmailDefinition, type EmailPropsOf, type EmailT, type EmailTemplateName } from "../../emails";
import { i18nConfig } from "../i18n";
import type { BodyTemplate } from "../domain/email-body-template";
import { holdsLinkToken } from "../domain/email-links";
import { hasControlCharacters, ONE_LINE_MESSAGE } from "../domain/header-text";
import { LANGUAGES, type Language } from "../locales";
import { sha256 } from "./crypto.server";
import { preparedOn } from "./db.server";
import { linkTokens } from "./email-links.server";
import { env } from "./env.server";

export type RenderedEmail = { subject: string; html: string; text: string };

const translators = new Map<Language, Promise<i18n>>();

function emailInstance(locale: Language): Promise<i18n> {
  let instance = translators.get(locale);
  if (!instance) {
    const created = createInstance();
    instance = created.init({ ...i18nConfig, lng: locale, ns: ["email"], defaultNS: "email" }).then(() => created);
    translators.set(locale, instance);
  }
  return instance;
}

/**
 * A `t` for templates that refuses missing strings: an email must never go out showing a raw
 * key such as `magicLink.heading`, so a gap in a language fails the render (and the tests).
 */
async function emailT(locale: Language): Promise<EmailT> {
  const instance = await emailInstance(locale);
  return (key, values) => {
    if (!instance.exists(key, values)) throw new Error(`The email string "${key}" is missing in "${locale}" (app/locales/${locale}/email.ts).`);
    return instance.t(key, values) as string;
  };
}

/** Renders a template in a language: the subject, the HTML part and the plain-text part. */
export async function renderEmail<Name extends EmailTemplateName>(template: Name, props: EmailPropsOf<Name>, locale: Language): Promise<RenderedEmail> {
  // TypeScript cannot narrow a registry entry by a generic key; `EmailPropsOf` ties them together.
  const definition = emailTemplates[template] as unknown as EmailDefinition<EmailPropsOf<Name>>;
  const t = await emailT(locale);
  const element = createElement(definition.Component, { ...(props as object), locale, t } as EmailPropsOf<Name> & EmailChrome);
  const [html, text] = await Promise.all([render(element), render(element, { plainText: true })]);
  return { subject: definition.subject(props, t), html, text };
}

// Resend accepts tag names and values of ASCII letters, digits, underscores and dashes.
const tagPart = z.string().regex(/^[A-Za-z0-9_-]{1,256}$/, "use letters, digits, '_' or '-' (at most 256)");

/**
 * What goes into a header (subject, addresses, header values) must be one line: a CR or LF
 * would let a name or a product name add headers of its own. The forms refuse these first; this
 * is the outbox's own check, so nothing that slips past them is written.
 */
const headerText = (what: string) => z.string().refine((value) => !hasControlCharacters(value), `${what} ${ONE_LINE_MESSAGE}`);

const OutboxLinksSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("sign-in"), salt: z.string().regex(/^[A-Za-z0-9_-]{16,}$/) }),
  z.object({ kind: z.literal("join"), salt: z.string().regex(/^[A-Za-z0-9_-]{16,}$/) }),
  z.object({ kind: z.literal("invitation"), campaignId: z.number().int().positive(), contactId: z.number().int().positive() }),
  z.object({ kind: z.literal("community-unsubscribe"), memberId: z.number().int().positive(), emailKind: z.string().regex(/^[a-z_]{1,40}$/) }),
  z.object({ kind: z.literal("meetup"), registrationId: z.number().int().positive() }),
  z.object({ kind: z.literal("onboarding-unsubscribe"), contactId: z.number().int().positive() }),
]);

const EmailToQueue = z
  .object({
    template: z.string().min(1),
    to: z.email().pipe(headerText("The address")),
    subject: headerText("The subject").pipe(z.string().trim().min(1).max(998)),
    /** The body, written out; or `body`: a shared template and this email's values for its slots. */
    html: z.string().min(1).optional(),
    text: z.string().min(1).optional(),
    body: z.object({ templateId: z.number().int().positive(), values: z.record(z.string().regex(/^[A-Z0-9]{8,}$/), z.string()) }).optional(),
    locale: z.enum(LANGUAGES),
    contactId: z.number().int().positive().nullish(),
    replyTo: z.email().pipe(headerText("The reply-to address")).nullish(),
    headers: z.record(z.string().regex(/^[A-Za-z0-9-]+$/, "header names are letters, digits and '-'"), headerText("A header value")).optional(),
    tags: z
      .array(z.object({ name: tagPart, value: tagPart }))
      .max(10)
      .optional(),
    /** How the worker mints the tokens of the email's links; the body holds slots (app/domain/email-links.ts). */
    links: OutboxLinksSchema.nullish(),
  })
  .superRefine((email, ctx) => {
    if ((email.body === undefined) === (email.html === undefined || email.text === undefined)) {
      ctx.addIssue({ code: "custom", path: ["body"], message: "An email has either its HTML and text or a shared body template, not both." });
      return;
    }
    // A working link must never be written down: tokens go in as slots, filled at send time.
    // An email with slots must not hold the tokens they stand for (a literal search, cheap for a
    // wave's 100,000 rows); any other must hold nothing shaped like a token in one of our links.
    // A shared template was checked when it was stored: only this email's values are new.
    const written = email.body ? Object.values(email.body.values) : [email.html ?? "", email.text ?? ""];
    const parts = [...written, ...Object.values(email.headers ?? {})];
    const tokens = email.links ? Object.values(linkTokens(email.links)) : [];
    const leaks = email.links ? parts.some((part) => tokens.some((token) => part.includes(token))) : parts.some((part) => holdsLinkToken(part));
    if (leaks) {
      ctx.addIssue({
        code: "custom",
        path: ["html"],
        message: "The email holds a working sign-in, survey or unsubscribe link: put a link slot where its token goes.",
      });
    }
  });

export type EmailToQueue = z.input<typeof EmailToQueue>;

/**
 * Writes one email into the outbox with the caller's transaction handle, so it commits (or
 * rolls back) with the business change that caused it. Synchronous on purpose: it runs inside
 * `transaction()`. The worker delivers it; returns the outbox id.
 */
const INSERT_OUTBOX = `INSERT INTO outbox (template, to_email, from_email, reply_to, subject, headers, tags, links, locale, contact_id, status, next_attempt_at, created_at)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'queued', ?, ?) RETURNING id`;
// The body has a row of its own (outbox_bodies), so the worker's updates of the outbox row stay small;
// an email of a wave keeps only its values for the wave's shared template (outbox_fills).
const INSERT_OUTBOX_BODY = `INSERT INTO outbox_bodies (outbox_id, html, text) VALUES (?, ?, ?)`;
const INSERT_OUTBOX_FILLS = `INSERT INTO outbox_fills (outbox_id, template_id, "values") VALUES (?, ?, ?)`;

export function enqueueEmail(tx: Db, email: EmailToQueue, now = Date.now()): number {
  const parsed = EmailToQueue.parse(email);
  const tags = parsed.tags ?? [];
  if (!tags.some((tag) => tag.name === "template")) tags.push({ name: "template", value: parsed.template.replace(/[^A-Za-z0-9_-]/g, "_") });
  const row = preparedOn(tx, INSERT_OUTBOX).get(
    parsed.template,
    parsed.to,
    env().EMAIL_FROM,
    parsed.replyTo ?? null,
    parsed.subject,
    JSON.stringify(parsed.headers ?? {}),
    JSON.stringify(tags),
    parsed.links ? JSON.stringify(parsed.links) : null,
    parsed.locale,
    parsed.contactId ?? null,
    now,
    now,
  ) as { id: number };
  if (parsed.body) preparedOn(tx, INSERT_OUTBOX_FILLS).run(row.id, parsed.body.templateId, JSON.stringify(parsed.body.values));
  else preparedOn(tx, INSERT_OUTBOX_BODY).run(row.id, parsed.html, parsed.text);
  return row.id;
}

const FIND_BODY_TEMPLATE = `SELECT id FROM outbox_templates WHERE hash = ?`;
const INSERT_BODY_TEMPLATE = `INSERT INTO outbox_templates (hash, html, text, created_at) VALUES (?, ?, ?, ?) RETURNING id`;

/**
 * Stores a body many emails will share (a wave's rendering in one language) and returns its id;
 * the same rendering is stored once, however many job runs render it. It must hold no working
 * link: its links are slots the worker fills when it sends.
 */
export function saveBodyTemplate(tx: Db, template: BodyTemplate, now = Date.now()): number {
  if (holdsLinkToken(template.html) || holdsLinkToken(template.text)) {
    throw new Error("A shared email body holds a working sign-in, survey or unsubscribe link: put a link slot where its token goes.");
  }
  const hash = sha256(`${template.html}\u0000${template.text}`);
  const found = preparedOn(tx, FIND_BODY_TEMPLATE).get(hash) as { id: number } | undefined;
  if (found) return found.id;
  return (preparedOn(tx, INSERT_BODY_TEMPLATE).get(hash, template.html, template.text, now) as { id: number }).id;
}
