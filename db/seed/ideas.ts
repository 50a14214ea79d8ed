import { topicSlug } from "../../app/domain/community-rules";
import { MARKDOWN_RENDER_VERSION, renderMarkdown } from "../../app/utils/markdown.server";
import { rebuildIdeaAsking } from "../../app/services/idea-asking.server";
import { DAY_MS } from "./calendar";
import { settleCommunityActivity } from "./community";
import type { SeedStep } from "./context";

/*
 * Ideas on the demo accounts (issue 14): a board where the vote count and the revenue asking tell
 * different stories — ideas many tech-touch members voted for that little ARR asks for, and ideas
 * few voted for that large accounts asked their CSM for — plus statuses with public notes, and
 * at the large scale 20,000 ideas with 2,000,000 votes and requests (the P9 benchmark).
 */

const IDEAS: {
  en: string;
  ja: string;
  problem: string;
  kind: "popular" | "valuable" | "both" | "quiet";
  status?: "under_review" | "planned" | "in_progress" | "shipped" | "declined";
  areas: string[];
}[] = [
  { en: "Dark mode for the portal", ja: "ポータルのダークモード", problem: "We read the portal at night.", kind: "popular", areas: ["portal"] },
  { en: "Emoji reactions on community posts", ja: "コミュニティ投稿への絵文字リアクション", problem: "", kind: "popular", areas: ["community"] },
  {
    en: "More colour themes for survey emails",
    ja: "アンケートメールの配色テーマを増やしてほしい",
    problem: "Our brand colour is not in the list.",
    kind: "popular",
    status: "under_review",
    areas: ["email"],
  },
  {
    en: "Salesforce two-way sync of NPS answers",
    ja: "NPS 回答の Salesforce 双方向連携",
    problem: "Our AEs live in Salesforce and never see the answers.",
    kind: "valuable",
    status: "planned",
    areas: ["integrations"],
  },
  {
    en: "SAML single sign-on with SCIM provisioning",
    ja: "SAML シングルサインオンと SCIM プロビジョニング",
    problem: "Security review requires SSO for every tool.",
    kind: "valuable",
    status: "in_progress",
    areas: ["security"],
  },
  { en: "Audit log export to our SIEM", ja: "監査ログを SIEM へエクスポート", problem: "", kind: "valuable", areas: ["security"] },
  {
    en: "Weekly export of responses by segment",
    ja: "セグメント別の回答を毎週エクスポート",
    problem: "We rebuild the same spreadsheet every Monday.",
    kind: "both",
    status: "shipped",
    areas: ["reports"],
  },
  {
    en: "Slack alert when a key account answers",
    ja: "重要アカウントが回答したら Slack に通知",
    problem: "",
    kind: "both",
    status: "planned",
    areas: ["alerts", "integrations"],
  },
  { en: "Custom fields on contacts", ja: "コンタクトのカスタム項目", problem: "We need the contact's department.", kind: "both", areas: ["data"] },
  { en: "Survey in Korean", ja: "韓国語のアンケート", problem: "", kind: "quiet", status: "declined", areas: ["survey"] },
  { en: "Keyboard shortcuts in the console", ja: "コンソールのキーボードショートカット", problem: "", kind: "popular", areas: ["console"] },
  {
    en: "Health score history per account",
    ja: "アカウントごとのヘルススコア推移",
    problem: "We want to show the trend at QBRs.",
    kind: "valuable",
    status: "under_review",
    areas: ["reports"],
  },
];

const NOTES: Record<string, { en: string; ja: string }> = {
  under_review: { en: "Thanks for the votes: we are looking at how this would work.", ja: "投票ありがとうございます。実現方法を検討しています。" },
  planned: { en: "Planned for next quarter. We will share a beta here.", ja: "来四半期に予定しています。ベータ版はこちらでお知らせします。" },
  in_progress: { en: "In development: a first version reaches a few customers this month.", ja: "開発中です。今月、一部のお客様に初期版を提供します。" },
  shipped: { en: "Shipped! Open **Responses → Export** and pick *Every week*.", ja: "リリースしました！**回答 → エクスポート**で「毎週」を選んでください。" },
  declined: { en: "Not for now: too few customers need it. We will revisit next year.", ja: "現時点では見送ります。来年あらためて検討します。" },
};

type MemberRow = { id: number; accountId: number; segment: string; locale: string };

export const ideasStep: SeedStep = {
  name: "ideas",
  run(ctx): Record<string, number> {
    if (ctx.scale !== "demo") return {};
    const sqlite = ctx.sqlite;
    const rng = ctx.rng("ideas");
    const category = sqlite.prepare<[], { id: number }>("SELECT id FROM community_categories WHERE slug = 'ideas'").get();
    const members = sqlite
      .prepare<[], MemberRow>(
        `SELECT m.id, c.account_id AS accountId, a.segment, c.locale FROM community_members m JOIN contacts c ON c.id = m.contact_id JOIN accounts a ON a.id = c.account_id ORDER BY m.id`,
      )
      .all();
    const staff = sqlite.prepare<[], { id: number }>("SELECT id FROM users WHERE disabled_at IS NULL ORDER BY id").all();
    if (!category || members.length < 20 || staff.length === 0) return { ideas: 0 };
    const bySegment = (segment: string) => members.filter((member) => member.segment === segment);
    const tech = bySegment("tech");
    const high = ctx.accounts.filter((account) => account.segment === "high");
    const insertTopic = sqlite.prepare(
      "INSERT INTO community_topics (category_id, author_id, title, slug, created_at, last_posted_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
    );
    const insertPost = sqlite.prepare(
      "INSERT INTO community_posts (topic_id, author_id, post_number, source, html, render_version, created_at) VALUES (?, ?, 1, ?, ?, ?, ?)",
    );
    const vote = sqlite.prepare("INSERT OR IGNORE INTO idea_votes (idea_id, member_id, account_id, created_at) VALUES (?, ?, ?, ?)");
    const request = sqlite.prepare(
      "INSERT INTO idea_requests (idea_id, account_id, quote, importance, source, logged_by_user_id, created_at) VALUES (?, ?, ?, ?, 'console', ?, ?)",
    );
    const status = sqlite.prepare("INSERT INTO idea_status_changes (idea_id, from_status, status, note, by_user_id, created_at) VALUES (?, 'new', ?, ?, ?, ?)");
    const setIdea = sqlite.prepare("UPDATE ideas SET problem = ?, areas = ?, status = ?, updated_at = ? WHERE topic_id = ?");
    let votes = 0;
    let requests = 0;
    const firstNewPostId = (sqlite.prepare<[], { next: number }>("SELECT coalesce(max(id), 0) + 1 AS next FROM community_posts").get() as { next: number })
      .next;
    for (const [index, idea] of IDEAS.entries()) {
      const author = rng.pick(idea.kind === "valuable" ? members : tech.length ? tech : members);
      const japanese = author.locale === "ja";
      const title = japanese ? idea.ja : idea.en;
      const createdMs = ctx.todayMs - (120 - index * 7) * DAY_MS;
      const body = japanese ? `${idea.ja}があると助かります。` : `It would help us a lot to have: ${idea.en.toLowerCase()}.`;
      const topic = insertTopic.get(category.id, author.id, title, topicSlug(title), createdMs, createdMs) as { id: number };
      insertPost.run(topic.id, author.id, body, renderMarkdown(body), MARKDOWN_RENDER_VERSION, createdMs);
      // "Popular": many tech-touch voters (small ACVs); "valuable": a few voters, requests from high-touch accounts.
      const voterCount =
        idea.kind === "popular" ? rng.int(25, 45) : idea.kind === "both" ? rng.int(12, 25) : idea.kind === "valuable" ? rng.int(1, 4) : rng.int(0, 2);
      const pool = idea.kind === "popular" ? tech : members;
      for (let i = 0; i < voterCount && pool.length; i++) {
        const voter = rng.pick(pool);
        if (voter.id === author.id) continue;
        votes += vote.run(topic.id, voter.id, voter.accountId, createdMs + rng.int(1, 100) * 3_600_000).changes;
      }
      const requestCount = idea.kind === "valuable" ? rng.int(3, 6) : idea.kind === "both" ? rng.int(1, 3) : 0;
      for (let i = 0; i < requestCount && high.length; i++) {
        const account = rng.pick(high);
        request.run(
          topic.id,
          account.id,
          rng.pick(["Asked again at the QBR.", "Blocking the renewal discussion.", "更新の条件として挙がっています。", ""]),
          rng.pick(["important", "critical", "nice"]),
          account.csmUserId ?? staff[0].id,
          createdMs + rng.int(1, 60) * DAY_MS,
        );
        requests++;
      }
      const statusAt = Math.min(ctx.todayMs - DAY_MS, createdMs + 30 * DAY_MS);
      setIdea.run(idea.problem, JSON.stringify(idea.areas), idea.status ?? "new", statusAt, topic.id);
      if (idea.status) status.run(topic.id, idea.status, `${NOTES[idea.status].en}\n\n${NOTES[idea.status].ja}`, staff[0].id, statusAt);
    }
    // The ideas' opening posts are community posts: badges, counters and search take them in.
    const communityBadges = settleCommunityActivity(ctx, firstNewPostId);
    return { ideas: IDEAS.length, ideaVotes: votes, ideaRequests: requests, communityBadges };
  },
};

/** P9's benchmark board. */
export const LARGE_IDEAS = { ideas: 20_000, votes: 1_900_000, requests: 100_000 } as const;

/**
 * Skewed vote counts, one per idea, that add up to exactly LARGE_IDEAS.votes: weight 1 / rank^0.8
 * dealt to the ideas in a shuffled order (each rank once), none above `most` (the members there
 * are to vote), the rounding and what the cap cut given back one vote at a time to the others.
 */
export function largeVoteCounts(rng: { int(min: number, max: number): number }, most: number): number[] {
  const n = LARGE_IDEAS.ideas;
  const weights = Array.from({ length: n }, (_, i) => 1 / Math.pow(i + 1, 0.8));
  const total = weights.reduce((sum, w) => sum + w, 0);
  for (let i = n - 1; i > 0; i--) {
    const j = rng.int(0, i);
    [weights[i], weights[j]] = [weights[j], weights[i]];
  }
  const counts = weights.map((w) => Math.min(most, Math.round((LARGE_IDEAS.votes * w) / total)));
  let left = LARGE_IDEAS.votes - counts.reduce((sum, c) => sum + c, 0);
  for (let i = 0; left !== 0; i = (i + 1) % n) {
    if (left > 0 && counts[i] < most) {
      counts[i]++;
      left--;
    } else if (left < 0 && counts[i] > 0) {
      counts[i]--;
      left++;
    }
  }
  return counts;
}

/**
 * The large scale's ideas, also loadable on its own into an existing large database
 * (`seed --only ideas`): 20,000 ideas by the large community's members, exactly 1,900,000 votes (a
 * skewed number per idea: most a few dozen, some thousands) and 100,000 requests from the large
 * accounts. Votes go in with the accounts' triggers paused, and one rebuild computes every idea's
 * asking at the end (what `ideas rebuild` does), which is much faster than 2,000,000 trigger runs.
 */
export const largeIdeasStep: SeedStep = {
  name: "ideas",
  run(ctx): Record<string, number> {
    if (ctx.scale !== "large") return {};
    const sqlite = ctx.sqlite;
    const rng = ctx.rng("ideas-large");
    const started = performance.now();
    const category = sqlite.prepare<[], { id: number }>("SELECT id FROM community_categories WHERE slug = 'ideas'").get();
    const existing = sqlite.prepare<[], { n: number }>("SELECT count(*) AS n FROM ideas").get()!.n;
    // Loaded once: a board that already has the large number of ideas is left as it is.
    if (!category || existing >= LARGE_IDEAS.ideas) return { ideas: 0 };
    const members = sqlite
      .prepare<[], { id: number; accountId: number }>(
        "SELECT m.id, c.account_id AS accountId FROM community_members m JOIN contacts c ON c.id = m.contact_id ORDER BY m.id",
      )
      .all();
    const accounts = sqlite.prepare<[], { id: number }>("SELECT id FROM accounts ORDER BY id").all();
    const staff = sqlite.prepare<[], { id: number }>("SELECT id FROM users ORDER BY id LIMIT 1").get();
    if (members.length < 100 || accounts.length === 0) return { ideas: 0 };
    sqlite.prepare("INSERT OR IGNORE INTO idea_rebuilding (id) VALUES (1)").run();
    const insertTopic = sqlite.prepare(
      "INSERT INTO community_topics (category_id, author_id, title, slug, created_at, last_posted_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
    );
    const insertPost = sqlite.prepare(
      "INSERT INTO community_posts (topic_id, author_id, post_number, source, html, render_version, created_at) VALUES (?, ?, 1, ?, ?, ?, ?)",
    );
    const vote = sqlite.prepare("INSERT OR IGNORE INTO idea_votes (idea_id, member_id, account_id, created_at) VALUES (?, ?, ?, ?)");
    const request = sqlite.prepare(
      "INSERT INTO idea_requests (idea_id, account_id, importance, source, logged_by_user_id, created_at) VALUES (?, ?, 'important', 'console', ?, ?)",
    );
    const setStatus = sqlite.prepare("UPDATE ideas SET status = ? WHERE topic_id = ?");
    const statuses = ["new", "new", "new", "under_review", "planned", "in_progress", "shipped", "declined"];
    const counts = largeVoteCounts(rng, members.length - 1);
    let votes = 0;
    let requests = 0;
    const ids: number[] = [];
    for (let i = 0; i < LARGE_IDEAS.ideas; i++) {
      const author = members[rng.int(0, members.length - 1)];
      const title = `Idea ${i + 1}: ${rng.pick(["export", "report", "alert", "survey", "segment", "dashboard", "API", "email"])} ${rng.pick(["by week", "per account", "in Japanese", "with filters", "for admins", "on mobile"])}`;
      const createdMs = ctx.todayMs - rng.int(1, 1_000) * DAY_MS;
      const topic = insertTopic.get(category.id, author.id, title, topicSlug(title), createdMs, createdMs) as { id: number };
      insertPost.run(topic.id, author.id, title, `<p>${title}</p>`, MARKDOWN_RENDER_VERSION, createdMs);
      setStatus.run(statuses[rng.int(0, statuses.length - 1)], topic.id);
      ids.push(topic.id);
      const count = counts[i];
      // Distinct voters: a run of consecutive members from a random start (cheap and unique).
      const start = rng.int(0, members.length - 1);
      for (let k = 0; k < count; k++) {
        const voter = members[(start + k) % members.length];
        votes += vote.run(topic.id, voter.id, voter.accountId, createdMs + k * 60_000).changes;
      }
      if ((i + 1) % 2_000 === 0) ctx.progress(`ideas: ${i + 1} ideas, ${votes} votes in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    }
    for (let r = 0; r < LARGE_IDEAS.requests; r++) {
      request.run(ids[rng.int(0, ids.length - 1)], accounts[rng.int(0, accounts.length - 1)].id, staff?.id ?? null, ctx.todayMs - rng.int(1, 500) * DAY_MS);
      requests++;
    }
    sqlite.prepare("DELETE FROM idea_rebuilding").run();
    sqlite
      .prepare("UPDATE community_categories SET topic_count = topic_count + ?, post_count = post_count + ? WHERE id = ?")
      .run(ids.length, ids.length, category.id);
    const rebuilt = rebuildIdeaAsking(ctx.db);
    ctx.progress(`ideas: ${ids.length} ideas, ${votes} votes, ${requests} requests; asking rebuilt in ${(rebuilt.ms / 1000).toFixed(1)} s`);
    return { ideas: ids.length, ideaVotes: votes, ideaRequests: requests };
  },
};
