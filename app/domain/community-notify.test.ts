import { describe, expect, it } from "vitest";
import {
  addedMentions,
  EMAIL_FREQUENCY_CHOICES,
  EMAIL_KIND_CHOICES,
  effectiveLevel,
  emailPlan,
  excerpt,
  groupedLike,
  postRecipients,
  strongestPerMember,
  WATCH_LEVEL_CHOICES,
} from "./community-notify";

describe("who hears of a post", () => {
  it("gives each member their strongest reason only", () => {
    const kinds = strongestPerMember([
      { memberId: 1, kind: "watched_topic" },
      { memberId: 1, kind: "mention" },
      { memberId: 2, kind: "reply_to_topic" },
      { memberId: 2, kind: "reply_to_post" },
      { memberId: 3, kind: "watched_topic" },
    ]);
    expect(Object.fromEntries(kinds)).toEqual({ 1: "mention", 2: "reply_to_post", 3: "watched_topic" });
  });

  it("lets a topic's level override its category's, and tracks by default", () => {
    expect(effectiveLevel("tracking", "muted")).toBe("tracking");
    expect(effectiveLevel(null, "muted")).toBe("muted");
    expect(effectiveLevel(null, "watching")).toBe("watching");
    expect(effectiveLevel(null, null)).toBe("tracking");
  });

  it("addresses the topic's author, the replied-to author, the mentioned and the watchers, never the poster", () => {
    const kinds = postRecipients({ authorId: 9, postNumber: 3, topicAuthorId: 1, repliedToAuthorId: 2, mentionedIds: [3, 9, 1], watcherIds: [1, 2, 3, 4, 9] });
    expect(Object.fromEntries(kinds)).toEqual({ 1: "mention", 2: "reply_to_post", 3: "mention", 4: "watched_topic" });
  });

  it("does not call an opening post a reply to its own topic", () => {
    const kinds = postRecipients({ authorId: 1, postNumber: 1, topicAuthorId: 1, repliedToAuthorId: null, mentionedIds: [], watcherIds: [5] });
    expect(Object.fromEntries(kinds)).toEqual({ 5: "watched_topic" });
  });

  it("answers a self-reply with nothing for the author", () => {
    const kinds = postRecipients({ authorId: 1, postNumber: 2, topicAuthorId: 1, repliedToAuthorId: 1, mentionedIds: [], watcherIds: [1] });
    expect(kinds.size).toBe(0);
  });
});

describe("likes", () => {
  it("group into one notification that counts the likes there are, whatever the number of runs", () => {
    expect(groupedLike(1, 7)).toEqual({ count: 1, actorId: 7 });
    expect(groupedLike(4, 8)).toEqual({ count: 4, actorId: 8 });
    expect(groupedLike(0, 8)).toEqual({ count: 1, actorId: 8 });
  });
});

describe("email plan", () => {
  it("follows the frequency and the kinds the member stopped", () => {
    const none = new Set<never>();
    expect(emailPlan("instant", "mention", none)).toBe("instant");
    expect(emailPlan("daily", "mention", none)).toBe("digest");
    expect(emailPlan("off", "mention", none)).toBe("none");
    expect(emailPlan("instant", "like", new Set(["like"] as const))).toBe("none");
    expect(emailPlan("daily", "mention", new Set(["digest"] as const))).toBe("none");
  });

  it("cuts a long post without splitting a character", () => {
    expect(excerpt("a  b\n\nc")).toBe("a b c");
    expect(excerpt("日本語".repeat(200), 10)).toBe("日本語日本語日本語…");
  });
});

describe("form choices", () => {
  it("are the schema's lists, in the same order", async () => {
    const schema = await import("../../db/schema/community-notifications");
    expect([...EMAIL_FREQUENCY_CHOICES]).toEqual([...schema.EMAIL_FREQUENCIES]);
    expect([...EMAIL_KIND_CHOICES]).toEqual([...schema.COMMUNITY_EMAIL_KINDS]);
    expect([...WATCH_LEVEL_CHOICES]).toEqual([...schema.WATCH_LEVELS]);
  });
});

describe("mentions an edit adds", () => {
  it("are the handles of the new version the old one did not name, whatever their case", () => {
    expect(addedMentions(["alice", "bob"], ["bob", "carol", "alice", "dave"])).toEqual(["carol", "dave"]);
    expect(addedMentions(["Alice"], ["alice"])).toEqual([]);
    expect(addedMentions([], ["alice"])).toEqual(["alice"]);
    expect(addedMentions(["alice"], [])).toEqual([]);
  });
});
