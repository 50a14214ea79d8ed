import { rebuildAdvocacyRecords } from "../../app/services/advocacy.server";
import { renderMarkdown } from "../../app/utils/markdown.server";
import type { SeedStep } from "./context";

const DAY_MS = 86_400_000;

type StoryText = {
  language: "en" | "ja";
  title: string;
  industry: string;
  productArea: string;
  challenge: string;
  solution: string;
  results: string;
  quote: string;
  role: string;
};

/** The demo's stories: the same texts on every seed, written by members of real demo accounts. */
const STORIES: StoryText[] = [
  {
    language: "en",
    title: "Onboarding new depots in half the time",
    industry: "Logistics",
    productArea: "Guides",
    challenge: "Every new depot took **about two months** to use the product well, and our CSM answered the same questions each time.",
    solution:
      "We turned the answers into guides per role and a checklist each depot manager follows in week one, and pointed people to the community for the rest.",
    results:
      "- Time to first value fell from 60 to **28 days**\n- Support tickets from new depots fell **42%**\n- 14 depots onboarded this year without a kick-off call",
    quote: "The checklist did what three meetings used to do.",
    role: "Operations lead",
  },
  {
    language: "ja",
    title: "NPS のコメントから解約リスクを早期に発見",
    industry: "小売",
    productArea: "アンケート",
    challenge: "年1回の満足度調査では、不満に気づくのが契約更新の直前になっていました。",
    solution:
      "四半期ごとの NPS アンケートを導入し、批判者の回答は当日中に担当CSMへ通知されるようにしました。コメントはタグで分類し、月次で製品チームと共有しています。",
    results: "- 批判者へのフォローアップが平均 **1.5日以内** に\n- 解約率が前年比 **3.2ポイント** 改善\n- NPS が 12 から **31** に上昇",
    quote: "お客さまの声に、その日のうちに応えられるようになりました。",
    role: "カスタマーサクセス部 部長",
  },
  {
    language: "en",
    title: "A community that answers before we do",
    industry: "Software",
    productArea: "Community",
    challenge: "Our support queue doubled in a year, and most questions had been answered before, somewhere.",
    solution:
      "We moved how-to questions to the community, marked accepted answers, and invited our promoters to help. Staff answer only what is left unanswered after a day.",
    results: "- **61%** of questions answered by other customers\n- Median first answer in **3 hours** (was 2 days)\n- 25 promoters now active every month",
    quote: "Our best customers became our best support team.",
    role: "Head of Support",
  },
  {
    language: "ja",
    title: "テックタッチでも手厚いオンボーディングを実現",
    industry: "人材サービス",
    productArea: "ガイド",
    challenge: "数百社の小規模なお客さまに、CSM が個別に対応することはできませんでした。",
    solution: "セルフオンボーディングのガイドとチェックリストを整備し、つまずきやすい手順にはコミュニティの回答へのリンクを付けました。",
    results: "- 初回利用までの日数が **45日 → 19日** に短縮\n- オンボーディング完了率が **38% → 72%** に向上",
    quote: "人手をかけずに、お客さまが自走できるようになりました。",
    role: "CS企画",
  },
  {
    language: "en",
    title: "Renewals ranked by money at stake",
    industry: "Manufacturing",
    productArea: "Reporting",
    challenge: "Our CSMs worked renewals in date order and missed the large accounts at risk.",
    solution: "We ranked the response list by ACV and renewal date and reviewed the top 20 detractors every Monday.",
    results: "Gross revenue retention rose from 88% to 94% in two quarters.",
    quote: "",
    role: "VP Customer Success",
  },
  {
    language: "ja",
    title: "ユーザー会をきっかけに推奨者が倍増",
    industry: "金融",
    productArea: "イベント",
    challenge: "推奨者はいても、他のお客さまに紹介していただく場がありませんでした。",
    solution: "年2回のユーザー会を開催し、登壇いただいたお客さまの事例を公開しました。",
    results: "推奨者の数が 1年で 2倍（48人 → 97人）に増えました。",
    quote: "",
    role: "マーケティング部",
  },
];

/** published with consent (community named / website only), in review, a draft sent back with a comment. */
const PLAN: { status: "published" | "in_review" | "draft"; consent: "community" | "website" | null; comment: string | null }[] = [
  { status: "published", consent: "community", comment: null },
  { status: "published", consent: "community", comment: null },
  { status: "published", consent: "website", comment: null },
  { status: "published", consent: "community", comment: null },
  { status: "in_review", consent: null, comment: null },
  { status: "draft", consent: null, comment: "Could you add the retention figure for the last full year? Then we can publish it." },
];

/**
 * Customer stories for demo accounts (published with consents, in review, a draft with the
 * team's comment; 300 of them over three years at the large scale), references and reviews staff
 * logged, and the advocacy timeline of everything the earlier steps wrote (promoter answers,
 * accepted answers, likes, published stories).
 */
export const storiesStep: SeedStep = {
  name: "stories",
  run(ctx): Record<string, number> {
    // The large scale: 300 stories (the demo's texts by other accounts), spread over three years.
    const large = ctx.scale === "large";
    const count = large ? 300 : STORIES.length;
    const sqlite = ctx.sqlite;
    const rng = ctx.rng("stories");
    const category = sqlite.prepare<[], { id: number }>("SELECT id FROM community_categories WHERE kind = 'use_cases' ORDER BY position, id LIMIT 1").get();
    const staff = sqlite.prepare<[], { id: number }>("SELECT id FROM users ORDER BY id LIMIT 1").get();
    if (!category) return { stories: 0, advocacyRecords: 0 };
    // Authors: one member per account, from accounts of every segment, most active first (deterministic order).
    const authors = sqlite
      .prepare<[number], { memberId: number; contactId: number; accountId: number; segment: string; locale: string; name: string | null; csm: number | null }>(
        `SELECT m.id AS memberId, c.id AS contactId, a.id AS accountId, a.segment, c.locale, c.name, a.csm_user_id AS csm
         FROM community_members m JOIN contacts c ON c.id = m.contact_id JOIN accounts a ON a.id = c.account_id
         WHERE m.id IN (SELECT min(m2.id) FROM community_members m2 JOIN contacts c2 ON c2.id = m2.contact_id GROUP BY c2.account_id)
         ORDER BY (m.topic_count + m.reply_count) DESC, m.id LIMIT ?`,
      )
      .all(large ? 1_000 : 40);
    const english = authors.filter((author) => author.locale === "en");
    const japanese = authors.filter((author) => author.locale === "ja");
    const insertStory = sqlite.prepare(
      `INSERT INTO stories (category_id, account_id, contact_id, author_member_id, language, title, industry, segment, product_area, challenge, challenge_html, solution, solution_html, results, results_html, quote, quote_by, status, submitted_at, published_at, published_by_user_id, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const insertConsent = sqlite.prepare(
      "INSERT INTO story_consents (story_id, contact_id, community, website, sales_deck, agreed_at, recorded_by_user_id, note, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
    );
    const insertComment = sqlite.prepare("INSERT INTO story_comments (story_id, author_user_id, body, created_at) VALUES (?, ?, ?, ?)");
    let written = 0;
    const used = new Set<number>();
    for (let index = 0; index < count; index++) {
      const text = STORIES[index % STORIES.length];
      const pool = text.language === "ja" ? japanese : english;
      const author = pool.find((candidate) => !used.has(candidate.accountId)) ?? authors.find((candidate) => !used.has(candidate.accountId));
      if (!author) break;
      used.add(author.accountId);
      const plan = PLAN[index % PLAN.length];
      const daysAgo = large ? 1_100 - index * 3 : 120 - index * 15;
      const createdMs = ctx.todayMs - daysAgo * DAY_MS + rng.int(0, 86_399) * 1000;
      const submittedMs = plan.status === "draft" && !plan.comment ? null : createdMs + 3 * DAY_MS;
      const publishedMs = plan.status === "published" ? createdMs + 10 * DAY_MS : null;
      const reviewer = author.csm ?? staff?.id ?? null;
      const { lastInsertRowid } = insertStory.run(
        category.id,
        author.accountId,
        author.contactId,
        author.memberId,
        text.language,
        text.title,
        text.industry,
        author.segment,
        text.productArea,
        text.challenge,
        renderMarkdown(text.challenge),
        text.solution,
        renderMarkdown(text.solution),
        text.results,
        renderMarkdown(text.results),
        text.quote,
        text.quote ? `${author.name ?? ""}, ${text.role}`.replace(/^, /, "") : "",
        plan.status,
        submittedMs,
        publishedMs,
        publishedMs === null ? null : reviewer,
        createdMs,
        publishedMs ?? submittedMs ?? createdMs,
      );
      const storyId = Number(lastInsertRowid);
      written += 1;
      if (plan.consent) {
        const agreedMs = createdMs + 7 * DAY_MS;
        insertConsent.run(
          storyId,
          author.contactId,
          plan.consent === "community" ? 1 : 0,
          1,
          plan.consent === "community" ? 1 : 0,
          agreedMs - (agreedMs % DAY_MS),
          reviewer,
          "",
          agreedMs,
        );
      }
      if (plan.comment) insertComment.run(storyId, reviewer, plan.comment, createdMs + 5 * DAY_MS);
    }

    // References and reviews staff logged for some promoters.
    const promoters = sqlite
      .prepare<[], { contactId: number; accountId: number; csm: number | null }>(
        `SELECT r.contact_id AS contactId, r.account_id AS accountId, a.csm_user_id AS csm FROM responses r JOIN accounts a ON a.id = r.account_id
         WHERE r.score = 10 AND a.segment = 'high' GROUP BY r.contact_id ORDER BY r.contact_id LIMIT 12`,
      )
      .all();
    const insertRecord = sqlite.prepare(
      "INSERT INTO advocacy_records (key, kind, account_id, contact_id, at, source, source_id, detail, recorded_by_user_id, created_at) VALUES (?, ?, ?, ?, ?, 'staff', NULL, ?, ?, ?)",
    );
    const prospects = ["Nagoya Foods", "Kobe Shipping", "Northwind Retail", "Hokuriku Bank", "Contoso Health", "Setouchi Travel"];
    const sites = ["g2", "itreview", "capterra", "boxil"] as const;
    promoters.forEach((promoter, index) => {
      const atMs = ctx.todayMs - rng.int(5, 150) * DAY_MS + 12 * 3_600_000;
      const by = promoter.csm ?? staff?.id ?? null;
      if (index % 2 === 0) {
        const detail = { prospect: prospects[index % prospects.length], outcome: index % 4 === 0 ? "positive" : "neutral", note: null };
        insertRecord.run(
          `reference_given:staff:seed-${index}`,
          "reference_given",
          promoter.accountId,
          promoter.contactId,
          atMs,
          JSON.stringify(detail),
          by,
          atMs,
        );
      } else {
        const site = sites[index % sites.length];
        const detail = { site, url: `https://www.${site === "itreview" ? "itreview.jp" : `${site}.com`}/reviews/kizuna-demo-${index}` };
        insertRecord.run(
          `review_written:staff:seed-${index}`,
          "review_written",
          promoter.accountId,
          promoter.contactId,
          atMs,
          JSON.stringify(detail),
          by,
          atMs,
        );
      }
    });
    const advocacy = rebuildAdvocacyRecords(ctx.db) + promoters.length;
    // Seeded records were recorded when they happened: the same bytes on every run.
    sqlite.prepare("UPDATE advocacy_records SET created_at = at").run();
    return { stories: written, advocacyRecords: advocacy };
  },
};
