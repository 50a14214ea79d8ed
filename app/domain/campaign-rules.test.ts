import { describe, expect, it } from "vitest";
import {
  CampaignRules,
  DAY_MS,
  dripDays,
  dripDueAt,
  exclusionReason,
  isAccountTooNew,
  isReminderDue,
  isSampled,
  isThrottled,
  normalizeTargeting,
  responseRate,
  sampleBucket,
  type ReminderFacts,
} from "./campaign-rules";

const NOW = Date.UTC(2025, 5, 15, 12, 0, 0);
const RULES = { throttleDays: 90, minAccountAgeDays: 30 };
const eligible = { unsubscribedAt: null, suppressed: false, lastInvitedAt: null, accountStartDate: "2024-01-01" };

describe("throttle window", () => {
  it("excludes a contact invited less than N days ago and lets one invited exactly N days ago through", () => {
    expect(isThrottled(NOW - 89 * DAY_MS, NOW, 90)).toBe(true);
    expect(isThrottled(NOW - 90 * DAY_MS + 1, NOW, 90)).toBe(true);
    expect(isThrottled(NOW - 90 * DAY_MS, NOW, 90)).toBe(false);
    expect(isThrottled(NOW - 200 * DAY_MS, NOW, 90)).toBe(false);
    expect(isThrottled(null, NOW, 90)).toBe(false);
  });
  it("never excludes with a throttle of 0 days", () => {
    expect(isThrottled(NOW - 1, NOW, 0)).toBe(false);
  });
});

describe("minimum account age", () => {
  it("counts calendar days: 30 days old is eligible, 29 is too new", () => {
    expect(isAccountTooNew("2025-05-16", NOW, 30)).toBe(false);
    expect(isAccountTooNew("2025-05-17", NOW, 30)).toBe(true);
    expect(isAccountTooNew("2025-06-15", NOW, 0)).toBe(false);
    expect(isAccountTooNew("2025-06-16", NOW, 0)).toBe(true);
  });
});

describe("exclusion reasons", () => {
  it("invites an eligible contact", () => {
    expect(exclusionReason(eligible, RULES, NOW)).toBeNull();
  });
  it("names the first rule that applies, in a fixed order", () => {
    const everything = { unsubscribedAt: NOW - 1, suppressed: true, lastInvitedAt: NOW - DAY_MS, accountStartDate: "2025-06-10" };
    expect(exclusionReason(everything, RULES, NOW)).toBe("unsubscribed");
    expect(exclusionReason({ ...everything, unsubscribedAt: null }, RULES, NOW)).toBe("suppressed");
    expect(exclusionReason({ ...everything, unsubscribedAt: null, suppressed: false }, RULES, NOW)).toBe("throttled");
    expect(exclusionReason({ ...eligible, accountStartDate: "2025-06-10" }, RULES, NOW)).toBe("tooNew");
  });
});

describe("sampling", () => {
  it("is deterministic: the same campaign and contact always give the same answer", () => {
    for (let id = 1; id < 500; id++) {
      expect(sampleBucket(7, id)).toBe(sampleBucket(7, id));
      expect(isSampled(7, id, 30)).toBe(isSampled(7, id, 30));
    }
  });
  it("keeps close to the percentage asked for", () => {
    for (const percent of [1, 10, 50, 90]) {
      let kept = 0;
      for (let id = 1; id <= 20_000; id++) if (isSampled(42, id, percent)) kept++;
      expect(Math.abs(kept / 20_000 - percent / 100), `${percent} %`).toBeLessThan(0.01);
    }
  });
  it("keeps everyone without sampling or at 100 %, and draws a different sample per campaign", () => {
    expect(isSampled(1, 1, null)).toBe(true);
    expect(isSampled(1, 1, 100)).toBe(true);
    const a = Array.from({ length: 200 }, (_, i) => isSampled(1, i, 50));
    const b = Array.from({ length: 200 }, (_, i) => isSampled(2, i, 50));
    expect(a).not.toEqual(b);
  });
  it("nests: a contact in a 20 % sample is also in the 50 % sample", () => {
    for (let id = 1; id < 2000; id++) if (isSampled(3, id, 20)) expect(isSampled(3, id, 50)).toBe(true);
  });
});

describe("daily cap drip", () => {
  it("spreads recipients over days, cap per day", () => {
    const start = NOW;
    expect(dripDueAt(start, 0, 100)).toBe(start);
    expect(dripDueAt(start, 99, 100)).toBe(start);
    expect(dripDueAt(start, 100, 100)).toBe(start + DAY_MS);
    expect(dripDueAt(start, 250, 100)).toBe(start + 2 * DAY_MS);
    expect(dripDueAt(start, 100_000, null)).toBe(start);
    expect(dripDays(250, 100)).toBe(3);
    expect(dripDays(200, 100)).toBe(2);
    expect(dripDays(0, 100)).toBe(1);
    expect(dripDays(5000, null)).toBe(1);
  });
});

describe("reminder eligibility", () => {
  const sent: ReminderFacts = {
    status: "delivered",
    sentAt: NOW - 3 * DAY_MS,
    answeredAt: null,
    remindedAt: null,
    contactUnsubscribedAt: null,
    suppressed: false,
  };
  const campaign = { status: "sent", reminderAfterDays: 3 };
  it("reminds a non-responder N days after the first email", () => {
    expect(isReminderDue(sent, campaign, NOW)).toBe(true);
    expect(isReminderDue({ ...sent, status: "sent" }, campaign, NOW)).toBe(true);
    expect(isReminderDue({ ...sent, sentAt: NOW - 3 * DAY_MS + 1 }, campaign, NOW)).toBe(false);
  });
  it("never reminds after an answer", () => {
    expect(isReminderDue({ ...sent, answeredAt: NOW - DAY_MS }, campaign, NOW)).toBe(false);
  });
  it("reminds once only", () => {
    expect(isReminderDue({ ...sent, remindedAt: NOW - DAY_MS }, campaign, NOW)).toBe(false);
  });
  it("skips bounced, complained, failed, unsent, unsubscribed and suppressed contacts", () => {
    for (const status of ["bounced", "complained", "failed", "pending", "queued", "cancelled"])
      expect(isReminderDue({ ...sent, status }, campaign, NOW), status).toBe(false);
    expect(isReminderDue({ ...sent, contactUnsubscribedAt: NOW - 1 }, campaign, NOW)).toBe(false);
    expect(isReminderDue({ ...sent, suppressed: true }, campaign, NOW)).toBe(false);
    expect(isReminderDue({ ...sent, sentAt: null }, campaign, NOW)).toBe(false);
  });
  it("stops when the wave is cancelled or closed, or has no reminder", () => {
    expect(isReminderDue(sent, { ...campaign, status: "cancelled" }, NOW)).toBe(false);
    expect(isReminderDue(sent, { ...campaign, status: "closed" }, NOW)).toBe(false);
    expect(isReminderDue(sent, { ...campaign, reminderAfterDays: null }, NOW)).toBe(false);
    expect(isReminderDue(sent, { ...campaign, status: "scheduled" }, NOW)).toBe(false);
    expect(isReminderDue(sent, { ...campaign, status: "sending" }, NOW)).toBe(true);
  });
  it("counts an email the outbox handed over (local delivery, no webhook yet) from its hand-over", () => {
    const queued = { ...sent, status: "queued", sentAt: null };
    expect(isReminderDue({ ...queued, outboxStatus: "local", outboxSentAt: NOW - 3 * DAY_MS }, campaign, NOW)).toBe(true);
    expect(isReminderDue({ ...queued, outboxStatus: "sent", outboxSentAt: NOW - 3 * DAY_MS + 1 }, campaign, NOW)).toBe(false);
    expect(isReminderDue({ ...queued, outboxStatus: "dead", outboxSentAt: NOW - 9 * DAY_MS }, campaign, NOW)).toBe(false);
  });
});

describe("rule and targeting input", () => {
  it("refuses a sample of 0 or 101 and a daily cap of 0", () => {
    const base = { throttleDays: 90, minAccountAgeDays: 30, samplePercent: null, dailyCap: null, reminderAfterDays: 3 };
    expect(CampaignRules.safeParse(base).success).toBe(true);
    expect(CampaignRules.safeParse({ ...base, samplePercent: 0 }).success).toBe(false);
    expect(CampaignRules.safeParse({ ...base, samplePercent: 101 }).success).toBe(false);
    expect(CampaignRules.safeParse({ ...base, dailyCap: 0 }).success).toBe(false);
  });
  it("drops empty lists and duplicates from targeting", () => {
    expect(normalizeTargeting({ segments: ["high", "high"], stages: [], locales: undefined })).toEqual({ segments: ["high"] });
  });
  it("computes a response rate with one decimal", () => {
    expect(responseRate(1, 3)).toBe(33.3);
    expect(responseRate(0, 0)).toBeNull();
  });
});
