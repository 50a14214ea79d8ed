import { describe, expect, it } from "vitest";
import {
  conversionFactor,
  convertMinor,
  currenciesWithoutRate,
  CurrencySettingsForm,
  ExchangeRateForm,
  factorsInForce,
  formatWithReporting,
  majorText,
  nextRateChange,
  rateInForce,
  stakeKey,
  toReporting,
  type ExchangeRate,
} from "./money";
import { dayInZone } from "./zone-days";

const rate = (currency: string, effectiveDate: string, value: string, quoteCurrency = "JPY"): ExchangeRate => ({
  currency,
  quoteCurrency,
  effectiveDate,
  rate: value,
});

describe("conversionFactor and convertMinor", () => {
  it("applies the minor-unit exponents: $50,000.00 at ¥150/$ is ¥7,500,000", () => {
    const factor = conversionFactor("150", "USD", "JPY");
    expect(factor).toBe(1.5);
    expect(convertMinor(5_000_000, factor)).toBe(7_500_000);
  });
  it("converts yen into cents: ¥10,000,000 at $0.0067/¥ is $67,000.00", () => {
    const factor = conversionFactor("0.0067", "JPY", "USD");
    expect(factor).toBe(0.67);
    expect(convertMinor(10_000_000, factor)).toBe(6_700_000);
  });
  it("keeps the factor for currencies with the same exponent: €1 at $1.0825 is 1.0825 cents per cent", () => {
    expect(conversionFactor("1.0825", "EUR", "USD")).toBe(1.0825);
    expect(convertMinor(100, 1.0825)).toBe(108);
  });
  it("rounds half up to a whole minor unit", () => {
    expect(convertMinor(1, 0.5)).toBe(1);
    expect(convertMinor(3, 0.5)).toBe(2);
    expect(convertMinor(1, 0.49)).toBe(0);
    // 1 cent at ¥150.5/$ is ¥1.505 → ¥2; 1 cent at ¥149.4 is ¥1.494 → ¥1.
    expect(convertMinor(1, conversionFactor("150.5", "USD", "JPY"))).toBe(2);
    expect(convertMinor(1, conversionFactor("149.4", "USD", "JPY"))).toBe(1);
  });
  it("stays exact on large amounts: ¥10 billion at $0.0067", () => {
    expect(convertMinor(10_000_000_000, conversionFactor("0.0067", "JPY", "USD"))).toBe(6_700_000_000);
  });
  it("converts zero to zero", () => {
    expect(convertMinor(0, 1.5)).toBe(0);
  });
});

describe("rateInForce", () => {
  const rates = [rate("USD", "2026-01-01", "140"), rate("USD", "2026-06-01", "150"), rate("USD", "2026-12-10", "155"), rate("USD", "2026-03-01", "1", "EUR")];
  it("uses the latest rate dated on or before the day", () => {
    expect(rateInForce(rates, "USD", "JPY", "2026-05-31")?.rate).toBe("140");
    expect(rateInForce(rates, "USD", "JPY", "2026-06-01")?.rate).toBe("150");
    expect(rateInForce(rates, "USD", "JPY", "2026-12-09")?.rate).toBe("150");
    expect(rateInForce(rates, "USD", "JPY", "2026-12-10")?.rate).toBe("155");
  });
  it("has none before the first rate, nor for another quote currency", () => {
    expect(rateInForce(rates, "USD", "JPY", "2025-12-31")).toBeNull();
    expect(rateInForce(rates, "USD", "GBP", "2026-12-31")).toBeNull();
  });
  it("names the next day a rate comes into force", () => {
    expect(nextRateChange(rates, "JPY", "2026-12-07")).toBe("2026-12-10");
    expect(nextRateChange(rates, "JPY", "2026-12-10")).toBeNull();
  });
});

describe("factorsInForce and toReporting", () => {
  const rates = [rate("USD", "2026-01-01", "150"), rate("EUR", "2027-01-01", "160"), rate("GBP", "2026-01-01", "1.25", "USD")];
  const factors = factorsInForce(rates, "JPY", "2026-12-07");
  it("converts the reporting currency to itself", () => {
    expect(toReporting({ amount: 10_000_000, currency: "JPY" }, factors)).toBe(10_000_000);
  });
  it("ranks ¥10,000,000 above $50,000 at ¥150/$ once converted (¥7,500,000)", () => {
    const yen = toReporting({ amount: 10_000_000, currency: "JPY" }, factors)!;
    const dollars = toReporting({ amount: 5_000_000, currency: "USD" }, factors)!;
    expect(yen).toBeGreaterThan(dollars);
    // $80,000 is fewer minor units than ¥10,000,000 but worth more: ¥12,000,000.
    expect(toReporting({ amount: 8_000_000, currency: "USD" }, factors)!).toBeGreaterThan(yen);
  });
  it("has no amount for a currency whose rate is not in force yet or quoted in another currency", () => {
    expect(toReporting({ amount: 100, currency: "EUR" }, factors)).toBeNull();
    expect(toReporting({ amount: 100, currency: "GBP" }, factors)).toBeNull();
    expect(currenciesWithoutRate(["JPY", "USD", "EUR", "GBP", "EUR"], factors)).toEqual(["EUR", "GBP"]);
  });
  it("ranks an account with no rate after every converted one, zero included", () => {
    expect(stakeKey(null)).toBeLessThan(stakeKey(0));
  });
});

describe("dayInZone", () => {
  it("reads the team's calendar day: 23:30 UTC on 6 December is 7 December in Tokyo", () => {
    const at = Date.parse("2026-12-06T23:30:00Z");
    expect(dayInZone(at, "UTC")).toBe("2026-12-06");
    expect(dayInZone(at, "Asia/Tokyo")).toBe("2026-12-07");
  });
});

describe("forms", () => {
  it("reads a rate as typed and normalizes it", () => {
    expect(ExchangeRateForm.parse({ currency: "usd", effectiveDate: "2026-12-01", rate: " 0150.2500 " })).toEqual({
      currency: "USD",
      effectiveDate: "2026-12-01",
      rate: "150.25",
    });
    expect(ExchangeRateForm.parse({ currency: "JPY", effectiveDate: "2026-12-01", rate: "0.0067" }).rate).toBe("0.0067");
  });
  it("refuses zero, negative, exponent and over-long rates, and impossible dates", () => {
    for (const bad of ["0", "0.000", "-1", "1e3", "1.2.3", "", "1234567890123"]) {
      expect(ExchangeRateForm.safeParse({ currency: "USD", effectiveDate: "2026-12-01", rate: bad }).success, bad).toBe(false);
    }
    expect(ExchangeRateForm.safeParse({ currency: "USD", effectiveDate: "2026-02-30", rate: "1" }).success).toBe(false);
  });
  it("reads the case threshold in the reporting currency's major units", () => {
    expect(CurrencySettingsForm.parse({ reportingCurrency: "usd", caseThreshold: "10,000.50" })).toEqual({
      reportingCurrency: "USD",
      caseThresholdMinor: 1_000_050,
    });
    expect(CurrencySettingsForm.parse({ reportingCurrency: "JPY", caseThreshold: "1000000" })).toEqual({
      reportingCurrency: "JPY",
      caseThresholdMinor: 1_000_000,
    });
    expect(CurrencySettingsForm.parse({ reportingCurrency: "JPY" })).toEqual({ reportingCurrency: "JPY", caseThresholdMinor: null });
    expect(CurrencySettingsForm.safeParse({ reportingCurrency: "JPY", caseThreshold: "12.5" }).success).toBe(false);
  });
  it("writes a minor amount back as major text", () => {
    expect(majorText(1_000_000, "JPY")).toBe("1000000");
    expect(majorText(5, "USD")).toBe("0.05");
    expect(majorText(123_450, "USD")).toBe("1234.50");
  });
});

describe("formatWithReporting", () => {
  it("shows the original with the converted amount beside it, or says there is no rate", () => {
    expect(formatWithReporting({ amount: 5_000_000, currency: "USD" }, 7_500_000, "JPY")).toBe("$50,000 (¥7,500,000)");
    expect(formatWithReporting({ amount: 100_00, currency: "EUR" }, null, "JPY")).toBe("€100 (no rate)");
    expect(formatWithReporting({ amount: 10_000_000, currency: "JPY" }, 10_000_000, "JPY")).toBe("¥10,000,000");
  });
});
