import { describe, expect, it } from "vitest";
import { earnedBadges, HELPFUL_LIKES } from "./community-badges";

const zero = { topicCount: 0, replyCount: 0, acceptedAnswerCount: 0, likesReceived: 0 };

describe("automatic badges", () => {
  it("earns nothing before the first post", () => expect(earnedBadges(zero)).toEqual([]));
  it("earns the first-post badge with a topic or a reply", () => {
    expect(earnedBadges({ ...zero, replyCount: 1 })).toEqual(["first_post"]);
    expect(earnedBadges({ ...zero, topicCount: 1 })).toEqual(["first_post"]);
  });
  it("earns the accepted-answer badges at 1 and 10", () => {
    expect(earnedBadges({ ...zero, replyCount: 9, acceptedAnswerCount: 9 })).toEqual(["first_post", "first_accepted_answer"]);
    expect(earnedBadges({ ...zero, replyCount: 10, acceptedAnswerCount: 10 })).toEqual(["first_post", "first_accepted_answer", "ten_accepted_answers"]);
  });
  it("earns helpful from likes received", () => {
    expect(earnedBadges({ ...zero, replyCount: 1, likesReceived: HELPFUL_LIKES - 1 })).not.toContain("helpful");
    expect(earnedBadges({ ...zero, replyCount: 1, likesReceived: HELPFUL_LIKES })).toContain("helpful");
  });
});
