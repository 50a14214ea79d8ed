import { describe, expect, it } from "vitest";
import type { Language } from "../locales";
import { followUpDueAt, isCaseOverdue, needsFollowUpCase, nextStatuses, replyParagraphs, transitionCase, type TransitionResult } from "./case-workflow";
import { errorMessage } from "./service-error";

const perCurrency = { JPY: 1_000_000, USD: 10_000_00 };
const thresholds = { reporting: null, perCurrency };
const inYen = { reporting: 1_000_000, perCurrency };
const money = (amount: number, currency: string, reporting: number | null = null) => ({ amount, currency, reporting });

describe("needsFollowUpCase", () => {
  it("opens a case for every high- and low-touch detractor, whatever the ACV", () => {
    expect(needsFollowUpCase("high", money(0, "JPY"), thresholds)).toBe(true);
    expect(needsFollowUpCase("low", money(1, "XXX"), inYen)).toBe(true);
  });

  it("holds tech touch to one threshold in the reporting currency when the account's ACV converts", () => {
    // $5,000 is under the USD threshold of $10,000, but ¥1,500,000 at ¥300/$ reaches ¥1,000,000.
    expect(needsFollowUpCase("tech", money(5_000_00, "USD", 1_500_000), inYen)).toBe(true);
    // $10,000 reaches the USD threshold, but ¥900,000 at ¥90/$ does not reach ¥1,000,000.
    expect(needsFollowUpCase("tech", money(10_000_00, "USD", 900_000), inYen)).toBe(false);
    expect(needsFollowUpCase("tech", money(999_999, "JPY", 999_999), inYen)).toBe(false);
    expect(needsFollowUpCase("tech", money(1_000_000, "JPY", 1_000_000), inYen)).toBe(true);
  });

  it("falls back to the currency's own threshold for a currency with no rate in force", () => {
    expect(needsFollowUpCase("tech", money(10_000_00, "USD", null), inYen)).toBe(true);
    expect(needsFollowUpCase("tech", money(9_999_99, "USD", null), inYen)).toBe(false);
  });

  it("opens one for tech touch only at or above the currency's threshold when there is no reporting threshold", () => {
    expect(needsFollowUpCase("tech", money(999_999, "JPY", 999_999), thresholds)).toBe(false);
    expect(needsFollowUpCase("tech", money(1_000_000, "JPY"), thresholds)).toBe(true);
    expect(needsFollowUpCase("tech", money(10_000_00, "USD", 1), thresholds)).toBe(true);
  });

  it("opens none for tech touch in a currency with neither a rate nor a threshold", () => {
    expect(needsFollowUpCase("tech", money(10 ** 12, "EUR"), inYen)).toBe(false);
    expect(needsFollowUpCase("tech", money(10 ** 12, "constructor"), thresholds)).toBe(false);
  });
});

/** A refusal as the reader sees it: the workflow gives a code, never an English sentence. */
function worded(result: TransitionResult, language: Language = "en"): string | null {
  return result.ok ? null : errorMessage(result.code, result.params, language);
}

describe("transitionCase", () => {
  it("allows open → contacted → resolved, with an optional note on resolving", () => {
    expect(transitionCase("open", "contacted", null)).toEqual({ ok: true, to: "contacted", closeReason: null, closed: false, reopened: false });
    expect(transitionCase("contacted", "resolved", "  Fixed the export  ")).toEqual({
      ok: true,
      to: "resolved",
      closeReason: "Fixed the export",
      closed: true,
      reopened: false,
    });
    expect(transitionCase("contacted", "resolved", "")).toMatchObject({ ok: true, closeReason: null });
  });

  it("needs a reason for won't fix, from open or contacted", () => {
    expect(worded(transitionCase("open", "wont_fix", "  "))).toBe("Say why the case will not be fixed.");
    expect(worded(transitionCase("open", "wont_fix", "  "), "ja")).toBe("対応しない理由を入力してください。");
    expect(transitionCase("open", "wont_fix", "Churned already")).toMatchObject({ ok: true, closeReason: "Churned already", closed: true });
    expect(transitionCase("contacted", "wont_fix", "Out of scope")).toMatchObject({ ok: true, closed: true });
  });

  it("reopens a closed case and clears its reason", () => {
    expect(transitionCase("resolved", "open", null)).toEqual({ ok: true, to: "open", closeReason: null, closed: false, reopened: true });
    expect(transitionCase("wont_fix", "open", "ignored")).toMatchObject({ ok: true, closeReason: null, reopened: true });
  });

  it("refuses skipping contact, moving a closed case sideways, going back, and no-op changes", () => {
    expect(worded(transitionCase("open", "resolved", null))).toBe("An open case can become contacted or won't fix.");
    expect(worded(transitionCase("open", "resolved", null), "ja")).toBe("未対応のケースは「連絡済み」か「対応しない」にのみ変更できます。");
    expect(worded(transitionCase("wont_fix", "resolved", null), "ja")).toBe("「対応しない」のケースは再オープンのみできます。");
    expect(transitionCase("resolved", "wont_fix", "x").ok).toBe(false);
    expect(transitionCase("wont_fix", "resolved", null).ok).toBe(false);
    expect(transitionCase("contacted", "open", null).ok).toBe(false);
    expect(worded(transitionCase("open", "open", null))).toBe("The case is already open.");
    expect(worded(transitionCase("contacted", "contacted", null), "ja")).toBe("このケースはすでに「連絡済み」です。");
  });

  it("refuses an overlong reason", () => {
    expect(worded(transitionCase("open", "wont_fix", "x".repeat(2001)), "ja")).toBe("理由は 2000 文字以内で入力してください。");
  });

  it("lists the next statuses for the form", () => {
    expect(nextStatuses("open")).toEqual(["contacted", "wont_fix"]);
    expect(nextStatuses("resolved")).toEqual(["open"]);
  });
});

describe("followUpDueAt and isCaseOverdue", () => {
  it("counts business days in the team's zone, skipping the weekend and holidays", () => {
    // Friday 2026-01-09 15:00 in Tokyo + 2 business days, Monday 12th a holiday → Wednesday 14th 15:00.
    const friday = Date.parse("2026-01-09T06:00:00Z");
    expect(new Date(followUpDueAt(friday, { slaBusinessDays: 2, timeZone: "Asia/Tokyo", holidays: ["2026-01-12"] })).toISOString()).toBe(
      "2026-01-14T06:00:00.000Z",
    );
    expect(new Date(followUpDueAt(friday, { slaBusinessDays: 2, timeZone: "UTC", holidays: [] })).toISOString()).toBe("2026-01-13T06:00:00.000Z");
  });

  it("is overdue only while the case is active and past its due time", () => {
    expect(isCaseOverdue("open", 1000, 1001)).toBe(true);
    expect(isCaseOverdue("contacted", 1000, 1000)).toBe(false);
    expect(isCaseOverdue("resolved", 1000, 5000)).toBe(false);
    expect(isCaseOverdue("wont_fix", 1000, 5000)).toBe(false);
  });
});

describe("replyParagraphs", () => {
  it("splits at blank lines, keeps single breaks, drops empty paragraphs", () => {
    expect(replyParagraphs("Hello,\r\n\r\nThanks for\nthe note.\n\n\n  \nBest")).toEqual(["Hello,", "Thanks for\nthe note.", "Best"]);
    expect(replyParagraphs("   ")).toEqual([]);
  });
});
