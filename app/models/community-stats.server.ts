import { sql } from "drizzle-orm";
import { WEEK_MS } from "../domain/community-console";
import { db } from "../utils/db.server";

/*
 * The community's weekly statistics, from the aggregates the posting triggers keep (migration
 * 0021), never from a scan of posts or likes:
 * - active members: `community_activity_weeks` (one row per member and week with a post or a like);
 * - new topics and questions: topics by creation time, through `community_topic_answers`' index
 *   on `created_at` (one row per topic with its first answer by someone other than the asker);
 * - medians: the middle row of each week's ordered times (window functions), so only one row a
 *   week leaves SQLite.
 * A week is Monday 00:00 UTC to the next; questions count in the week they were asked.
 */

export type CommunityWeek = {
  weekStart: number;
  activeMembers: number;
  newTopics: number;
  questions: number;
  answered: number;
  /** Milliseconds; null when no question of the week has one. */
  medianFirstAnswerMs: number | null;
  medianAcceptedMs: number | null;
};

const week = (column: string) => sql.raw(`((${column} / 86400000) - ((${column} / 86400000 + 3) % 7)) * 86400000`);

/** Median of `value` per week over the rows `source` selects as (week, value). */
function mediansByWeek(source: ReturnType<typeof sql>): Map<number, number> {
  const rows = db.all<{ week: number; median: number }>(sql`
    WITH v AS (SELECT week, value, row_number() OVER (PARTITION BY week ORDER BY value) AS i, count(*) OVER (PARTITION BY week) AS n FROM (${source}))
    SELECT week, avg(value) AS median FROM v WHERE i IN ((n + 1) / 2, (n + 2) / 2) GROUP BY week`);
  return new Map(rows.map((row) => [row.week, row.median]));
}

export function communityWeeklyStats(weeks: readonly number[]): CommunityWeek[] {
  if (weeks.length === 0) return [];
  const from = weeks[0];
  const to = weeks[weeks.length - 1] + WEEK_MS;

  const active = new Map(
    db
      .all<{ week: number; n: number }>(
        sql`SELECT week_start AS week, count(*) AS n FROM community_activity_weeks WHERE week_start >= ${from} AND week_start < ${to} GROUP BY week_start`,
      )
      .map((row) => [row.week, row.n]),
  );

  // Topics of the weeks (all categories, not deleted), and which of them are questions.
  const topics = sql`
    SELECT ${week("ta.created_at")} AS week, ta.created_at AS created, ta.first_answer_at AS first, t.accepted_at AS accepted, c.kind = 'qa' AS qa
    FROM community_topic_answers ta INDEXED BY community_topic_answers_created_idx
    JOIN community_topics t ON t.id = ta.topic_id
    JOIN community_categories c ON c.id = t.category_id
    WHERE ta.created_at >= ${from} AND ta.created_at < ${to} AND t.deleted_at IS NULL AND t.hidden_at IS NULL`;
  const counts = new Map(
    db
      .all<{ week: number; topics: number; questions: number; answered: number }>(
        sql`SELECT week, count(*) AS topics, sum(qa) AS questions, sum(qa AND first IS NOT NULL) AS answered FROM (${topics}) GROUP BY week`,
      )
      .map((row) => [row.week, row]),
  );
  const firstAnswer = mediansByWeek(sql`SELECT week, first - created AS value FROM (${topics}) WHERE qa AND first IS NOT NULL`);
  const acceptedAnswer = mediansByWeek(sql`SELECT week, accepted - created AS value FROM (${topics}) WHERE qa AND accepted IS NOT NULL`);

  return weeks.map((weekStart) => {
    const count = counts.get(weekStart);
    return {
      weekStart,
      activeMembers: active.get(weekStart) ?? 0,
      newTopics: count?.topics ?? 0,
      questions: count?.questions ?? 0,
      answered: count?.answered ?? 0,
      medianFirstAnswerMs: firstAnswer.get(weekStart) ?? null,
      medianAcceptedMs: acceptedAnswer.get(weekStart) ?? null,
    };
  });
}
