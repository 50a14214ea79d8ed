import { describe, expect, it } from "vitest";
import { activationShares, cohortRange, funnelOf, OnboardingFilters, percentile, ttvByCohort, weightedPercentile, wholeDaysSince } from "./onboarding-metrics";

describe("median and p75", () => {
  it("odd count: the middle value; p75 between ranks", () => {
    // 1 3 5 7 9: median rank 2 → 5; p75 rank 3 → 7.
    expect(percentile([9, 1, 7, 3, 5], 0.5)).toBe(5);
    expect(percentile([9, 1, 7, 3, 5], 0.75)).toBe(7);
  });

  it("even count: interpolates between the two middle values", () => {
    // 2 4 6 10: median rank 1.5 → 5; p75 rank 2.25 → 6 + 0.25 × 4 = 7.
    expect(percentile([10, 2, 6, 4], 0.5)).toBe(5);
    expect(percentile([10, 2, 6, 4], 0.75)).toBe(7);
  });

  it("counts weigh like repeated values; nothing gives null", () => {
    // 1 1 1 4: median rank 1.5 → 1; p75 rank 2.25 → 1 + 0.25 × 3 = 1.75.
    expect(
      weightedPercentile(
        [
          { value: 4, count: 1 },
          { value: 1, count: 3 },
        ],
        0.5,
      ),
    ).toBe(1);
    expect(
      weightedPercentile(
        [
          { value: 4, count: 1 },
          { value: 1, count: 3 },
        ],
        0.75,
      ),
    ).toBe(1.75);
    expect(percentile([], 0.5)).toBeNull();
    expect(weightedPercentile([{ value: 3, count: 0 }], 0.5)).toBeNull();
    expect(percentile([6], 0.75)).toBe(6);
  });
});

describe("cohorts", () => {
  it("groups by start month, oldest first, counting the not-yet-activated as enrolled only", () => {
    const cohorts = ttvByCohort([
      { startedAt: "2026-03-30", ttvDays: 10, count: 1 },
      { startedAt: "2026-02-01", ttvDays: 4, count: 2 },
      { startedAt: "2026-03-02", ttvDays: 2, count: 1 },
      { startedAt: "2026-03-15", ttvDays: null, count: 5 },
      { startedAt: "2026-02-28", ttvDays: 8, count: 1 },
    ]);
    expect(cohorts).toEqual([
      // 4 4 8: median 4, p75 rank 1.5 → 6.
      { cohort: "2026-02", enrolled: 3, activated: 3, medianDays: 4, p75Days: 6 },
      // 2 10: median 6, p75 rank 0.75 → 8.
      { cohort: "2026-03", enrolled: 7, activated: 2, medianDays: 6, p75Days: 8 },
    ]);
  });

  it("a cohort with nobody activated has no median", () => {
    expect(ttvByCohort([{ startedAt: "2026-05-05", ttvDays: null, count: 2 }])).toEqual([
      { cohort: "2026-05", enrolled: 2, activated: 0, medianDays: null, p75Days: null },
    ]);
  });

  it("a cohort's date range ends at the next month, December into January", () => {
    expect(cohortRange("2026-12")).toEqual({ from: "2026-12-01", to: "2027-01-01" });
    expect(cohortRange("2026-03")).toEqual({ from: "2026-03-01", to: "2026-04-01" });
  });
});

describe("activation within 30/60/90 days", () => {
  const today = "2026-12-07";
  it("leaves out accounts too young to have had the window", () => {
    const shares = activationShares(
      [
        // 100 days old: counts in every window.
        { startedAt: "2026-08-29", ttvDays: 20, count: 1 },
        { startedAt: "2026-08-29", ttvDays: 75, count: 1 },
        { startedAt: "2026-08-29", ttvDays: null, count: 2 },
        // 45 days old: only the 30-day window; activated on day 30 counts as within.
        { startedAt: "2026-10-23", ttvDays: 30, count: 1 },
        // 10 days old: no window yet, though already activated.
        { startedAt: "2026-11-27", ttvDays: 1, count: 3 },
      ],
      today,
    );
    expect(shares).toEqual([
      { days: 30, eligible: 5, activated: 2, share: 2 / 5 },
      { days: 60, eligible: 4, activated: 1, share: 1 / 4 },
      { days: 90, eligible: 4, activated: 2, share: 2 / 4 },
    ]);
  });

  it("exactly d days old is eligible; d − 1 is not; nobody eligible is null, not 0 %", () => {
    expect(activationShares([{ startedAt: "2026-11-07", ttvDays: null, count: 1 }], today, [30])).toEqual([{ days: 30, eligible: 1, activated: 0, share: 0 }]);
    expect(activationShares([{ startedAt: "2026-11-08", ttvDays: 2, count: 1 }], today, [30])).toEqual([{ days: 30, eligible: 0, activated: 0, share: null }]);
  });
});

describe("funnel drop-off", () => {
  it("each step against the one before; the first against all enrolled", () => {
    const funnel = funnelOf(
      10,
      ["a", "b", "c", "d"],
      new Map([
        ["a", 8],
        ["b", 5],
        ["d", 1],
      ]),
    );
    expect(funnel).toEqual([
      { key: "a", done: 8, share: 0.8, dropOff: 2, dropShare: 0.2 },
      { key: "b", done: 5, share: 0.5, dropOff: 3, dropShare: 3 / 8 },
      { key: "c", done: 0, share: 0, dropOff: 5, dropShare: 1 },
      // Nobody did c, so nothing can drop after it.
      { key: "d", done: 1, share: 0.1, dropOff: 0, dropShare: null },
    ]);
  });

  it("a later step done by more (out of order) shows no negative drop-off; no enrolments gives nulls", () => {
    expect(
      funnelOf(
        4,
        ["a", "b"],
        new Map([
          ["a", 1],
          ["b", 3],
        ]),
      )[1],
    ).toEqual({ key: "b", done: 3, share: 0.75, dropOff: 0, dropShare: 0 });
    expect(funnelOf(0, ["a"], new Map())).toEqual([{ key: "a", done: 0, share: null, dropOff: 0, dropShare: null }]);
  });
});

describe("filters and days", () => {
  it("parses the query string; refuses a malformed month or segment", () => {
    expect(OnboardingFilters.parse({ guide: "3", version: "", segment: "tech", cohort: "2026-04" })).toEqual({ guide: 3, segment: "tech", cohort: "2026-04" });
    expect(OnboardingFilters.safeParse({ cohort: "2026-13" }).success).toBe(false);
    expect(OnboardingFilters.safeParse({ segment: "vip" }).success).toBe(false);
    expect(OnboardingFilters.safeParse({ guide: "x" }).success).toBe(false);
    expect(OnboardingFilters.safeParse({ other: "1" }).success).toBe(false);
  });

  it("whole days since, never negative", () => {
    expect(wholeDaysSince(Date.parse("2026-12-01T10:00:00Z"), Date.parse("2026-12-07T09:00:00Z"))).toBe(5);
    expect(wholeDaysSince(Date.parse("2026-12-08T00:00:00Z"), Date.parse("2026-12-07T00:00:00Z"))).toBe(0);
  });
});
