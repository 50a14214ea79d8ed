import type { Segment } from "./segments";

/**
 * Who may do what in the community, written once: the services refuse with these and the pages
 * show a button only when the same rule says yes. Staff (any console role) read everything and
 * take part; the community's moderators (staff whose role holds `moderate:community:any`: CSMs
 * and admins) also edit, delete and accept on others' posts; a customer acts on their own posts
 * and their own questions. A viewer, who changes nothing in the console, moderates nothing here.
 */

export const TITLE_MIN = 5;
export const TITLE_MAX = 200;
export const BODY_MAX = 20_000;
export const DISPLAY_NAME_MAX = 60;
export const MEMBER_TITLE_MAX = 80;
/** A topic page shows this many posts at a time (the issue asks for 20–50). */
export const POSTS_PER_PAGE = 30;
/** Topics per page of a list (home, category). */
export const TOPICS_PER_PAGE = 30;

/**
 * Who is acting: their member id (null before they first take part), staff or not, whether they
 * moderate the community (staff with `moderate:community:any`), and their account's segment.
 */
export type CommunityActorFacts = { memberId: number | null; staff: boolean; moderator: boolean; segment: Segment | null };

export type CategoryRules = { kind: string; staffOnlyTopics: boolean; segments: string[] | null };

/** Staff see every category; a customer sees an open one, or a restricted one that names their account's segment. */
export function maySeeCategory(actor: Pick<CommunityActorFacts, "staff" | "segment">, category: Pick<CategoryRules, "segments">): boolean {
  if (actor.staff) return true;
  if (!category.segments || category.segments.length === 0) return true;
  return actor.segment !== null && category.segments.includes(actor.segment);
}

/** Why a topic cannot be started in a category, or null when it can. */
export function startTopicRefusal(actor: CommunityActorFacts, category: CategoryRules): "staffOnly" | "restricted" | null {
  if (!maySeeCategory(actor, category)) return "restricted";
  if (category.staffOnlyTopics && !actor.staff) return "staffOnly";
  return null;
}

/** A suspension in force at `now` (an end date in the future). */
export function isSuspended(member: { suspendedUntil: Date | null }, now: Date = new Date()): boolean {
  return member.suspendedUntil !== null && member.suspendedUntil.getTime() > now.getTime();
}

type PostFacts = { authorId: number; deletedAt: Date | null };

/** The author edits their own post; moderators edit any. Deleted posts stay as they are. */
export function mayEditPost(actor: CommunityActorFacts, post: PostFacts): boolean {
  if (post.deletedAt) return false;
  return actor.moderator || (actor.memberId !== null && actor.memberId === post.authorId);
}

/** The author or a moderator delete (softly). */
export const mayDeletePost = mayEditPost;

/** Anyone taking part likes someone else's post, once. */
export function mayLikePost(actor: CommunityActorFacts, post: PostFacts): boolean {
  return !post.deletedAt && actor.memberId !== post.authorId;
}

/** Members flag others' posts for a moderator; staff moderate directly rather than flag. */
export function mayFlagPost(actor: CommunityActorFacts, post: PostFacts): boolean {
  return !post.deletedAt && !actor.staff && actor.memberId !== post.authorId;
}

/** In a Q&A topic, the asker or a moderator choose the accepted answer among the replies. */
export function mayAcceptAnswer(
  actor: CommunityActorFacts,
  topic: { authorId: number; categoryKind: string },
  post?: PostFacts & { postNumber: number },
): boolean {
  if (topic.categoryKind !== "qa") return false;
  if (!(actor.moderator || (actor.memberId !== null && actor.memberId === topic.authorId))) return false;
  if (post && (post.postNumber === 1 || post.deletedAt)) return false;
  return true;
}

/**
 * A title's URL slug: Latin letters and digits in lower case joined by `-`, at most 60 characters.
 * A Japanese title has none, so its slug is empty and the topic's URL is `/community/t/:id`.
 */
export function topicSlug(title: string): string {
  return title
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 60)
    .replace(/-+$/, "");
}

/** The topic's canonical path. */
export function topicPath(topic: { id: number; slug: string }): string {
  return topic.slug ? `/community/t/${topic.id}/${topic.slug}` : `/community/t/${topic.id}`;
}

/** Initials for the avatar: the first letters of the first two words, or the first character (a Japanese name). */
export function avatarInitials(name: string): string {
  const words = name.trim().split(/\s+/).filter(Boolean);
  if (words.length === 0) return "?";
  const latin = /^[A-Za-z0-9]/;
  if (words.length >= 2 && latin.test(words[0]) && latin.test(words[1])) return (words[0][0] + words[1][0]).toUpperCase();
  return Array.from(words[0])[0].toUpperCase();
}
