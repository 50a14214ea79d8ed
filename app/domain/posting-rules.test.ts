import { describe, expect, it } from "vitest";
import {
  DEFAULT_COMMUNITY_RULES,
  findBlockedWords,
  heldReasonEntries,
  HOUR_MS,
  judgePost,
  postContent,
  readHeldReasons,
  type PosterFacts,
} from "./posting-rules";

const NOW = Date.UTC(2026, 11, 7, 9);
const member = (overrides: Partial<PosterFacts> = {}): PosterFacts => ({
  trustLevel: "new",
  isStaff: false,
  suspendedUntil: null,
  isFirstPost: false,
  recentPostTimes: [],
  ...overrides,
});
const none = { links: 0, mentions: 0, images: 0 };
const reply = (source = "Thanks, that worked.") => ({ kind: "reply" as const, source });
const rules = DEFAULT_COMMUNITY_RULES;

describe("what a post contains", () => {
  it("counts absolute links and images from the rendered HTML, not a mention's profile link", () => {
    const html =
      '<p><a href="https://a.example" rel="ugc">a</a> <a href="/community/u/sam">@sam</a> <img src="https://i.example/x.png" alt=""> <a href="mailto:x@y.z">m</a></p>';
    expect(postContent("@sam hi", html)).toEqual({ links: 2, mentions: 1, images: 1 });
  });

  it("counts distinct mentions outside code, and not email addresses", () => {
    expect(postContent("@sam @Sam @kei hi, mail me at kei@example.com\n```\n@nobody\n```\n`@code`", "").mentions).toBe(2);
    expect(postContent("＠全角 は数えない、@ab と（@cd）", "").mentions).toBe(2);
  });
});

describe("blocked words", () => {
  const lists = { en: ["scam", "free money"], ja: ["詐欺", "ｶｼﾞﾉ"] };

  it("matches English as whole words, whatever the case or width", () => {
    expect(findBlockedWords("This is a SCAM.", lists)).toEqual(["scam"]);
    expect(findBlockedWords("Ｓｃａｍ alert", lists)).toEqual(["scam"]);
    expect(findBlockedWords("Get FREE \n money", lists)).toEqual(["free money"]);
    expect(findBlockedWords("free moneybags", lists)).toEqual([]);
    expect(findBlockedWords("scampi for lunch", lists)).toEqual([]);
  });

  it("matches Japanese anywhere in the text, with no word boundaries", () => {
    expect(findBlockedWords("これは詐欺サイトです", lists)).toEqual(["詐欺"]);
    expect(findBlockedWords("オンラインカジノで稼ぐ", lists)).toEqual(["ｶｼﾞﾉ"]);
    expect(findBlockedWords("詐称ではありません", lists)).toEqual([]);
  });
});

describe("the posting rules", () => {
  it("publishes an ordinary first post at once while holding is off (the default)", () => {
    expect(judgePost(member({ isFirstPost: true }), reply(), none, rules, NOW)).toEqual({ state: "published", reasons: [], blockedWords: [] });
  });

  it("holds a new member's first post when the admin turns holding on", () => {
    const holding = { ...rules, holdFirstPosts: true };
    expect(judgePost(member({ isFirstPost: true }), reply(), none, holding, NOW)).toMatchObject({ state: "held", reasons: ["first_post"] });
    expect(judgePost(member({ isFirstPost: false }), reply(), none, holding, NOW)).toMatchObject({ state: "published" });
  });

  it("holds a new member's post with many links, not a basic member's", () => {
    const links = { ...none, links: 2 };
    expect(judgePost(member(), reply(), links, rules, NOW)).toMatchObject({ state: "held", reasons: ["new_member_links"] });
    expect(judgePost(member({ trustLevel: "basic" }), reply(), links, rules, NOW)).toMatchObject({ state: "published" });
    expect(judgePost(member(), reply(), links, { ...rules, newMemberHoldLinks: 0 }, NOW)).toMatchObject({ state: "published" });
  });

  it("holds a post with a blocked word in its title or body and names the word", () => {
    const words = { ...rules, blockedWords: { en: [], ja: ["副業"] } };
    const topic = { kind: "topic" as const, title: "簡単な副業のご案内", source: "詳しくはこちら" };
    expect(judgePost(member({ trustLevel: "regular" }), topic, none, words, NOW)).toEqual({
      state: "held",
      reasons: ["blocked_words"],
      blockedWords: ["副業"],
    });
  });

  it("slows a new member after their hourly posts, and says when they may post again", () => {
    const times = [NOW - 50 * 60_000, NOW - 40 * 60_000, NOW - 30 * 60_000, NOW - 20 * 60_000, NOW - 10 * 60_000];
    expect(judgePost(member({ recentPostTimes: times }), reply(), none, rules, NOW)).toEqual({ refused: "rateLimited", limit: 5, retryAfterMinutes: 10 });
    // An hour-old post no longer counts.
    expect(judgePost(member({ recentPostTimes: [NOW - HOUR_MS, ...times.slice(1)] }), reply(), none, rules, NOW)).toMatchObject({ state: "published" });
    expect(judgePost(member({ trustLevel: "regular", recentPostTimes: times }), reply(), none, rules, NOW)).toMatchObject({ state: "published" });
  });

  it("refuses what the member's level does not allow: too many links or mentions, images for new members", () => {
    expect(judgePost(member(), reply(), { ...none, links: 6 }, rules, NOW)).toEqual({ refused: "tooManyLinks", limit: 5, found: 6 });
    expect(judgePost(member(), reply(), { ...none, mentions: 3 }, rules, NOW)).toEqual({ refused: "tooManyMentions", limit: 2, found: 3 });
    expect(judgePost(member(), reply(), { ...none, images: 1 }, rules, NOW)).toEqual({ refused: "noImages", level: "new" });
    expect(judgePost(member({ trustLevel: "basic" }), reply(), { ...none, images: 1 }, rules, NOW)).toMatchObject({ state: "published" });
  });

  it("refuses a suspended member until the end of the suspension", () => {
    expect(judgePost(member({ suspendedUntil: NOW + 1 }), reply(), none, rules, NOW)).toEqual({ refused: "suspended", until: NOW + 1 });
    expect(judgePost(member({ suspendedUntil: NOW }), reply(), none, rules, NOW)).toMatchObject({ state: "published" });
  });

  it("lets staff post under no rule", () => {
    const strict = { ...rules, holdFirstPosts: true, blockedWords: { en: ["scam"], ja: [] } };
    const staff = member({ isStaff: true, isFirstPost: true, recentPostTimes: Array(50).fill(NOW - 1) });
    expect(judgePost(staff, reply("scam"), { links: 99, mentions: 99, images: 3 }, strict, NOW)).toMatchObject({ state: "published" });
  });
});

describe("what a held post stores", () => {
  it("keeps the reasons and the blocked words found, and reads them back", () => {
    const entries = heldReasonEntries({ reasons: ["first_post", "blocked_words"], blockedWords: ["副業", "casino"] });
    expect(entries).toEqual(["first_post", "blocked_words:副業", "blocked_words:casino"]);
    expect(readHeldReasons(entries)).toEqual({ reasons: ["first_post", "blocked_words"], blockedWords: ["副業", "casino"] });
    expect(readHeldReasons(["made_up", "new_member_links"])).toEqual({ reasons: ["new_member_links"], blockedWords: [] });
    expect(readHeldReasons(null)).toEqual({ reasons: [], blockedWords: [] });
  });

  it("judges an edit by its content only: no hourly count, never a first post", () => {
    const strict = { ...rules, holdFirstPosts: true };
    const times = Array(10).fill(NOW - 60_000);
    expect(judgePost(member({ isFirstPost: true, recentPostTimes: times }), { kind: "edit", source: "fixed a typo" }, none, strict, NOW)).toMatchObject({
      state: "published",
    });
  });
});
