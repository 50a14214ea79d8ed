import { z } from "zod";
import { EMAIL_FREQUENCY_CHOICES, EMAIL_KIND_CHOICES, WATCH_LEVEL_CHOICES } from "./community-notify";

/*
 * The community notification forms, one schema each, shared by the pages and their actions.
 * Customer pages are plain HTML forms: every field arrives as a string.
 */

const id = z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER);

/** `/community/notifications`: mark one read, or all. */
export const MarkReadForm = z.discriminatedUnion("intent", [z.object({ intent: z.literal("read"), id }), z.object({ intent: z.literal("readAll") })]);

/** `/community/notifications?page=`: a page number, 1 when absent or nonsense is refused by the page as a 400. */
export const NotificationsQuery = z.object({ page: z.coerce.number().int().min(1).max(10_000).default(1) });

/** `/community/preferences`, the email part: a frequency and the kinds left checked. */
export const EmailPreferencesForm = z.object({
  intent: z.literal("email"),
  frequency: z.enum(EMAIL_FREQUENCY_CHOICES),
  kinds: z.array(z.enum(EMAIL_KIND_CHOICES)).max(EMAIL_KIND_CHOICES.length).default([]),
});

/** A watch level on one topic or one category, from the preferences page or the small form on topic and category pages. */
export const WatchForm = z.object({
  intent: z.literal("watch"),
  target: z.enum(["topic", "category"]),
  id,
  level: z.enum(WATCH_LEVEL_CHOICES),
  redirectTo: z.string().max(500).optional(),
});

/** The one-click unsubscribe page's own button (the RFC 8058 POST carries `List-Unsubscribe=One-Click` instead). */
export const UnsubscribeForm = z.object({ intent: z.literal("unsubscribe") });
