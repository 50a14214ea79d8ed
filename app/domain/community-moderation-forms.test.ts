import { describe, expect, it } from "vitest";
import { CommunityRulesForm, FlagPostForm, SuspendMemberForm, topicIdOfReference } from "./community-moderation-forms";
import { readFieldMessage } from "./field-message";

const codeOf = (result: { success: boolean; error?: { issues: { message: string }[] } }) => readFieldMessage(result.error!.issues[0].message)?.code;

describe("the flag form", () => {
  it("takes the four reasons, and asks for words with 'other'", () => {
    expect(FlagPostForm.safeParse({ postId: "7", reason: "off_topic" })).toMatchObject({ success: true, data: { postId: 7, reason: "off_topic" } });
    expect(codeOf(FlagPostForm.safeParse({ postId: "7", reason: "offensive" }))).toBe("communityFlagReason");
    expect(codeOf(FlagPostForm.safeParse({ postId: "7", reason: "other", note: "  " }))).toBe("communityFlagNote");
    expect(FlagPostForm.safeParse({ postId: "7", reason: "other", note: "Selling things" }).success).toBe(true);
    expect(FlagPostForm.safeParse({ postId: "-1", reason: "spam" }).success).toBe(false);
  });
});

describe("the posting rules form", () => {
  type Level = Record<string, string>;
  const form = (overrides: Record<string, string | Level> = {}) => {
    const values: Record<string, string | Level> = { newMemberHoldLinks: "2", blockedEn: "Casino\r\n\r\ncasino\n", blockedJa: " 副業 \n" };
    for (const level of ["new", "basic", "member", "regular"]) values[level] = { postsPerHour: "5", linksPerPost: "3", mentionsPerPost: "1" };
    for (const [key, value] of Object.entries(overrides)) values[key] = typeof value === "string" ? value : { ...(values[key] as Level), ...value };
    return values;
  };

  it("reads checkboxes, limits per level and one word a line", () => {
    const parsed = CommunityRulesForm.parse(form({ holdFirstPosts: "on", basic: { images: "on" } }));
    expect(parsed.holdFirstPosts).toBe(true);
    expect(parsed.limits.new).toEqual({ postsPerHour: 5, linksPerPost: 3, mentionsPerPost: 1, images: false });
    expect(parsed.limits.basic.images).toBe(true);
    expect(parsed.blockedWords).toEqual({ en: ["Casino", "casino"], ja: ["副業"] });
    expect(CommunityRulesForm.parse(form()).holdFirstPosts).toBe(false);
  });

  it("refuses a level with no posts at all, a fraction, and a missing limit", () => {
    expect(codeOf(CommunityRulesForm.safeParse(form({ new: { postsPerHour: "0" } })))).toBe("communityWholeNumber");
    expect(CommunityRulesForm.safeParse(form({ member: { linksPerPost: "2.5" } })).success).toBe(false);
    expect(CommunityRulesForm.safeParse(form({ member: { linksPerPost: " " } })).success).toBe(false);
    const missing = form();
    delete (missing.regular as Level).mentionsPerPost;
    expect(CommunityRulesForm.safeParse(missing).success).toBe(false);
  });
});

describe("the suspend form", () => {
  it("takes a calendar day and a reason", () => {
    expect(SuspendMemberForm.safeParse({ memberId: "3", until: "2027-01-31", reason: "Spam" }).success).toBe(true);
    expect(codeOf(SuspendMemberForm.safeParse({ memberId: "3", until: "31/01/2027", reason: "Spam" }))).toBe("communityDate");
    expect(codeOf(SuspendMemberForm.safeParse({ memberId: "3", until: "2027-01-31", reason: " " }))).toBe("communityRequired");
  });
});

describe("the topic a moderator names to merge into", () => {
  it("reads a number or the topic's address, and nothing else", () => {
    expect(topicIdOfReference(" 123 ")).toBe(123);
    expect(topicIdOfReference("#45")).toBe(45);
    expect(topicIdOfReference("https://kizuna.example/community/t/77/exporting-data?page=2#post-31")).toBe(77);
    expect(topicIdOfReference("/community/t/78")).toBe(78);
    expect(topicIdOfReference("/community/t/79/")).toBe(79);
    for (const bad of [
      "",
      "0",
      "-3",
      "12abc",
      "/community/c/questions",
      "/community/t/",
      "/community/t/5/slug/extra",
      "javascript:alert(1)",
      "99999999999999999",
    ])
      expect(topicIdOfReference(bad), bad).toBeNull();
  });
});
