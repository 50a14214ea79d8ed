import { describe, expect, it } from "vitest";
import {
  buildAdminDigest,
  commentExcerpt,
  digestHasNews,
  digestNpsWeeks,
  rankDetractors,
  type AdminDigestInput,
  type DigestDetractorRow,
} from "./admin-digest";

const AT = Date.parse("2026-11-24T08:00:00Z");
const counts = (byScore: Record<number, number>) => Array.from({ length: 11 }, (_, score) => byScore[score] ?? 0);

let id = 0;
function detractor(overrides: Partial<DigestDetractorRow> = {}): DigestDetractorRow {
  id += 1;
  return {
    responseId: id,
    score: 4,
    comment: null,
    answeredAt: AT - 3_600_000,
    contactName: `Contact ${id}`,
    contactEmail: `c${id}@example.com`,
    accountId: 100 + id,
    accountName: `Account ${id}`,
    segment: "low",
    acvAmount: 1_000_000,
    acvCurrency: "USD",
    acvReportingMinor: 1_500_000,
    caseId: null,
    ...overrides,
  };
}

const input = (overrides: Partial<AdminDigestInput> = {}): AdminDigestInput => ({
  day: "2026-11-24",
  at: AT,
  appUrl: "https://kizuna.example",
  reportingCurrency: "JPY",
  detractors: [],
  overdueCases: [],
  overdueCount: 0,
  currentWeek: counts({}),
  previousWeek: counts({}),
  ...overrides,
});

describe("rankDetractors", () => {
  it("ranks by the ACV in the reporting currency: ¥10,000,000 above $50,000 (¥7,500,000 at ¥150/$), whatever the raw minor units say", () => {
    const yen = detractor({ segment: "high", acvAmount: 10_000_000, acvCurrency: "JPY", acvReportingMinor: 10_000_000 });
    const dollars = detractor({ segment: "high", acvAmount: 5_000_000, acvCurrency: "USD", acvReportingMinor: 7_500_000 });
    expect(rankDetractors([dollars, yen]).map((d) => d.responseId)).toEqual([yen.responseId, dollars.responseId]);
  });
  it("puts a currency without a rate after every converted amount, then the segment, the lower score and the newest", () => {
    const noRateHigh = detractor({ segment: "high", acvAmount: 99_000_000, acvCurrency: "GBP", acvReportingMinor: null });
    const noRateTech = detractor({ segment: "tech", acvAmount: 99_000_000, acvCurrency: "GBP", acvReportingMinor: null });
    const small = detractor({ segment: "tech", acvAmount: 100, acvCurrency: "JPY", acvReportingMinor: 100 });
    const big = detractor({ acvReportingMinor: 3_000_000 });
    const bigLowerScore = detractor({ acvReportingMinor: 3_000_000, score: 1 });
    const bigNewer = detractor({ acvReportingMinor: 3_000_000, score: 1, answeredAt: AT - 1000 });
    expect(rankDetractors([noRateTech, small, noRateHigh, big, bigLowerScore, bigNewer]).map((d) => d.responseId)).toEqual([
      bigNewer.responseId,
      bigLowerScore.responseId,
      big.responseId,
      small.responseId,
      noRateHigh.responseId,
      noRateTech.responseId,
    ]);
  });
  it("shows the original ACV with the converted one, or says there is no rate", () => {
    const digest = buildAdminDigest(
      input({
        detractors: [
          detractor({ acvAmount: 5_000_000, acvReportingMinor: 7_500_000 }),
          detractor({ acvAmount: 100_00, acvCurrency: "GBP", acvReportingMinor: null }),
        ],
      }),
    );
    expect(digest.newDetractors.top.map((d) => d.acv)).toEqual(["$50,000 (¥7,500,000)", "£100 (no rate)"]);
  });
});

describe("commentExcerpt", () => {
  it("flattens whitespace and cuts long comments at a word, or at the limit for Japanese", () => {
    expect(commentExcerpt(null)).toBeNull();
    expect(commentExcerpt("  \n ")).toBeNull();
    expect(commentExcerpt("Too\n\nslow   exports")).toBe("Too slow exports");
    expect(commentExcerpt("word ".repeat(50), 20)).toBe("word word word word…");
    expect(commentExcerpt("遅".repeat(30), 10)).toBe(`${"遅".repeat(10)}…`);
  });
});

describe("digestNpsWeeks", () => {
  it("is the 7 complete team days before the digest's day and the 7 before those", () => {
    expect(digestNpsWeeks("2026-11-24")).toEqual({ current: { from: "2026-11-17", to: "2026-11-23" }, previous: { from: "2026-11-10", to: "2026-11-16" } });
    // Tokyo's digest of 7 December goes out at 2026-12-06T23:00Z: its week ends on the 6th, Tokyo's yesterday.
    expect(digestNpsWeeks("2026-12-07").current).toEqual({ from: "2026-11-30", to: "2026-12-06" });
  });
});

describe("buildAdminDigest", () => {
  it("counts every new detractor, lists the top 10 by stake with links to the case or the account", () => {
    const rows = Array.from({ length: 12 }, (_, i) =>
      detractor({ acvAmount: (i + 1) * 100_000, acvReportingMinor: (i + 1) * 150_000, comment: i === 11 ? "Exports   time out" : null }),
    );
    rows[11].caseId = 77;
    const digest = buildAdminDigest(input({ detractors: rows }));
    expect(digest.newDetractors.count).toBe(12);
    expect(digest.newDetractors.top).toHaveLength(10);
    expect(digest.newDetractors.top[0]).toEqual({
      score: 4,
      who: `${rows[11].contactName} <${rows[11].contactEmail}>`,
      accountName: rows[11].accountName,
      acv: "$12,000 (¥1,800,000)",
      segment: "low",
      excerpt: "Exports time out",
      url: "https://kizuna.example/cs/cases/77",
    });
    expect(digest.newDetractors.top[1].url).toBe(`https://kizuna.example/cs/accounts/${rows[10].accountId}`);
  });

  it("lists overdue cases with whole days overdue, and keeps the total count", () => {
    const digest = buildAdminDigest(
      input({
        overdueCount: 14,
        overdueCases: [
          { caseId: 5, dueAt: AT - 3.5 * 86_400_000, score: 2, contactName: null, contactEmail: "ken@example.jp", accountName: "Fuji", ownerName: "Yuki" },
          { caseId: 6, dueAt: AT - 3_600_000, score: 5, contactName: "Sam", contactEmail: "sam@example.com", accountName: "North", ownerName: null },
        ],
      }),
    );
    expect(digest.overdueCases).toEqual({
      count: 14,
      top: [
        { who: "ken@example.jp", accountName: "Fuji", owner: "Yuki", score: 2, daysOverdue: 3, url: "https://kizuna.example/cs/cases/5" },
        { who: "Sam <sam@example.com>", accountName: "North", owner: null, score: 5, daysOverdue: 0, url: "https://kizuna.example/cs/cases/6" },
      ],
    });
  });

  it("compares NPS week on week with significance", () => {
    const big = buildAdminDigest(input({ currentWeek: counts({ 10: 90, 0: 10 }), previousWeek: counts({ 10: 10, 0: 90 }) }));
    expect(big.nps).toMatchObject({ current: { nps: 80, n: 100 }, previous: { nps: -80, n: 100 }, delta: 160, significant: true });
    const noise = buildAdminDigest(input({ currentWeek: counts({ 10: 3, 0: 2 }), previousWeek: counts({ 10: 2, 0: 3 }) }));
    expect(noise.nps).toMatchObject({ delta: 40, significant: false });
    const empty = buildAdminDigest(input({ currentWeek: counts({ 9: 1 }) }));
    expect(empty.nps).toMatchObject({ current: { nps: 100, n: 1 }, previous: { nps: null, margin: null, n: 0 }, delta: null, significant: false });
  });
});

describe("digestHasNews", () => {
  it("is false only when there is nothing at all: no detractor, no overdue case, no response in either week", () => {
    expect(digestHasNews(buildAdminDigest(input()))).toBe(false);
    expect(digestHasNews(buildAdminDigest(input({ detractors: [detractor()] })))).toBe(true);
    expect(digestHasNews(buildAdminDigest(input({ overdueCount: 1 })))).toBe(true);
    expect(digestHasNews(buildAdminDigest(input({ previousWeek: counts({ 8: 1 }) })))).toBe(true);
  });

  it("goes out for a backup problem alone (failed, older than 36 hours, or none yet), not for backups in order", () => {
    const ok = { state: "ok" as const, lastSuccessAt: AT - 5 * 3_600_000, ageHours: 5, bytes: 1024 };
    expect(digestHasNews(buildAdminDigest(input({ backup: ok })))).toBe(false);
    expect(digestHasNews(buildAdminDigest(input({ backup: { ...ok, state: "stale", ageHours: 40 } })))).toBe(true);
    expect(digestHasNews(buildAdminDigest(input({ backup: { state: "never" } })))).toBe(true);
    const failed = { state: "failed" as const, reason: "ENOSPC", failedAt: AT - 3_600_000, lastSuccessAt: null, ageHours: null };
    expect(digestHasNews(buildAdminDigest(input({ backup: failed })))).toBe(true);
    expect(buildAdminDigest(input({ backup: failed })).backup).toEqual(failed);
    expect(buildAdminDigest(input()).backup).toBeNull();
  });
});
