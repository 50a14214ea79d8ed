import { createHash } from "node:crypto";
import { copyFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { categoryFor } from "../../app/domain/nps";
import { openDb, type Sqlite } from "../../db/client";
import { seedDatabase } from "../../db/seed";

const TODAY = "2026-03-15";
const TODAY_MS = Date.UTC(2026, 2, 15);
const DAY_MS = 86_400_000;

const dir = mkdtempSync(join(tmpdir(), "kizuna-seed-nps-"));
const opened: Sqlite[] = [];
let fresh = 0;

function seeded() {
  const file = join(dir, `seed-${++fresh}.db`);
  copyFileSync(process.env.KIZUNA_TEST_BASE_DB!, file);
  const handle = openDb(file);
  opened.push(handle.sqlite);
  const started = performance.now();
  const counts = seedDatabase(handle.db, { today: TODAY });
  return { ...handle, counts, seconds: (performance.now() - started) / 1000 };
}

afterAll(() => opened.forEach((sqlite) => sqlite.open && sqlite.close()));

const one = <T>(sqlite: Sqlite, sql: string) => sqlite.prepare(sql).get() as T;
const all = <T>(sqlite: Sqlite, sql: string) => sqlite.prepare(sql).all() as T[];

function dump(sqlite: Sqlite): string {
  const tables = ["campaigns", "invitations", "responses", "response_changes", "suppressions"];
  return JSON.stringify(tables.map((table) => all(sqlite, `SELECT * FROM ${table} ORDER BY rowid`)));
}

describe("demo NPS history", () => {
  const first = seeded();
  const { sqlite, counts } = first;

  it("is the same on every run for the same reference day, and fast", () => {
    const second = seeded();
    const hash = (text: string) => createHash("sha256").update(text).digest("hex");
    expect(hash(dump(second.sqlite))).toBe(hash(dump(sqlite)));
    expect(first.seconds).toBeLessThan(2);
  });

  it("holds a year of waves with invitations and about one answer in five", () => {
    expect(counts.campaigns).toBe(8);
    const waves = all<{ launched_at: number; closes_at: number; status: string; recipients: number; invited: number; survey: string }>(
      sqlite,
      "SELECT c.*, (SELECT count(*) FROM invitations i WHERE i.campaign_id = c.id) AS invited FROM campaigns c ORDER BY launched_at",
    );
    expect(waves[0].launched_at).toBeGreaterThan(TODAY_MS - 400 * DAY_MS);
    expect(waves[waves.length - 1].launched_at).toBeLessThan(TODAY_MS);
    for (const wave of waves) {
      expect(wave.recipients).toBe(wave.invited);
      expect(wave.invited).toBeGreaterThan(100);
      expect(JSON.parse(wave.survey).question.en).toContain("recommend");
    }
    expect(waves[0].status).toBe("closed");
    const rate = counts.responses / counts.invitations;
    expect(rate).toBeGreaterThan(0.15);
    expect(rate).toBeLessThan(0.26);
    // Each answered invitation has exactly one response, of its own contact.
    expect(one<{ n: number }>(sqlite, "SELECT count(DISTINCT invitation_id) AS n FROM responses").n).toBe(counts.responses);
    expect(
      one<{ n: number }>(sqlite, "SELECT count(*) AS n FROM responses r JOIN invitations i ON i.id = r.invitation_id AND i.contact_id = r.contact_id").n,
    ).toBe(counts.responses);
  });

  it("never invites a contact twice within the throttle window, nor before they joined or after unsubscribing", () => {
    const tooSoon = one<{ n: number }>(
      sqlite,
      `SELECT count(*) AS n FROM invitations a JOIN invitations b ON a.contact_id = b.contact_id AND b.id > a.id
       WHERE abs(b.due_at - a.due_at) < 90 * 86400000`,
    );
    expect(tooSoon.n).toBe(0);
    const unsubscribed = one<{ n: number }>(
      sqlite,
      "SELECT count(*) AS n FROM invitations i JOIN contacts c ON c.id = i.contact_id WHERE c.unsubscribed_at <= i.due_at",
    );
    expect(unsubscribed.n).toBe(0);
    const tokens = one<{ n: number; uniq: number }>(sqlite, "SELECT count(*) AS n, count(DISTINCT token_hash) AS uniq FROM invitations");
    expect(tokens.uniq).toBe(tokens.n);
  });

  it("has Japanese respondents scoring lower, categories matching scores, and comments in both languages", () => {
    const means = Object.fromEntries(
      all<{ locale: string; mean: number }>(sqlite, "SELECT locale, avg(score) AS mean FROM responses GROUP BY locale").map((r) => [r.locale, r.mean]),
    );
    expect(means.en).toBeGreaterThan(7.2);
    expect(means.en).toBeLessThan(8.4);
    expect(means.ja).toBeGreaterThan(5.8);
    expect(means.ja).toBeLessThan(7.1);
    expect(means.en - means.ja).toBeGreaterThan(0.8);
    for (const row of all<{ score: number; category: string }>(sqlite, "SELECT score, category FROM responses"))
      expect(row.category).toBe(categoryFor(row.score));
    const japaneseComment = one<{ comment: string }>(sqlite, "SELECT comment FROM responses WHERE locale = 'ja' AND comment IS NOT NULL LIMIT 1");
    expect(japaneseComment.comment).toMatch(/[\u3040-\u30ff\u4e00-\u9fff]/);
    const withComment = one<{ share: number }>(sqlite, "SELECT avg(comment IS NOT NULL) AS share FROM responses").share;
    expect(withComment).toBeGreaterThan(0.25);
    expect(withComment).toBeLessThan(0.75);
  });

  it("clusters detractors in a few accounts", () => {
    const byAccount = all<{ detractors: number }>(
      sqlite,
      "SELECT sum(category = 'detractor') AS detractors FROM responses GROUP BY account_id ORDER BY detractors DESC",
    );
    const total = byAccount.reduce((sum, row) => sum + row.detractors, 0);
    const topTenth = byAccount.slice(0, Math.ceil(byAccount.length / 10)).reduce((sum, row) => sum + row.detractors, 0);
    expect(total).toBeGreaterThan(50);
    expect(topTenth / total).toBeGreaterThan(0.3);
  });

  it("suppresses bounced and complaining addresses, invites them no more, and keeps changed answers' history", () => {
    expect(counts.suppressions).toBeGreaterThan(0);
    const reasons = all<{ reason: string }>(sqlite, "SELECT DISTINCT reason FROM suppressions").map((r) => r.reason);
    expect(reasons).toContain("bounced");
    const afterSuppression = one<{ n: number }>(
      sqlite,
      "SELECT count(*) AS n FROM invitations i JOIN contacts c ON c.id = i.contact_id JOIN suppressions s ON s.email = c.email WHERE i.due_at > s.created_at",
    );
    expect(afterSuppression.n).toBe(0);
    expect(counts.response_changes).toBeGreaterThan(0);
    const changes = all<{ changed_at: number; created_at: number; updated_at: number }>(
      sqlite,
      "SELECT rc.changed_at, r.created_at, r.updated_at FROM response_changes rc JOIN responses r ON r.id = rc.response_id",
    );
    for (const change of changes) expect(change.updated_at).toBeGreaterThan(change.changed_at - 1);
  });

  it("keeps every index the migrations define", () => {
    const names = all<{ name: string }>(
      sqlite,
      "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name IN ('invitations', 'responses', 'response_changes') AND sql IS NOT NULL",
    ).map((r) => r.name);
    expect(names.sort()).toEqual(
      [
        "invitations_token_idx",
        "invitations_unsubscribe_token_idx",
        "invitations_campaign_contact_idx",
        "invitations_contact_idx",
        "invitations_due_idx",
        "invitations_outbox_idx",
        "responses_invitation_idx",
        "responses_updated_idx",
        "responses_campaign_idx",
        "responses_category_score_idx",
        "responses_score_idx",
        "responses_contact_idx",
        "responses_account_idx",
        "responses_category_idx",
        "response_changes_response_idx",
      ].sort(),
    );
  });
});
