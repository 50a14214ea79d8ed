import { describe, expect, it } from "vitest";
import { addBusinessDays, isOverdue } from "./business-days";

const at = (iso: string) => Date.parse(iso);
const iso = (epoch: number) => new Date(epoch).toISOString();

describe("addBusinessDays in UTC", () => {
  it("skips the weekend: Friday 15:00 + 2 is Tuesday 15:00", () => {
    // 2025-01-10 is a Friday.
    expect(iso(addBusinessDays(at("2025-01-10T15:00:00Z"), 2))).toBe("2025-01-14T15:00:00.000Z");
  });
  it("counts a weekend start from Monday: Saturday 10:00 + 2 is Tuesday 10:00, + 1 Monday", () => {
    expect(iso(addBusinessDays(at("2025-01-11T10:00:00Z"), 2))).toBe("2025-01-14T10:00:00.000Z");
    expect(iso(addBusinessDays(at("2025-01-11T10:00:00Z"), 1))).toBe("2025-01-13T10:00:00.000Z");
    expect(iso(addBusinessDays(at("2025-01-12T23:59:00Z"), 1))).toBe("2025-01-13T23:59:00.000Z");
  });
  it("gives a week for five business days and keeps milliseconds", () => {
    expect(iso(addBusinessDays(at("2025-01-08T09:30:15.123Z"), 5))).toBe("2025-01-15T09:30:15.123Z");
  });
  it("returns the start for 0 days", () => {
    expect(addBusinessDays(at("2025-01-11T10:00:00Z"), 0)).toBe(at("2025-01-11T10:00:00Z"));
  });
  it("skips holidays", () => {
    const holidays = new Set(["2025-01-13"]);
    expect(iso(addBusinessDays(at("2025-01-10T15:00:00Z"), 1, { holidays }))).toBe("2025-01-14T15:00:00.000Z");
  });
  it("refuses negative or fractional days and an unknown zone", () => {
    expect(() => addBusinessDays(0, -1)).toThrow(RangeError);
    expect(() => addBusinessDays(0, 1.5)).toThrow(RangeError);
    expect(() => addBusinessDays(Number.NaN, 1)).toThrow(RangeError);
    expect(() => addBusinessDays(0, 1, { timeZone: "Mars/Olympus_Mons" })).toThrow(RangeError);
  });
});

describe("addBusinessDays in a time zone", () => {
  const tokyo = "Asia/Tokyo";

  it("skips Golden Week holidays in Tokyo", () => {
    // Thu 2024-05-02 18:00 JST (09:00Z). Fri 05-03 Constitution Day, weekend, Mon 05-06 substitute holiday.
    const holidays = new Set(["2024-05-03", "2024-05-04", "2024-05-05", "2024-05-06"]);
    expect(iso(addBusinessDays(at("2024-05-02T09:00:00Z"), 1, { timeZone: tokyo, holidays }))).toBe("2024-05-07T09:00:00.000Z");
  });

  it("decides the weekday by the zone's calendar, not UTC's", () => {
    // Fri 2024-05-10 08:00 JST is still Thursday 23:00 in UTC.
    const start = at("2024-05-09T23:00:00Z");
    // Tokyo: Friday + 1 → Monday 2024-05-13 08:00 JST = 05-12 23:00Z.
    expect(iso(addBusinessDays(start, 1, { timeZone: tokyo }))).toBe("2024-05-12T23:00:00.000Z");
    // UTC: Thursday + 1 → Friday 23:00Z.
    expect(iso(addBusinessDays(start, 1))).toBe("2024-05-10T23:00:00.000Z");
  });

  it("reads holidays as dates in the zone", () => {
    // Monday 2024-05-13 is a holiday in this (made-up) Tokyo calendar → Tuesday 08:00 JST = 05-13 23:00Z.
    const holidays = new Set(["2024-05-13"]);
    expect(iso(addBusinessDays(at("2024-05-09T23:00:00Z"), 1, { timeZone: tokyo, holidays }))).toBe("2024-05-13T23:00:00.000Z");
  });

  it("keeps the clock time across a DST change", () => {
    // Fri 2024-03-08 15:00 EST (20:00Z); DST starts Sun 03-10; Mon 15:00 EDT is 19:00Z.
    expect(iso(addBusinessDays(at("2024-03-08T20:00:00Z"), 1, { timeZone: "America/New_York" }))).toBe("2024-03-11T19:00:00.000Z");
  });
});

describe("isOverdue", () => {
  it("is overdue only after the due time", () => {
    expect(isOverdue(1000, 999)).toBe(false);
    expect(isOverdue(1000, 1000)).toBe(false);
    expect(isOverdue(1000, 1001)).toBe(true);
  });
});
