import { sql, type SQL } from "drizzle-orm";
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

const TEMP_TABLES = ["idea_reasons", "idea_reasons_diff", "idea_asking_totals"] as const;

/**
 * Recomputes every idea's accounts and figures from the votes, requests and authors, set-based (a few
 * statements over whole tables, no per-idea loop; decision 051), and writes only what differs:
 *  1. the reasons by (idea, account) go into a temporary table in key order — the votes read in that
 *     order from idea_votes_account_idx (votes without an account under account 0, for the count),
 *     then the requests and the authors merged in;
 *  2. `idea_accounts` is compared with it in one pass; the rows missing or different are written, and
 *     rows no reason supports any more are deleted (a second pass, only when the counts show some);
 *  3. each idea's figures are summed from the reasons and the accounts, and written where they differ.
 * Returns the reasons counted, the rows and ideas written, and how long it took.
 */
export function rebuildIdeaAsking(conn?: Db): { ideas: number; accountRows: number; accountRowsWritten: number; ms: number } {
  const started = performance.now();
  const count = (tx: Db, query: SQL) => tx.get<{ n: number }>(sql`SELECT count(*) AS n FROM ${query}`).n;
  const run = (tx: Db) => {
    tx.run(sql`INSERT OR IGNORE INTO idea_rebuilding (id) VALUES (1)`);
    for (const table of TEMP_TABLES) tx.run(sql.raw(`DROP TABLE IF EXISTS temp.${table}`));
    tx.run(sql`CREATE TEMP TABLE idea_reasons (idea_id INTEGER NOT NULL, account_id INTEGER NOT NULL, author INTEGER NOT NULL, votes INTEGER NOT NULL,
      requests INTEGER NOT NULL, PRIMARY KEY (idea_id, account_id)) WITHOUT ROWID`);
    tx.run(sql`INSERT INTO temp.idea_reasons (idea_id, account_id, author, votes, requests)
      SELECT idea_id, coalesce(account_id, 0), 0, count(*), 0 FROM idea_votes GROUP BY idea_id, account_id ORDER BY idea_id, account_id`);
    tx.run(sql`INSERT INTO temp.idea_reasons (idea_id, account_id, author, votes, requests)
      SELECT idea_id, account_id, 0, 0, count(*) FROM idea_requests WHERE true GROUP BY idea_id, account_id
      ON CONFLICT (idea_id, account_id) DO UPDATE SET requests = excluded.requests`);
    tx.run(sql`INSERT INTO temp.idea_reasons (idea_id, account_id, author, votes, requests)
      SELECT topic_id, author_account_id, 1, 0, 0 FROM ideas WHERE author_account_id IS NOT NULL
      ON CONFLICT (idea_id, account_id) DO UPDATE SET author = 1`);
    const accountRows = count(tx, sql`temp.idea_reasons WHERE account_id <> 0`);
    const stored = count(tx, sql`idea_accounts`);
    let accountRowsWritten = 0;
    if (stored === 0) {
      accountRowsWritten = tx.run(sql`INSERT INTO idea_accounts (idea_id, account_id, author, votes, requests)
        SELECT idea_id, account_id, author, votes, requests FROM temp.idea_reasons WHERE account_id <> 0 ORDER BY idea_id, account_id`).changes;
    } else {
      tx.run(sql`CREATE TEMP TABLE idea_reasons_diff (idea_id INTEGER NOT NULL, account_id INTEGER NOT NULL, author INTEGER NOT NULL,
        votes INTEGER NOT NULL, requests INTEGER NOT NULL, stored INTEGER NOT NULL)`);
      tx.run(sql`INSERT INTO temp.idea_reasons_diff (idea_id, account_id, author, votes, requests, stored)
        SELECT r.idea_id, r.account_id, r.author, r.votes, r.requests, x.rowid IS NOT NULL
        FROM temp.idea_reasons r LEFT JOIN idea_accounts x ON x.idea_id = r.idea_id AND x.account_id = r.account_id
        WHERE r.account_id <> 0 AND (x.rowid IS NULL OR (x.author, x.votes, x.requests) IS NOT (r.author, r.votes, r.requests))`);
      const missing = count(tx, sql`temp.idea_reasons_diff WHERE stored = 0`);
      // Stored rows that matched a reason are the reasons less the missing ones; any others are stale.
      if (stored > accountRows - missing)
        accountRowsWritten += tx.run(sql`DELETE FROM idea_accounts WHERE NOT EXISTS
          (SELECT 1 FROM temp.idea_reasons r WHERE r.idea_id = idea_accounts.idea_id AND r.account_id = idea_accounts.account_id)`).changes;
      accountRowsWritten += tx.run(sql`UPDATE idea_accounts SET author = d.author, votes = d.votes, requests = d.requests
        FROM temp.idea_reasons_diff d WHERE d.stored = 1 AND d.idea_id = idea_accounts.idea_id AND d.account_id = idea_accounts.account_id`).changes;
      accountRowsWritten += tx.run(sql`INSERT INTO idea_accounts (idea_id, account_id, author, votes, requests)
        SELECT idea_id, account_id, author, votes, requests FROM temp.idea_reasons_diff WHERE stored = 0 ORDER BY idea_id, account_id`).changes;
    }
    tx.run(
      sql`CREATE TEMP TABLE idea_asking_totals (idea_id INTEGER PRIMARY KEY, votes INTEGER, accounts INTEGER, arr INTEGER, high INTEGER, low INTEGER, tech INTEGER)`,
    );
    tx.run(sql`INSERT INTO temp.idea_asking_totals (idea_id, votes, accounts, arr, high, low, tech)
      SELECT r.idea_id, sum(r.votes), count(a.id), coalesce(sum(coalesce(a.acv_reporting_minor, 0)), 0),
        coalesce(sum(a.segment = 'high'), 0), coalesce(sum(a.segment = 'low'), 0), coalesce(sum(a.segment = 'tech'), 0)
      FROM temp.idea_reasons r LEFT JOIN accounts a ON a.id = r.account_id AND r.account_id <> 0 GROUP BY r.idea_id`);
    // Only ideas whose figures differ are written (an idea nobody asks for any more goes back to zero).
    const ideas = tx.run(sql`UPDATE ideas SET vote_count = coalesce(t.votes, 0), account_count = coalesce(t.accounts, 0), arr_minor = coalesce(t.arr, 0),
        high_count = coalesce(t.high, 0), low_count = coalesce(t.low, 0), tech_count = coalesce(t.tech, 0)
      FROM ideas i LEFT JOIN temp.idea_asking_totals t ON t.idea_id = i.topic_id
      WHERE i.topic_id = ideas.topic_id AND (ideas.vote_count, ideas.account_count, ideas.arr_minor, ideas.high_count, ideas.low_count, ideas.tech_count)
        IS NOT (coalesce(t.votes, 0), coalesce(t.accounts, 0), coalesce(t.arr, 0), coalesce(t.high, 0), coalesce(t.low, 0), coalesce(t.tech, 0))`).changes;
    for (const table of TEMP_TABLES) tx.run(sql.raw(`DROP TABLE IF EXISTS temp.${table}`));
    tx.run(sql`DELETE FROM idea_rebuilding`);
    return { ideas, accountRows, accountRowsWritten };
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
