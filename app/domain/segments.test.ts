import { describe, expect, it } from "vitest";
import { DEFAULT_THRESHOLDS, formatMoney, parseMajorAmount, segmentFor, UnknownCurrencyError } from "./segments";

describe("segmentFor", () => {
  const t = { JPY: { high: 3_000_000, low: 600_000 } };
  it("puts ACV at the high threshold in high touch", () => {
    expect(segmentFor({ amount: 3_000_000, currency: "JPY" }, t)).toBe("high");
  });
  it("puts ACV between the thresholds in low touch", () => {
    expect(segmentFor({ amount: 600_000, currency: "JPY" }, t)).toBe("low");
    expect(segmentFor({ amount: 2_999_999, currency: "JPY" }, t)).toBe("low");
  });
  it("puts small ACV in tech touch", () => {
    expect(segmentFor({ amount: 599_999, currency: "JPY" }, t)).toBe("tech");
  });
  it("refuses a currency without thresholds instead of guessing", () => {
    expect(() => segmentFor({ amount: 1, currency: "GBP" }, t)).toThrow(UnknownCurrencyError);
  });
  it("ships defaults for JPY, USD and EUR", () => {
    expect(Object.keys(DEFAULT_THRESHOLDS).sort()).toEqual(["EUR", "JPY", "USD"]);
  });
});

describe("money", () => {
  it("parses major amounts into minor units by currency", () => {
    expect(parseMajorAmount("1,234.56", "USD")).toBe(123456);
    expect(parseMajorAmount("500000", "JPY")).toBe(500000);
    expect(parseMajorAmount("12.5", "JPY")).toBeNull();
    expect(parseMajorAmount("abc", "USD")).toBeNull();
  });
  it("formats minor units", () => {
    expect(formatMoney({ amount: 123456, currency: "USD" })).toBe("$1,235");
  });

  it("formats each currency and locale with its own formatter, however they alternate", () => {
    const amounts = [
      [{ amount: 500_000, currency: "JPY" }, "en", "¥500,000"],
      [{ amount: 123456, currency: "USD" }, "en", "$1,235"],
      [{ amount: 500_000, currency: "JPY" }, "ja", "￥500,000"],
      [{ amount: 123456, currency: "EUR" }, "en", "€1,235"],
    ] as const;
    for (let round = 0; round < 2; round++) {
      for (const [money, locale, text] of amounts) expect(formatMoney(money, locale)).toBe(text);
    }
  });
});
