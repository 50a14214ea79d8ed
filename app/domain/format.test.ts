import { describe, expect, it } from "vitest";
import { createFormatter } from "./format";

const moment = Date.UTC(2026, 11, 7, 5, 5); // 14:05 in Tokyo, a Monday
const ja = createFormatter("ja", "Asia/Tokyo");
const en = createFormatter("en", "Asia/Tokyo");

describe("the console's formats", () => {
  it("writes dates the Japanese way and the English way, on the team's clock", () => {
    expect(ja.date(moment)).toBe("2026年12月7日");
    expect(ja.dateWithWeekday(moment)).toBe("2026年12月7日(月)");
    expect(ja.dateTime(moment)).toBe("2026年12月7日(月) 14:05");
    expect(ja.dateShort(moment, moment)).toBe("12/7");
    expect(ja.dateShort(moment, Date.UTC(2027, 0, 5))).toBe("2026/12/7");
    expect(en.date(moment)).toBe("Dec 7, 2026");
    expect(en.dateTime(moment)).toBe("Mon, Dec 7, 2026, 14:05");
    expect(en.dateShort(moment, moment)).toBe("Dec 7");
    // The same moment is the day before in New York.
    expect(createFormatter("en", "America/New_York").date(Date.UTC(2026, 11, 7, 3))).toBe("Dec 6, 2026");
  });

  it("writes a calendar day without shifting it through a time zone", () => {
    expect(createFormatter("ja", "Pacific/Honolulu").day("2026-12-07")).toBe("2026年12月7日");
  });

  it("writes 24-hour times", () => {
    expect(en.time(Date.UTC(2026, 11, 7, 13, 30))).toBe("22:30");
  });

  it("writes money with a half-width yen sign, and large yen sums in 万円 / 億円 in Japanese summaries", () => {
    expect(ja.money(1_234_000, "JPY")).toBe("¥1,234,000");
    expect(en.money(123_456, "USD")).toBe("$1,235");
    expect(ja.moneySummary(12_340_000, "JPY")).toBe("1,234万円");
    expect(ja.moneySummary(1_234_000_000, "JPY")).toBe("12.3億円");
    expect(ja.moneySummary(9_000, "JPY")).toBe("¥9,000");
    expect(en.moneySummary(12_340_000, "JPY")).toBe("¥12,340,000");
  });

  it("shows one decimal of a margin below one point, so ±0.2 is not printed as ±0", () => {
    expect(en.margin(0.2)).toBe("0.2");
    expect(en.margin(3.4)).toBe("3");
    expect(ja.number(562563)).toBe("562,563");
  });
});
