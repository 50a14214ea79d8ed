import { sql, type SQL } from "drizzle-orm";
import type { Db, Sqlite } from "../../db/client";

/*
 * The dashboard's pre-aggregates (docs/decisions/017-console-aggregates.md): `nps_daily` counts
 * responses per UTC day of the first answer and score, `invitations_daily` counts invitations per
 * UTC day written; both keyed by campaign, segment, CSM, stage and locale as the account was
 * when counted. `response_rollup` remembers what each response contributes, so a changed answer
 * moves its count instead of adding one.
 */

const DAY_OF = (ms: string) => `strftime('%Y-%m-%d', ${ms} / 1000, 'unixepoch')`;

const RESPONSE_FACTS = `
  SELECT r.id AS response_id, ${DAY_OF("r.created_at")} AS day, coalesce(r.campaign_id, 0) AS campaign_id,
         a.segment, coalesce(a.csm_user_id, 0) AS csm_user_id, a.stage, r.locale, r.score
  FROM responses r JOIN accounts a ON a.id = r.account_id`;

type Contribution = { day: string; campaign_id: number; segment: string; csm_user_id: number; stage: string; locale: string; score: number };

const KEY_COLUMNS = "day, campaign_id, segment, csm_user_id, stage, locale";

function addResponseCount(tx: Db, c: Contribution, delta: 1 | -1) {
  tx.run(sql`INSERT INTO nps_daily (day, campaign_id, segment, csm_user_id, stage, locale, score, responses)
    VALUES (${c.day}, ${c.campaign_id}, ${c.segment}, ${c.csm_user_id}, ${c.stage}, ${c.locale}, ${c.score}, ${delta})
    ON CONFLICT (day, campaign_id, segment, csm_user_id, stage, locale, score) DO UPDATE SET responses = responses + excluded.responses`);
}

const sameContribution = (a: Contribution, b: Contribution) =>
  a.day === b.day &&
  a.campaign_id === b.campaign_id &&
  a.segment === b.segment &&
  a.csm_user_id === b.csm_user_id &&
  a.stage === b.stage &&
  a.locale === b.locale &&
  a.score === b.score;

/**
 * Brings one response's dashboard count up to date (first answer, changed score, or the
 * response gone). Idempotent: running it twice counts once. Call inside a transaction.
 */
export function rollUpResponse(tx: Db, responseId: number): "added" | "moved" | "unchanged" | "removed" {
  const current = tx.get<Contribution | undefined>(sql`${sql.raw(RESPONSE_FACTS)} WHERE r.id = ${responseId}`);
  const counted = tx.get<Contribution | undefined>(sql`SELECT ${sql.raw(KEY_COLUMNS)}, score FROM response_rollup WHERE response_id = ${responseId}`);
  if (current && counted && sameContribution(current, counted)) return "unchanged";
  if (counted) addResponseCount(tx, counted, -1);
  if (!current) {
    tx.run(sql`DELETE FROM response_rollup WHERE response_id = ${responseId}`);
    return "removed";
  }
  addResponseCount(tx, current, 1);
  tx.run(sql`INSERT INTO response_rollup (response_id, ${sql.raw(KEY_COLUMNS)}, score)
    VALUES (${responseId}, ${current.day}, ${current.campaign_id}, ${current.segment}, ${current.csm_user_id}, ${current.stage}, ${current.locale}, ${current.score})
    ON CONFLICT (response_id) DO UPDATE SET day = excluded.day, campaign_id = excluded.campaign_id, segment = excluded.segment,
      csm_user_id = excluded.csm_user_id, stage = excluded.stage, locale = excluded.locale, score = excluded.score`);
  return counted ? "moved" : "added";
}

/** An invitation's key columns (KEY_COLUMNS, in order), over `invitations i JOIN accounts a`. */
const INVITATION_KEYS = `${DAY_OF("i.created_at")}, i.campaign_id, a.segment, coalesce(a.csm_user_id, 0), a.stage, i.locale`;

/** Adds (or, with -1, removes) the invitations matching `where` (over `invitations i`) to the daily counts. */
export function countInvitationsDaily(tx: Db, where: SQL, sign: 1 | -1 = 1) {
  tx.run(sql`INSERT INTO invitations_daily (${sql.raw(KEY_COLUMNS)}, invitations)
    SELECT ${sql.raw(INVITATION_KEYS)}, ${sign} * count(*)
    FROM invitations i JOIN accounts a ON a.id = i.account_id
    WHERE ${where}
    GROUP BY 1, 2, 3, 4, 5, 6
    ON CONFLICT (${sql.raw(KEY_COLUMNS)}) DO UPDATE SET invitations = invitations + excluded.invitations`);
}

const WEEK_OF = (day: string) => `date(${day}, 'weekday 0', '-6 days')`;
const MONTH_OF = (day: string) => `substr(${day}, 1, 8) || '01'`;

/**
 * Recomputes every aggregate from the rows (after bulk loads such as the demo seed); run it in a
 * transaction. `nps_period` and `nps_csm_period` are sums of `nps_daily`, kept row by row by its
 * triggers (migration 0006); for a bulk load those would cost five upserts per daily row, so they
 * are set aside for the load (their SQL read back from the schema and replayed, all inside the
 * transaction) and the sums are computed in bulk with the same week and month rules.
 */
export function rebuildNpsRollups(sqlite: Sqlite) {
  sqlite.exec("DELETE FROM response_rollup; DELETE FROM nps_daily; DELETE FROM nps_period; DELETE FROM nps_csm_period; DELETE FROM invitations_daily;");
  sqlite.exec(`INSERT INTO response_rollup (response_id, ${KEY_COLUMNS}, score) ${RESPONSE_FACTS}`);
  const triggers = sqlite
    .prepare<[], { name: string; sql: string }>("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'nps_daily'")
    .all();
  for (const { name } of triggers) sqlite.exec(`DROP TRIGGER "${name}"`);
  sqlite.exec(`INSERT INTO nps_daily (${KEY_COLUMNS}, score, responses)
    SELECT ${KEY_COLUMNS}, score, count(*) FROM response_rollup GROUP BY ${KEY_COLUMNS}, score`);
  // Days from nps_daily, weeks and months from those days (a quarter of the rows).
  sqlite.exec(`INSERT INTO nps_period (grain, period, campaign_id, segment, stage, locale, score, responses)
    SELECT 'day', day, campaign_id, segment, stage, locale, score, sum(responses) FROM nps_daily GROUP BY 2, 3, 4, 5, 6, 7`);
  for (const [grain, periodOf] of [
    ["week", WEEK_OF("period")],
    ["month", MONTH_OF("period")],
  ]) {
    sqlite.exec(`INSERT INTO nps_period (grain, period, campaign_id, segment, stage, locale, score, responses)
      SELECT '${grain}', ${periodOf}, campaign_id, segment, stage, locale, score, sum(responses) FROM nps_period WHERE grain = 'day' GROUP BY 2, 3, 4, 5, 6, 7`);
  }
  sqlite.exec(`INSERT INTO nps_csm_period (grain, period, csm_user_id, campaign_id, segment, score, responses)
    SELECT 'day', day, csm_user_id, campaign_id, segment, score, sum(responses) FROM nps_daily GROUP BY 2, 3, 4, 5, 6`);
  sqlite.exec(`INSERT INTO nps_csm_period (grain, period, csm_user_id, campaign_id, segment, score, responses)
    SELECT 'month', ${MONTH_OF("period")}, csm_user_id, campaign_id, segment, score, sum(responses) FROM nps_csm_period WHERE grain = 'day' GROUP BY 2, 3, 4, 5, 6`);
  for (const trigger of triggers) sqlite.exec(trigger.sql);
  sqlite.exec(`INSERT INTO invitations_daily (${KEY_COLUMNS}, invitations)
    SELECT ${INVITATION_KEYS}, count(*)
    FROM invitations i JOIN accounts a ON a.id = i.account_id WHERE i.status <> 'cancelled'
    GROUP BY 1, 2, 3, 4, 5, 6`);
}
