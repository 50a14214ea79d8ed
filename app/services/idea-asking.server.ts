import { sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { db, transaction } from "../utils/db.server";

/*
 * The revenue asking for each idea, from scratch. The migration's triggers keep the same figures
 * incrementally (a vote, a withdrawal, a request, a merge, an account's ACV, rate or segment
 * change); this is the reference they must equal, and the repair if they ever drift: the CLI's
 * `ideas rebuild` (decision 045). The account triggers stand still while it runs (`idea_rebuilding`).
 */

export type AskingFigures = { id: number; votes: number; accounts: number; arrMinor: number; high: number; low: number; tech: number };

/** Each idea's reasons by account, from the votes, requests and authors themselves. */
const REASONS = sql`
  SELECT idea_id, account_id, sum(author) AS author, sum(votes) AS votes, sum(requests) AS requests FROM (
    SELECT topic_id AS idea_id, author_account_id AS account_id, 1 AS author, 0 AS votes, 0 AS requests FROM ideas WHERE author_account_id IS NOT NULL
    UNION ALL SELECT idea_id, account_id, 0, 1, 0 FROM idea_votes WHERE account_id IS NOT NULL
    UNION ALL SELECT idea_id, account_id, 0, 0, 1 FROM idea_requests
  ) GROUP BY idea_id, account_id`;

/** Rewrites every idea's accounts and figures from the votes, requests and authors; returns what it wrote and how long it took. */
export function rebuildIdeaAsking(conn?: Db): { ideas: number; accountRows: number; ms: number } {
  const started = performance.now();
  const run = (tx: Db) => {
    tx.run(sql`INSERT OR IGNORE INTO idea_rebuilding (id) VALUES (1)`);
    tx.run(sql`DELETE FROM idea_accounts`);
    const accountRows = tx.run(sql`INSERT INTO idea_accounts (idea_id, account_id, author, votes, requests) ${REASONS} ORDER BY idea_id, account_id`).changes;
    tx.run(sql`DROP TABLE IF EXISTS temp.idea_asking_totals`);
    tx.run(
      sql`CREATE TEMP TABLE idea_asking_totals (idea_id INTEGER PRIMARY KEY, votes INTEGER, accounts INTEGER, arr INTEGER, high INTEGER, low INTEGER, tech INTEGER)`,
    );
    tx.run(sql`INSERT INTO temp.idea_asking_totals (idea_id, votes, accounts, arr, high, low, tech)
      SELECT i.topic_id, coalesce(v.n, 0), coalesce(x.accounts, 0), coalesce(x.arr, 0), coalesce(x.high, 0), coalesce(x.low, 0), coalesce(x.tech, 0)
      FROM ideas i
      LEFT JOIN (SELECT idea_id, count(*) AS n FROM idea_votes GROUP BY idea_id) v ON v.idea_id = i.topic_id
      LEFT JOIN (SELECT x.idea_id, count(*) AS accounts, sum(coalesce(a.acv_reporting_minor, 0)) AS arr,
                        sum(a.segment = 'high') AS high, sum(a.segment = 'low') AS low, sum(a.segment = 'tech') AS tech
                 FROM idea_accounts x JOIN accounts a ON a.id = x.account_id GROUP BY x.idea_id) x ON x.idea_id = i.topic_id`);
    // Only rows whose figures differ are written: a rebuild of figures that were right touches no index.
    const ideas =
      tx.run(sql`UPDATE ideas SET vote_count = t.votes, account_count = t.accounts, arr_minor = t.arr, high_count = t.high, low_count = t.low, tech_count = t.tech
      FROM temp.idea_asking_totals t WHERE t.idea_id = ideas.topic_id
        AND (vote_count, account_count, arr_minor, high_count, low_count, tech_count) IS NOT (t.votes, t.accounts, t.arr, t.high, t.low, t.tech)`).changes;
    tx.run(sql`DROP TABLE temp.idea_asking_totals`);
    tx.run(sql`DELETE FROM idea_rebuilding`);
    return { ideas, accountRows };
  };
  const result = conn ? run(conn) : transaction(run);
  return { ...result, ms: performance.now() - started };
}

/** Every idea's figures as the triggers keep them. */
export function storedAsking(conn: Db = db): AskingFigures[] {
  return conn.all<AskingFigures>(sql`SELECT topic_id AS id, vote_count AS votes, account_count AS accounts, arr_minor AS arrMinor,
    high_count AS high, low_count AS low, tech_count AS tech FROM ideas ORDER BY topic_id`);
}

/** Every idea's figures computed from scratch (nothing written). */
export function computedAsking(conn: Db = db): AskingFigures[] {
  return conn.all<AskingFigures>(sql`
    WITH reasons AS (${REASONS})
    SELECT i.topic_id AS id, (SELECT count(*) FROM idea_votes v WHERE v.idea_id = i.topic_id) AS votes,
      count(a.id) AS accounts, coalesce(sum(coalesce(a.acv_reporting_minor, 0)), 0) AS arrMinor,
      coalesce(sum(a.segment = 'high'), 0) AS high, coalesce(sum(a.segment = 'low'), 0) AS low, coalesce(sum(a.segment = 'tech'), 0) AS tech
    FROM ideas i LEFT JOIN reasons r ON r.idea_id = i.topic_id LEFT JOIN accounts a ON a.id = r.account_id
    GROUP BY i.topic_id ORDER BY i.topic_id`);
}

/** Ideas whose stored figures differ from the ones computed from scratch (empty when all agree). */
export function askingDrift(conn: Db = db): { stored: AskingFigures; computed: AskingFigures }[] {
  const computed = new Map(computedAsking(conn).map((row) => [row.id, row]));
  return storedAsking(conn)
    .map((stored) => ({ stored, computed: computed.get(stored.id)! }))
    .filter(({ stored, computed }) => JSON.stringify(stored) !== JSON.stringify(computed));
}
