import { copyFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
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
  const tables = ["community_members", "community_topics", "community_posts", "community_likes", "account_community_stats"];
  return JSON.stringify(tables.map((table) => all(sqlite, `SELECT * FROM ${table} ORDER BY rowid`)));
}

describe("demo community", () => {
  const { sqlite, counts } = seeded();

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
