import { describe, expect, it } from "vitest";
import {
  avatarInitials,
  isSuspended,
  mayAcceptAnswer,
  mayDeletePost,
  mayEditPost,
  mayLikePost,
  maySeeCategory,
  startTopicRefusal,
  topicPath,
  topicSlug,
} from "./community-rules";

const member = { memberId: 7, staff: false, moderator: false, segment: "tech" as const };
const staff = { memberId: 1, staff: true, moderator: true, segment: null };
/** A console viewer: staff who read everything and take part, and moderate nothing. */
const viewer = { memberId: 2, staff: true, moderator: false, segment: null };
const stranger = { memberId: 8, staff: false, moderator: false, segment: "tech" as const };
const post = { authorId: 7, deletedAt: null, postNumber: 2 };

describe("who may do what in the community", () => {
  it("keeps a restricted category from customers outside its segments, never from staff", () => {
    expect(maySeeCategory(member, { segments: null })).toBe(true);
    expect(maySeeCategory(member, { segments: ["high"] })).toBe(false);
    expect(maySeeCategory({ staff: false, segment: "high" }, { segments: ["high"] })).toBe(true);
    expect(maySeeCategory(staff, { segments: ["high"] })).toBe(true);
  });

  it("lets only staff start topics in a staff-only category", () => {
    expect(startTopicRefusal(member, { kind: "announcements", staffOnlyTopics: true, segments: null })).toBe("staffOnly");
    expect(startTopicRefusal(staff, { kind: "announcements", staffOnlyTopics: true, segments: null })).toBeNull();
    expect(startTopicRefusal(member, { kind: "qa", staffOnlyTopics: false, segments: ["high"] })).toBe("restricted");
  });

  it("lets the author or a moderator edit and delete, nobody touch a deleted post", () => {
    expect(mayEditPost(member, post)).toBe(true);
    expect(mayEditPost(stranger, post)).toBe(false);
    expect(mayDeletePost(staff, post)).toBe(true);
    expect(mayEditPost(viewer, post)).toBe(false);
    expect(mayDeletePost(viewer, post)).toBe(false);
    expect(mayEditPost(viewer, { ...post, authorId: viewer.memberId })).toBe(true);
    expect(mayEditPost(member, { ...post, deletedAt: new Date() })).toBe(false);
    expect(mayEditPost({ ...member, memberId: null }, post)).toBe(false);
  });

  it("refuses liking one's own post", () => {
    expect(mayLikePost(member, post)).toBe(false);
    expect(mayLikePost(stranger, post)).toBe(true);
  });

  it("lets the asker or a moderator accept a reply of a Q&A topic, not the question itself", () => {
    const question = { authorId: 8, categoryKind: "qa" };
    expect(mayAcceptAnswer(stranger, question, post)).toBe(true);
    expect(mayAcceptAnswer(member, question, { ...post, authorId: 9 })).toBe(false);
    expect(mayAcceptAnswer(staff, question, post)).toBe(true);
    expect(mayAcceptAnswer(viewer, question, post)).toBe(false);
    expect(mayAcceptAnswer(stranger, question, { ...post, postNumber: 1 })).toBe(false);
    expect(mayAcceptAnswer(stranger, { ...question, categoryKind: "discussion" }, post)).toBe(false);
  });

  it("counts a suspension only while it lasts", () => {
    const now = new Date("2026-12-07T00:00:00Z");
    expect(isSuspended({ suspendedUntil: new Date("2026-12-08T00:00:00Z") }, now)).toBe(true);
    expect(isSuspended({ suspendedUntil: new Date("2026-12-06T00:00:00Z") }, now)).toBe(false);
    expect(isSuspended({ suspendedUntil: null }, now)).toBe(false);
  });
});

describe("topic slugs and avatars", () => {
  it("slugs Latin titles and leaves Japanese ones to the id", () => {
    expect(topicSlug("How do I export NPS responses?")).toBe("how-do-i-export-nps-responses");
    expect(topicSlug("Café déjà vu")).toBe("cafe-deja-vu");
    expect(topicSlug("回答をエクスポートするには？")).toBe("");
    expect(topicSlug("x".repeat(100)).length).toBe(60);
    expect(topicPath({ id: 5, slug: "" })).toBe("/community/t/5");
    expect(topicPath({ id: 5, slug: "a-b" })).toBe("/community/t/5/a-b");
  });

  it("makes initials from two Latin words or the first character", () => {
    expect(avatarInitials("Aiko Tanaka")).toBe("AT");
    expect(avatarInitials("山田 太郎")).toBe("山");
    expect(avatarInitials("madonna")).toBe("M");
    expect(avatarInitials("  ")).toBe("?");
  });
});
