import { copyFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { openDb, type Sqlite } from "../../db/client";
import { seedDatabase } from "../../db/seed";

const TODAY = "2026-03-15";
const TODAY_MS = Date.UTC(2026, 2, 15);
const dir = mkdtempSync(join(tmpdir(), "kizuna-seed-stories-"));
const opened: Sqlite[] = [];

function seeded() {
  const file = join(dir, `seed-${opened.length + 1}.db`);
  copyFileSync(process.env.KIZUNA_TEST_BASE_DB!, file);
  const handle = openDb(file);
  opened.push(handle.sqlite);
  seedDatabase(handle.db, { today: TODAY });
  return handle.sqlite;
}

afterAll(() => opened.forEach((sqlite) => sqlite.open && sqlite.close()));

const all = <T>(sqlite: Sqlite, sql: string) => sqlite.prepare(sql).all() as T[];

describe("demo stories and advocacy", () => {
  const sqlite = seeded();

  it("has published stories in both languages with consents, one in review and a draft with the team's comment", () => {
    const stories = all<{ id: number; status: string; language: string; published_at: number | null }>(
      sqlite,
      "SELECT id, status, language, published_at FROM stories ORDER BY id",
    );
    const published = stories.filter((story) => story.status === "published");
    expect(new Set(published.map((story) => story.language))).toEqual(new Set(["en", "ja"]));
    expect(stories.map((story) => story.status)).toEqual(expect.arrayContaining(["in_review", "draft"]));
    const consents = all<{ story_id: number; community: number; revoked_at: number | null }>(
      sqlite,
      "SELECT story_id, community, revoked_at FROM story_consents",
    );
    for (const story of published) expect(consents.some((consent) => consent.story_id === story.id && consent.revoked_at === null)).toBe(true);
    // One published story names no company: its consent leaves out the community.
    expect(consents.some((consent) => consent.community === 0)).toBe(true);
    expect(all(sqlite, "SELECT * FROM story_comments").length).toBeGreaterThan(0);
    expect(Math.max(...published.map((story) => story.published_at!))).toBeLessThanOrEqual(TODAY_MS);
  });

  it("has the advocacy timeline of what the seed wrote, with references and reviews staff logged", () => {
    const kinds = all<{ kind: string; n: number }>(sqlite, "SELECT kind, count(*) AS n FROM advocacy_records GROUP BY kind");
    const count = Object.fromEntries(kinds.map((row) => [row.kind, row.n]));
    const promoters = all<{ n: number }>(sqlite, "SELECT count(*) AS n FROM responses WHERE category = 'promoter'")[0].n;
    expect(count.promoter_answer).toBe(promoters);
    for (const kind of ["accepted_answer", "like_received", "story_published", "reference_given", "review_written"]) expect(count[kind]).toBeGreaterThan(0);
    const published = all<{ n: number }>(sqlite, "SELECT count(*) AS n FROM stories WHERE status = 'published'")[0].n;
    expect(count.story_published).toBe(published);
  });

  it("is the same on every run", () => {
    const dump = (db: Sqlite) =>
      JSON.stringify(["stories", "story_consents", "story_comments", "advocacy_records"].map((table) => all(db, `SELECT * FROM ${table} ORDER BY rowid`)));
    expect(dump(seeded())).toBe(dump(sqlite));
  });
});
