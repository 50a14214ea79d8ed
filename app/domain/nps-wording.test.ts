import { describe, expect, it } from "vitest";
import { createFormatter } from "./format";
import { bucketLabel, formatMarginOfError, formatNps, formatNpsChange, formatNpsWithMargin } from "./nps-wording";
import { summarizeNps } from "./nps-stats";

describe("NPS wording", () => {
  const en = createFormatter("en");
  const ja = createFormatter("ja");

  it("shows a margin below one point to a tenth: 562,563 answers at NPS −18 read −18 ±0.2, not ±0", () => {
    // 562,563 answers: 21 % promoters, 39 % detractors.
    const counts = Array(11).fill(0);
    counts[10] = 118_138;
    counts[8] = 225_025;
    counts[3] = 219_400;
    const summary = summarizeNps(counts);
    expect(summary.n).toBe(562_563);
    expect(Math.round(summary.nps!)).toBe(-18);
    expect(summary.margin!).toBeLessThan(1);
    expect(formatNpsWithMargin(summary, en)).toBe("\u221218 ±0.2");
    expect(formatNpsWithMargin(summary, ja)).toBe("\u221218 ±0.2");
  });

  it("keeps whole points for a margin of one point or more, and says nothing is known as —", () => {
    expect(formatNpsWithMargin({ nps: 31.6, margin: 12.4 }, en)).toBe("+32 ±12");
    expect(formatNpsWithMargin({ nps: 0, margin: null }, en)).toBe("0");
    expect(formatNpsWithMargin({ nps: null, margin: null }, en)).toBe("—");
    expect(formatMarginOfError(0.04, en)).toBe("±0");
    expect(formatMarginOfError(null, en)).toBe("—");
    expect(formatNps(-0.4)).toBe("0");
  });

  it("labels trend buckets in the reader's language", () => {
    expect(bucketLabel("2026-03-01", "month")).toBe("Mar 2026");
    expect(bucketLabel("2026-03-09", "week")).toBe("Mar 9");
    expect(bucketLabel("2026-03-01", "month", "ja")).toBe("2026年3月");
    expect(bucketLabel("2026-03-09", "week", "ja")).toBe("3/9");
  });

  it("signs a change between periods with a true minus", () => {
    expect(formatNpsChange(4.25, en)).toBe("+4.3");
    expect(formatNpsChange(-3, en)).toBe("\u22123");
    expect(formatNpsChange(0, ja)).toBe("±0");
  });
});
