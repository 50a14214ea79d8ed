import { describe, expect, it } from "vitest";
import { addBusinessDays } from "./business-days";
import { followUpDueAt } from "./case-workflow";
import { countsJapanHolidays, daysOffAround, japanPublicHolidays } from "./japan-holidays";

const at = (iso: string) => Date.parse(iso);
const iso = (epoch: number) => new Date(epoch).toISOString();
const tokyo = { timeZone: "Asia/Tokyo", holidays: [] as string[] };

describe("Japan's public holidays", () => {
  it("knows Golden Week 2027, substitute holidays and the Emperor's birthday", () => {
    const days = japanPublicHolidays(2027, 2027);
    expect(days).toEqual(expect.arrayContaining(["2027-01-01", "2027-02-23", "2027-04-29", "2027-05-03", "2027-05-04", "2027-05-05"]));
    // 2027-03-21 (春分の日) is a Sunday: Monday the 22nd is the substitute holiday.
    expect(days).toContain("2027-03-22");
    expect(days).not.toContain("2027-04-30");
    expect(days.every((day) => day.startsWith("2027-"))).toBe(true);
  });

  it("are on by default for a team on Tokyo time only, and the team's choice wins", () => {
    expect(countsJapanHolidays({ timeZone: "Asia/Tokyo" })).toBe(true);
    expect(countsJapanHolidays({ timeZone: "Europe/London" })).toBe(false);
    expect(countsJapanHolidays({ timeZone: "Asia/Tokyo", japanHolidays: false })).toBe(false);
    expect(countsJapanHolidays({ timeZone: "America/Los_Angeles", japanHolidays: true })).toBe(true);
  });

  it("join the team's own holidays, once each", () => {
    const days = daysOffAround({ ...tokyo, holidays: ["2027-05-06", "2027-05-03"] }, at("2027-04-30T01:00:00Z"));
    expect(days.filter((day) => day === "2027-05-03")).toHaveLength(1);
    expect(days).toContain("2027-05-06");
    // From the year before to the year after the moment asked about.
    expect(days).toEqual(expect.arrayContaining(["2026-01-01", "2028-01-01"]));
    expect(days).not.toContain("2029-01-01");
    expect(daysOffAround({ timeZone: "UTC", holidays: ["2027-05-06"] }, at("2027-04-30T01:00:00Z"))).toEqual(["2027-05-06"]);
  });
});

describe("due dates across Golden Week in Tokyo", () => {
  // Friday 2027-04-30 10:00 JST. Golden Week: Mon 3, Tue 4, Wed 5 May are public holidays.
  const fridayMorning = at("2027-04-30T01:00:00Z");

  it("a case opened on Friday 2027-04-30 with 2 business days is due Friday 7 May, not Tuesday 4 May", () => {
    const loop = { slaBusinessDays: 2, ...tokyo };
    const due = followUpDueAt(fridayMorning, { ...loop, holidays: daysOffAround(loop, fridayMorning) });
    expect(iso(due)).toBe("2027-05-07T01:00:00.000Z");
    // Without Japan's holidays the same SLA ends on Tuesday 4 May.
    expect(iso(followUpDueAt(fridayMorning, loop))).toBe("2027-05-04T01:00:00.000Z");
  });

  it("a case opened on Wednesday 2027-04-28 with 1 business day skips Showa Day to Friday", () => {
    const wednesday = at("2027-04-28T05:00:00Z");
    const holidays = new Set(daysOffAround(tokyo, wednesday));
    expect(iso(addBusinessDays(wednesday, 1, { timeZone: "Asia/Tokyo", holidays }))).toBe("2027-04-30T05:00:00.000Z");
  });

  it("a team that turned them off keeps Golden Week as working days", () => {
    const loop = { slaBusinessDays: 2, ...tokyo, japanHolidays: false };
    expect(iso(followUpDueAt(fridayMorning, { ...loop, holidays: daysOffAround(loop, fridayMorning) }))).toBe("2027-05-04T01:00:00.000Z");
  });

  it("the year-end: a case opened Monday 2029-12-31 in Tokyo with 1 day skips New Year's Day", () => {
    const monday = at("2029-12-31T03:00:00Z");
    expect(iso(addBusinessDays(monday, 1, { timeZone: "Asia/Tokyo", holidays: new Set(daysOffAround(tokyo, monday)) }))).toBe("2030-01-02T03:00:00.000Z");
  });
});
