import { eq, gt, asc, sql } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "../../db/client";
import { communityMembers, type TrustLevel } from "../../db/schema";
import { daysBetween, DAY_MS, trustLevelFor, type TrustActivity } from "../domain/trust-levels";
import { teamToday } from "../models/settings.server";
import { transaction } from "../utils/db.server";
import { defineJob } from "../utils/jobs.server";

/** Agreed flags count against a member for this long. */
const FLAG_MEMORY_MS = 90 * DAY_MS;

/** The activity trust levels are computed from, read from the member's counters and the flags on their posts. */
export function trustActivity(conn: Db, member: typeof communityMembers.$inferSelect, now: number): TrustActivity {
  const flags = conn.get<{ n: number }>(sql`
    SELECT count(DISTINCT f.post_id) AS n FROM community_posts p JOIN community_flags f ON f.post_id = p.id
    WHERE p.author_id = ${member.id} AND f.outcome = 'agreed' AND f.resolved_at > ${now - FLAG_MEMORY_MS}`);
  return {
    daysSinceJoined: daysBetween(member.createdAt.getTime(), now),
    postsWritten: member.topicCount + member.replyCount,
    likesReceived: member.likesReceived,
    acceptedAnswers: member.acceptedAnswerCount,
    agreedFlagsAgainst: flags?.n ?? 0,
  };
}

/**
 * Recomputes a member's trust level from their activity and stores it; returns the level. Call it
 * (in the same transaction) whenever a member's counters change: a post published, a like or an
 * accepted answer received, a flag against them agreed; the nightly run catches the days passing.
 * Staff are `regular`: the posting rules do not apply to them anyway.
 */
export function refreshTrustLevel(conn: Db, memberId: number, now = Date.now()): TrustLevel | null {
  const member = conn.select().from(communityMembers).where(eq(communityMembers.id, memberId)).get();
  if (!member) return null;
  const level: TrustLevel = member.userId !== null ? "regular" : trustLevelFor(trustActivity(conn, member, now)).level;
  if (level !== member.trustLevel) conn.update(communityMembers).set({ trustLevel: level }).where(eq(communityMembers.id, memberId)).run();
  return level;
}

const BATCH = 500;

/** The nightly walk over every member, a batch a run, so days since joining lift levels without a post. */
export const trustLevelsJob = defineJob(
  "community.trust-levels",
  z.object({ day: z.string().regex(/^\d{4}-\d{2}-\d{2}$/), afterId: z.number().int().min(0) }),
  (payload) => `community.trust-levels:${payload.day}:${payload.afterId}`,
);

/** Queues tonight's walk once per team day (a unique key): the worker may call it every few minutes. */
export function scheduleTrustLevels(now = Date.now()): number {
  return transaction((tx) => trustLevelsJob.enqueue(tx, { day: teamToday(now), afterId: 0 }, {}, now));
}

/** One batch of the walk; queues the next batch while members remain. Returns how many levels changed. */
export function refreshTrustLevelsBatch(payload: { day: string; afterId: number }, now = Date.now()): number {
  return transaction((tx) => {
    const ids = tx
      .select({ id: communityMembers.id })
      .from(communityMembers)
      .where(gt(communityMembers.id, payload.afterId))
      .orderBy(asc(communityMembers.id))
      .limit(BATCH)
      .all()
      .map((r) => r.id);
    let changed = 0;
    for (const id of ids) {
      const before = tx.select({ l: communityMembers.trustLevel }).from(communityMembers).where(eq(communityMembers.id, id)).get()?.l;
      if (refreshTrustLevel(tx, id, now) !== before) changed++;
    }
    if (ids.length === BATCH) trustLevelsJob.enqueue(tx, { day: payload.day, afterId: ids[ids.length - 1] }, {}, now);
    return changed;
  });
}
