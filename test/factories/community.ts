import { eq, sql } from "drizzle-orm";
import { communityCategories, communityMembers, communityPosts, communityTopics, communityWatches, type WatchLevel } from "../../db/schema";
import { ensureContactMember, ensureStaffMember } from "../../app/models/community-member.server";
import { db } from "../../app/utils/db.server";
import { createContact, createStaff } from "./index";

/*
 * Community rows written straight into the tables, for tests of what reacts to them
 * (notifications, counts): the posting services are not needed to have a topic with replies.
 */

export type TestMember = typeof communityMembers.$inferSelect;

/** A member who is a contact (of a new account unless `accountId` is given). */
export function createContactMember(contact: Parameters<typeof createContact>[0] = {}, member: Partial<typeof communityMembers.$inferInsert> = {}): TestMember {
  const row = createContact(contact);
  const created = ensureContactMember(db, row);
  if (Object.keys(member).length === 0) return created;
  return db.update(communityMembers).set(member).where(eq(communityMembers.id, created.id)).returning().get();
}

/** A member who is a staff user. */
export function createStaffMember(role: Parameters<typeof createStaff>[0] = "csm", user: Parameters<typeof createStaff>[1] = {}): TestMember {
  return ensureStaffMember(db, createStaff(role, user));
}

export function categoryBySlug(slug: string) {
  return db.select().from(communityCategories).where(eq(communityCategories.slug, slug)).get()!;
}

/** A topic with its opening post (post number 1), published unless told otherwise. */
export function createTopic(
  author: { id: number },
  options: { category?: string; title?: string; source?: string; createdAt?: Date; post?: Partial<typeof communityPosts.$inferInsert> } = {},
) {
  const category = categoryBySlug(options.category ?? "questions");
  const createdAt = options.createdAt ?? new Date();
  const topic = db
    .insert(communityTopics)
    .values({ categoryId: category.id, authorId: author.id, title: options.title ?? "How do I export by week?", createdAt, lastPostedAt: createdAt })
    .returning()
    .get();
  const source = options.source ?? "Is there a way to export last week's responses?";
  const post = db
    .insert(communityPosts)
    .values({ topicId: topic.id, authorId: author.id, postNumber: 1, source, html: `<p>${source}</p>`, renderVersion: 1, createdAt, ...options.post })
    .returning()
    .get();
  return { topic, post, category };
}

/** A reply at the end of the topic (optionally "in reply to" another post). */
export function createReply(
  topic: { id: number },
  author: { id: number },
  options: { source?: string; replyToPostId?: number; createdAt?: Date; post?: Partial<typeof communityPosts.$inferInsert> } = {},
) {
  const { n } = db.get<{ n: number }>(sql`SELECT coalesce(max(post_number), 0) + 1 AS n FROM community_posts WHERE topic_id = ${topic.id}`);
  const source = options.source ?? "Use the export on the responses page.";
  const post = db
    .insert(communityPosts)
    .values({
      topicId: topic.id,
      authorId: author.id,
      postNumber: n,
      replyToPostId: options.replyToPostId ?? null,
      source,
      html: `<p>${source}</p>`,
      renderVersion: 1,
      createdAt: options.createdAt ?? new Date(),
      ...options.post,
    })
    .returning()
    .get();
  db.update(communityTopics)
    .set({ replyCount: sql`${communityTopics.replyCount} + 1`, lastPostedAt: post.createdAt })
    .where(eq(communityTopics.id, topic.id))
    .run();
  return post;
}

/** Sets members' level on a topic or a category in one statement (fast for a thousand watchers). */
export function watch(memberIds: number[], target: { topicId: number } | { categoryId: number }, level: WatchLevel) {
  if (memberIds.length === 0) return;
  for (let at = 0; at < memberIds.length; at += 500) {
    db.insert(communityWatches)
      .values(memberIds.slice(at, at + 500).map((memberId) => ({ memberId, ...target, level })))
      .run();
  }
}
