/**
 * Run as its own process against DATABASE_URL (a COPY of the large seed): migrates it, and when it
 * holds no guide yet, publishes a 7-step guide and enrols every account (20,000 on the large seed)
 * with deterministic progress — completions, activation and TTV for those past the first-value
 * step, about 8 % stalled, some on an older version. Then times the account 360's onboarding
 * section for 200 accounts in this process (the server time, without HTTP) and prints
 * `SECTION <p95 ms> <median ms>`, `GUIDE <id>` and `COHORT <YYYY-MM>` (the busiest start month).
 */
import { runMigrations } from "../../../db/client";
import { accountOnboarding } from "../../../app/services/account-onboarding.server";
import { db, sqlite } from "../../../app/utils/db.server";

runMigrations(db);
const conn = sqlite();
const DAY = 86_400_000;
const now = Date.now();
const STEPS = ["connect", "import", "invite", "dashboard", "report", "share", "automate"];
const FIRST_VALUE = 4;

// A small deterministic generator: the same database every run.
let state = 0x2f6b_9a3d;
const random = () => {
  state ^= state << 13;
  state ^= state >>> 17;
  state ^= state << 5;
  return (state >>> 0) / 0x1_0000_0000;
};

const existing = conn.prepare<[], { id: number }>("SELECT id FROM guides WHERE key = 'bench-onboarding'").get();
if (!existing) {
  conn.transaction(() => {
    const guideId = Number(
      conn
        .prepare(
          `INSERT INTO guides (key, name_en, name_ja, segments, stages, locales, target_days, status, created_at, updated_at)
           VALUES ('bench-onboarding', 'Get started', 'はじめに', '[]', '[]', '[]', 14, 'published', ?, ?)`,
        )
        .run(now, now).lastInsertRowid,
    );
    const versionIds: number[] = [];
    for (const version of [1, 2]) {
      const versionId = Number(
        conn
          .prepare(`INSERT INTO guide_versions (guide_id, version, steps_hash, step_count, first_value_key, published_at) VALUES (?, ?, ?, ?, ?, ?)`)
          .run(guideId, version, `bench-${version}`, STEPS.length, STEPS[FIRST_VALUE], now - (3 - version) * 90 * DAY).lastInsertRowid,
      );
      versionIds.push(versionId);
      const step = conn.prepare(
        `INSERT INTO guide_steps (version_id, position, key, title_en, title_ja, body_en, body_ja, scope, done_when, event_type, first_value)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      );
      STEPS.forEach((key, position) =>
        step.run(
          versionId,
          position,
          key,
          `Step ${key}`,
          `ステップ ${key}`,
          `Do ${key}.`,
          `${key} をします。`,
          position % 2 ? "user" : "account",
          JSON.stringify({ event: `${key}_done` }),
          `${key}_done`,
          position === FIRST_VALUE ? 1 : 0,
        ),
      );
    }
    conn.prepare("UPDATE guides SET current_version_id = ? WHERE id = ?").run(versionIds[1], guideId);
    const accounts = conn.prepare<[], { id: number; startDate: string }>("SELECT id, start_date AS startDate FROM accounts ORDER BY id").all();
    const enrol = conn.prepare(
      `INSERT INTO guide_enrolments (account_id, guide_id, version_id, started_at, activated_at, ttv_days, done_steps, last_progress_at, stalled_at, nudges, enrolled_by, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 1, 'admin', ?) ON CONFLICT(account_id) DO NOTHING`,
    );
    const complete = conn.prepare(
      `INSERT INTO guide_step_completions (enrolment_id, step_key, done_at, person, contact_id, done_by, source) VALUES (?, ?, ?, NULL, NULL, NULL, 'event')`,
    );
    for (const account of accounts) {
      const start = Date.parse(`${account.startDate}T00:00:00Z`);
      const age = Math.max(0, Math.floor((now - start) / DAY));
      // Steps done: most do a few, fewer get far; a young account has had less time.
      let done = 0;
      while (done < STEPS.length && random() < (age > 60 ? 0.8 : 0.6)) done++;
      const at: number[] = [];
      let t = start;
      for (let i = 0; i < done; i++) {
        t += Math.floor(random() * 6 * DAY) + 3_600_000;
        at.push(Math.min(t, now));
      }
      const activated = done > FIRST_VALUE ? at[FIRST_VALUE] : null;
      const ttv = activated === null ? null : Math.max(0, Math.floor((activated - start) / DAY));
      const last = at.length ? at[at.length - 1] : null;
      const stalled = done < STEPS.length && random() < 0.08 ? now - Math.floor(random() * 30) * DAY : null;
      const versionId = random() < 0.3 ? versionIds[0] : versionIds[1];
      const enrolmentId = Number(enrol.run(account.id, guideId, versionId, account.startDate, activated, ttv, done, last, stalled, now).lastInsertRowid);
      for (let i = 0; i < done; i++) complete.run(enrolmentId, STEPS[i], at[i]);
    }
  })();
}
const guideId = conn.prepare<[], { id: number }>("SELECT id FROM guides WHERE key = 'bench-onboarding'").get()!.id;
const cohort = conn
  .prepare<[number], { cohort: string }>(
    "SELECT substr(started_at, 1, 7) AS cohort FROM guide_enrolments WHERE guide_id = ? GROUP BY 1 ORDER BY count(*) DESC LIMIT 1",
  )
  .get(guideId)!.cohort;
const enrolled = conn.prepare<[number], { n: number }>("SELECT count(*) AS n FROM guide_enrolments WHERE guide_id = ?").get(guideId)!.n;

const sample = conn
  .prepare<[number], { accountId: number }>("SELECT account_id AS accountId FROM guide_enrolments WHERE guide_id = ? ORDER BY random() LIMIT 200")
  .all(guideId);
for (const { accountId } of sample.slice(0, 20)) accountOnboarding(accountId);
const times: number[] = [];
for (const { accountId } of sample) {
  const started = performance.now();
  accountOnboarding(accountId);
  times.push(performance.now() - started);
}
times.sort((a, b) => a - b);
process.stdout.write(`GUIDE ${guideId}\nCOHORT ${cohort}\nENROLLED ${enrolled}\n`);
process.stdout.write(`SECTION ${times[Math.ceil(times.length * 0.95) - 1].toFixed(3)} ${times[times.length >> 1].toFixed(3)}\n`);
