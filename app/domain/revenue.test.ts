import { describe, expect, it } from "vitest";
import { factorsInForce, type ExchangeRate } from "./money";
import { arrAtEndOf, arrAtStartOf, periodContaining, recentPeriods, retention, type RetentionAccount, type RevenueMovement } from "./revenue";

const jpy = (amount: number) => ({ amount, currency: "JPY" });
const usd = (cents: number) => ({ amount: cents, currency: "USD" });
const eur = (cents: number) => ({ amount: cents, currency: "EUR" });
const move = (date: string, type: RevenueMovement["type"], arr: RevenueMovement["arr"], reason?: string): RevenueMovement => ({ date, type, arr, reason });

// Rates into JPY: 140 yen a dollar until June, 150 from June; 160 yen a euro.
const RATES: ExchangeRate[] = [
  { currency: "USD", quoteCurrency: "JPY", effectiveDate: "2024-01-01", rate: "140" },
  { currency: "USD", quoteCurrency: "JPY", effectiveDate: "2026-06-01", rate: "150" },
  { currency: "EUR", quoteCurrency: "JPY", effectiveDate: "2024-01-01", rate: "160" },
];
const END_OF_Q1 = factorsInForce(RATES, "JPY", "2026-06-30");

const ACCOUNTS: RetentionAccount[] = [
  // A: expands inside the period.
  { accountId: 1, movements: [move("2025-01-10", "new", jpy(1_200_000)), move("2026-05-01", "expansion", jpy(1_500_000))] },
  // B: contracts, in dollars (listed out of order: the dates decide).
  { accountId: 2, movements: [move("2026-04-15", "contraction", usd(800_000)), move("2024-06-01", "new", usd(1_000_000))] },
  // C: churns for budget.
  { accountId: 3, movements: [move("2025-03-01", "new", jpy(600_000)), move("2026-05-20", "churn", jpy(0), "budget")] },
  // D: churns to a competitor and comes back smaller inside the period, in euros.
  {
    accountId: 4,
    movements: [move("2025-07-01", "new", eur(500_000)), move("2026-04-10", "churn", eur(0), "competitor"), move("2026-06-01", "reactivation", eur(400_000))],
  },
  // E: new inside the period — not in the cohort.
  { accountId: 5, movements: [move("2026-05-01", "new", jpy(900_000))] },
  // F: churned before the period — not in the cohort.
  { accountId: 6, movements: [move("2024-01-01", "new", jpy(300_000)), move("2025-12-31", "churn", jpy(0), "low_usage")] },
];

describe("retention (GRR / NRR)", () => {
  it("matches the table computed by hand: mixed currencies at the end-of-period rate, a churn, a churn-and-return, a new account left out", () => {
    const result = retention(ACCOUNTS, "2026-04-01", "2026-06-30", END_OF_Q1, "JPY");
    if (!result.ok) throw new Error("expected figures");
    const f = result.figures;
    // S: A 1,200,000 + B $10,000 × 150 = 1,500,000 + C 600,000 + D €5,000 × 160 = 800,000.
    expect(f.startingArr).toBe(4_100_000);
    // E: A 1,500,000 + B $8,000 × 150 = 1,200,000 + C 0 + D €4,000 × 160 = 640,000.
    expect(f.endingArr).toBe(3_340_000);
    expect(f.expansion).toBe(300_000);
    expect(f.contraction).toBe(300_000 + 160_000);
    expect(f.churn).toBe(600_000);
    expect(f.startingArr - f.contraction - f.churn + f.expansion).toBe(f.endingArr);
    expect(f.nrr).toBeCloseTo(3_340_000 / 4_100_000, 12);
    // Σ min(E, S): 1,200,000 + 1,200,000 + 0 + 640,000.
    expect(f.grr).toBeCloseTo(3_040_000 / 4_100_000, 12);
    expect(f.logos).toEqual({ start: 4, churned: 1 });
    expect(f.churnByReason).toEqual([{ reason: "budget", arr: 600_000, logos: 1 }]);
    expect(f.accounts.map((a) => a.accountId)).toEqual([1, 2, 3, 4]);
  });

  it("never shows a rate move as contraction: both ends convert at the rate in force at the end", () => {
    const flat: RetentionAccount[] = [{ accountId: 1, movements: [move("2024-06-01", "new", usd(1_000_000))] }];
    const result = retention(flat, "2026-04-01", "2026-06-30", END_OF_Q1, "JPY");
    expect(result.ok && result.figures).toMatchObject({ startingArr: 1_500_000, endingArr: 1_500_000, contraction: 0, nrr: 1, grr: 1 });
  });

  it("has no ratios without a cohort", () => {
    const result = retention([ACCOUNTS[4]], "2026-04-01", "2026-06-30", END_OF_Q1, "JPY");
    expect(result.ok && result.figures).toMatchObject({ startingArr: 0, nrr: null, grr: null, logos: { start: 0, churned: 0 } });
  });

  it("names the currency with no rate in force instead of guessing", () => {
    const noEuro = factorsInForce(RATES.slice(0, 2), "JPY", "2026-06-30");
    expect(retention(ACCOUNTS, "2026-04-01", "2026-06-30", noEuro, "JPY")).toEqual({ ok: false, missingCurrencies: ["EUR"] });
  });

  it("reads ARR at the start and at the end of a day", () => {
    const movements = ACCOUNTS[0].movements;
    expect(arrAtStartOf(movements, "2026-05-01")).toEqual(jpy(1_200_000));
    expect(arrAtEndOf(movements, "2026-05-01")).toEqual(jpy(1_500_000));
    expect(arrAtStartOf(movements, "2025-01-10")).toBeNull();
  });
});

describe("fiscal periods", () => {
  it("counts quarters and years from the fiscal year's first month", () => {
    expect(periodContaining("quarter", "2026-05-15", 4)).toEqual({ kind: "quarter", from: "2026-04-01", to: "2026-06-30", label: "FY2026 Q1" });
    expect(periodContaining("quarter", "2027-02-10", 4)).toEqual({ kind: "quarter", from: "2027-01-01", to: "2027-03-31", label: "FY2026 Q4" });
    expect(periodContaining("year", "2027-02-10", 4)).toEqual({ kind: "year", from: "2026-04-01", to: "2027-03-31", label: "FY2026" });
    expect(periodContaining("quarter", "2026-11-30", 1)).toEqual({ kind: "quarter", from: "2026-10-01", to: "2026-12-31", label: "FY2026 Q4" });
    expect(periodContaining("month", "2024-02-10", 4)).toEqual({ kind: "month", from: "2024-02-01", to: "2024-02-29", label: "2024-02" });
  });

  it("lists the recent periods oldest first", () => {
    expect(recentPeriods("quarter", "2026-05-15", 4, 3).map((p) => `${p.label} ${p.from}..${p.to}`)).toEqual([
      "FY2025 Q3 2025-10-01..2025-12-31",
      "FY2025 Q4 2026-01-01..2026-03-31",
      "FY2026 Q1 2026-04-01..2026-06-30",
    ]);
  });
});
