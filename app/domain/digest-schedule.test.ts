import { describe, expect, it } from "vitest";
import { digestSlotOn, dueDigestSlot, previousDigestSlot } from "./digest-schedule";

const at = (iso: string) => Date.parse(iso);

describe("digestSlotOn", () => {
  it("is 08:00 on the team's local date", () => {
    // 2026-11-23 23:30 UTC is already the 24th in Tokyo.
    expect(digestSlotOn(at("2026-11-23T23:30:00Z"), "Asia/Tokyo")).toEqual({ day: "2026-11-24", at: at("2026-11-23T23:00:00Z") });
    expect(digestSlotOn(at("2026-11-23T23:30:00Z"), "UTC")).toEqual({ day: "2026-11-23", at: at("2026-11-23T08:00:00Z") });
  });

  it("keeps 08:00 local across daylight saving changes", () => {
    expect(digestSlotOn(at("2026-03-09T20:00:00Z"), "America/New_York").at).toBe(at("2026-03-09T12:00:00Z")); // EDT
    expect(digestSlotOn(at("2026-03-07T20:00:00Z"), "America/New_York").at).toBe(at("2026-03-07T13:00:00Z")); // EST
    expect(digestSlotOn(at("2026-03-08T20:00:00Z"), "America/New_York")).toEqual({ day: "2026-03-08", at: at("2026-03-08T12:00:00Z") }); // change day
  });

  it("refuses an unknown zone and a bad hour", () => {
    expect(() => digestSlotOn(Date.now(), "Mars/Olympus")).toThrow(RangeError);
    expect(() => digestSlotOn(Date.now(), "UTC", 24)).toThrow(RangeError);
  });
});

describe("dueDigestSlot", () => {
  it("is nothing before 08:00 local and today's slot from then until midnight", () => {
    expect(dueDigestSlot(at("2026-11-23T22:59:00Z"), "Asia/Tokyo")).toBeNull();
    expect(dueDigestSlot(at("2026-11-23T23:00:00Z"), "Asia/Tokyo")).toEqual({ day: "2026-11-24", at: at("2026-11-23T23:00:00Z") });
    expect(dueDigestSlot(at("2026-11-24T14:59:00Z"), "Asia/Tokyo")?.day).toBe("2026-11-24");
    expect(dueDigestSlot(at("2026-11-24T15:00:00Z"), "Asia/Tokyo")).toBeNull();
  });
});

describe("previousDigestSlot", () => {
  it("is yesterday's 08:00 on the team's clocks: 25 hours back after New York falls back, 23 after it springs forward", () => {
    const fallBack = digestSlotOn(Date.parse("2026-11-01T15:00:00Z"), "America/New_York");
    expect(fallBack).toEqual({ day: "2026-11-01", at: Date.parse("2026-11-01T13:00:00Z") });
    expect(previousDigestSlot(fallBack, "America/New_York")).toEqual({ day: "2026-10-31", at: Date.parse("2026-10-31T12:00:00Z") });
    const spring = digestSlotOn(Date.parse("2026-03-08T15:00:00Z"), "America/New_York");
    expect(spring.at - previousDigestSlot(spring, "America/New_York").at).toBe(23 * 3_600_000);
  });

  it("is Tokyo's yesterday, whatever the UTC date", () => {
    const slot = digestSlotOn(Date.parse("2026-12-06T23:30:00Z"), "Asia/Tokyo");
    expect(slot).toEqual({ day: "2026-12-07", at: Date.parse("2026-12-06T23:00:00Z") });
    expect(previousDigestSlot(slot, "Asia/Tokyo")).toEqual({ day: "2026-12-06", at: Date.parse("2026-12-05T23:00:00Z") });
  });
});
