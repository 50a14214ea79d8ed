import { describe, expect, it } from "vitest";
import { campaignHistory, monthStartBefore, NOT_SCORED } from "./account-360";

describe("campaignHistory", () => {
  it("counts invited and answered per campaign with the NPS of the answers", () => {
    const history = campaignHistory([
      { campaignId: 2, campaignName: "Autumn", launchedAt: 2, score: null, n: 3 },
      { campaignId: 2, campaignName: "Autumn", launchedAt: 2, score: 10, n: 2 },
      { campaignId: 2, campaignName: "Autumn", launchedAt: 2, score: 3, n: 1 },
      { campaignId: 1, campaignName: "Spring", launchedAt: 1, score: null, n: 4 },
    ]);
    expect(history.map(({ campaignId, invited, answered }) => ({ campaignId, invited, answered }))).toEqual([
      { campaignId: 2, invited: 6, answered: 3 },
      { campaignId: 1, invited: 4, answered: 0 },
    ]);
    expect(history[0].summary.nps).toBeCloseTo(100 / 3);
    expect(history[1].summary.nps).toBeNull();
  });
  it("uses the thresholds it is given", () => {
    const [entry] = campaignHistory([{ campaignId: 1, campaignName: "A", launchedAt: null, score: 8, n: 1 }], { promoterMin: 8, detractorMax: 6 });
    expect(entry.summary.nps).toBe(100);
  });
});

describe("monthStartBefore", () => {
  it("goes back whole months across a year", () => {
    expect(monthStartBefore("2026-11-23", 11)).toBe("2025-12-01");
    expect(monthStartBefore("2026-03-31", 2)).toBe("2026-01-01");
    expect(monthStartBefore("2026-01-15", 0)).toBe("2026-01-01");
  });
});

describe("NOT_SCORED", () => {
  it("holds no numbers until scoring exists", () => {
    expect(NOT_SCORED).toEqual({ health: { status: "not_scored" }, advocacy: { status: "not_scored" } });
  });
});
