import { DAY_MS } from "../domain/days";
import { sqlite } from "../utils/db.server";

/** Rows deleted per statement when pruning: short enough that the writer is never held for long. */
const PRUNE_SLICE_ROWS = 2_000;

/**
 * Deletes raw usage events received more than `retentionDays` ago, oldest first, in slices (at
 * most `maxSlices` per call; the worker calls it every housekeeping round). Ids grow with the
 * time of receipt, so the oldest rows are the lowest ids and no index on time is needed. The day
 * rollups are kept. Returns how many events were deleted.
 */
export function pruneUsageEvents(now: number, retentionDays: number, maxSlices = 10): number {
  const conn = sqlite();
  const oldest = conn.prepare<[], { id: number; receivedAt: number }>("SELECT id, received_at AS receivedAt FROM usage_events ORDER BY id LIMIT 1");
  const prune = conn.prepare<[number, number]>("DELETE FROM usage_events WHERE id < ? AND received_at < ?");
  const cutoff = now - retentionDays * DAY_MS;
  let deleted = 0;
  for (let slice = 0; slice < maxSlices; slice++) {
    const first = oldest.get();
    if (!first || first.receivedAt >= cutoff) break;
    deleted += prune.run(first.id + PRUNE_SLICE_ROWS, cutoff).changes;
  }
  return deleted;
}

/** Active people at an account over the days `from`..`to` (team-calendar dates, inclusive). */
export function activeUsers(accountId: number, from: string, to: string): number {
  return sqlite()
    .prepare<[number, string, string], { n: number }>("SELECT count(DISTINCT person) AS n FROM usage_daily_people WHERE account_id = ? AND day BETWEEN ? AND ?")
    .get(accountId, from, to)!.n;
}

/** Events per type at an account over the days `from`..`to`, most first. */
export function eventsByType(accountId: number, from: string, to: string): { type: string; events: number }[] {
  return sqlite()
    .prepare<[number, string, string], { type: string; events: number }>(
      `SELECT t.name AS type, sum(d.events) AS events FROM usage_daily d JOIN usage_event_types t ON t.id = d.type_id
       WHERE d.account_id = ? AND d.day BETWEEN ? AND ? GROUP BY t.name ORDER BY events DESC, t.name`,
    )
    .all(accountId, from, to);
}

/**
 * Remembers which account each Segment user belongs to (their latest `group` call wins). Calls
 * naming an account Kizuna lacks are returned, never invented.
 */
export function linkSegmentUsers<T extends { userId: string; accountExternalId: string }>(links: readonly T[], now: number): { linked: number; unknown: T[] } {
  const conn = sqlite();
  const account = conn.prepare<[string], { id: number }>("SELECT id FROM accounts WHERE external_id = ?");
  const upsert = conn.prepare<[string, number, number]>(
    "INSERT INTO usage_segment_users (user_id, account_id, updated_at) VALUES (?, ?, ?) ON CONFLICT(user_id) DO UPDATE SET account_id = excluded.account_id, updated_at = excluded.updated_at",
  );
  const unknown: T[] = [];
  let linked = 0;
  conn.transaction(() => {
    for (const link of links) {
      const found = account.get(link.accountExternalId);
      if (!found) unknown.push(link);
      else {
        upsert.run(link.userId, found.id, now);
        linked++;
      }
    }
  })();
  return { linked, unknown };
}

/** The external id of the account a Segment user was last grouped with. */
export function accountExternalIdOfSegmentUser(userId: string): string | undefined {
  return sqlite()
    .prepare<[string], { externalId: string }>(
      "SELECT a.external_id AS externalId FROM usage_segment_users s JOIN accounts a ON a.id = s.account_id WHERE s.user_id = ?",
    )
    .get(userId)?.externalId;
}
