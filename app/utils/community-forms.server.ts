import { z } from "zod";
import { TOPIC_MODERATION_INTENTS, TopicModerationForm, type TopicModerationInput } from "../domain/community-moderation-forms";
import { refusalOfIssue } from "../domain/field-message";
import { errorMessage, ServiceError } from "../domain/service-error";
import type { Language } from "../locales";
import { guidelinesRedirect } from "./community-access.server";

/**
 * The community pages' forms, validated on the server only (the pages hydrate no React, so zod
 * stays out of the browser). The shapes are checked here; what a title or a post may hold is the
 * services' rule (community-rules), refused with a code and the field it is about.
 */
const text = (max: number) => z.string().max(max).default("");
const id = z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER);

/** `/community/t/:id`: a reply (no intent), an action on a post, an edit or a delete. */
export const TopicActionForm = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("reply"), body: text(100_000), replyTo: id.optional() }),
  z.object({ intent: z.enum(["like", "unlike", "accept", "delete"]), postId: id }),
  z.object({ intent: z.literal("unaccept"), postId: id.optional() }),
  z.object({ intent: z.literal("edit"), postId: id, body: text(100_000), title: z.string().max(2_000).optional() }),
  // A flag is checked by the moderation service (reason, note); idea votes come with the ideas board.
  z.object({ intent: z.literal("flag"), postId: id, reason: text(40), note: z.string().max(2_000).optional() }),
  z.object({ intent: z.enum(["vote", "unvote"]) }),
]);

export function parseTopicAction(formData: FormData) {
  const entries = Object.fromEntries([...formData.entries()].filter(([, value]) => typeof value === "string" && value !== ""));
  return TopicActionForm.safeParse({ intent: "reply", ...entries });
}

/** Whether the topic page's POST is one of its moderation forms (`intent=lock|unlock|pin|move|merge|split`). */
export function isTopicModeration(formData: FormData): boolean {
  const intent = formData.get("intent");
  return typeof intent === "string" && (TOPIC_MODERATION_INTENTS as readonly string[]).includes(intent);
}

/** A moderation form of the topic page, or its first problem as a 400 refusal (with the field it is about). */
export function parseTopicModeration(formData: FormData): TopicModerationInput {
  const entries = Object.fromEntries([...formData.entries()].filter(([key, value]) => key !== "postIds" && typeof value === "string" && value !== ""));
  const postIds = formData.getAll("postIds").filter((value) => typeof value === "string" && value !== "");
  const parsed = TopicModerationForm.safeParse({ ...entries, ...(postIds.length ? { postIds } : {}) });
  if (!parsed.success) throw refusalOfIssue(parsed.error.issues[0]);
  return parsed.data;
}

/** `/community/new`: publish, or show the preview step. */
export const NewTopicForm = z.object({
  intent: z.enum(["publish", "preview"]).default("publish"),
  title: text(2_000),
  body: text(100_000),
  category: text(100),
  /** An idea's "problem it solves" (shown for ideas categories). */
  problem: text(5_000),
});

/** `/community/profile`. */
export const ProfileForm = z.object({
  displayName: text(500),
  title: text(500),
  showCompany: z.literal("on").optional(),
  language: text(10),
});

export function formValues(formData: FormData): Record<string, string> {
  return Object.fromEntries([...formData.entries()].filter((entry): entry is [string, string] => typeof entry[1] === "string"));
}

export type CommunityRefusal = { status: number; message: string; field: string | null };

/**
 * What a community service refused, worded for the reader. A member who has not accepted the
 * guidelines is sent to read them and comes back to `backTo`; anything that is not a refusal is a bug.
 */
export function communityRefusal(error: unknown, language: Language, backTo: string): CommunityRefusal {
  if (!(error instanceof ServiceError)) throw error;
  if (error.code === "communityGuidelines") throw guidelinesRedirect(backTo);
  if (error.code === "communityNotFound") throw new Response(errorMessage(error.code, {}, language), { status: 404 });
  return { status: error.status, message: errorMessage(error.code, error.params, language), field: error.field ?? null };
}
