import { eq, sql } from "drizzle-orm";
import { communityCategories, communityLikes, communityMembers, communityPosts, communityTopics } from "../../db/schema";
import { db } from "../../app/utils/db.server";

let sequence = 0;

/** A member row for a contact or a staff user. */
export function createMember(person: { contactId: number } | { userId: number }, values: Partial<typeof communityMembers.$inferInsert> = {}) {
  const n = ++sequence;
  return db
    .insert(communityMembers)
    .values({ handle: `member_${n}`, displayName: `Member ${n}`, ...person, ...values })
    .returning()
    .get();
}

export function categoryId(slug: string): number {
  return db.select({ id: communityCategories.id }).from(communityCategories).where(eq(communityCategories.slug, slug)).get()!.id;
}

/** A topic with its opening post, as the posting service writes them (counters included). */
export function createTopic(authorId: number, values: Partial<typeof communityTopics.$inferInsert> & { category?: string } = {}) {
  const { category = "questions", ...rest } = values;
  const createdAt = rest.createdAt ?? new Date();
  const topic = db
    .insert(communityTopics)
    .values({
      categoryId: categoryId(category),
      authorId,
      title: `Topic ${++sequence}`,
      slug: `topic-${sequence}`,
      createdAt,
      lastPostedAt: createdAt,
      ...rest,
    })
    .returning()
    .get();
  db.insert(communityPosts).values({ topicId: topic.id, authorId, postNumber: 1, source: "Body", html: "<p>Body</p>", renderVersion: 1, createdAt }).run();
  db.update(communityMembers)
    .set({ topicCount: sql`${communityMembers.topicCount} + 1`, lastPostedAt: createdAt })
    .where(eq(communityMembers.id, authorId))
    .run();
  return topic;
}

/** A reply, with the topic's and the author's counters moved as the posting service moves them. */
export function createReply(topicId: number, authorId: number, createdAt: Date, values: Partial<typeof communityPosts.$inferInsert> = {}) {
  const number = db.get<{ n: number }>(sql`SELECT coalesce(max(post_number), 0) + 1 AS n FROM community_posts WHERE topic_id = ${topicId}`).n;
  const post = db
    .insert(communityPosts)
    .values({ topicId, authorId, postNumber: number, source: "Reply", html: "<p>Reply</p>", renderVersion: 1, createdAt, ...values })
    .returning()
    .get();
  db.update(communityTopics)
    .set({ replyCount: sql`${communityTopics.replyCount} + 1`, lastPostedAt: createdAt })
    .where(eq(communityTopics.id, topicId))
    .run();
  db.update(communityMembers)
    .set({ replyCount: sql`${communityMembers.replyCount} + 1`, lastPostedAt: createdAt })
    .where(eq(communityMembers.id, authorId))
    .run();
  return post;
}

/** Accepts a reply as the answer, moving the answerer's counter. */
export function acceptAnswer(topicId: number, post: { id: number; authorId: number }, at: Date) {
  db.update(communityTopics).set({ acceptedPostId: post.id, acceptedAt: at }).where(eq(communityTopics.id, topicId)).run();
  db.update(communityMembers)
    .set({ acceptedAnswerCount: sql`${communityMembers.acceptedAnswerCount} + 1` })
    .where(eq(communityMembers.id, post.authorId))
    .run();
}

/** A like, moving the post author's likes received. */
export function like(post: { id: number; authorId: number }, memberId: number, at: Date) {
  db.insert(communityLikes).values({ postId: post.id, memberId, createdAt: at }).run();
  db.update(communityMembers)
    .set({ likesReceived: sql`${communityMembers.likesReceived} + 1` })
    .where(eq(communityMembers.id, post.authorId))
    .run();
}

/** Empties the community tables (the default categories stay). */
export function clearCommunity() {
  db.run(sql`DELETE FROM community_likes`);
  db.run(sql`DELETE FROM community_posts`);
  db.run(sql`DELETE FROM community_topics`);
  db.run(sql`DELETE FROM community_members`);
  db.run(sql`DELETE FROM account_community_stats`);
  db.run(sql`DELETE FROM community_activity_weeks`);
  db.run(sql`UPDATE community_categories SET segments = NULL`);
}
