import { communitySearchRow } from "../../app/domain/community-search";
import type { Sqlite } from "../client";
import type { SeedStep } from "./context";
import { Rng } from "./random";

/**
 * A large community for benchmarks (issue 13's `--scale large`: 100,000 topics, 1,000,000 posts,
 * 50,000 members): bilingual text that reads like questions and answers about the product, with
 * words drawn from a skewed (Zipf-like) vocabulary so that common words ("設定", "export") are
 * in many posts and rare ones in a few, as in a real forum. Topics get a skewed number of replies
 * (most a handful, one in 500 exactly 200). Written with prepared statements inside the caller's
 * transaction.
 *
 * Members are the database's contacts (the large seed's), topped up with contacts of one
 * "community" account when there are fewer than asked; staff topics (announcements) are written
 * by the first admin or CSM.
 */
export type LargeCommunityOptions = {
  topics?: number;
  posts?: number;
  members?: number;
  seed?: string;
  now?: Date;
  /** Called after each topic and its posts are written (the search index's seeding hooks in here). */
  onTopic?: (topicId: number) => void;
};

/** Issue 13's benchmark community. */
export const LARGE_COMMUNITY = { topics: 100_000, posts: 1_000_000, members: 50_000 } as const;

export type LargeCommunitySummary = { members: number; topics: number; posts: number };

// Vocabulary, most common first: the i-th word is picked with weight 1 / (i + 1).
const EN_NOUNS = [
  "dashboard",
  "report",
  "survey",
  "export",
  "account",
  "setting",
  "email",
  "user",
  "campaign",
  "score",
  "response",
  "filter",
  "template",
  "integration",
  "permission",
  "invoice",
  "webhook",
  "segment",
  "chart",
  "api key",
  "role",
  "reminder",
  "domain",
  "language",
  "calendar",
  "password",
  "notification",
  "csv file",
  "import",
  "workflow",
  "timezone",
  "audit log",
  "contract",
  "renewal",
  "sandbox",
  "token",
  "spreadsheet",
  "widget",
  "sidebar",
  "shortcut",
];
const EN_VERBS = [
  "export",
  "change",
  "set up",
  "filter",
  "share",
  "import",
  "delete",
  "schedule",
  "translate",
  "connect",
  "download",
  "rename",
  "archive",
  "restore",
  "configure",
  "customise",
  "sync",
  "migrate",
  "embed",
  "invite",
];
const EN_TEMPLATES = [
  "How do I {verb} the {noun} for my team?",
  "I am trying to {verb} the {noun} but it keeps failing with an error.",
  "Is there a way to {verb} every {noun} at once?",
  "After the last update the {noun} no longer shows the {noun2}.",
  "We use the {noun} every week to {verb} the {noun2} for our managers.",
  "You can {verb} the {noun} from the settings page, then open the {noun2} tab.",
  "Exporting the {noun} to a spreadsheet works if you {verb} the {noun2} first.",
  "Thanks, that fixed it: the {noun} was exported with the wrong {noun2}.",
  "Our admin changed the {noun} settings and now nobody can {verb} the {noun2}.",
  "Try clearing the {noun} filter; the {noun2} should appear again.",
  "Has anyone connected the {noun} with their CRM? We want to {verb} it daily.",
  "The {noun} page is slow when we {verb} more than a thousand rows.",
];
const JA_NOUNS = [
  "設定",
  "ダッシュボード",
  "レポート",
  "アンケート",
  "エクスポート",
  "アカウント",
  "メール",
  "ユーザー",
  "キャンペーン",
  "スコア",
  "回答",
  "絞り込み",
  "テンプレート",
  "連携",
  "権限",
  "請求書",
  "セグメント",
  "グラフ",
  "APIキー",
  "ロール",
  "リマインダー",
  "ドメイン",
  "言語",
  "カレンダー",
  "パスワード",
  "通知",
  "CSVファイル",
  "取り込み",
  "ワークフロー",
  "タイムゾーン",
  "監査ログ",
  "契約",
  "更新日",
  "検証環境",
  "トークン",
  "表計算",
  "ウィジェット",
  "サイドバー",
  "ショートカット",
  "担当者",
];
const JA_VERBS = [
  "エクスポート",
  "変更",
  "設定",
  "絞り込み",
  "共有",
  "取り込み",
  "削除",
  "予約",
  "翻訳",
  "接続",
  "ダウンロード",
  "名前変更",
  "アーカイブ",
  "復元",
  "構成",
  "カスタマイズ",
  "同期",
  "移行",
  "埋め込み",
  "招待",
];
const JA_TEMPLATES = [
  "{noun}を{verb}する方法を教えてください。",
  "{noun}を{verb}しようとするとエラーになります。",
  "{noun}をまとめて{verb}することはできますか？",
  "前回のアップデート以降、{noun}に{noun2}が表示されなくなりました。",
  "毎週{noun}を使って{noun2}を{verb}しています。",
  "設定画面から{noun}を{verb}し、{noun2}タブを開いてください。",
  "{noun2}を先に{verb}すれば、{noun}の出力はうまくいきます。",
  "ありがとうございます、解決しました。{noun}の{noun2}が間違っていました。",
  "管理者が{noun}の設定を変えてから、誰も{noun2}を{verb}できません。",
  "{noun}の絞り込みを解除すると、{noun2}がまた表示されるはずです。",
  "{noun}をCRMと連携している方はいますか？毎日{verb}したいです。",
  "千行以上を{verb}すると{noun}の画面が遅くなります。",
];

/** Weights 1, 1/2, 1/3, …: the first words are much more common than the last. */
function zipf(length: number): number[] {
  const cumulative: number[] = [];
  let total = 0;
  for (let i = 0; i < length; i++) cumulative.push((total += 1 / (i + 1)));
  return cumulative.map((value) => value / total);
}

function pickZipf<T>(rng: Rng, items: readonly T[], cumulative: number[]): T {
  const roll = rng.next();
  let low = 0;
  let high = cumulative.length - 1;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (cumulative[mid] < roll) low = mid + 1;
    else high = mid;
  }
  return items[low];
}

class TextMaker {
  private readonly enNouns = zipf(EN_NOUNS.length);
  private readonly enVerbs = zipf(EN_VERBS.length);
  private readonly jaNouns = zipf(JA_NOUNS.length);
  private readonly jaVerbs = zipf(JA_VERBS.length);

  constructor(private readonly rng: Rng) {}

  sentence(language: "en" | "ja"): string {
    const rng = this.rng;
    const [templates, nouns, verbs, nounWeights, verbWeights] =
      language === "en" ? [EN_TEMPLATES, EN_NOUNS, EN_VERBS, this.enNouns, this.enVerbs] : [JA_TEMPLATES, JA_NOUNS, JA_VERBS, this.jaNouns, this.jaVerbs];
    return rng
      .pick(templates)
      .replace("{noun}", pickZipf(rng, nouns, nounWeights))
      .replace("{noun2}", pickZipf(rng, nouns, nounWeights))
      .replace("{verb}", pickZipf(rng, verbs, verbWeights));
  }

  title(language: "en" | "ja"): string {
    return this.sentence(language).replace(/[.。]$/, "");
  }

  body(language: "en" | "ja", sentences: number): string {
    const parts: string[] = [];
    for (let i = 0; i < sentences; i++) parts.push(this.sentence(language));
    return parts.join(language === "en" ? " " : "");
  }
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** The staff member who starts announcements: the first admin or CSM, made a member if needed. */
function ensureStaffAuthor(sqlite: Sqlite, now: number): { id: number } | undefined {
  const user = sqlite.prepare<[], { id: number; name: string | null }>("SELECT id, name FROM users WHERE role IN ('admin', 'csm') ORDER BY id LIMIT 1").get();
  if (!user) return undefined;
  const member = sqlite.prepare<[number], { id: number }>("SELECT id FROM community_members WHERE user_id = ?").get(user.id);
  if (member) return member;
  const id = sqlite
    .prepare("INSERT INTO community_members (user_id, handle, display_name, trust_level, guidelines_accepted_at, created_at) VALUES (?, ?, ?, 'regular', ?, ?)")
    .run(user.id, `staff-${user.id}`, user.name ?? "Kizuna team", now, now).lastInsertRowid;
  return { id: Number(id) };
}

/**
 * The search index of every post from `firstPostId` on, as the community services' listener
 * writes it, in a pass of its own after the posts. Interleaved with the posts' inserts it took
 * hours: a statement that fires triggers opens a savepoint, FTS5 writes its pending terms out as
 * a new segment at every savepoint, and its incremental merges then re-read the growing
 * segments. Here merges wait and one 'optimize' at the end writes each term's list once.
 */
export function indexPostsFrom(sqlite: Sqlite, firstPostId: number): void {
  const read = sqlite.prepare<[number, number], { id: number; postNumber: number; source: string; title: string }>(
    "SELECT p.id AS id, p.post_number AS postNumber, p.source AS source, t.title AS title FROM community_posts p JOIN community_topics t ON t.id = p.topic_id WHERE p.id >= ? ORDER BY p.id LIMIT ?",
  );
  const insert = sqlite.prepare("INSERT INTO community_search (rowid, title, body) VALUES (?, ?, ?)");
  sqlite.exec("INSERT INTO community_search (community_search, rank) VALUES ('automerge', 0)");
  for (let from = firstPostId; ;) {
    const batch = read.all(from, 10_000);
    if (batch.length === 0) break;
    for (const post of batch) {
      const row = communitySearchRow(post.postNumber === 1 ? post.title : null, post.source);
      insert.run(post.id, row.title, row.body);
    }
    from = batch[batch.length - 1].id + 1;
  }
  sqlite.exec("INSERT INTO community_search (community_search) VALUES ('optimize')");
  sqlite.exec("INSERT INTO community_search (community_search, rank) VALUES ('automerge', 4)");
}

/** Builds the large community into `sqlite` (migrated, with the default categories). */
export function seedLargeCommunity(sqlite: Sqlite, options: LargeCommunityOptions = {}): LargeCommunitySummary {
  const topicTotal = options.topics ?? 100_000;
  const postTotal = Math.max(options.posts ?? 1_000_000, topicTotal);
  const memberTotal = options.members ?? 50_000;
  const rng = new Rng(options.seed ?? "community-large");
  const text = new TextMaker(rng);
  const now = (options.now ?? new Date()).getTime();
  const yearMs = 365 * 24 * 3600 * 1000;

  return sqlite.transaction(() => {
    const categories = sqlite
      .prepare<[], { id: number; kind: string; staff: number }>("SELECT id, kind, staff_only_topics AS staff FROM community_categories ORDER BY position, id")
      .all();
    const already = sqlite.prepare<[], { n: number }>("SELECT count(*) AS n FROM community_topics").get()!.n;
    if (already > 0) throw new CommunityNotEmptyError(already);
    if (categories.length === 0) throw new Error("seedLargeCommunity: the database has no community categories (is it migrated?)");
    const memberCategories = categories.filter((category) => !category.staff);
    const staffCategories = categories.filter((category) => category.staff);

    // Members: existing contacts first, then contacts of a community account.
    const contacts = sqlite
      .prepare<[number], { id: number; name: string | null; locale: "en" | "ja" }>("SELECT id, name, locale FROM contacts ORDER BY id LIMIT ?")
      .all(memberTotal);
    if (contacts.length < memberTotal) {
      const accountId = Number(
        sqlite
          .prepare("INSERT INTO accounts (external_id, name, domain, acv_amount, acv_currency, segment, start_date) VALUES (?, ?, ?, ?, ?, ?, ?)")
          .run("community-large", "Community members", "community.example", 0, "JPY", "tech", "2024-01-01").lastInsertRowid,
      );
      const insertContact = sqlite.prepare("INSERT INTO contacts (email, name, locale, account_id) VALUES (?, ?, ?, ?)");
      for (let i = contacts.length; i < memberTotal; i++) {
        const locale = rng.chance(0.5) ? "ja" : "en";
        const name = `Member ${i + 1}`;
        const id = Number(insertContact.run(`member${i + 1}@community.example`, name, locale, accountId).lastInsertRowid);
        contacts.push({ id, name, locale });
      }
    }
    const insertMember = sqlite.prepare(
      "INSERT INTO community_members (contact_id, handle, display_name, trust_level, guidelines_accepted_at, created_at) VALUES (?, ?, ?, ?, ?, ?)",
    );
    const members: { id: number; language: "en" | "ja" }[] = [];
    const existing = new Map(
      sqlite
        .prepare<[], { id: number; contactId: number }>("SELECT id, contact_id AS contactId FROM community_members WHERE contact_id IS NOT NULL")
        .all()
        .map((row) => [row.contactId, row.id]),
    );
    for (const contact of contacts) {
      const known = existing.get(contact.id);
      if (known !== undefined) {
        members.push({ id: known, language: contact.locale });
        continue;
      }
      const joined = now - Math.floor(rng.next() * yearMs);
      const id = Number(
        insertMember.run(
          contact.id,
          `member-${contact.id}`,
          contact.name ?? `Member ${contact.id}`,
          rng.pick(["new", "basic", "member", "regular"]),
          joined,
          joined,
        ).lastInsertRowid,
      );
      members.push({ id, language: contact.locale });
    }
    const staffMember = ensureStaffAuthor(sqlite, now);

    // Replies per topic: most topics a few, a few topics hundreds, summing to `postTotal`.
    const replies = new Array<number>(topicTotal).fill(0);
    let remaining = postTotal - topicTotal;
    const average = remaining / topicTotal;
    for (let i = 0; i < topicTotal && remaining > 0; i++) {
      const count = Math.min(remaining, i % 500 === 0 ? 200 : Math.floor(-Math.log(1 - rng.next()) * average));
      replies[i] = count;
      remaining -= count;
    }
    for (let i = 0; remaining > 0; i = (i + 1) % topicTotal, remaining--) replies[i]++;

    const insertTopic = sqlite.prepare(
      "INSERT INTO community_topics (category_id, author_id, title, slug, created_at, last_posted_at, reply_count) VALUES (?, ?, ?, ?, ?, ?, ?)",
    );
    const insertPost = sqlite.prepare(
      "INSERT INTO community_posts (topic_id, author_id, post_number, source, html, render_version, created_at) VALUES (?, ?, ?, ?, ?, 1, ?)",
    );
    const accept = sqlite.prepare("UPDATE community_topics SET accepted_post_id = ?, accepted_at = ? WHERE id = ?");
    let firstPostId: number | undefined;
    const categoryTally = new Map<number, { topics: number; posts: number }>();
    const memberTally = new Map<number, { topics: number; replies: number; accepted: number; lastPostedAt: number }>();
    const count = (memberId: number) => {
      let tally = memberTally.get(memberId);
      if (!tally) memberTally.set(memberId, (tally = { topics: 0, replies: 0, accepted: 0, lastPostedAt: 0 }));
      return tally;
    };
    let posts = 0;
    for (let t = 0; t < topicTotal; t++) {
      const staffTopic = staffMember && staffCategories.length > 0 && rng.chance(0.01);
      const category = staffTopic ? rng.pick(staffCategories) : rng.pick(memberCategories);
      const author = rng.pick(members);
      const authorId = staffTopic ? staffMember.id : author.id;
      const language = author.language;
      const title = text.title(language);
      const slug =
        language === "en"
          ? title
              .toLowerCase()
              .replace(/[^a-z0-9]+/g, "-")
              .replace(/^-|-$/g, "")
              .slice(0, 60)
          : "";
      // Topics in the order they were started over the past year (ids follow time, as in use).
      const createdAt = now - yearMs + Math.floor(((t + rng.next()) / topicTotal) * (yearMs - 3_600_000));
      const replyCount = replies[t];
      const lastPostedAt = Math.min(now, createdAt + replyCount * 3_600_000);
      const topicId = Number(insertTopic.run(category.id, authorId, title, slug, createdAt, lastPostedAt, replyCount).lastInsertRowid);
      const tally = categoryTally.get(category.id) ?? { topics: 0, posts: 0 };
      tally.topics += 1;
      tally.posts += replyCount + 1;
      categoryTally.set(category.id, tally);
      count(authorId).topics += 1;
      count(authorId).lastPostedAt = Math.max(count(authorId).lastPostedAt, createdAt);
      const opening = text.body(language, rng.int(2, 5));
      const openingId = Number(insertPost.run(topicId, authorId, 1, opening, `<p>${escapeHtml(opening)}</p>`, createdAt).lastInsertRowid);
      firstPostId ??= openingId;
      posts++;
      let acceptedId: number | null = null;
      for (let r = 0; r < replyCount; r++) {
        const replier = rng.chance(0.8) ? rng.pick(members) : author;
        const body = text.body(rng.chance(0.9) ? language : replier.language, rng.int(1, 3));
        const at = Math.min(now, createdAt + (r + 1) * 3_600_000);
        const postId = Number(insertPost.run(topicId, replier.id, r + 2, body, `<p>${escapeHtml(body)}</p>`, at).lastInsertRowid);
        posts++;
        count(replier.id).replies += 1;
        count(replier.id).lastPostedAt = Math.max(count(replier.id).lastPostedAt, at);
        if (acceptedId === null && category.kind === "qa" && r < 3 && replier.id !== authorId && rng.chance(0.3)) {
          acceptedId = postId;
          count(replier.id).accepted += 1;
        }
      }
      if (acceptedId !== null) accept.run(acceptedId, lastPostedAt, topicId);
      options.onTopic?.(topicId);
    }
    const countCategory = sqlite.prepare("UPDATE community_categories SET topic_count = topic_count + ?, post_count = post_count + ? WHERE id = ?");
    for (const [categoryId, tally] of categoryTally) countCategory.run(tally.topics, tally.posts, categoryId);
    // The members' participation counters, as the services would have kept them.
    const countMember = sqlite.prepare(
      "UPDATE community_members SET topic_count = topic_count + ?, reply_count = reply_count + ?, accepted_answer_count = accepted_answer_count + ?, last_posted_at = max(coalesce(last_posted_at, 0), ?) WHERE id = ?",
    );
    for (const [memberId, tally] of memberTally) countMember.run(tally.topics, tally.replies, tally.accepted, tally.lastPostedAt, memberId);
    if (firstPostId !== undefined) indexPostsFrom(sqlite, firstPostId);
    return { members: members.length, topics: topicTotal, posts };
  })();
}

export class CommunityNotEmptyError extends Error {
  constructor(readonly topics: number) {
    super(`The database already has ${topics} community topic${topics === 1 ? "" : "s"}; the large community is loaded only into a community without topics.`);
  }
}

/** The large scale's community; nothing at the demo scale (the demo community is written elsewhere). */
export const largeCommunityStep: SeedStep = {
  name: "community",
  run(ctx): Record<string, number> {
    if (ctx.scale !== "large") return {};
    const started = performance.now();
    let topics = 0;
    const summary = seedLargeCommunity(ctx.sqlite, {
      ...LARGE_COMMUNITY,
      seed: "kizuna-demo-v1/community-large",
      now: new Date(ctx.todayMs),
      onTopic: () => {
        if (++topics % 10_000 === 0) ctx.progress(`community: ${topics} topics in ${((performance.now() - started) / 1000).toFixed(1)} s`);
      },
    });
    return { communityMembers: summary.members, communityTopics: summary.topics, communityPosts: summary.posts };
  },
};
