import { matchTagRules, type TagRule } from "../../app/domain/tag-rules";
import { rebuildCommentIndex } from "../../app/models/comment-search.server";
import { rebuildNpsRollups } from "../../app/models/nps-rollup.server";
import { SETTINGS } from "../../app/models/settings.server";
import type { Sqlite } from "../client";
import type { SeedContext, SeedStep } from "./context";
import { DAY_MS } from "../../app/domain/days";

/**
 * Follow-up cases for the last six months' detractors of high- and low-touch accounts (the team
 * started closing the loop half a year ago), as a team working them would leave them: most older
 * cases resolved within days, some closed as won't fix, a few still waiting (overdue); recent ones
 * open or contacted. Deterministic: each response's fate is a hash of its id. Due dates are two
 * business days after the answer (Thursday → Monday).
 */
export function seedFollowUpCases(ctx: Pick<SeedContext, "sqlite" | "todayMs">) {
  const fate = "((r.id * 2654435761) % 1000)";
  const age = `(${ctx.todayMs} - r.created_at)`;
  const status = `CASE
      WHEN ${age} > 21 * ${DAY_MS} THEN CASE WHEN ${fate} < 900 THEN 'resolved' WHEN ${fate} < 980 THEN 'wont_fix' ELSE 'contacted' END
      WHEN ${age} > 3 * ${DAY_MS} THEN CASE WHEN ${fate} < 500 THEN 'resolved' WHEN ${fate} < 800 THEN 'contacted' ELSE 'open' END
      ELSE 'open' END`;
  const dueDays = "CASE strftime('%w', r.created_at / 1000, 'unixepoch') WHEN '4' THEN 4 WHEN '5' THEN 4 WHEN '6' THEN 3 ELSE 2 END";
  const closedAt = `r.created_at + (1 + ${fate} % 5) * ${DAY_MS}`;
  ctx.sqlite.exec(`
    INSERT INTO cases (response_id, account_id, contact_id, owner_user_id, status, close_reason, due_at, created_at, updated_at, closed_at)
    SELECT id, account_id, contact_id, csm_user_id, status,
           CASE status WHEN 'wont_fix' THEN 'Moved to a competitor before we could help' END,
           due_at, created_at, CASE WHEN status IN ('resolved', 'wont_fix') THEN closed_at ELSE created_at END,
           CASE WHEN status IN ('resolved', 'wont_fix') THEN closed_at END
    FROM (
      SELECT r.id, r.account_id, r.contact_id, a.csm_user_id, ${status} AS status,
             r.created_at + ${dueDays} * ${DAY_MS} AS due_at, r.created_at, ${closedAt} AS closed_at
      FROM responses r JOIN accounts a ON a.id = r.account_id
      WHERE r.category = 'detractor' AND a.segment IN ('high', 'low') AND r.created_at >= ${ctx.todayMs - 182 * DAY_MS}
    )`);
  ctx.sqlite.exec(`
    INSERT INTO case_events (case_id, kind, actor_user_id, body, data, created_at)
    SELECT id, 'opened', NULL, NULL, NULL, created_at FROM cases`);
  ctx.sqlite.exec(`
    INSERT INTO case_events (case_id, kind, actor_user_id, body, data, created_at)
    SELECT id, 'status', owner_user_id, close_reason, json_object('from', 'open', 'to', status), coalesce(closed_at, created_at + ${DAY_MS})
    FROM cases WHERE status <> 'open'`);
}

/** The themes a CS team tags comments with, and the English and Japanese keywords that find them. */
const SEED_TAGS: [name: string, keywords: string[]][] = [
  ["Performance", ["slow", "timing out", "timeout", "遅い", "タイムアウト"]],
  ["Pricing", ["price", "pricing", "expensive", "価格", "費用"]],
  ["Support", ["support", "reply", "サポート", "問い合わせ", "回答"]],
  ["Integrations", ["integration", "crm", "連携"]],
  ["Onboarding", ["onboarding", "導入", "オンボーディング"]],
  ["Reliability", ["lost data", "outage", "障害"]],
];

/**
 * Tags with keyword rules, applied to the seeded comments as the pipeline would have applied them
 * (some comments match none: the untagged queue). Matched once per distinct comment, written in
 * id ranges (an open iterator would block the inserts).
 */
function seedTags(ctx: Pick<SeedContext, "sqlite" | "todayMs">) {
  const { sqlite, todayMs } = ctx;
  const insertTag = sqlite.prepare<[string, number]>("INSERT INTO tags (name, created_at) VALUES (?, ?)");
  const insertRule = sqlite.prepare<[number, string, number, number]>("INSERT INTO tag_rules (tag_id, keywords, created_at, updated_at) VALUES (?, ?, ?, ?)");
  const rules: TagRule[] = SEED_TAGS.map(([name, keywords]) => {
    const tagId = Number(insertTag.run(name, todayMs).lastInsertRowid);
    insertRule.run(tagId, JSON.stringify(keywords), todayMs, todayMs);
    return { tagId, keywords };
  });
  const tagsOf = new Map<string, number[]>();
  const insertTagging = sqlite.prepare<[number, number, number]>(
    "INSERT INTO response_tags (response_id, tag_id, source, created_at) VALUES (?, ?, 'rule', ?)",
  );
  const page = sqlite.prepare<[number, number], { id: number; comment: string; updatedAt: number }>(
    "SELECT id, comment, updated_at AS updatedAt FROM responses WHERE id > ? AND comment IS NOT NULL ORDER BY id LIMIT ?",
  );
  for (let rows = page.all(0, 50_000); rows.length > 0; rows = page.all(rows[rows.length - 1].id, 50_000)) {
    for (const row of rows) {
      let tagIds = tagsOf.get(row.comment);
      if (!tagIds) tagsOf.set(row.comment, (tagIds = matchTagRules(row.comment, rules)));
      for (const tagId of tagIds) insertTagging.run(row.id, tagId, row.updatedAt);
    }
  }
}

/** The team's zone as saved in the database (the default when none is), for counting days in it. */
function teamTimeZoneIn(sqlite: Sqlite): string {
  const row = sqlite.prepare<[], { value: string }>("SELECT value FROM settings WHERE key = 'closeTheLoop'").get();
  const parsed = row ? SETTINGS.closeTheLoop.schema.safeParse(JSON.parse(row.value)) : null;
  return parsed?.success ? parsed.data.timeZone : SETTINGS.closeTheLoop.default.timeZone;
}

/** What the console derives from the seeded responses: dashboard counts, the comment search index, follow-up cases, tags. */
export const consoleStep: SeedStep = {
  name: "console",
  run(ctx) {
    ctx.progress("console: counting responses for the dashboard, indexing comments, opening follow-up cases");
    rebuildNpsRollups(ctx.sqlite, teamTimeZoneIn(ctx.sqlite));
    rebuildCommentIndex(ctx.sqlite);
    seedFollowUpCases(ctx);
    seedTags(ctx);
    const count = (table: string) => (ctx.sqlite.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
    return {
      nps_daily: count("nps_daily"),
      invitations_daily: count("invitations_daily"),
      responses_fts: count("responses_fts"),
      cases: count("cases"),
      response_tags: count("response_tags"),
    };
  },
};
