import { copyFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { openDb, type Sqlite } from "../../db/client";
import { seedDatabase } from "../../db/seed";
import { advanceOnboardingIn } from "../../app/services/advance-onboarding.server";

const TODAY = "2026-03-15";
const TODAY_MS = Date.UTC(2026, 2, 15);
const DAY_MS = 86_400_000;

const dir = mkdtempSync(join(tmpdir(), "kizuna-seed-onboarding-"));
const file = join(dir, "seed.db");
copyFileSync(process.env.KIZUNA_TEST_BASE_DB!, file);
const handle = openDb(file);
const started = performance.now();
const counts = seedDatabase(handle.db, { today: TODAY });
const seconds = (performance.now() - started) / 1000;
const sqlite: Sqlite = handle.sqlite;
afterAll(() => sqlite.open && sqlite.close());

const all = <T>(sql: string) => sqlite.prepare(sql).all() as T[];

describe("the onboarding demo", () => {
  it("publishes the default tech-touch guide: seven steps in both languages, one manual, one community, one first value, a TTV target", () => {
    const [guide] = all<{ key: string; segments: string; target_days: number; name_ja: string }>("SELECT key, segments, target_days, name_ja FROM guides");
    expect(guide).toMatchObject({ key: "tech-default", segments: '["tech"]', target_days: 14 });
    const steps = all<{ done_when: string; first_value: number; title_ja: string }>(
      "SELECT done_when, first_value, title_ja FROM guide_steps ORDER BY position",
    );
    expect(steps).toHaveLength(7);
    expect(steps.filter((step) => step.done_when.includes('"manual"'))).toHaveLength(1);
    expect(steps.filter((step) => step.done_when.includes('"community"'))).toHaveLength(1);
    expect(steps.filter((step) => step.first_value === 1)).toHaveLength(1);
    expect(steps.every((step) => step.title_ja.length > 0)).toBe(true);
    expect(counts.guideEnrolments).toBeGreaterThan(10);
    console.log(`demo seed with onboarding: ${seconds.toFixed(2)} s, ${counts.guideEnrolments} enrolments, ${counts.usageEvents} events`);
  });

  it("enrols only tech-touch accounts that started in the past year, each once, on its start date", () => {
    const wrong = all<{ id: number }>(
      `SELECT e.id FROM guide_enrolments e JOIN accounts a ON a.id = e.account_id
        WHERE a.segment <> 'tech' OR a.start_date <> e.started_at OR e.started_at < '2025-03-15' OR e.enrolled_by <> 'start'`,
    );
    expect(wrong).toEqual([]);
  });

  it("earlier start-month cohorts took longer to first value than recent ones", () => {
    const cohorts = all<{ month: string; ttv: number }>(
      `SELECT substr(started_at, 1, 7) AS month, avg(ttv_days) AS ttv FROM guide_enrolments WHERE ttv_days IS NOT NULL GROUP BY month ORDER BY month`,
    );
    expect(cohorts.length).toBeGreaterThanOrEqual(6);
    const early = cohorts.slice(0, 3).reduce((sum, row) => sum + row.ttv, 0) / 3;
    const late = cohorts.slice(-3).reduce((sum, row) => sum + row.ttv, 0) / 3;
    expect(early).toBeGreaterThan(late);
  });

  it("a few accounts are stalled: short of first value, flagged 14 days after their last progress", () => {
    const stalled = all<{ stalled_at: number; last: number | null; start: string; activated_at: number | null }>(
      `SELECT stalled_at, last_progress_at AS last, started_at AS start, activated_at FROM guide_enrolments WHERE stalled_at IS NOT NULL`,
    );
    expect(stalled.length).toBeGreaterThan(0);
    expect(stalled.length).toBeLessThan(counts.guideEnrolments / 3);
    for (const row of stalled) {
      expect(row.activated_at).toBeNull();
      expect(row.stalled_at).toBe((row.last ?? Date.parse(`${row.start}T00:00:00Z`)) + 14 * DAY_MS);
      expect(row.stalled_at).toBeLessThanOrEqual(TODAY_MS);
    }
  });

  it("completions are the step engine's own: running it again adds nothing", () => {
    const accounts = all<{ account_id: number }>("SELECT account_id FROM guide_enrolments");
    const added = accounts.flatMap(({ account_id }) => advanceOnboardingIn(handle.db, account_id, TODAY_MS).completed);
    expect(added).toEqual([]);
    const activated = all<{ n: number }>("SELECT count(*) AS n FROM guide_enrolments WHERE activated_at IS NOT NULL")[0].n;
    expect(activated).toBeGreaterThan(counts.guideEnrolments / 2);
    const rolled = all<{ n: number }>("SELECT sum(events) AS n FROM usage_daily")[0].n;
    expect(rolled).toBe(counts.usageEvents);
  });
});
