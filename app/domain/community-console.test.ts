import { describe, expect, it } from "vitest";
import { lastSeenFilter, lastWeeks, MemberListParams, UnansweredParams, waitingFor, weekStart } from "./community-console";

describe("weekStart", () => {
  it("is Monday 00:00 UTC for every day of the week, Sunday night included", () => {
    const monday = Date.parse("2026-11-30T00:00:00Z");
    expect(weekStart(monday)).toBe(monday);
    expect(weekStart(Date.parse("2026-12-02T13:00:00Z"))).toBe(monday);
    expect(weekStart(Date.parse("2026-12-06T23:59:59.999Z"))).toBe(monday);
    expect(weekStart(Date.parse("2026-12-07T00:00:00Z"))).toBe(Date.parse("2026-12-07T00:00:00Z"));
    // Before 1970 the day count is negative; a Monday stays a Monday.
    expect(new Date(weekStart(Date.parse("1969-12-31T12:00:00Z"))).toISOString()).toBe("1969-12-29T00:00:00.000Z");
  });

  it("lists the last weeks oldest first, ending with the current one", () => {
    const weeks = lastWeeks(Date.parse("2026-12-07T11:00:00Z"), 3).map((ms) => new Date(ms).toISOString().slice(0, 10));
    expect(weeks).toEqual(["2026-11-23", "2026-11-30", "2026-12-07"]);
  });
});

describe("waitingFor", () => {
  it("counts hours under two days, then whole days", () => {
    const now = Date.parse("2026-12-07T12:00:00Z");
    expect(waitingFor(now - 25 * 3_600_000, now)).toEqual({ unit: "hours", n: 25 });
    expect(waitingFor(now - 47.9 * 3_600_000, now)).toEqual({ unit: "hours", n: 47 });
    expect(waitingFor(now - 80 * 3_600_000, now)).toEqual({ unit: "days", n: 3 });
  });
});

describe("query parameters", () => {
  it("takes the members list's filters and refuses what it does not know", () => {
    expect(MemberListParams.parse({ trust: "regular", seen: "over-30", sort: "likes", page: "2" })).toMatchObject({
      trust: "regular",
      seen: "over-30",
      page: 2,
    });
    expect(MemberListParams.safeParse({ trust: "admin" }).success).toBe(false);
    expect(MemberListParams.safeParse({ seen: "within-5" }).success).toBe(false);
    expect(lastSeenFilter("over-90")).toEqual({ within: false, days: 90 });
    expect(UnansweredParams.safeParse({ hours: "0" }).success).toBe(false);
    expect(UnansweredParams.parse({ hours: "48" })).toEqual({ hours: 48 });
  });
});
