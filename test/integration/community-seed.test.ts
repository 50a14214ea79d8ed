import { copyFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { openDb, type Sqlite } from "../../db/client";
import { CommunityNotEmptyError, seedLargeCommunity } from "../../db/seed/community-large";
import { seedDatabase } from "../../db/seed";

const dir = mkdtempSync(join(tmpdir(), "kizuna-community-seed-"));
const opened: Sqlite[] = [];
afterAll(() => opened.forEach((sqlite) => sqlite.open && sqlite.close()));

function freshDatabase(name: string) {
  const file = join(dir, `${name}.db`);
  copyFileSync(process.env.KIZUNA_TEST_BASE_DB!, file);
  const handle = openDb(file);
  opened.push(handle.sqlite);
  return handle;
}

const count = (sqlite: Sqlite, sql: string) => (sqlite.prepare(sql).get() as { n: number }).n;

describe("the large community seed", () => {
  it("writes the topics, posts and members asked for, with counters and a search row for every post", () => {
    const { sqlite } = freshDatabase("small");
    const summary = seedLargeCommunity(sqlite, { topics: 1_000, posts: 8_000, members: 300, now: new Date("2026-12-07T00:00:00Z") });
    expect(summary).toEqual({ members: 300, topics: 1_000, posts: 8_000 });
    expect(count(sqlite, "SELECT count(*) AS n FROM community_posts")).toBe(8_000);
    expect(count(sqlite, "SELECT count(*) AS n FROM community_search")).toBe(8_000);
    // Members' and categories' counters agree with the rows, as the services would keep them.
    expect(count(sqlite, "SELECT sum(reply_count) AS n FROM community_members")).toBe(7_000);
    expect(count(sqlite, "SELECT sum(post_count) AS n FROM community_categories")).toBe(8_000);
    expect(
      count(sqlite, "SELECT count(*) AS n FROM community_topics t WHERE reply_count <> (SELECT count(*) - 1 FROM community_posts p WHERE p.topic_id = t.id)"),
    ).toBe(0);
    // Topics' ids follow time, and an accepted answer is a reply of its own topic.
    expect(count(sqlite, "SELECT count(*) AS n FROM community_topics a JOIN community_topics b ON b.id = a.id + 1 WHERE b.created_at < a.created_at")).toBe(0);
    expect(
      count(
        sqlite,
        "SELECT count(*) AS n FROM community_topics t JOIN community_posts p ON p.id = t.accepted_post_id WHERE p.topic_id <> t.id OR p.post_number = 1",
      ),
    ).toBe(0);
    // Both languages are searchable: a common Japanese word and a common English one.
    expect(count(sqlite, `SELECT count(*) AS n FROM community_search WHERE community_search MATCH '"設 定"'`)).toBeGreaterThan(100);
    expect(count(sqlite, `SELECT count(*) AS n FROM community_search WHERE community_search MATCH '"exporting"'`)).toBeGreaterThan(100);
  });

  it("loads alone onto a database that has accounts (--only community), once", () => {
    const { db, sqlite } = freshDatabase("only");
    seedDatabase(db, { scale: "demo", today: "2026-12-07" });
    // As a database seeded before the community existed: the demo's accounts and contacts, no community.
    sqlite.exec(
      "DELETE FROM community_search; DELETE FROM community_likes; DELETE FROM community_posts; DELETE FROM community_topics; DELETE FROM community_members;",
    );
    const contacts = count(sqlite, "SELECT count(*) AS n FROM contacts");
    seedLargeCommunity(sqlite, { topics: 100, posts: 500, members: 200 });
    // The demo's contacts were enough: no extra account or contacts.
    expect(count(sqlite, "SELECT count(*) AS n FROM contacts")).toBe(contacts);
    expect(count(sqlite, "SELECT count(*) AS n FROM community_members WHERE contact_id IS NOT NULL")).toBe(200);
    expect(() => seedLargeCommunity(sqlite, { topics: 10, posts: 10, members: 10 })).toThrow(CommunityNotEmptyError);
  });
});
