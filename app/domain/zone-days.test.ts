import { describe, expect, it } from "vitest";
import { dayInZone, shiftDay, zoneDayRange, zoneDaysRange, zoneOffsetAt, zoneOffsetSpans } from "./zone-days";

const at = (iso: string) => Date.parse(iso);
const iso = (epoch: number) => new Date(epoch).toISOString();
const HOUR = 3_600_000;

describe("dayInZone", () => {
  it("puts a Tokyo customer's 08:30 answer on 7 December, not the UTC 6th", () => {
    expect(dayInZone(at("2026-12-06T23:30:00Z"), "Asia/Tokyo")).toBe("2026-12-07");
    expect(dayInZone(at("2026-12-06T23:30:00Z"), "UTC")).toBe("2026-12-06");
    expect(dayInZone(at("2026-12-06T14:59:59.999Z"), "Asia/Tokyo")).toBe("2026-12-06");
    expect(dayInZone(at("2026-12-06T15:00:00Z"), "Asia/Tokyo")).toBe("2026-12-07");
  });

  it("follows New York's clocks across both DST changes", () => {
    // 2026-03-08: 02:00 EST → 03:00 EDT (07:00Z). The day ends at 04:00Z on the 9th (EDT).
    expect(dayInZone(at("2026-03-09T03:59:59Z"), "America/New_York")).toBe("2026-03-08");
    expect(dayInZone(at("2026-03-09T04:00:00Z"), "America/New_York")).toBe("2026-03-09");
    // 2026-11-01: 02:00 EDT → 01:00 EST (06:00Z). The day ends at 05:00Z on the 2nd (EST).
    expect(dayInZone(at("2026-11-02T04:59:59Z"), "America/New_York")).toBe("2026-11-01");
    expect(dayInZone(at("2026-11-02T05:00:00Z"), "America/New_York")).toBe("2026-11-02");
  });

  it("agrees with Intl at every hour of a year in zones with and without DST", () => {
    for (const zone of ["America/New_York", "Europe/London", "Australia/Sydney", "Asia/Kolkata", "Asia/Tokyo", "Pacific/Chatham"]) {
      const intl = new Intl.DateTimeFormat("en-CA", { timeZone: zone, year: "numeric", month: "2-digit", day: "2-digit" });
      for (let t = at("2026-01-01T00:00:00Z"); t < at("2027-01-01T00:00:00Z"); t += HOUR + 60_000) {
        expect(dayInZone(t, zone), `${zone} at ${iso(t)}`).toBe(intl.format(t));
      }
    }
  });

  it("refuses an unknown zone and a time that is not one", () => {
    expect(() => dayInZone(0, "Mars/Olympus")).toThrow(RangeError);
    expect(() => dayInZone(Number.NaN, "Asia/Tokyo")).toThrow(RangeError);
  });
});

describe("zoneDayRange", () => {
  it("gives a Tokyo day as the UTC instants from 15:00 the day before", () => {
    expect(zoneDayRange("2026-12-07", "Asia/Tokyo")).toEqual({ start: at("2026-12-06T15:00:00Z"), end: at("2026-12-07T15:00:00Z") });
  });

  it("makes New York's spring-forward day 23 hours and its fall-back day 25", () => {
    const spring = zoneDayRange("2026-03-08", "America/New_York");
    expect(iso(spring.start)).toBe("2026-03-08T05:00:00.000Z");
    expect(iso(spring.end)).toBe("2026-03-09T04:00:00.000Z");
    expect(spring.end - spring.start).toBe(23 * HOUR);
    const fall = zoneDayRange("2026-11-01", "America/New_York");
    expect(iso(fall.start)).toBe("2026-11-01T04:00:00.000Z");
    expect(iso(fall.end)).toBe("2026-11-02T05:00:00.000Z");
    expect(fall.end - fall.start).toBe(25 * HOUR);
  });

  it("starts a day whose midnight the clocks skip when they jump", () => {
    // Chile moves its clocks from 00:00 to 01:00 on the first Sunday of September (2026-09-06).
    const day = zoneDayRange("2026-09-06", "America/Santiago");
    expect(dayInZone(day.start, "America/Santiago")).toBe("2026-09-06");
    expect(dayInZone(day.start - 1, "America/Santiago")).toBe("2026-09-05");
    expect(day.end - day.start).toBe(23 * HOUR);
  });

  it("is the exact inverse of dayInZone at both edges", () => {
    for (const zone of ["America/New_York", "Asia/Tokyo", "UTC", "Europe/Berlin"]) {
      for (let day = "2026-01-01"; day <= "2026-12-31"; day = shiftDay(day, 1)) {
        const { start, end } = zoneDayRange(day, zone);
        expect(dayInZone(start, zone)).toBe(day);
        expect(dayInZone(start - 1, zone)).toBe(shiftDay(day, -1));
        expect(dayInZone(end - 1, zone)).toBe(day);
        expect(dayInZone(end, zone)).toBe(shiftDay(day, 1));
      }
    }
  });

  it("spans several days from the first's start to the last's end", () => {
    expect(zoneDaysRange("2026-12-07", "2026-12-08", "Asia/Tokyo")).toEqual({ start: at("2026-12-06T15:00:00Z"), end: at("2026-12-08T15:00:00Z") });
  });

  it("refuses what is not a calendar day", () => {
    expect(() => zoneDayRange("2026-02-30", "UTC")).toThrow(RangeError);
    expect(() => zoneDayRange("7 Dec", "UTC")).toThrow(RangeError);
  });
});

describe("zone offsets", () => {
  it("are the offsets Intl reports, changing at the exact second", () => {
    expect(zoneOffsetAt(at("2026-03-08T06:59:59Z"), "America/New_York")).toBe(-5 * HOUR);
    expect(zoneOffsetAt(at("2026-03-08T07:00:00Z"), "America/New_York")).toBe(-4 * HOUR);
    expect(zoneOffsetAt(at("2026-06-01T00:00:00Z"), "Asia/Tokyo")).toBe(9 * HOUR);
  });

  it("cut a range into the stretches of one offset each", () => {
    const spans = zoneOffsetSpans("America/New_York", at("2026-01-01T00:00:00Z"), at("2027-06-30T00:00:00Z"));
    expect(spans.map((s) => s.offset / HOUR)).toEqual([-5, -4, -5, -4]);
    expect(iso(spans[1].start)).toBe("2026-03-08T07:00:00.000Z");
    expect(iso(spans[2].start)).toBe("2026-11-01T06:00:00.000Z");
    // Year boundaries do not split a stretch.
    expect(zoneOffsetSpans("Asia/Tokyo", at("2020-01-01T00:00:00Z"), at("2026-12-31T00:00:00Z"))).toHaveLength(1);
  });
});
