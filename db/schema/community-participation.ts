import { sql } from "drizzle-orm";
import { index, integer, primaryKey, sqliteTable } from "drizzle-orm/sqlite-core";
import { accounts } from "./accounts";
import { communityMembers, communityTopics } from "./community";

/**
 * Community participation rolled up per account, for the account 360 and the scoring inputs.
 * Kept current by triggers (migration 0019) that follow the member rows' own counters: a member
 * joining, a counter moving, a contact changing account. Never recounted on read.
 */
export const accountCommunityStats = sqliteTable("account_community_stats", {
  accountId: integer()
    .primaryKey()
    .references(() => accounts.id, { onDelete: "cascade" }),
  members: integer().notNull().default(0),
  topics: integer().notNull().default(0),
  replies: integer().notNull().default(0),
  acceptedAnswers: integer().notNull().default(0),
  likesReceived: integer().notNull().default(0),
  /** The newest post by any of the account's members. */
  lastActivityAt: integer({ mode: "timestamp_ms" }),
});

/**
 * When each topic first got a reply from someone other than its asker (null: not yet). The
 * unanswered-questions queue and the answer-time statistics read it; triggers on posts keep it,
 * and recompute it when the first answer is hidden, deleted or rejected.
 */
export const communityTopicAnswers = sqliteTable(
  "community_topic_answers",
  {
    topicId: integer()
      .primaryKey()
      .references(() => communityTopics.id, { onDelete: "cascade" }),
    askerId: integer().notNull(),
    createdAt: integer({ mode: "timestamp_ms" }).notNull(),
    firstAnswerAt: integer({ mode: "timestamp_ms" }),
  },
  (t) => [
    index("community_topic_answers_created_idx").on(t.createdAt, t.firstAnswerAt),
    index("community_topic_answers_waiting_idx")
      .on(t.createdAt)
      .where(sql`${t.firstAnswerAt} IS NULL`),
  ],
);

/**
 * Who was active (posted or liked) in which week (Monday 00:00 UTC, in ms): the statistics'
 * weekly active members without scanning every post.
 */
export const communityActivityWeeks = sqliteTable(
  "community_activity_weeks",
  {
    weekStart: integer().notNull(),
    memberId: integer()
      .notNull()
      .references(() => communityMembers.id, { onDelete: "cascade" }),
  },
  (t) => [primaryKey({ columns: [t.weekStart, t.memberId] })],
);
