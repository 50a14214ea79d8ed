import { count, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { allowManyPosts } from "../factories/community-moderation";
import { communityCategories, communityMembers, communityPosts, communityTopics } from "../../db/schema";
import { POSTS_PER_PAGE, TOPICS_PER_PAGE } from "../../app/domain/community-rules";
import { isServiceError } from "../../app/domain/service-error";
import { ensureContactMember } from "../../app/models/community-member.server";
import { acceptAnswer } from "../../app/services/community-accept-answer.server";
import { categoryPage, communityHome, parseCursor, recentTopics, startableCategories } from "../../app/services/community-lists.server";
import { previewTopic } from "../../app/services/community-preview-topic.server";
import { memberProfilePage } from "../../app/services/community-profile-page.server";
import { replyToTopic } from "../../app/services/community-reply.server";
import { startTopic } from "../../app/services/community-start-topic.server";
import { pageOfPost, readableTopic, topicPage } from "../../app/services/community-topic-page.server";
import { requireCommunityReader, type CommunityReader } from "../../app/utils/community-access.server";
import { db } from "../../app/utils/db.server";
import { getSetting, putSetting } from "../../app/models/settings.server";
import { contactCookie, createAccount, createContact, createStaff, formRequest, getRequest, staffCookie } from "../factories";

async function memberReader(segment: "high" | "low" | "tech" = "tech", contact: Parameters<typeof createContact>[0] = {}): Promise<CommunityReader> {
  const person = createContact({ ...contact, accountId: createAccount({ segment, startDate: "2023-04-01", name: `Company ${segment}` }).id });
  const member = ensureContactMember(db, person);
  db.update(communityMembers).set({ guidelinesAcceptedAt: new Date() }).where(eq(communityMembers.id, member.id)).run();
  return requireCommunityReader(getRequest("/community", await contactCookie(person.id)));
}

async function staffReader(): Promise<CommunityReader> {
  return requireCommunityReader(getRequest("/community", await staffCookie(createStaff("csm").id)));
}

function addCategory(slug: string, values: Partial<typeof communityCategories.$inferInsert> = {}) {
  return db
    .insert(communityCategories)
    .values({ slug, kind: "discussion", nameEn: `Category ${slug}`, nameJa: `カテゴリ ${slug}`, ...values })
    .returning()
    .get();
}

const rows = (table: typeof communityTopics | typeof communityPosts) => db.select({ n: count() }).from(table).get()!.n;

describe("community portal lists and pages", () => {
  let tech: CommunityReader;
  let high: CommunityReader;
  let staff: CommunityReader;
  beforeAll(async () => {
    allowManyPosts();
    tech = await memberReader("tech");
    high = await memberReader("high");
    staff = await staffReader();
  });

  it("hides a restricted category and its topics from customers outside its segments, everywhere", () => {
    addCategory("high-touch-only", { segments: ["high"], nameEn: "High touch lounge", nameJa: "ハイタッチ専用" });
    const { topicId } = startTopic(high, { category: "high-touch-only", title: "Renewal planning for next year", body: "Our plan." });

    expect(communityHome(tech, "latest", null).categories.map((category) => category.slug)).not.toContain("high-touch-only");
    expect(communityHome(tech, "latest", null).topics.map((topic) => topic.id)).not.toContain(topicId);
    expect(categoryPage(tech, "high-touch-only", "all", null)).toBeNull();
    expect(readableTopic(tech, topicId)).toBeNull();
    expect(recentTopics(tech, { limit: 50 }).map((topic) => topic.id)).not.toContain(topicId);

    const forHigh = communityHome(high, "latest", null);
    expect(forHigh.categories.find((category) => category.slug === "high-touch-only")).toMatchObject({ name: "High touch lounge", restricted: true });
    expect(forHigh.topics.map((topic) => topic.id)).toContain(topicId);
    expect(readableTopic(staff, topicId)).not.toBeNull();
  });

  it("names categories in the reader's language and offers customers only the categories they may start topics in", async () => {
    const japanese = await memberReader("tech", { locale: "ja" });
    expect(japanese.language).toBe("ja");
    expect(communityHome(japanese, "latest", null).categories.find((category) => category.slug === "high-touch-only")).toBeUndefined();
    addCategory("open-ja", { nameEn: "Open", nameJa: "オープン" });
    expect(communityHome(japanese, "latest", null).categories.find((category) => category.slug === "open-ja")?.name).toBe("オープン");
    expect(startableCategories(tech).map((category) => category.slug)).not.toContain("announcements");
    expect(startableCategories(tech).map((category) => category.slug)).toContain("questions");
    expect(startableCategories(staff).map((category) => category.slug)).toContain("announcements");
  });

  it("continues a category's list page after page with no topic twice and none left out, even with equal timestamps", () => {
    addCategory("paged");
    const made = Array.from(
      { length: TOPICS_PER_PAGE * 2 + 5 },
      (_, n) => startTopic(tech, { category: "paged", title: `Paged topic number ${n}`, body: "x" }).topicId,
    );
    const seen: number[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: NonNullable<ReturnType<typeof categoryPage>> = categoryPage(tech, "paged", "all", parseCursor(cursor, "latest"))!;
      seen.push(...page.topics.map((topic) => topic.id));
      cursor = page.next;
      pages += 1;
    } while (cursor && pages < 10);
    expect(pages).toBe(3);
    expect(seen).toHaveLength(made.length);
    expect(new Set(seen)).toEqual(new Set(made));
    // A cursor that is not one of ours is the first page, never an error.
    expect(categoryPage(tech, "paged", "all", parseCursor("1;DROP TABLE", "latest"))!.topics).toHaveLength(TOPICS_PER_PAGE);
  });

  it("filters Q&A by solved and leaves solved questions out of the home's unsolved list", () => {
    const solved = startTopic(tech, { category: "questions", title: "How do I add a teammate?", body: "?" }).topicId;
    const open = startTopic(tech, { category: "questions", title: "Why is my export empty?", body: "?" }).topicId;
    const answer = replyToTopic(high, solved, { body: "Settings → Users." });
    acceptAnswer(tech, answer.postId);

    const ids = (filter: "all" | "solved" | "unsolved") => categoryPage(tech, "questions", filter, null)!.topics.map((topic) => topic.id);
    expect(ids("solved")).toContain(solved);
    expect(ids("solved")).not.toContain(open);
    expect(ids("unsolved")).toContain(open);
    expect(ids("unsolved")).not.toContain(solved);
    const unsolved = communityHome(tech, "unsolved", null).topics;
    expect(unsolved.map((topic) => topic.id)).toContain(open);
    expect(unsolved.map((topic) => topic.id)).not.toContain(solved);
    // Only Q&A topics are "unsolved".
    expect(unsolved.every((topic) => topic.category?.slug === "questions")).toBe(true);
    expect(communityHome(tech, "latest", null).topics.find((topic) => topic.id === solved)).toMatchObject({ solved: true, replies: 1 });
  });

  it("shows the accepted answer with the question, pages replies, and finds the page of a post", () => {
    const { topicId } = startTopic(tech, { category: "questions", title: "A long thread about imports", body: "Question" });
    const replies = Array.from({ length: POSTS_PER_PAGE + 4 }, (_, n) => replyToTopic(high, topicId, { body: `Reply ${n + 1}` }));
    const last = replies[replies.length - 1];
    acceptAnswer(tech, last.postId);
    const topic = readableTopic(tech, topicId)!;

    const first = topicPage(tech, topic, 1);
    expect(first.pages).toBe(2);
    expect(first.posts[0].number).toBe(1);
    expect(first.posts).toHaveLength(POSTS_PER_PAGE);
    expect(first.accepted).toMatchObject({ id: last.postId, number: last.postNumber });
    expect(first.topic.solved).toBe(true);
    // The asker may accept a reply, the answerer may not; nobody likes their own post.
    expect(first.posts[1].may).toMatchObject({ accept: true, like: true, edit: false });
    expect(topicPage(high, topic, 1).posts[1].may).toMatchObject({ accept: false, like: false, edit: true });

    const second = topicPage(tech, topic, 2);
    expect(second.posts.map((post) => post.number)).toEqual(Array.from({ length: 5 }, (_, n) => POSTS_PER_PAGE + 1 + n));
    // A page past the end shows the last page.
    expect(topicPage(tech, topic, 99).page).toBe(2);
    expect(pageOfPost(tech, topicId, last.postNumber)).toBe(2);
    expect(pageOfPost(tech, topicId, 2)).toBe(1);
  });

  it("links a reply to the post it answers, on that post's page", () => {
    const { topicId } = startTopic(tech, { category: "tips", title: "Saved filters are great", body: "Try them." });
    const answer = replyToTopic(high, topicId, { body: "Agreed" });
    replyToTopic(tech, topicId, { body: "Thanks", replyToPostId: answer.postId });
    const view = topicPage(tech, readableTopic(tech, topicId)!, 1);
    expect(view.posts[2].replyTo).toMatchObject({ number: 2, href: `/community/t/${topicId}/saved-filters-are-great#post-2` });
  });

  it("previews a topic without writing anything, with the same refusals as publishing", () => {
    const before = { topics: rows(communityTopics), posts: rows(communityPosts) };
    expect(previewTopic(tech, { category: "questions", title: "  Preview   me please ", body: "**bold**" })).toMatchObject({
      title: "Preview me please",
      html: expect.stringContaining("<strong>bold</strong>"),
    });
    const refusal = (fn: () => unknown) => {
      try {
        fn();
      } catch (error) {
        if (isServiceError(error)) return { status: error.status, code: error.code, field: error.field };
        throw error;
      }
      return null;
    };
    expect(refusal(() => previewTopic(tech, { category: "announcements", title: "Not for customers", body: "x" }))).toMatchObject({
      status: 403,
      field: "category",
    });
    expect(refusal(() => previewTopic(tech, { category: "questions", title: "abc", body: "x" }))).toMatchObject({ status: 400, field: "title" });
    expect(refusal(() => previewTopic(tech, { category: "nope", title: "A good title", body: "x" }))).toMatchObject({ status: 400, field: "category" });
    expect({ topics: rows(communityTopics), posts: rows(communityPosts) }).toEqual(before);
  });

  it("shows a member's profile with their company only when they show it, and their customer-since date", async () => {
    const member = await memberReader("low", { name: "Aiko Tanaka" });
    const { topicId } = startTopic(member, { category: "tips", title: "My favourite report", body: "The trend chart." });
    const handle = member.viewer.member!.handle;
    // The badge shows beside their name on their posts too.
    expect(topicPage(tech, readableTopic(tech, topicId)!, 1).posts[0].author.badges).toEqual(["first_post"]);
    const shown = memberProfilePage(tech, handle.toUpperCase())!;
    expect(shown).toMatchObject({ displayName: "Aiko Tanaka", company: "Company low", customerSince: "2023-04-01", own: false, staff: false });
    expect(shown.counts.topics).toBe(1);
    expect(shown.recentTopics[0].title).toBe("My favourite report");
    // Their first post earned the first badge, shown on the profile.
    expect(shown.badges.map((badge) => badge.code)).toEqual(["first_post"]);

    db.update(communityMembers).set({ showCompany: false }).where(eq(communityMembers.handle, handle)).run();
    expect(memberProfilePage(tech, handle)!.company).toBeNull();
    expect(memberProfilePage(tech, "nobody-by-this-name")).toBeNull();
  });
});

describe("a new member's topic held for a moderator", () => {
  it("sends its author to a page that says so, not to a topic page they cannot open yet", async () => {
    const { action: newTopic, loader: newTopicPage } = await import("../../app/routes/community.new");
    putSetting("communityRules", { ...getSetting("communityRules"), holdFirstPosts: true });
    try {
      const person = createContact({ accountId: createAccount({ segment: "tech" }).id });
      const member = ensureContactMember(db, person);
      db.update(communityMembers).set({ guidelinesAcceptedAt: new Date() }).where(eq(communityMembers.id, member.id)).run();
      const cookie = await contactCookie(person.id);
      const response = (await newTopic({
        request: formRequest("/community/new", { category: "questions", title: "Where is the invoice archive?", body: "I cannot find it." }, cookie),
        params: {},
        context: {},
      })) as Response;
      expect(response.status).toBe(303);
      expect(response.headers.get("Location")).toBe("/community/new?held=1");
      const page = (await newTopicPage({ request: getRequest("/community/new?held=1", cookie), params: {}, context: {} })) as { held: boolean };
      expect(page.held).toBe(true);
      expect(db.select().from(communityPosts).where(eq(communityPosts.authorId, member.id)).get()!.state).toBe("held");
    } finally {
      putSetting("communityRules", { ...getSetting("communityRules"), holdFirstPosts: false });
    }
  });
});

describe("a topic page for signed-out visitors", () => {
  it("opens with a canonical link when everyone may read, and sends them to sign in when only members may", async () => {
    const { loader: topicLoader } = await import("../../app/routes/community.t.$id.($slug)");
    const asker = await memberReader("tech");
    const { topicId, path } = startTopic(asker, { category: "questions", title: "Exporting every survey answer", body: "How?" });
    const restricted = addCategory("visitors-closed", { segments: ["high"] });
    const { path: hiddenPath } = startTopic(await staffReader(), { category: restricted.slug, title: "For high-touch customers only", body: "Hi" });
    const load = (url: string) => topicLoader({ request: getRequest(url), params: { id: url.split("/")[3], slug: url.split("/")[4] }, context: {} });
    const before = getSetting("community");
    try {
      putSetting("community", { ...before, readers: "members" });
      const refused = await load(path).catch((response: Response) => response);
      expect((refused as Response).status).toBe(302);
      expect((refused as Response).headers.get("Location")).toBe(`/login?redirectTo=${encodeURIComponent(path)}`);

      putSetting("community", { ...before, readers: "everyone" });
      const page = (await load(path)) as { topic: { id: number }; signedIn: boolean; mayPost: boolean; canonical: { href: string }[] };
      expect(page.topic.id).toBe(topicId);
      expect(page).toMatchObject({ signedIn: false, mayPost: false });
      expect(page.canonical[0].href).toMatch(new RegExp(`${path.replace(/[/]/g, "\\/")}$`));
      // A category restricted to some segments stays closed to visitors.
      const closed = await load(hiddenPath).catch((response: Response) => response);
      expect((closed as Response).status).toBe(404);
    } finally {
      putSetting("community", before);
    }
  });
});
