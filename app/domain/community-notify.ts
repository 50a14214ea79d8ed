/**
 * Who hears of a new community post, and how (pure; the fan-out job in
 * app/services/community-notify.server.ts loads the facts and writes the rows).
 */
import type { CommunityEmailKind, EmailFrequency, NotificationKind, WatchLevel } from "../../db/schema/community-notifications";

/** A post addresses its reader in this order: the strongest reason is the one notification they get. */
const PRECEDENCE: NotificationKind[] = ["mention", "reply_to_post", "reply_to_topic", "watched_topic"];

export type Candidate = { memberId: number; kind: NotificationKind };

/**
 * One kind per member for one post: a member both mentioned and watching gets the mention only,
 * so the unique (recipient, kind, post) row stands for the whole event.
 */
export function strongestPerMember(candidates: Candidate[]): Map<number, NotificationKind> {
  const out = new Map<number, NotificationKind>();
  for (const { memberId, kind } of candidates) {
    const held = out.get(memberId);
    if (held === undefined || PRECEDENCE.indexOf(kind) < PRECEDENCE.indexOf(held)) out.set(memberId, kind);
  }
  return out;
}

/**
 * Who a new post addresses, with their strongest reason: the topic's author (a reply), the author
 * of the post replied to, the members mentioned, the watchers. Never the post's own author.
 */
export function postRecipients(input: {
  authorId: number;
  postNumber: number;
  topicAuthorId: number;
  repliedToAuthorId: number | null;
  mentionedIds: readonly number[];
  watcherIds: readonly number[];
}): Map<number, NotificationKind> {
  const candidates: Candidate[] = [];
  if (input.postNumber > 1) candidates.push({ memberId: input.topicAuthorId, kind: "reply_to_topic" });
  if (input.repliedToAuthorId !== null) candidates.push({ memberId: input.repliedToAuthorId, kind: "reply_to_post" });
  for (const memberId of input.mentionedIds) candidates.push({ memberId, kind: "mention" });
  for (const memberId of input.watcherIds) candidates.push({ memberId, kind: "watched_topic" });
  const kinds = strongestPerMember(candidates);
  kinds.delete(input.authorId);
  return kinds;
}

/** The handles a post's edit mentions that the version before it did not (both as `mentionsIn` reads them), in order. */
export function addedMentions(before: readonly string[], after: readonly string[]): string[] {
  const known = new Set(before.map((handle) => handle.toLowerCase()));
  return after.filter((handle) => !known.has(handle.toLowerCase()));
}

/**
 * A topic's own level wins over its category's; neither means the default, tracking (Discourse's
 * "normal": replies to you and mentions, no email for every post). Watching a topic is what
 * authors and repliers get on their own (see the seam in app/services/community-notify.server.ts).
 */
export function effectiveLevel(topicLevel: WatchLevel | null, categoryLevel: WatchLevel | null): WatchLevel {
  return topicLevel ?? categoryLevel ?? "tracking";
}

/**
 * Likes group Discourse-style: one notification per liked post, which counts every like there
 * is now (so a re-run counts nothing twice), names the latest liker and turns unread again.
 */
export function groupedLike(likesOnPost: number, latestLikerId: number): { count: number; actorId: number } {
  return { count: Math.max(1, likesOnPost), actorId: latestLikerId };
}

/** What happens to a new notification's email, from the member's choice and what they stopped. */
export function emailPlan(frequency: EmailFrequency, kind: NotificationKind, stopped: ReadonlySet<CommunityEmailKind>): "instant" | "digest" | "none" {
  if (frequency === "off" || stopped.has(kind)) return "none";
  if (frequency === "instant") return "instant";
  return stopped.has("digest") ? "none" : "digest";
}

/** A post's text as an email shows it: Markdown left as typed, whitespace folded, cut at `max` characters. */
export function excerpt(source: string, max = 280): string {
  const text = source.replace(/\s+/g, " ").trim();
  if (text.length <= max) return text;
  return `${[...text]
    .slice(0, max - 1)
    .join("")
    .trimEnd()}…`;
}

/*
 * The choices as the forms offer them (pages may not import the schema): the same lists as
 * db/schema/community-notifications.ts, which a unit test keeps equal.
 */
export const EMAIL_FREQUENCY_CHOICES = ["instant", "daily", "off"] as const satisfies readonly EmailFrequency[];
export const EMAIL_KIND_CHOICES = [
  "reply_to_topic",
  "reply_to_post",
  "mention",
  "answer_accepted",
  "like",
  "watched_topic",
  "idea_status",
  "digest",
] as const satisfies readonly CommunityEmailKind[];
export const WATCH_LEVEL_CHOICES = ["watching", "tracking", "muted"] as const satisfies readonly WatchLevel[];
