import { render } from "@react-email/render";
import { createInstance, type i18n } from "i18next";
import { createElement } from "react";
import { z } from "zod";
import type { Db } from "../../db/client";
import { emailTemplates, type EmailChrome, type EmailDefinition, type EmailPropsOf, type EmailT, type EmailTemplateName } from "../../emails";
import { i18nConfig } from "../i18n";
import { LANGUAGES, type Language } from "../locales";
import { preparedOn, transaction } from "./db.server";
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

const EmailToQueue = z.object({
  template: z.string().min(1),
  to: z.email(),
  subject: z.string().trim().min(1).max(998),
  html: z.string().min(1),
  text: z.string().min(1),
  locale: z.enum(LANGUAGES),
  contactId: z.number().int().positive().nullish(),
  replyTo: z.email().nullish(),
  headers: z.record(z.string().regex(/^[A-Za-z0-9-]+$/, "header names are letters, digits and '-'"), z.string()).optional(),
  tags: z
    .array(z.object({ name: tagPart, value: tagPart }))
    .max(10)
    .optional(),
});

export type EmailToQueue = z.input<typeof EmailToQueue>;

/**
 * Writes one email into the outbox with the caller's transaction handle, so it commits (or
 * rolls back) with the business change that caused it. Synchronous on purpose: it runs inside
 * `transaction()`. The worker delivers it; returns the outbox id.
 */
const INSERT_OUTBOX = `INSERT INTO outbox (template, to_email, from_email, reply_to, subject, html, text, headers, tags, locale, contact_id, status, next_attempt_at, created_at)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'queued', ?, ?) RETURNING id`;

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
    parsed.html,
    parsed.text,
    JSON.stringify(parsed.headers ?? {}),
    JSON.stringify(tags),
    parsed.locale,
    parsed.contactId ?? null,
    now,
    now,
  ) as { id: number };
  return row.id;
}

export type SendEmailOptions = Omit<EmailToQueue, "template" | "subject" | "html" | "text" | "locale"> & { locale: Language };

/**
 * Renders a template and queues it. Rendering is async, so it happens before any transaction
 * opens; the row is then written in its own transaction, or with `tx` when given (a handle that
 * is still usable after an `await`, i.e. not one from inside a `transaction()` callback).
 * To commit an email with a business change, call `renderEmail` first and `enqueueEmail`
 * inside that change's transaction.
 */
export async function sendEmail<Name extends EmailTemplateName>(
  template: Name,
  props: EmailPropsOf<Name>,
  options: SendEmailOptions,
  tx?: Db,
): Promise<number> {
  const rendered = await renderEmail(template, props, options.locale);
  const email = { ...options, ...rendered, template };
  return tx ? enqueueEmail(tx, email) : transaction((t) => enqueueEmail(t, email));
}
