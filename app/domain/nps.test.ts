import { describe, expect, it } from "vitest";
import { categoryFor, validThresholds } from "./nps";

describe("categoryFor", () => {
  it("uses 9–10 / 7–8 / 0–6 by default", () => {
    expect([0, 6, 7, 8, 9, 10].map((s) => categoryFor(s))).toEqual(["detractor", "detractor", "passive", "passive", "promoter", "promoter"]);
  });
  it("follows configured thresholds (a lower bar for Japanese respondents)", () => {
    const t = { promoterMin: 8, detractorMax: 5 };
    expect([5, 6, 7, 8].map((s) => categoryFor(s, t))).toEqual(["detractor", "passive", "passive", "promoter"]);
  });
  it("refuses scores outside 0–10 or fractional", () => {
    for (const bad of [-1, 11, 3.5, Number.NaN]) expect(() => categoryFor(bad)).toThrow(RangeError);
  });
  it("rejects overlapping thresholds", () => {
    expect(validThresholds({ promoterMin: 6, detractorMax: 6 })).toBe(false);
    expect(validThresholds({ promoterMin: 7, detractorMax: 6 })).toBe(true);
  });
});
