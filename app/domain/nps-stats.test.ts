import { describe, expect, it } from "vitest";
import { addCounts, compareNps, emptyCounts, summarizeNps } from "./nps-stats";

/** Score counts from { score: count }. */
function countsOf(byScore: Record<number, number>): number[] {
  const counts = emptyCounts();
  for (const [score, count] of Object.entries(byScore)) counts[Number(score)] = count;
  return counts;
}

describe("emptyCounts / addCounts", () => {
  it("starts at eleven zeros and adds score by score", () => {
    expect(emptyCounts()).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    expect(addCounts(countsOf({ 0: 1, 10: 2 }), countsOf({ 10: 3, 5: 1 }))).toEqual(countsOf({ 0: 1, 5: 1, 10: 5 }));
  });
  it("does not mutate its inputs", () => {
    const a = countsOf({ 9: 1 });
    addCounts(a, countsOf({ 9: 1 }));
    expect(a[9]).toBe(1);
  });
  it("refuses counts that are not eleven whole numbers ≥ 0", () => {
    expect(() => addCounts([1, 2, 3], emptyCounts())).toThrow(RangeError);
    expect(() => summarizeNps(countsOf({ 3: -1 }))).toThrow(RangeError);
    expect(() => summarizeNps(countsOf({ 3: 1.5 }))).toThrow(RangeError);
  });
});

describe("summarizeNps", () => {
  it("has no score, error or mean without responses", () => {
    expect(summarizeNps(emptyCounts())).toEqual({
      n: 0,
      promoters: 0,
      passives: 0,
      detractors: 0,
      nps: null,
      se: null,
      margin: null,
      mean: null,
      histogram: emptyCounts(),
    });
  });

  it("gives all promoters NPS 100 with no error", () => {
    // 4×9 + 6×10: p = 1, d = 0 → NPS 100; Var = (1 + 0 − 1²)/10 = 0; mean = (36 + 60)/10 = 9.6
    const s = summarizeNps(countsOf({ 9: 4, 10: 6 }));
    expect(s).toMatchObject({ n: 10, promoters: 10, passives: 0, detractors: 0, nps: 100, se: 0, margin: 0 });
    expect(s.mean).toBeCloseTo(9.6, 10);
  });

  it("gives all detractors NPS −100 with no error", () => {
    // 5×0 + 5×6: p = 0, d = 1 → NPS −100; Var = (0 + 1 − (−1)²)/10 = 0; mean = 30/10 = 3
    expect(summarizeNps(countsOf({ 0: 5, 6: 5 }))).toMatchObject({ n: 10, detractors: 10, nps: -100, se: 0, margin: 0, mean: 3 });
  });

  it("computes a mixed sample by hand", () => {
    // 50×9, 30×7, 20×3: n = 100, p = 0.5, d = 0.2 → NPS = 100·(0.5 − 0.2) = 30
    // Var = (0.5 + 0.2 − 0.3²)/100 = (0.7 − 0.09)/100 = 0.0061 → SE = √0.0061 = 0.07810 → 7.81 pts
    // margin = 1.96 × 7.81 = 15.31 pts; mean = (450 + 210 + 60)/100 = 7.2
    const s = summarizeNps(countsOf({ 9: 50, 7: 30, 3: 20 }));
    expect(s).toMatchObject({ n: 100, promoters: 50, passives: 30, detractors: 20, nps: 30 });
    expect(s.se).toBeCloseTo(7.8102, 3);
    expect(s.margin).toBeCloseTo(15.308, 2);
    expect(s.mean).toBeCloseTo(7.2, 10);
    expect(s.histogram).toEqual(countsOf({ 9: 50, 7: 30, 3: 20 }));
  });

  it("follows custom thresholds", () => {
    // 10×8, 5×9, 5×5, n = 20.
    // Default (9 / 6): P = 5, passives 10, D = 5 → NPS 0.
    // promoterMin 8: P = 15, D = 5 → p = 0.75, d = 0.25, NPS = 50;
    // Var = (0.75 + 0.25 − 0.5²)/20 = 0.75/20 = 0.0375 → SE = 0.19365 → 19.36 pts
    const counts = countsOf({ 8: 10, 9: 5, 5: 5 });
    expect(summarizeNps(counts)).toMatchObject({ promoters: 5, passives: 10, detractors: 5, nps: 0 });
    const custom = summarizeNps(counts, { promoterMin: 8, detractorMax: 6 });
    expect(custom).toMatchObject({ promoters: 15, passives: 0, detractors: 5, nps: 50 });
    expect(custom.se).toBeCloseTo(19.365, 2);
  });

  it("refuses overlapping thresholds", () => {
    expect(() => summarizeNps(emptyCounts(), { promoterMin: 6, detractorMax: 6 })).toThrow(RangeError);
  });
});

describe("compareNps", () => {
  it("calls a clear change with enough responses significant", () => {
    // previous 50/30/20 of 100: NPS 30, SE² = 61 (7.81²)
    // current  70/20/10 of 100: NPS 60, Var = (0.7 + 0.1 − 0.6²)/100 = 0.0044 → SE² = 44 (6.63 pts)
    // seDiff = √(61 + 44) = √105 = 10.25; 1.96 × 10.25 = 20.08 < 30 → significant
    const previous = summarizeNps(countsOf({ 9: 50, 7: 30, 3: 20 }));
    const current = summarizeNps(countsOf({ 10: 70, 8: 20, 2: 10 }));
    const change = compareNps(current, previous);
    expect(change.delta).toBeCloseTo(30, 10);
    expect(change.seDiff).toBeCloseTo(10.247, 2);
    expect(change.significant).toBe(true);
  });

  it("does not call a small change with few responses significant", () => {
    // current  5/3/2 of 10: NPS 30, Var = (0.7 − 0.09)/10 = 0.061 → SE² = 610 (24.70 pts)
    // previous 4/3/3 of 10: NPS 10, Var = (0.7 − 0.01)/10 = 0.069 → SE² = 690 (26.27 pts)
    // seDiff = √1300 = 36.06; 1.96 × 36.06 = 70.67 > 20 → not significant
    const change = compareNps(summarizeNps(countsOf({ 9: 5, 7: 3, 0: 2 })), summarizeNps(countsOf({ 9: 4, 7: 3, 0: 3 })));
    expect(change.delta).toBeCloseTo(20, 10);
    expect(change.seDiff).toBeCloseTo(36.056, 2);
    expect(change.significant).toBe(false);
  });

  it("treats any change between two unanimous samples as significant, and no change as not", () => {
    const allPromoters = summarizeNps(countsOf({ 10: 5 }));
    const allDetractors = summarizeNps(countsOf({ 0: 5 }));
    expect(compareNps(allDetractors, allPromoters)).toEqual({ delta: -200, seDiff: 0, significant: true });
    expect(compareNps(allPromoters, summarizeNps(countsOf({ 9: 3 })))).toEqual({ delta: 0, seDiff: 0, significant: false });
  });

  it("gives an exact zero delta for equal shares from different sample sizes", () => {
    // 1/3 and 2/6 promoters with no detractors: both NPS 100/3
    const change = compareNps(summarizeNps(countsOf({ 9: 1, 8: 2 })), summarizeNps(countsOf({ 9: 2, 8: 4 })));
    expect(change.delta).toBe(0);
    expect(change.significant).toBe(false);
  });

  it("has no change when either side has no responses", () => {
    const some = summarizeNps(countsOf({ 9: 10 }));
    const none = summarizeNps(emptyCounts());
    expect(compareNps(some, none)).toEqual({ delta: null, seDiff: null, significant: false });
    expect(compareNps(none, some)).toEqual({ delta: null, seDiff: null, significant: false });
  });
});
