import { describe, expect, it } from "vitest";
import { advocacyLogForm, countByKind, orderTimeline } from "./advocacy-timeline";

describe("the advocacy timeline", () => {
  it("orders newest first, and records of the same moment by id, newest first", () => {
    const records = [
      { id: 1, kind: "promoter_answer" as const, at: 1_000 },
      { id: 3, kind: "like_received" as const, at: 2_000 },
      { id: 2, kind: "accepted_answer" as const, at: 2_000 },
      { id: 4, kind: "review_written" as const, at: 500 },
    ];
    expect(orderTimeline(records).map((record) => record.id)).toEqual([3, 2, 1, 4]);
    // The input is not reordered in place.
    expect(records.map((record) => record.id)).toEqual([1, 3, 2, 4]);
  });

  it("counts every kind, zero when none", () => {
    const counts = countByKind([{ kind: "like_received" }, { kind: "like_received" }, { kind: "story_published" }]);
    expect(counts.like_received).toBe(2);
    expect(counts.story_published).toBe(1);
    expect(counts.meetup_spoke).toBe(0);
  });

  it("takes a reference or review dated today or before, never after", () => {
    const form = advocacyLogForm("2026-12-07");
    const reference = { intent: "logReference", contactId: 3, on: "2026-12-07", prospect: "Nagoya Foods", outcome: "positive" };
    expect(form.safeParse(reference).success).toBe(true);
    expect(form.safeParse({ ...reference, on: "2026-12-08" }).success).toBe(false);
    expect(form.safeParse({ ...reference, on: "2026-02-30" }).success).toBe(false);
    expect(form.safeParse({ ...reference, prospect: " " }).success).toBe(false);
    const review = { intent: "logReview", contactId: 3, on: "2026-11-30", site: "itreview", url: "https://www.itreview.jp/products/x/reviews/1" };
    expect(form.safeParse(review).success).toBe(true);
    expect(form.safeParse({ ...review, url: "javascript:alert(1)" }).success).toBe(false);
  });
});
