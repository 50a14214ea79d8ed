import { copyFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { earnedBadges } from "../../app/domain/community-badges";
import { listModerationQueue } from "../../app/models/community-moderation.server";
import { badgesOfMembers } from "../../app/services/community-badges.server";
import { renderMarkdown } from "../../app/utils/markdown.server";
import { openDb, type Sqlite } from "../../db/client";
import { seedDatabase } from "../../db/seed";

const TODAY = "2026-03-15";
const TODAY_MS = Date.UTC(2026, 2, 15);
const HOUR_MS = 3_600_000;

const dir = mkdtempSync(join(tmpdir(), "kizuna-seed-community-"));
const opened: Sqlite[] = [];
let fresh = 0;

function seeded() {
  const file = join(dir, `seed-${++fresh}.db`);
  copyFileSync(process.env.KIZUNA_TEST_BASE_DB!, file);
  const handle = openDb(file);
  opened.push(handle.sqlite);
  const counts = seedDatabase(handle.db, { today: TODAY });
  return { ...handle, counts };
}

afterAll(() => opened.forEach((sqlite) => sqlite.open && sqlite.close()));

const all = <T>(sqlite: Sqlite, sql: string) => sqlite.prepare(sql).all() as T[];
const one = <T>(sqlite: Sqlite, sql: string) => sqlite.prepare(sql).get() as T;
const JAPANESE = /[\u3040-\u30ff\u4e00-\u9fff]/;

function dump(sqlite: Sqlite): string {
  const tables = [
    "community_members",
    "community_topics",
    "community_posts",
    "community_likes",
    "community_flags",
    "community_member_badges",
    "account_community_stats",
  ];
  return JSON.stringify(tables.map((table) => all(sqlite, `SELECT * FROM ${table} ORDER BY rowid`)));
}

describe("demo community", () => {
  const { db, sqlite, counts } = seeded();

  it("has flagged replies waiting in the moderation queue, in both languages, with the flaggers' reasons", () => {
    // The queue as the console reads it.
    const queue = listModerationQueue(db);
    expect(queue.flagged.length).toBeGreaterThanOrEqual(4);
    const sources = queue.flagged.map((post) => post.html);
    expect(sources.some((html) => JAPANESE.test(html))).toBe(true);
    expect(sources.some((html) => !JAPANESE.test(html))).toBe(true);
    const flags = queue.flagged.flatMap((post) => post.flags);
    expect(new Set(flags.map((flag) => flag.reason))).toEqual(new Set(["spam", "off_topic", "inappropriate", "other"]));
    expect(flags.some((flag) => flag.note && JAPANESE.test(flag.note))).toBe(true);
    expect(counts.communityFlags).toBe(flags.length);
    // A flag comes from another member than the author, after the post and before the reference day.
    expect(
      one<{ n: number }>(
        sqlite,
        `SELECT count(*) AS n FROM community_flags f JOIN community_posts p ON p.id = f.post_id
         WHERE f.member_id = p.author_id OR f.created_at <= p.created_at OR f.created_at >= ${TODAY_MS}`,
      ).n,
    ).toBe(0);
    // Flagged replies are in their topic's language: a Japanese reply in a Japanese topic.
    const mixed = all<{ title: string; source: string }>(
      sqlite,
      "SELECT t.title, p.source FROM community_flags f JOIN community_posts p ON p.id = f.post_id JOIN community_topics t ON t.id = p.topic_id",
    ).filter((row) => JAPANESE.test(row.title) !== JAPANESE.test(row.source));
    expect(mixed).toEqual([]);
  });

  it("awards the badges the app's rules give for the seeded activity, each dated when it was earned", () => {
    const members = all<{ id: number; topicCount: number; replyCount: number; acceptedAnswerCount: number; likesReceived: number }>(
      sqlite,
      "SELECT id, topic_count AS topicCount, reply_count AS replyCount, accepted_answer_count AS acceptedAnswerCount, likes_received AS likesReceived FROM community_members",
    );
    const held = badgesOfMembers(
      db,
      members.map((member) => member.id),
    );
    for (const member of members) {
      const codes = (held.get(member.id) ?? []).map((badge) => badge.code).sort();
      expect(codes, `member ${member.id}`).toEqual([...earnedBadges(member)].sort());
    }
    const count = (code: string) => [...held.values()].flat().filter((badge) => badge.code === code).length;
    expect(count("first_post")).toBeGreaterThan(50);
    expect(count("first_accepted_answer")).toBeGreaterThan(20);
    expect(count("helpful")).toBeGreaterThan(0);
    expect(counts.communityBadges).toBe([...held.values()].flat().length);
    // Dated by the activity: a first post's badge on the member's first post, a first accepted answer's on its acceptance.
    const dates = (sql: string) => all<{ awarded: number; earned: number }>(sqlite, sql).filter((row) => row.awarded !== row.earned);
    expect(
      dates(`SELECT mb.awarded_at AS awarded, (SELECT min(p.created_at) FROM community_posts p WHERE p.author_id = mb.member_id) AS earned
             FROM community_member_badges mb JOIN community_badges b ON b.id = mb.badge_id WHERE b.code = 'first_post'`),
    ).toEqual([]);
    expect(
      dates(`SELECT mb.awarded_at AS awarded, (SELECT min(t.accepted_at) FROM community_topics t JOIN community_posts p ON p.id = t.accepted_post_id
               WHERE p.author_id = mb.member_id) AS earned
             FROM community_member_badges mb JOIN community_badges b ON b.id = mb.badge_id WHERE b.code = 'first_accepted_answer'`),
    ).toEqual([]);
    expect(one<{ n: number }>(sqlite, `SELECT count(*) AS n FROM community_member_badges WHERE awarded_at >= ${TODAY_MS}`).n).toBe(0);
  });

  it("is a few hundred topics across Q&A, tips and staff announcements, with replies, accepted answers and likes", () => {
    expect(counts.communityTopics).toBeGreaterThanOrEqual(250);
    const byCategory = all<{ slug: string; topics: number; staffOnly: number; accepted: number }>(
      sqlite,
      `SELECT c.slug, count(*) AS topics, sum(m.user_id IS NOT NULL) AS staffOnly, sum(t.accepted_post_id IS NOT NULL) AS accepted
       FROM community_topics t JOIN community_categories c ON c.id = t.category_id JOIN community_members m ON m.id = t.author_id GROUP BY c.slug ORDER BY c.slug`,
    );
    const of = (slug: string) => byCategory.find((row) => row.slug === slug)!;
    expect(of("questions").topics).toBeGreaterThan(100);
    expect(of("questions").accepted).toBeGreaterThan(40);
    expect(of("tips").topics).toBeGreaterThan(30);
    expect(of("announcements").topics).toBe(of("announcements").staffOnly);
    expect(of("tips").accepted + of("announcements").accepted).toBe(0);
    expect(counts.communityPosts).toBeGreaterThan(counts.communityTopics * 2.5);
    expect(counts.communityLikes).toBeGreaterThan(500);
    // Accepted answers are replies in the same topic by someone other than the asker, accepted after they were written.
    const wrong = one<{ n: number }>(
      sqlite,
      `SELECT count(*) AS n FROM community_topics t JOIN community_posts p ON p.id = t.accepted_post_id
       WHERE p.topic_id <> t.id OR p.post_number = 1 OR p.author_id = t.author_id OR t.accepted_at < p.created_at`,
    ).n;
    expect(wrong).toBe(0);
    expect(
      one<{ n: number }>(sqlite, "SELECT count(*) AS n FROM community_likes l JOIN community_posts p ON p.id = l.post_id WHERE p.author_id = l.member_id").n,
    ).toBe(0);
  });

  it("is in the search index, every post once", () => {
    const posts = one<{ n: number }>(sqlite, "SELECT count(*) AS n FROM community_posts").n;
    expect(one<{ n: number }>(sqlite, "SELECT count(*) AS n FROM community_search").n).toBe(posts);
    expect(one<{ n: number }>(sqlite, "SELECT count(*) AS n FROM community_search WHERE rowid NOT IN (SELECT id FROM community_posts)").n).toBe(0);
  });

  it("has members at the demo accounts writing in their own language, and staff marked as staff", () => {
    const byLanguage = all<{ locale: string | null; staff: number; japanese: number; posts: number }>(
      sqlite,
      `SELECT ct.locale, m.user_id IS NOT NULL AS staff, count(*) AS posts, sum(t.title GLOB '*[ぁ-んァ-ン一-龯]*') AS japanese
       FROM community_posts p JOIN community_topics t ON t.id = p.topic_id JOIN community_members m ON m.id = p.author_id LEFT JOIN contacts ct ON ct.id = m.contact_id
       WHERE p.post_number = 1 GROUP BY 1, 2`,
    );
    const en = byLanguage.find((row) => row.locale === "en" && !row.staff)!;
    const ja = byLanguage.find((row) => row.locale === "ja")!;
    expect(en.posts).toBeGreaterThan(20);
    expect(ja.posts).toBeGreaterThan(20);
    const sources = all<{ locale: string; source: string }>(
      sqlite,
      "SELECT ct.locale, p.source FROM community_posts p JOIN community_members m ON m.id = p.author_id JOIN contacts ct ON ct.id = m.contact_id",
    );
    for (const { locale, source } of sources) expect(JAPANESE.test(source), `${locale}: ${source}`).toBe(locale === "ja");
    expect(one<{ n: number }>(sqlite, "SELECT count(*) AS n FROM community_members WHERE user_id IS NOT NULL").n).toBeGreaterThan(0);
  });

  it("stores each post's HTML as the app's renderer makes it, and nothing after the reference day", () => {
    const posts = all<{ source: string; html: string; created_at: number }>(sqlite, "SELECT source, html, created_at FROM community_posts");
    for (const post of posts) expect(post.html).toBe(renderMarkdown(post.source));
    expect(posts.some((post) => post.html.includes("<pre>"))).toBe(true);
    expect(Math.max(...posts.map((post) => post.created_at))).toBeLessThan(TODAY_MS);
    expect(one<{ n: number }>(sqlite, `SELECT count(*) AS n FROM community_likes WHERE created_at >= ${TODAY_MS}`).n).toBe(0);
  });

  it("keeps some questions unanswered past a day, for the console's queue", () => {
    const waiting = one<{ n: number }>(
      sqlite,
      `SELECT count(*) AS n FROM community_topic_answers ta JOIN community_topics t ON t.id = ta.topic_id JOIN community_categories c ON c.id = t.category_id
       WHERE c.kind = 'qa' AND ta.first_answer_at IS NULL AND ta.created_at < ${TODAY_MS - 24 * HOUR_MS}`,
    ).n;
    expect(waiting).toBeGreaterThanOrEqual(5);
    expect(waiting).toBeLessThan(40);
  });

  it("has every counter and participation aggregate equal to a recount of the rows", () => {
    const visible = "p.state = 'published' AND p.hidden_at IS NULL AND p.deleted_at IS NULL";
    const mismatch = (sql: string) => all<Record<string, unknown>>(sqlite, sql);
    expect(
      mismatch(`SELECT t.id FROM community_topics t WHERE
        t.reply_count <> (SELECT count(*) FROM community_posts p WHERE p.topic_id = t.id AND p.post_number > 1 AND ${visible})
        OR t.like_count <> (SELECT count(*) FROM community_likes l JOIN community_posts p ON p.id = l.post_id WHERE p.topic_id = t.id)
        OR t.last_posted_at <> (SELECT max(p.created_at) FROM community_posts p WHERE p.topic_id = t.id)`),
    ).toEqual([]);
    expect(mismatch("SELECT p.id FROM community_posts p WHERE p.like_count <> (SELECT count(*) FROM community_likes l WHERE l.post_id = p.id)")).toEqual([]);
    expect(
      mismatch(`SELECT c.slug FROM community_categories c WHERE
        c.topic_count <> (SELECT count(*) FROM community_topics t WHERE t.category_id = c.id)
        OR c.post_count <> (SELECT count(*) FROM community_posts p JOIN community_topics t ON t.id = p.topic_id WHERE t.category_id = c.id)`),
    ).toEqual([]);
    expect(
      mismatch(`SELECT m.id FROM community_members m WHERE
        m.topic_count <> (SELECT count(*) FROM community_topics t WHERE t.author_id = m.id)
        OR m.reply_count <> (SELECT count(*) FROM community_posts p WHERE p.author_id = m.id AND p.post_number > 1)
        OR m.accepted_answer_count <> (SELECT count(*) FROM community_topics t JOIN community_posts p ON p.id = t.accepted_post_id WHERE p.author_id = m.id)
        OR m.likes_received <> (SELECT count(*) FROM community_likes l JOIN community_posts p ON p.id = l.post_id WHERE p.author_id = m.id)
        OR m.likes_given <> (SELECT count(*) FROM community_likes l WHERE l.member_id = m.id)
        OR m.last_posted_at IS NOT (SELECT max(p.created_at) FROM community_posts p WHERE p.author_id = m.id)`),
    ).toEqual([]);
    // The per-account participation the triggers keep, against a recount from posts, topics and likes.
    const recount = all<Record<string, number | null>>(
      sqlite,
      `SELECT ct.account_id AS accountId, count(*) AS members,
         sum((SELECT count(*) FROM community_topics t WHERE t.author_id = m.id)) AS topics,
         sum((SELECT count(*) FROM community_posts p WHERE p.author_id = m.id AND p.post_number > 1)) AS replies,
         sum((SELECT count(*) FROM community_topics t JOIN community_posts p ON p.id = t.accepted_post_id WHERE p.author_id = m.id)) AS acceptedAnswers,
         sum((SELECT count(*) FROM community_likes l JOIN community_posts p ON p.id = l.post_id WHERE p.author_id = m.id)) AS likesReceived,
         max((SELECT max(p.created_at) FROM community_posts p WHERE p.author_id = m.id)) AS lastActivityAt
       FROM community_members m JOIN contacts ct ON ct.id = m.contact_id GROUP BY ct.account_id ORDER BY ct.account_id`,
    );
    const kept = all<Record<string, number | null>>(
      sqlite,
      `SELECT account_id AS accountId, members, topics, replies, accepted_answers AS acceptedAnswers, likes_received AS likesReceived, last_activity_at AS lastActivityAt
       FROM account_community_stats WHERE members > 0 ORDER BY account_id`,
    );
    expect(recount.length).toBeGreaterThan(50);
    expect(kept).toEqual(recount);
    // The first-answer aggregate the queue and the statistics read.
    expect(
      mismatch(`SELECT ta.topic_id FROM community_topic_answers ta WHERE ta.first_answer_at IS NOT (
        SELECT min(p.created_at) FROM community_posts p WHERE p.topic_id = ta.topic_id AND p.post_number > 1 AND p.author_id <> ta.asker_id)`),
    ).toEqual([]);
  });

  it("is the same community on every run", () => {
    expect(dump(seeded().sqlite)).toBe(dump(sqlite));
  });
});
