import { describe, expect, it } from "vitest";
import { LARGE_IDEAS, largeVoteCounts } from "./ideas";
import { rngFor } from "./random";

describe("the large board's vote counts", () => {
  it("add up to exactly the votes P9 asks for, none above the members there are, skewed from a few to thousands", () => {
    const counts = largeVoteCounts(rngFor("kizuna-demo-v1", "ideas-large"), 49_999);
    expect(counts).toHaveLength(LARGE_IDEAS.ideas);
    expect(counts.reduce((sum, c) => sum + c, 0)).toBe(LARGE_IDEAS.votes);
    expect(Math.max(...counts)).toBe(49_999);
    const sorted = [...counts].sort((a, b) => a - b);
    expect(sorted[LARGE_IDEAS.ideas / 2]).toBeLessThan(100);
    expect(sorted[LARGE_IDEAS.ideas - 100]).toBeGreaterThan(1_000);
  });

  it("still add up when few members can vote (the cap binds on many ideas)", () => {
    const counts = largeVoteCounts(rngFor("kizuna-demo-v1", "ideas-large"), 304);
    expect(counts.reduce((sum, c) => sum + c, 0)).toBe(LARGE_IDEAS.votes);
    expect(Math.max(...counts)).toBe(304);
  });
});
