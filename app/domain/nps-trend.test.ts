import { describe, expect, it } from "vitest";
import { emptyCounts } from "./nps-stats";
import { type DailyCounts, bucketOf, bucketsBetween, npsTrend, previousPeriod, splitIntoBuckets, trendSpan } from "./nps-trend";

/** One day's counts from a list of individual scores. */
function day(date: string, ...scores: number[]): DailyCounts {
  const counts = emptyCounts();
  for (const score of scores) counts[score] += 1;
  return { day: date, counts };
}

describe("bucketOf", () => {
  it("starts weeks on Monday, across a year boundary", () => {
    // 2024-12-30 is a Monday; 2025-01-01 a Wednesday; 2025-01-05 a Sunday; 2025-01-06 the next Monday.
    expect(bucketOf("2024-12-30", "week")).toBe("2024-12-30");
    expect(bucketOf("2025-01-01", "week")).toBe("2024-12-30");
    expect(bucketOf("2025-01-05", "week")).toBe("2024-12-30");
    expect(bucketOf("2025-01-06", "week")).toBe("2025-01-06");
  });
  it("starts months on the 1st", () => {
    expect(bucketOf("2024-02-29", "month")).toBe("2024-02-01");
    expect(bucketOf("2024-12-31", "month")).toBe("2024-12-01");
    expect(bucketOf("2025-01-01", "month")).toBe("2025-01-01");
  });
  it("refuses what is not a calendar day", () => {
    for (const bad of ["2024-02-30", "2023-02-29", "2024-2-3", "2024-01-01T00:00:00Z", ""]) expect(() => bucketOf(bad, "week")).toThrow(RangeError);
  });
});

describe("bucketsBetween", () => {
  it("lists weeks from the one holding `from` to the one holding `to`", () => {
    // Wed 2024-12-25 is in the week of Mon 12-23; Wed 2025-01-08 in the week of Mon 01-06.
    expect(bucketsBetween("2024-12-25", "2025-01-08", "week")).toEqual(["2024-12-23", "2024-12-30", "2025-01-06"]);
  });
  it("lists months across a year boundary", () => {
    expect(bucketsBetween("2024-11-15", "2025-02-03", "month")).toEqual(["2024-11-01", "2024-12-01", "2025-01-01", "2025-02-01"]);
  });
  it("gives one bucket for a range inside one bucket", () => {
    expect(bucketsBetween("2025-01-07", "2025-01-09", "week")).toEqual(["2025-01-06"]);
  });
  it("refuses a range that ends before it starts", () => {
    expect(() => bucketsBetween("2025-01-09", "2025-01-07", "week")).toThrow(RangeError);
  });
});

describe("npsTrend", () => {
  // Unsorted on purpose. Weeks: Mon 2024-12-30, Mon 2025-01-06, Mon 2025-01-13.
  const days = [
    day("2025-01-15", 9, 9), // week of 01-13
    day("2024-12-31", 9), // week of 12-30
    day("2025-01-07", 0), // week of 01-06
    day("2025-01-12", 7), // Sunday: still the week of 01-06
    day("2024-12-20", 0, 0, 0), // week of 12-16: never needed
    day("2025-02-01", 0), // after the range
  ];

  it("summarizes each week on its own with window 1", () => {
    const trend = npsTrend(days, { from: "2025-01-06", to: "2025-01-19", granularity: "week", window: 1 });
    expect(trend.map((p) => p.bucket)).toEqual(["2025-01-06", "2025-01-13"]);
    // 01-06: scores 0, 7 → P 0, D 1 of 2 → −50.  01-13: 9, 9 → 100.
    expect(trend.map((p) => [p.summary.n, p.summary.nps])).toEqual([
      [2, -50],
      [2, 100],
    ]);
  });

  it("sums a rolling window, reaching back before `from` for the first point", () => {
    const trend = npsTrend(days, { from: "2025-01-06", to: "2025-01-19", granularity: "week", window: 2 });
    // 01-06 covers 12-30 + 01-06: 9, 0, 7 → P 1, D 1 of 3 → 0.
    // 01-13 covers 01-06 + 01-13: 0, 7, 9, 9 → P 2, D 1 of 4 → 25.
    expect(trend.map((p) => [p.bucket, p.summary.n, p.summary.nps])).toEqual([
      ["2025-01-06", 3, 0],
      ["2025-01-13", 4, 25],
    ]);
  });

  it("counts whole buckets even when `from` falls mid-week", () => {
    // From Friday 01-10: the week of 01-06 still includes Tuesday 01-07.
    const [first] = npsTrend(days, { from: "2025-01-10", to: "2025-01-10", granularity: "week", window: 1 });
    expect(first.summary.n).toBe(2);
  });

  it("still gives a point for a bucket with no data", () => {
    const trend = npsTrend([day("2024-01-15", 10, 10, 3)], { from: "2024-01-01", to: "2024-03-31", granularity: "month", window: 1 });
    expect(trend.map((p) => p.bucket)).toEqual(["2024-01-01", "2024-02-01", "2024-03-01"]);
    expect(trend.map((p) => p.summary.n)).toEqual([3, 0, 0]);
    expect(trend[1].summary.nps).toBeNull();
    expect(trend[1].summary.histogram).toEqual(emptyCounts());
  });

  it("rolls a monthly window back across a year boundary", () => {
    const input = [day("2024-11-03", 10), day("2024-12-24", 0), day("2025-01-31", 8), day("2024-10-31", 0)];
    const trend = npsTrend(input, { from: "2025-01-10", to: "2025-02-10", granularity: "month", window: 3 });
    // 2025-01 covers Nov–Jan: 10, 0, 8 → 0.  2025-02 covers Dec–Feb: 0, 8 → −50. October is outside both.
    expect(trend.map((p) => [p.bucket, p.summary.n, p.summary.nps])).toEqual([
      ["2025-01-01", 3, 0],
      ["2025-02-01", 2, -50],
    ]);
  });

  it("applies custom thresholds", () => {
    const [point] = npsTrend([day("2025-01-07", 8, 8)], {
      from: "2025-01-06",
      to: "2025-01-06",
      granularity: "week",
      window: 1,
      thresholds: { promoterMin: 8, detractorMax: 6 },
    });
    expect(point.summary.nps).toBe(100);
  });

  it("refuses a window that is not a whole number ≥ 1", () => {
    for (const window of [0, -1, 1.5]) {
      expect(() => npsTrend([], { from: "2025-01-06", to: "2025-01-06", granularity: "week", window })).toThrow(RangeError);
    }
  });
});

describe("previousPeriod", () => {
  it("gives the 30 days before a 30-day range, through a leap day", () => {
    // 2024-03-01..03-30 is 30 days; the 30 before are 01-31 plus February's 29.
    expect(previousPeriod("2024-03-01", "2024-03-30")).toEqual({ from: "2024-01-31", to: "2024-02-29" });
  });
  it("gives the day before for a one-day range, across a year boundary", () => {
    expect(previousPeriod("2025-01-01", "2025-01-01")).toEqual({ from: "2024-12-31", to: "2024-12-31" });
  });
  it("refuses a range that ends before it starts", () => {
    expect(() => previousPeriod("2025-01-02", "2025-01-01")).toThrow(RangeError);
  });
});

describe("trendSpan", () => {
  it("reaches back to the first month of the first point's window", () => {
    expect(trendSpan({ from: "2025-03-15", to: "2025-06-30", granularity: "month", window: 3 })).toEqual({ from: "2025-01-01", to: "2025-06-30" });
  });
  it("starts at the Monday of the range's week with window 1", () => {
    // 2025-01-01 is a Wednesday.
    expect(trendSpan({ from: "2025-01-01", to: "2025-01-31", granularity: "week", window: 1 })).toEqual({ from: "2024-12-30", to: "2025-01-31" });
  });
});

describe("splitIntoBuckets", () => {
  it("takes whole months from the middle and the days at both edges", () => {
    expect(splitIntoBuckets("2024-11-23", "2025-11-22", "month")).toEqual({
      whole: { first: "2024-12-01", last: "2025-10-01" },
      edges: [
        { from: "2024-11-23", to: "2024-11-30" },
        { from: "2025-11-01", to: "2025-11-22" },
      ],
    });
  });
  it("needs no edges for a range of whole months, through a leap February", () => {
    expect(splitIntoBuckets("2024-01-01", "2024-02-29", "month")).toEqual({ whole: { first: "2024-01-01", last: "2024-02-01" }, edges: [] });
  });
  it("gives only days for a range inside one month", () => {
    expect(splitIntoBuckets("2025-03-02", "2025-03-30", "month")).toEqual({ whole: null, edges: [{ from: "2025-03-02", to: "2025-03-30" }] });
  });
  it("gives only days for a range across two partial months", () => {
    expect(splitIntoBuckets("2025-03-20", "2025-04-10", "month")).toEqual({ whole: null, edges: [{ from: "2025-03-20", to: "2025-04-10" }] });
  });
  it("splits weeks at Mondays, across a year boundary", () => {
    // 2024-12-25 is a Wednesday, 2025-01-12 a Sunday.
    expect(splitIntoBuckets("2024-12-25", "2025-01-12", "week")).toEqual({
      whole: { first: "2024-12-30", last: "2025-01-06" },
      edges: [{ from: "2024-12-25", to: "2024-12-29" }],
    });
  });
  it("covers every day of the range exactly once", () => {
    const { whole, edges } = splitIntoBuckets("2023-05-17", "2025-02-03", "week");
    const days = new Set<string>();
    const add = (from: string, to: string) => {
      for (let d = Date.parse(from); d <= Date.parse(to); d += 86_400_000) {
        const day = new Date(d).toISOString().slice(0, 10);
        expect(days.has(day)).toBe(false);
        days.add(day);
      }
    };
    for (const edge of edges) add(edge.from, edge.to);
    for (const bucket of bucketsBetween(whole!.first, whole!.last, "week"))
      add(bucket, new Date(Date.parse(bucket) + 6 * 86_400_000).toISOString().slice(0, 10));
    expect(days.size).toBe((Date.parse("2025-02-03") - Date.parse("2023-05-17")) / 86_400_000 + 1);
  });
});
