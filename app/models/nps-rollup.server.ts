import { sql, type SQL } from "drizzle-orm";
import type { Db, Sqlite } from "../../db/client";
import { dayInZone, zoneOffsetSpans } from "../domain/zone-days";

/*
 * The dashboard's pre-aggregates (docs/decisions/017-console-aggregates.md): `nps_daily` counts
 * responses per team-zone day of the first answer and score, `invitations_daily` counts
 * invitations per team-zone day written; both keyed by campaign, segment, CSM, stage and locale
 * as the account was when counted. `response_rollup` remembers what each response contributes,
 * so a changed answer moves its count instead of adding one. The day is worked out here, when a
 * response is counted (off the answer path), because SQLite knows no IANA zones.
 */

/**
 * SQL for the team-zone day of `column` (epoch ms), for values within [from, to]: the zone's
 * offsets over that range are written into the statement (one per DST stretch, a handful a year),
 * so SQLite does plain arithmetic and any tool reading the database sees the same days.
 */
export function zoneDaySql(column: string, timeZone: string, from: number, to: number): string {
  const spans = zoneOffsetSpans(timeZone, from, to);
  const last = spans[spans.length - 1];
  const offset =
    spans.length === 1
      ? String(last.offset)
      : `CASE ${spans
          .slice(0, -1)
          .map((span) => `WHEN ${column} < ${span.end} THEN ${span.offset}`)
          .join(" ")} ELSE ${last.offset} END`;
  return `strftime('%Y-%m-%d', (${column} + ${offset}) / 1000, 'unixepoch')`;
}

/** What a response counts under, its day given as SQL (`day`) over `responses r JOIN accounts a`. */
const responseFacts = (day: string) => `
  SELECT r.id AS response_id, ${day} AS day, coalesce(r.campaign_id, 0) AS campaign_id,
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
export function rollUpResponse(tx: Db, responseId: number, timeZone: string): "added" | "moved" | "unchanged" | "removed" {
  // The day column carries the first answer's instant; its day in the zone is worked out here.
  const fact = tx.get<(Omit<Contribution, "day"> & { day: number }) | undefined>(sql`${sql.raw(responseFacts("r.created_at"))} WHERE r.id = ${responseId}`);
  const current: Contribution | undefined = fact && { ...fact, day: dayInZone(fact.day, timeZone) };
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

/** An invitation's key columns (KEY_COLUMNS, in order), over `invitations i JOIN accounts a`, its day given as SQL. */
const invitationKeys = (day: string) => `${day}, i.campaign_id, a.segment, coalesce(a.csm_user_id, 0), a.stage, i.locale`;

/** When the invitations matching `where` were written, first and last (null when none match). */
function invitationSpan(conn: Db | Sqlite, where: SQL | string): { from: number; to: number } | null {
  const row =
    typeof where === "string"
      ? (conn as Sqlite)
          .prepare<[], { from: number | null; to: number | null }>(
            `SELECT min(created_at) AS "from", max(created_at) AS "to" FROM invitations i WHERE ${where}`,
          )
          .get()
      : (conn as Db).get<{ from: number | null; to: number | null }>(
          sql`SELECT min(created_at) AS "from", max(created_at) AS "to" FROM invitations i WHERE ${where}`,
        );
  return row && row.from !== null && row.to !== null ? { from: row.from, to: row.to } : null;
}

/** Adds (or, with -1, removes) the invitations matching `where` (over `invitations i`) to the daily counts, by their day in `timeZone`. */
export function countInvitationsDaily(tx: Db, where: SQL, timeZone: string, sign: 1 | -1 = 1) {
  const span = invitationSpan(tx, where);
  if (!span) return;
  tx.run(sql`INSERT INTO invitations_daily (${sql.raw(KEY_COLUMNS)}, invitations)
    SELECT ${sql.raw(invitationKeys(zoneDaySql("i.created_at", timeZone, span.from, span.to)))}, ${sign} * count(*)
    FROM invitations i JOIN accounts a ON a.id = i.account_id
    WHERE ${where}
    GROUP BY 1, 2, 3, 4, 5, 6
    ON CONFLICT (${sql.raw(KEY_COLUMNS)}) DO UPDATE SET invitations = invitations + excluded.invitations`);
}

/**
 * Moves the counted responses with ids in [fromId, toId] to their day in `timeZone` (the rest of
 * what they count under stays as counted). Set-based: the counts leave their old days and reach
 * the new ones in two grouped upserts, whose `nps_daily` triggers carry the weeks and months.
 * Returns how many responses moved. Call inside a transaction.
 */
export function rekeyResponseDays(tx: Db, fromId: number, toId: number, timeZone: string): number {
  const span = tx.get<{ from: number | null; to: number | null }>(
    sql`SELECT min(r.created_at) AS "from", max(r.created_at) AS "to" FROM response_rollup rr JOIN responses r ON r.id = rr.response_id
      WHERE rr.response_id BETWEEN ${fromId} AND ${toId}`,
  );
  if (!span || span.from === null || span.to === null) return 0;
  const newDay = zoneDaySql("r.created_at", timeZone, span.from, span.to);
  const moving = `FROM response_rollup rr JOIN responses r ON r.id = rr.response_id
    WHERE rr.response_id BETWEEN ${Number(fromId)} AND ${Number(toId)} AND rr.day <> ${newDay}`;
  const upsert = (day: string, sign: 1 | -1) =>
    tx.run(
      sql.raw(`INSERT INTO nps_daily (${KEY_COLUMNS}, score, responses)
        SELECT ${day}, rr.campaign_id, rr.segment, rr.csm_user_id, rr.stage, rr.locale, rr.score, ${sign} * count(*) ${moving}
        GROUP BY 1, 2, 3, 4, 5, 6, 7
        ON CONFLICT (${KEY_COLUMNS}, score) DO UPDATE SET responses = responses + excluded.responses`),
    );
  upsert("rr.day", -1);
  upsert(newDay, 1);
  return tx.run(
    sql.raw(`UPDATE response_rollup AS rr SET day = ${newDay} FROM responses r
      WHERE r.id = rr.response_id AND rr.response_id BETWEEN ${Number(fromId)} AND ${Number(toId)} AND rr.day <> ${newDay}`),
  ).changes;
}

/**
 * Counts one campaign's invitations again from its rows, by their day in `timeZone` (and the
 * accounts as they are now, like the full rebuild). One statement pair per campaign: a campaign's
 * invitations are only ever counted whole, so there is no per-invitation record to move.
 */
export function recountCampaignInvitations(tx: Db, campaignId: number, timeZone: string) {
  tx.run(sql`DELETE FROM invitations_daily WHERE campaign_id = ${campaignId}`);
  countInvitationsDaily(tx, sql`i.campaign_id = ${campaignId} AND i.status <> 'cancelled'`, timeZone);
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
export function rebuildNpsRollups(sqlite: Sqlite, timeZone: string) {
  sqlite.exec("DELETE FROM response_rollup; DELETE FROM nps_daily; DELETE FROM nps_period; DELETE FROM nps_csm_period; DELETE FROM invitations_daily;");
  const answered = sqlite
    .prepare<[], { from: number | null; to: number | null }>('SELECT min(created_at) AS "from", max(created_at) AS "to" FROM responses')
    .get();
  if (answered?.from != null && answered.to != null) {
    sqlite.exec(
      `INSERT INTO response_rollup (response_id, ${KEY_COLUMNS}, score) ${responseFacts(zoneDaySql("r.created_at", timeZone, answered.from, answered.to))}`,
    );
  }
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
  const invited = invitationSpan(sqlite, "i.status <> 'cancelled'");
  if (invited) {
    sqlite.exec(`INSERT INTO invitations_daily (${KEY_COLUMNS}, invitations)
      SELECT ${invitationKeys(zoneDaySql("i.created_at", timeZone, invited.from, invited.to))}, count(*)
      FROM invitations i JOIN accounts a ON a.id = i.account_id WHERE i.status <> 'cancelled'
      GROUP BY 1, 2, 3, 4, 5, 6`);
  }
  setAggregateZone(sqlite, timeZone);
}

/** The zone the aggregates' days are in (`aggregate_days`); UTC for counts made before zones were kept. */
export function aggregateZone(conn: Db | Sqlite): string {
  const row =
    "prepare" in conn
      ? conn.prepare<[], { timeZone: string }>("SELECT time_zone AS timeZone FROM aggregate_days WHERE id = 1").get()
      : conn.get<{ timeZone: string } | undefined>(sql`SELECT time_zone AS timeZone FROM aggregate_days WHERE id = 1`);
  return row?.timeZone ?? "UTC";
}

export function setAggregateZone(conn: Db | Sqlite, timeZone: string) {
  if ("prepare" in conn) {
    conn
      .prepare<[string]>("INSERT INTO aggregate_days (id, time_zone) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET time_zone = excluded.time_zone")
      .run(timeZone);
  } else {
    conn.run(sql`INSERT INTO aggregate_days (id, time_zone) VALUES (1, ${timeZone}) ON CONFLICT (id) DO UPDATE SET time_zone = excluded.time_zone`);
  }
}

/** The first campaign after `afterId`, for walking every campaign's invitations. */
export function nextCampaignIdAfter(conn: Db, afterId: number): number | null {
  return conn.get<{ id: number | null }>(sql`SELECT min(id) AS id FROM campaigns WHERE id > ${afterId}`)?.id ?? null;
}

/** How many campaigns there are (up to `throughId` when given). */
export function countCampaigns(conn: Db, throughId?: number): number {
  const upTo = throughId === undefined ? sql`` : sql` WHERE id <= ${throughId}`;
  return conn.get<{ n: number }>(sql`SELECT count(*) AS n FROM campaigns${upTo}`)?.n ?? 0;
}
