import { z } from "zod";
import type { TrustLevel } from "../../db/schema/community";
import { TRUST_ORDER } from "./trust-levels";

/*
 * The posting rules of the community, as pure functions: what a member may post, what waits for a
 * moderator, and what is refused. The limits are admin settings (`communityRules`); the service
 * (app/services/community-posting-rules.server.ts) reads the member's recent posts and calls `judgePost`.
 *
 * Blocked words hold a post for a moderator rather than refuse it: a word list matched without
 * word boundaries (Japanese has none) catches innocent posts too (a blocked word inside a longer,
 * harmless one), and a moderator reads the context in seconds, while a refused author would only
 * rephrase around the list. Limits a member can fix themselves (too many links, mentions, an
 * image) are refused with the limit named, so they can edit and post again.
 */

const count = z.number().int().min(0).max(10_000);

export const TrustLimits = z.object({
  /** Posts (topics and replies) in any 60 minutes. */
  postsPerHour: count.min(1),
  linksPerPost: count,
  mentionsPerPost: count,
  images: z.boolean(),
});
export type TrustLimits = z.infer<typeof TrustLimits>;

const wordList = z.array(z.string().trim().min(1).max(100)).max(500);

export const CommunityRules = z.object({
  /** Hold a new member's first post for a moderator (off by default: the public contract). */
  holdFirstPosts: z.boolean(),
  /** A `new` member's post with at least this many links waits for a moderator (0: never). */
  newMemberHoldLinks: count,
  limits: z.object({ new: TrustLimits, basic: TrustLimits, member: TrustLimits, regular: TrustLimits }),
  /** Words that hold a post: English ones match whole words, Japanese ones anywhere in the text. */
  blockedWords: z.object({ en: wordList, ja: wordList }),
});
export type CommunityRules = z.infer<typeof CommunityRules>;

export const DEFAULT_COMMUNITY_RULES: CommunityRules = {
  holdFirstPosts: false,
  newMemberHoldLinks: 2,
  limits: {
    new: { postsPerHour: 5, linksPerPost: 5, mentionsPerPost: 2, images: false },
    basic: { postsPerHour: 20, linksPerPost: 10, mentionsPerPost: 5, images: true },
    member: { postsPerHour: 60, linksPerPost: 20, mentionsPerPost: 10, images: true },
    regular: { postsPerHour: 120, linksPerPost: 50, mentionsPerPost: 20, images: true },
  },
  blockedWords: { en: [], ja: [] },
};

/** Why a post waits for a moderator; stored on the post (`heldReasons`) and shown in the queue. */
export const HOLD_REASONS = ["first_post", "new_member_links", "blocked_words"] as const;
export type HoldReason = (typeof HOLD_REASONS)[number];

/** An edit is judged by its content only: it adds no post to the hourly count and is nobody's first post. */
export type PostDraft = { kind: "topic" | "reply" | "edit"; title?: string; source: string };

export type PostContent = { links: number; mentions: number; images: number };

/** Code is not prose: a URL or `@name` shown in a code block neither links nor mentions. */
function withoutCode(source: string): string {
  return source.replace(/```[\s\S]*?(```|$)|~~~[\s\S]*?(~~~|$)/g, " ").replace(/`[^`\n]*`/g, " ");
}

/**
 * Links, mentions and images in a post. Links and images are read from the rendered HTML (what a
 * reader gets: autolinked bare addresses, reference links), counting only absolute addresses so a
 * mention's profile link is not a link; mentions are distinct `@handle`s outside code.
 */
export function postContent(source: string, html: string): PostContent {
  const links = html.match(/<a\s[^>]*href="(?:https?:|mailto:)/gi)?.length ?? 0;
  const images = html.match(/<img\s/gi)?.length ?? 0;
  const handles = new Set<string>();
  for (const m of withoutCode(source).matchAll(/(^|[^\p{L}\p{N}_@.])@([a-z0-9][a-z0-9_-]{1,29})/giu)) handles.add(m[2].toLowerCase());
  return { links, mentions: handles.size, images };
}

/** Both the text and the list words are folded the same way: full-width Latin, half-width kana, case and doubled spaces do not hide a word. */
function fold(text: string): string {
  return text.normalize("NFKC").toLowerCase().replace(/\s+/g, " ");
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/**
 * The blocked words found in a text. English words match as whole words (so "ass" does not catch
 * "class"); Japanese words match anywhere, since Japanese writes no spaces between words.
 */
export function findBlockedWords(text: string, lists: CommunityRules["blockedWords"]): string[] {
  const folded = fold(text);
  const found: string[] = [];
  for (const word of lists.en) {
    const w = fold(word);
    if (new RegExp(`(?<![\\p{L}\\p{N}])${escapeRegExp(w)}(?![\\p{L}\\p{N}])`, "u").test(folded)) found.push(word);
  }
  for (const word of lists.ja) if (folded.includes(fold(word))) found.push(word);
  return [...new Set(found)];
}

export type PosterFacts = {
  trustLevel: TrustLevel;
  /** Staff post under no rule: they run the community. */
  isStaff: boolean;
  suspendedUntil: number | null;
  /** Whether the member has never written a post before (any state). */
  isFirstPost: boolean;
  /** Times of the member's posts in the last 60 minutes (any state). */
  recentPostTimes: number[];
};

export type PostingJudgement =
  | { state: "published" | "held"; reasons: HoldReason[]; blockedWords: string[] }
  | { refused: "suspended"; until: number }
  | { refused: "rateLimited"; limit: number; retryAfterMinutes: number }
  | { refused: "tooManyLinks" | "tooManyMentions"; limit: number; found: number }
  | { refused: "noImages"; level: TrustLevel };

export const HOUR_MS = 3600_000;

/** The posting rules, in order: suspension, the hourly rate, the per-post limits of the member's trust level, then what holds a post. */
export function judgePost(facts: PosterFacts, draft: PostDraft, content: PostContent, rules: CommunityRules, now: number): PostingJudgement {
  if (facts.isStaff) return { state: "published", reasons: [], blockedWords: [] };
  if (facts.suspendedUntil !== null && facts.suspendedUntil > now) return { refused: "suspended", until: facts.suspendedUntil };
  const level = TRUST_ORDER.includes(facts.trustLevel) ? facts.trustLevel : "new";
  const limits = rules.limits[level];
  const recent = facts.recentPostTimes.filter((at) => at > now - HOUR_MS).sort((a, b) => a - b);
  if (draft.kind !== "edit" && recent.length >= limits.postsPerHour) {
    // The window frees a slot when the oldest post in it turns an hour old.
    const freeAt = recent[recent.length - limits.postsPerHour] + HOUR_MS;
    return { refused: "rateLimited", limit: limits.postsPerHour, retryAfterMinutes: Math.max(1, Math.ceil((freeAt - now) / 60_000)) };
  }
  if (content.links > limits.linksPerPost) return { refused: "tooManyLinks", limit: limits.linksPerPost, found: content.links };
  if (content.mentions > limits.mentionsPerPost) return { refused: "tooManyMentions", limit: limits.mentionsPerPost, found: content.mentions };
  if (content.images > 0 && !limits.images) return { refused: "noImages", level };

  const reasons: HoldReason[] = [];
  if (rules.holdFirstPosts && facts.isFirstPost && draft.kind !== "edit") reasons.push("first_post");
  if (level === "new" && rules.newMemberHoldLinks > 0 && content.links >= rules.newMemberHoldLinks) reasons.push("new_member_links");
  const blockedWords = findBlockedWords(`${draft.title ?? ""}\n${draft.source}`, rules.blockedWords);
  if (blockedWords.length > 0) reasons.push("blocked_words");
  return { state: reasons.length > 0 ? "held" : "published", reasons, blockedWords };
}

/** What a held post stores in `heldReasons`: the reason codes, and each blocked word found as `blocked_words:<word>`. */
export function heldReasonEntries(judgement: { reasons: HoldReason[]; blockedWords: string[] }): string[] {
  return [...judgement.reasons.filter((r) => r !== "blocked_words"), ...judgement.blockedWords.map((w) => `blocked_words:${w}`)];
}

/** The reasons and blocked words read back from a post's `heldReasons` (unknown entries are skipped). */
export function readHeldReasons(entries: readonly string[] | null): { reasons: HoldReason[]; blockedWords: string[] } {
  const reasons = new Set<HoldReason>();
  const blockedWords: string[] = [];
  for (const entry of entries ?? []) {
    if (entry.startsWith("blocked_words:")) {
      reasons.add("blocked_words");
      blockedWords.push(entry.slice("blocked_words:".length));
    } else if ((HOLD_REASONS as readonly string[]).includes(entry)) reasons.add(entry as HoldReason);
  }
  return { reasons: HOLD_REASONS.filter((r) => reasons.has(r)), blockedWords };
}
