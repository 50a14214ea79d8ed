import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { allowManyPosts } from "../factories/community-moderation";
import { communityCategories, communityMembers, communityPosts, communityTopics } from "../../db/schema";
import { CommunitySearchParams } from "../../app/domain/community-search";
import { ensureContactMember } from "../../app/models/community-member.server";
import { deletePost } from "../../app/services/community-delete-post.server";
import { editPost } from "../../app/services/community-edit-post.server";
import { replyToTopic } from "../../app/services/community-reply.server";
import { searchCommunity, similarTopics } from "../../app/services/community-search.server";
import { startTopic } from "../../app/services/community-start-topic.server";
import { requireCommunityReader, type CommunityReader } from "../../app/utils/community-access.server";
import { db } from "../../app/utils/db.server";
import { loader as searchLoader } from "../../app/routes/community.search";
import { loader as similarLoader } from "../../app/routes/community.similar";
import { contactCookie, createAccount, createContact, createStaff, getRequest, staffCookie } from "../factories";

async function memberReader(segment: "high" | "low" | "tech" = "tech"): Promise<CommunityReader> {
  const contact = createContact({ accountId: createAccount({ segment }).id });
  const member = ensureContactMember(db, contact);
  db.update(communityMembers).set({ guidelinesAcceptedAt: new Date() }).where(eq(communityMembers.id, member.id)).run();
  return requireCommunityReader(getRequest("/community", await contactCookie(contact.id)));
}

async function staffReader(): Promise<CommunityReader> {
  return requireCommunityReader(getRequest("/community", await staffCookie(createStaff("csm").id)));
}

const search = (reader: CommunityReader, query: Record<string, string>) => searchCommunity(reader, CommunitySearchParams.parse(query));
const ids = (reader: CommunityReader, query: Record<string, string>) => search(reader, query).results.map((result) => result.id);

describe("community search", () => {
  let asker: CommunityReader;
  let other: CommunityReader;
  let staff: CommunityReader;
  beforeAll(async () => {
    allowManyPosts();
    asker = await memberReader();
    other = await memberReader();
    staff = await staffReader();
  });

  it("finds an English word by its other forms: exporting finds export", () => {
    const { topicId } = startTopic(asker, { category: "questions", title: "Quarterly figures", body: "How do I export the frobnicator report?" });
    expect(ids(other, { q: "exporting frobnicator" })).toEqual([topicId]);
    expect(ids(other, { q: "exports frobnicators" })).toEqual([topicId]);
    const [result] = search(other, { q: "exporting frobnicator" }).results;
    expect(result.url).toBe(`/community/t/${topicId}/quarterly-figures`);
    expect(result.snippetHtml).toContain("<mark>export</mark>");
  });

  it("finds Japanese by substring, two characters or more, in titles and replies", () => {
    const { topicId } = startTopic(asker, { category: "questions", title: "勘定科目の設定が保存されません", body: "管理画面から変えても元に戻ります。" });
    const reply = startTopic(other, { category: "tips", title: "便利な使い方", body: "通知の設定画面で曜日を選べます。" });
    expect(ids(other, { q: "勘定科目" })).toEqual([topicId]);
    const found = ids(other, { q: "設定" });
    expect(found).toContain(topicId);
    expect(found).toContain(reply.topicId);
    // The title weighs more than the body: the topic titled with the word comes first.
    expect(found.indexOf(topicId)).toBeLessThan(found.indexOf(reply.topicId));
    const [first] = search(other, { q: "設定" }).results;
    expect(first.titleHtml).toContain("<mark>設定</mark>");
  });

  it("searches titles only for a one-character query", () => {
    const inTitle = startTopic(asker, { category: "questions", title: "鰻の請求について", body: "本文です。" });
    const inBody = startTopic(asker, { category: "questions", title: "別の質問です", body: "鰻の話はこちら。" });
    const outcome = search(other, { q: "鰻" });
    expect(outcome.titleOnly).toBe(true);
    expect(outcome.results.map((result) => result.id)).toEqual([inTitle.topicId]);
    expect(ids(other, { q: "鰻の話" })).toEqual([inBody.topicId]);
  });

  it("gives one result per topic, for its best post, and marks a reply as such", () => {
    const { topicId } = startTopic(asker, { category: "questions", title: "Webhook retries", body: "Our zorbulate endpoint times out." });
    replyToTopic(other, topicId, { body: "Zorbulate twice: zorbulate with a longer timeout." });
    const outcome = search(asker, { q: "zorbulate" });
    expect(outcome.results.map((result) => result.id)).toEqual([topicId]);
    expect(outcome.total).toBe(1);
  });

  it("never shows a topic of a category restricted to other segments; staff see it", async () => {
    const highOnly = db
      .insert(communityCategories)
      .values({ slug: "high-touch-lounge", kind: "discussion", nameEn: "Lounge", nameJa: "ラウンジ", segments: ["high"] })
      .returning()
      .get();
    const highMember = await memberReader("high");
    const { topicId } = startTopic(highMember, { category: highOnly.slug, title: "Renewal plans", body: "Our quixotical renewal roadmap." });
    expect(ids(highMember, { q: "quixotical" })).toEqual([topicId]);
    expect(ids(staff, { q: "quixotical" })).toEqual([topicId]);
    expect(ids(other, { q: "quixotical" })).toEqual([]);
    // Asking for the category by name does not open it either.
    expect(ids(other, { q: "quixotical", category: highOnly.slug })).toEqual([]);
    expect(search(other, { q: "x" }).categories.map((category) => category.slug)).not.toContain(highOnly.slug);
  });

  it("does not find hidden, deleted or held posts, nor posts of a hidden topic", () => {
    const hidden = startTopic(asker, { category: "questions", title: "Plain title one", body: "The glorbinate secret." });
    db.update(communityPosts).set({ hiddenAt: new Date(), hiddenReason: "spam" }).where(eq(communityPosts.id, hidden.postId)).run();
    expect(ids(other, { q: "glorbinate" })).toEqual([]);

    const held = startTopic(asker, { category: "questions", title: "Plain title two", body: "A snorkelwise question." });
    db.update(communityPosts).set({ state: "held" }).where(eq(communityPosts.id, held.postId)).run();
    expect(ids(other, { q: "snorkelwise" })).toEqual([]);

    const topic = startTopic(asker, { category: "questions", title: "Plain title three", body: "Opening." });
    replyToTopic(other, topic.topicId, { body: "A flumpish reply." });
    db.update(communityTopics).set({ hiddenAt: new Date() }).where(eq(communityTopics.id, topic.topicId)).run();
    expect(ids(staff, { q: "flumpish" })).toEqual([]);

    const deleted = startTopic(asker, { category: "questions", title: "Plain title four", body: "Opening." });
    const reply = replyToTopic(other, deleted.topicId, { body: "A wibblesome reply." });
    expect(ids(other, { q: "wibblesome" })).toEqual([deleted.topicId]);
    deletePost(other, reply.postId);
    expect(ids(other, { q: "wibblesome" })).toEqual([]);
  });

  it("finds an edited post by its new words, and a topic by its new title, and no longer by the old ones", () => {
    const { topicId, postId } = startTopic(asker, { category: "questions", title: "Crumplehorn issue", body: "Old wording here." });
    editPost(asker, postId, { title: "Snargleflax issue", body: "New phrasing with blintzes." });
    expect(ids(other, { q: "blintzes" })).toEqual([topicId]);
    expect(ids(other, { q: "snargleflax" })).toEqual([topicId]);
    expect(ids(other, { q: "crumplehorn" })).toEqual([]);
  });

  it("filters by category, solved, author and date", () => {
    const q = startTopic(asker, { category: "questions", title: "Pemmican question", body: "pemmican" });
    const t = startTopic(other, { category: "tips", title: "Pemmican tip", body: "pemmican" });
    expect(ids(other, { q: "pemmican", category: "tips" })).toEqual([t.topicId]);
    expect(ids(other, { q: "pemmican", solved: "unsolved" })).toEqual([q.topicId]);
    expect(ids(other, { q: "pemmican", solved: "solved" })).toEqual([]);
    const handle = db
      .select()
      .from(communityMembers)
      .where(eq(communityMembers.contactId, (other.viewer as { contact: { id: number } }).contact.id))
      .get()!.handle;
    expect(ids(asker, { q: "pemmican", author: handle })).toEqual([t.topicId]);
    expect(search(asker, { q: "pemmican", author: "nobody-by-this-name" }).unknownAuthor).toBe(true);
    expect(ids(asker, { q: "pemmican", to: "2000-01-01" })).toEqual([]);
    expect(ids(asker, { q: "pemmican", from: "2000-01-01" }).sort()).toEqual([q.topicId, t.topicId].sort());
  });

  it("takes FTS5 syntax as plain text and never fails", () => {
    startTopic(asker, { category: "questions", title: "Syntax check", body: "near the column" });
    for (const q of [
      '"',
      "*",
      "NEAR(",
      "-",
      'near" OR "x',
      "title:near",
      "(near",
      "near*",
      "-near",
      "^near",
      "NOT near",
      "AND",
      "{title}:x",
      "'",
      "\\",
      "%",
      "　",
    ]) {
      expect(() => search(other, { q })).not.toThrow();
    }
    expect(search(other, { q: '"' }).searched).toBe(false);
  });

  it("suggests topics with similar titles, and none from a category the reader cannot see", () => {
    const { topicId } = startTopic(asker, { category: "questions", title: "請求書のダウンロード方法", body: "教えてください。" });
    const similar = similarTopics(other, "請求書をダウンロードしたい");
    expect(similar.map((topic) => topic.id)).toContain(topicId);
    expect(similar[0]).toMatchObject({ title: "請求書のダウンロード方法", url: `/community/t/${topicId}` });
    expect(similarTopics(other, "ab")).toEqual([]);
  });
});

describe("the search page and the similar-topics answer", () => {
  const args = (request: Request) => ({ request, params: {}, context: {} });

  it("sends a signed-out visitor to sign in and back to the same search", async () => {
    const thrown = await searchLoader(args(getRequest("/community/search?q=%E8%A8%AD%E5%AE%9A"))).catch((error: unknown) => error);
    expect(thrown).toBeInstanceOf(Response);
    expect((thrown as Response).headers.get("Location")).toBe(`/login?redirectTo=${encodeURIComponent("/community/search?q=%E8%A8%AD%E5%AE%9A")}`);
  });

  it("answers in the member's language, with malformed filters ignored, and a title that is text", async () => {
    const contact = createContact({ accountId: createAccount().id, locale: "ja" });
    const reader = await requireCommunityReader(getRequest("/community", await contactCookie(contact.id)));
    db.update(communityMembers)
      .set({ guidelinesAcceptedAt: new Date() })
      .where(eq(communityMembers.id, ensureContactMember(db, contact).id))
      .run();
    startTopic(reader, { category: "questions", title: "<b>太字</b>の見出し設定", body: "見出しの設定方法は？" });
    const cookie = await contactCookie(contact.id);
    const data = await searchLoader(args(getRequest("/community/search?q=見出し&solved=nope&page=abc&from=2026-13-99", cookie)));
    expect(data.language).toBe("ja");
    expect(data.title).toBe("「見出し」· コミュニティ検索");
    expect(data.results[0].titleHtml).toBe("&lt;b&gt;太字&lt;/b&gt;の<mark>見出し</mark>設定");
    expect(data.params).toMatchObject({ solved: undefined, page: 1, from: undefined });
  });

  it("answers similar topics as JSON", async () => {
    const contact = createContact({ accountId: createAccount().id });
    const reader = await requireCommunityReader(getRequest("/community", await contactCookie(contact.id)));
    db.update(communityMembers)
      .set({ guidelinesAcceptedAt: new Date() })
      .where(eq(communityMembers.id, ensureContactMember(db, contact).id))
      .run();
    const { topicId } = startTopic(reader, { category: "questions", title: "Gizmotron calibration drift", body: "Body." });
    const response = await similarLoader(args(getRequest("/community/similar?title=gizmotron%20drifting", await contactCookie(contact.id))));
    expect(response.headers.get("Content-Type")).toContain("application/json");
    const body = (await response.json()) as { topics: { id: number; url: string }[] };
    expect(body.topics[0]).toMatchObject({ id: topicId, url: `/community/t/${topicId}/gizmotron-calibration-drift` });
  });
});
