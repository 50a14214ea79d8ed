import { z } from "zod";
import type { FlagReason } from "../../db/schema/community";
import { fieldMessage } from "./field-message";

/*
 * The forms of community moderation, one schema each, shared by the pages that post them and the
 * services (DESIGN rule 13). The topic page's flag form posts `intent=flag` with `postId`,
 * `reason` (one of FLAG_REASONS) and an optional `note`.
 */

/** Why a member flags a post (the schema's `FLAG_REASONS`; `other` asks for a note). */
export const FLAG_REASON_CHOICES = ["spam", "inappropriate", "off_topic", "other"] as const satisfies readonly FlagReason[];

const id = z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER);
const text = (max: number) => z.string().trim().min(1, fieldMessage("communityRequired")).max(max, fieldMessage("communityTooLong", { max }));

export const FlagPostForm = z
  .object({
    postId: id,
    reason: z.enum(FLAG_REASON_CHOICES, fieldMessage("communityFlagReason")),
    note: z
      .string()
      .trim()
      .max(500, fieldMessage("communityTooLong", { max: 500 }))
      .optional(),
  })
  .superRefine((value, ctx) => {
    // "Other" says nothing by itself: the moderator needs the member's words.
    if (value.reason === "other" && !value.note) ctx.addIssue({ code: "custom", path: ["note"], message: fieldMessage("communityFlagNote") });
  });
export type FlagPostInput = z.infer<typeof FlagPostForm>;

/** The reason a hidden post's author reads. */
export const HidePostForm = z.object({ postId: id, reason: text(500) });
export const PostIdForm = z.object({ postId: id });
export const ResolveFlagsForm = z.object({
  postId: id,
  outcome: z.enum(["agree", "disagree"]),
  /** Required when agreeing: the post is hidden and its author reads why. */
  reason: z
    .string()
    .trim()
    .max(500, fieldMessage("communityTooLong", { max: 500 }))
    .optional(),
});

export const TopicIdForm = z.object({ topicId: id });
export const LockTopicForm = z.object({ topicId: id, locked: z.enum(["true", "false"]).transform((v) => v === "true") });
export const PIN_SCOPES = ["none", "category", "global"] as const;
export const PinTopicForm = z.object({ topicId: id, pin: z.enum(PIN_SCOPES) });
export const MoveTopicForm = z.object({ topicId: id, categoryId: id });
export const MergeTopicsForm = z.object({ topicId: id, intoTopicId: id });
export const SplitTopicForm = z.object({
  topicId: id,
  postIds: z.array(id).min(1, fieldMessage("communitySplitNothing")).max(500),
  title: text(200),
  categoryId: id.optional(),
});

/**
 * The topic a moderator names to merge into: its number ("123" or "#123") or its address as the
 * browser shows it (`https://…/community/t/123/slug`, or the path alone). Null for anything else.
 */
export function topicIdOfReference(reference: string): number | null {
  const text = reference.trim();
  const bare = /^#?([1-9]\d{0,15})$/.exec(text);
  if (bare) return Number(bare[1]);
  let path: string;
  try {
    path = new URL(text, "http://community.invalid").pathname;
  } catch {
    return null;
  }
  const match = /^\/community\/t\/([1-9]\d{0,15})(?:\/[^/]*)?\/?$/.exec(path);
  return match ? Number(match[1]) : null;
}

/**
 * The moderation forms of the topic page (`/community/t/:id`), each posting its `intent` to the
 * topic's URL: lock, unlock, pin (`pin`), move (`categoryId`), merge (`into`: the other topic's
 * number or address) and split (`postIds`, one per ticked reply, `title`, `categoryId`).
 */
/** An id picked from the page (a select's option, a ticked reply): anything else reads as nothing chosen. */
const choice = (message: string) => z.coerce.number({ error: message }).int(message).positive(message).max(Number.MAX_SAFE_INTEGER, message);
const categoryChoice = choice(fieldMessage("communityCategoryUnknown"));
const SPLIT_NOTHING = fieldMessage("communitySplitNothing");
export const TOPIC_MODERATION_INTENTS = ["lock", "unlock", "pin", "move", "merge", "split"] as const;
export type TopicModerationIntent = (typeof TOPIC_MODERATION_INTENTS)[number];
export const TopicModerationForm = z.discriminatedUnion("intent", [
  z.object({ intent: z.enum(["lock", "unlock"]) }),
  z.object({ intent: z.literal("pin"), pin: z.enum(PIN_SCOPES, fieldMessage("communityPinScope")) }),
  z.object({ intent: z.literal("move"), categoryId: categoryChoice }),
  z.object({
    intent: z.literal("merge"),
    into: z
      .string()
      .max(2_000)
      .default("")
      .transform((text, ctx) => {
        const topicId = topicIdOfReference(text);
        if (topicId === null) ctx.addIssue({ code: "custom", message: fieldMessage("communityMergeTarget") });
        return topicId ?? 0;
      }),
  }),
  z.object({
    intent: z.literal("split"),
    postIds: z.array(choice(SPLIT_NOTHING), SPLIT_NOTHING).min(1, SPLIT_NOTHING).max(500),
    title: text(200),
    categoryId: categoryChoice.optional(),
  }),
]);
export type TopicModerationInput = z.infer<typeof TopicModerationForm>;

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, fieldMessage("communityDate"));
/** Suspended until the end of `until` (a day on the team's calendar), with a reason the member reads. */
export const SuspendMemberForm = z.object({ memberId: id, until: day, reason: text(500) });
export const MemberIdForm = z.object({ memberId: id });

const limit = (min: number) => {
  const message = fieldMessage("communityWholeNumber", { min, max: 10_000 });
  // An empty field is a missing limit, not 0 (which z.coerce would make of it).
  return z.preprocess(
    (v) => (typeof v === "string" && v.trim() === "" ? undefined : v),
    z.coerce.number({ message }).int(message).min(min, message).max(10_000, message),
  );
};
const checkbox = z
  .enum(["on", "true"])
  .optional()
  .transform((v) => v !== undefined);
/** One word a line; blank lines and doubles dropped. */
const words = z
  .string()
  .max(60_000)
  .optional()
  .transform((text) => [
    ...new Set(
      (text ?? "")
        .split(/\r?\n/)
        .map((w) => w.trim())
        .filter(Boolean),
    ),
  ])
  .refine((list) => list.length <= 500 && list.every((w) => w.length <= 100), fieldMessage("communityWordList", { max: 500 }));

const levelLimits = z.object({ postsPerHour: limit(1), linksPerPost: limit(0), mentionsPerPost: limit(0), images: checkbox });

/**
 * The admin's posting-rules form (`/cs/community/rules`): holding on or off, a new member's link
 * count that holds a post, the limits of each trust level as `<level>.<limit>` fields (conform
 * reads the dotted names as one object a level), and the blocked words one a line. Parses into
 * the `communityRules` setting.
 */
export const CommunityRulesForm = z
  .object({
    holdFirstPosts: checkbox,
    newMemberHoldLinks: limit(0),
    blockedEn: words,
    blockedJa: words,
    new: levelLimits,
    basic: levelLimits,
    member: levelLimits,
    regular: levelLimits,
  })
  .transform((v) => ({
    holdFirstPosts: v.holdFirstPosts,
    newMemberHoldLinks: v.newMemberHoldLinks,
    limits: { new: v.new, basic: v.basic, member: v.member, regular: v.regular },
    blockedWords: { en: v.blockedEn, ja: v.blockedJa },
  }));

/**
 * The moderation queue's forms, one schema for the page's action: each button posts its `intent`
 * with the fields that action needs (`reason` when agreeing with flags: the author reads it).
 */
export const ModerationQueueForm = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("agree"), postId: id, reason: text(500) }),
  z.object({ intent: z.literal("disagree"), postId: id }),
  z.object({ intent: z.literal("hide"), postId: id, reason: text(500) }),
  z.object({ intent: z.enum(["unhide", "delete", "approve", "reject"]), postId: id }),
  z.object({ intent: z.literal("suspend"), memberId: id, until: day, reason: text(500) }),
  z.object({ intent: z.literal("lift"), memberId: id }),
]);
export type ModerationQueueInput = z.infer<typeof ModerationQueueForm>;
