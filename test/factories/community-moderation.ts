import { eq, sql } from "drizzle-orm";
import { communityCategories, communityMembers, communityPosts, communityTopics, type TrustLevel } from "../../db/schema";
import { ensureContactMember, ensureStaffMember } from "../../app/models/community-member.server";
import { DEFAULT_COMMUNITY_RULES, type CommunityRules } from "../../app/domain/posting-rules";
import { putSetting } from "../../app/models/settings.server";
import { db } from "../../app/utils/db.server";
import { createContact } from "./index";

/*
 * Community data for moderation tests, written straight to the tables (the posting services are
 * another area's), with every counter set by a full recount: what correct posting leaves behind.
 */

export function categoryId(slug: string): number {
  return db.select({ id: communityCategories.id }).from(communityCategories).where(eq(communityCategories.slug, slug)).get()!.id;
}

export function createMember(overrides: { trustLevel?: TrustLevel; joinedDaysAgo?: number; contactId?: number } = {}) {
  const contact = overrides.contactId ? { id: overrides.contactId, email: `c${overrides.contactId}@x.test`, name: null } : createContact();
  const member = ensureContactMember(db, contact);
  db.update(communityMembers)
    .set({ trustLevel: overrides.trustLevel ?? "new", createdAt: new Date(Date.now() - (overrides.joinedDaysAgo ?? 0) * 86_400_000) })
    .where(eq(communityMembers.id, member.id))
    .run();
  return { ...member, contactId: contact.id };
}

export function staffMember(user: { id: number; email: string; name: string }) {
  return ensureStaffMember(db, user);
}

type PostSpec = { authorId: number; source?: string; state?: "published" | "held"; likes?: number; at?: number; heldReasons?: string[] };

/** A topic with its opening post and replies (in order), counters recounted. */
export function createTopic(spec: {
  authorId: number;
  category?: string;
  title?: string;
  source?: string;
  state?: "published" | "held";
  replies?: PostSpec[];
  at?: number;
}) {
  const at = spec.at ?? Date.now() - 3600_000;
  const topic = db
    .insert(communityTopics)
    .values({
      categoryId: categoryId(spec.category ?? "questions"),
      authorId: spec.authorId,
      title: spec.title ?? "How do I export responses?",
      createdAt: new Date(at),
      lastPostedAt: new Date(at),
      hiddenAt: spec.state === "held" ? new Date(at) : null,
    })
    .returning()
    .get();
  const posts = [{ authorId: spec.authorId, source: spec.source ?? "Where is the export button?", state: spec.state, at }, ...(spec.replies ?? [])].map(
    (p, i) =>
      db
        .insert(communityPosts)
        .values({
          topicId: topic.id,
          authorId: p.authorId,
          postNumber: i + 1,
          source: p.source ?? `Reply ${i}`,
          html: `<p>${p.source ?? `Reply ${i}`}</p>`,
          renderVersion: 1,
          state: p.state ?? "published",
          likeCount: (p as PostSpec).likes ?? 0,
          heldReasons: (p as PostSpec).heldReasons ?? null,
          createdAt: new Date(p.at ?? at + i * 60_000),
        })
        .returning()
        .get(),
  );
  recountAll();
  return { topic, posts };
}

const VISIBLE = "p.state = 'published' AND p.hidden_at IS NULL AND p.deleted_at IS NULL";

/** What every counter should be, counted from the rows. */
export function expectedCounters() {
  const topics = db.all<{ id: number; replyCount: number; likeCount: number; lastPostedAt: number }>(
    sql.raw(`SELECT t.id,
      (SELECT count(*) FROM community_posts p WHERE p.topic_id = t.id AND p.post_number > 1 AND ${VISIBLE}) AS replyCount,
      (SELECT coalesce(sum(p.like_count), 0) FROM community_posts p WHERE p.topic_id = t.id AND ${VISIBLE}) AS likeCount,
      coalesce((SELECT max(p.created_at) FROM community_posts p WHERE p.topic_id = t.id AND ${VISIBLE}), t.created_at) AS lastPostedAt
      FROM community_topics t ORDER BY t.id`),
  );
  const categories = db.all<{ id: number; topicCount: number; postCount: number }>(
    sql.raw(`SELECT c.id,
      (SELECT count(*) FROM community_topics t WHERE t.category_id = c.id AND t.hidden_at IS NULL AND t.deleted_at IS NULL) AS topicCount,
      (SELECT count(*) FROM community_posts p JOIN community_topics t ON t.id = p.topic_id
        WHERE t.category_id = c.id AND t.hidden_at IS NULL AND t.deleted_at IS NULL AND ${VISIBLE}) AS postCount
      FROM community_categories c ORDER BY c.id`),
  );
  const members = db.all<{ id: number; topicCount: number; replyCount: number; acceptedAnswerCount: number; likesReceived: number }>(
    sql.raw(`SELECT m.id,
      (SELECT count(*) FROM community_topics t WHERE t.author_id = m.id AND t.hidden_at IS NULL AND t.deleted_at IS NULL) AS topicCount,
      (SELECT count(*) FROM community_posts p JOIN community_topics t ON t.id = p.topic_id
        WHERE p.author_id = m.id AND p.post_number > 1 AND ${VISIBLE} AND t.hidden_at IS NULL AND t.deleted_at IS NULL) AS replyCount,
      (SELECT count(*) FROM community_posts p JOIN community_topics t ON t.id = p.topic_id AND t.accepted_post_id = p.id
        WHERE p.author_id = m.id AND t.deleted_at IS NULL) AS acceptedAnswerCount,
      (SELECT coalesce(sum(p.like_count), 0) FROM community_posts p JOIN community_topics t ON t.id = p.topic_id
        WHERE p.author_id = m.id AND ${VISIBLE} AND t.hidden_at IS NULL AND t.deleted_at IS NULL) AS likesReceived
      FROM community_members m ORDER BY m.id`),
  );
  return { topics, categories, members };
}

/** The counters as stored. */
export function storedCounters() {
  return {
    topics: db.all<{ id: number; replyCount: number; likeCount: number; lastPostedAt: number }>(
      sql.raw(`SELECT id, reply_count AS replyCount, like_count AS likeCount, last_posted_at AS lastPostedAt FROM community_topics ORDER BY id`),
    ),
    categories: db.all<{ id: number; topicCount: number; postCount: number }>(
      sql.raw(`SELECT id, topic_count AS topicCount, post_count AS postCount FROM community_categories ORDER BY id`),
    ),
    members: db.all<{ id: number; topicCount: number; replyCount: number; acceptedAnswerCount: number; likesReceived: number }>(
      sql.raw(
        `SELECT id, topic_count AS topicCount, reply_count AS replyCount, accepted_answer_count AS acceptedAnswerCount, likes_received AS likesReceived FROM community_members ORDER BY id`,
      ),
    ),
  };
}

/** Sets every counter from the rows (what a correct posting service leaves behind). */
export function recountAll() {
  const e = expectedCounters();
  for (const t of e.topics)
    db.update(communityTopics)
      .set({ replyCount: t.replyCount, likeCount: t.likeCount, lastPostedAt: new Date(t.lastPostedAt) })
      .where(eq(communityTopics.id, t.id))
      .run();
  for (const c of e.categories)
    db.update(communityCategories).set({ topicCount: c.topicCount, postCount: c.postCount }).where(eq(communityCategories.id, c.id)).run();
  for (const m of e.members)
    db.update(communityMembers)
      .set({ topicCount: m.topicCount, replyCount: m.replyCount, acceptedAnswerCount: m.acceptedAnswerCount, likesReceived: m.likesReceived })
      .where(eq(communityMembers.id, m.id))
      .run();
}

/**
 * Posting rules without the hourly limit, for tests of other areas whose members write more than
 * a new member may in an hour (the limits themselves are tested with the moderation rules).
 */
export function allowManyPosts() {
  const limits = Object.fromEntries(
    Object.entries(DEFAULT_COMMUNITY_RULES.limits).map(([level, limit]) => [level, { ...limit, postsPerHour: 10_000 }]),
  ) as CommunityRules["limits"];
  putSetting("communityRules", { ...DEFAULT_COMMUNITY_RULES, limits });
}
