import { z } from "zod";
import type { TrustLevel } from "../../db/schema/community";
import { fieldMessage } from "./field-message";

/*
 * The console's community pages, written down: how long a question may wait before it joins the
 * support queue, what the members list filters and sorts by, and how weeks are counted for the
 * statistics (Monday 00:00 UTC, as the activity aggregate of migration 0021 stores them).
 */

/** The trust levels in the order members climb them (the schema's `TRUST_LEVELS`). */
export const TRUST_LEVEL_ORDER = ["new", "basic", "member", "regular"] as const satisfies readonly TrustLevel[];

export const DAY_MS = 86_400_000;
export const WEEK_MS = 7 * DAY_MS;

/** The stored setting: a question nobody but its asker has answered for this long joins the queue. */
export const CommunityQueueSettings = z.object({
  unansweredAfterHours: z
    .number()
    .int()
    .min(1)
    .max(24 * 30),
});
export type CommunityQueueSettings = z.infer<typeof CommunityQueueSettings>;
export const DEFAULT_COMMUNITY_QUEUE_SETTINGS: CommunityQueueSettings = { unansweredAfterHours: 24 };

const QUEUE_HOURS = fieldMessage("communityUnansweredHours", { min: 1, max: 720 });
/**
 * The admin's form for it (`/cs/community/settings`, `intent=queue`): whole hours, 1 to 720 (30
 * days). The same hours decide when a CSM is alerted of their account's unanswered question.
 */
export const CommunityQueueForm = z.object({
  intent: z.literal("queue"),
  unansweredAfterHours: z.preprocess(
    // An empty field is a missing number, not 0.
    (v) => (typeof v === "string" && v.trim() === "" ? undefined : v),
    z.coerce
      .number({ error: QUEUE_HOURS })
      .int(QUEUE_HOURS)
      .min(1, QUEUE_HOURS)
      .max(24 * 30, QUEUE_HOURS),
  ),
});

const HOURS = "1–720";
export const UnansweredParams = z.object({
  hours: z.coerce.number({ error: HOURS }).int(HOURS).min(1, HOURS).max(720, HOURS).optional(),
});

/** How long a question has waited, as the queue shows it: hours under two days, then whole days. */
export function waitingFor(createdAt: number, now: number): { unit: "hours" | "days"; n: number } {
  const hours = Math.max(0, Math.floor((now - createdAt) / 3_600_000));
  return hours < 48 ? { unit: "hours", n: hours } : { unit: "days", n: Math.floor(hours / 24) };
}

export const MEMBER_SORTS = ["name", "topics", "replies", "accepted", "likes", "lastPosted", "lastSeen"] as const;
export type MemberSort = (typeof MEMBER_SORTS)[number];
/** Names read A→Z; every count and date reads largest or newest first. */
export const MEMBER_SORT_DEFAULT_DIR: Record<MemberSort, "asc" | "desc"> = {
  name: "asc",
  topics: "desc",
  replies: "desc",
  accepted: "desc",
  likes: "desc",
  lastPosted: "desc",
  lastSeen: "desc",
};

/** "Seen within N days" or "not seen for N days" (never seen counts as not seen). */
export const LAST_SEEN_FILTERS = ["within-7", "within-30", "within-90", "over-30", "over-90"] as const;
export type LastSeenFilter = (typeof LAST_SEEN_FILTERS)[number];

export function lastSeenFilter(filter: LastSeenFilter): { within: boolean; days: number } {
  const [kind, days] = filter.split("-");
  return { within: kind === "within", days: Number(days) };
}

const PAGE_NUMBERS = "1–1,000,000";
export const MemberListParams = z.object({
  account: z.string().trim().max(200, "≤ 200").optional(),
  segment: z.enum(["high", "low", "tech", "staff"], "high | low | tech | staff").optional(),
  trust: z.enum(TRUST_LEVEL_ORDER, TRUST_LEVEL_ORDER.join(" | ")).optional(),
  seen: z.enum(LAST_SEEN_FILTERS, LAST_SEEN_FILTERS.join(" | ")).optional(),
  sort: z.enum(MEMBER_SORTS, MEMBER_SORTS.join(" | ")).default("lastPosted"),
  dir: z.enum(["asc", "desc"], "asc | desc").optional(),
  page: z.coerce.number({ error: PAGE_NUMBERS }).int(PAGE_NUMBERS).min(1, PAGE_NUMBERS).max(1_000_000, PAGE_NUMBERS).default(1),
});
export type MemberListParams = z.output<typeof MemberListParams>;

/** Monday 00:00 UTC of the week holding `at` (the same arithmetic as the SQL triggers). */
export function weekStart(at: number): number {
  const day = Math.floor(at / DAY_MS);
  return (day - ((((day + 3) % 7) + 7) % 7)) * DAY_MS;
}

/** The `count` week starts ending with the week holding `now`, oldest first. */
export function lastWeeks(now: number, count: number): number[] {
  const current = weekStart(now);
  return Array.from({ length: count }, (_, i) => current - (count - 1 - i) * WEEK_MS);
}

export const STATS_WEEKS = 12;
