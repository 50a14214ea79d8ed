import { describe, expect, it } from "vitest";
import { daysBetween, trustLevelFor, type TrustActivity } from "./trust-levels";

const fresh: TrustActivity = { daysSinceJoined: 0, postsWritten: 0, likesReceived: 0, acceptedAnswers: 0, agreedFlagsAgainst: 0 };

describe("trust levels", () => {
  it("starts everyone at new, and says what basic needs", () => {
    expect(trustLevelFor(fresh)).toEqual({ level: "new", next: { level: "basic", missing: ["daysSinceJoined", "postsWritten"] } });
  });

  it("makes a member basic after a day and a first post", () => {
    expect(trustLevelFor({ ...fresh, daysSinceJoined: 1, postsWritten: 1 }).level).toBe("basic");
    expect(trustLevelFor({ ...fresh, daysSinceJoined: 400, postsWritten: 0 }).level).toBe("new");
  });

  it("needs time, posts and likes for member", () => {
    const almost = { ...fresh, daysSinceJoined: 14, postsWritten: 10, likesReceived: 4 };
    expect(trustLevelFor(almost)).toEqual({ level: "basic", next: { level: "member", missing: ["likesReceived"] } });
    expect(trustLevelFor({ ...almost, likesReceived: 5 }).level).toBe("member");
  });

  it("makes a helpful long-standing member regular through accepted answers or many likes", () => {
    const base = { ...fresh, daysSinceJoined: 90, postsWritten: 60, likesReceived: 25 };
    expect(trustLevelFor(base).level).toBe("member");
    expect(trustLevelFor({ ...base, acceptedAnswers: 3 })).toEqual({ level: "regular", next: null });
    expect(trustLevelFor({ ...base, likesReceived: 50 }).level).toBe("regular");
  });

  it("does not let a member skip a level (likes without time stay basic)", () => {
    expect(trustLevelFor({ ...fresh, daysSinceJoined: 3, postsWritten: 200, likesReceived: 500, acceptedAnswers: 40 }).level).toBe("basic");
  });

  it("lowers a member whose posts moderators agree should be hidden", () => {
    const regular = { daysSinceJoined: 90, postsWritten: 60, likesReceived: 60, acceptedAnswers: 5, agreedFlagsAgainst: 0 };
    expect(trustLevelFor(regular).level).toBe("regular");
    expect(trustLevelFor({ ...regular, agreedFlagsAgainst: 1 }).level).toBe("member");
    expect(trustLevelFor({ ...regular, agreedFlagsAgainst: 3 }).level).toBe("basic");
    expect(trustLevelFor({ ...regular, agreedFlagsAgainst: 5 }).level).toBe("new");
  });

  it("counts whole days", () => {
    expect(daysBetween(0, 24 * 3600_000 - 1)).toBe(0);
    expect(daysBetween(0, 24 * 3600_000)).toBe(1);
    expect(daysBetween(10, 0)).toBe(0);
  });
});
